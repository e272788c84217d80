"""Derived metrics, computed exactly in Decimal before any engine sees them.

A metric is named in a rule's ``requirement.metric``: either a dotted project field
(``data_centre.pue``) or a registered derived metric (``pue``, ``pv_area_ratio``). Each returns
a ``Measure``: the value, the fields it rests on, the fields that were missing, and a trace a
reviewer can follow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.project import Project

Value = Decimal | bool | str | int


@dataclass(frozen=True)
class Measure:
    value: Value | None
    fields: tuple[str, ...]
    missing: tuple[str, ...] = ()
    trace: str = ""
    note: str = ""


MetricFn = Callable[[Project, Mapping[str, Any]], Measure]


@dataclass(frozen=True)
class MetricInfo:
    zh: str
    en: str
    compute: MetricFn


METRICS: dict[str, MetricInfo] = {}


def metric(name: str, zh: str, en: str) -> Callable[[MetricFn], MetricFn]:
    def register(fn: MetricFn) -> MetricFn:
        METRICS[name] = MetricInfo(zh, en, fn)
        return fn

    return register


def lookup(project: Project, dotted: str) -> Any:
    value: Any = project
    for part in dotted.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def measure(project: Project, name: str, params: Mapping[str, Any]) -> Measure:
    info = METRICS.get(name)
    if info is not None:
        return info.compute(project, params)
    value = lookup(project, name)
    if value is None:
        return Measure(None, (name,), missing=(name,))
    if isinstance(value, list):
        value = len(value)
    return Measure(value, (name,), trace=f"{name} = {fmt(value)}")


def is_metric_name(name: str) -> bool:
    return name in METRICS or is_field_path(name)


def is_field_path(name: str) -> bool:
    from checker.loader import valid_keys

    parts = name.split(".")
    return parts[-1] in valid_keys(tuple(parts[:-1]))


def fmt(value: Any) -> str:
    """A number as a reviewer writes it: no exponent, no trailing zeros, thousands grouped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        number = Decimal(value)
        if number == number.to_integral_value():
            return f"{number.quantize(Decimal(1)):,}"
        text = f"{number.normalize():,f}"
        return text
    return str(value)


def percent(value: Decimal) -> str:
    return fmt((value * 100).quantize(Decimal("0.01")).normalize()) + "%"


def ratio(numerator: str, denominator: str, project: Project, unit: str) -> Measure:
    top, bottom = lookup(project, numerator), lookup(project, denominator)
    missing = tuple(f for f, v in ((numerator, top), (denominator, bottom)) if v is None)
    fields = (numerator, denominator)
    if missing:
        return Measure(None, fields, missing=missing)
    if bottom == 0:
        return Measure(None, fields, missing=(denominator,), note=f"{denominator} is 0")
    value = Decimal(top) / Decimal(bottom)
    trace = f"{fmt(top)} {unit} / {fmt(bottom)} {unit} = {percent(value)}"
    return Measure(value, fields, trace=trace)


@metric("pv_area_ratio", "屋顶光伏面积比例", "rooftop PV area ratio")
def pv_area_ratio(project: Project, params: Mapping[str, Any]) -> Measure:
    return ratio("building.pv_area_m2", "building.roof_area_m2", project, "m²")


@metric("pue", "能源利用效率（PUE）", "power usage effectiveness (PUE)")
def pue(project: Project, params: Mapping[str, Any]) -> Measure:
    declared = lookup(project, "data_centre.pue")
    if declared is not None:
        return Measure(declared, ("data_centre.pue",), trace=f"PUE = {fmt(declared)} (declared)")
    total_field, it_field = "data_centre.annual_total_energy_kwh", "data_centre.annual_it_energy_kwh"
    total, it = lookup(project, total_field), lookup(project, it_field)
    fields = ("data_centre.pue", total_field, it_field)
    if total is None or it is None:
        return Measure(None, fields, missing=("data_centre.pue",))
    if it == 0:
        return Measure(None, fields, missing=(it_field,), note=f"{it_field} is 0")
    value = Decimal(total) / Decimal(it)
    trace = f"PUE = {fmt(total)} kWh / {fmt(it)} kWh = {fmt(value.quantize(Decimal('0.0001')))}"
    return Measure(value, (total_field, it_field), trace=trace)


@metric("renewable_energy_count", "可再生能源利用种类数", "renewable energy sources used")
def renewable_energy_count(project: Project, params: Mapping[str, Any]) -> Measure:
    field = "building.renewable_energy"
    sources = lookup(project, field)
    if sources is None:
        return Measure(None, (field,), missing=(field,))
    distinct = sorted(set(sources))
    listed = ", ".join(distinct) if distinct else "none"
    return Measure(len(distinct), (field,), trace=f"{len(distinct)} source(s): {listed}")
