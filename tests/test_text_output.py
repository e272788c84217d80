"""What the text report shows: --quiet only the verdict lines; one fill-in list per project
(shared with the review form) instead of the missing fields on every insufficient-data finding."""

from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.report import get_renderer
from checker.report.html import _fill_in as form_fill_in
from checker.report.labels import shown
from checker.report.model import fill_in
from tests.conftest import SAMPLES
from tests.reports_support import PROJECTS, at_root, context, fixture_reports

SAMPLE_FILES = [str(SAMPLES / name) for name in (
    "cp_building_office_fail.yaml", "cp_data_centre_new_pue_ok_incomplete.yaml",
    "building_qingpu_school_pass.yaml")]


@pytest.fixture(scope="module")
def reports():
    return fixture_reports()


def _text(reports, lang: str = "zh", **options) -> str:
    with at_root():
        return get_renderer("text")(reports, dataclasses.replace(context(lang), **options))


def _hospital(reports):
    return next(r for r in reports if r.file.endswith("hospital.yaml"))


# --quiet

def test_quiet_prints_one_verdict_line_per_project_and_the_count(reports):
    lines = _text(reports, quiet=True).splitlines()
    assert lines == [
        f"{PROJECTS.as_posix()}/broken.yaml: 输入错误",
        f"{PROJECTS.as_posix()}/dc_existing.yaml: 通过  DC-2015-0003 市西软件信息园既有数据中心",
        f"{PROJECTS.as_posix()}/dc_new.yaml: 不通过  DC-2023-0007 临港新片区某新建数据中心",
        f"{PROJECTS.as_posix()}/hospital.yaml: 待补充数据  MH-2024-0101 闵行某医院新建门诊楼 & "
        "<综合楼>",
        f"{PROJECTS.as_posix()}/school.yaml: 通过  QP-2023-0042 青浦新城某中学新建工程",
        "项目 5: 输入错误 1, 不通过 1, 待补充数据 1, 通过 2",
    ]
    english = _text(reports, "en", quiet=True).splitlines()
    assert english[2].endswith("dc_new.yaml: FAIL  DC-2023-0007 临港新片区某新建数据中心")
    assert english[-1] == "Projects 5: input error 1, fail 1, incomplete 1, pass 2"


def test_quiet_on_the_command_line():
    result = CliRunner().invoke(main, ["check", *SAMPLE_FILES, "--quiet"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(SAMPLE_FILES) + 1
    assert [line.split(": ")[0] for line in lines[:-1]] == [shown(f) for f in SAMPLE_FILES]
    assert lines[0].split(": ")[1].startswith("不通过  JA-2024-0027")
    assert lines[-1].startswith(f"项目 {len(SAMPLE_FILES)}: ")
    # --quiet is the text's: JSON keeps every finding
    json_run = CliRunner().invoke(main, ["check", *SAMPLE_FILES, "--quiet", "-f", "json"])
    assert '"not_applicable"' in json_run.stdout
    both = CliRunner().invoke(main, ["check", *SAMPLE_FILES, "--quiet", "--all"])
    assert both.exit_code == 2 and "--quiet" in both.output and both.stdout == ""


# one fill-in list per project

def test_the_fill_in_list_names_each_missing_field_once_with_its_duties(reports):
    text = _text(reports)
    block = text.split("hospital.yaml: 待补充数据")[1].split("\n\n")[0].splitlines()
    at = block.index("  请补充以下数据:")
    assert block[at + 1:] == [  # zh: each field in words, with what to write where it has a hint
        "    屋顶面积            → CP-BLDG-PV-30",
        "    可再生能源利用种类  → CP-BLDG-RENEWABLE（未使用可再生能源请填 `[]`）",
    ]
    # each insufficient-data line keeps its message; the fields are not listed again below it
    assert "  数据不足  约束性  CP-BLDG-PV-30       缺少判断所需数据：屋顶面积" in text
    assert "整改建议: 填写" not in text
    english = _text(reports, "en")
    assert "  Please fill in:\n    building.roof_area_m2      → CP-BLDG-PV-30\n" in english
    assert "Remedy: fill in" not in english
    # projects with nothing missing have no list
    assert text.count("请补充以下数据:") == 1


def test_a_field_two_duties_need_is_listed_once_with_both(reports):
    hospital = _hospital(reports)
    shared = tuple(dataclasses.replace(f, missing=("building.floor_area_m2", *f.missing))
                   if f.outcome == "insufficient_data" else f for f in hospital.results)
    report = dataclasses.replace(hospital, results=shared)
    text = _text([report], show_all=True)
    assert text.count("建筑面积  ") == 1
    assert "    建筑面积            → CP-BLDG-PV-30、CP-BLDG-RENEWABLE\n" in text
    assert "building.floor_area_m2     → CP-BLDG-PV-30, CP-BLDG-RENEWABLE\n" in _text(
        [report], "en")
    # the review form groups the same way (one helper: model.fill_in)
    grouped = fill_in(report.results)
    assert [(name, [f.rule for f in needed]) for name, needed in grouped] == [
        ("building.floor_area_m2", ["CP-BLDG-PV-30", "CP-BLDG-RENEWABLE"]),
        ("building.roof_area_m2", ["CP-BLDG-PV-30"]),
        ("building.renewable_energy", ["CP-BLDG-RENEWABLE"]),
    ]
    rows = form_fill_in("p1", list(report.results), "zh")
    assert [(str(row["field"]).replace("<wbr>", ""), [d["rule"] for d in row["duties"]])
            for row in rows] == [(name, [f.rule for f in needed]) for name, needed in grouped]


def test_clause_parameters_come_last_and_say_they_are_not_the_projects(reports):
    hospital = _hospital(reports)
    first = next(f for f in hospital.results if f.outcome == "insufficient_data")
    needs_parameter = dataclasses.replace(first, missing=("parameters.cap", *first.missing))
    report = dataclasses.replace(hospital, results=tuple(
        needs_parameter if f is first else f for f in hospital.results))
    lines = _text([report]).split("请补充以下数据:\n")[1].split("\n\n")[0].splitlines()
    assert lines[-1].startswith("    参数 `cap`") and "不由项目填写" in lines[-1]
