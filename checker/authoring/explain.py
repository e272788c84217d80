"""``greencheck explain RULE``: the clause, the logic and the examples of one rule."""

from __future__ import annotations

import json
from typing import Any

from checker.check.words import SYMBOLS, effective_text, metric_label, required_text, show
from checker.report.labels import WORDS, cite
from checker.report.model import citation_of


def explain_rule(rule: Any) -> str:
    """The clause, the logic (when it applies, metric, operator, threshold) and the examples."""
    strength_key = "binding" if rule.binding else "advisory"
    strength = f"{WORDS['zh'][strength_key]} {strength_key}"
    zh_metric, en_metric = metric_label(rule)
    requirement = rule.requirement
    lines = [
        f"{rule.id}  {rule.title.zh}",
        f"{' ' * len(rule.id)}  {rule.title.en}",
        "",
        f"条款 clause:   {cite(citation_of(rule))}",
        f"               “{rule.citation.text}”",
        f"效力 strength: {strength}（{rule.strength}）"
        + (f"；标注 {rule.citation.label}" if rule.citation.label else ""),
        f"适用期 period: {effective_text(rule)}",
        f"日期依据 date: {'检查日期 the day checked' if rule.date_basis == 'assessment' else '项目日期（立项/审批日期或报告年度）the project date'}",
        "",
        "何时适用 applies when:",
        f"  kind = {rule.kind}",
    ]
    for condition in rule.applies_to.when:
        value = "" if condition.op in {"true", "false", "given"} else " " + _authored(condition.value)
        lines.append(f"  {condition.field} {SYMBOLS[condition.op]}{value}")
    lines += [
        "",
        "要求 requires:",
        f"  指标 metric:    {requirement.metric}（{zh_metric} / {en_metric}）",
        f"  运算 operator:  {requirement.op} ({SYMBOLS[requirement.op]})",
        f"  阈值 threshold: {_authored(requirement.threshold, requirement.unit)}"
        f"（{required_text(rule, 'zh')} / {required_text(rule, 'en')}）",
    ]
    if requirement.params:
        lines.append(f"  参数 params:    {json.dumps(requirement.params, ensure_ascii=False, default=str)}")
    lines += ["", "条款列明的豁免 exemption grounds the clause names:"]
    lines += [f"  {g.ground}: {g.zh} / {g.en}" + (f"  (field {g.field})" if g.field else "")
              for g in rule.exemptions] or ["  无 none"]
    if rule.tags:
        lines += ["", f"标签 tags: {', '.join(rule.tags)}"]
    lines += ["", "示例 examples:"]
    for example in rule.examples:
        on = f" (checked on {example.assessed_on.isoformat()})" if example.assessed_on else ""
        given = ", ".join(f"{k}={_plain(v)}" for k, v in example.given.items())
        lines.append(f"  {example.expect:<17} {example.name}{on}")
        lines.append(f"  {'':<17} {given}")
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return str(value)


def _authored(value: Any, unit: str = "") -> str:
    """A value as a rule file writes it: codes as codes ({a, b}), a number with its unit."""
    if isinstance(value, list | tuple | set | frozenset):
        return "{" + ", ".join(sorted(str(item) for item in value)) + "}"
    if value is None:
        return "-"
    return show(value, unit) if not isinstance(value, str) else value
