"""Derived metrics for public institutions' annual reports (沪机管〔2021〕66号 and its 2022 action plan).

Energy is converted to tonnes of standard coal with GB/T 2589 coefficients and carbon with the
emission factors 沪机管〔2021〕66号 prints itself; each is a dated, cited parameter of
``rules/parameters/`` (``energy/``, ``density/``, ``carbon/``), named by the metrics' params
(``EnergyFigures``) and taken as in force on the report's date. Every figure is Decimal; every
metric leaves a trace in both languages, such as ``2023: 812.4 tce / 80,000 m² = 10.155 kgce/m²;
2020: …; change −5.47%`` (``2023年：812.4 tce / 80,000 m² = 10.155 kgce/m²；2020年：…；变化 −5.47%``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation, localcontext
from functools import lru_cache
from typing import Any

from checker.catalogue.model import Requirement
from checker.catalogue.parameters import Figure, decimal_of, parameter
from checker.input.project import Project, Usage
from checker.input.schema import Strict
from checker.metrics.registry import (
    SEP,
    WIDE,
    Assign,
    Explain,
    MetricValue,
    NoParams,
    Reach,
    Solution,
    Trace,
    exactly,
    field_words,
    fmt,
    inverse,
    lookup,
    metric,
    on_date,
    said,
    side_of,
)
from checker.metrics.transport import NEV, all_vehicles, share_of_vehicles, vehicle_share

SECTION = "public_institution_annual"
CARRIERS = ("electricity_kwh", "natural_gas_m3", "gasoline_l", "diesel_l", "heat_gj")
UNITS = {"electricity_kwh": "kWh", "natural_gas_m3": "m³", "gasoline_l": "L", "diesel_l": "L",
         "heat_gj": "GJ"}
_THOUSAND = Decimal(1000)  # kg per tonne: kgce to tce, kg CO₂ to t (a unit, not a policy figure)


class EnergyFigures(Strict):
    """The figures energy and carbon are computed from, each a parameter of rules/parameters/ (a
    rule may name another, cited one; a direct call may give a number)."""

    energy_electricity_kwh: Figure = parameter("energy.electricity_kwh")
    energy_natural_gas_m3: Figure = parameter("energy.natural_gas_m3")
    energy_gasoline_kg: Figure = parameter("energy.gasoline_kg")
    energy_diesel_kg: Figure = parameter("energy.diesel_kg")
    energy_heat_gj: Figure = parameter("energy.heat_gj")
    density_gasoline_l: Figure = parameter("density.gasoline")
    density_diesel_l: Figure = parameter("density.diesel")
    carbon_electricity_kwh: Figure = parameter("carbon.electricity_kwh")
    carbon_natural_gas_m3: Figure = parameter("carbon.natural_gas_m3")
    carbon_gasoline_l: Figure = parameter("carbon.gasoline_l")
    carbon_diesel_l: Figure = parameter("carbon.diesel_l")
    carbon_heat_gj: Figure = parameter("carbon.heat_gj")
    weather_sensitive_share: Figure = parameter("public_institutions.weather_sensitive_share")


# carrier: (its 折标准煤系数, the density that turns the litres reported into kg, its CO₂ factor)
FIGURES: dict[str, tuple[str, str | None, str]] = {
    "electricity_kwh": ("energy_electricity_kwh", None, "carbon_electricity_kwh"),
    "natural_gas_m3": ("energy_natural_gas_m3", None, "carbon_natural_gas_m3"),
    "gasoline_l": ("energy_gasoline_kg", "density_gasoline_l", "carbon_gasoline_l"),
    "diesel_l": ("energy_diesel_kg", "density_diesel_l", "carbon_diesel_l"),
    "heat_gj": ("energy_heat_gj", None, "carbon_heat_gj"),
}


@dataclass(frozen=True)
class Coefficients:
    energy: dict[str, Decimal]  # kgce per reported unit (kWh, m³, L, GJ)
    carbon: dict[str, Decimal]  # t CO2 per reported unit
    weather_share: Decimal | None
    # carrier: "parameters.<name>" of each figure it needs that has no value in force
    unknown: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def missing(self, carriers: tuple[str, ...]) -> list[str]:
        found: list[str] = []
        for carrier in carriers:
            found += [name for name in self.unknown.get(carrier, ()) if name not in found]
        return found


def coefficients(params: EnergyFigures | Mapping[str, Any] | None = None,
                 on: dt.date | None = None) -> Coefficients:
    """The cited coefficients in force on ``on`` (the latest without a date); a rule's params may
    name other parameters for any of them (e.g. a cited density)."""
    figures = params if isinstance(params, EnergyFigures) else EnergyFigures.model_validate(dict(params or {}))
    return _coefficients(figures, on)


@lru_cache(maxsize=64)
def _coefficients(figures: EnergyFigures, on: dt.date | None) -> Coefficients:
    with localcontext(WIDE):  # exact: a density times a coefficient, a factor per 10,000
        return _cited(figures, on)


def _cited(figures: EnergyFigures, on: dt.date | None) -> Coefficients:
    energy: dict[str, Decimal] = {}
    carbon: dict[str, Decimal] = {}
    unknown: dict[str, tuple[str, ...]] = {}
    for carrier, (coefficient, density, factor) in FIGURES.items():
        needed = [getattr(figures, name) for name in (coefficient, density, factor) if name]
        absent = tuple(f"parameters.{f.describe()}" for f in needed if f.per_unit_at(on) is None)
        if absent:
            unknown[carrier] = absent
            continue
        value = _per_unit(getattr(figures, coefficient), on)
        if density is not None:
            value *= _per_unit(getattr(figures, density), on)
        energy[carrier] = value
        carbon[carrier] = _per_unit(getattr(figures, factor), on)
    share = figures.weather_sensitive_share.at(on)
    return Coefficients(energy, carbon, None if share is None else decimal_of(share), unknown)


def _per_unit(figure: Figure, on: dt.date | None) -> Decimal:
    value = figure.per_unit_at(on)
    assert value is not None
    return value


def _q(value: Decimal, places: int = 3) -> str:
    with localcontext(WIDE):  # never too many digits to quantize, whatever the magnitude
        return fmt(value.quantize(Decimal(1).scaleb(-places)).normalize())


def _pct(value: Decimal) -> str:
    with localcontext(WIDE):
        text = fmt((value * 100).quantize(Decimal("0.01")).normalize()) + "%"
    return text.replace("-", "−")


@dataclass(frozen=True)
class Totals:
    energy_tce: Decimal
    carbon_t: Decimal
    lines: tuple[Trace, ...]  # each carrier: amount × coefficient = tce


def totals(usage: Usage, carriers: tuple[str, ...], coeffs: Coefficients) -> Totals:
    """Energy (tce) and carbon (t CO2) of the carriers reported in one year.

    Several rules ask for the same year's totals; the last few are kept (by identity, the usage
    and coefficients held so that their ids are not reused meanwhile).
    """
    key = (id(usage), carriers, id(coeffs))
    kept = _recent_totals.get(key)
    if kept is not None and kept[0] is usage and kept[1] is coeffs:
        return kept[2]
    if len(_recent_totals) >= 16:
        _recent_totals.clear()
    found = _totals(usage, carriers, coeffs)
    _recent_totals[key] = (usage, coeffs, found)
    return found


_recent_totals: dict[tuple[int, tuple[str, ...], int], tuple[Usage, Coefficients, Totals]] = {}


def _totals(usage: Usage, carriers: tuple[str, ...], coeffs: Coefficients) -> Totals:
    with localcontext(WIDE):  # exact sums of exact products
        return _summed(usage, carriers, coeffs)


def _summed(usage: Usage, carriers: tuple[str, ...], coeffs: Coefficients) -> Totals:
    energy, carbon, lines = Decimal(0), Decimal(0), []
    for carrier in carriers:
        amount = getattr(usage, carrier)
        tce = amount * coeffs.energy[carrier] / _THOUSAND
        energy += tce
        carbon += amount * coeffs.carbon[carrier]
        lines.append(said("trace.carrier", amount=fmt(amount), unit=UNITS[carrier],
                          coefficient=_q(coeffs.energy[carrier], 4), tce=_q(tce)))
    return Totals(energy, carbon, tuple(lines))


def _usage(project: Project, year: str) -> Usage | None:
    value = lookup(project, f"{SECTION}.{year}")
    return value if isinstance(value, Usage) else None


def _field(year: str, name: str) -> str:
    return f"{SECTION}.{year}.{name}"


def paired_carriers(base: Usage, current: Usage) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Carriers reported in both years, and the fields missing because one year lacks them.

    Electricity is always needed; another carrier may be left out of a year only when the other
    year reports none of it either (omitted or 0: not used).
    """
    used: list[str] = []
    missing: list[str] = []
    for carrier in CARRIERS:
        amounts = {"baseline_2020": getattr(base, carrier), "current": getattr(current, carrier)}
        needed = carrier == "electricity_kwh" or any(amounts.values())
        if needed:
            missing += [_field(year, carrier) for year, amount in amounts.items() if amount is None]
        if None not in amounts.values():
            used.append(carrier)
    return tuple(used), tuple(missing)


@dataclass(frozen=True)
class Side:
    """One year's numerator (with its derivation) ready to divide by a denominator."""

    amount: Decimal
    unit: str
    detail: Trace


Numerator = Callable[[Usage, Usage, Coefficients], tuple[Side, Side] | list[str]]


def _energy_or_carbon(which: str) -> Numerator:
    def numerator(base: Usage, current: Usage, coeffs: Coefficients) -> tuple[Side, Side] | list[str]:
        carriers, missing = paired_carriers(base, current)
        if missing or coeffs.missing(carriers):
            return list(missing) + coeffs.missing(carriers)
        sides = []
        for usage in (base, current):
            found = totals(usage, carriers, coeffs)
            if which == "energy":
                sides.append(Side(found.energy_tce, "tce", SEP.join(found.lines)))
            else:
                sides.append(Side(found.carbon_t, "t CO₂", said("trace.carbon", carbon=_q(found.carbon_t))))
        return sides[0], sides[1]

    return numerator


def _water(base: Usage, current: Usage, coeffs: Coefficients) -> tuple[Side, Side] | list[str]:
    missing = list(_field(y, "water_m3") for y, u in (("baseline_2020", base), ("current", current))
                    if u.water_m3 is None)
    if missing:
        return missing
    assert base.water_m3 is not None and current.water_m3 is not None
    return Side(base.water_m3, "m³", Trace()), Side(current.water_m3, "m³", Trace())


def weather_factor(base: Usage, current: Usage, coeffs: Coefficients) -> tuple[Decimal, Trace]:
    """Degree-day correction of current energy (沪机管〔2021〕66号 四、（二）): 1 unless degree days
    for both years and a cited weather-sensitive share are given."""
    top, bottom, note = _weather(base, current, coeffs)
    with localcontext(WIDE):
        return top / bottom, note


def _weather(base: Usage, current: Usage, coeffs: Coefficients) -> tuple[Decimal, Decimal, Trace]:
    """The weather factor as an exact fraction (numerator, denominator) and its note."""
    days = [u.hdd18 is not None and u.cdd26 is not None for u in (base, current)]
    if not all(days):
        return Decimal(1), Decimal(1), Trace()
    assert base.hdd18 is not None and base.cdd26 is not None
    assert current.hdd18 is not None and current.cdd26 is not None
    with localcontext(WIDE):
        base_dd, current_dd = base.hdd18 + base.cdd26, current.hdd18 + current.cdd26
        if coeffs.weather_share is None or current_dd == 0:
            return Decimal(1), Decimal(1), said("trace.not_normalised", now=fmt(current_dd),
                                                then=fmt(base_dd))
        share = coeffs.weather_share
        top = (1 - share) * current_dd + share * base_dd  # factor = (1 − s) + s × base / current
        factor = top / current_dd
    return top, current_dd, said("trace.normalised", factor=_q(factor, 4), share=fmt(share),
                                 then=fmt(base_dd), now=fmt(current_dd))


def _denominator(usage: Usage, per: str) -> Decimal | None:
    value = usage.floor_area_m2 if per == "area" else usage.occupants
    return None if value is None else Decimal(value)


@dataclass(frozen=True)
class Compared:
    """Both years' numerators and denominators, and the weather factor of the current year."""

    base: Side
    current: Side
    base_den: Decimal
    current_den: Decimal
    factor: Decimal  # top / bottom, to 200 digits
    weather_note: Trace
    top: Decimal = Decimal(1)  # the weather factor as a fraction of exact products
    bottom: Decimal = Decimal(1)


def compared(project: Project, params: EnergyFigures, numerator: Numerator, per: str,
             weather: bool) -> Compared | MetricValue:
    """What ``reduction`` divides, or the MetricValue saying what is missing."""
    base, current = _usage(project, "baseline_2020"), _usage(project, "current")
    fields = (f"{SECTION}.baseline_2020", f"{SECTION}.current")
    if base is None or current is None:
        return MetricValue(None, fields, missing=tuple(f for f, u in zip(fields, (base, current), strict=True)
                                                   if u is None))
    denominator_name = "floor_area_m2" if per == "area" else "occupants"
    missing = [_field(y, denominator_name) for y, u in (("baseline_2020", base), ("current", current))
               if not _denominator(u, per)]
    coeffs = coefficients(params, on_date(project))
    sides = numerator(base, current, coeffs)
    if isinstance(sides, list):
        missing += sides
    if missing or isinstance(sides, list):
        return MetricValue(None, fields, missing=tuple(missing), note=said("note.not_comparable"))
    base_side, current_side = sides
    top, bottom, weather_note = _weather(base, current, coeffs) if weather else (Decimal(1), Decimal(1), Trace())
    base_den, current_den = _denominator(base, per), _denominator(current, per)
    assert base_den and current_den
    if base_side.amount == 0:
        return MetricValue(None, fields, missing=(fields[0],), note=said("note.zero_2020"))
    with localcontext(WIDE):
        factor = top / bottom
    return Compared(base_side, current_side, base_den, current_den, factor, weather_note, top, bottom)


def reduction(project: Project, params: EnergyFigures, numerator: Numerator, per: str,
              weather: bool) -> MetricValue:
    """Change of (numerator / area or persons) in the report year against 2020, e.g. −0.0547."""
    found = compared(project, params, numerator, per, weather)
    if isinstance(found, MetricValue):
        return found
    fields = (f"{SECTION}.baseline_2020", f"{SECTION}.current")
    base_side, current_side, factor = found.base, found.current, found.factor
    base_den, current_den = found.base_den, found.current_den
    with localcontext(WIDE):
        # (current × factor / current_den) / (base / base_den) − 1 as one fraction of exact
        # products, divided once: never rounded onto a bound it differs from (registry.WIDE)
        now = current_side.amount * found.top * base_den
        then = base_side.amount * found.bottom * current_den
        change = (now - then) / then
    number = lookup(project, f"{SECTION}.year")
    year = said("trace.year", year=number) if number else said("trace.report_year")
    base_year = said("trace.base_year")
    trace = said("trace.change", now=said("trace.year_line", year=year,
                                          line=_line(current_side, current_den, per, factor)),
                 weather=found.weather_note, base_year=base_year,
                 then=_line(base_side, base_den, per, Decimal(1)), change=_pct(change))
    if current_side.detail and base_side.detail and current_side.unit == "tce":
        trace += said("trace.details", year=year, now=current_side.detail, base_year=base_year,
                      then=base_side.detail)
    return MetricValue(change, fields, trace=trace)


def _line(side: Side, denominator: Decimal, per: str, factor: Decimal) -> Trace:
    with localcontext(WIDE):
        return _shown_line(side, denominator, per, factor)


def _shown_line(side: Side, denominator: Decimal, per: str, factor: Decimal) -> Trace:
    amount = side.amount * factor
    if side.unit == "tce":
        unit = "kgce"
        value = amount * _THOUSAND / denominator
    elif side.unit == "t CO₂":
        unit = "kg CO₂"
        value = amount * _THOUSAND / denominator
    else:
        unit = "m³"
        value = amount / denominator
    return said("trace.per_area" if per == "area" else "trace.per_person", amount=_q(amount),
                unit=side.unit, per=fmt(denominator), value=_q(value), per_unit=unit)


@metric("pi_energy_per_area_change", "单位建筑面积能耗较2020年变化", "energy per m² against 2020", params=EnergyFigures)
def energy_per_area_change(project: Project, params: EnergyFigures) -> MetricValue:
    return reduction(project, params, _energy_or_carbon("energy"), "area", weather=True)


@metric("pi_energy_per_capita_change", "人均能耗较2020年变化", "energy per person against 2020", params=EnergyFigures)
def energy_per_capita_change(project: Project, params: EnergyFigures) -> MetricValue:
    return reduction(project, params, _energy_or_carbon("energy"), "person", weather=True)


@metric("pi_water_per_capita_change", "人均水耗较2020年变化", "water per person against 2020", params=EnergyFigures)
def water_per_capita_change(project: Project, params: EnergyFigures) -> MetricValue:
    return reduction(project, params, _water, "person", weather=False)


@metric("pi_carbon_per_area_change", "单位建筑面积碳排放较2020年变化", "CO₂ per m² against 2020", params=EnergyFigures)
def carbon_per_area_change(project: Project, params: EnergyFigures) -> MetricValue:
    return reduction(project, params, _energy_or_carbon("carbon"), "area", weather=True)


# --- remedies: how much less in the report year ----------------------------------------------

KGCE = Decimal("0.001")  # a remedy's figures in tce, t CO2 and per m² or person: to the kg
# per metric: what is compared (zh, en), the unit per m² or person (zh, en), what to cut
PER_UNIT = {("energy", "area"): (("单位建筑面积能耗", "energy per m²"), ("kgce/m²", "kgce/m²")),
            ("energy", "person"): (("人均能耗", "energy per person"), ("kgce/人", "kgce/person")),
            ("carbon", "area"): (("单位建筑面积碳排放", "CO₂ per m²"), ("kg CO₂/m²", "kg CO₂/m²"))}


def less_in_report_year(project: Project, requirement: Requirement, numerator: Numerator, per: str,
                        weather: bool, what: str) -> Solution | None:
    """The current year's numerator at the bound: change = (current × factor / denominator) /
    (2020 value) − 1 reaches the threshold where current = (1 + threshold) × 2020 value ×
    denominator / factor. Water is one field; energy and carbon are sums over every carrier, so
    the remedy says how much less in total (rounded up to the kg, in any mix of carriers)."""
    side, threshold = side_of(requirement.op), requirement.threshold
    if side not in ("le", "lt") or not isinstance(threshold, Decimal):
        return None
    found = compared(project, requirement.arguments, numerator, per, weather)  # type: ignore[arg-type]
    if isinstance(found, MetricValue):
        return None
    at, exact = exactly(lambda: (1 + threshold) * (found.base.amount / found.base_den)
                        * found.current_den / found.factor)
    if at < 0:
        return None
    year = lookup(project, f"{SECTION}.year")
    year_zh, year_en = (f"{year}年", f"in {year}") if year else ("本年度", "in the report year")
    if what == "water":
        per_person = f"{fmt(threshold * -100)}%"
        return Reach(f"{SECTION}.current.water_m3", at, side, exact, unit="m³",
                     noun=(f"{year_zh}用水量", f"water use {year_en}"),
                     note=(f"，使人均水耗较2020年下降不少于 {per_person}",
                           f", so that water per person is at least {per_person} below 2020"))
    cut = found.current.amount - at
    less = max(_up(cut, side), KGCE)
    scale = _THOUSAND / found.current_den
    (label_zh, label_en), (unit_zh, unit_en) = PER_UNIT[(what, per)]
    now = found.current.amount * found.factor * scale
    after = _down((found.current.amount - less) * found.factor * scale)
    per_less = _up(less * found.factor * scale, "le")
    amount = "tce" if what == "energy" else "t CO₂"
    normalised = (f"，按气象修正 ×{_q(found.factor, 4)}", f", weather-normalised ×{_q(found.factor, 4)}"
                  ) if found.factor != 1 else ("", "")
    verb_zh = "能耗" if what == "energy" else "碳排放"
    verb_en = (f"use {_q(less)} tce less energy" if what == "energy"
               else f"emit {_q(less)} t CO₂ less")
    return Explain(
        f"{year_zh}{verb_zh}需再减少 {_q(less)} {amount}（{label_zh}由 {_q(now)} 降至 {_q(after)} {unit_zh}，"
        f"降低 {_q(per_less)} {unit_zh}{normalised[0]}）；各种能源均可减少，合计不少于 {_q(less)} {amount}",
        f"{verb_en} {year_en} ({label_en} from {_q(now)} to {_q(after)} {unit_en}, {_q(per_less)} "
        f"{unit_en} less{normalised[1]}), in any mix of carriers")


def _down(value: Decimal) -> Decimal:
    """``value`` rounded down to the kg: the figure after the cut is at most this."""
    try:
        return value.quantize(KGCE, rounding=ROUND_FLOOR)
    except InvalidOperation:
        return value


def _up(value: Decimal, side: str) -> Decimal:
    """``value`` rounded up to the kg; for a strict bound, the next kg above an exact one."""
    try:
        rounded = value.quantize(KGCE, rounding=ROUND_CEILING)
    except InvalidOperation:  # beyond 28 digits at the kg: the figure as it is
        return value
    return rounded + KGCE if side == "lt" and rounded == value else rounded


@inverse("pi_energy_per_area_change")
def energy_per_area_less(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    return less_in_report_year(project, requirement, _energy_or_carbon("energy"), "area", True, "energy")


@inverse("pi_energy_per_capita_change")
def energy_per_capita_less(project: Project, requirement: Requirement,
                           computed: MetricValue) -> Solution | None:
    return less_in_report_year(project, requirement, _energy_or_carbon("energy"), "person", True, "energy")


@inverse("pi_water_per_capita_change")
def water_per_capita_less(project: Project, requirement: Requirement,
                          computed: MetricValue) -> Solution | None:
    return less_in_report_year(project, requirement, _water, "person", False, "water")


@inverse("pi_carbon_per_area_change")
def carbon_per_area_less(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    return less_in_report_year(project, requirement, _energy_or_carbon("carbon"), "area", True, "carbon")


class AuditParams(EnergyFigures):
    energy_tce: Figure  # the annual energy use (tce) from which the clause asks for an audit


@metric("pi_energy_audit_status", "能源审计（年能耗{energy_tce}吨标准煤及以上）",
        "energy audit (≥ {energy_tce} tce a year)", params=AuditParams)
def energy_audit_status(project: Project, params: AuditParams) -> MetricValue:
    """done | due_not_done; below ``params.energy_tce`` the clause's energy branch does not cover
    the institution (out of scope), whatever its floor area (the area branch is its own rule)."""
    done_field = f"{SECTION}.energy_audit_done"
    fields = (done_field, f"{SECTION}.current")
    on = on_date(project)
    bound_value = params.energy_tce.at(on)
    if bound_value is None:
        return MetricValue(None, fields, missing=(f"parameters.{params.energy_tce.describe()}",))
    bound = decimal_of(bound_value)
    current = _usage(project, "current")
    energy = None
    if current is not None and current.electricity_kwh is not None:
        reported = tuple(c for c in CARRIERS if getattr(current, c) is not None)
        coeffs = coefficients(params, on)
        if coeffs.missing(reported):
            return MetricValue(None, fields, missing=tuple(coeffs.missing(reported)))
        found = totals(current, reported, coeffs)
        unreported = tuple(_field("current", c) for c in CARRIERS if c not in reported)
        energy = (found, unreported,
                  said("trace.energy", tce=_q(found.energy_tce), lines=SEP.join(found.lines)))
        if found.energy_tce < bound and not unreported:
            return MetricValue(None, fields, trace=energy[2],
                           note=said("note.below_audit", tce=_q(found.energy_tce), bound=fmt(bound)),
                           in_scope=False)
    done = lookup(project, done_field)
    if done is None:
        return MetricValue.absent(done_field)
    if done:
        return MetricValue("done", (done_field,), trace=said("trace.audit_done"))
    if energy is None:
        return MetricValue(None, fields, missing=(_field("current", "electricity_kwh"),))
    found, unreported, trace = energy
    if found.energy_tce >= bound:
        return MetricValue("due_not_done", fields,
                       trace=said("trace.audit_due", energy=trace, bound=fmt(bound)))
    return MetricValue(None, fields, missing=unreported, trace=trace,
                   note=said("note.below_reported", bound=fmt(bound)))


@metric("pi_sub_metering_complete", "分项计量器具配备率达到100%", "sub-metering fully equipped (100%)")
def sub_metering_complete(project: Project, params: NoParams) -> MetricValue:
    name = f"{SECTION}.sub_metering_ratio"
    ratio = lookup(project, name)
    if ratio is None:
        return MetricValue.absent(name)
    return MetricValue(ratio == 1, (name,), trace=said("trace.sub_metering", field=field_words(name),
                                                       ratio=_pct(Decimal(ratio))))


@metric("pi_nev_share_of_replacements", "更新车辆中新能源汽车比例", "NEV share of replacement vehicles")
def nev_share_of_replacements(project: Project, params: NoParams) -> MetricValue:
    return vehicle_share(project, NEV, exclude_without_model=False, want_all=False)


@metric("pi_nev_all_suitable_replacements", "有适配车型的更新车辆全部为新能源汽车",
        "every replacement with a suitable NEV model is an NEV")
def nev_all_suitable(project: Project, params: NoParams) -> MetricValue:
    return vehicle_share(project, NEV, exclude_without_model=True, want_all=True)


@inverse("pi_energy_audit_status")
def audit_done(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    if computed.value != "due_not_done":
        return None
    name = f"{SECTION}.energy_audit_done"
    words = said("remedy.audit", field=field_words(name))
    return Assign(((name, False, True),), words.zh, words.en)


@inverse("pi_sub_metering_complete")
def fully_metered(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    if requirement.op != "true":
        return None
    return Reach(f"{SECTION}.sub_metering_ratio", Decimal(1), "ge", unit="%", style="level",
                 noun=("分项计量器具配备率", "the sub-metering ratio"))


@inverse("pi_nev_share_of_replacements")
def nev_share_remedy(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    return share_of_vehicles(project, requirement, NEV, exclude_without_model=False)


@inverse("pi_nev_all_suitable_replacements")
def nev_all_suitable_remedy(project: Project, requirement: Requirement,
                            computed: MetricValue) -> Solution | None:
    return all_vehicles(project, NEV, exclude_without_model=True)
