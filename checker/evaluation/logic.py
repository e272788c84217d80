"""Three-valued applicability, shared by every engine: each condition of a rule holds, fails or
is unknown (its field is absent), and so does each bound of the rule's period.

Any failing condition rules the rule out (not applicable); otherwise an unknown one, a missing
metric or a threshold parameter without a value makes it ``insufficient_data``; only then does
the requirement decide pass or fail.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from checker.catalogue.model import Condition, Rule
from checker.evaluation.protocol import Prepared


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
