"""Typed metric params: each metric declares a pydantic model of its params; loading the catalogue
and `greencheck rules lint` validate every rule's requirement.params against it, located in the
rule file; metric functions get the validated instance; the checker never raises on bad params."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from checker.catalogue.lint import example_project
from checker.catalogue.load import Catalogue, load_catalogue, load_rule_file
from checker.catalogue.model import Rule
from checker.check.checker import Checker, CheckOptions
from checker.check.prepare import prepare
from checker.cli import main
from checker.errors import InputError, Problem
from checker.input.schema import Strict
from checker.metrics.registry import METRICS, metric_info

ROOT = Path(__file__).resolve().parent.parent
CARBON_PEAK = ROOT / "rules" / "004_carbon_peak.yaml"
ACTION_PLAN = ROOT / "rules" / "002a_public_institution_action_plan.yaml"
STEEL = "      params: {field: industrial_project.added_crude_steel_capacity_t, unit: t}\n"
AUDIT = "params: {energy_tce: public_institutions.energy_audit_tce}"


def _variant(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / source.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_rule_file(path)
    assert caught.value.file == str(path)
    return caught.value.problems


def _line(path: Path, needle: str, after: str | None = None) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def _steel_index() -> int:
    return next(i for i, rule in enumerate(load_rule_file(CARBON_PEAK).rules) if rule.id == "CP-IND-STEEL")


def test_params_removed_is_a_located_error(tmp_path):
    path = _variant(tmp_path, CARBON_PEAK, STEEL, "")
    problems = _problems(path)
    index = _steel_index()
    assert {p.field for p in problems} == {f"rules.{index}.requirement.params.field",
                                          f"rules.{index}.requirement.params.unit"}
    requirement_line = _line(path, "requirement:", after="id: CP-IND-STEEL")
    for problem in problems:
        assert problem.message.startswith("CP-IND-STEEL: required key is missing")
        assert "metric no_added_capacity takes params: field, unit" in problem.message
        assert (problem.line, problem.column) == (requirement_line, 5)


def test_a_misspelt_key_is_located_and_answered_with_the_right_one(tmp_path):
    path = _variant(tmp_path, CARBON_PEAK, STEEL, STEEL.replace("{field:", "{feild:"))
    problems = _problems(path)
    (unknown,) = [p for p in problems if "unknown key" in p.message]
    assert "did you mean 'field'?" in unknown.message and unknown.message.startswith("CP-IND-STEEL:")
    line = _line(path, "{feild:")
    assert (unknown.line, unknown.column) == (line, path.read_text(encoding="utf-8").splitlines()[line - 1]
                                              .index("feild") + 1)
    assert any("required key is missing" in p.message and p.line == line for p in problems)


@pytest.mark.parametrize(("new", "message"), [
    (STEEL.replace("unit: t", "unit: [t]"), "valid string"),
    (STEEL.replace("capacity_t,", "capacity_tonnes,"), "is not a project field"),
])
def test_a_value_of_the_wrong_type_is_located(tmp_path, new, message):
    path = _variant(tmp_path, CARBON_PEAK, STEEL, new)
    (problem,) = _problems(path)
    assert message in problem.message and problem.message.startswith("CP-IND-STEEL:")
    assert problem.line == _line(path, new.strip())


@pytest.mark.parametrize(("new", "message"), [
    ("params: {energy_tce: 300}", "give a parameter's name, not the number 300"),
    ("params: {energy_tce: public_institutions.energy_audit}",
     "unknown parameter 'public_institutions.energy_audit'; did you mean "
     "'public_institutions.energy_audit_tce'?"),
    ("params: {}", "required key is missing"),
])
def test_a_figure_is_an_existing_parameter_named_in_the_rule_file(tmp_path, new, message):
    path = _variant(tmp_path, ACTION_PLAN, AUDIT, new)
    (problem,) = _problems(path)
    assert problem.message.startswith("PIA-AUDIT-ENERGY: ") and message in problem.message
    assert problem.line == _line(path, new)


@pytest.mark.parametrize(("old", "message"), [
    ('    requirement: {metric: pue, op: le, threshold: "1.3"}', "metric pue takes no params"),
    ('    requirement: {metric: building.ultra_low_energy, op: "true"}',
     "metric 'building.ultra_low_energy' is a project field and takes no params"),
])
def test_a_metric_without_params_refuses_any(tmp_path, old, message):
    text = CARBON_PEAK.read_text(encoding="utf-8")
    path = tmp_path / CARBON_PEAK.name
    path.write_text(text.replace(old, old[:-1] + ", params: {unit: kWh}}", 1), encoding="utf-8")
    (problem,) = _problems(path)
    assert message in problem.message and problem.line == _line(path, "params: {unit: kWh}")
    path.write_text(text.replace(old, old[:-1] + ", params: {}}", 1), encoding="utf-8")
    assert load_rule_file(path).rules  # empty params are no params


def test_rules_lint_reports_the_file_and_line(tmp_path):
    path = _variant(tmp_path, CARBON_PEAK, STEEL, "")
    result = CliRunner().invoke(main, ["rules", "lint", str(path)])
    assert result.exit_code == 2
    line = _line(path, "requirement:", after="id: CP-IND-STEEL")
    assert f"{path}:{line}:5: rules.{_steel_index()}.requirement.params.field: CP-IND-STEEL:" in result.output


def test_the_checker_reports_a_broken_catalogue_and_never_raises_on_it(tmp_path):
    _variant(tmp_path, CARBON_PEAK, STEEL, "")
    with pytest.raises(InputError):
        load_catalogue(tmp_path)
    # a rule built without the catalogue: its metric refuses the params, as an error report
    rule = load_catalogue().get("CP-IND-STEEL")
    data = rule.model_dump()
    data["requirement"]["params"] = {}
    unchecked = Rule.model_validate(data)
    project = tmp_path / "steel.yaml"
    project.write_text("format: greencheck/v1\nid: S-1\nname: 钢厂\nkind: industrial_project\n"
                       "approval_date: 2023-04-01\nindustrial_project:\n  industry: steel\n"
                       "  added_crude_steel_capacity_t: 0\n", encoding="utf-8")
    options = CheckOptions(assessed_on=dt.date(2026, 1, 1), engine="oracle")
    report = Checker(Catalogue((unchecked,)), options).check_file(project)
    assert report.verdict == "error"
    assert "metric no_added_capacity: invalid params" in report.errors[0].message


def test_every_metric_declares_a_strict_params_model():
    for name, info in METRICS.items():
        assert issubclass(info.params, Strict), name
        assert info.params.model_config.get("extra") == "forbid", name


def test_metric_functions_get_the_validated_model():
    seen: list[object] = []
    info = metric_info("no_added_capacity")
    original = info.fn
    object.__setattr__(info, "fn", lambda project, params: seen.append(params) or original(project, params))
    rule = load_catalogue().get("CP-IND-STEEL")
    project = example_project(rule, rule.examples[0]).project
    try:
        prepare(project, [rule], dt.date(2026, 1, 1))
        info.compute(project, {"field": "industrial_project.added_refining_capacity_t", "unit": "t"})
    finally:
        object.__setattr__(info, "fn", original)
    assert len(seen) == 2 and all(isinstance(p, info.params) for p in seen)
    assert seen[0] is rule.requirement.arguments  # validated once, on loading


def test_every_catalogue_rule_carries_its_validated_params():
    for rule in load_catalogue().rules:
        info = metric_info(rule.requirement.metric)
        if info is None:
            assert rule.requirement.params == {}, rule.id
        else:
            assert isinstance(rule.requirement.arguments, BaseModel), rule.id
            assert isinstance(rule.requirement.arguments, info.params), rule.id
