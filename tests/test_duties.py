"""Verdicts that hold on projects written to the v1 contract: one finding per duty, the right
date, no pass from missing data, and a verdict that says whether anything was checked."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from checker.catalogue.load import load_catalogue
from checker.check.checker import Checker, CheckOptions
from checker.report.model import Finding, ProjectReport

AS_OF = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_catalogue(), CheckOptions(assessed_on=AS_OF))


def check(tmp_path: Path, checker: Checker, text: str, name: str = "p.yaml") -> ProjectReport:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return checker.check_file(path)


def finding(report: ProjectReport, duty: str) -> Finding:
    (found,) = [f for f in report.results if f.rule == duty]
    return found


def duties(report: ProjectReport) -> list[str]:
    return [f.rule for f in report.results]


def annual(year: int, filed: str, cut: str) -> str:
    """A public institution's annual report: every use ``cut`` below its 2020 figure."""
    def scaled(value: int) -> str:
        return str(value * (100 - int(cut)) // 100)
    return f"""\
        format: greencheck/v1
        id: PI-{year}-{filed}
        name: 某区教育局
        kind: public_institution_annual
        district: 徐汇区
        approval_date: {filed}
        public_institution_annual:
          category: education
          year: {year}
          baseline_2020: {{floor_area_m2: 50000, occupants: 1000, electricity_kwh: 4000000,
                          natural_gas_m3: 100000, gasoline_l: 0, diesel_l: 0, heat_gj: 0,
                          water_m3: 80000}}
          current: {{floor_area_m2: 50000, occupants: 1000, electricity_kwh: {scaled(4000000)},
                    natural_gas_m3: {scaled(100000)}, gasoline_l: 0, diesel_l: 0, heat_gj: 0,
                    water_m3: {scaled(80000)}}}
          daily_waste_kg_per_person: 0.5
          energy_audit_done: true
          water_balance_test_done: true
          sub_metering_ratio: 1
        """


# --- the right date -------------------------------------------------------------------------

def test_a_2025_report_filed_in_2026_is_judged_on_the_2025_targets(tmp_path, checker):
    report = check(tmp_path, checker, annual(2025, "2026-01-15", "4"))
    assert report.date == dt.date(2025, 12, 31)
    assert report.date_field == "public_institution_annual.year"
    target = finding(report, "PI-2025-ENERGY-AREA")
    assert target.outcome == "fail"  # 4% below 2020; the 2025 target is 5%
    assert report.verdict == "fail"


def test_a_2023_report_filed_on_2024_01_02_meets_the_2023_interim_targets(tmp_path, checker):
    report = check(tmp_path, checker, annual(2023, "2024-01-02", "5"))
    assert report.date == dt.date(2023, 12, 31)
    assert finding(report, "PIA-2023-ENERGY-AREA").outcome == "pass"
    assert finding(report, "PI-2025-ENERGY-AREA").outcome == "not_applicable"


def test_a_2024_report_filed_in_2025_is_not_held_to_the_2025_targets(tmp_path, checker):
    report = check(tmp_path, checker, annual(2024, "2025-02-01", "1"))
    assert finding(report, "PI-2025-ENERGY-AREA").outcome == "not_applicable"
    assert finding(report, "PIA-2023-ENERGY-AREA").outcome == "not_applicable"


def test_a_procurement_is_judged_by_its_year_else_its_approval_date(tmp_path, checker):
    bus = """\
        format: greencheck/v1
        id: BUS-1
        name: 公交车采购
        kind: vehicle_procurement
        district: 徐汇区
        approval_date: 2024-11-20
        vehicle_procurement:
          sector: bus
          {year}
          vehicles: [{{count: 10, powertrain: hev, replacement: true}}]
        """
    by_year = check(tmp_path, checker, bus.format(year="year: 2025"), "a.yaml")
    assert by_year.date_field == "vehicle_procurement.year"
    assert finding(by_year, "VEH-NEV-ALL").outcome == "fail"
    by_approval = check(tmp_path, checker, bus.format(year=""), "b.yaml")
    assert by_approval.date_field == "approval_date"
    assert by_approval.date == dt.date(2024, 11, 20)
    # a 2024 bus purchase: every 到2025年 clause is not yet in force, and nothing else applies
    assert by_approval.verdict == "not_applicable"


# --- one finding per duty ---------------------------------------------------------------------

QINGPU_OFFICE = """\
    format: greencheck/v1
    id: QP-GOV-1
    name: 青浦新城某机关办公楼
    kind: building
    district: 青浦区
    zones: [青浦新城]
    approval_date: 2023-04-01
    building:
      construction: new
      use: government_office
      public_institution: true
      government_invested: true
      floor_area_m2: 20000
      roof_area_m2: 5000
      pv_area_m2: {pv}
      green_building_level: {level}
      ultra_low_energy: false
      renewable_energy: [solar_pv]
      precast_ratio: 0.45
    """


def test_one_pv_shortfall_under_three_documents_is_one_finding_with_three_citations(
        tmp_path, checker):
    report = check(tmp_path, checker, QINGPU_OFFICE.format(pv=2000, level="two_star"))
    pv = finding(report, "BLDG-PV-50")
    assert pv.outcome == "fail"
    cited = {c.rule for c in pv.citations}
    assert cited == {"RP-BLDG-PV-50", "CP-BLDG-PV-50", "QP-BLDG-PV-50"}
    assert pv.citations[0] == pv.citation
    assert pv.citation.number == "沪府发〔2022〕7号"  # the latest document decides a tie
    assert sum(1 for f in report.results if f.outcome == "fail") == 1
    assert len(duties(report)) == len(set(duties(report)))


def test_a_one_star_government_office_fails_the_two_star_duty_once_and_gets_no_basic_pass(
        tmp_path, checker):
    report = check(tmp_path, checker, QINGPU_OFFICE.format(pv=2500, level="one_star"))
    two_star = finding(report, "BLDG-GREEN-2STAR")
    assert two_star.outcome == "fail"
    assert {"PIA-BLDG-GOV-2STAR", "PI-BLDG-OFFICE-2STAR", "QP-BLDG-GREEN-KEY",
            "PIA-BLDG-GOVINV-2STAR"} <= {c.rule for c in two_star.citations}
    basic = finding(report, "BLDG-GREEN-BASIC")
    # "其他新建建筑" (002) and the "其中" sentences (001, 003) leave this building to two-star;
    # only 001 四（九）, a sentence of its own for all of 青浦新城, still asks the basic level
    assert {c.rule for c in basic.citations} == {"QP-BLDG-GREEN-NEWCITY"}
    assert [f.outcome for f in report.results].count("fail") == 1


def test_the_other_buildings_clause_applies_where_no_two_star_clause_does(tmp_path, checker):
    school = QINGPU_OFFICE.format(pv=2500, level="basic").replace(
        "use: government_office", "use: school").replace("government_invested: true",
                                                          "government_invested: false")
    report = check(tmp_path, checker, school.replace("district: 青浦区", "district: 徐汇区")
                   .replace("zones: [青浦新城]", "zones: []"))
    basic = finding(report, "BLDG-GREEN-BASIC")
    assert basic.outcome == "pass"
    assert {"PIA-BLDG-OTHER-BASIC", "PI-BLDG-GREEN-BASIC"} <= {c.rule for c in basic.citations}
    assert finding(report, "BLDG-GREEN-2STAR").outcome == "not_applicable"


def test_every_sample_counts_each_duty_once(checker):
    from tests.conftest import SAMPLES

    for report in checker.check_paths([SAMPLES]):
        assert len(duties(report)) == len(set(duties(report))), report.file
        rules = [c.rule for f in report.results if f.outcome != "not_applicable"
                 for c in f.citations]
        assert len(rules) == len(set(rules)), report.file


# --- exemption grounds and waivers apply to the duty -------------------------------------------

TWO_HIGH = """\
    format: greencheck/v1
    id: IND-1
    name: 某再生资源利用项目
    kind: industrial_project
    district: 宝山区
    approval_date: 2023-03-01
    industrial_project:
      construction: new
      industry: chemical
      two_high_one_low: true
      exemption_ground: {ground}
      added_crude_steel_capacity_t: 0
      added_refining_capacity_t: 0
      captive_coal_units_original_mw: 0
      captive_coal_units_retained_mw: 0
    """


def test_a_ground_named_by_004_exempts_the_same_sentence_of_000(tmp_path, checker):
    report = check(tmp_path, checker, TWO_HIGH.format(ground="renewable_resource"))
    duty = finding(report, "IND-2H1L")
    assert duty.outcome == "waived"
    assert duty.claim is not None and duty.claim.accepted
    assert "沪府发〔2022〕7号" in duty.claim.named_by
    assert {c.rule for c in duty.citations} == {"RP-IND-2H1L", "CP-IND-2H1L"}
    assert report.verdict == "pass"


def test_without_a_ground_the_two_high_project_fails_once(tmp_path, checker):
    report = check(tmp_path, checker, TWO_HIGH.format(ground="null"))
    assert finding(report, "IND-2H1L").outcome == "fail"
    assert [f.outcome for f in report.results].count("fail") == 1


def test_an_exemption_claimed_under_an_old_rule_id_applies_to_its_duty(tmp_path, checker):
    text = TWO_HIGH.format(ground="null").rstrip(" ") + (
        "    exemptions:\n"
        "      - {rule: RP-IND-2H1L, reason: renewable_resource, evidence: 沪经信〔2023〕1号}\n")
    report = check(tmp_path, checker, text)
    assert finding(report, "IND-2H1L").outcome == "waived"


def test_a_waiver_on_an_old_rule_id_waives_the_duty(tmp_path):
    from tests.workflow_helpers import run_json, tree

    office = textwrap.dedent(QINGPU_OFFICE.format(pv=2000, level="two_star"))
    tree(tmp_path, {"p.yaml": office, "w.yaml": textwrap.dedent("""\
        waivers:
          - rule: CP-BLDG-PV-50
            project: QP-GOV-*
            justification: 屋顶另有用途，已报批
            approved_by: 张三
            expires: 2027-12-31
        """)})
    code, report = run_json(str(tmp_path / "p.yaml"), "--waivers", str(tmp_path / "w.yaml"),
                            "--as-of", "2026-12-01")
    results = {r["rule"]: r for r in report["projects"][0]["results"]}
    assert results["BLDG-PV-50"]["outcome"] == "waived"
    assert report["projects"][0]["verdict"] == "pass"
    assert code == 0


def test_rule_selection_by_an_old_id_selects_its_duty_and_a_foreign_selection_checks_nothing(
        tmp_path):
    from tests.workflow_helpers import run_json, tree

    tree(tmp_path, {"p.yaml": textwrap.dedent(QINGPU_OFFICE.format(pv=2000, level="two_star"))})
    code, report = run_json(str(tmp_path / "p.yaml"), "--rule", "RP-BLDG-PV-50")
    project = report["projects"][0]
    assert [r["rule"] for r in project["results"]] == ["BLDG-PV-50"]
    assert project["verdict"] == "fail" and code == 1
    code, report = run_json(str(tmp_path / "p.yaml"), "--rule", "CP-DC-PUE-NEW")
    assert report["projects"][0]["verdict"] == "not_applicable"
    assert code == 0


# --- absence is a decision of the contract -----------------------------------------------------

def test_an_absent_precast_ratio_is_missing_data_that_says_what_to_write(tmp_path, checker):
    housing = """\
        format: greencheck/v1
        id: QP-H-1
        name: 青浦新城住宅
        kind: building
        district: 青浦区
        zones: [青浦新城]
        approval_date: 2023-06-01
        building: {construction: new, use: residential, floor_area_m2: 30000, roof_area_m2: 3000,
                   pv_area_m2: 900, green_building_level: two_star, ultra_low_energy: false,
                   renewable_energy: [solar_pv], fully_fitted: true}
        """
    report = check(tmp_path, checker, housing)
    precast = finding(report, "QP-BLDG-PRECAST")
    assert precast.outcome == "insufficient_data"
    assert "装配式建筑单体预制率" in precast.message and "填 `0`" in precast.message
    assert precast.missing == ("building.precast_ratio",)
    assert "building.precast_ratio" not in precast.message  # a zh reader sees words, not paths
    assert "precast ratio" in precast.message_en and "write `0`" in precast.message_en
    assert report.verdict == "incomplete"
    with_zero = check(tmp_path, checker, housing.replace("fully_fitted: true",
                                                         "fully_fitted: true, precast_ratio: 0"),
                      "zero.yaml")
    assert finding(with_zero, "QP-BLDG-PRECAST").outcome == "fail"


def test_a_project_without_a_public_car_park_has_no_ev_ready_duty(tmp_path, checker):
    report = check(tmp_path, checker, QINGPU_OFFICE.format(pv=2500, level="two_star"))
    assert finding(report, "QP-BLDG-EV-READY").outcome == "not_applicable"


def test_qingpu_lies_in_the_demonstration_zone_without_listing_it(tmp_path, checker):
    hotel = """\
        format: greencheck/v1
        id: QP-HOTEL-1
        name: 朱家角某酒店
        kind: building
        district: 青浦区
        approval_date: 2026-03-01
        building: {construction: new, use: hotel, floor_area_m2: 12000, roof_area_m2: 2000,
                   pv_area_m2: 800, green_building_level: two_star, ultra_low_energy: false,
                   renewable_energy: [solar_pv], precast_ratio: 0.4}
        """
    report = check(tmp_path, checker, hotel)
    assert report.derived_zones == ("长三角生态绿色一体化发展示范区",)
    assert finding(report, "BLDG-ULE").outcome == "fail"
    listed = check(tmp_path, checker, hotel.replace("district: 青浦区",
                                                    "district: 青浦区\n        zones: [长三角生态绿色一体化发展示范区]"),
                   "listed.yaml")
    assert listed.derived_zones == ()
    assert finding(listed, "BLDG-ULE").outcome == "fail"


def test_chongming_is_the_eco_island_without_listing_it(tmp_path, checker):
    text = """\
        format: greencheck/v1
        id: CM-1
        name: 崇明某文化中心
        kind: building
        district: 崇明区
        approval_date: 2026-05-01
        building: {construction: new, use: cultural, roof_area_m2: 2000, pv_area_m2: 700,
                   green_building_level: two_star, ultra_low_energy: true,
                   renewable_energy: [solar_pv]}
        """
    report = check(tmp_path, checker, text)
    assert report.derived_zones == ("崇明世界级生态岛",)
    assert finding(report, "BLDG-ULE").outcome == "pass"


def test_a_misspelt_zone_is_an_input_error_with_the_nearest_name(tmp_path, checker):
    report = check(tmp_path, checker, QINGPU_OFFICE.format(pv=2500, level="two_star")
                   .replace("zones: [青浦新城]", "zones: [青浦新城区]"))
    assert report.verdict == "error"
    (problem,) = report.errors
    assert problem.field == "zones.0" and problem.line == 6
    assert "did you mean '青浦新城'" in problem.message


# --- a verdict that says what was checked ------------------------------------------------------

def test_a_project_where_no_clause_applies_is_not_applicable_not_pass(tmp_path, checker):
    report = check(tmp_path, checker, """\
        format: greencheck/v1
        id: R-1
        name: 既有商场装修
        kind: building
        district: 静安区
        approval_date: 2024-01-01
        building: {construction: renovation, use: commercial}
        """)
    assert report.results and all(f.outcome == "not_applicable" for f in report.results)
    assert report.verdict == "not_applicable"


def test_both_engines_give_the_same_duty_findings(tmp_path):
    catalogue = load_catalogue()
    oracle = Checker(catalogue, CheckOptions(assessed_on=AS_OF, engine="oracle"))
    durable = Checker(catalogue, CheckOptions(assessed_on=AS_OF))
    for text in (QINGPU_OFFICE.format(pv=2000, level="one_star"), TWO_HIGH.format(ground="null"),
                 TWO_HIGH.format(ground="renewable_resource"), annual(2025, "2026-01-15", "5")):
        assert check(tmp_path, oracle, text) == check(tmp_path, durable, text)
