"""Derived metrics for data centres."""

from __future__ import annotations

from decimal import Decimal

from checker.input.project import Project
from checker.metrics.registry import MetricValue, NoParams, divide, fmt, lookup, metric, quantized


@metric("pue", "能源利用效率（PUE）", "power usage effectiveness (PUE)")
def pue(project: Project, params: NoParams) -> MetricValue:
    declared = lookup(project, "data_centre.pue")
    if declared is not None:
        return MetricValue(declared, ("data_centre.pue",), trace=f"PUE = {fmt(declared)} (declared)")
    total_field, it_field = "data_centre.annual_total_energy_kwh", "data_centre.annual_it_energy_kwh"
    total, it = lookup(project, total_field), lookup(project, it_field)
    fields = ("data_centre.pue", total_field, it_field)
    if total is None or it is None:
        return MetricValue(None, fields, missing=("data_centre.pue",))
    if it == 0:
        return MetricValue(None, fields, missing=(it_field,), note=f"{it_field} is 0")
    value = divide(total, it)
    trace = f"PUE = {fmt(total)} kWh / {fmt(it)} kWh = {fmt(quantized(value, Decimal('0.0001')))}"
    return MetricValue(value, (total_field, it_field), trace=trace)
