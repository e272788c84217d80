"""One self-contained HTML file: inline CSS and SVG, no scripts, printable on A4."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.report import RenderContext
from checker.report.labels import (
    OUTCOMES,
    VERDICTS,
    WORDS,
    cite,
    lang_of,
    message,
    project_label,
    remedy,
    shown,
    title,
    where,
)
from checker.report.model import Finding, ProjectReport, ordered, summarise
from checker.report.templating import render_template

BAR_SPACE = Decimal(230)  # px available to the longer bar


def render(reports: list[ProjectReport], context: RenderContext) -> str:
    lang = lang_of(context.lang)
    projects = [_project(index, report, lang) for index, report in enumerate(reports, start=1)]
    anchors = {id(report): item["anchor"] for report, item in zip(reports, projects, strict=True)}
    summary = summarise(reports)
    failures = [
        {"anchor": f"{anchors[id(report)]}-{finding.rule}", "project": project_label(report),
         "rule": finding.rule, "title": title(finding, lang), "message": message(finding, lang)}
        for report, finding in summary.binding_failures
    ]
    return render_template(
        "report.html.j2", lang=lang, html_lang="zh-CN" if lang == "zh" else "en",
        w=WORDS[lang], outcome_words=OUTCOMES[lang], verdict_words=VERDICTS[lang],
        context=context, summary=summary, failures=failures, projects=projects,
        verdict_filters=[v for v in VERDICTS[lang] if v in summary.verdicts],
    )


def _project(index: int, report: ProjectReport, lang: str) -> dict[str, Any]:
    anchor = f"p{index}"
    findings = ordered(report.results)
    return {
        "anchor": anchor, "report": report, "label": project_label(report),
        "file": shown(report.file), "counts": report.counts(),
        "errors": [{"where": where(report.file, p.line), "field": p.field, "message": p.message}
                   for p in report.errors],
        "findings": [_finding(anchor, report, f, lang) for f in findings
                     if f.outcome != "not_applicable"],
        "not_applicable": [_finding(anchor, report, f, lang) for f in findings
                           if f.outcome == "not_applicable"],
    }


def _finding(anchor: str, report: ProjectReport, finding: Finding, lang: str) -> dict[str, Any]:
    return {
        "anchor": f"{anchor}-{finding.rule}", "f": finding, "title": title(finding, lang),
        "message": message(finding, lang), "source": cite(finding.citation),
        "where": where(report.file, finding.line), "chart": _chart(finding),
        "remedy": remedy(finding, lang),
        "changes": finding.remedy.changes if finding.remedy else (),
    }


def _chart(finding: Finding) -> dict[str, Any] | None:
    """Bar lengths for actual vs threshold, when both are numbers."""
    if finding.measured is None or finding.threshold is None:
        return None
    top = max(finding.measured, finding.threshold, Decimal(0))
    if top == 0:
        return None
    scale = BAR_SPACE / (top * Decimal("1.05"))
    return {
        "actual": _px(finding.measured * scale), "threshold": _px(finding.threshold * scale),
        "actual_text": finding.actual or "", "threshold_text": finding.required or "",
    }


def _px(value: Decimal) -> str:
    return str(max(value, Decimal(1)).quantize(Decimal("0.1")))
