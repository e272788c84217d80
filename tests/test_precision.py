"""Exact arithmetic: no value is ever rounded onto a bound.

Inputs have at most 20 significant digits (checker/input/units.py); each metric divides once in
200 digits (checker.metrics.registry.WIDE). Each bound is tested exactly at it, a hair either side
with 20-digit figures, and with 28 or more digits, which are refused rather than rounded: the
28-digit default context used to round 2.9999999999999999999999999999999 m² of PV on 10 m² to 30%.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.catalogue.load import load_catalogue
from checker.check.checker import Checker, CheckOptions
from checker.errors import InputError
from checker.input.document import parse_document
from checker.input.loader import LoadedProject, validate_document
from checker.metrics import institutions
from checker.metrics.registry import compute

CATALOGUE = load_catalogue()
CHECKERS = {engine: Checker(CATALOGUE, CheckOptions(assessed_on=dt.date(2026, 1, 1), engine=engine))  # type: ignore[arg-type]
            for engine in ("durable_rules", "oracle")}
HEAD = "format: greencheck/v1\nid: T-1\nname: 测试项目\ndistrict: 青浦区\n"
SETTINGS = settings(derandomize=True, max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def load(body: str) -> LoadedProject:
    return validate_document(parse_document((HEAD + body).encode(), "p.yaml"))


def outcome(body: str, rule: str) -> str:
    """The rule's outcome, the same from both engines, and never shown as the bound it misses."""
    loaded = load(body)
    found = {}
    for name, checker in CHECKERS.items():
        (finding,) = [f for f in checker.check_loaded(loaded).results if f.rule == rule]
        found[name] = finding.outcome
    assert found["durable_rules"] == found["oracle"]
    return found["oracle"]


def refused(body: str) -> list[tuple[str | None, str]]:
    with pytest.raises(InputError) as caught:
        load(body)
    return [(p.field, p.message) for p in caught.value.problems]


def pv(pv_area: str, roof: str) -> str:
    return (f"kind: building\napproval_date: 2023-04-01\nbuilding:\n  construction: new\n"
            f"  use: hospital\n  roof_area_m2: {roof}\n  pv_area_m2: {pv_area}\n")


# --- PV area ratio ≥ 30% (RP-BLDG-PV-30) -------------------------------------------------------

@pytest.mark.parametrize(("pv_area", "roof", "expected"), [
    ("3", "10", "pass"),                                             # exactly 30%
    ("2.9999999999999999999", "10", "fail"),                         # 20 digits, a hair below
    ("3.0000000000000000001", "10", "pass"),                         # 20 digits, a hair above
    ("3.0000000000000000000000000000000", "10", "pass"),             # 32 digits, all zeros after 3
    ("30000000", "100000000", "pass"),                               # at the plausible bound
    ("29999999.999999999999", "100000000", "fail"),
    ("30000000.000000000001", "100000000", "pass"),
    ("0.9", "3", "pass"),                                            # 0.9 / 3: exactly 0.3
    ("0.89999999999999999999", "3", "fail"),                         # 0.2999…96666…: non-terminating
    ("0.90000000000000000001", "3", "pass"),
    ("0.90000000000000000001", "3.0000000000000000001", "fail"),     # both sides a hair off
    ("0.00000000000000000003", "0.0000000000000000001", "pass"),     # the smallest numbers: 3e-20 / 1e-19
    ("0.00000000000000000002", "0.0000000000000000001", "fail"),
    ('"0.57万 m²"', '"1.9万 m²"', "pass"),                             # 5,700 / 19,000
    ('"0.56999999999999999999万 m²"', '"1.9万 m²"', "fail"),
    ('"0.57000000000000000001万 m²"', '"1.9万 m²"', "pass"),
    ('"0.57 ha"', '"1.9万 m²"', "pass"),
])
def test_pv_ratio_at_and_around_30_percent(pv_area, roof, expected):
    assert outcome(pv(pv_area, roof), "BLDG-PV-30") == expected


def test_a_figure_a_hair_below_is_never_shown_as_the_bound():
    loaded = load(pv("2.9999999999999999999", "10"))
    (finding,) = [f for f in CHECKERS["oracle"].check_loaded(loaded).results if f.rule == "BLDG-PV-30"]
    assert finding.outcome == "fail" and finding.actual != "30%"
    assert finding.actual.startswith("29.99999999999999999")


@pytest.mark.parametrize(("pv_area", "roof", "field", "digits"), [
    ("2.9999999999999999999999999999999", "10", "building.pv_area_m2", 32),   # the 28-digit trap
    ("3.000000000000000000000000001", "10", "building.pv_area_m2", 28),
    ("2.999999999999999999999999999", "10", "building.pv_area_m2", 28),
    ("3", "10.00000000000000000000000001", "building.roof_area_m2", 28),
    ("3", "9.999999999999999999999", "building.roof_area_m2", 22),
    ('"2.9999999999999999999999999999999 m²"', "10", "building.pv_area_m2", 32),
    ('"0.29999999999999999999999999999万 m²"', "100000", "building.pv_area_m2", 29),
])
def test_more_digits_than_are_computed_exactly_are_refused(pv_area, roof, field, digits):
    ((where, message),) = refused(pv(pv_area, roof))
    assert where == field
    assert f"{digits} significant digits; at most 20" in message


# --- PUE ≤ 1.3 (CP-DC-PUE-NEW), declared or total / IT ----------------------------------------

def dc(**fields: str) -> str:
    return ("kind: data_centre\napproval_date: 2023-03-01\ndata_centre:\n  construction: new\n"
            + "".join(f"  {k}: {v}\n" for k, v in fields.items()))


@pytest.mark.parametrize(("fields", "expected"), [
    ({"pue": "1.3"}, "pass"),
    ({"pue": "1.3000000000000000001"}, "fail"),
    ({"pue": "1.2999999999999999999"}, "pass"),
    ({"annual_total_energy_kwh": "52000000", "annual_it_energy_kwh": "40000000"}, "pass"),
    ({"annual_total_energy_kwh": "52000000.000000000001", "annual_it_energy_kwh": "40000000"}, "fail"),
    ({"annual_total_energy_kwh": "51999999.999999999999", "annual_it_energy_kwh": "40000000"}, "pass"),
    ({"annual_total_energy_kwh": "3.9", "annual_it_energy_kwh": "3"}, "pass"),
    ({"annual_total_energy_kwh": "3.9000000000000000001", "annual_it_energy_kwh": "3"}, "fail"),
    ({"annual_total_energy_kwh": "3.8999999999999999999", "annual_it_energy_kwh": "3"}, "pass"),
    ({"annual_total_energy_kwh": "13", "annual_it_energy_kwh": "9.9999999999999999999"}, "fail"),
    ({"annual_total_energy_kwh": '"5.2万 MWh"', "annual_it_energy_kwh": '"4000万 kWh"'}, "pass"),
])
def test_pue_at_and_around_1_3(fields, expected):
    assert outcome(dc(**fields), "CP-DC-PUE-NEW") == expected


def test_pue_with_28_digits_is_refused():
    ((field, message),) = refused(dc(pue="1.300000000000000000000000001"))
    assert field == "data_centre.pue" and "28 significant digits; at most 20" in message


# --- retained captive coal ≤ 2/3 of the original (CP-IND-CAPTIVE-COAL) -----------------------

def coal(retained: str, original: str) -> str:
    return ("kind: industrial_project\napproval_date: 2023-04-01\nindustrial_project:\n"
            f"  construction: renovation\n  industry: power\n"
            f"  captive_coal_units_original_mw: {original}\n  captive_coal_units_retained_mw: {retained}\n")


@pytest.mark.parametrize(("retained", "original", "expected"), [
    ("400", "600", "pass"),                              # exactly 2/3
    ("400.00000000000000001", "600", "fail"),
    ("399.99999999999999999", "600", "pass"),
    ("2", "3", "pass"),
    ("2.0000000000000000001", "3", "fail"),              # 0.6666…670: above 2/3 and its 28 digits
    ("1.9999999999999999999", "3", "pass"),
    ("66666.666666666666667", "100000", "fail"),         # 0.66666666666666666667 > 2/3
    ("66666.666666666666666", "100000", "pass"),
    ('"23.33万千瓦"', '"35万千瓦"', "pass"),
])
def test_captive_coal_at_and_around_two_thirds(retained, original, expected):
    assert outcome(coal(retained, original), "CP-IND-CAPTIVE-COAL") == expected


# --- energy per m² against 2020 ≤ −5% (PI-2025-ENERGY-AREA) -----------------------------------

def annual(base: dict[str, str], current: dict[str, str]) -> str:
    def usage(values: dict[str, str]) -> str:
        return "".join(f"    {k}: {v}\n" for k, v in values.items())

    return ("kind: public_institution_annual\npublic_institution_annual:\n  category: education\n"
            f"  year: 2025\n  baseline_2020:\n{usage(base)}  current:\n{usage(current)}")


AREA = {"floor_area_m2": "10000", "occupants": "500"}


@pytest.mark.parametrize(("base", "current", "expected"), [
    ({"electricity_kwh": "1000000"}, {"electricity_kwh": "950000"}, "pass"),   # exactly −5%
    ({"electricity_kwh": "1000000"}, {"electricity_kwh": "950000.00000000000001"}, "fail"),
    ({"electricity_kwh": "1000000"}, {"electricity_kwh": "949999.99999999999999"}, "pass"),
    # exactly 5% less of each carrier over 26,700 m²: the former chain of 28-digit divisions
    # made this −4.9999999999999999999999999999% and failed it
    ({"floor_area_m2": "26700", "electricity_kwh": "1480000", "natural_gas_m3": "300000"},
     {"floor_area_m2": "26700", "electricity_kwh": "1406000", "natural_gas_m3": "285000"}, "pass"),
    # a span of 30 orders of magnitude across carriers: the totals need more than 28 digits
    ({"electricity_kwh": "10000000000", "heat_gj": "0.000000000000000001"},
     {"electricity_kwh": "9500000000", "heat_gj": "0.00000000000000000095"}, "pass"),
    ({"electricity_kwh": "10000000000", "heat_gj": "0.000000000000000001"},
     {"electricity_kwh": "9500000000", "heat_gj": "0.00000000000000000096"}, "fail"),
    ({"electricity_kwh": "10000000000", "heat_gj": "0.000000000000000001"},
     {"electricity_kwh": "9500000000", "heat_gj": "0.00000000000000000094"}, "pass"),
])
def test_energy_per_area_at_and_around_minus_5_percent(base, current, expected):
    assert outcome(annual(AREA | base, AREA | current), "PI-2025-ENERGY-AREA") == expected


# --- the same, generated: the metric compares with every threshold as the exact fraction does ---

def _twenty_digits(value: Fraction) -> Decimal:
    """``value`` cut to 20 significant digits (and no finer than 1e-20)."""
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    place = max(decimal.adjusted() - 19, -20)
    return decimal.quantize(Decimal(1).scaleb(place), rounding=ROUND_FLOOR)


def _agrees(value: Decimal, exact: Fraction, thresholds: list[Decimal]) -> None:
    for threshold in thresholds:
        bound = Fraction(threshold)
        assert (value < threshold) == (exact < bound)
        assert (value == threshold) == (exact == bound)


def _nudged(value: Decimal, nudge: int, depth: int) -> Decimal:
    """``value`` moved ``nudge`` units of its ``depth``-th significant digit, cut to 20 digits."""
    step = Decimal(1).scaleb(max(value.adjusted() - depth + 1, -20))
    return _twenty_digits(Fraction(max(value + nudge * step, Decimal(0))))


_RATIO_BOUNDS = [Decimal("0.3"), Decimal("0.5")]
_nudges = st.integers(-3, 3)
_depths = st.integers(1, 20)  # 20: the last digit a file may give


@SETTINGS
@given(roof=st.decimals(min_value=Decimal("1e-10"), max_value=Decimal("1e8"), places=10),
       bound=st.sampled_from(_RATIO_BOUNDS), nudge=_nudges, depth=_depths)
def test_pv_ratio_agrees_with_the_exact_fraction(roof, bound, nudge, depth):
    roof = _twenty_digits(Fraction(roof))
    if roof == 0:
        return
    pv_area = min(_nudged(_twenty_digits(Fraction(roof) * Fraction(bound)), nudge, depth), roof)
    project = load(pv(f"{pv_area:f}", f"{roof:f}")).project
    value = compute(project, "pv_area_ratio", {}).value
    assert isinstance(value, Decimal)
    _agrees(value, Fraction(pv_area) / Fraction(roof), _RATIO_BOUNDS)


_PI_BOUNDS = sorted({r.requirement.threshold for r in CATALOGUE.rules
                     if r.requirement.metric.startswith("pi_") and r.requirement.metric.endswith("_change")
                     and isinstance(r.requirement.threshold, Decimal)})
_small = st.decimals(min_value=Decimal("1e-20"), max_value=Decimal("1e6"), places=20)


@SETTINGS
@given(electricity=st.one_of(_small, st.decimals(min_value=1, max_value=Decimal("1e10"), places=6)),
       heat=st.one_of(_small, st.decimals(min_value=1, max_value=Decimal("1e8"), places=6)), area=st.decimals(min_value=1, max_value=Decimal("1e6"), places=3),
       bound=st.sampled_from(_PI_BOUNDS), nudge=_nudges, depth=_depths)
def test_energy_change_agrees_with_the_exact_fraction(electricity, heat, area, bound, nudge, depth):
    base = {"electricity_kwh": _twenty_digits(Fraction(electricity)),
            "heat_gj": _twenty_digits(Fraction(heat)), "floor_area_m2": area}
    if base["electricity_kwh"] == 0:
        return
    factor = 1 + Fraction(bound)
    current = {name: _twenty_digits(Fraction(value) * factor) for name, value in base.items()
               if name != "floor_area_m2"}
    current["electricity_kwh"] = _nudged(current["electricity_kwh"], nudge, depth)
    current["floor_area_m2"] = area
    body = annual({k: f"{v:f}" for k, v in base.items()}, {k: f"{v:f}" for k, v in current.items()})
    project = load(body).project
    value = compute(project, "pi_energy_per_area_change", {}).value
    assert isinstance(value, Decimal)
    coeffs = institutions.coefficients({})

    def tce(year: dict[str, Decimal]) -> Fraction:
        return sum((Fraction(year[c]) * Fraction(coeffs.energy[c]) / 1000
                    for c in ("electricity_kwh", "heat_gj")), Fraction(0))

    exact = (tce(current) / Fraction(area)) / (tce(base) / Fraction(area)) - 1
    _agrees(value, exact, _PI_BOUNDS)
