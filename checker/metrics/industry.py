"""Derived metrics for industrial projects: added capacity and retained captive coal units."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Annotated

from pydantic import AfterValidator

from checker.catalogue.parameters import Figure, decimal_of, parameter
from checker.input.project import Project
from checker.input.schema import Strict
from checker.metrics.registry import (
    MetricValue,
    divide,
    figure_text,
    fmt,
    is_field_path,
    lookup,
    metric,
    on_date,
    percent,
)

ORIGINAL = "industrial_project.captive_coal_units_original_mw"
RETAINED = "industrial_project.captive_coal_units_retained_mw"


def _project_field(name: str) -> str:
    if not is_field_path(name):
        raise ValueError(f"'{name}' is not a project field")
    return name


class CapacityParams(Strict):
    field: Annotated[str, AfterValidator(_project_field)]  # the added-capacity field, e.g. ..._t
    unit: str  # how the trace writes its unit, e.g. t


@metric("no_added_capacity", "不新增产能", "no capacity is added", params=CapacityParams)
def no_added_capacity(project: Project, params: CapacityParams) -> MetricValue:
    """True when the capacity field named in ``params.field`` is zero."""
    field = params.field
    added = lookup(project, field)
    if added is None:
        return MetricValue.absent(field)
    verdict = "no capacity added" if added == 0 else "capacity is added"
    return MetricValue(added == 0, (field,), trace=f"{field} = {fmt(added)} {params.unit}: {verdict}")


class CaptiveCoalParams(Strict):
    # the share of the original scale that may be kept (a fraction, as the clause writes it);
    # a rule's inline threshold must equal it (checked on loading)
    share: Figure = parameter("industry.captive_coal_retained_share")


@metric("captive_coal_retained_ratio", "自备电厂保留煤机占原规模比例",
        "captive coal units retained, as a share of the original scale",
        params=CaptiveCoalParams, bound="share")
def captive_coal_retained_ratio(project: Project, params: CaptiveCoalParams) -> MetricValue:
    original, retained = lookup(project, ORIGINAL), lookup(project, RETAINED)
    missing = tuple(f for f, v in ((ORIGINAL, original), (RETAINED, retained)) if v is None)
    if missing:
        return MetricValue(None, (RETAINED, ORIGINAL), missing=missing)
    if original == 0:
        return MetricValue(None, (RETAINED, ORIGINAL), missing=(ORIGINAL,), note=f"{ORIGINAL} is 0")
    share = params.share.at(on_date(project))
    if share is None:
        return MetricValue(None, (RETAINED, ORIGINAL),
                           note=f"parameter {params.share.describe()} has no value in force")
    # A ratio exactly at the bound (e.g. 400 of 600 MW against two thirds) is decided by exact
    # arithmetic, not by rounding: it is given as the bound's own Decimal.
    bound = decimal_of(share)
    exact_bound = Fraction(Decimal(retained)) / Fraction(Decimal(original)) == Fraction(share)
    value = bound if exact_bound else divide(retained, original)
    shown = figure_text(share)
    relation = "=" if exact_bound else (">" if value > bound else "<")
    trace = (f"retained {fmt(retained)} MW / original {fmt(original)} MW = {percent(value)} "
             f"({relation} {shown} of the original scale)")
    return MetricValue(value, (RETAINED, ORIGINAL), trace=trace)
