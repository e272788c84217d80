"""Words every reporter shares, in Chinese and English, and small helpers on findings."""

from __future__ import annotations

from pathlib import Path

from checker.errors import Problem
from checker.messages import LANGS, lang_of, table
from checker.report.escape import uri_reference
from checker.report.model import CitationInfo, Finding, ProjectReport


def _table(section: str) -> dict[str, dict[str, str]]:
    return {lang: table(section, lang) for lang in LANGS}


# the reporters' own words, from the one catalogue (checker/messages.yaml), by language
OUTCOMES = _table("outcomes")
VERDICTS = _table("verdicts")
WORDS = _table("report")
FORM = _table("form")  # the review form (HTML and PDF): its header, sections, sign-off, charts
DATE_BASIS = _table("date_basis")


def title(finding: Finding, lang: str) -> str:
    return finding.title if lang == "zh" else finding.title_en


def message(finding: Finding, lang: str) -> str:
    return finding.message if lang == "zh" else finding.message_en


def trace(finding: Finding, lang: str) -> str:
    """The calculation (计算过程) in the report's language; empty when nothing was computed."""
    return finding.trace_en if lang_of(lang) == "en" else finding.trace


def remedy(finding: Finding, lang: str) -> str:
    """What would change the outcome, in words; empty when the finding has no remedy."""
    if finding.remedy is None:
        return ""
    return finding.remedy.text if lang_of(lang) == "zh" else finding.remedy.text_en


def actual(finding: Finding, lang: str) -> str | None:
    """The value found, in words (二星级, 下降 1.1%), in ``lang``."""
    return finding.actual if lang_of(lang) == "zh" else finding.actual_en


def required(finding: Finding, lang: str) -> str | None:
    """What the clause requires, in words (不低于 30%), in ``lang``."""
    return finding.required if lang_of(lang) == "zh" else finding.required_en


def effective(item: Finding | CitationInfo, lang: str) -> str:
    """A clause's period and how the project's date is judged against it, in ``lang``."""
    return item.effective if lang_of(lang) == "zh" else item.effective_en


def strength(finding: Finding, lang: str) -> str:
    return WORDS[lang_of(lang)]["binding" if finding.binding else "advisory"]


def cite(citation: CitationInfo, lang: str = "zh") -> str:
    """《title》number clause — where the quoted text comes from. In English the document's
    English title first; its own title, number and clause follow as the source writes them
    (identifiers of the source, quoted like its words)."""
    number = f" {citation.number}" if citation.number else ""
    reference = f"《{citation.document}》{number} {citation.clause}".strip()
    if lang_of(lang) == "en" and citation.document_en:
        return f"{citation.document_en} {reference}"
    return reference


def citations(finding: Finding) -> tuple[CitationInfo, ...]:
    """Every clause the finding rests on, the deciding one first."""
    return finding.citations or (finding.citation,)


def decided_by(report: ProjectReport, lang: str) -> str:
    """Which date decided the clauses in force, in words: "2025-12-31（报告年度 2025）"."""
    if report.date is None or report.date_field is None:
        return ""
    words = DATE_BASIS[lang_of(lang)]
    if report.date_field == "approval_date":
        return f"{words['approval_date']} {report.date.isoformat()}"
    year = report.date.year
    return (f"{year}{words['year']}（{report.date.isoformat()}）" if lang_of(lang) == "zh"
            else f"{words['year']} {year} ({report.date.isoformat()})")


def quoted(citation: CitationInfo, lang: str = "zh") -> str:
    """Where the clause comes from and its verbatim words."""
    colon = "：" if lang_of(lang) == "zh" else ": "
    return f"{cite(citation, lang)}{colon}“{citation.text}”"


def _relative(file: str) -> Path | None:
    """``file`` relative to the working directory, unless it is absolute and outside it."""
    path = Path(file)
    if not path.is_absolute():
        return path
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return None


def shown(file: str) -> str:
    """A project file as a reader types it: relative to the working directory when inside it."""
    return (_relative(file) or Path(file)).as_posix()


def uri(file: str) -> str:
    """A project file as a URI reference: a percent-encoded forward-slash path relative to the
    working directory when inside it, else an absolute ``file:`` URI."""
    relative = _relative(file)
    if relative is not None:
        return uri_reference(relative.as_posix())
    return "file://" + uri_reference(Path(file).as_posix())  # as Path.as_uri, for any name


def where(file: str, line: int | None) -> str:
    return f"{shown(file)}:{line}" if line else shown(file)


def problem_where(file: str, problem: Problem) -> str:
    """Where an input error is: file and line, or file, sheet and cell of a workbook."""
    return f"{shown(file)}:{problem.cell_ref}" if problem.cell else where(file, problem.line)


def project_label(report: ProjectReport) -> str:
    return " ".join(part for part in (report.id, report.name) if part) or shown(report.file)


def finding_text(finding: Finding, lang: str) -> str:
    """A finding as one block of lines: its message, calculation, remedy and every clause it
    rests on (GitHub annotations and SARIF results say the same)."""
    text = message(finding, lang)
    calculation = trace(finding, lang)
    if calculation:
        text += f"\n{calculation}"
    if finding.remedy is not None:
        text += f"\n{WORDS[lang_of(lang)]['remedy']}: {remedy(finding, lang)}"
    return text + "".join(f"\n{quoted(citation, lang)}" for citation in citations(finding))
