"""Plain text for a terminal: aligned columns measured in display width (CJK is two cells).

Colour only when the caller says so (standard output is a terminal); piped output is plain.
Every user string passes through ``escape.terminal`` (no control characters, no escapes).
"""

from __future__ import annotations

import unicodedata

from checker.messages import say
from checker.report import RenderContext
from checker.report.escape import disarm_lines, path_at_line_start, terminal
from checker.report.labels import (
    OUTCOMES,
    VERDICTS,
    WORDS,
    citations,
    decided_by,
    lang_of,
    message,
    quoted,
    remedy,
    shown,
    strength,
    where,
)
from checker.report.model import Finding, ProjectReport, ordered, summarise

MARKS = {"pass": "PASS", "fail": "FAIL", "not_applicable": "N/A", "insufficient_data": "DATA",
         "waived": "WAIVED"}
COLORS = {"pass": "32", "fail": "31", "insufficient_data": "33", "waived": "36",
          "not_applicable": "2", "error": "31;1", "incomplete": "33", "warn": "33"}
DETAILED = {"fail", "insufficient_data", "waived"}
INDENT = "    "


def width(text: str) -> int:
    """Terminal cells: wide and full-width characters take two, combining marks none."""
    cells = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in {"Mn", "Me", "Cf"}:
            continue
        cells += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return cells


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


class _Painter:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, key: str) -> str:
        return f"\x1b[{COLORS[key]}m{text}\x1b[0m" if self.enabled else text


def render(reports: list[ProjectReport], context: RenderContext) -> str:
    lang = lang_of(context.lang)
    paint = _Painter(context.color)
    marks = MARKS if lang == "en" else OUTCOMES["zh"]
    findings = [f for report in reports for f in report.results]
    columns = (
        max((width(marks[f.outcome]) for f in findings), default=0),
        max((width(strength(f, lang)) for f in findings), default=0),
        max((width(f.rule) for f in findings), default=0),
    )
    lines: list[str] = []
    for report in reports:
        lines.extend(_project(report, lang, marks, columns, paint, context.show_all))
        lines.append("")
    lines.extend(_summary(reports, lang, paint))
    lines.extend(_notices(context, lang))
    return disarm_lines("\n".join(lines) + "\n")


def _project(report: ProjectReport, lang: str, marks: dict[str, str],
             columns: tuple[int, int, int], paint: _Painter, show_all: bool = False) -> list[str]:
    verdict = paint(VERDICTS[lang][report.verdict].upper(), report.verdict)
    head = f"{path_at_line_start(terminal(shown(report.file)))}: {verdict}"
    if report.id or report.name:
        head += "  " + terminal(" ".join(p for p in (report.id, report.name) if p))
    lines = [head]
    basis = decided_by(report, lang)
    if basis:
        lines.append(f"  {WORDS[lang]['decided_by']}: {basis}")
    if report.derived_zones:
        lines.append(f"  {WORDS[lang]['derived_zones']}: {'、'.join(report.derived_zones)}")
    for problem in report.errors:
        lines.append(f"  {paint(WORDS[lang]['errors'], 'error')}  "
                     f"{terminal(problem.describe(shown(report.file), lang))}")
    shown_findings = [f for f in ordered(report.results) if show_all or f.outcome in DETAILED]
    for finding in shown_findings:
        lines.extend(_finding(report, finding, lang, marks, columns, paint))
    rest = _rest(report, shown_findings, lang)
    if rest:
        lines.append(f"  {rest}")
    return lines


def _rest(report: ProjectReport, shown_findings: list[Finding], lang: str) -> str:
    """One line counting the findings left out (passes, not applicable) and how to see them."""
    left: dict[str, int] = {}
    for finding in report.results:
        if finding not in shown_findings:
            left[finding.outcome] = left.get(finding.outcome, 0) + 1
    if not left:
        return ""
    counts = ("、" if lang == "zh" else ", ").join(
        f"{OUTCOMES[lang][outcome]} {count}" for outcome, count in left.items())
    return (f"另有 {counts} 项（--all 显示全部）" if lang == "zh"
            else f"also {counts} (--all shows them)")


def _finding(report: ProjectReport, finding: Finding, lang: str, marks: dict[str, str],
             columns: tuple[int, int, int], paint: _Painter) -> list[str]:
    mark = paint(pad(marks[finding.outcome], columns[0]), finding.outcome)
    lines = [f"  {mark}  {pad(strength(finding, lang), columns[1])}  {pad(finding.rule, columns[2])}"
             f"  {terminal(message(finding, lang))}"]
    if finding.outcome in DETAILED:
        lines.append(f"{INDENT}{terminal(where(report.file, finding.line))}  "
                     f"{terminal(quoted(finding.citation))}")
        lines.extend(f"{INDENT}{WORDS[lang]['also_cited']}: {terminal(quoted(other))}"
                     for other in citations(finding)[1:])
        if finding.trace:
            lines.append(f"{INDENT}{WORDS[lang]['trace']}: {terminal(finding.trace)}")
        if finding.remedy is not None:
            lines.append(f"{INDENT}{WORDS[lang]['remedy']}: {terminal(remedy(finding, lang))}")
    claim = finding.claim
    if claim is not None and claim.source == "waiver":
        expires = claim.expires.isoformat() if claim.expires else "?"
        lines.append(INDENT + say("waiver.line", lang, why=terminal(str(claim.justification)),
                                  by=terminal(str(claim.approved_by)), until=expires))
    return lines


def _notices(context: RenderContext, lang: str) -> list[str]:
    lines = []
    for notice in context.notices:
        where = f"{notice.file}:{notice.line}: " if notice.file and notice.line else (
            f"{notice.file}: " if notice.file else "")
        text = notice.message if lang == "zh" else notice.message_en
        lines.append(f"note: {terminal(where + text)}")
    return lines


def _summary(reports: list[ProjectReport], lang: str, paint: _Painter) -> list[str]:
    summary = summarise(reports)
    verdicts = ", ".join(f"{paint(VERDICTS[lang][v], v)} {n}" for v, n in summary.verdicts.items())
    outcomes = ", ".join(f"{OUTCOMES[lang][o]} {n}" for o, n in summary.outcomes.items())
    lines = [f"{WORDS[lang]['projects']} {summary.projects}: {verdicts or WORDS[lang]['none']}"]
    if outcomes:
        lines.append(f"{WORDS[lang]['findings']}: {outcomes}")
    lines.append(f"{WORDS[lang]['binding_failures']}: {len(summary.binding_failures)}")
    return lines
