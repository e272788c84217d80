"""Plausibility is validation: impossible or contradictory values are input errors naming every
field involved, each at its own line, and saying what is valid."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from checker.errors import InputError, Problem
from checker.input.document import parse_document
from checker.input.loader import LoadedProject, validate_document
from checker.input.plausibility import BOUNDS, shown
from checker.messages import field_label, say

HEAD = "format: greencheck/v1\nid: T-1\nname: 测试项目\ndistrict: 青浦区\napproval_date: 2023-04-01\n"
HEAD_LINES = HEAD.count("\n")


def load(body: str, file: str = "p.yaml") -> LoadedProject:
    return validate_document(parse_document((HEAD + body).encode(), file))


def problems(body: str) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load(body)
    return caught.value.problems


def line_of(body: str, text: str) -> int:
    """The file line of the first body line that contains ``text``."""
    for number, line in enumerate(body.splitlines(), start=HEAD_LINES + 1):
        if text in line:
            return number
    raise AssertionError(text)


def building(**fields: object) -> str:
    return "kind: building\nbuilding:\n  construction: new\n  use: school\n" + "".join(
        f"  {name}: {value}\n" for name, value in fields.items())


# --- parts above their whole: one problem per field, each at its line --------------------------

CONTRADICTIONS = [
    (building(roof_area_m2=5000, pv_area_m2=6000), "building", "pv_area_m2", "roof_area_m2",
     ["pv_area_m2 6,000 m² is larger than roof_area_m2 5,000 m²", "pv_area_m2 must be at most roof_area_m2"]),
    (building(parking_spaces=200, ev_ready_spaces=201), "building", "ev_ready_spaces", "parking_spaces",
     ["ev_ready_spaces 201 spaces is larger than parking_spaces 200 spaces"]),
    ("kind: data_centre\ndata_centre:\n  construction: new\n  annual_total_energy_kwh: 52000000\n"
     "  annual_it_energy_kwh: 52000001\n", "data_centre", "annual_it_energy_kwh",
     "annual_total_energy_kwh",
     ["annual_it_energy_kwh 52,000,001 kWh is larger than annual_total_energy_kwh 52,000,000 kWh"]),
    ("kind: industrial_project\nindustrial_project:\n  construction: renovation\n"
     "  captive_coal_units_original_mw: 600\n  captive_coal_units_retained_mw: 600.5\n",
     "industrial_project", "captive_coal_units_retained_mw", "captive_coal_units_original_mw",
     ["captive_coal_units_retained_mw 600.5 MW is larger than captive_coal_units_original_mw 600 MW"]),
]


@pytest.mark.parametrize(("body", "section", "part", "whole", "words"), CONTRADICTIONS)
def test_a_part_above_its_whole_names_both_fields_at_their_lines(body, section, part, whole, words):
    found = problems(body)
    assert [p.field for p in found] == [f"{section}.{part}", f"{section}.{whole}"]
    assert [p.line for p in found] == [line_of(body, f"{part}:"), line_of(body, f"{whole}:")]
    assert all(p.column == 3 for p in found)
    for problem in found:
        for word in words:
            assert word in problem.message
        part_label, whole_label = (field_label(f"{section}.{name}", "zh") for name in (part, whole))
        assert f"{part_label}不得超过{whole_label}" in problem.message_zh
        assert part not in problem.message_zh and whole not in problem.message_zh


@pytest.mark.parametrize(("body", "section", "part", "whole", "words"), CONTRADICTIONS)
def test_a_part_equal_to_its_whole_is_fine(body, section, part, whole, words):
    lines = body.splitlines()
    whole_value = next(line.split(": ")[1] for line in lines if line.strip().startswith(f"{whole}:"))
    equal = "\n".join(f"  {part}: {whole_value}" if line.strip().startswith(f"{part}:") else line
                      for line in lines) + "\n"
    assert load(equal).project.section() is not None


def test_the_cli_text_shows_each_line():
    body = building(roof_area_m2=5000, pv_area_m2=6000)
    with pytest.raises(InputError) as caught:
        load(body)
    text = str(caught.value).splitlines()
    assert text[0].startswith(f"p.yaml:{line_of(body, 'pv_area_m2')}:3: building.pv_area_m2: ")
    assert text[1].startswith(f"p.yaml:{line_of(body, 'roof_area_m2')}:3: building.roof_area_m2: ")


def test_every_problem_of_a_file_is_reported_together():
    body = building(roof_area_m2=5000, pv_area_m2=6000, parking_spaces=10, ev_ready_spaces=11,
                    floor_area_m2="2e8")
    fields = [p.field for p in problems(body)]
    assert fields == ["building.floor_area_m2", "building.pv_area_m2", "building.roof_area_m2",
                      "building.ev_ready_spaces", "building.parking_spaces"]


def test_json_without_positions_still_names_every_field():
    data = {"format": "greencheck/v1", "id": "T-1", "name": "n", "kind": "building",
            "building": {"roof_area_m2": 10, "pv_area_m2": 11}}
    raw = json.dumps(data).replace(" ", "\t").encode()  # tabs: the JSON fallback, no positions
    with pytest.raises(InputError) as caught:
        validate_document(parse_document(raw, "p.json"))
    assert [(p.field, p.line) for p in caught.value.problems] == [
        ("building.pv_area_m2", None), ("building.roof_area_m2", None)]


# --- single values that cannot be ---------------------------------------------------------------

def test_pue_below_one():
    body = "kind: data_centre\ndata_centre:\n  construction: new\n  pue: 0.99\n"
    (problem,) = problems(body)
    assert (problem.field, problem.line) == ("data_centre.pue", line_of(body, "pue"))
    assert "pue 0.99 is below 1; pue must be at least 1: PUE is total energy over IT energy" \
        in problem.message
    assert load(body.replace("0.99", "1")).project.data_centre.pue == 1


@pytest.mark.parametrize(("kind", "items", "line"), [
    ("vehicle_procurement", "vehicles", "- {model: 某型纯电动公交车, count: 0, powertrain: bev}"),
    ("vessel_procurement", "vessels", "- {use: ferry, inland: true, count: 0, propulsion: electric}"),
])
def test_a_count_below_one(kind, items, line):
    body = f"kind: {kind}\n{kind}:\n  {items}:\n    {line}\n"
    (problem,) = problems(body)
    assert problem.field == f"{kind}.{items}.0.count"
    assert problem.line == line_of(body, "count")
    assert "count 0 is below 1; count must be at least 1: a line of the purchase counts at least " \
        "one" in problem.message and "leave the line out" in problem.message
    assert load(body.replace("count: 0", "count: 1")).project.section() is not None


@pytest.mark.parametrize(("kind", "items"), [("vehicle_procurement", "vehicles"),
                                             ("vessel_procurement", "vessels")])
def test_an_empty_list_of_vehicles_or_vessels(kind, items):
    body = f"kind: {kind}\n{kind}:\n  year: 2024\n  {items}: []\n"
    (problem,) = problems(body)
    assert (problem.field, problem.line) == (f"{kind}.{items}", line_of(body, items))
    assert f"{items} is an empty list" in problem.message and f"leave {items} out" in problem.message
    assert load(body.replace(f"  {items}: []\n", "")).project.section() is not None


# --- each field's plausible bound: at it is fine, just beyond it is refused, the bound named ----

PREFIX = {
    "Building": ("building", "kind: building\nbuilding:\n"),
    "DataCentre": ("data_centre", "kind: data_centre\ndata_centre:\n"),
    "Vehicle": ("vehicle_procurement.vehicles.0",
                "kind: vehicle_procurement\nvehicle_procurement:\n  vehicles:\n   -\n"),
    "Vessel": ("vessel_procurement.vessels.0",
               "kind: vessel_procurement\nvessel_procurement:\n  vessels:\n   -\n"),
    "PublicInstitutionAnnual": ("public_institution_annual",
                                "kind: public_institution_annual\npublic_institution_annual:\n"),
    "IndustrialProject": ("industrial_project", "kind: industrial_project\nindustrial_project:\n"),
}
YEARS = ("baseline_2020", "current")
for _year in YEARS:
    PREFIX[f"Usage.{_year}"] = (f"public_institution_annual.{_year}",
                                f"kind: public_institution_annual\npublic_institution_annual:\n  {_year}:\n")
CASES = [(where, field, bound) for model, fields in BOUNDS.items()
         for where in ([f"Usage.{y}" for y in YEARS] if model == "Usage" else [model])
         for field, bound in fields.items()]


def _bounded(where: str, field: str, value: object) -> str:
    _, head = PREFIX[where]
    indent = "    " if where.startswith(("Usage", "Vehicle", "Vessel")) else "  "
    return head + f"{indent}{field}: {value}\n"


WHOLE = {"count", "parking_spaces", "ev_ready_spaces", "occupants"}  # whole numbers


def _just_above(bound: Decimal) -> Decimal:
    """The least number above ``bound`` with 20 significant digits (the most a file may give)."""
    return bound + Decimal(1).scaleb(bound.adjusted() - 19)


@pytest.mark.parametrize(("where", "field", "bound"), CASES, ids=[f"{w}.{f}" for w, f, _ in CASES])
def test_every_bound_admits_its_value_and_refuses_just_beyond(where, field, bound):
    path, _ = PREFIX[where]
    whole = field in WHOLE
    at = int(bound.high) if whole else bound.high
    load(_bounded(where, field, at))
    beyond = int(bound.high) + 1 if whole else _just_above(bound.high)
    body = _bounded(where, field, beyond)
    (problem,) = problems(body)
    assert (problem.field, problem.line) == (f"{path}.{field}", line_of(body, f"{field}:"))
    assert f"is above the plausible bound for {field}: at most {shown(bound.high, bound.unit)} (" \
        in problem.message
    assert say(bound.why, "en") in problem.message
    # zh: the field by its label, the unit and the reason in Chinese, never the field's path
    label = field_label(f"{path}.{field}", "zh")
    assert problem.message_zh.startswith(f"{label}：")
    assert f"超出{label}的合理上限：最多 {shown(bound.high, bound.unit, 'zh')}（{say(bound.why, 'zh')}）" \
        in problem.message_zh
    assert field not in problem.message_zh


def test_a_bound_applies_after_unit_conversion():
    body = ("kind: public_institution_annual\npublic_institution_annual:\n  current:\n"
            "    electricity_kwh: \"1001亿千瓦时\"\n")
    (problem,) = problems(body)
    assert problem.field == "public_institution_annual.current.electricity_kwh"
    assert "100,100,000,000 kWh is above the plausible bound for electricity_kwh: at most " \
           "100,000,000,000 kWh" in problem.message


def test_every_bound_is_generous_for_real_samples():
    """Every sample project (real Shanghai figures) is plausible."""
    from tests.conftest import SAMPLES

    for path in sorted(SAMPLES.glob("*.yaml")):
        validate_document(parse_document(path.read_bytes(), str(path)))
