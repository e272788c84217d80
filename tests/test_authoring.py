"""greencheck schema / new / explain."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from checker.cli.authoring import KIND_NAMES
from checker.input.document import parse_document, read_document
from checker.input.loader import validate_document
from checker.input.project import KINDS
from tests.conftest import SAMPLES
from tests.workflow_helpers import AS_OF, run


@pytest.fixture(scope="module")
def validator():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _editor_view(path):
    """What an editor's YAML 1.2 parser gives the schema: dates as text, numbers as numbers."""
    return read_document(path).data


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.y*ml")), ids=lambda p: p.name)
def test_schema_accepts_every_sample(validator, path):
    assert list(validator.iter_errors(_editor_view(path))) == []


def test_schema_rejects_a_misspelt_key(validator):
    data = _editor_view(sorted(SAMPLES.glob("*.yaml"))[0])
    section = data["kind"]
    data[section]["constructoin"] = data[section].pop("construction", "new")
    errors = list(validator.iter_errors(data))
    assert any("constructoin" in error.message for error in errors)


def test_schema_rejects_a_missing_section(validator):
    data = {"format": "greencheck/v1", "id": "X", "name": "x", "kind": "building"}
    assert list(validator.iter_errors(data))


def test_schema_has_chinese_descriptions_units_and_number_or_string(validator):
    props = validator.schema["$defs"]["Building"]["properties"]
    roof = props["roof_area_m2"]
    assert "屋顶面积" in roof["description"] and roof["x-unit"] == "m²"
    assert {"type": "number"} in roof["anyOf"] and {"type": "string"} in roof["anyOf"]
    assert props["construction"]["description"].startswith("建设类型")
    assert list(validator.iter_errors({**_minimal(), "building": {"roof_area_m2": "1.9万 m²"}})) == []


def _minimal():
    return {"format": "greencheck/v1", "id": "X", "name": "x", "kind": "building"}


def test_kind_names_match_the_model():
    assert KIND_NAMES == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_new_template_validates_as_it_stands(validator, tmp_path, kind):
    result = run("new", kind)
    assert result.exit_code == 0
    text = result.output
    assert text.startswith("# yaml-language-server: $schema=")
    loaded = validate_document(parse_document(text.encode(), f"{kind}.yaml"))
    assert loaded.project.kind == kind
    assert list(validator.iter_errors(yaml.safe_load(text))) == []
    out = tmp_path / f"{kind}.yaml"
    assert run("new", kind, "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == text
    assert run("new", kind, "-o", str(out)).exit_code == 2  # no silent overwrite
    check = run("check", str(out), "--engine", "oracle", "--as-of", AS_OF)
    assert check.exit_code in (0, 1) and "ERROR" not in check.output


def test_new_rejects_an_unknown_kind():
    assert run("new", "bridge").exit_code == 2


def test_explain_shows_clause_logic_and_examples(catalogue):
    result = run("explain", "CP-BLDG-PV-50")
    assert result.exit_code == 0
    out = result.output
    rule = catalogue.get("CP-BLDG-PV-50")
    assert rule.citation.text in out and "沪府发〔2022〕7号" in out
    assert "building.use ∈ {government_office, industrial_plant, school}" in out
    assert "pv_area_ratio" in out and "不低于 50% / at least 50%" in out and "ge (≥)" in out
    assert all(example.name in out for example in rule.examples)
    assert "自 2022-01-01 起适用" in out


def test_explain_unknown_rule_is_a_usage_error():
    result = run("explain", "CP-NOPE")
    assert result.exit_code == 2 and "unknown rule id" in result.output
