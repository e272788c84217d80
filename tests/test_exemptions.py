"""Exemptions claimed in a project file: accepted only on a ground the clause names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.catalogue.lint import example_project
from checker.catalogue.load import Catalogue, load_rule_file
from checker.check.checker import Checker, CheckOptions

FIXTURE = Path(__file__).parent / "fixtures" / "exemption_rules.yaml"
AS_OF = dt.date(2026, 1, 1)
PROJECT = """\
format: greencheck/v1
id: IND-1
name: 某化工项目
kind: industrial_project
approval_date: 2023-05-01
exemptions:
{exemptions}
industrial_project:
  construction: new
  two_high_one_low: true
"""


@pytest.fixture(scope="module")
def fixture_catalogue() -> Catalogue:
    return Catalogue(tuple(load_rule_file(FIXTURE).rules))


def _check(catalogue: Catalogue, tmp_path: Path, exemptions: str, engine: str = "oracle"):
    path = tmp_path / "p.yaml"
    path.write_text(PROJECT.format(exemptions=exemptions), encoding="utf-8")
    return Checker(catalogue, CheckOptions(assessed_on=AS_OF, engine=engine)).check_file(path)


@pytest.mark.parametrize("engine", ["oracle", "durable_rules"])
def test_fixture_examples(fixture_catalogue, engine):
    (rule,) = fixture_catalogue.rules
    checker = Checker(fixture_catalogue, CheckOptions(assessed_on=AS_OF, engine=engine))
    for example in rule.examples:
        (finding,) = checker.check_loaded(example_project(rule, example)).results
        assert finding.outcome == example.expect, example.name


@pytest.mark.parametrize("reason", ["environmental_retrofit", "环保改造", "Environmental  Retrofit"])
def test_claim_on_a_named_ground_waives(fixture_catalogue, tmp_path, reason):
    exemptions = f"  - {{rule: TEST-IND-2H1L, reason: {reason}, evidence: 沪环评〔2023〕1号}}"
    report = _check(fixture_catalogue, tmp_path, exemptions)
    (finding,) = report.results
    assert finding.outcome == "waived"
    assert finding.claim is not None and finding.claim.accepted
    assert finding.claim.source == "project" and finding.claim.ground == "环保改造"
    assert finding.claim.evidence == "沪环评〔2023〕1号"
    assert "environmental retrofit" in finding.message_en
    assert report.verdict == "pass"


def test_claim_on_a_ground_the_clause_does_not_name_keeps_the_fail(fixture_catalogue, tmp_path):
    exemptions = "  - {rule: TEST-IND-2H1L, reason: 经济效益显著, evidence: 可研报告}"
    report = _check(fixture_catalogue, tmp_path, exemptions)
    (finding,) = report.results
    assert finding.outcome == "fail"
    assert report.verdict == "fail"
    claim = finding.claim
    assert claim is not None and not claim.accepted and claim.ground == "经济效益显著"
    assert claim.note == ("该理由不是条款接受的豁免情形；条款列明：城市运行安全保障、产业发展安全保障、"
                          "环保改造、再生资源利用、强链补链延链")
    assert claim.note_en.startswith("the ground is not one the clause accepts; it names: "
                                    "city operation security (city_operation_security); ")
    assert claim.note in finding.message and claim.note_en in finding.message_en


def test_claim_on_a_rule_that_names_no_ground(catalogue, tmp_path):
    path = tmp_path / "dc.yaml"
    path.write_text(
        "format: greencheck/v1\nid: DC-1\nname: 数据中心\nkind: data_centre\n"
        "approval_date: 2023-05-01\n"
        "exemptions:\n  - {rule: CP-DC-PUE-NEW, reason: 已签约, evidence: 合同}\n"
        "data_centre: {construction: new, pue: 1.35}\n", encoding="utf-8")
    report = Checker(catalogue, CheckOptions(assessed_on=AS_OF, engine="oracle")).check_file(path)
    finding = next(f for f in report.results if f.rule == "CP-DC-PUE-NEW")
    assert finding.outcome == "fail"
    assert finding.claim is not None
    assert finding.claim.note_en == "the ground is not one the clause accepts; it names none"


def test_claim_for_an_unknown_rule_is_an_input_error_with_line(fixture_catalogue, tmp_path):
    exemptions = ("  - {rule: TEST-IND-2H1L, reason: 环保改造}\n"
                  "  - {rule: TEST-IND-2HIL, reason: 环保改造}")
    report = _check(fixture_catalogue, tmp_path, exemptions)
    assert report.verdict == "error"
    (problem,) = report.errors
    assert (problem.line, problem.column) == (8, 6) and problem.field == "exemptions.1.rule"
    assert "unknown rule 'TEST-IND-2HIL'" in problem.message
    assert "did you mean 'TEST-IND-2H1L'" in problem.message


def test_catalogue_rules_name_grounds_only_with_a_field_that_exists(catalogue):
    """Grounds in the catalogue are data from the clause; each has a zh and en name."""
    for rule in catalogue.rules:
        for ground in rule.exemptions:
            assert ground.zh and ground.en
