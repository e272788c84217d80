"""Derived metrics for public institutions' annual reports (沪机管〔2021〕66号 and its 2022 action plan).

Energy is converted to tonnes of standard coal with GB/T 2589 coefficients and carbon with the
emission factors 沪机管〔2021〕66号 prints itself; both sit, with their sources, in
``rules/parameters/energy_coefficients.yaml``. Every figure is Decimal; every metric leaves a trace
such as ``2023: 812.4 tce / 80,000 m² = 10.155 kgce/m²; 2020: …; change −5.47%``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from checker.catalogue.load import rules_dir
from checker.input.document import read_document
from checker.input.project import Project, Usage
from checker.metrics.registry import MetricValue, fmt, lookup, metric, quantized
from checker.metrics.transport import NEV, vehicle_share

SECTION = "public_institution_annual"
CARRIERS = ("electricity_kwh", "natural_gas_m3", "gasoline_l", "diesel_l", "heat_gj")
UNITS = {"electricity_kwh": "kWh", "natural_gas_m3": "m³", "gasoline_l": "L", "diesel_l": "L",
         "heat_gj": "GJ"}
_THOUSAND = Decimal(1000)


@dataclass(frozen=True)
class Coefficients:
    energy: dict[str, Decimal]  # kgce per reported unit (kWh, m³, L, GJ)
    carbon: dict[str, Decimal]  # t CO2 per reported unit
    weather_share: Decimal | None


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@lru_cache(maxsize=1)
def _parameter_file() -> dict[str, Any]:
    data: dict[str, Any] = read_document(rules_dir() / "parameters" / "energy_coefficients.yaml").data
    return data


def coefficients(params: Mapping[str, Any] | None = None) -> Coefficients:
    """The cited coefficients; a rule's requirement.params may override densities or the share."""
    return _coefficients(tuple(sorted((params or {}).items())))


@lru_cache(maxsize=64)
def _coefficients(items: tuple[tuple[str, Any], ...]) -> Coefficients:
    params = dict(items)
    data = _parameter_file()
    energy: dict[str, Decimal] = {}
    for carrier in CARRIERS:
        entry = data["energy"][carrier]
        value = _decimal(entry["value"])
        if entry.get("per_kg"):
            density = params.get(f"density_{carrier}", data["density"][carrier]["value"])
            value *= _decimal(density)
        energy[carrier] = value
    carbon = {c: _decimal(data["carbon"][c]["value"]) / _decimal(data["carbon"][c]["per"])
              for c in CARRIERS}
    share = params.get("weather_sensitive_share", data["weather"]["weather_sensitive_share"])
    return Coefficients(energy, carbon, None if share is None else _decimal(share))


def _q(value: Decimal, places: int = 3) -> str:
    return fmt(quantized(value, Decimal(1).scaleb(-places)).normalize())


def _pct(value: Decimal) -> str:
    text = fmt((value * 100).quantize(Decimal("0.01")).normalize()) + "%"
    return text.replace("-", "−")


@dataclass(frozen=True)
class Totals:
    energy_tce: Decimal
    carbon_t: Decimal
    lines: tuple[str, ...]


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
    energy, carbon, lines = Decimal(0), Decimal(0), []
    for carrier in carriers:
        amount = getattr(usage, carrier)
        tce = amount * coeffs.energy[carrier] / _THOUSAND
        energy += tce
        carbon += amount * coeffs.carbon[carrier]
        lines.append(f"{fmt(amount)} {UNITS[carrier]} × {_q(coeffs.energy[carrier], 4)} kgce = {_q(tce)} tce")
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
    detail: str


Numerator = Callable[[Usage, Usage, Coefficients], tuple[Side, Side] | list[str]]


def _energy_or_carbon(which: str) -> Numerator:
    def numerator(base: Usage, current: Usage, coeffs: Coefficients) -> tuple[Side, Side] | list[str]:
        carriers, missing = paired_carriers(base, current)
        if missing:
            return list(missing)
        sides = []
        for usage in (base, current):
            found = totals(usage, carriers, coeffs)
            if which == "energy":
                sides.append(Side(found.energy_tce, "tce", "; ".join(found.lines)))
            else:
                sides.append(Side(found.carbon_t, "t CO₂", f"{_q(found.carbon_t)} t CO₂ "
                                  f"(沪机管〔2021〕66号 factors)"))
        return sides[0], sides[1]

    return numerator


def _water(base: Usage, current: Usage, coeffs: Coefficients) -> tuple[Side, Side] | list[str]:
    missing = list(_field(y, "water_m3") for y, u in (("baseline_2020", base), ("current", current))
                    if u.water_m3 is None)
    if missing:
        return missing
    assert base.water_m3 is not None and current.water_m3 is not None
    return Side(base.water_m3, "m³", ""), Side(current.water_m3, "m³", "")


def weather_factor(base: Usage, current: Usage, coeffs: Coefficients) -> tuple[Decimal, str]:
    """Degree-day correction of current energy (沪机管〔2021〕66号 四、（二）): 1 unless degree days
    for both years and a cited weather-sensitive share are given."""
    days = [u.hdd18 is not None and u.cdd26 is not None for u in (base, current)]
    if not all(days):
        return Decimal(1), ""
    assert base.hdd18 is not None and base.cdd26 is not None
    assert current.hdd18 is not None and current.cdd26 is not None
    base_dd, current_dd = base.hdd18 + base.cdd26, current.hdd18 + current.cdd26
    if coeffs.weather_share is None or current_dd == 0:
        return Decimal(1), (f"; HDD18+CDD26 {fmt(current_dd)} vs 2020 {fmt(base_dd)}: not normalised "
                            "(the plan names the method but prints no coefficient)")
    share = coeffs.weather_share
    factor = (1 - share) + share * base_dd / current_dd
    return factor, (f"; weather-normalised ×{_q(factor, 4)} = (1 − {fmt(share)}) + {fmt(share)} × "
                    f"{fmt(base_dd)} / {fmt(current_dd)} degree days")


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
    factor: Decimal
    weather_note: str


def compared(project: Project, params: Mapping[str, Any], numerator: Numerator, per: str,
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
    coeffs = coefficients(params)
    sides = numerator(base, current, coeffs)
    if isinstance(sides, list):
        missing += sides
    if missing or isinstance(sides, list):
        return MetricValue(None, fields, missing=tuple(missing), note="zero or absent values cannot be compared")
    base_side, current_side = sides
    factor, weather_note = weather_factor(base, current, coeffs) if weather else (Decimal(1), "")
    base_den, current_den = _denominator(base, per), _denominator(current, per)
    assert base_den and current_den
    if base_side.amount == 0:
        return MetricValue(None, fields, missing=(fields[0],), note="2020 consumption is 0")
    return Compared(base_side, current_side, base_den, current_den, factor, weather_note)


def reduction(project: Project, params: Mapping[str, Any], numerator: Numerator, per: str,
              weather: bool) -> MetricValue:
    """Change of (numerator / area or persons) in the report year against 2020, e.g. −0.0547."""
    found = compared(project, params, numerator, per, weather)
    if isinstance(found, MetricValue):
        return found
    fields = (f"{SECTION}.baseline_2020", f"{SECTION}.current")
    base_side, current_side, factor = found.base, found.current, found.factor
    base_den, current_den = found.base_den, found.current_den
    base_value = base_side.amount / base_den
    current_value = current_side.amount * factor / current_den
    change = current_value / base_value - 1
    year = lookup(project, f"{SECTION}.year") or "current"
    trace = (f"{year}: {_line(current_side, current_den, per, factor)}{found.weather_note}; "
             f"2020: {_line(base_side, base_den, per, Decimal(1))}; change {_pct(change)}")
    details = [d for d in (current_side.detail, base_side.detail) if d]
    if details and current_side.unit == "tce":
        trace += f" [{year}: {details[0]}; 2020: {details[1]}]"
    return MetricValue(change, fields, trace=trace)


def _line(side: Side, denominator: Decimal, per: str, factor: Decimal) -> str:
    amount = side.amount * factor
    per_text = f"{fmt(denominator)} m²" if per == "area" else f"{fmt(denominator)} persons"
    if side.unit == "tce":
        unit = "kgce/m²" if per == "area" else "kgce/person"
        value = amount * _THOUSAND / denominator
    elif side.unit == "t CO₂":
        unit = "kg CO₂/m²" if per == "area" else "kg CO₂/person"
        value = amount * _THOUSAND / denominator
    else:
        unit = "m³/person"
        value = amount / denominator
    return f"{_q(amount)} {side.unit} / {per_text} = {_q(value)} {unit}"


@metric("pi_energy_per_area_change", "单位建筑面积能耗较2020年变化", "energy per m² against 2020")
def energy_per_area_change(project: Project, params: Mapping[str, Any]) -> MetricValue:
    return reduction(project, params, _energy_or_carbon("energy"), "area", weather=True)


@metric("pi_energy_per_capita_change", "人均能耗较2020年变化", "energy per person against 2020")
def energy_per_capita_change(project: Project, params: Mapping[str, Any]) -> MetricValue:
    return reduction(project, params, _energy_or_carbon("energy"), "person", weather=True)


@metric("pi_water_per_capita_change", "人均水耗较2020年变化", "water per person against 2020")
def water_per_capita_change(project: Project, params: Mapping[str, Any]) -> MetricValue:
    return reduction(project, params, _water, "person", weather=False)


@metric("pi_carbon_per_area_change", "单位建筑面积碳排放较2020年变化", "CO₂ per m² against 2020")
def carbon_per_area_change(project: Project, params: Mapping[str, Any]) -> MetricValue:
    return reduction(project, params, _energy_or_carbon("carbon"), "area", weather=True)


@metric("pi_energy_audit_status", "能源审计（年能耗300吨标准煤及以上）", "energy audit (≥ 300 tce a year)")
def energy_audit_status(project: Project, params: Mapping[str, Any]) -> MetricValue:
    """done | due_not_done; below 300 tce the clause's energy branch does not cover the
    institution (out of scope), whatever its floor area (the area branch is its own rule)."""
    done_field = f"{SECTION}.energy_audit_done"
    fields = (done_field, f"{SECTION}.current")
    bound = Decimal(params.get("energy_tce", 300))
    current = _usage(project, "current")
    energy = None
    if current is not None and current.electricity_kwh is not None:
        reported = tuple(c for c in CARRIERS if getattr(current, c) is not None)
        found = totals(current, reported, coefficients(params))
        unreported = tuple(_field("current", c) for c in CARRIERS if c not in reported)
        energy = (found, unreported,
                  f"energy {_q(found.energy_tce)} tce ({'; '.join(found.lines)})")
        if found.energy_tce < bound and not unreported:
            return MetricValue(None, fields, trace=energy[2],
                           note=f"{_q(found.energy_tce)} tce < {fmt(bound)} tce", in_scope=False)
    done = lookup(project, done_field)
    if done is None:
        return MetricValue.absent(done_field)
    if done:
        return MetricValue("done", (done_field,), trace="energy audit done")
    if energy is None:
        return MetricValue(None, fields, missing=(_field("current", "electricity_kwh"),))
    found, unreported, trace = energy
    if found.energy_tce >= bound:
        return MetricValue("due_not_done", fields,
                       trace=f"{trace} ≥ {fmt(bound)} tce; audit not done")
    return MetricValue(None, fields, missing=unreported, trace=trace,
                   note=f"below {fmt(bound)} tce on the carriers reported; the others are not given")


@metric("pi_sub_metering_complete", "分项计量器具配备率达到100%", "sub-metering fully equipped (100%)")
def sub_metering_complete(project: Project, params: Mapping[str, Any]) -> MetricValue:
    name = f"{SECTION}.sub_metering_ratio"
    ratio = lookup(project, name)
    if ratio is None:
        return MetricValue.absent(name)
    return MetricValue(ratio == 1, (name,), trace=f"sub-metering ratio {_pct(Decimal(ratio))} (100% required)")


@metric("pi_nev_share_of_replacements", "更新车辆中新能源汽车比例", "NEV share of replacement vehicles")
def nev_share_of_replacements(project: Project, params: Mapping[str, Any]) -> MetricValue:
    return vehicle_share(project, NEV, exclude_without_model=False, want_all=False)


@metric("pi_nev_all_suitable_replacements", "有适配车型的更新车辆全部为新能源汽车",
        "every replacement with a suitable NEV model is an NEV")
def nev_all_suitable(project: Project, params: Mapping[str, Any]) -> MetricValue:
    return vehicle_share(project, NEV, exclude_without_model=True, want_all=True)
