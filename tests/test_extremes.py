"""Fast refusals: extreme numbers, huge files and broken text are input errors in milliseconds,
naming the field and the limit; nothing extreme ever reaches int(), a unit factor or quantize.

Before: ``count: 1e5000`` raised ValueError (int's 4,300-digit limit), ``count: 1e999999`` took
47 s, ``year: 1e9999999`` more than 60 s, and ``diesel_l: 1e40``, 31-digit numbers, 1e-30 m² or
"1e99 GWh" crashed later with decimal.InvalidOperation in quantize.
"""

from __future__ import annotations

import json
import tempfile
import time
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, BeforeValidator

from checker.catalogue.load import load_catalogue
from checker.check.checker import Checker, CheckOptions
from checker.errors import InputError
from checker.input.document import MAX_BYTES, parse_document, read_document
from checker.input.loader import validate_document
from checker.input.project import SECTIONS
from checker.report.json import project_dict

CHECKER = Checker(load_catalogue(), CheckOptions())
QUICK = 0.25  # seconds: a refusal is microseconds; this only leaves room for a slow machine

USAGE = {"floor_area_m2": 80000, "occupants": 3000, "electricity_kwh": 9000000,
         "natural_gas_m3": 300000, "gasoline_l": 20000, "diesel_l": 1000, "heat_gj": 50,
         "water_m3": 120000, "hdd18": 1410, "cdd26": 182}
# one project per kind with every quantity field given, so that each can be replaced in turn
BASES: dict[str, dict[str, Any]] = {
    "building": {"construction": "new", "use": "school", "public_institution": True,
                 "floor_area_m2": 25000, "roof_area_m2": 6000, "pv_area_m2": 3200,
                 "precast_ratio": "0.42", "parking_spaces": 200, "ev_ready_spaces": 200},
    "data_centre": {"construction": "new", "pue": "1.28", "annual_total_energy_kwh": 52000000,
                    "annual_it_energy_kwh": 40000000,
                    "value_added_energy_intensity_tce_per_10k_yuan": "0.21"},
    "vehicle_procurement": {"sector": "bus", "year": 2024, "vehicles": [
        {"model": "某型纯电动公交车", "count": 20, "powertrain": "bev", "replacement": True,
         "nev_model_available": True}]},
    "vessel_procurement": {"year": 2024, "vessels": [
        {"use": "ferry", "inland": True, "count": 2, "propulsion": "electric"}]},
    "public_institution_annual": {"category": "education", "year": 2025, "baseline_2020": USAGE,
                                  "current": USAGE | {"electricity_kwh": 8500000},
                                  "daily_waste_kg_per_person": "0.65", "sub_metering_ratio": 1,
                                  "energy_audit_done": True},
    "industrial_project": {"construction": "renovation", "industry": "power",
                           "added_crude_steel_capacity_t": 0, "added_refining_capacity_t": 0,
                           "captive_coal_units_original_mw": 600,
                           "captive_coal_units_retained_mw": 400,
                           "value_added_energy_intensity_tce_per_10k_yuan": "0.3"},
}
HOLE = "@@value@@"


def _numeric(annotation: Any) -> bool:
    """Whether a field's annotation reads a number (quantity, ratio, count or year)."""
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            name = getattr(getattr(meta, "func", None), "__qualname__", "")
            if isinstance(meta, BeforeValidator) and any(
                    word in name for word in ("_quantity", "_ratio", "_count", "_year")):
                return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_numeric(arg) for arg in typing.get_args(annotation))
    return False


def _models(annotation: Any) -> list[tuple[type[BaseModel], bool]]:
    """Section models inside an annotation, and whether they sit in a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(annotation, False)]
    found = []
    for arg in typing.get_args(annotation):
        found += [(model, in_list or typing.get_origin(annotation) is list)
                  for model, in_list in _models(arg)]
    return found


def numeric_paths(model: type[BaseModel], prefix: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
    paths = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if field.metadata:
            annotation = typing.Annotated[(annotation, *field.metadata)]  # type: ignore[valid-type]
        if _numeric(annotation):
            paths.append((*prefix, name))
        for sub, in_list in _models(annotation):
            paths += numeric_paths(sub, (*prefix, name, 0) if in_list else (*prefix, name))
    return paths


FIELDS = [path for kind, model in SECTIONS.items() for path in numeric_paths(model, (kind,))]


def test_every_numeric_field_of_every_kind_is_covered():
    assert len(FIELDS) >= 40
    assert ("public_institution_annual", "baseline_2020", "diesel_l") in FIELDS
    assert ("vehicle_procurement", "vehicles", 0, "count") in FIELDS
    assert ("building", "precast_ratio") in FIELDS and ("vessel_procurement", "year") in FIELDS


def project_text(path: tuple[str | int, ...], token: str, how: str, kind: str | None = None
                 ) -> tuple[bytes, str]:
    """A project file with ``token`` at ``path`` (which starts with the kind unless ``kind`` is
    given): plain or quoted in YAML, or in tab-indented JSON (the reader's JSON fallback)."""
    kind = kind or str(path[0])
    data: dict[str, Any] = {"format": "greencheck/v1", "id": "X-1", "name": "极端数值",
                            "kind": kind, "district": "青浦区", "approval_date": "2023-04-01",
                            kind: json.loads(json.dumps(BASES[kind]))}
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = HOLE
    if how == "json":
        text = json.dumps(data, ensure_ascii=False, indent="\t")
        return text.replace(json.dumps(HOLE), token).encode(), "p.json"
    text = json.dumps(data, ensure_ascii=False, indent=1)  # JSON is YAML: the C parser reads it
    replacement = token if how == "plain" else json.dumps(token, ensure_ascii=False)
    return text.replace(json.dumps(HOLE), replacement).encode(), "p.yaml"


def check_raw(raw: bytes, file: str) -> tuple[bool, float]:
    """Read, validate and check: an InputError or a report, never another exception; the report
    (error or not) renders as UTF-8 JSON. Returns (valid?, seconds)."""
    start = time.perf_counter()
    try:
        loaded = validate_document(parse_document(raw, file))
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        valid = False
    else:
        report = CHECKER.check_loaded(loaded)
        json.dumps(project_dict(report, "en"), ensure_ascii=False).encode("utf-8")
        valid = True
    return valid, time.perf_counter() - start


# --- the cases that crashed or hung --------------------------------------------------------------

@pytest.mark.parametrize(("path", "token", "words"), [
    (("vehicle_procurement", "vehicles", 0, "count"), "1e5000", "5,001 digits before the decimal point; at most 15"),
    (("vehicle_procurement", "vehicles", 0, "count"), "1e999999", "1,000,000 digits before the decimal point"),
    (("vessel_procurement", "vessels", 0, "count"), "9" * 5000, "5,000 digits before the decimal point"),
    (("vehicle_procurement", "year"), "1e9999999", "not a plausible reporting year (2000-2100)"),
    (("vehicle_procurement", "year"), "-1e999999999999999999", "not a plausible reporting year"),
    (("public_institution_annual", "baseline_2020", "diesel_l"), "1e40", "41 digits before the decimal point"),
    (("public_institution_annual", "current", "electricity_kwh"), "1234567890123456789012345678901",
     "31 digits before the decimal point; at most 15"),
    (("building", "roof_area_m2"), "1e-30", "30 digits after the decimal point; at most 20"),
    (("building", "pv_area_m2"), "0." + "0" * 300 + "1", "301 digits after the decimal point"),
    (("public_institution_annual", "current", "electricity_kwh"), '"1e99 GWh"',
     "100 digits before the decimal point; at most 15"),
    (("public_institution_annual", "current", "electricity_kwh"), '"1e14 GWh"',
     "'1e14 GWh' is 100000000000000000000 kWh: 21 digits before the decimal point"),
    (("public_institution_annual", "current", "heat_gj"), '"0.000000000000000001 J"',
     "27 digits after the decimal point; at most 20"),
    (("data_centre", "pue"), "1e99999999999999999999999", "exponent out of range"),
    (("building", "precast_ratio"), "1e-999999", "999,999 digits after the decimal point; at most 20"),
    (("building", "precast_ratio"), '"1e-999999%"', "cannot read '1e-999999%' as a percentage"),
    (("building", "precast_ratio"), '"0.00000000000000000001%"',
     "'0.00000000000000000001%' is 0.0000000000000000000001: 22 digits after the decimal point"),
    (("building", "floor_area_m2"), '"' + "9" * 5000 + ' m2"', "not a quantity (at most 100)"),
    (("building", "floor_area_m2"), "NaN", "cannot read 'NaN' as a quantity"),
    (("data_centre", "annual_it_energy_kwh"), "-1e999999", "digits before the decimal point"),
])
def test_extreme_values_are_refused_in_milliseconds_naming_field_and_limit(path, token, words):
    raw, file = project_text(path, token, "plain")
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        validate_document(parse_document(raw, file))
    assert time.perf_counter() - start < QUICK
    field = ".".join(str(p) for p in path)
    assert [p.field for p in caught.value.problems] == [field], caught.value
    assert words in caught.value.problems[0].message
    assert caught.value.problems[0].line is not None


def test_a_tiny_quantity_converted_exactly_is_valid():
    raw, file = project_text(("public_institution_annual", "current", "heat_gj"), '"1 J"', "plain")
    loaded = validate_document(parse_document(raw, file))
    assert str(loaded.project.public_institution_annual.current.heat_gj) == "1E-9"


def test_a_six_gigabyte_sparse_file_is_refused_by_its_size(tmp_path, monkeypatch):
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as stream:
        stream.truncate(6 * 1024**3)  # sparse: no disk used, and never read
    size = huge.stat().st_size
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_document(huge)
    assert time.perf_counter() - start < QUICK
    assert f"file is {size} bytes; the limit is {MAX_BYTES}" in str(caught.value)
    report = CHECKER.check_file(huge)
    assert report.verdict == "error" and "limit" in report.errors[0].message


def test_a_file_growing_past_the_limit_is_read_no_further(tmp_path, monkeypatch):
    """os.stat said small; the read is bounded anyway (a FIFO reports 0 bytes)."""
    path = tmp_path / "p.yaml"
    path.write_bytes(b"# " + b"x" * (MAX_BYTES + 10) + b"\n")
    real_stat = __import__("os").stat

    class Small:
        st_size = 10

    monkeypatch.setattr("checker.input.document.os.stat",
                        lambda p, *a, **k: Small() if str(p) == str(path) else real_stat(p, *a, **k))
    with pytest.raises(InputError, match=f"more than {MAX_BYTES} bytes; the limit is {MAX_BYTES}"):
        read_document(path)


@pytest.mark.parametrize(("text", "field"), [
    ('{"format":\t"greencheck/v1", "id": "a\\ud800", "name": "n", "kind": "building", "building": {}}', "id"),
    ('{"format":\t"greencheck/v1", "id": "a", "name": "n", "kind": "building", "building": {"\\udfff": 1}}',
     "building.\\udfff"),
    ('{"format":\t"greencheck/v1", "id": "a", "name": "n", "kind": "building", '
     '"zones": ["\\udc80"], "building": {}}', "zones.0"),
])
def test_a_lone_surrogate_in_json_is_an_input_error(text, field):
    with pytest.raises(InputError) as caught:
        parse_document(text.encode(), "p.json")
    (problem,) = caught.value.problems
    assert "surrogate" in problem.message
    assert problem.field == field
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.json"
        path.write_bytes(text.encode())
        report = CHECKER.check_file(path)
    assert report.verdict == "error"
    assert problem.message == report.errors[0].message
    assert problem.message.encode("utf-8")  # the message itself holds no surrogate


def test_a_duplicate_key_with_a_lone_surrogate_is_printable():
    text = '{"format":\t"greencheck/v1", "\\ud800": 1, "\\ud800": 2}'
    with pytest.raises(InputError) as caught:
        parse_document(text.encode(), "p.json")
    assert str(caught.value).encode("utf-8").endswith(b"duplicate key '\\ud800'")


def test_a_surrogate_pair_in_json_is_one_character():
    text = '{"format":\t"greencheck/v1", "id": "a", "name": "\\ud83c\\udf3f", "kind": "building", "building": {}}'
    assert parse_document(text.encode(), "p.json").data["name"] == "🌿"


def test_yaml_refuses_a_lone_surrogate_escape_itself():
    with pytest.raises(InputError, match="not valid YAML/JSON"):
        parse_document(b'name: "\\ud800"\n', "p.yaml")


# --- every numeric field of every kind, extreme values: a clean error or a valid project --------

_EXTREMES = st.sampled_from([
    "1e5000", "1e999999", "1e9999999", "-1e999999", "1e-999999", "1e99999999999999999999999",
    "1e-99999999999999999999999", "1e40", "-1e40", "1e-30", "1e15", "1e14", "999999999999999",
    "1000000000000000", "0.00000000000000000001", "0.000000000000000000001", "-0", "-1", "0", "1",
    "1234567890123456789012345678901", "12345678901234567890", "1.2345678901234567890",
    "2.9999999999999999999999999999999", "9" * 100, "9" * 101, "9" * 5000, "0." + "0" * 99 + "1",
    "NaN", "-NaN", "nan", ".nan", ".NaN", "Infinity", "-Infinity", "inf", ".inf", "-.inf", "1e",
    "e5", "1_000", "0x1F", "1e+", "--1", "1.2.3", "１２３", "",
])
_MANTISSAS = st.builds(lambda sign, whole, fraction: f"{sign}{whole}{'.' + fraction if fraction else ''}",
                       st.sampled_from(["", "-", "+"]), st.text("0123456789", min_size=1, max_size=40),
                       st.text("0123456789", max_size=40))
_EXPONENTS = st.one_of(st.just(""), st.integers(-10**7, 10**7).map(lambda e: f"e{e}"),
                       st.integers(-40, 40).map(lambda e: f"E{e:+d}"))
_NUMBERS = st.one_of(_EXTREMES, st.builds(str.__add__, _MANTISSAS, _EXPONENTS))
_UNITS = st.sampled_from(["", " GWh", "万 kWh", "亿千瓦时", " m²", "万 m²", " ha", " J", " kgce", " MW",
                          " kW", "吨", "%", " L", " m3", "万", "亿", " parsecs", "万万"])
_TOKENS = st.one_of(
    st.tuples(_NUMBERS, st.sampled_from(["plain", "quoted", "json"])),
    st.tuples(st.builds(str.__add__, _NUMBERS, _UNITS), st.sampled_from(["quoted", "json-quoted"])),
)


@settings(derandomize=True, max_examples=600, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), _TOKENS)
def test_extreme_numbers_in_every_field_give_a_clean_error_or_a_valid_project(field, token):
    text, how = token
    if how == "json-quoted":
        text, how = json.dumps(text, ensure_ascii=False), "json"
    raw, file = project_text(field, text, how)
    _, elapsed = check_raw(raw, file)
    assert elapsed < 1.0, f"{field} = {text!r} took {elapsed:.2f} s"


def test_every_field_accepts_its_base_value():
    """The bases above are valid, so the generated errors come from the extreme value alone."""
    for kind in BASES:
        raw, file = project_text(("id",), '"X-1"', "plain", kind=kind)
        assert check_raw(raw, file)[0], kind
