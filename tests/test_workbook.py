"""Excel workbooks: templates, reading as strictly as YAML (errors name sheet and cell), and
lossless conversion between YAML, JSON and xlsx (the same report for all three forms)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from checker.authoring.convert import convert, json_text, render, yaml_text
from checker.authoring.templates import template
from checker.authoring.workbook import project_workbook, template_workbook
from checker.errors import InputError, UsageError
from checker.input import workbook
from checker.input.document import parse_document
from checker.input.loader import load_project, validate_document
from checker.input.project import KINDS
from checker.input.workbook import MAX_WORKBOOK_BYTES, parse_workbook
from tests.conftest import ROOT, SAMPLES
from tests.strategies import mutated_projects, valid_projects

GREENCHECK = str(Path(sys.executable).parent / "greencheck")
HOSPITAL = SAMPLES / "public_institution_hospital_2023_fail.yaml"
BUS = SAMPLES / "vehicle_procurement_bus_pass.yaml"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GREENCHECK, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def data_of(path: Path) -> dict:
    return load_project(path).document.data


def edited(source: Path, tmp_path: Path, edit, name: str = "p.xlsx") -> Path:
    """``source`` as a workbook, changed by ``edit(book)``."""
    book = openpyxl.load_workbook(io.BytesIO(project_workbook(data_of(source))))
    edit(book)
    target = tmp_path / name
    book.save(target)
    return target


def problems_of(path: Path):
    with pytest.raises(InputError) as caught:
        load_project(path)
    return caught.value.problems


def row_of(sheet, key: str) -> int:
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == key)


# -- templates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_template_workbook_validates_as_it_stands(kind, tmp_path):
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(template_workbook(kind))
    loaded = load_project(path)
    assert loaded.project.kind == kind and loaded.project.section() is not None
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "项目" and book.sheetnames[-1] == "说明"
    assert any("公式" in str(row[0].value) for row in book["说明"].iter_rows())


def test_template_has_dropdowns_for_enumerations_and_yes_no(tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(template_workbook("building")))
    sheet = book["项目"]
    lists = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    use = f"C{row_of(sheet, 'building.use')}"
    large = f"C{row_of(sheet, 'building.large')}"
    assert "school" in lists[use] and "hospital" in lists[use]
    assert lists[large] == '"是,否"'
    assert "青浦区" in lists[f"C{row_of(sheet, 'district')}"]
    assert all(dv.type == "list" and len(dv.formula1) <= 257
               for dv in sheet.data_validations.dataValidation)
    # labels in Chinese, with units
    roof = row_of(sheet, "building.roof_area_m2")
    assert "屋顶面积" in sheet.cell(roof, 2).value and sheet.cell(roof, 4).value == "m²"


def test_nested_usage_side_by_side_and_vehicles_as_rows(tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(project_workbook(data_of(HOSPITAL))))
    usage = book["能耗数据"]
    assert [usage.cell(2, c).value for c in (3, 4)] == ["baseline_2020", "current"]
    electricity = row_of(usage, "electricity_kwh")
    assert (usage.cell(electricity, 3).value, usage.cell(electricity, 4).value) == ("980万 kWh", "975万 kWh")
    vehicles = openpyxl.load_workbook(io.BytesIO(project_workbook(data_of(BUS))))["车辆"]
    keys = [c.value for c in vehicles[2]]
    assert keys[:3] == ["model", "count", "powertrain"]
    assert [vehicles.cell(r, 2).value for r in (3, 4)] == [56, 4]
    powertrain = {str(dv.sqref): dv.formula1 for dv in vehicles.data_validations.dataValidation}
    assert any(ref.startswith("C3:") and "bev" in f for ref, f in powertrain.items())


def test_new_writes_an_xlsx_template_and_needs_an_output_file(tmp_path):
    result = run("new", "data_centre", "--format", "xlsx", "-o", str(tmp_path / "dc.xlsx"))
    assert result.returncode == 0, result.stderr
    assert run("check", str(tmp_path / "dc.xlsx")).returncode == 1  # incomplete, not an error
    assert run("new", "data_centre", "--format", "xlsx").returncode == 2
    by_name = run("new", "building", "-o", str(tmp_path / "b.xlsx"))  # the format from the name
    assert by_name.returncode == 0 and zipfile.is_zipfile(tmp_path / "b.xlsx")
    assert run("new", "building", "--format", "xlsx", "-o", str(tmp_path / "b.yaml")).returncode == 2
    as_json = run("new", "vessel_procurement", "--format", "json")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)["kind"] == "vessel_procurement"
    (tmp_path / "v.json").write_text(as_json.stdout, encoding="utf-8")
    assert load_project(tmp_path / "v.json").project.kind == "vessel_procurement"


# -- the same report for all three forms -------------------------------------------------------

def _projects(report: dict) -> list[dict]:
    """The JSON report's projects, with file names normalised and the locations (lines of
    YAML and JSON differ; a workbook has cells) and the files' own hashes left out."""
    projects = []
    for project in report["projects"]:
        project = dict(project, file=Path(project["file"]).stem, input_sha256=None)
        project["results"] = [{k: v for k, v in r.items() if k != "line"} for r in project["results"]]
        projects.append(project)
    return projects


def test_every_sample_gives_the_same_report_as_yaml_xlsx_and_json(tmp_path):
    folders = {form: tmp_path / form for form in ("yaml", "xlsx", "yaml_again", "json")}
    for folder in folders.values():
        folder.mkdir()
    samples = sorted(SAMPLES.glob("*.yaml"))
    assert samples
    for sample in samples:
        workbook_file = folders["xlsx"] / f"{sample.stem}.xlsx"
        (folders["yaml"] / sample.name).write_bytes(sample.read_bytes())
        workbook_file.write_bytes(convert(sample, workbook_file))
        for form, suffix in (("yaml_again", ".yaml"), ("json", ".json")):
            target = folders[form] / f"{sample.stem}{suffix}"
            target.write_bytes(convert(workbook_file, target))
        assert load_project(workbook_file).project == load_project(sample).project
    reports = {}
    for form, folder in folders.items():
        result = run("check", str(folder), "--format", "json", "--as-of", "2026-01-01", "--jobs", "1")
        assert result.returncode in (0, 1), result.stderr
        reports[form] = _projects(json.loads(result.stdout))
    assert len(reports["yaml"]) == len(samples)
    assert {p["verdict"] for p in reports["yaml"]} >= {"pass", "fail"}
    for form in ("xlsx", "yaml_again", "json"):
        assert reports[form] == reports["yaml"], form


def test_convert_keeps_unit_strings_decimals_and_dates(tmp_path):
    source = tmp_path / "p.yaml"
    source.write_text(
        "format: greencheck/v1\nid: '0123'\nname: \"=1+1 项目\"\nkind: building\n"
        "approval_date: 2023-04-01\nzones: [青浦新城, 临港新片区]\n"
        "building:\n  roof_area_m2: 1.9万 m²\n  floor_area_m2: 25000.123456789012345\n"
        "  pv_area_m2: 5700.50\n  precast_ratio: 0.42\n  renewable_energy: []\n"
        "  large: false\n  parking_spaces: 12\n  ev_ready_spaces: 2\n", encoding="utf-8")
    for suffix in (".xlsx", ".json", ".yaml"):
        via = tmp_path / f"via{suffix}"
        via.write_bytes(convert(source, via))
        back = tmp_path / f"back{suffix}.yaml"
        back.write_bytes(convert(via, back))
        data = data_of(back)
        section = data["building"]
        assert data["id"] == "0123" and data["name"] == "=1+1 项目"
        assert data["approval_date"] == "2023-04-01" and data["zones"] == ["青浦新城", "临港新片区"]
        assert section["roof_area_m2"] == "1.9万 m²"
        assert str(section["floor_area_m2"]) == "25000.123456789012345"
        assert str(section["pv_area_m2"]) == "5700.50" and section["precast_ratio"] == Decimal("0.42")
        assert section["renewable_energy"] == [] and section["large"] is False
        assert section["parking_spaces"] == 12
    huge = tmp_path / "huge.yaml"  # a count past 2**53: no workbook cell holds it exactly
    huge.write_text(source.read_text(encoding="utf-8").replace("parking_spaces: 12", "parking_spaces: 12345678901234567"),
                    encoding="utf-8")
    with pytest.raises((UsageError, InputError), match="building.parking_spaces"):  # refused on input
        convert(huge, tmp_path / "huge.xlsx")
    book = openpyxl.load_workbook(tmp_path / "via.xlsx")["项目"]
    assert book.cell(row_of(book, "name"), 3).data_type == "s"  # text, never a formula
    assert book.cell(row_of(book, "building.renewable_energy"), 3).value == "无"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_projects())
def test_any_valid_project_survives_every_form(data):
    before = validate_document(parse_document(yaml_text(data).encode(), "p.yaml")).project
    for fmt in ("xlsx", "json", "yaml"):
        out = render(data, fmt)
        document = parse_workbook(out, "p.xlsx") if fmt == "xlsx" else parse_document(out, f"p.{fmt}")
        assert validate_document(document).project.model_dump() == before.model_dump(), fmt


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_projects())
def test_junk_is_refused_or_read_never_crashes(data):
    try:
        out = project_workbook(data)
    except UsageError:
        return
    try:
        validate_document(parse_workbook(out, "p.xlsx"))
    except InputError as exc:
        assert all(p.cell for p in exc.problems)


def test_convert_refuses_an_invalid_file_and_an_existing_output(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: greencheck/v1\nid: X\nname: x\nkind: building\nbuilding:\n  roof_aera_m2: 1\n",
                   encoding="utf-8")
    result = run("convert", str(bad), "-o", str(tmp_path / "bad.xlsx"))
    assert result.returncode == 2 and "bad.yaml:6:3: building.roof_aera_m2" in result.stderr
    assert not (tmp_path / "bad.xlsx").exists()
    out = tmp_path / "bus.xlsx"
    assert run("convert", str(BUS), "-o", str(out)).returncode == 0
    assert run("convert", str(BUS), "-o", str(out)).returncode == 2  # exists
    assert run("convert", str(BUS), "-o", str(out), "--force").returncode == 0
    assert run("convert", str(BUS), "-o", str(tmp_path / "bus.txt")).returncode == 2


# -- strictness: errors name the sheet and cell -------------------------------------------------

def test_an_error_names_sheet_and_cell_in_text_and_json(tmp_path):
    def edit(book):
        usage = book["能耗数据"]
        usage.cell(row_of(usage, "gasoline_l"), 3).value = "很多"

    path = edited(HOSPITAL, tmp_path, edit)
    (problem,) = problems_of(path)
    assert (problem.sheet, problem.cell) == ("能耗数据", "C7")
    assert problem.field == "public_institution_annual.baseline_2020.gasoline_l"
    assert problem.describe(str(path)).startswith(f"{path}:能耗数据!C7: public_institution_annual")
    assert problem.as_dict()["cell"] == "C7" and problem.line is None
    result = run("check", str(path), "--format", "json")
    assert result.returncode == 2
    (error,) = json.loads(result.stdout)["projects"][0]["errors"]
    assert (error["sheet"], error["cell"], error["line"]) == ("能耗数据", "C7", None)
    assert "能耗数据!C7" in run("check", str(path)).stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "junit", "sarif", "github"])
def test_every_report_format_names_the_cell(tmp_path, fmt):
    def edit(book):
        usage = book["能耗数据"]
        usage.cell(row_of(usage, "gasoline_l"), 3).value = "很多"

    path = edited(HOSPITAL, tmp_path, edit)
    result = run("check", str(path), "--format", fmt)
    assert result.returncode == 2 and "能耗数据!C7" in result.stdout, result.stdout


def test_xml_entities_in_a_workbook_are_refused():
    source = zipfile.ZipFile(io.BytesIO(template_workbook("building")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/workbook.xml":
                data = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
                        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + data)
            target.writestr(part, data)
    with pytest.raises(InputError, match="not a readable Excel workbook"):
        parse_workbook(out.getvalue(), "entities.xlsx")


def test_yaml_problems_keep_line_and_column_only():
    with pytest.raises(InputError) as caught:
        validate_document(parse_document(b"format: greencheck/v1\nid: 1\nname: x\nkind: car\n", "p.yaml"))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (4, 1)
    assert "cell" not in problem.as_dict() and "sheet" not in problem.as_dict()


@pytest.mark.parametrize(("value", "message"), [
    ("对", "expected true or false"),  # 是/否 only, as YAML takes true/false only
    ("no", "expected true or false"),
])
def test_yes_no_cells_are_as_strict_as_yaml_booleans(tmp_path, value, message):
    def edit(book):
        sheet = book["项目"]
        sheet.cell(row_of(sheet, "vehicle_procurement.sector"), 3).value = "bus"
        book["车辆"].cell(3, 4).value = value  # replacement

    (problem,) = problems_of(edited(BUS, tmp_path, edit))
    assert (problem.sheet, problem.cell, problem.field) == ("车辆", "D3", "vehicle_procurement.vehicles.0.replacement")
    assert message in problem.message


def test_yes_no_and_excel_booleans_are_read(tmp_path):
    def edit(book):
        book["车辆"].cell(3, 4).value = "否"
        book["车辆"].cell(4, 4).value = True

    vehicles = load_project(edited(BUS, tmp_path, edit)).project.vehicle_procurement.vehicles
    assert [v.replacement for v in vehicles] == [False, True]


def test_unknown_field_missing_value_and_duplicate_are_located(tmp_path):
    def edit(book):
        sheet = book["项目"]
        sheet.cell(row_of(sheet, "id"), 3).value = None
        sheet.cell(row_of(sheet, "vehicle_procurement.year"), 1).value = "vehicle_procurement.yaer"
        book["车辆"].cell(4, 2).value = None  # a required count

    found = {p.field: p for p in problems_of(edited(BUS, tmp_path, edit))}
    assert found["id"].message == "required key is missing" and found["id"].sheet == "项目"
    assert "did you mean 'year'" in found["vehicle_procurement.yaer"].message
    assert (found["vehicle_procurement.vehicles.1.count"].sheet,
            found["vehicle_procurement.vehicles.1.count"].cell) == ("车辆", "B4")


def test_formulas_are_input_errors_naming_the_cell(tmp_path):
    def edit(book):
        usage = book["能耗数据"]
        usage.cell(row_of(usage, "water_m3"), 4).value = "=C10*0.98"

    (problem,) = problems_of(edited(HOSPITAL, tmp_path, edit))
    assert (problem.sheet, problem.cell) == ("能耗数据", "D10") and "formula" in problem.message


def test_an_unknown_sheet_and_a_missing_project_sheet(tmp_path):
    (problem,) = problems_of(edited(BUS, tmp_path, lambda book: book.create_sheet("车辆表")))
    assert problem.sheet == "车辆表" and "did you mean '车辆'" in problem.message

    def rename(book):
        book["项目"].title = "Sheet1"

    (problem,) = problems_of(edited(BUS, tmp_path, rename))
    assert "no sheet '项目'" in problem.message


def test_empty_table_is_not_stated_and_none_is_an_empty_list_which_is_an_input_error(tmp_path):
    def clear(book):
        book["车辆"].delete_rows(3, 2)

    assert load_project(edited(BUS, tmp_path, clear)).project.vehicle_procurement.vehicles is None

    def none(book):
        clear(book)
        book["车辆"].cell(3, 1).value = "无"

    # a purchase of no vehicles is impossible data, located at the table's first cell
    with pytest.raises(InputError, match="车辆!A3.*empty list"):
        load_project(edited(BUS, tmp_path, none))


def test_a_column_is_its_mapping_and_no_column_no_mapping(tmp_path):
    template = tmp_path / "t.xlsx"
    template.write_bytes(template_workbook("public_institution_annual"))
    section = load_project(template).project.public_institution_annual
    assert section.baseline_2020 is not None and section.current is not None  # as YAML's template
    source = tmp_path / "no_baseline.yaml"
    source.write_text(HOSPITAL.read_text(encoding="utf-8").split("  baseline_2020:")[0]
                      + "  current:\n    floor_area_m2: 1\n", encoding="utf-8")
    target = tmp_path / "no_baseline.xlsx"
    target.write_bytes(convert(source, target))
    assert openpyxl.load_workbook(target)["能耗数据"].cell(2, 3).value == "current"
    assert load_project(target).project.public_institution_annual.baseline_2020 is None


@pytest.mark.parametrize("kind", KINDS)
def test_every_yaml_template_converts_to_a_workbook(kind, tmp_path):
    source = tmp_path / f"{kind}.yaml"
    source.write_text(template(kind), encoding="utf-8")
    target = tmp_path / f"{kind}.xlsx"
    target.write_bytes(convert(source, target))
    assert load_project(target).project == load_project(source).project


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_workbook_saved_by_libreoffice_reads_the_same(tmp_path):
    """Another program's xlsx (shared strings, its own styles, cached formula values)."""
    def edit(book):
        usage = book["能耗数据"]
        usage.cell(row_of(usage, "heat_gj"), 4).value = "=1+1"  # LibreOffice caches 2

    (tmp_path / "h.xlsx").write_bytes(project_workbook(data_of(HOSPITAL)))
    edited(HOSPITAL, tmp_path, edit, "formula.xlsx")
    saved = tmp_path / "saved"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved),
                    str(tmp_path / "h.xlsx"), str(tmp_path / "formula.xlsx")],
                   capture_output=True, timeout=300, check=True)
    assert load_project(saved / "h.xlsx").project == load_project(HOSPITAL).project
    assert openpyxl.load_workbook(saved / "h.xlsx")["项目"].data_validations.dataValidation
    (problem,) = problems_of(saved / "formula.xlsx")
    assert (problem.sheet, problem.cell) == ("能耗数据", "D9") and "formula" in problem.message


def test_check_finds_workbooks_in_a_folder_but_not_excel_lock_files(tmp_path):
    (tmp_path / "bus.xlsx").write_bytes(project_workbook(data_of(BUS)))
    (tmp_path / "~$bus.xlsx").write_bytes(b"lock")
    result = run("check", str(tmp_path), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [p["file"] for p in json.loads(result.stdout)["projects"]] == [str(tmp_path / "bus.xlsx")]


# -- limits -------------------------------------------------------------------------------------

def test_an_oversized_workbook_is_refused_before_openpyxl_opens_it(tmp_path, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not be reached")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    big = tmp_path / "big.xlsx"
    with big.open("wb") as handle:
        handle.truncate(MAX_WORKBOOK_BYTES + 1)
    (problem,) = problems_of(big)
    assert f"the limit is {MAX_WORKBOOK_BYTES}" in problem.message
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (workbook.MAX_UNPACKED_BYTES + 1))
    with pytest.raises(InputError, match="unpacks to"):
        parse_workbook(bomb.getvalue(), "bomb.xlsx")
    with pytest.raises(InputError, match="not an Excel workbook"):
        parse_workbook(b"format: greencheck/v1\n", "yaml.xlsx")
    with pytest.raises(InputError, match="Excel 97-2003"):
        parse_workbook(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old.xlsx")


def test_rows_past_the_cap_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 5)
    (problem,) = problems_of(edited(BUS, tmp_path, lambda book: None))
    assert problem.sheet == "项目" and "at most 5 are read" in problem.message
    # a sheet that does not declare its size, with data far past the cap after a gap
    monkeypatch.setattr(workbook, "MAX_ROWS", 40)
    raw = io.BytesIO(project_workbook(data_of(BUS)))
    source, out = zipfile.ZipFile(raw), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet2.xml":  # 车辆
                data = re.sub(rb"<dimension[^>]*/>", b"", data).replace(
                    b"</sheetData>", b'<row r="900"><c r="B900" t="n"><v>1</v></c></row></sheetData>')
            target.writestr(part, data)
    with pytest.raises(InputError, match="more than 40 rows"):
        parse_workbook(out.getvalue(), "far.xlsx")


def test_reading_yaml_never_imports_openpyxl():
    code = ("import sys; from checker.input.loader import load_project; "
            f"load_project({str(BUS)!r}); print('openpyxl' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "False", result.stderr


def test_json_writer_is_exact_json():
    data = {"a": Decimal("1E+3"), "b": [Decimal("0.10"), 1, True, None, "引号\"\t"], "c": {}}
    text = json_text(data)
    assert json.loads(text, parse_float=Decimal) == data
    assert "1E+3" in text and "0.10" in text
