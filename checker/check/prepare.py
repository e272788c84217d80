"""Turn a validated project into the values every evaluator reads: condition fields and metrics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.catalogue.model import Rule
from checker.evaluation.logic import ruling_out
from checker.evaluation.protocol import Prepared
from checker.input.project import FIVE_NEW_CITIES, FIVE_NEW_CITIES_GROUP, Project
from checker.metrics.registry import compute, lookup


@dataclass(frozen=True)
class Plan:
    """What ``prepare`` reads of the rules of one kind, worked out once (per Checker and kind):
    the condition fields in first-seen order, and each rule with its metric and validated params."""

    kind: str
    fields: tuple[str, ...]
    rules: tuple[tuple[Rule, str, Any], ...]


def plan_for(rules: Iterable[Rule], kind: str) -> Plan:
    kind_rules = [rule for rule in rules if rule.kind == kind]
    fields = dict.fromkeys(condition.field for rule in kind_rules for condition in rule.applies_to.when)
    return Plan(kind, tuple(fields), tuple((rule, rule.requirement.metric, rule.requirement.arguments)
                                           for rule in kind_rules))


def prepare(project: Project, rules: Iterable[Rule], assessed_on: dt.date,
            plan: Plan | None = None) -> Prepared:
    """Condition values for every rule of the project's kind; metrics only where they can matter.

    A rule that a condition or its period already rules out is not applicable whatever its
    metric says, so its metric is not computed (and evaluators find no value for it).
    ``plan``: ``plan_for(rules, project.kind)`` made once (a Checker keeps one per kind).
    """
    if plan is None or plan.kind != project.kind:
        plan = plan_for(rules, project.kind)
    values: dict[str, Any] = {}
    for name in plan.fields:
        value = field_value(project, name)
        if value is not None:
            values[name] = value
    date_field = project.effective_date_field()
    prepared = Prepared(project.kind, project.effective_date(), assessed_on, values, {},
                        date_field=date_field)
    for rule, metric, arguments in plan.rules:
        cause = ruling_out(rule, prepared)
        if cause is None:
            prepared.metrics[rule.id] = compute(project, metric, arguments)
        else:
            prepared.ruled_out[rule.id] = cause
    return prepared


def field_value(project: Project, dotted: str) -> Decimal | str | bool | frozenset[str] | None:
    if dotted == "zones":
        zones = set(project.all_zones())
        if zones & set(FIVE_NEW_CITIES):
            zones.add(FIVE_NEW_CITIES_GROUP)
        return frozenset(zones)
    value = lookup(project, dotted)
    if isinstance(value, list):
        return frozenset(str(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value
