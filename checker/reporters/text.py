"""Plain text for a terminal: one line per finding, columns measured in display width."""

from __future__ import annotations

import unicodedata

from checker.findings import Finding, ProjectReport
from checker.reporters import RenderContext

MARKS = {"pass": "PASS", "fail": "FAIL", "not_applicable": "N/A", "insufficient_data": "DATA",
         "waived": "WAIVED"}
COLORS = {"pass": "32", "fail": "31", "insufficient_data": "33", "waived": "36", "not_applicable": "2"}
ORDER = {"fail": 0, "insufficient_data": 1, "waived": 2, "pass": 3, "not_applicable": 4}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def render(reports: list[ProjectReport], context: RenderContext) -> str:
    lines: list[str] = []
    for report in reports:
        lines.extend(_project(report, context))
        lines.append("")
    lines.append(_summary(reports))
    lines.extend(_notices(context))
    return "\n".join(lines) + "\n"


def _project(report: ProjectReport, context: RenderContext) -> list[str]:
    head = f"{report.file}: {report.verdict.upper()}"
    if report.name:
        head += f"  {report.id}  {report.name}"
    lines = [head]
    for problem in report.errors:
        lines.append("  error  " + problem.describe(report.file))
    findings = sorted(report.results, key=lambda f: (ORDER[f.outcome], not f.binding, f.rule))
    rule_width = max((width(f.rule) for f in findings), default=0)
    for finding in findings:
        lines.append(_finding_line(report, finding, rule_width, context))
    return lines


def _finding_line(report: ProjectReport, finding: Finding, rule_width: int,
                  context: RenderContext) -> str:
    mark = pad(MARKS[finding.outcome], 6)
    if context.color:
        mark = f"\x1b[{COLORS[finding.outcome]}m{mark}\x1b[0m"
    strength = "binding " if finding.binding else "advisory"
    message = finding.message if context.lang == "zh" else finding.message_en
    where = f"{report.file}:{finding.line}" if finding.line else report.file
    line = f"  {mark} {strength} {pad(finding.rule, rule_width)}  {message}"
    if finding.outcome in {"fail", "insufficient_data", "waived"}:
        citation = finding.citation
        number = f" {citation.number}" if citation.number else ""
        line += f"\n{' ' * 8}at {where}; 《{citation.document}》{number} {citation.clause}：“{citation.text}”"
        if finding.trace:
            line += f"\n{' ' * 8}{finding.trace}"
    claim = finding.claim
    if claim is not None and claim.source == "waiver":
        expires = claim.expires.isoformat() if claim.expires else "?"
        line += (f"\n{' ' * 8}waiver: {claim.justification} (approved by {claim.approved_by}, "
                 f"expires {expires})")
    return line


def _notices(context: RenderContext) -> list[str]:
    lines = []
    for notice in context.notices:
        where = f"{notice.file}:{notice.line}: " if notice.file and notice.line else (
            f"{notice.file}: " if notice.file else "")
        message = notice.message if context.lang == "zh" else notice.message_en
        lines.append(f"note: {where}{message}")
    return lines


def _summary(reports: list[ProjectReport]) -> str:
    verdicts: dict[str, int] = {}
    for report in reports:
        verdicts[report.verdict] = verdicts.get(report.verdict, 0) + 1
    parts = [f"{count} {verdict}" for verdict, count in sorted(verdicts.items())]
    return f"{len(reports)} project file(s): " + (", ".join(parts) if parts else "none")
