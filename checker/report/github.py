"""GitHub Actions workflow commands: one annotation per failure, gap and input error."""

from __future__ import annotations

from checker.errors import INTERNAL_ERROR, Problem
from checker.messages import field_label, known_field, say
from checker.report import RenderContext
from checker.report.escape import github_data as escape_data
from checker.report.escape import github_property as escape_property
from checker.report.labels import finding_text, lang_of, shown, title
from checker.report.model import ProjectReport, ordered


def command(level: str, file: str, line: int | None, title_text: str, body: str,
            column: int | None = None) -> str:
    props = [f"file={escape_property(file)}"]
    if line:
        props.append(f"line={line}")
        if column:
            props.append(f"col={column}")
    props.append(f"title={escape_property(title_text)}")
    return f"::{level} {','.join(props)}::{escape_data(body)}"


def _subject(problem: Problem, lang: str) -> str:
    """An error annotation's title: what the problem is about (zh: the field's label, never
    its path), and the cell of a workbook (which has no lines)."""
    if problem.code == INTERNAL_ERROR:
        where = say("report.internal_error", lang)
    elif problem.field and lang == "en":
        where = problem.field
    elif problem.field and known_field(problem.field):
        where = field_label(problem.field, lang)
    else:
        where = say("report.project_file", lang)
    return f"{problem.cell_ref} {where}" if problem.cell else where


def render(reports: list[ProjectReport], context: RenderContext) -> str:
    lang = lang_of(context.lang)
    lines: list[str] = []
    for report in reports:
        file = shown(report.file)
        for problem in report.errors:
            lines.append(command("error", file, problem.line, f"greencheck: {_subject(problem, lang)}",
                                 problem.text(lang), problem.column))
        for finding in ordered(report.results):
            if finding.outcome == "fail":
                level = "error" if finding.binding else "warning"
            elif finding.outcome == "insufficient_data":
                level = "warning" if finding.binding else "notice"
            else:
                continue
            body = finding_text(finding, lang)
            lines.append(command(level, file, finding.line, f"{finding.rule} {title(finding, lang)}",
                                 body))
    return "".join(line + "\n" for line in lines)
