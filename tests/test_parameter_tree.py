"""The parameter tree (rules/parameters/): one validated file per parameter, dated values,
value_at(name, date), every parameter used and every name a rule or metric gives existing."""

from __future__ import annotations

import datetime as dt
import shutil
import typing
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from checker.catalogue.lint import example_project, lint_rule_file
from checker.catalogue.load import load_catalogue, load_rule_file
from checker.catalogue.parameters import Figure, load_parameters, value_at
from checker.check.prepare import prepare
from checker.errors import InputError
from checker.metrics.registry import METRICS

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
SERIES = """\
description: {zh: 测试参数, en: a test parameter}
unit: t
reference: 测试用文件（无出处）
values:
  - {from: 2022-01-01, as_of: 2021-12-31, value: 300, source: 测试文件第一版}
  - {from: 2024-07-01, as_of: 2023-12-31, value: "312.5", source: 测试文件第二版}
  - {from: 2026-01-01, value: null, source: 已废止，尚无新值}
"""


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "parameters"
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_the_bundled_tree_loads():
    tree = load_parameters()
    assert "energy.electricity_kwh" in tree.names() and "shanghai_gdp_energy_intensity" in tree.names()
    for name in tree.names():
        spec = tree.get(name).spec
        assert spec.description.zh and spec.description.en and spec.reference, name
        assert all(value.from_ is not None and value.source for value in spec.values), name


def test_value_at_follows_the_dates(tmp_path):
    tree = load_parameters(_tree(tmp_path, {"group/figure.yaml": SERIES}))
    assert tree.names() == ["group.figure"]
    assert tree.value_at("group.figure", dt.date(2021, 12, 31)) is None  # before the first value
    assert tree.value_at("group.figure", dt.date(2022, 1, 1)) == Decimal(300)
    assert tree.value_at("group.figure", dt.date(2024, 6, 30)) == Decimal(300)
    assert tree.value_at("group.figure", dt.date(2024, 7, 1)) == Decimal("312.5")
    assert tree.value_at("group.figure", dt.date(2030, 1, 1)) is None  # a dated null
    assert tree.value_at("group.figure") is None  # the latest
    parameter = tree.get("group.figure").parameter(dt.date(2025, 1, 1))
    assert (parameter.value, parameter.as_of, parameter.source) == (Decimal("312.5"), dt.date(2023, 12, 31), "测试文件第二版")


def test_the_bundled_figures():
    assert value_at("energy.electricity_kwh", dt.date(2023, 12, 31)) == Decimal("0.1229")
    assert value_at("public_institutions.energy_audit_tce", dt.date(2023, 12, 31)) == Decimal(300)
    assert value_at("industry.captive_coal_retained_share") == Fraction(2, 3)
    assert value_at("shanghai_gdp_energy_intensity") is None  # no dated, cited value yet
    assert value_at("public_institutions.weather_sensitive_share") is None
    assert value_at("energy.electricity_kwh", dt.date(2021, 3, 31)) is None  # GB/T 2589-2020 not yet


def test_the_basis_caution_on_electricity_is_kept():
    basis = load_parameters().get("energy.electricity_kwh").spec.basis
    assert basis.startswith("CAUTION (basis of electricity)") and "等价值" in basis and "当量值" in basis


@pytest.mark.parametrize(("text", "field", "message"), [
    (SERIES.replace("{from: 2024-07-01, ", "{"), "values.1", "needs the date it applies from"),
    (SERIES.replace("as_of: 2023-12-31, ", ""), "values.1", "no as_of date"),
    (SERIES.replace("2024-07-01", "2021-07-01"), "values", "values must be in date order"),
    (SERIES.replace('"312.5"', "312.5kg"), "values.1.value", "must be a number"),
    (SERIES.replace("unit: t\n", "unit: t\nunits: t\n"), "units", "did you mean 'unit'?"),
    (SERIES.replace("{from: 2022", "{form: 2022"), "values.0.form", "did you mean 'from'?"),
])
def test_a_malformed_parameter_file_is_a_located_error(tmp_path, text, field, message):
    folder = _tree(tmp_path, {"figure.yaml": text})
    with pytest.raises(InputError) as caught:
        load_parameters(folder)
    assert caught.value.file == str(folder / "figure.yaml")
    (problem,) = caught.value.problems
    assert problem.field == field and message in problem.message and problem.line is not None


def test_a_file_name_is_a_parameter_name(tmp_path):
    with pytest.raises(InputError, match="not a parameter name"):
        load_parameters(_tree(tmp_path, {"Energy/Electricity-kWh.yaml": SERIES}))


def test_a_fraction_stays_exact(tmp_path):
    tree = load_parameters(_tree(tmp_path, {"f.yaml": SERIES.replace('"312.5"', '"2/3"')}))
    assert tree.value_at("f", dt.date(2025, 1, 1)) == Fraction(2, 3)


def test_every_parameter_is_used_and_every_name_exists():
    tree = load_parameters()
    used: set[str] = set()
    for rule in load_catalogue().rules:
        if rule.requirement.threshold_parameter:
            used.add(rule.requirement.threshold_parameter)
        arguments = rule.requirement.arguments
        for key in getattr(type(arguments), "model_fields", {}):
            figure = getattr(arguments, key)
            if isinstance(figure, Figure) and figure.name:
                used.add(figure.name)
    for info in METRICS.values():  # defaults of metrics no rule uses yet must exist too
        for key, field in info.params.model_fields.items():
            if typing.get_origin(field.annotation) is None and field.annotation is Figure \
                    and isinstance(field.default, str):
                assert field.default in tree.series, f"{info.name}.{key}: {field.default}"
                used.add(field.default)
    assert sorted(used) == tree.names()


def _catalogue_copy(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    return rules


def test_a_metric_takes_the_figure_in_force_on_the_projects_date(tmp_path):
    rules = _catalogue_copy(tmp_path)
    figure = rules / "parameters" / "public_institutions" / "energy_audit_tce.yaml"
    figure.write_text(figure.read_text(encoding="utf-8") + (
        "  - from: 2024-01-01\n    as_of: 2024-01-01\n    value: 400\n"
        "    source: 假设的新版行动方案（测试用）\n"), encoding="utf-8")
    (rule,) = [r for r in load_rule_file(rules / "002a_public_institution_action_plan.yaml").rules
               if r.id == "PIA-AUDIT-ENERGY"]
    example = next(e for e in rule.examples if e.name.startswith("2,000,000 kWh and 5万"))  # 306.52 tce
    for year, outcome in ((2023, "due_not_done"), (2024, None)):
        given = dict(example.given, **{"public_institution_annual.year": year})
        project = example_project(rule, example.model_copy(update={"given": given})).project
        computed = prepare(project, [rule], dt.date(2026, 1, 1)).metrics[rule.id]
        assert computed.value == outcome, year
    assert computed.note.en.startswith("below 400 tce")  # 306.52 tce on the carriers reported
    assert computed.note.zh.startswith("已填报的能源合计低于 400 tce")


def test_an_inline_threshold_must_be_the_figure_its_metric_computes_with(tmp_path):
    rules = _catalogue_copy(tmp_path)
    figure = rules / "parameters" / "industry" / "captive_coal_retained_share.yaml"
    figure.write_text(figure.read_text(encoding="utf-8").replace('"2/3"', '"3/4"'), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rule_file(rules / "004_carbon_peak.yaml")
    (problem,) = caught.value.problems
    assert problem.message.startswith("CP-IND-CAPTIVE-COAL: threshold 0.6666666666666666666666666667 "
                                      "is not the value 3/4 (from 2022-07-08) of parameter "
                                      "industry.captive_coal_retained_share")
    assert problem.field.endswith("requirement.threshold") and problem.line is not None


def test_lint_finds_a_parameter_not_yet_in_force_when_the_rule_starts(tmp_path):
    rules = _catalogue_copy(tmp_path)
    figure = rules / "parameters" / "public_institutions" / "energy_audit_tce.yaml"
    figure.write_text(figure.read_text(encoding="utf-8").replace("from: 2022-01-14", "from: 2023-01-01"),
                      encoding="utf-8")
    problems = lint_rule_file(rules / "002a_public_institution_action_plan.yaml")
    assert problems == ["PIA-AUDIT-ENERGY: params.energy_tce: parameter public_institutions.energy_audit_tce "
                        "has no value in force on 2022-01-14, when the rule starts (its first is from "
                        "2023-01-01)"]


def test_a_rule_file_no_longer_defines_parameters(tmp_path):
    path = tmp_path / "r.yaml"
    text = (RULES / "000_city_resources_plan.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("rules:\n", "parameters: []\nrules:\n", 1), encoding="utf-8")
    with pytest.raises(InputError, match="each is its own dated file under rules/parameters/"):
        load_rule_file(path)
