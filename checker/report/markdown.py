"""Markdown for a pull-request comment: compact, failures first, details folded away.

User text goes through the template's ``md`` filter (``escape.markdown``) and autoescape.
"""

from __future__ import annotations

from typing import Any

from checker.report import RenderContext
from checker.report.escape import disarm_lines
from checker.report.labels import (
    OUTCOMES,
    VERDICTS,
    WORDS,
    cite,
    lang_of,
    message,
    problem_where,
    project_label,
    remedy,
    shown,
    title,
    where,
)
from checker.report.model import VERDICT_ORDER, ProjectReport, ordered, summarise
from checker.report.templating import render_template

ICONS = {"fail": "❌", "insufficient_data": "⚠️", "waived": "🔕", "pass": "✅",
         "not_applicable": "➖", "error": "⛔", "incomplete": "⚠️"}


LIMIT = 65_536  # characters GitHub keeps of a pull-request comment


def render(reports: list[ProjectReport], context: RenderContext) -> str:
    """The report, within GitHub's limit: where it would be longer, the last projects' details
    (projects come failures first) are left out and a note says how many and where to look."""
    lang = lang_of(context.lang)
    summary = summarise(reports)
    ordered_reports = sorted(reports, key=lambda r: (VERDICT_ORDER[r.verdict], r.file))
    values = dict(
        w=WORDS[lang], outcome_words=OUTCOMES[lang], verdict_words=VERDICTS[lang], icons=ICONS,
        context=context, summary=summary, limit=f"{LIMIT:,}",
        overall=min(summary.verdicts, key=lambda v: VERDICT_ORDER[v]) if reports else "pass",
        projects=[_project(r, lang) for r in ordered_reports],
        failures=[{"project": r.id or shown(r.file), "rule": f.rule, "title": title(f, lang),
                   "message": message(f, lang), "where": where(r.file, f.line)}
                  for r, f in summary.binding_failures],
    )
    detailed = len(ordered_reports)
    text = disarm_lines(render_template("report.md.j2", detailed=detailed, **values))
    while len(text) > LIMIT and detailed > 0:
        # shrink in proportion to the excess (few renders), at least one project a time
        detailed = min(detailed - 1, detailed * LIMIT // len(text))
        text = disarm_lines(render_template("report.md.j2", detailed=detailed, **values))
    return text


def _project(report: ProjectReport, lang: str) -> dict[str, Any]:
    return {
        "r": report, "file": shown(report.file),
        "label": project_label(report),
        "counts": report.counts(),
        "errors": [{"where": problem_where(report.file, p), "message": p.text(lang)}
                   for p in report.errors],
        "findings": [{"f": f, "title": title(f, lang), "message": message(f, lang),
                      "source": cite(f.citation), "where": where(report.file, f.line),
                      "remedy": remedy(f, lang)}
                     for f in ordered(report.results)],
    }
