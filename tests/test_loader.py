"""Project files: strict model, located errors, YAML 1.1 traps, JSON."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from checker.errors import InputError
from checker.input.loader import load_project

HEAD = "format: greencheck/v1\nid: T-1\nname: 测试项目\nkind: building\ndistrict: 青浦区\n"


def write(tmp_path, text, name="p.yaml", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def problems(tmp_path, text, name="p.yaml"):
    with pytest.raises(InputError) as caught:
        load_project(write(tmp_path, text, name))
    return caught.value.problems


def test_valid_file_loads_with_units(tmp_path):
    loaded = load_project(write(tmp_path, HEAD + "building:\n  roof_area_m2: 1.9万 m²\n  pv_area_m2: 5700\n"))
    assert loaded.project.building.roof_area_m2 == Decimal(19000)
    assert loaded.line_of("building.pv_area_m2") == 8


def test_unknown_key_names_line_column_and_nearest_key(tmp_path):
    (problem,) = problems(tmp_path, HEAD + "building:\n  construction: new\n  roof_aera_m2: 6000\n")
    assert (problem.line, problem.column, problem.field) == (8, 3, "building.roof_aera_m2")
    assert "did you mean 'roof_area_m2'" in problem.message


def test_unknown_top_level_key(tmp_path):
    (problem,) = problems(tmp_path, HEAD + "aproval_date: 2023-01-01\nbuilding: {}\n")
    assert "did you mean 'approval_date'" in problem.message
    assert problem.line == 6


def test_duplicate_keys_name_both_lines(tmp_path):
    (problem,) = problems(tmp_path, HEAD + "building:\n  pv_area_m2: 1\n  pv_area_m2: 2\n")
    assert problem.line == 8 and "first at line 7" in problem.message


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("  floor_area_m2: -5\n", "building.floor_area_m2"),
        ("  precast_ratio: 42\n", "building.precast_ratio"),
        ("  precast_ratio: 120%\n", "building.precast_ratio"),
        ("  roof_area_m2: 45 MW\n", "building.roof_area_m2"),
        ("  fully_fitted: no\n", "building.fully_fitted"),
        ("  fully_fitted: 1\n", "building.fully_fitted"),
        ("  use: castle\n", "building.use"),
        ("  parking_spaces: 2.5\n", "building.parking_spaces"),
        ("  roof_area_m2: .nan\n", "building.roof_area_m2"),
        ("  roof_area_m2: .inf\n", "building.roof_area_m2"),
    ],
)
def test_invalid_values_are_located_errors(tmp_path, line, field):
    (problem,) = problems(tmp_path, HEAD + "building:\n" + line)
    assert problem.field == field and problem.line == 7


def test_yaml_11_octal_is_not_silently_converted(tmp_path):
    loaded = load_project(write(tmp_path, HEAD.replace("id: T-1", "id: 0123") + "building: {}\n"))
    assert loaded.project.id == "0123"


def test_bad_date_is_an_error(tmp_path):
    (problem,) = problems(tmp_path, HEAD + "approval_date: 2023-13-45\nbuilding: {}\n")
    assert problem.field == "approval_date" and "YYYY-MM-DD" in problem.message


def test_kind_needs_its_own_section(tmp_path):
    (problem,) = problems(tmp_path, HEAD + "data_centre: {pue: 1.2}\n")
    assert "must not have a 'data_centre' section" in problem.message


def test_wrong_format_version(tmp_path):
    (problem,) = problems(tmp_path, HEAD.replace("greencheck/v1", "greencheck/v2") + "building: {}\n")
    assert problem.field == "format"


def test_json_projects_load_exactly(tmp_path):
    data = {"format": "greencheck/v1", "id": "J-1", "name": "数据中心", "kind": "data_centre",
            "data_centre": {"construction": "new", "pue": 1.3}}
    loaded = load_project(write(tmp_path, json.dumps(data, ensure_ascii=False), "p.json"))
    assert loaded.project.data_centre.pue == Decimal("1.3")


def test_json_duplicate_keys_rejected(tmp_path):
    text = '{"format": "greencheck/v1", "id": "a", "id": "b"}'
    (problem,) = problems(tmp_path, text, "p.json")
    assert "duplicate key 'id'" in problem.message


@pytest.mark.parametrize("content", [b"", b"   \n", b"- a\n- b\n", b"just text\n"])
def test_not_a_project_mapping(tmp_path, content):
    assert problems(tmp_path, content)


def test_bom_is_accepted(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + (HEAD + "building: {}\n").encode())
    assert load_project(path).project.name == "测试项目"


def test_gbk_file_is_refused_with_a_clear_message(tmp_path):
    path = write(tmp_path, HEAD + "building: {}\n", encoding="gbk")
    with pytest.raises(InputError) as caught:
        load_project(path)
    assert "GBK" in str(caught.value) and "UTF-8" in str(caught.value)
