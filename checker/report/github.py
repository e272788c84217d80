"""GitHub Actions workflow commands: one annotation per failure, gap and input error."""

from __future__ import annotations

from checker.errors import INTERNAL_ERROR
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


def render(reports: list[ProjectReport], context: RenderContext) -> str:
    lang = lang_of(context.lang)
    lines: list[str] = []
    for report in reports:
        file = shown(report.file)
        for problem in report.errors:
            where = ("internal error" if problem.code == INTERNAL_ERROR
                     else problem.field or "project file")
            if problem.cell:  # a workbook has no lines: the title names the cell
                where = f"{problem.cell_ref} {where}"
            lines.append(command("error", file, problem.line, f"greencheck: {where}",
                                 problem.message, problem.column))
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
