"""Public-institution metrics: cited coefficients, exact Decimal arithmetic, traces, pairing of
carriers between years, and the optional HDD18/CDD26 normalisation."""

from __future__ import annotations

from decimal import Decimal, localcontext

from checker.input.project import Project, Usage
from checker.metrics import institutions
from checker.metrics.registry import WIDE, Trace

SECTION = "public_institution_annual"


def _project(base: dict, current: dict, year: int = 2023) -> Project:
    return Project.model_validate({
        "format": "greencheck/v1", "id": "T-1", "name": "测试", "kind": SECTION,
        SECTION: {"year": year, "baseline_2020": base, "current": current},
    })


def test_coefficients_are_the_cited_figures():
    coeffs = institutions.coefficients()
    assert coeffs.energy["electricity_kwh"] == Decimal("0.1229")
    assert coeffs.energy["heat_gj"] == Decimal("34.12")
    assert coeffs.energy["gasoline_l"] == Decimal("1.4714") * Decimal("0.73")
    # 沪机管〔2021〕66号 prints t CO2 per 万 units: 5.64 t / 万kWh = 0.000564 t / kWh
    assert coeffs.carbon["electricity_kwh"] == Decimal("0.000564")
    assert coeffs.carbon["heat_gj"] == Decimal("0.11")
    assert coeffs.weather_share is None


def test_density_can_be_overridden_per_rule():
    coeffs = institutions.coefficients({"density_diesel_l": "0.85"})
    assert coeffs.energy["diesel_l"] == Decimal("1.4571") * Decimal("0.85")


def test_four_carriers_total_and_trace():
    usage = Usage(electricity_kwh="342万 kWh", natural_gas_m3=76000, gasoline_l=12000, heat_gj=2200)
    found = institutions.totals(usage, ("electricity_kwh", "natural_gas_m3", "gasoline_l", "heat_gj"),
                                institutions.coefficients())
    expected = (Decimal(3420000) * Decimal("0.1229") + Decimal(76000) * Decimal("1.2143")
                + Decimal(12000) * Decimal("1.4714") * Decimal("0.73") + Decimal(2200) * Decimal("34.12")) / 1000
    assert found.energy_tce == expected
    assert found.carbon_t == (Decimal(342) * Decimal("5.64") + Decimal("7.6") * Decimal("21.62")
                              + Decimal("1.2") * Decimal("22.21") + Decimal(2200) * Decimal("0.11"))
    assert Trace.same("3,420,000 kWh × 0.1229 kgce = 420.318 tce") in found.lines


def test_reduction_per_area_trace_reads_like_a_reviewer_would_write_it():
    project = _project({"floor_area_m2": 80000, "electricity_kwh": 6992600},
                       {"floor_area_m2": 80000, "electricity_kwh": 6610000})
    computed = institutions.energy_per_area_change(project, {})
    with localcontext(WIDE):  # the metrics' own precision (registry.WIDE), rounded once
        assert computed.value == (Decimal(6610000) - Decimal(6992600)) / Decimal(6992600)
    assert computed.trace.en.startswith("2023: 812.369 tce / 80,000 m² = 10.155 kgce/m²; "
                                       "2020: 859.391 tce / 80,000 m² = 10.742 kgce/m²; change −5.47%")
    assert computed.trace.zh.startswith("2023年：812.369 tce / 80,000 m² = 10.155 kgce/m²；"
                                       "2020年：859.391 tce / 80,000 m² = 10.742 kgce/m²；变化 −5.47%")


def test_a_carrier_reported_in_one_year_only_is_missing_not_zero():
    project = _project({"floor_area_m2": 1000, "electricity_kwh": 100000, "natural_gas_m3": 5000},
                       {"floor_area_m2": 1000, "electricity_kwh": 90000})
    computed = institutions.energy_per_area_change(project, {})
    assert computed.value is None
    assert computed.missing == (f"{SECTION}.current.natural_gas_m3",)


def test_zero_occupants_cannot_be_divided():
    project = _project({"occupants": 0, "water_m3": 100}, {"occupants": 10, "water_m3": 90})
    computed = institutions.water_per_capita_change(project, {})
    assert computed.value is None and f"{SECTION}.baseline_2020.occupants" in computed.missing


def test_degree_days_without_a_cited_share_are_reported_not_applied():
    base = {"floor_area_m2": 1000, "electricity_kwh": 100000, "hdd18": 1400, "cdd26": 200}
    current = {"floor_area_m2": 1000, "electricity_kwh": 95000, "hdd18": 1300, "cdd26": 300}
    computed = institutions.energy_per_area_change(_project(base, current), {})
    assert computed.value == Decimal("-0.05")
    assert "; HDD18+CDD26 1,600 vs 2020 1,600: not normalised" in computed.trace.en
    assert "；采暖度日数 + 空调度日数 1,600（2020年 1,600）：未作气象修正" in computed.trace.zh


def test_degree_day_normalisation_with_an_explicit_share():
    base = {"floor_area_m2": 1000, "electricity_kwh": 100000, "hdd18": 1400, "cdd26": 200}
    current = {"floor_area_m2": 1000, "electricity_kwh": 100000, "hdd18": 1600, "cdd26": 400}
    computed = institutions.energy_per_area_change(_project(base, current), {"weather_sensitive_share": "0.4"})
    # a colder and hotter year: (1 − 0.4) + 0.4 × 1600 / 2000 = 0.92
    assert computed.value == Decimal("0.92") - 1
    assert "; weather-normalised ×0.92 = (1 − 0.4) + 0.4 × 1,600 / 2,000 degree days" in computed.trace.en
    assert "；气象修正 ×0.92 = (1 − 0.4) + 0.4 × 1,600 / 2,000（度日数）" in computed.trace.zh


def test_energy_audit_status():
    project = Project.model_validate({
        "format": "greencheck/v1", "id": "T-2", "name": "测试", "kind": SECTION,
        SECTION: {"year": 2023, "energy_audit_done": False,
                  "current": {"floor_area_m2": 4000, "electricity_kwh": 2000000, "natural_gas_m3": 50000}},
    })
    computed = institutions.energy_audit_status(project, {"energy_tce": 300})
    assert computed.value == "due_not_done"
    assert computed.trace.en.startswith("energy 306.515 tce (")
    assert computed.trace.en.endswith(") ≥ 300 tce; audit not done")
    assert computed.trace.zh.startswith("年能耗 306.515 tce（")
    assert computed.trace.zh.endswith("） ≥ 300 tce；未开展能源审计")


def test_a_fuel_reported_as_zero_in_one_year_and_omitted_in_the_other_is_not_missing():
    from checker.input.project import Usage
    from checker.metrics.institutions import paired_carriers

    base = Usage(electricity_kwh=100, diesel_l=0, gasoline_l=50)
    current = Usage(electricity_kwh=90, gasoline_l=40)
    used, missing = paired_carriers(base, current)
    assert missing == () and "diesel_l" not in used and "gasoline_l" in used
    _, missing = paired_carriers(Usage(electricity_kwh=100, diesel_l=5, gasoline_l=50), current)
    assert missing == ("public_institution_annual.current.diesel_l",)


def test_a_report_outside_a_clauses_year_points_at_its_reporting_year(tmp_path):
    import datetime as dt

    from checker.catalogue.load import load_catalogue
    from checker.check.checker import Checker, CheckOptions

    path = tmp_path / "report.yaml"
    path.write_text("format: greencheck/v1\nid: PI-1\nname: 某机关\nkind: public_institution_annual\n"
                    "public_institution_annual:\n  year: 2024\n  daily_waste_kg_per_person: 0.9\n",
                    encoding="utf-8")
    checker = Checker(load_catalogue(), CheckOptions(assessed_on=dt.date(2026, 1, 1)))
    finding = next(f for f in checker.check_file(path).results if f.rule == "PIA-WASTE-07")
    assert finding.outcome == "not_applicable"  # a 2023 target, a 2024 report
    assert (finding.field, finding.line) == ("public_institution_annual.year", 6)
