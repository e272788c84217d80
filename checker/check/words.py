"""Words for a finding: what was measured, what the clause requires, and why it (does not) apply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.catalogue.model import Rule
from checker.evaluation.logic import condition_state, rule_date
from checker.evaluation.protocol import Prepared
from checker.input.project import FIVE_NEW_CITIES_GROUP
from checker.metrics.registry import MetricValue, fmt, metric_info, quantized


@dataclass(frozen=True)
class RuleText:
    """What a finding says of its rule whatever the project: worked out once per rule."""

    required: str
    effective: str
    metric_zh: str
    metric_en: str

    @classmethod
    def of(cls, rule: Rule) -> RuleText:
        zh, en = metric_label(rule)
        return cls(required_text(rule), effective_text(rule), zh, en)


SYMBOLS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥", "eq": "=", "ne": "≠", "in": "∈",
           "not_in": "∉", "any_of": "∋", "true": "= true", "false": "= false", "given": "given"}


def show(value: Any, unit: str, bound: Any = None) -> str:
    """A value for a reader; never rounded onto ``bound`` when it differs from it."""
    if isinstance(value, list | tuple | frozenset | set):
        return "{" + ", ".join(sorted(str(v) for v in value)) + "}"
    if isinstance(value, Decimal) and not isinstance(bound, bool):
        value = _distinct(value, bound, 2 if unit == "%" else 4)
    if unit == "%" and isinstance(value, Decimal):
        return fmt((value * 100).normalize()) + "%"
    text = fmt(value)
    return f"{text} {unit}" if unit and not isinstance(value, bool | str) else text


def _distinct(value: Decimal, bound: Any, places: int) -> Decimal:
    scale = 100 if places == 2 else 1  # percent shows two places of the percentage
    if isinstance(bound, Decimal) and value == bound:  # shown like the bound itself (e.g. a fraction's)
        return ((value * scale).quantize(Decimal(1).scaleb(-places)) / scale).normalize()
    for digits in range(places, 30):
        rounded = quantized(value * scale, Decimal(1).scaleb(-digits)) / scale
        if not isinstance(bound, Decimal) or (rounded == bound) == (value == bound):
            return rounded.normalize()
    return value


def required_text(rule: Rule) -> str:
    requirement = rule.requirement
    if requirement.op in {"true", "false"}:
        return SYMBOLS[requirement.op]
    parameter = rule.parameter
    if parameter is not None:
        if requirement.threshold is None:
            return f"{SYMBOLS[requirement.op]} {parameter.title.zh}（参数 {parameter.name}：暂无取值）"
        as_of = parameter.as_of.isoformat() if parameter.as_of else "?"
        return (f"{SYMBOLS[requirement.op]} {show(requirement.threshold, requirement.unit)}"
                f"（{parameter.title.zh}，{as_of}，{parameter.source}）")
    return f"{SYMBOLS[requirement.op]} {show(requirement.threshold, requirement.unit)}"


def _parameter_messages(rule: Rule, computed: MetricValue, text: RuleText) -> tuple[str, str]:
    """Applicable and measured, but the figure the clause compares with is not known: the review
    office supplies it (configuration ``parameters``), not the designer."""
    parameter = rule.parameter
    assert parameter is not None
    actual = show(computed.value, rule.requirement.unit) if computed.value is not None else "?"
    return (f"{text.metric_zh}为 {actual}；条款要求与“{parameter.title.zh}”比较，但所引文件未给出该数值"
            f"（应取自：{parameter.source}），无法判断，不以任何推定数值代替。请审查机构在配置文件"
            f"（.greencheck.yaml 或 pyproject.toml 的 [tool.greencheck]）parameters.{parameter.name} "
            f"中填写官方数值（value、unit {parameter.unit}、as_of、source）；项目单位无需补充",
            f"{text.metric_en} is {actual}; the clause compares it with '{parameter.title.en}', a "
            f"figure the cited texts do not give (its source: {parameter.source}); no guessed "
            f"figure is used. For the review office: supply the official figure as "
            f"parameters.{parameter.name} (value, unit {parameter.unit}, as_of, source) in "
            f".greencheck.yaml or [tool.greencheck]; the project need not change")


def metric_label(rule: Rule) -> tuple[str, str]:
    info = metric_info(rule.requirement.metric)
    if info is not None:
        return info.label(rule.requirement.arguments)
    return rule.requirement.metric, rule.requirement.metric


def effective_text(rule: Rule) -> str:
    until = f" 至 {rule.effective_until.isoformat()}" if rule.effective_until else " 起"
    return f"{rule.effective_from.isoformat()}{until}；{rule.effective_basis}"


def messages(rule: Rule, outcome: str, computed: MetricValue, prepared: Prepared,
             text: RuleText) -> tuple[str, str]:
    """What a decided (pass, fail) or undecidable (insufficient_data) finding says; a
    not-applicable one says ``not_applicable_reason``."""
    if outcome in {"pass", "fail"}:
        actual = show(computed.value, rule.requirement.unit, rule.requirement.threshold)
        if outcome == "pass":
            return (f"{text.metric_zh}为 {actual}，满足 {text.required}",
                    f"{text.metric_en} is {actual}, which meets {text.required}")
        return (f"{text.metric_zh}为 {actual}，不满足 {text.required}",
                f"{text.metric_en} is {actual}; the clause requires {text.required}")
    missing_list = missing_fields(rule, computed, prepared)
    if rule.awaits_parameter and missing_list == [f"parameters.{rule.requirement.threshold_parameter}"]:
        return _parameter_messages(rule, computed, text)
    missing = ", ".join(missing_list) or "?"
    note = f"（{computed.note}）" if computed.note else ""
    hints = [WRITE_HINTS[name] for name in missing_list if name in WRITE_HINTS]
    hint_zh = "".join(f"；{zh}" for zh, _ in hints)
    hint_en = "".join(f"; {en}" for _, en in hints)
    return (f"缺少判断所需数据：{missing}{note}{hint_zh}；请补充后再检查",
            f"cannot decide without {missing}{' (' + computed.note + ')' if computed.note else ''}"
            f"{hint_en}; add it and check again")


# what to write for a field whose absence the v1 format reads as "not stated", where the
# designer's answer is often "none"
WRITE_HINTS = {
    "building.precast_ratio": ("不是装配式建筑请填 0", "write 0 if the building is not prefabricated"),
    "building.pv_area_m2": ("未安装光伏请填 0", "write 0 if the roof has no PV"),
    "building.renewable_energy": ("未使用可再生能源请填 []", "write [] if no renewable energy is used"),
    "building.green_building_level": ("未达到绿色建筑标准请填 none",
                                      "write none if the building meets no green building level"),
}


def missing_fields(rule: Rule, computed: MetricValue, prepared: Prepared) -> list[str]:
    missing = [c.field for c in rule.applies_to.when if condition_state(c, prepared) is None]
    if rule_date(rule, prepared) is None:
        missing.append(prepared.date_field)
    missing += [f for f in computed.missing if f not in missing]
    if rule.awaits_parameter:
        missing.append(f"parameters.{rule.requirement.threshold_parameter}")
    return missing


def not_applicable_cause(rule: Rule, prepared: Prepared, computed: MetricValue | None) -> tuple[Any, ...]:
    """What rules the clause out, as a hashable key: the same cause, the same words.

    ``prepare`` found the causes it can see before any metric; otherwise the metric found
    nothing the clause covers.
    """
    cause = prepared.ruled_out.get(rule.id)
    if cause is not None:
        return cause
    return ("scope", computed.note if computed is not None else "")


def cause_field(rule: Rule, cause: tuple[Any, ...], date_field: str) -> str | None:
    """The project field that shows the cause; ``date_field`` is where the project's date is."""
    if cause[0] == "when":
        return rule.applies_to.when[cause[1]].field
    if cause[0] == "date" and rule.date_basis == "project":
        return date_field
    return None


def not_applicable_reason(rule: Rule, cause: tuple[Any, ...], text: RuleText) -> tuple[str, str]:
    """Why the clause does not apply, in both languages."""
    if cause[0] == "when" and rule.applies_to.when[cause[1]].op == "given":
        field = rule.applies_to.when[cause[1]].field
        return (f"条款只涉及填写了 {field} 的项目（v1 格式：仅在适用时填写）；本项目未填写",
                f"the clause covers projects that give {field} (the v1 format gives it only where it "
                f"applies); this project does not")
    if cause[0] == "when":
        condition, given = rule.applies_to.when[cause[1]], cause[2]
        if condition.field == "zones":  # the group 五个新城 is derived, not the project's own
            given = frozenset(given) - {FIVE_NEW_CITIES_GROUP}
        actual = show(given, "")
        bound = "" if condition.op in {"true", "false"} else show(condition.value, "")
        wanted = f"{SYMBOLS[condition.op]} {bound}".strip()
        return (f"条款适用于 {condition.field} {wanted}；本项目为 {actual}",
                f"the clause applies where {condition.field} {wanted}; this project has {actual}")
    if cause[0] == "given_way":
        _, stricter, title_zh, title_en = cause
        return (f"同一句条款对本项目要求更高（{stricter}：{title_zh}），本条不适用",
                f"the same sentence holds this project to more ({stricter}: {title_en}); "
                "this clause does not apply")
    if cause[0] == "scope":
        return (f"本项目没有条款所涉对象：{cause[1]}", f"nothing here is what the clause covers: {cause[1]}")
    which = "检查日期" if rule.date_basis == "assessment" else "项目日期"
    effective = text.effective
    return (f"{which} {_iso(cause[1])} 不在条款适用期 {effective} 内",
            f"the {'check' if rule.date_basis == 'assessment' else 'project'} date {_iso(cause[1])} "
            f"is outside the clause's period {effective}")


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else "?"
