"""Plausibility: values no real project has, and values that contradict each other, are input errors.

Every section model of a project file (``checker/input/project.py``) runs ``implausible`` once
its fields are valid. Each problem found names every field involved; ``checker/input/validation.py``
turns it into one located ``Problem`` per field, so a reviewer sees each line.

The bounds are deliberately generous: each lies above what any real Shanghai project, building,
data centre, fleet purchase or institution can report, usually at the scale of the whole city,
so that a wrong unit (Wh for kWh, m² for 万m²) or a slipped exponent is caught and nothing real
ever is. They are written in one table, ``BOUNDS``, each with the reason it is safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.messages import FieldName, Words, say, words

IMPLAUSIBLE = "implausible"  # the pydantic error type validation.py expands into located problems

# a sentence and the fields (relative to the model) it names; its FieldName figures are relative
# too, and validation.py roots them at the section's path (a zh label needs the whole path)
Found = tuple[Words, tuple[str, ...]]


@dataclass(frozen=True)
class Bound:
    """The plausible range of one field: at most ``high``; at least ``low`` where ``low`` is set
    (otherwise the field's own validator already refuses negative values). ``why`` and
    ``low_why`` are sentences of the catalogue (``input.why.*``); ``unit`` a symbol, or a word
    of the catalogue (``unit.*``)."""

    high: Decimal
    unit: str
    why: str
    low: Decimal | None = None
    low_why: str = ""


def _bound(high: str, unit: str, why: str, low: str | None = None, low_why: str = "") -> Bound:
    return Bound(Decimal(high), unit, why, None if low is None else Decimal(low), low_why)


_CITY_ELECTRICITY = "input.why.city_electricity"

# Model (class name in checker/input/project.py) → field → plausible bound. "Usage" is one year of
# a public institution's report: baseline_2020 and current alike.
BOUNDS: dict[str, dict[str, Bound]] = {
    "Building": {
        # The largest single buildings in Shanghai are about 1.5e6 m² (国家会展中心); 1e8 m² is
        # 100 km² of floor, roof or panels, a sixth of the city's built-up land.
        "floor_area_m2": _bound("1e8", "m²", "input.why.area"),
        "roof_area_m2": _bound("1e8", "m²", "input.why.area"),
        "pv_area_m2": _bound("1e8", "m²", "input.why.area"),
        # The whole city has a few million parking spaces.
        "parking_spaces": _bound("1e6", "unit.spaces", "input.why.spaces"),
        "ev_ready_spaces": _bound("1e6", "unit.spaces", "input.why.spaces"),
    },
    "DataCentre": {
        # PUE = total / IT energy: at least 1 by definition; the least efficient rooms measured
        # anywhere are near 3, and 10 would mean nine-tenths of the energy is not for IT.
        "pue": _bound("10", "", "input.why.pue_high", low="1",
                      low_why="input.why.pue_low"),
        # The largest data-centre campuses anywhere draw well under 1 GW (< 1e10 kWh a year).
        "annual_total_energy_kwh": _bound("1e11", "kWh", _CITY_ELECTRICITY),
        "annual_it_energy_kwh": _bound("1e11", "kWh", _CITY_ELECTRICITY),
        # Shanghai's economy uses about 0.2-0.3 tce per 10,000 yuan of value added, heavy industry
        # a few: 100 tce/万元 would be energy worth several times the value added.
        "value_added_energy_intensity_tce_per_10k_yuan": _bound(
            "100", "unit.tce_per_10k_yuan", "input.why.intensity"),
    },
    "Vehicle": {
        # Shanghai's bus fleet is about 17,000 vehicles, all its vehicles about 5.5 million.
        "count": _bound("1e6", "unit.vehicles", "input.why.vehicles",
                        low="1", low_why="input.why.vehicle_low"),
    },
    "Vessel": {
        "count": _bound("1e5", "unit.vessels", "input.why.vessels", low="1",
                        low_why="input.why.vessel_low"),
    },
    "Usage": {
        # A public institution's (or, category district, a district's institutions') year. The
        # energy and water bounds are each at or above the whole city's annual use.
        "floor_area_m2": _bound("1e9", "m²", "input.why.city_floor"),
        "occupants": _bound("1e8", "unit.persons", "input.why.population"),
        "electricity_kwh": _bound("1e11", "kWh", _CITY_ELECTRICITY),
        "natural_gas_m3": _bound("1e10", "m³", "input.why.gas"),
        "gasoline_l": _bound("1e10", "L", "input.why.petrol"),
        "diesel_l": _bound("1e10", "L", "input.why.diesel"),
        "heat_gj": _bound("1e9", "GJ", "input.why.heat"),
        "water_m3": _bound("1e10", "m³", "input.why.water"),
        # Shanghai has about 1,400 HDD18 and 200 CDD26 a year; a year has 365 days.
        "hdd18": _bound("20000", "unit.degree_days", "input.why.hdd"),
        "cdd26": _bound("20000", "unit.degree_days", "input.why.cdd"),
    },
    "PublicInstitutionAnnual": {
        # Shanghai produces about 1 kg of household waste per person a day.
        "daily_waste_kg_per_person": _bound("100", "kg", "input.why.waste"),
    },
    "IndustrialProject": {
        # China's whole crude-steel output is about 1e9 t a year, its refining capacity 9.2e8 t.
        "added_crude_steel_capacity_t": _bound("1e9", "t", "input.why.steel"),
        "added_refining_capacity_t": _bound("1e9", "t", "input.why.refining"),
        # Shanghai's whole installed generating capacity is about 27,000 MW.
        "captive_coal_units_original_mw": _bound("1e5", "MW", "input.why.generating"),
        "captive_coal_units_retained_mw": _bound("1e5", "MW", "input.why.generating"),
        "value_added_energy_intensity_tce_per_10k_yuan": _bound(
            "100", "unit.tce_per_10k_yuan", "input.why.intensity"),
    },
}


@dataclass(frozen=True)
class AtMost:
    """``part`` is part of ``whole``, so it cannot exceed it (equal is fine)."""

    part: str
    whole: str
    unit: str
    why: str


# Model → fields that cannot exceed another field of the same model.
CONTRADICTIONS: dict[str, tuple[AtMost, ...]] = {
    "Building": (
        AtMost("pv_area_m2", "roof_area_m2", "m²", "input.why.pv_roof"),
        AtMost("ev_ready_spaces", "parking_spaces", "unit.spaces",
               "input.why.ev_parking"),
    ),
    "DataCentre": (
        AtMost("annual_it_energy_kwh", "annual_total_energy_kwh", "kWh",
               "input.why.it_total"),
    ),
    "IndustrialProject": (
        AtMost("captive_coal_units_retained_mw", "captive_coal_units_original_mw", "MW",
               "input.why.coal_units"),
    ),
}

# Model → list field that, when given, must list something.
NON_EMPTY: dict[str, tuple[str, str]] = {
    "VehicleProcurement": ("vehicles", "input.hint.vehicles"),
    "VesselProcurement": ("vessels", "input.hint.vessels"),
}


def implausible(model: Any) -> list[Found]:
    """What is implausible or contradictory in one validated section model."""
    name = type(model).__name__
    found: list[Found] = []
    for field, bound in BOUNDS.get(name, {}).items():
        value = getattr(model, field, None)
        if value is None:
            continue
        if bound.low is not None and value < bound.low:
            low = shown(bound.low, "")
            found.append((words("input.below_low", field=FieldName(field, field),
                                value=shown(value, ""), low=low, why=words(bound.low_why)),
                          (field,)))
        elif value > bound.high:
            found.append((words("input.above_bound", field=FieldName(field, field),
                                value=Shown(value, bound.unit), high=Shown(bound.high, bound.unit),
                                why=words(bound.why)), (field,)))
    for rule in CONTRADICTIONS.get(name, ()):
        part, whole = getattr(model, rule.part, None), getattr(model, rule.whole, None)
        if part is not None and whole is not None and part > whole:
            found.append((words("input.part_above_whole", part=FieldName(rule.part, rule.part),
                                whole=FieldName(rule.whole, rule.whole),
                                part_value=Shown(part, rule.unit),
                                whole_value=Shown(whole, rule.unit), why=words(rule.why)),
                          (rule.part, rule.whole)))
    if name in NON_EMPTY:
        field, hint = NON_EMPTY[name]
        if getattr(model, field, None) == []:
            found.append((words("input.empty_list", field=FieldName(field, field),
                                hint=words(hint)), (field,)))
    return found


def shown(value: Decimal | int, unit: str, lang: str = "en") -> str:
    """A value as a reader writes it: grouped digits, no exponent, no trailing zeros; ``unit`` a
    symbol or a unit word of the catalogue (``unit.spaces``), in ``lang``."""
    number = Decimal(value)
    if number == number.to_integral_value():
        text = f"{number.to_integral_value():,f}"
    else:
        text = f"{number.normalize():,f}"
    if unit.startswith("unit."):
        unit = say(unit, lang)
    return f"{text} {unit}" if unit else text


@dataclass(frozen=True)
class Shown:
    """A value and its unit in a sentence, the unit in the sentence's language."""

    value: Decimal | int
    unit: str

    def text(self, lang: str) -> str:
        return shown(self.value, self.unit, lang)
