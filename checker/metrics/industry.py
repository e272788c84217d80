"""Derived metrics for industrial projects: added capacity and retained captive coal units."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Annotated

from pydantic import AfterValidator

from checker.catalogue.model import Requirement
from checker.catalogue.parameters import Figure, decimal_of, parameter
from checker.input.project import Project
from checker.input.schema import Strict
from checker.metrics.registry import (
    MetricValue,
    Reach,
    Solution,
    divide,
    exactly,
    field_words,
    figure_text,
    fmt,
    inverse,
    is_field_path,
    lookup,
    metric,
    on_date,
    percent,
    said,
    side_of,
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
    verdict = said("trace.capacity_none" if added == 0 else "trace.capacity_added")
    trace = said("trace.capacity", field=field_words(field), added=fmt(added), unit=params.unit,
                 verdict=verdict)
    return MetricValue(added == 0, (field,), trace=trace)


class CaptiveCoalParams(Strict):
    # the share of the original scale that may be kept (a fraction, as the clause writes it);
    # a rule's inline threshold must equal it (checked on loading)
    share: Figure = parameter("industry.captive_coal_retained_share")


@inverse("no_added_capacity")
def no_capacity(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    if requirement.op != "true":
        return None
    field = str(requirement.params["field"])
    unit = str(requirement.params.get("unit", "t"))
    words = said("remedy.no_capacity", field=field_words(field))
    return Reach(field, Decimal(0), "le", unit=unit, words=(words.zh, words.en))


@metric("captive_coal_retained_ratio", "自备电厂保留煤机占原规模比例",
        "captive coal units retained, as a share of the original scale",
        params=CaptiveCoalParams, bound="share")
def captive_coal_retained_ratio(project: Project, params: CaptiveCoalParams) -> MetricValue:
    original, retained = lookup(project, ORIGINAL), lookup(project, RETAINED)
    missing = tuple(f for f, v in ((ORIGINAL, original), (RETAINED, retained)) if v is None)
    if missing:
        return MetricValue(None, (RETAINED, ORIGINAL), missing=missing)
    if original == 0:
        return MetricValue(None, (RETAINED, ORIGINAL), missing=(ORIGINAL,),
                           note=said("note.zero", field=field_words(ORIGINAL)))
    share = params.share.at(on_date(project))
    if share is None:
        return MetricValue(None, (RETAINED, ORIGINAL),
                           note=said("note.no_figure", name=params.share.describe()))
    # A ratio exactly at the bound (e.g. 400 of 600 MW against two thirds) is decided by exact
    # arithmetic, not by rounding: it is given as the bound's own Decimal.
    bound = decimal_of(share)
    exact_bound = Fraction(Decimal(retained)) / Fraction(Decimal(original)) == Fraction(share)
    value = bound if exact_bound else divide(retained, original)
    shown = figure_text(share)
    relation = "=" if exact_bound else (">" if value > bound else "<")
    trace = said("trace.captive_coal", retained=fmt(retained), original=fmt(original),
                 share=percent(value), relation=relation, bound=shown)
    return MetricValue(value, (RETAINED, ORIGINAL), trace=trace)


@inverse("captive_coal_retained_ratio")
def retained_within(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    """Retained MW = bound × original; the bound as the parameter's own fraction (600 MW: 400 exactly;
    700 MW: 466.67 rounded toward passing)."""
    original, side, threshold = lookup(project, ORIGINAL), side_of(requirement.op), requirement.threshold
    if original is None or side is None or not isinstance(threshold, Decimal):
        return None
    figure = getattr(requirement.arguments, "share", None)
    fraction = figure.at(on_date(project)) if isinstance(figure, Figure) else None
    if isinstance(fraction, Fraction) and decimal_of(fraction) == threshold:
        # the bound as the clause writes it (a fraction): computed from the fraction itself
        at, exact = exactly(lambda: Decimal(original) * fraction.numerator / fraction.denominator)
        share = (figure_text(fraction), figure_text(fraction))
    else:
        at, exact = exactly(lambda: Decimal(original) * threshold)
        share = (percent(threshold), percent(threshold))
    return Reach(RETAINED, at, side, exact, noun=("保留煤电机组规模", "the retained coal units"),
                 unit="MW", note=(f"，即原规模 {fmt(original)} MW 的 {share[0]}",
                                  f", {share[1]} of the original {fmt(original)} MW"))
