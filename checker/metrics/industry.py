"""Derived metrics for industrial projects: added capacity and retained captive coal units."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from checker.input.project import Project
from checker.metrics.registry import MetricValue, divide, fmt, lookup, metric, percent

ORIGINAL = "industrial_project.captive_coal_units_original_mw"
RETAINED = "industrial_project.captive_coal_units_retained_mw"
TWO_THIRDS = Decimal(2) / Decimal(3)  # 0.6666666666666666666666666667, the rule's threshold


@metric("no_added_capacity", "不新增产能", "no capacity is added")
def no_added_capacity(project: Project, params: Mapping[str, Any]) -> MetricValue:
    """True when the capacity field named in ``params.field`` is zero."""
    field = str(params["field"])
    added = lookup(project, field)
    if added is None:
        return MetricValue.absent(field)
    unit = str(params.get("unit", "t"))
    verdict = "no capacity added" if added == 0 else "capacity is added"
    return MetricValue(added == 0, (field,), trace=f"{field} = {fmt(added)} {unit}: {verdict}")


@metric("captive_coal_retained_ratio", "自备电厂保留煤机占原规模比例",
        "captive coal units retained, as a share of the original scale")
def captive_coal_retained_ratio(project: Project, params: Mapping[str, Any]) -> MetricValue:
    original, retained = lookup(project, ORIGINAL), lookup(project, RETAINED)
    missing = tuple(f for f, v in ((ORIGINAL, original), (RETAINED, retained)) if v is None)
    if missing:
        return MetricValue(None, (RETAINED, ORIGINAL), missing=missing)
    if original == 0:
        return MetricValue(None, (RETAINED, ORIGINAL), missing=(ORIGINAL,), note=f"{ORIGINAL} is 0")
    # An exact 2/3 (e.g. 400 of 600 MW) is decided by exact arithmetic, not by rounding.
    exact_bound = Decimal(3) * Decimal(retained) == Decimal(2) * Decimal(original)
    value = TWO_THIRDS if exact_bound else divide(retained, original)
    bound = "= 2/3" if exact_bound else ("> 2/3" if value > TWO_THIRDS else "< 2/3")
    trace = (f"retained {fmt(retained)} MW / original {fmt(original)} MW = {percent(value)} "
             f"({bound} of the original scale)")
    return MetricValue(value, (RETAINED, ORIGINAL), trace=trace)
