"""Words every reporter shares, in Chinese and English, and small helpers on findings."""

from __future__ import annotations

from pathlib import Path

from checker.errors import Problem
from checker.report.escape import uri_reference
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
        "derived_zones": "按所在区认定的区域", "list_sep": "、",
        "rows_left": "评论长度受限（{limit} 字符），另有 {left} 个项目未列入上表；完整报告见本次运行的报告文件（CI 制品）",
        "items_left": "另有 {left} 项约束性条款不通过未列出（评论长度受限，{limit} 字符）",
        "truncated": "评论长度受限（{limit} 字符），另有 {left} 个项目的明细未列出；完整报告见本次运行的报告文件（CI 制品）", "remedy": "整改建议",
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
        "derived_zones": "Zones implied by the district", "list_sep": ", ",
        "rows_left": "A comment holds {limit} characters: {left} more project(s) are not in the table; see the full report in the run's report files (CI artifacts)",
        "items_left": "{left} more binding failure(s) not listed (a comment holds {limit} characters)",
        "truncated": "A comment holds {limit} characters: the details of {left} more project(s) are left out; see the full report in the run's report files (CI artifacts)", "remedy": "Remedy",
    },
}


# the review form (HTML and PDF): its header, sections, sign-off and charts
FORM = {
    "zh": {
        "form_title": "项目合规审查表", "project_id": "项目编号", "project_name": "项目名称",
        "district": "所在区", "zones": "特定区域", "derived": "按所在区认定", "derived_note": "（按所在区认定）", "dates": "日期",
        "decided": "据此判定适用条款", "not_given": "未填写", "input_file": "输入文件",
        "sha256": "文件 SHA-256", "catalogue_version": "规则库版本", "as_of": "条款评估日期",
        "checked_on": "检查日期", "stamps": "检查依据", "declared": "申报数据",
        "declared_field": "字段", "declared_label": "说明", "declared_value": "申报值",
        "no_inputs": "文件未填写任何数据。", "fill_in": "请补充以下数据",
        "fill_in_note": "缺少下列数据，所列义务无法判定；数据不足不视为通过。",
        "needed_by": "需要此数据的义务", "hint": "填写提示",
        "parameter_note": "条款所需参数：所引文件未给出数值，不由项目填写",
        "review_comment": "审查意见", "signoff": "审查签署", "reviewer": "审查人（签字）",
        "sign_date": "日期", "opinion": "审查意见", "conclusion": "审查结论",
        "agree": "同意", "disagree": "不同意", "resubmit": "补充材料后复核",
        "page_of": "第 {page} 页 共 {pages} 页", "none_found": "无", "colon": "：",
        "bound": "限值", "actual_short": "实际", "fall_required": "要求下降", "fall": "下降",
        "rise": "上升", "no_change": "无变化", "passes": "通过", "fails": "不通过",
        "points": " 个百分点", "relative": "（为限值的 {}）",
        "gap_above": "实际值比限值高 {amount}{relative}",
        "gap_below": "实际值比限值低 {amount}{relative}", "gap_none": "实际值恰好等于限值",
        "gap_fall_above": "下降幅度比要求多 {amount}", "gap_fall_below": "下降幅度比要求少 {amount}",
        "gap_none_fall": "下降幅度恰好等于要求",
    },
    "en": {
        "form_title": "Compliance review form", "project_id": "Project id",
        "project_name": "Project name", "district": "District", "zones": "Zones",
        "derived": "implied by the district", "derived_note": " (implied by the district)",
        "dates": "Dates",
        "decided": "decides the clauses in force", "not_given": "not given",
        "input_file": "Input file", "sha256": "File SHA-256",
        "catalogue_version": "Rule catalogue version", "as_of": "Clauses assessed on",
        "checked_on": "Checked on", "stamps": "Basis of the check", "declared": "Declared data",
        "declared_field": "Field", "declared_label": "What it is",
        "declared_value": "Value declared", "no_inputs": "The file declares no data.",
        "fill_in": "Please fill in",
        "fill_in_note": "Without these data the duties listed cannot be decided; missing data "
                        "is never a pass.",
        "needed_by": "Needed by", "hint": "Hint",
        "parameter_note": "a figure the clause needs and the cited texts do not give; not the "
                          "project's to fill in",
        "review_comment": "Review comment", "signoff": "Sign-off",
        "reviewer": "Reviewer (signature)", "sign_date": "Date", "opinion": "Opinion",
        "conclusion": "Conclusion", "agree": "approve", "disagree": "reject",
        "resubmit": "re-check after more documents", "page_of": "Page {page} of {pages}", "colon": ": ",
        "none_found": "none",
        "bound": "bound", "actual_short": "actual", "fall_required": "required fall",
        "fall": "fall", "rise": "rise", "no_change": "no change", "passes": "passes",
        "fails": "fails", "points": " percentage points",
        "relative": " ({} of the bound)", "gap_above": "{amount}{relative} above the bound",
        "gap_below": "{amount}{relative} below the bound", "gap_none": "exactly at the bound",
        "gap_fall_above": "a fall {amount} beyond the one required",
        "gap_fall_below": "a fall {amount} short of the one required",
        "gap_none_fall": "exactly the fall required",
    },
}
KIND_WORDS = {
    "zh": {"building": "建筑项目", "data_centre": "数据中心", "vehicle_procurement": "车辆采购",
           "vessel_procurement": "船舶采购", "public_institution_annual": "公共机构年度报告",
           "industrial_project": "工业项目"},
    "en": {"building": "building", "data_centre": "data centre",
           "vehicle_procurement": "vehicle procurement", "vessel_procurement": "vessel procurement",
           "public_institution_annual": "public institution, annual report",
           "industrial_project": "industrial project"},
}


def lang_of(lang: str) -> str:
    return lang if lang in WORDS else "zh"


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
