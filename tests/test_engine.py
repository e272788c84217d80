"""The durable_rules wrapper: exact thresholds through doubles, and agreement with the oracle."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.catalogue.load import Catalogue, load_catalogue
from checker.check.checker import Checker, CheckOptions
from checker.evaluation.durable import DurableEngine, number_text
from checker.input.document import Document
from checker.input.loader import validate_document

CATALOGUE = load_catalogue()
ASSESSED = dt.date(2026, 6, 30)


def test_numbers_never_use_exponents():
    for value in ["0.00001", "1e16", "123456789012345678", "0.000000000001", "-1e-30"]:
        text = number_text(Decimal(value))
        assert "e" not in text.lower()


def test_value_just_off_a_threshold_stays_on_its_side():
    bound = Decimal("0.3")
    above = bound + Decimal("1e-25")
    below = bound - Decimal("1e-25")
    assert float(above) == float(bound) == float(below)  # the trap
    assert float(number_text(above, frozenset({bound}))) > float(number_text(bound))
    assert float(number_text(below, frozenset({bound}))) < float(number_text(bound))
    assert number_text(bound, frozenset({bound})) == number_text(bound)


def _building(roof: Decimal, pv: Decimal, use: str, date: dt.date | None, sources: list[str] | None):
    section: dict = {"construction": "new", "use": use, "roof_area_m2": roof, "pv_area_m2": pv}
    if sources is not None:
        section["renewable_energy"] = sources
    data = {"format": "greencheck/v1", "id": "H-1", "name": "生成项目", "kind": "building",
            "building": section}
    if date is not None:
        data["approval_date"] = date.isoformat()
    return validate_document(Document("generated.yaml", data, {}))


def _outcomes(loaded, engine: str) -> dict[str, str]:
    checker = Checker(CATALOGUE, CheckOptions(assessed_on=ASSESSED, engine=engine))
    return {f.rule: f.outcome for f in checker.check_loaded(loaded).results}


areas = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1e8"), places=3, allow_nan=False)


def _near(roof: Decimal, bound: Decimal, k: int) -> Decimal:
    """PV area ``k`` units of the 20th significant digit (the last a project file may hold) off
    ``roof × bound``: a ratio about 1e-19 off the bound, which its double cannot tell apart."""
    exact = roof * bound
    return exact + k * Decimal(1).scaleb(max(exact.adjusted() - 19, -20))


def _pv(roof: Decimal) -> st.SearchStrategy[Decimal]:
    near = st.tuples(st.sampled_from([Decimal("0.3"), Decimal("0.5")]), st.integers(-3, 3))
    return st.one_of(near.map(lambda pair: _near(roof, *pair)),
                     st.decimals(min_value=0, max_value=1, places=6).map(lambda ratio: roof * ratio))


@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    areas=areas.flatmap(lambda roof: _pv(roof).map(lambda pv: (roof, pv))),
    use=st.sampled_from(["school", "hospital", "residential", "industrial_plant", "office"]),
    date=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))),
    sources=st.one_of(st.none(), st.lists(st.sampled_from(["solar_pv", "other"]), max_size=2)),
)
def test_durable_rules_agrees_with_the_oracle_on_buildings(areas, use, date, sources):
    loaded = _building(*areas, use, date, sources)
    assert _outcomes(loaded, "durable_rules") == _outcomes(loaded, "oracle")


@settings(max_examples=200, derandomize=True, deadline=None)
@given(
    pue=st.one_of(st.sampled_from([Decimal("1.3"), Decimal("1.4")]).flatmap(
        lambda b: st.integers(-2, 2).map(lambda k: b + k * Decimal("1e-19"))),
        st.decimals(min_value=1, max_value=3, places=4)),
    construction=st.one_of(st.none(), st.sampled_from(["new", "existing", "renovation", "expansion"])),
)
def test_durable_rules_agrees_with_the_oracle_on_data_centres(pue, construction):
    section: dict = {"pue": pue}
    if construction:
        section["construction"] = construction
    data = {"format": "greencheck/v1", "id": "D-1", "name": "生成", "kind": "data_centre",
            "approval_date": "2023-01-01", "data_centre": section}
    loaded = validate_document(Document("generated.yaml", data, {}))
    assert _outcomes(loaded, "durable_rules") == _outcomes(loaded, "oracle")


def test_many_projects_do_not_exhaust_engine_state():
    """durable_rules allows 1,024 live states per ruleset; each project's state is deleted."""
    engine = DurableEngine(CATALOGUE.rules)
    checker = Checker(CATALOGUE, CheckOptions(assessed_on=ASSESSED))
    checker.engine = engine
    loaded = _building(Decimal(100), Decimal(50), "school", dt.date(2023, 1, 1), ["solar_pv"])
    for _ in range(1500):
        outcomes = {f.rule: f.outcome for f in checker.check_loaded(loaded).results}
    assert outcomes["BLDG-PV-50"] == "pass"


@pytest.mark.parametrize("outcome_pue", [("pass", "1.2"), ("fail", "1.5")])
def test_many_rules_of_one_kind_are_split_so_no_fact_matches_too_many(outcome_pue):
    """durable_rules refuses a fact matching more than ~64 branches of one ruleset (error 303)."""
    base = CATALOGUE.get("CP-DC-PUE-NEW")
    rules = tuple(base.model_copy(update={"id": f"CP-DC-PUE-COPY{n}"}) for n in range(60))
    catalogue = Catalogue(rules)
    engine = DurableEngine(rules)
    assert len(engine._rulesets["data_centre"]) > 1
    data = {"format": "greencheck/v1", "id": "D-1", "name": "生成", "kind": "data_centre",
            "approval_date": "2023-01-01",
            "data_centre": {"construction": "new", "pue": Decimal(outcome_pue[1])}}
    loaded = validate_document(Document("generated.yaml", data, {}))
    found = {engine_name: {f.outcome for f in Checker(catalogue, CheckOptions(
        assessed_on=ASSESSED, engine=engine_name)).check_loaded(loaded).results}
        for engine_name in ("durable_rules", "oracle")}
    assert found == {"durable_rules": {outcome_pue[0]}, "oracle": {outcome_pue[0]}}
