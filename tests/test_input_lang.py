"""Issue 13 for input errors: a Chinese report says every input error in Chinese (no field path,
no code, no English word outside a verbatim quote), an English report in English (no Chinese
outside a quote), in every format; waiver, exemption and baseline notes likewise.

The invalid files of tests/fixtures/input_errors/ cover each kind of error greencheck finds:
pydantic's (missing, extra_forbidden, literal_error, bool_type, list_type, model_type, ...), our
validators' (quantities, ratios, counts, dates, years, texts, sections), plausibility, reading
(duplicate keys, aliases, encodings, YAML syntax) and the checker's (unknown exemption rule).
"""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from checker.catalogue.load import load_catalogue
from checker.check.checker import Checker, CheckOptions
from checker.errors import Problem
from checker.messages import catalogue
from checker.report.model import ProjectReport
from tests.conftest import ROOT
from tests.reports_support import ASSESSED_ON, FIXTURES, at_root, render

ERRORS = Path("tests") / "fixtures" / "input_errors"
FILES = sorted(p.name for p in (ROOT / ERRORS).iterdir())

QUOTED = re.compile(r"“[^”]*”|'[^']*'|\"[^\"]*\"")
NUMBER = re.compile(r"[-+]?\d[\d,.]*(?:e[-+]?\d+)?")
FIELD_PATH = re.compile(r"[a-z_]+\.[a-z_]+")
ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
SHEET_CELL = re.compile(r"\S+![A-Z]{1,3}\d+")
CELL = re.compile(r"\b[A-Z]{1,3}\d+\b")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# units and abbreviations a Chinese sentence may hold
ABBREVIATIONS = frozenset({
    "PUE", "PV", "IT", "kWh", "tce", "m", "MW", "GJ", "kg", "L", "t", "YAML", "JSON", "UTF",
    "GBK", "GB", "Excel", "xls", "xlsx", "zip", "CI",
})


def assert_chinese(text: str) -> None:
    """No field path, code or English word outside verbatim quotes."""
    bare = QUOTED.sub("", text)
    assert not FIELD_PATH.search(bare), text
    bare = CELL.sub(" ", bare.replace("°C", ""))  # a unit; a workbook's cell (项目!A4)
    words = set(ASCII_WORD.findall(NUMBER.sub(" ", bare))) - ABBREVIATIONS
    assert not words, (words, text)
    assert CJK.search(bare), text


def assert_english(text: str) -> None:
    """No Chinese outside verbatim quotes (a quote of the file may be Chinese) and a
    workbook's cell (a sheet's own name: 项目!A4)."""
    bare = SHEET_CELL.sub("", QUOTED.sub("", text))
    assert not CJK.search(bare), text


@pytest.fixture(scope="module")
def reports() -> list[ProjectReport]:
    with at_root():
        checker = Checker(load_catalogue(ROOT / FIXTURES / "rules"),
                          CheckOptions(assessed_on=ASSESSED_ON))
        return list(checker.check_paths([ERRORS / name for name in FILES]))


def test_every_fixture_is_an_input_error(reports):
    assert [Path(r.file).name for r in reports] == FILES
    assert all(r.verdict == "error" and r.errors for r in reports)


def _problems(reports: list[ProjectReport]) -> list[Problem]:
    return [problem for report in reports for problem in report.errors]


def test_every_error_says_it_in_chinese_and_in_english(reports):
    problems = _problems(reports)
    assert len(problems) > 40
    for problem in problems:
        assert problem.message_zh, problem
        assert_chinese(problem.text("zh"))
        assert_english(problem.text("en"))


def test_a_zh_error_names_the_field_by_its_label_an_en_one_by_its_path(reports):
    found = {(Path(r.file).stem, p.field): p for r in reports for p in r.errors}
    by_field = {field: p for (stem, field), p in found.items() if stem != "plausibility"}
    by_field.update({field: p for (stem, field), p in found.items() if stem == "plausibility"})
    problem = by_field["building.precast_ratio"]
    assert problem.describe("p.yaml", "zh").endswith(
        ": 装配式建筑单体预制率：比例须在 0 到 1 之间（实为 1.5）；请填写 0.5 或“50%”")
    assert problem.describe("p.yaml").endswith(
        ': building.precast_ratio: a ratio must lie between 0 and 1 (got 1.5); write 0.5 or "50%"')
    unknown = by_field["building.roof_aera_m2"]
    assert unknown.text("zh").startswith("未知的键“roof_aera_m2”；是否应为屋顶面积“roof_area_m2”？"
                                         "此处可用的键：建设性质“construction”、")
    assert unknown.text("en").startswith("unknown key 'roof_aera_m2'; did you mean 'roof_area_m2'?")
    level = by_field["building.green_building_level"]
    assert "是否应为二星级“two_star”？可选：未达到绿色建筑标准“none”、基本级“basic”" in level.text("zh")
    assert by_field["building.large"].text("zh") == "是否大型交通枢纽：应填写“true”或“false”（是/否），实为“yes”"
    assert by_field["approval_date"].text("zh") == (
        "立项/审批日期：“2023-13-01”不是日期；请按“YYYY-MM-DD”填写，如 2023-04-01")
    assert by_field["building.pv_area_m2"].text("zh") == (
        "屋顶光伏面积：屋顶光伏面积 1,200 m² 大于屋顶面积 1,000 m²：屋顶光伏不能超过整个屋顶；"
        "屋顶光伏面积不得超过屋顶面积")
    assert by_field["building.floor_area_m2"].text("zh").startswith(
        "建筑面积：2,000,000,000 m² 超出建筑面积的合理上限：最多 100,000,000 m²")
    assert by_field["building.ev_ready_spaces"].text("zh").startswith(
        "具备充电设施安装条件的车位数：具备充电设施安装条件的车位数 11 个 大于公共停车位数 10 个")


def _error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("  ") and "input_errors/" in line]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_report(reports, lang):
    lines = _error_lines(render("text", reports, lang))
    assert len(lines) == len(_problems(reports))
    for line in lines:
        message = re.sub(r"^.*?input_errors/[^:]+(:[!A-Z0-9'\u4e00-\u9fff]+)*: ", "", line.strip())
        (assert_chinese if lang == "zh" else assert_english)(message)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_report_message_in_the_language_message_en_beside_zh(reports, lang):
    data = json.loads(render("json", reports, lang))
    errors = [error for project in data["projects"] for error in project["errors"]]
    assert len(errors) == len(_problems(reports))
    for error, problem in zip(errors, _problems(reports), strict=True):
        assert error["field"] == problem.field  # the machine key, the same in every language
        if lang == "zh":
            assert error["message"] == problem.message_zh
            assert error["message_en"] == problem.message
            assert_chinese(error["message"])
        else:
            assert error["message"] == problem.message and "message_en" not in error


@pytest.mark.parametrize("fmt", ["html", "markdown", "junit", "sarif", "github"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_format_shows_the_message_of_its_language(reports, fmt, lang):
    text = html.unescape(render(fmt, reports, lang))
    if fmt == "sarif":
        text = json.dumps(json.loads(text), ensure_ascii=False)
    if fmt == "github":  # workflow commands escape %, CR and LF
        text = text.replace("%25", "%")
    if fmt == "markdown":  # the md filter escapes markdown's own characters
        text = text.replace("\\", "")
    for problem in _problems(reports):
        shown, other = (problem.message_zh, problem.message) if lang == "zh" else (
            problem.message, problem.message_zh)
        if fmt == "markdown":
            shown, other = shown.replace("\\", ""), other.replace("\\", "")
        assert shown.replace("\\", "\\\\" if fmt == "sarif" else "\\").replace(
            '"', '\\"' if fmt == "sarif" else '"') in text, (fmt, shown)
        if other not in shown:
            assert other not in text, (fmt, other)


def test_html_and_github_in_zh_show_no_field_path(reports):
    page = render("html", reports, "zh")
    errors = re.findall(r'<ul class="errors">(.*?)</ul>', page, re.S)
    assert errors
    for block in errors:
        assert not re.search(r"<code>[a-z_]+\.[a-z_.0-9]+</code>", block)
    for line in render("github", reports, "zh").splitlines():
        title = re.search(r"title=greencheck%3A ([^:,]*)", line)
        assert title and not FIELD_PATH.search(title[1]), line


def test_a_workbook_error_in_both_languages(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目"
    sheet.append(["字段", "值"])
    sheet.append(["field", "value", "colour"])
    sheet.append(["format", "greencheck/v1"])
    sheet.append(["id", "=1+1"])
    sheet.append(["id", "X"])
    book.create_sheet("Sheet9")
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "p.xlsx"
    path.write_bytes(buffer.getvalue())
    report = Checker(load_catalogue(ROOT / FIXTURES / "rules"),
                     CheckOptions(assessed_on=ASSESSED_ON)).check_file(path)
    assert len(report.errors) >= 3
    for problem in report.errors:
        assert_chinese(problem.text("zh"))
        assert_english(problem.text("en"))
    said = {p.text("zh") for p in report.errors}
    assert "不计算公式：请直接填写数值（复制后“选择性粘贴 → 数值”）" in said
    assert any(s.startswith("未知的工作表“Sheet9”") for s in said)


def test_every_sentence_of_the_catalogue_is_bilingual():
    for key, entry in catalogue()["words"].items():
        assert isinstance(entry, dict) and set(entry) == {"zh", "en"}, key
        assert all(isinstance(text, str) and text.strip() for text in entry.values()), key
