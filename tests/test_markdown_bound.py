"""The Markdown report fits a GitHub pull-request comment (65,536 characters)."""

from __future__ import annotations

import dataclasses

from checker.report import get_renderer
from checker.report.markdown import LIMIT
from tests.reports_support import context, fixture_reports


def batch(copies: int) -> list:
    reports = fixture_reports()
    return [dataclasses.replace(r, file=f"{index}-{r.file}", id=f"{r.id}-{index}" if r.id else None)
            for index in range(copies) for r in reports]


def test_a_small_report_is_whole():
    text = get_renderer("markdown")(fixture_reports(), context("zh"))
    assert len(text) <= LIMIT and "评论长度受限" not in text


def test_a_large_report_is_cut_to_the_limit_with_a_note_failures_first():
    reports = batch(60)
    whole = len(reports)
    for lang, note in (("zh", "评论长度受限"), ("en", "A comment holds")):
        text = get_renderer("markdown")(reports, context(lang))
        assert len(text) <= LIMIT
        assert note in text
        shown = text.count("<details>")
        assert 0 < shown < whole
        left = whole - shown
        assert f" {left} " in text.split(note)[1].split("\n")[0]
        # failures come first, so the details kept begin with a failing project
        first = text.split("<details><summary>")[1]
        assert "❌" in first.split("</summary>")[0] or "⛔" in first.split("</summary>")[0]


def test_thousands_of_projects_cut_the_table_and_the_failure_list_too():
    reports = batch(1500)  # the summary table alone would be far longer than a comment
    for lang, note in (("zh", "未列入上表"), ("en", "not in the table")):
        text = get_renderer("markdown")(reports, context(lang))
        assert len(text) <= LIMIT
        assert note in text and "<details>" not in text
        rows = text.count("\n| ") - 1  # the header row aside
        assert 0 < rows < len(reports)
        # the table begins with what needs attention: failures and errors before passes
        lines = text.splitlines()
        first = lines[next(i for i, line in enumerate(lines) if line.startswith("|---")) + 1]
        assert "❌" in first or "⛔" in first
