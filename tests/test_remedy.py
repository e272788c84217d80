"""Remedies: the least change that passes, for every metric.

Properties (hypothesis, per metric, on projects built from each rule's own failing example):
applying a failing finding's ``changes`` to the project makes the duty pass; and for a numeric
change, no value strictly between ``from`` and ``to`` passes (at the precision of the two, the
grid a remedy steps on). Unit tests pin the bounds: exactly at, just above, just below.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checker.catalogue.lint import example_data
from checker.catalogue.load import Catalogue, load_catalogue
from checker.catalogue.model import Rule
from checker.check.checker import Checker, CheckOptions
from checker.check.remedy import field_step, first_passing, written
from checker.check.waivers import Waiver, waived
from checker.input.document import Document
from checker.input.loader import validate_document
from checker.metrics import institutions
from checker.report.json import project_dict, project_text
from checker.report.model import Finding, Remedy
from tests.conftest import assessed_on_for
from tests.strategies import valid_projects

CATALOGUE = load_catalogue()
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])


# --- helpers ---------------------------------------------------------------------------------

def _rule(rule_id: str) -> Rule:
    return CATALOGUE.get(rule_id)


def _failing_example(rule: Rule) -> Any:
    return next(example for example in rule.examples if example.expect == "fail")


def base_data(rule: Rule) -> dict[str, Any]:
    """The project file of the rule's first failing example: applicable, dated, complete."""
    return copy.deepcopy(example_data(rule, _failing_example(rule)))


_CHECKERS: dict[tuple[str, str, dt.date], Checker] = {}


def _checker(rule: Rule, assessed_on: dt.date) -> Checker:
    key = (rule.id, str(rule.requirement.threshold), assessed_on)
    if key not in _CHECKERS:
        _CHECKERS[key] = Checker(Catalogue((rule,)), CheckOptions(assessed_on=assessed_on))
    return _CHECKERS[key]


def check(rule: Rule, data: dict[str, Any]) -> Finding:
    """The one finding of the rule's duty (the rule alone) on the project ``data``."""
    assessed_on = assessed_on_for(rule, _failing_example(rule))
    loaded = validate_document(Document("remedy-test", data, {}))
    (finding,) = _checker(rule, assessed_on).check_loaded(loaded).results
    return finding


def put(data: dict[str, Any], dotted: str, value: Any) -> None:
    """Set a dotted field of a project file (list items by index), making sections as needed."""
    target: Any = data
    *parents, last = dotted.split(".")
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target.setdefault(part, {})
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value


def read(text: str) -> Any:
    """A change's value as a project file holds it."""
    if text in ("true", "false"):
        return text == "true"
    if text.startswith("["):
        return [item.strip() for item in text[1:-1].split(",") if item.strip()]
    try:
        return Decimal(text)
    except ArithmeticError:
        return text


def applied(data: dict[str, Any], remedy: Remedy) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    for change in remedy.changes:
        assert change.after is not None
        put(changed, change.field, read(change.after))
    return changed


def grid(before: Decimal, after: Decimal, whole: bool = False) -> Decimal:
    """The step between ``from`` and ``to`` that a remedy could have taken."""
    if whole:
        return Decimal(1)
    exponent = min(0, before.as_tuple().exponent, after.as_tuple().exponent)  # type: ignore[type-var]
    return Decimal(1).scaleb(int(exponent))


def assert_least_change(rule: Rule, data: dict[str, Any], draw: Any = None,
                        whole: bool = False) -> Remedy:
    """The finding fails; its changes make it pass; for one numeric change nothing strictly
    between ``from`` and ``to`` (on their grid) passes."""
    finding = check(rule, data)
    assume(finding.outcome == "fail")
    remedy = finding.remedy
    assert remedy is not None and remedy.text and remedy.text_en
    assert remedy.changes, remedy.text_en
    assert check(rule, applied(data, remedy)).outcome == "pass", remedy.text_en
    if len(remedy.changes) == 1 and draw is not None:
        (change,) = remedy.changes
        before, after = read(change.before or ""), read(change.after or "")
        if isinstance(before, Decimal) and isinstance(after, Decimal):
            step = grid(before, after, whole)
            steps = int(abs(after - before) / step)
            if steps > 1:
                k = draw(st.integers(1, steps - 1))
                between = before + k * step if after > before else before - k * step
                middle = copy.deepcopy(data)
                put(middle, change.field, between)
                assert check(rule, middle).outcome == "fail", (change, between)
    return remedy


def amounts(places: int = 3, low: int = 0, high: int = 10**7) -> st.SearchStrategy[Decimal]:
    return st.integers(0, places).flatmap(
        lambda p: st.decimals(min_value=low, max_value=high, places=p, allow_nan=False,
                              allow_infinity=False))


# --- the examples of every rule --------------------------------------------------------------

CASES = [(rule, example) for rule in CATALOGUE.rules for example in rule.examples
         if example.expect in ("fail", "insufficient_data")]


@pytest.mark.parametrize(("rule", "example"), CASES, ids=[f"{r.id}:{e.name}" for r, e in CASES])
def test_every_failing_or_undecided_example_has_a_remedy_that_works(rule, example):
    rule = rule.for_example(example)
    data = example_data(rule, example)
    checker = Checker(Catalogue((rule,)), CheckOptions(assessed_on=assessed_on_for(rule, example)))
    (finding,) = checker.check_loaded(validate_document(Document("t", data, {}))).results
    remedy = finding.remedy
    assert remedy is not None and remedy.text and remedy.text_en
    if example.expect == "insufficient_data":
        assert all(change.after is None for change in remedy.changes)
        return
    if not remedy.changes:  # said in words: an energy total or a share of a fleet
        assert rule.requirement.metric in TEXT_ONLY
        return
    fixed = copy.deepcopy(data)
    for change in remedy.changes:
        put(fixed, change.field, read(change.after))
    (after,) = checker.check_loaded(validate_document(Document("t", fixed, {}))).results
    assert after.outcome == "pass", remedy.text_en


TEXT_ONLY = {"pi_energy_per_area_change", "pi_energy_per_capita_change",
             "pi_carbon_per_area_change", "zero_emission_share", "pi_nev_share_of_replacements"}


# --- properties per metric -------------------------------------------------------------------

@PROPERTY
@given(data=st.data(), rule_id=st.sampled_from(["CP-BLDG-PV-50", "CP-BLDG-PV-30", "QP-BLDG-PV-50"]))
def test_pv_area_ratio(data, rule_id):
    rule = _rule(rule_id)
    project = base_data(rule)
    roof = data.draw(amounts(low=1))
    put(project, "building.roof_area_m2", roof)
    put(project, "building.pv_area_m2", data.draw(amounts(high=int(roof)) if roof >= 1 else st.just(0)))
    assert_least_change(rule, project, data.draw)


@PROPERTY
@given(data=st.data(), ratio=st.integers(0, 6).flatmap(lambda p: st.decimals(0, 1, places=p)))
def test_precast_ratio(data, ratio):
    rule = _rule("QP-BLDG-PRECAST")
    project = base_data(rule)
    put(project, "building.precast_ratio", ratio)
    assert_least_change(rule, project, data.draw)


@PROPERTY
@given(spaces=st.integers(1, 10**6), data=st.data())
def test_ev_ready_spaces(spaces, data):
    rule = _rule("QP-BLDG-EV-READY")
    project = base_data(rule)
    put(project, "building.parking_spaces", spaces)
    put(project, "building.ev_ready_spaces", data.draw(st.integers(0, spaces)))
    remedy = assert_least_change(rule, project, data.draw, whole=True)
    assert remedy.changes[0].after == str(spaces)


@PROPERTY
@given(level=st.sampled_from(["none", "basic", "one_star", "two_star", "three_star"]),
       rule_id=st.sampled_from(["PIA-BLDG-GOV-2STAR", "QP-BLDG-GREEN", "PI-BLDG-GREEN-BASIC"]))
def test_green_building_level_goes_to_the_lowest_level_that_passes(level, rule_id):
    rule = _rule(rule_id)
    project = base_data(rule)
    put(project, "building.green_building_level", level)
    remedy = assert_least_change(rule, project)
    lowest = next(x for x in ("none", "basic", "one_star", "two_star", "three_star")
                  if x in rule.requirement.threshold)
    assert remedy.changes[0].after == lowest


@PROPERTY
@given(rule_id=st.sampled_from(["QP-BLDG-FITOUT", "CP-BLDG-ULE-ALL", "PI-DC-GREEN-NEW",
                                "PIA-AUDIT-AREA", "PI-WATER-BALANCE-10W", "CP-IND-2H1L"]),
       value=st.booleans())
def test_flags_are_set_to_the_value_required(rule_id, value):
    rule = _rule(rule_id)
    project = base_data(rule)
    put(project, rule.requirement.metric, value)
    remedy = assert_least_change(rule, project)
    assert remedy.changes[0].after == rule.requirement.op


@PROPERTY
@given(sources=st.lists(st.sampled_from(["solar_pv", "solar_thermal", "other"]), max_size=2))
def test_renewable_sources(sources):
    rule = _rule("CP-BLDG-RENEWABLE")
    project = base_data(rule)
    put(project, "building.renewable_energy", sources)
    assert_least_change(rule, project)


@PROPERTY
@given(stated=st.sampled_from([None, False]))
def test_pv_fully_deployed(stated):
    rule = _rule("CP-BLDG-HUB-PV")
    project = base_data(rule)
    put(project, "building.pv_area_m2", 0 if stated is None else 5000)
    if stated is not None:
        put(project, "building.pv_fully_deployed", stated)
    assert_least_change(rule, project)


@PROPERTY
@given(data=st.data(), rule_id=st.sampled_from(["CP-DC-PUE-NEW", "CP-DC-PUE-EXISTING"]),
       pue=st.integers(0, 4).flatmap(lambda p: st.decimals(1, 3, places=p)))
def test_declared_pue(data, rule_id, pue):
    rule = _rule(rule_id)
    project = base_data(rule)
    put(project, "data_centre.pue", pue)
    remedy = assert_least_change(rule, project, data.draw)
    assert remedy.changes[0].after == written(rule.requirement.threshold)


@PROPERTY
@given(data=st.data(), it=amounts(places=2, low=1, high=10**9), factor=st.decimals(1, 3, places=4))
def test_metered_pue(data, it, factor):
    rule = _rule("CP-DC-PUE-EXISTING")
    project = base_data(rule)
    project["data_centre"].pop("pue", None)
    put(project, "data_centre.annual_it_energy_kwh", it)
    put(project, "data_centre.annual_total_energy_kwh", (it * factor).quantize(Decimal("0.01")))
    remedy = assert_least_change(rule, project, data.draw)
    assert remedy.changes[0].field == "data_centre.annual_total_energy_kwh"


@PROPERTY
@given(data=st.data(), waste=st.integers(0, 4).flatmap(lambda p: st.decimals(0, 2, places=p)))
def test_daily_waste(data, waste):
    rule = _rule("PIA-WASTE-07")
    project = base_data(rule)
    put(project, "public_institution_annual.daily_waste_kg_per_person", waste)
    assert_least_change(rule, project, data.draw)


@PROPERTY
@given(data=st.data(), ratio=st.integers(0, 6).flatmap(lambda p: st.decimals(0, 1, places=p)))
def test_sub_metering(data, ratio):
    rule = _rule("PI-SUBMETER-100")
    project = base_data(rule)
    put(project, "public_institution_annual.sub_metering_ratio", ratio)
    assert_least_change(rule, project, data.draw)


@PROPERTY
@given(data=st.data(), rule_id=st.sampled_from(["CP-IND-STEEL", "CP-IND-REFINING"]),
       added=amounts(places=3, high=10**8))
def test_no_added_capacity(data, rule_id, added):
    rule = _rule(rule_id)
    project = base_data(rule)
    put(project, str(rule.requirement.params["field"]), added)
    remedy = assert_least_change(rule, project, data.draw)
    assert remedy.changes[0].after == "0"


@PROPERTY
@given(data=st.data(), original=amounts(places=2, low=1, high=10**5))
def test_captive_coal(data, original):
    rule = _rule("CP-IND-CAPTIVE-COAL")
    project = base_data(rule)
    put(project, "industrial_project.captive_coal_units_original_mw", original)
    put(project, "industrial_project.captive_coal_units_retained_mw", original - data.draw(
        st.integers(0, 3).flatmap(lambda p: st.decimals(0, original / 2, places=p))))
    assert_least_change(rule, project, data.draw)


@PROPERTY
@given(data=st.data(), threshold=st.sampled_from(["0.3", "0.25", "0.125"]),
       value=st.integers(0, 4).flatmap(lambda p: st.decimals(0, 1, places=p)))
def test_a_strict_bound_steps_past_it_at_the_precision_given(data, threshold, value):
    rule = _with_parameter(threshold)
    project = base_data(rule)
    put(project, "data_centre.value_added_energy_intensity_tce_per_10k_yuan", value)
    assert_least_change(rule, project, data.draw)


@cache
def _with_parameter(value: str) -> Rule:
    rule = _rule("CP-DC-VALUE-ADDED")
    assert rule.parameter is not None
    return rule.with_parameter(rule.parameter.model_copy(
        update={"value": Decimal(value), "as_of": dt.date(2023, 12, 31)}))


def _usage(draw: Any, water: bool = True) -> dict[str, Any]:
    usage = {"floor_area_m2": draw(amounts(places=1, low=1, high=10**6)),
             "occupants": draw(st.integers(1, 10**5)),
             "electricity_kwh": draw(amounts(places=1, low=1, high=10**8)),
             "natural_gas_m3": draw(amounts(places=1, high=10**6))}
    if water:
        usage["water_m3"] = draw(amounts(places=1, low=1, high=10**6))
    return usage


@PROPERTY
@given(data=st.data(), rule_id=st.sampled_from(["PIA-2023-WATER-CAPITA", "PI-2025-WATER-CAPITA"]))
def test_water_per_person(data, rule_id):
    rule = _rule(rule_id)
    project = base_data(rule)
    put(project, "public_institution_annual.baseline_2020", _usage(data.draw))
    put(project, "public_institution_annual.current", _usage(data.draw))
    remedy = assert_least_change(rule, project, data.draw)
    assert remedy.changes[0].field == "public_institution_annual.current.water_m3"


@PROPERTY
@given(data=st.data(), rule_id=st.sampled_from(["PIA-2023-ENERGY-AREA", "PI-2025-ENERGY-CAPITA",
                                                "PIA-2023-CARBON-AREA", "PI-2025-CARBON-AREA"]))
def test_energy_and_carbon_say_how_much_less(data, rule_id):
    """No one field settles a total over carriers: cutting the named tce (or t CO2) from the
    electricity passes, and a kilogram less does not."""
    rule = _rule(rule_id)
    project = base_data(rule)
    put(project, "public_institution_annual.baseline_2020", _usage(data.draw, water=False))
    current = _usage(data.draw, water=False)
    put(project, "public_institution_annual.current", current)
    finding = check(rule, project)
    assume(finding.outcome == "fail")
    assert finding.remedy is not None and finding.remedy.changes == ()
    less = Decimal(finding.remedy.text_en.split()[1].replace(",", ""))  # "use 1,234.5 tce less ..."
    coefficients = institutions.coefficients(rule.requirement.params)
    carbon = "carbon" in rule.requirement.metric
    per_kwh = (coefficients.carbon["electricity_kwh"] if carbon
               else coefficients.energy["electricity_kwh"] / 1000)  # t CO2 or tce per kWh
    kwh = current["electricity_kwh"]
    assume(less / per_kwh < kwh)  # electricity alone can absorb it
    enough, short = copy.deepcopy(project), copy.deepcopy(project)
    put(enough, "public_institution_annual.current.electricity_kwh",
        (kwh - less / per_kwh).quantize(Decimal("0.001"), rounding="ROUND_FLOOR"))
    put(short, "public_institution_annual.current.electricity_kwh",
        (kwh - (less - Decimal("0.001")) / per_kwh).quantize(Decimal("0.001"), rounding="ROUND_CEILING"))
    assert check(rule, enough).outcome == "pass", finding.remedy.text_en
    assert check(rule, short).outcome == "fail", finding.remedy.text_en


POWERTRAINS = ["bev", "phev", "fcev", "hev", "ice", "lng", "cng"]


def _vehicles(draw: Any, model_flag: bool) -> list[dict[str, Any]]:
    entries = draw(st.lists(st.fixed_dictionaries({
        "count": st.integers(1, 30), "powertrain": st.sampled_from(POWERTRAINS),
        "replacement": st.sampled_from([True, True, False]),
    }), min_size=1, max_size=5))
    if model_flag:
        for entry in entries:
            entry["nev_model_available"] = draw(st.sampled_from([True, True, False]))
    return entries


@PROPERTY
@given(data=st.data(), rule_id=st.sampled_from(["CP-VEH-BUS-TAXI-NEV", "CP-VEH-PUBLIC-ZEV",
                                                "CP-VEH-PORT-MACHINERY", "CP-VEH-AIRPORT-GROUND",
                                                "PIA-NEV-ALL", "QP-VEH-NEV"]))
def test_every_vehicle_short_of_the_clause_changes_powertrain(data, rule_id):
    rule = _rule(rule_id)
    project = base_data(rule)
    put(project, "vehicle_procurement.vehicles", _vehicles(data.draw, model_flag=True))
    remedy = assert_least_change(rule, project)
    assert all(c.field.endswith(".powertrain") and c.after == "bev" for c in remedy.changes)


@PROPERTY
@given(data=st.data(), rule_id=st.sampled_from(["QP-VEH-SANITATION", "PI-NEV-80"]))
def test_a_share_of_vehicles_names_how_many_more(data, rule_id):
    """Changing the number of vehicles the remedy names (splitting an entry) passes; one fewer
    does not."""
    rule = _rule(rule_id)
    project = base_data(rule)
    vehicles = _vehicles(data.draw, model_flag=False)
    put(project, "vehicle_procurement.vehicles", vehicles)
    finding = check(rule, project)
    assume(finding.outcome == "fail")
    assert finding.remedy is not None and finding.remedy.changes == ()
    more = int(finding.remedy.text_en.split()[1].replace(",", ""))  # "change 3 more vehicles ..."
    accepted = {"bev", "fcev"} if rule_id == "QP-VEH-SANITATION" else {"bev", "phev", "fcev"}
    for converted, outcome in ((more, "pass"), (more - 1, "fail")):
        changed, left = copy.deepcopy(project), converted
        for entry in changed["vehicle_procurement"]["vehicles"]:
            if left and entry["replacement"] and entry["powertrain"] not in accepted:
                taken = min(left, entry["count"])
                entry["count"] -= taken
                changed["vehicle_procurement"]["vehicles"].append(
                    {"count": taken, "powertrain": "bev", "replacement": True})
                left -= taken
        changed["vehicle_procurement"]["vehicles"] = [
            v for v in changed["vehicle_procurement"]["vehicles"] if v["count"]]
        assert left == 0
        assert check(rule, changed).outcome == outcome, (converted, finding.remedy.text_en)


@PROPERTY
@given(vessels=st.lists(st.fixed_dictionaries({
    "use": st.sampled_from(["sanitation", "ferry", "official", "cargo"]), "inland": st.booleans(),
    "count": st.integers(1, 5), "propulsion": st.sampled_from(["electric", "lng", "diesel", "hybrid"]),
}), min_size=1, max_size=4))
def test_vessels(vessels):
    rule = _rule("CP-VESSEL-INLAND")
    project = base_data(rule)
    put(project, "vessel_procurement.vessels", vessels)
    remedy = assert_least_change(rule, project)
    assert all(c.after == "electric" for c in remedy.changes)


# --- whole duties, whole projects ------------------------------------------------------------

def test_a_duty_of_several_documents_passes_once_the_remedy_is_applied():
    data = {"format": "greencheck/v1", "id": "QP-T-1", "name": "青浦新城某中学", "kind": "building",
            "district": "青浦区", "zones": ["青浦新城"], "approval_date": "2023-04-01",
            "building": {"construction": "new", "use": "school", "floor_area_m2": 25000,
                         "public_institution": True, "government_invested": True,
                         "roof_area_m2": 6000, "pv_area_m2": 2400}}
    checker = Checker(CATALOGUE.select(["BLDG-PV-50"]), CheckOptions(assessed_on=dt.date(2025, 6, 30)))
    (finding,) = checker.check_loaded(validate_document(Document("t", data, {}))).results
    assert finding.rule == "BLDG-PV-50" and finding.outcome == "fail" and len(finding.citations) > 1
    assert finding.remedy is not None
    assert finding.remedy.text == "增加屋顶光伏面积 600 m²（2,400 → 3,000 m²）"
    assert finding.remedy.text_en == "add 600 m² of PV (2,400 → 3,000 m²)"
    (after,) = checker.check_loaded(validate_document(Document("t", applied(data, finding.remedy), {}))).results
    assert after.outcome == "pass"


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=valid_projects())
def test_any_valid_project_every_failing_finding_has_a_remedy_that_works(data):
    checker = Checker(CATALOGUE, CheckOptions(assessed_on=dt.date(2026, 1, 1)))
    report = checker.check_loaded(validate_document(Document("fuzz", data, {})))
    for finding in report.results:
        assert (finding.remedy is not None) == (finding.outcome in ("fail", "insufficient_data"))
        if finding.outcome != "fail" or not finding.remedy or not finding.remedy.changes:
            continue
        rule = CATALOGUE.get(finding.citation.rule)
        single = Checker(Catalogue((rule,)), CheckOptions(assessed_on=dt.date(2026, 1, 1)))
        fixed = validate_document(Document("fuzz", applied(data, finding.remedy), {}))
        (after,) = single.check_loaded(fixed).results
        assert after.outcome == "pass", (finding.rule, finding.remedy)
    for lang in ("zh", "en"):
        assert project_text(report, lang) == json.dumps(project_dict(report, lang),
                                                        ensure_ascii=False, indent=2)


# --- bounds ----------------------------------------------------------------------------------

def _pv(pv: str, roof: str = "6000") -> Finding:
    rule = _rule("CP-BLDG-PV-50")
    project = base_data(rule)
    put(project, "building.roof_area_m2", Decimal(roof))
    put(project, "building.pv_area_m2", Decimal(pv))
    return check(rule, project)


def test_pv_at_just_above_and_just_below_the_bound():
    assert _pv("3000").outcome == "pass" and _pv("3000").remedy is None
    assert _pv("3000.01").remedy is None
    below = _pv("2999.99").remedy
    assert below is not None and [(c.before, c.after) for c in below.changes] == [("2999.99", "3000")]
    assert below.text_en == "add 0.01 m² of PV (2,999.99 → 3,000 m²)"
    odd = _pv("1000", roof="2401").remedy  # 50% of 2,401 m² is 1,200.5 m² exactly
    assert odd is not None and odd.changes[0].after == "1200.5"


def _intensity(value: str, threshold: str = "0.3") -> Finding:
    rule = _with_parameter(threshold)
    project = base_data(rule)
    put(project, "data_centre.value_added_energy_intensity_tce_per_10k_yuan", Decimal(value))
    return check(rule, project)


@pytest.mark.parametrize(("value", "to"), [("0.3", "0.2"), ("0.30", "0.29"), ("0.3001", "0.2999"),
                                           ("1", "0.2"), ("0.31", "0.29")])
def test_a_strict_bound_at_and_above_it(value, to):
    remedy = _intensity(value).remedy
    assert remedy is not None and remedy.changes[0].after == to
    assert _intensity(to).outcome == "pass"
    assert "below 0.3" in remedy.text_en


def test_a_strict_bound_just_below_passes():
    assert _intensity("0.2999").outcome == "pass" and _intensity("0.2999").remedy is None


def _coal(retained: str, original: str) -> Finding:
    rule = _rule("CP-IND-CAPTIVE-COAL")
    project = base_data(rule)
    put(project, "industrial_project.captive_coal_units_original_mw", Decimal(original))
    put(project, "industrial_project.captive_coal_units_retained_mw", Decimal(retained))
    return check(rule, project)


def test_two_thirds_exactly_and_where_it_is_no_decimal():
    assert _coal("400", "600").outcome == "pass"
    assert _coal("400.01", "600").remedy.changes[0].after == "400"
    assert _coal("467", "700").remedy.changes[0].after == "466"  # 466.67 rounded toward passing
    assert _coal("466.7", "700").remedy.changes[0].after == "466.6"  # at the precision given
    assert _coal("466", "700").outcome == "pass" and _coal("466.6", "700").outcome == "pass"


def _pue(**fields: Any) -> Finding:
    rule = _rule("CP-DC-PUE-EXISTING")
    project = base_data(rule)
    project["data_centre"].pop("pue", None)
    for name, value in fields.items():
        put(project, f"data_centre.{name}", value)
    return check(rule, project)


def test_pue_declared_and_metered_at_the_bound():
    assert _pue(pue=Decimal("1.4")).outcome == "pass"
    assert _pue(pue=Decimal("1.41")).remedy.changes[0].after == "1.4"
    assert _pue(pue=Decimal("1.3999")).remedy is None
    it = 38_000_000
    assert _pue(annual_it_energy_kwh=it, annual_total_energy_kwh=53_200_000).outcome == "pass"
    above = _pue(annual_it_energy_kwh=it, annual_total_energy_kwh=53_200_001).remedy
    assert above is not None and above.changes[0].after == "53200000"
    assert "1 kWh" in above.text_en


def test_ev_ready_at_the_bound():
    rule = _rule("QP-BLDG-EV-READY")
    project = base_data(rule)
    put(project, "building.parking_spaces", 200)
    for ready, outcome in ((200, "pass"), (199, "fail"), (150, "fail")):
        put(project, "building.ev_ready_spaces", ready)
        finding = check(rule, project)
        assert finding.outcome == outcome
    assert finding.remedy.text_en == "make 50 more of the 200 spaces EV-ready (150 → 200)"
    assert finding.remedy.text == "再使 50 个车位具备充电设施安装条件（150 → 200 个，共 200 个）"


def test_a_share_at_just_below_and_exactly_at_the_bound():
    rule = _rule("QP-VEH-SANITATION")
    project = base_data(rule)
    for meeting, outcome in ((19, "pass"), (18, "fail")):
        put(project, "vehicle_procurement.vehicles",
            [{"count": meeting, "powertrain": "bev"}, {"count": 20 - meeting, "powertrain": "ice"}])
        finding = check(rule, project)
        assert finding.outcome == outcome
    assert finding.remedy.text_en.startswith("change 1 more vehicle to battery-electric or fuel-cell")


def test_missing_data_names_what_to_write_and_never_a_value():
    rule = _rule("CP-BLDG-HUB-PV")
    example = next(e for e in rule.examples if e.name == "not stated")
    finding = check(rule, example_data(rule, example))
    assert finding.outcome == "insufficient_data"
    assert [(c.field, c.before, c.after) for c in finding.remedy.changes] == [
        ("building.pv_area_m2", None, None)]
    assert "write `0` if the roof has no PV" in finding.remedy.text_en


def test_an_unpublished_parameter_is_no_field_to_fill_in():
    rule = _rule("CP-DC-VALUE-ADDED")
    project = base_data(rule)
    finding = check(rule, project)
    assert finding.outcome == "insufficient_data" and finding.remedy.changes == ()
    assert "shanghai_gdp_energy_intensity" in finding.remedy.text_en


def test_a_waived_finding_carries_no_remedy():
    finding = _pv("2400")
    assert finding.remedy is not None
    waiver = Waiver(rule="CP-BLDG-PV-50", project="*", justification="试点", approved_by="张三",
                    expires=dt.date(2030, 1, 1))
    assert waived(finding, waiver).remedy is None


# --- steps -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "bound", "step"), [
    ("4900", None, "1"), ("4900.5", None, "0.1"), ("0.30", "0.3", "0.01"), ("1", "0.25", "0.01"),
    ("12000.0", None, "0.1"), ("1E+4", None, "1")])
def test_the_step_is_the_last_place_given(value, bound, step):
    assert field_step(Decimal(value), Decimal(bound) if bound else None) == Decimal(step)


def test_first_passing_for_each_side():
    one = Decimal(1)
    assert first_passing(Decimal(0), Decimal("0.5"), "ge", True, one, False) == Decimal("0.5")
    assert first_passing(Decimal(0), Decimal("0.5"), "ge", True, one, True) == one
    assert first_passing(Decimal(2), Decimal("0.5"), "lt", True, Decimal("0.1"), False) == Decimal("0.4")
    assert first_passing(Decimal(0), Decimal("0.5"), "gt", True, Decimal("0.1"), False) == Decimal("0.6")
    assert first_passing(Decimal(500), Decimal(1400) / 3, "le", False, one, False) == Decimal(466)
    assert first_passing(Decimal(0), Decimal(1400) / 3, "ge", False, one, False) == Decimal(467)


def test_every_derived_metric_registers_its_inverse():
    from checker.metrics.registry import INVERSES, METRICS

    assert sorted(set(METRICS) - set(INVERSES)) == []
