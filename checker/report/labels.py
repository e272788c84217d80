"""Words every reporter shares, in Chinese and English, and small helpers on findings."""

from __future__ import annotations

from pathlib import Path

from checker.report.model import CitationInfo, Finding, ProjectReport

OUTCOMES = {
    "zh": {"fail": "不通过", "insufficient_data": "数据不足", "waived": "已豁免", "pass": "通过",
           "not_applicable": "不适用"},
    "en": {"fail": "fail", "insufficient_data": "insufficient data", "waived": "waived",
           "pass": "pass", "not_applicable": "not applicable"},
}
VERDICTS = {
    "zh": {"error": "输入错误", "fail": "不通过", "incomplete": "待补充数据", "pass": "通过",
           "not_applicable": "无适用条款"},
    "en": {"error": "input error", "fail": "fail", "incomplete": "incomplete", "pass": "pass",
           "not_applicable": "no clause applies"},
}
WORDS = {
    "zh": {
        "title": "绿色低碳政策合规检查报告", "summary": "总览", "projects": "项目",
        "project": "项目", "file": "文件", "verdict": "结论", "kind": "类型",
        "binding": "约束性", "advisory": "倡导性", "binding_failures": "约束性条款不通过",
        "none": "无", "rule": "规则", "outcome": "结果", "actual": "实际值",
        "required": "要求值", "trace": "计算过程", "clause": "条款原文", "document": "文件",
        "effective": "适用时间", "claim": "申请豁免", "accepted": "理由成立",
        "rejected": "理由不成立", "evidence": "依据", "errors": "输入错误", "all": "全部",
        "field": "判定字段", "assessed_on": "检查日期", "tool": "工具", "engine": "规则引擎",
        "findings": "检查结果", "count": "数量", "line": "行", "chart": "实际值与限值",
        "threshold": "限值", "no_projects": "没有找到项目文件。", "strength": "效力",
        "total": "合计", "back": "返回总览", "message": "说明",
        "decided_by": "判定适用条款所依据的日期", "also_cited": "同一义务的其他条款",
        "derived_zones": "按所在区认定的区域", "remedy": "整改建议",
    },
    "en": {
        "title": "Green and low-carbon policy compliance report", "summary": "Summary",
        "projects": "Projects", "project": "Project", "file": "File", "verdict": "Verdict",
        "kind": "Kind", "binding": "binding", "advisory": "advisory",
        "binding_failures": "Binding failures", "none": "none", "rule": "Rule",
        "outcome": "Outcome", "actual": "Actual", "required": "Required",
        "trace": "Calculation", "clause": "Clause", "document": "Document",
        "effective": "In force", "claim": "Exemption claimed", "accepted": "ground accepted",
        "rejected": "ground not accepted", "evidence": "evidence", "errors": "Input errors",
        "all": "All", "field": "Deciding field", "assessed_on": "Assessed on", "tool": "Tool",
        "engine": "Engine", "findings": "Findings", "count": "Count", "line": "line",
        "chart": "Actual vs threshold", "threshold": "Threshold",
        "no_projects": "No project files found.", "strength": "Strength", "total": "Total",
        "back": "Back to summary", "message": "Message",
        "decided_by": "Clauses in force judged on", "also_cited": "Same duty also in",
        "derived_zones": "Zones implied by the district", "remedy": "Remedy",
    },
}


def lang_of(lang: str) -> str:
    return lang if lang in WORDS else "zh"


def title(finding: Finding, lang: str) -> str:
    return finding.title if lang == "zh" else finding.title_en


def message(finding: Finding, lang: str) -> str:
    return finding.message if lang == "zh" else finding.message_en


def remedy(finding: Finding, lang: str) -> str:
    """What would change the outcome, in words; empty when the finding has no remedy."""
    if finding.remedy is None:
        return ""
    return finding.remedy.text if lang_of(lang) == "zh" else finding.remedy.text_en


def strength(finding: Finding, lang: str) -> str:
    return WORDS[lang_of(lang)]["binding" if finding.binding else "advisory"]


def cite(citation: CitationInfo) -> str:
    """《title》number clause — where the quoted text comes from."""
    number = f" {citation.number}" if citation.number else ""
    return f"《{citation.document}》{number} {citation.clause}".strip()


def citations(finding: Finding) -> tuple[CitationInfo, ...]:
    """Every clause the finding rests on, the deciding one first."""
    return finding.citations or (finding.citation,)


DATE_BASIS = {
    "zh": {"approval_date": "立项/审批日期", "year": "年度"},
    "en": {"approval_date": "approval date", "year": "year"},
}


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


def quoted(citation: CitationInfo) -> str:
    """Where the clause comes from and its verbatim words."""
    return f"{cite(citation)}：“{citation.text}”"


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
    """A project file as a forward-slash path, relative to the working directory when inside it."""
    relative = _relative(file)
    return relative.as_posix() if relative is not None else Path(file).as_uri()


def where(file: str, line: int | None) -> str:
    return f"{shown(file)}:{line}" if line else shown(file)


def project_label(report: ProjectReport) -> str:
    return " ".join(part for part in (report.id, report.name) if part) or shown(report.file)
