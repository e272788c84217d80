"""The pure-Python evaluator of rule data: the reference the durable_rules engine is tested against.

Applicability is three-valued: each condition holds, fails or is unknown (its field is absent).
Any failing condition makes the rule not applicable; otherwise any unknown one, or a missing
metric or a threshold parameter without a value, makes it ``insufficient_data``. Only then does the requirement decide pass or fail.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from checker.rules import Condition, Rule

if TYPE_CHECKING:  # prepare asks ``ruled_out`` which measures are worth computing
    from checker.prepare import Prepared

RawOutcome = Literal["pass", "fail", "not_applicable", "insufficient_data"]


def compare(op: str, value: Any, target: Any) -> bool:
    if op == "given":
        return True
    if op == "true":
        return value is True
    if op == "false":
        return value is False
    if op == "eq":
        return bool(value == target)
    if op == "ne":
        return bool(value != target)
    if op == "in":
        return value in target
    if op == "not_in":
        return value not in target
    if op == "any_of":
        return bool(set(value) & set(target))
    number, bound = Decimal(value), Decimal(target)
    return {"lt": number < bound, "le": number <= bound, "gt": number > bound, "ge": number >= bound}[op]


def condition_state(condition: Condition, prepared: Prepared) -> bool | None:
    value = prepared.values.get(condition.field)
    if value is None:
        return False if condition.op == "given" else None
    return compare(condition.op, value, condition.value)


def rule_date(rule: Rule, prepared: Prepared) -> dt.date | None:
    """The date a clause is in force on or not: the day checked, or the project's own date."""
    return prepared.assessed_on if rule.date_basis == "assessment" else prepared.date


def date_states(rule: Rule, prepared: Prepared) -> list[bool | None]:
    date = rule_date(rule, prepared)
    if date is None:
        return [None]
    states: list[bool | None] = [date >= rule.effective_from]
    if rule.effective_until is not None:
        states.append(date <= rule.effective_until)
    return states


def ruling_out(rule: Rule, prepared: Prepared) -> tuple[Any, ...] | None:
    """What rules the clause out whatever its metric says: a failing condition (its index and
    the project's value) or the clause's period (the date compared); None when nothing does."""
    for index, condition in enumerate(rule.applies_to.when):
        if condition_state(condition, prepared) is False:
            return ("when", index, prepared.values.get(condition.field))
    if False in date_states(rule, prepared):
        return ("date", rule_date(rule, prepared))
    return None


def evaluate(rule: Rule, prepared: Prepared) -> RawOutcome:
    if rule.kind != prepared.kind or ruling_out(rule, prepared) is not None:
        return "not_applicable"
    measure = prepared.measures[rule.id]
    if not measure.in_scope:
        return "not_applicable"
    states = [condition_state(c, prepared) for c in rule.applies_to.when]
    if None in states + date_states(rule, prepared) or rule.awaits_parameter or measure.value is None:
        return "insufficient_data"
    return "pass" if compare(rule.requirement.op, measure.value, rule.requirement.threshold) else "fail"


class OracleEngine:
    name = "oracle"

    def __init__(self, rules: tuple[Rule, ...]):
        self.rules = rules

    def evaluate(self, prepared: Prepared) -> dict[str, RawOutcome]:
        return {rule.id: evaluate(rule, prepared) for rule in self.rules if rule.kind == prepared.kind}
