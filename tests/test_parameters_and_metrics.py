"""Threshold parameters (cited, dated, null until known) and the transport/industry metrics."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from checker.catalogue.lint import example_project
from checker.catalogue.load import Catalogue, load_catalogue, load_rule_file
from checker.catalogue.model import Example
from checker.check.checker import Checker, CheckOptions
from checker.errors import InputError

RULE_ID = "CP-DC-VALUE-ADDED"
DC = {"approval_date": "2023-03-01", "data_centre.construction": "new",
      "data_centre.value_added_energy_intensity_tce_per_10k_yuan": "0.21"}


def _finding(rule, given, engine):
    example = Example(name="t", expect="pass", given=given)
    options = CheckOptions(assessed_on=dt.date(2026, 1, 1), engine=engine)
    (finding,) = Checker(Catalogue((rule,)), options).check_loaded(
        example_project(rule, example)).results
    return finding


@pytest.mark.parametrize("engine", ["durable_rules", "oracle"])
def test_unknown_parameter_is_insufficient_data_never_a_guess(engine):
    rule = load_catalogue().get(RULE_ID)
    assert rule.parameter is not None and rule.parameter.value is None
    finding = _finding(rule, DC, engine)
    assert finding.outcome == "insufficient_data"
    assert "shanghai_gdp_energy_intensity" in finding.message
    assert "该数值暂缺" in finding.required and "no figure yet" in finding.required_en


@pytest.mark.parametrize("engine", ["durable_rules", "oracle"])
def test_a_known_value_decides(engine):
    rule = load_catalogue().get(RULE_ID)
    known = rule.with_parameter(rule.parameter.model_copy(
        update={"value": Decimal("0.25"), "as_of": dt.date(2023, 12, 31)}))
    assert _finding(known, DC, engine).outcome == "pass"
    assert "2023-12-31" in _finding(known, DC, engine).required
    worse = dict(DC, **{"data_centre.value_added_energy_intensity_tce_per_10k_yuan": "0.25"})
    assert _finding(known, worse, engine).outcome == "fail"


def _write(tmp_path: Path, parameter: str, reference: str) -> Path:
    """A copy of the catalogue whose CP-DC-VALUE-ADDED names ``reference`` and whose parameter
    file gives the city figure ``parameter`` from 2024 on (its as_of not yet given)."""
    source = Path(__file__).resolve().parent.parent / "rules"
    rules = tmp_path / "rules"
    shutil.copytree(source, rules, dirs_exist_ok=True)
    path = rules / "004_carbon_peak.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("threshold_parameter: shanghai_gdp_energy_intensity",
                        f"threshold_parameter: {reference}")
    path.write_text(text, encoding="utf-8")
    if parameter != "null":
        figure = rules / "parameters" / "shanghai_gdp_energy_intensity.yaml"
        figure.write_text(figure.read_text(encoding="utf-8") + (
            f"  - from: 2024-01-01\n    value: {parameter}\n    as_of: null\n"
            "    source: 上海市统计局公布的2023年全市单位生产总值能耗（测试用假设值）\n"), encoding="utf-8")
    return path


def test_a_parameter_value_in_the_file_becomes_the_threshold(tmp_path):
    text_path = _write(tmp_path, '"0.3"', "shanghai_gdp_energy_intensity")
    figure = text_path.parent / "parameters" / "shanghai_gdp_energy_intensity.yaml"
    figure.write_text(figure.read_text(encoding="utf-8").replace(
        "    as_of: null", "    as_of: 2023-12-31", 1), encoding="utf-8")
    rule = next(r for r in load_rule_file(text_path).rules if r.id == RULE_ID)
    assert rule.requirement.threshold == Decimal("0.3") and not rule.awaits_parameter


def test_a_value_needs_a_date_and_the_name_must_exist(tmp_path):
    with pytest.raises(InputError, match="as_of"):
        load_rule_file(_write(tmp_path, '"0.3"', "shanghai_gdp_energy_intensity"))
    with pytest.raises(InputError, match="unknown parameter 'nope'"):
        load_rule_file(_write(tmp_path, "null", "nope"))


def _share(rule_id, given):
    from checker.check.prepare import prepare

    rule = load_catalogue().get(rule_id)
    project = example_project(rule, Example(name="t", expect="pass", given=given)).project
    return prepare(project, [rule], dt.date(2026, 1, 1)).metrics[rule_id]


def test_vehicle_trace_names_the_exclusions():
    computed = _share("CP-VEH-PUBLIC-ZEV", {
        "vehicle_procurement.sector": "sanitation", "vehicle_procurement.year": 2025,
        "vehicle_procurement.vehicles": [
            {"count": 17, "powertrain": "bev"},
            {"count": 1, "powertrain": "phev", "nev_model_available": True},
            {"count": 2, "powertrain": "ice", "nev_model_available": False}]})
    assert computed.value is False
    assert computed.trace.en == "17 of 18 vehicles BEV/FCEV = 94.44% (2 excluded: no suitable model)"
    assert computed.trace.zh == "18 辆车中 17 辆为纯电动或燃料电池汽车 = 94.44%（2 辆无适配车型，不计入）"


def test_vessels_of_other_uses_are_named_not_counted():
    computed = _share("CP-VESSEL-INLAND", {
        "vessel_procurement.year": 2023, "vessel_procurement.vessels": [
            {"use": "ferry", "inland": True, "count": 2, "propulsion": "electric"},
            {"use": "cargo", "inland": True, "count": 3, "propulsion": "diesel"}]})
    assert computed.value is True
    assert computed.trace.en == ("2 of 2 inland vessels electric/LNG = 100% "
                                "(3 not covered: other uses or not inland)")
    assert computed.trace.zh == ("2 艘内河船舶中 2 艘为电力或液化天然气驱动 = 100%"
                                "（3 艘不在范围内：其他用途或非内河船舶）")


@pytest.mark.parametrize(("retained", "expected"), [("400", True), ("400.0000001", False)])
def test_two_thirds_is_decided_exactly(retained, expected):
    computed = _share("CP-IND-CAPTIVE-COAL", {
        "approval_date": "2023-04-01", "industrial_project.captive_coal_units_original_mw": 600,
        "industrial_project.captive_coal_units_retained_mw": retained})
    assert (computed.value <= Decimal(2) / Decimal(3)) is expected
