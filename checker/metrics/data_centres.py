"""Derived metrics for data centres."""

from __future__ import annotations

from decimal import Decimal

from checker.catalogue.model import Requirement
from checker.input.project import Project
from checker.metrics.registry import (
    MetricValue,
    NoParams,
    Reach,
    Solution,
    divide,
    exactly,
    field_words,
    fmt,
    inverse,
    lookup,
    metric,
    quantized,
    said,
    side_of,
)


@metric("pue", "能源利用效率（PUE）", "power usage effectiveness (PUE)")
def pue(project: Project, params: NoParams) -> MetricValue:
    declared = lookup(project, "data_centre.pue")
    if declared is not None:
        return MetricValue(declared, ("data_centre.pue",), trace=said("trace.pue_declared",
                                                                              pue=fmt(declared)))
    total_field, it_field = "data_centre.annual_total_energy_kwh", "data_centre.annual_it_energy_kwh"
    total, it = lookup(project, total_field), lookup(project, it_field)
    fields = ("data_centre.pue", total_field, it_field)
    if total is None or it is None:
        return MetricValue(None, fields, missing=("data_centre.pue",))
    if it == 0:
        return MetricValue(None, fields, missing=(it_field,), note=said("note.zero", field=field_words(it_field)))
    value = divide(total, it)
    trace = said("trace.pue_metered", total_field=field_words(total_field), total=fmt(total),
                 it_field=field_words(it_field), it=fmt(it),
                 pue=fmt(quantized(value, Decimal("0.0001"))))
    return MetricValue(value, (total_field, it_field), trace=trace)


@inverse("pue")
def pue_within(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    """A declared PUE down to the bound; a metered one by less total energy for the same IT
    energy (total = PUE × IT, exact)."""
    side, threshold = side_of(requirement.op), requirement.threshold
    if side is None or not isinstance(threshold, Decimal):
        return None
    if lookup(project, "data_centre.pue") is not None:
        new = lookup(project, "data_centre.construction") == "new"
        noun = ("设计 PUE", "the design PUE") if new else ("PUE", "PUE")
        return Reach("data_centre.pue", threshold, side, noun=noun, style="level")
    it = lookup(project, "data_centre.annual_it_energy_kwh")
    if it is None:
        return None
    at, exact = exactly(lambda: threshold * Decimal(it))
    return Reach("data_centre.annual_total_energy_kwh", at, side, exact, unit="kWh",
                 noun=("年总耗电量", "annual total energy"),
                 note=(f"，IT 设备耗电量 {fmt(it)} kWh 不变", f", IT energy unchanged at {fmt(it)} kWh"))
