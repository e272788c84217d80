"""Markdown: where a finding is, as a link to its line ([path:line](path#Lline)), the path
relative to the working directory and percent-encoded; no link to a file outside it."""

from __future__ import annotations

import dataclasses
import re

from checker.report import get_renderer
from checker.report.markdown import LIMIT, at
from tests.reports_support import PROJECTS, at_root, context, fixture_reports

LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def _markdown(reports, lang: str = "zh") -> str:
    with at_root():
        return get_renderer("markdown")(reports, context(lang))


def test_findings_and_input_errors_link_to_their_lines():
    text = _markdown(fixture_reports())
    links = dict((href, label) for label, href in LINK.findall(text))
    base = PROJECTS.as_posix()
    assert links[f"{base}/dc_new.yaml#L14"] == f"{base}/dc\\_new.yaml:14"  # label md-escaped
    assert links[f"{base}/dc_existing.yaml#L10"] == f"{base}/dc\\_existing.yaml:10"
    assert links[f"{base}/broken.yaml#L10"] == f"{base}/broken.yaml:10"
    # the binding failure in the summary list, and its calculation in the details
    assert text.count(f"]({base}/dc_new.yaml#L14)") == 2
    assert "<code>tests/fixtures/reports/projects/dc\\_new.yaml:14</code>" not in text


def test_a_path_with_blanks_and_hashes_is_percent_encoded_and_one_outside_is_not_linked():
    reports = fixture_reports()
    odd = [dataclasses.replace(r, file="my projects/dc#new (v2).yaml")
           if r.file.endswith("dc_new.yaml") else r for r in reports]
    text = _markdown(odd, "en")
    assert "[my projects/dc#new (v2).yaml:14](my%20projects/dc%23new%20%28v2%29.yaml#L14)" in text
    outside = [dataclasses.replace(r, file="/nowhere/dc_new.yaml")
               if r.file.endswith("dc_new.yaml") else r for r in reports]
    text = _markdown(outside, "en")
    assert "<code>/nowhere/dc\\_new.yaml:14</code>" in text and "file:" not in text
    assert at("/nowhere/x.yaml", 3) == {"text": "/nowhere/x.yaml:3", "href": ""}


def _deep(copies: int) -> list:
    return [dataclasses.replace(r, file=f"{'深层目录/' * 12}{index}-{r.file}")
            for index in range(copies) for r in fixture_reports()]


def test_links_are_counted_within_the_comment_limit():
    text = _markdown(_deep(20))  # details left out, the links kept
    assert len(text) <= LIMIT and "评论长度受限" in text and 0 < text.count("<details>") < 100
    assert "%E6%B7%B1" in text  # 深, percent-encoded in the link targets
    # where the summary alone would be too long with links, its locations are text
    text = _markdown(_deep(40))
    assert len(text) <= LIMIT and "评论长度受限" in text and "<details>" not in text
    assert LINK.search(text) is None and "<code>深层目录/" in text
