"""Derived metrics for industrial projects: added capacity and retained captive coal units."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from checker.catalogue.model import Requirement
from checker.input.project import Project
from checker.metrics.registry import (
    MetricValue,
    Reach,
    Solution,
    exactly,
    fmt,
    inverse,
    lookup,
    metric,
    percent,
    side_of,
)

ORIGINAL = "industrial_project.captive_coal_units_original_mw"
RETAINED = "industrial_project.captive_coal_units_retained_mw"
TWO_THIRDS = Decimal(2) / Decimal(3)  # 0.6666666666666666666666666667 at Decimal's 28 digits


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


@inverse("no_added_capacity")
def no_capacity(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    if requirement.op != "true":
        return None
    field = str(requirement.params["field"])
    unit = str(requirement.params.get("unit", "t"))
    return Reach(field, Decimal(0), "le", unit=unit,
                 words=(f"不新增产能：{field} 由 {{before_u}} 改为 0", f"add no capacity: {field} "
                        "from {before_u} to 0"))


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
    value = TWO_THIRDS if exact_bound else Decimal(retained) / Decimal(original)
    bound = "= 2/3" if exact_bound else ("> 2/3" if value > TWO_THIRDS else "< 2/3")
    trace = (f"retained {fmt(retained)} MW / original {fmt(original)} MW = {percent(value)} "
             f"({bound} of the original scale)")
    return MetricValue(value, (RETAINED, ORIGINAL), trace=trace)


@inverse("captive_coal_retained_ratio")
def retained_within(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    """Retained MW = bound × original; the bound 2/3 as the fraction itself (600 MW: 400 exactly;
    700 MW: 466.67 rounded toward passing)."""
    original, side, threshold = lookup(project, ORIGINAL), side_of(requirement.op), requirement.threshold
    if original is None or side is None or not isinstance(threshold, Decimal):
        return None
    if threshold == TWO_THIRDS:
        at, exact = exactly(lambda: Decimal(original) * 2 / 3)
        share = ("2/3", "2/3")
    else:
        at, exact = exactly(lambda: Decimal(original) * threshold)
        share = (percent(threshold), percent(threshold))
    return Reach(RETAINED, at, side, exact, noun=("保留煤电机组规模", "the retained coal units"),
                 unit="MW", note=(f"，即原规模 {fmt(original)} MW 的 {share[0]}",
                                  f", {share[1]} of the original {fmt(original)} MW"))
