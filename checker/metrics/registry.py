"""Derived metrics, computed exactly in Decimal before any engine sees them.

A metric is named in a rule's ``requirement.metric``: either a dotted project field
(``data_centre.pue``) or a registered derived metric (``pue``, ``pv_area_ratio``). Each returns
a ``MetricValue``: the value, the fields it rests on, the fields that were missing, and a trace a
reviewer can follow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation, localcontext
from typing import Any

from checker.input.loader import valid_keys
from checker.input.project import Project

Value = Decimal | bool | str | int

# The context of every metric's arithmetic. An accepted input has at most 20 significant digits
# and lies within 1e-20..1e15 (checker/input/units.py), so the sums and products of a few inputs
# and cited coefficients that a metric needs are exact here, far below 200 digits; each metric
# then divides once, correctly rounded to 200 digits. A quotient N/D of exact operands that
# differs from a threshold of c significant digits differs from it by more than 10^-(d+c+1)
# relatively (d: the digits of D, under 100), far more than the rounding, so a value is never
# rounded onto a bound: Decimal's default 28 digits rounded 2.9999999999999999999999999999999 m²
# over 10 m² onto 30%.
WIDE = Context(prec=200)


@dataclass(frozen=True)
class MetricValue:
    value: Value | None
    fields: tuple[str, ...]
    missing: tuple[str, ...] = ()
    trace: str = ""
    note: str = ""
    in_scope: bool = True  # False: nothing in the project is what the clause covers

    @classmethod
    def absent(cls, field: str) -> MetricValue:
        """The one field the metric rests on is not given."""
        return cls(None, (field,), missing=(field,))


MetricFn = Callable[[Project, Mapping[str, Any]], MetricValue]


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


def metric_info(name: str) -> MetricInfo | None:
    """The registered derived metric ``name``; None for a plain field path."""
    return METRICS.get(name)


def compute(project: Project, name: str, params: Mapping[str, Any]) -> MetricValue:
    info = metric_info(name)
    if info is not None:
        return info.compute(project, params)
    value = lookup(project, name)
    if value is None:
        return MetricValue.absent(name)
    if isinstance(value, list):
        value = len(value)
    return MetricValue(value, (name,), trace=f"{name} = {fmt(value)}")


def is_metric_name(name: str) -> bool:
    return metric_info(name) is not None or is_field_path(name)


def is_field_path(name: str) -> bool:
    parts = name.split(".")
    return parts[-1] in valid_keys(tuple(parts[:-1]))


def quantized(value: Decimal, exp: Decimal) -> Decimal:
    """``value.quantize(exp)``, or ``value`` itself where that needs more than WIDE's digits."""
    try:
        return value.quantize(exp, context=WIDE)
    except InvalidOperation:
        return value


def fmt(value: Any) -> str:
    """A number as a reviewer writes it: no exponent, no trailing zeros, thousands grouped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        number = Decimal(value)
        if number == number.to_integral_value():
            return f"{number.to_integral_value():,f}"
        text = f"{number.normalize():,f}"
        return text
    return str(value)


def percent(value: Decimal) -> str:
    with localcontext(WIDE):
        return fmt(quantized(value * 100, Decimal("0.01")).normalize()) + "%"


def divide(numerator: Decimal | int, denominator: Decimal | int) -> Decimal:
    """``numerator / denominator`` rounded once, in WIDE: never onto a bound it differs from."""
    with localcontext(WIDE):
        return Decimal(numerator) / Decimal(denominator)


def ratio(numerator: str, denominator: str, project: Project, unit: str) -> MetricValue:
    top, bottom = lookup(project, numerator), lookup(project, denominator)
    missing = tuple(f for f, v in ((numerator, top), (denominator, bottom)) if v is None)
    fields = (numerator, denominator)
    if missing:
        return MetricValue(None, fields, missing=missing)
    if bottom == 0:
        return MetricValue(None, fields, missing=(denominator,), note=f"{denominator} is 0")
    value = divide(top, bottom)
    trace = f"{fmt(top)} {unit} / {fmt(bottom)} {unit} = {percent(value)}"
    return MetricValue(value, fields, trace=trace)
