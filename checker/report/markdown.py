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
    effective,
    lang_of,
    message,
    problem_where,
    project_label,
    remedy,
    shown,
    title,
    trace,
    uri,
    where,
)
from checker.report.model import VERDICT_ORDER, ProjectReport, ordered, summarise
from checker.report.templating import render_template

ICONS = {"fail": "❌", "insufficient_data": "⚠️", "waived": "🔕", "pass": "✅",
         "not_applicable": "➖", "error": "⛔", "incomplete": "⚠️"}


LIMIT = 65_536  # characters GitHub keeps of a pull-request comment


def render(reports: list[ProjectReport], context: RenderContext) -> str:
    """The report, within GitHub's limit: where it would be longer, the last projects' details
    (projects come failures first) are left out and a note says how many and where to look;
    where the summary alone is longer, its locations are shown as text rather than as links."""
    lang = lang_of(context.lang)
    summary = summarise(reports)
    ordered_reports = sorted(reports, key=lambda r: (VERDICT_ORDER[r.verdict], r.file))
    values = dict(
        w=WORDS[lang], outcome_words=OUTCOMES[lang], verdict_words=VERDICTS[lang], icons=ICONS,
        context=context, summary=summary, limit=f"{LIMIT:,}",
        cite=lambda citation: cite(citation, lang),
        overall=min(summary.verdicts, key=lambda v: VERDICT_ORDER[v]) if reports else "pass",
        projects=[_project(r, lang) for r in ordered_reports],
        failures=[{"project": r.id or shown(r.file), "rule": f.rule, "title": title(f, lang),
                   "message": message(f, lang), "where": where(r.file, f.line),
                   "at": at(r.file, f.line)}
                  for r, f in summary.binding_failures],
    )
    values.update(rows=len(ordered_reports), failing=len(summary.binding_failures))
    detailed = len(ordered_reports)
    text = disarm_lines(render_template("report.md.j2", detailed=detailed, links=True, **values))
    while len(text) > LIMIT and detailed > 0:
        # shrink in proportion to the excess (few renders), at least one project a time
        detailed = min(detailed - 1, detailed * LIMIT // len(text))
        text = disarm_lines(render_template("report.md.j2", detailed=detailed, links=True,
                                            **values))
    if len(text) > LIMIT:  # the summary alone is too long: its file names as text, not links
        text = disarm_lines(render_template("report.md.j2", detailed=0, links=False, **values))
    rows, failing = len(ordered_reports), len(summary.binding_failures)
    while len(text) > LIMIT and (rows or failing):
        # still too long (thousands of projects): the table and the failure list are cut too,
        # failures first in both, each with a note of how many are left out
        rows = min(rows - 1, rows * LIMIT // len(text)) if rows else 0
        failing = min(failing - 1, failing * LIMIT // len(text)) if failing else 0
        values.update(rows=rows, failing=failing)
        text = disarm_lines(render_template("report.md.j2", detailed=0, links=False, **values))
    return text


def _project(report: ProjectReport, lang: str) -> dict[str, Any]:
    return {
        "r": report, "file": shown(report.file),
        "label": project_label(report),
        "counts": report.counts(),
        "errors": [{"where": problem_where(report.file, p), "message": p.text(lang),
                    "at": at(report.file, None if p.cell else p.line,
                             problem_where(report.file, p))}
                   for p in report.errors],
        "findings": [{"f": f, "title": title(f, lang), "message": message(f, lang),
                      "source": cite(f.citation, lang), "where": where(report.file, f.line),
                      "at": at(report.file, f.line),
                      "remedy": remedy(f, lang), "effective": effective(f, lang),
                      "trace": trace(f, lang)}
                     for f in ordered(report.results)],
    }


def at(file: str, line: int | None, text: str | None = None) -> dict[str, str]:
    """Where something is in a project file: ``text`` (``path:line``) and, for a file inside
    the working directory, ``href``: a link to the line as GitHub shows a file
    (``path#Lline``, the path percent-encoded); no link for a file outside it."""
    target = uri(file)
    href = "" if target.startswith("file:") else f"{target}#L{line}" if line else target
    return {"text": where(file, line) if text is None else text, "href": href}
