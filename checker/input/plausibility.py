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

IMPLAUSIBLE = "implausible"  # the pydantic error type validation.py expands into located problems

Found = tuple[str, tuple[str, ...]]  # a message and the fields (relative to the model) it names


@dataclass(frozen=True)
class Bound:
    """The plausible range of one field: at most ``high``; at least ``low`` where ``low`` is set
    (otherwise the field's own validator already refuses negative values)."""

    high: Decimal
    unit: str
    why: str
    low: Decimal | None = None
    low_why: str = ""


def _bound(high: str, unit: str, why: str, low: str | None = None, low_why: str = "") -> Bound:
    return Bound(Decimal(high), unit, why, None if low is None else Decimal(low), low_why)


_CITY_ELECTRICITY = ("more than half of all the electricity Shanghai uses in a year, "
                     "about 1.85e11 kWh in 2023")

# Model (class name in checker/input/project.py) → field → plausible bound. "Usage" is one year of
# a public institution's report: baseline_2020 and current alike.
BOUNDS: dict[str, dict[str, Bound]] = {
    "Building": {
        # The largest single buildings in Shanghai are about 1.5e6 m² (国家会展中心); 1e8 m² is
        # 100 km² of floor, roof or panels, a sixth of the city's built-up land.
        "floor_area_m2": _bound("1e8", "m²", "100 km², far beyond any single project"),
        "roof_area_m2": _bound("1e8", "m²", "100 km², far beyond any single project"),
        "pv_area_m2": _bound("1e8", "m²", "100 km², far beyond any single project"),
        # The whole city has a few million parking spaces.
        "parking_spaces": _bound("1e6", "spaces", "a million spaces, beyond any single project"),
        "ev_ready_spaces": _bound("1e6", "spaces", "a million spaces, beyond any single project"),
    },
    "DataCentre": {
        # PUE = total / IT energy: at least 1 by definition; the least efficient rooms measured
        # anywhere are near 3, and 10 would mean nine-tenths of the energy is not for IT.
        "pue": _bound("10", "", "nine-tenths of the energy outside the IT equipment", low="1",
                      low_why="PUE is total energy over IT energy, and the total includes the IT "
                              "equipment's own energy"),
        # The largest data-centre campuses anywhere draw well under 1 GW (< 1e10 kWh a year).
        "annual_total_energy_kwh": _bound("1e11", "kWh", _CITY_ELECTRICITY),
        "annual_it_energy_kwh": _bound("1e11", "kWh", _CITY_ELECTRICITY),
        # Shanghai's economy uses about 0.2-0.3 tce per 10,000 yuan of value added, heavy industry
        # a few: 100 tce/万元 would be energy worth several times the value added.
        "value_added_energy_intensity_tce_per_10k_yuan": _bound(
            "100", "tce/万元", "energy worth several times the value added"),
    },
    "Vehicle": {
        # Shanghai's bus fleet is about 17,000 vehicles, all its vehicles about 5.5 million.
        "count": _bound("1e6", "vehicles", "a million vehicles in one line of one purchase",
                        low="1", low_why="a line of the purchase counts at least one vehicle; "
                                         "leave the line out if none is bought"),
    },
    "Vessel": {
        "count": _bound("1e5", "vessels", "more vessels than the whole inland fleet", low="1",
                        low_why="a line of the purchase counts at least one vessel; leave the line "
                                "out if none is bought"),
    },
    "Usage": {
        # A public institution's (or, category district, a district's institutions') year. The
        # energy and water bounds are each at or above the whole city's annual use.
        "floor_area_m2": _bound("1e9", "m²", "about the floor area of every building in Shanghai"),
        "occupants": _bound("1e8", "persons", "four times the population of Shanghai"),
        "electricity_kwh": _bound("1e11", "kWh", _CITY_ELECTRICITY),
        "natural_gas_m3": _bound("1e10", "m³", "about all the natural gas Shanghai uses in a year"),
        "gasoline_l": _bound("1e10", "L", "more than all the petrol sold in Shanghai in a year"),
        "diesel_l": _bound("1e10", "L", "more than all the diesel sold in Shanghai in a year"),
        "heat_gj": _bound("1e9", "GJ", "about 3.4e7 tce, a quarter of all the energy Shanghai uses"),
        "water_m3": _bound("1e10", "m³", "three times all the water Shanghai supplies in a year"),
        # Shanghai has about 1,400 HDD18 and 200 CDD26 a year; a year has 365 days.
        "hdd18": _bound("20000", "degree days", "55 °C below 18 °C on every day of the year"),
        "cdd26": _bound("20000", "degree days", "55 °C above 26 °C on every day of the year"),
    },
    "PublicInstitutionAnnual": {
        # Shanghai produces about 1 kg of household waste per person a day.
        "daily_waste_kg_per_person": _bound("100", "kg", "a hundred times the city's average"),
    },
    "IndustrialProject": {
        # China's whole crude-steel output is about 1e9 t a year, its refining capacity 9.2e8 t.
        "added_crude_steel_capacity_t": _bound("1e9", "t", "all of China's crude steel output"),
        "added_refining_capacity_t": _bound("1e9", "t", "more than all of China's refining capacity"),
        # Shanghai's whole installed generating capacity is about 27,000 MW.
        "captive_coal_units_original_mw": _bound("1e5", "MW", "nearly four times all the generating "
                                                 "capacity installed in Shanghai"),
        "captive_coal_units_retained_mw": _bound("1e5", "MW", "nearly four times all the generating "
                                                 "capacity installed in Shanghai"),
        "value_added_energy_intensity_tce_per_10k_yuan": _bound(
            "100", "tce/万元", "energy worth several times the value added"),
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
        AtMost("pv_area_m2", "roof_area_m2", "m²", "rooftop PV cannot cover more than the whole roof"),
        AtMost("ev_ready_spaces", "parking_spaces", "spaces",
               "spaces ready for a charger are some of the parking spaces"),
    ),
    "DataCentre": (
        AtMost("annual_it_energy_kwh", "annual_total_energy_kwh", "kWh",
               "the total energy includes the IT equipment's"),
    ),
    "IndustrialProject": (
        AtMost("captive_coal_units_retained_mw", "captive_coal_units_original_mw", "MW",
               "the units retained are some of the original units"),
    ),
}

# Model → list field that, when given, must list something.
NON_EMPTY: dict[str, tuple[str, str]] = {
    "VehicleProcurement": ("vehicles", "list each vehicle model bought (model, count, powertrain), "
                                       "or leave vehicles out if the purchase is not known yet"),
    "VesselProcurement": ("vessels", "list each vessel type bought (use, count, propulsion), "
                                     "or leave vessels out if the purchase is not known yet"),
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
            found.append((f"{field} {shown(value, '')} is below {low}; {field} must be at least "
                          f"{low}: {bound.low_why}", (field,)))
        elif value > bound.high:
            found.append((f"{shown(value, bound.unit)} is above the plausible bound for {field}: at "
                          f"most {shown(bound.high, bound.unit)} ({bound.why}); check the figure and "
                          "its unit", (field,)))
    for rule in CONTRADICTIONS.get(name, ()):
        part, whole = getattr(model, rule.part, None), getattr(model, rule.whole, None)
        if part is not None and whole is not None and part > whole:
            found.append((f"{rule.part} {shown(part, rule.unit)} is larger than {rule.whole} "
                          f"{shown(whole, rule.unit)}: {rule.why}; {rule.part} must be at most "
                          f"{rule.whole}", (rule.part, rule.whole)))
    if name in NON_EMPTY:
        field, hint = NON_EMPTY[name]
        if getattr(model, field, None) == []:
            found.append((f"{field} is an empty list; {hint}", (field,)))
    return found


def shown(value: Decimal | int, unit: str) -> str:
    """A value as a reader writes it: grouped digits, no exponent, no trailing zeros."""
    number = Decimal(value)
    if number == number.to_integral_value():
        text = f"{number.to_integral_value():,f}"
    else:
        text = f"{number.normalize():,f}"
    return f"{text} {unit}" if unit else text
