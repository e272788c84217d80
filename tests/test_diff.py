"""``greencheck diff OLD NEW``: changed inputs, each duty before and after, exit codes, formats."""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.check.checker import Checker, CheckOptions
from checker.check.compare import classify, compare, compare_files, input_changes
from checker.cli import main
from checker.input.loader import load_project
from checker.report.codes import CODES_ZH, literals, models, words_zh

AS_OF = "2026-01-01"

# a new school in 青浦新城: the roof is 5000 m², so BLDG-PV-50 wants at least 2500 m² of PV
SCHOOL = """\
format: greencheck/v1
id: {id}
name: 青浦新城某小学新建工程
kind: building
district: 青浦区
zones: [青浦新城]
approval_date: 2023-03-20
building:
  construction: new
  use: school
  public_institution: true
  government_invested: true
  floor_area_m2: {floor}
  roof_area_m2: {roof}
  pv_area_m2: {pv}
  green_building_level: two_star
  renewable_energy: [solar_pv, air_source_heat_pump]
  precast_ratio: {precast}
  parking_spaces: 120
  ev_ready_spaces: {ev}
"""


def school(tmp_path: Path, name: str, **fields: object) -> Path:
    values = {"id": "QP-2023-0117", "floor": 24000, "roof": 5000, "pv": 2600, "precast": 0.42,
              "ev": 120, **fields}
    path = tmp_path / name
    path.write_text(SCHOOL.format(**values), encoding="utf-8")
    return path


def run(*args: object):
    return CliRunner().invoke(main, ["diff", "--as-of", AS_OF, *map(str, args)],
                              catch_exceptions=False)


def as_json(*args: object) -> tuple[int, dict]:
    result = run(*args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def duty(document: dict, rule: str) -> dict:
    (found,) = [d for d in document["duties"] if d["rule"] == rule]
    return found


def test_pv_shortfall_fixed_by_raising_the_pv_area(tmp_path):
    old = school(tmp_path, "old.yaml", pv=2000)
    new = school(tmp_path, "new.yaml", pv=2600)
    code, document = as_json(old, new)
    assert code == 0
    assert document["inputs"] == [
        {"field": "building.pv_area_m2", "change": "changed", "old": "2000", "new": "2600"}]
    pv = duty(document, "BLDG-PV-50")
    assert pv["change"] == "fixed" and pv["binding"] is True and pv["required"] == "不低于 50%"
    assert pv["old"]["outcome"] == "fail" and pv["old"]["actual"] == "40%"
    assert pv["new"]["outcome"] == "pass" and pv["new"]["actual"] == "52%"
    assert document["old"]["verdict"] == "fail" and document["new"]["verdict"] == "pass"
    assert document["regression"] is False
    assert document["summary"]["fixed"] == 1 and document["summary"]["broke"] == 0
    assert {d["change"] for d in document["duties"]} == {"fixed", "unchanged"}


def test_regression_exits_1(tmp_path):
    old = school(tmp_path, "old.yaml")
    new = school(tmp_path, "new.yaml", ev=100)
    code, document = as_json(old, new)
    assert code == 1 and document["regression"] is True
    ev = duty(document, "QP-BLDG-EV-READY")
    assert ev["change"] == "broke"
    assert (ev["old"]["outcome"], ev["new"]["outcome"]) == ("pass", "fail")
    assert document["inputs"] == [
        {"field": "building.ev_ready_spaces", "change": "changed", "old": 120, "new": 100}]


def test_a_duty_newly_lacking_data_is_a_regression_and_a_removed_field_shows(tmp_path):
    old = school(tmp_path, "old.yaml")
    new = tmp_path / "new.yaml"
    new.write_text(old.read_text(encoding="utf-8").replace("  government_invested: true\n", ""),
                   encoding="utf-8")
    code, document = as_json(old, new)
    assert code == 1
    assert document["inputs"] == [{"field": "building.government_invested", "change": "removed",
                                   "old": True, "new": None}]
    assert duty(document, "BLDG-GREEN-2STAR")["new"]["outcome"] == "insufficient_data"
    assert duty(document, "BLDG-GREEN-2STAR")["change"] == "broke"


def test_still_failing_is_not_a_regression(tmp_path):
    old = school(tmp_path, "old.yaml", pv=1000)
    new = school(tmp_path, "new.yaml", pv=2000)
    code, document = as_json(old, new)
    assert code == 0
    pv = duty(document, "BLDG-PV-50")
    assert pv["change"] == "still_failing"
    assert (pv["old"]["actual"], pv["new"]["actual"]) == ("20%", "40%")


def test_unit_strings_that_normalise_equal_are_no_change(tmp_path):
    old = school(tmp_path, "old.yaml", floor='"2.4万 m²"', roof='"0.5万 m²"', pv='"0.26万 m²"',
                 precast='"42%"')
    new = school(tmp_path, "new.yaml", floor="24000", roof='"5,000 m2"', pv="2600.00",
                 precast="0.420")
    code, document = as_json(old, new)
    assert code == 0
    assert document["inputs"] == []
    assert {d["change"] for d in document["duties"]} == {"unchanged"}
    text = run(old, new).stdout
    assert "输入无变化" in text


def test_different_ids_warn_and_are_still_compared(tmp_path):
    old = school(tmp_path, "old.yaml", id="QP-2023-0117", pv=2000)
    new = school(tmp_path, "new.yaml", id="QP-2023-0999")
    result = run(old, new, "--format", "json")
    assert result.exit_code == 0
    assert "QP-2023-0117" in result.stderr and "QP-2023-0999" in result.stderr
    assert "警告" in result.stderr
    document = json.loads(result.stdout)
    assert {"field": "id", "change": "changed", "old": "QP-2023-0117",
            "new": "QP-2023-0999"} in document["inputs"]
    assert duty(document, "BLDG-PV-50")["change"] == "fixed"
    english = run(old, new, "--lang", "en")
    assert "warning: the project ids differ" in english.stderr
    assert "different project ids" in english.stdout


def test_same_ids_do_not_warn(tmp_path):
    result = run(school(tmp_path, "a.yaml"), school(tmp_path, "b.yaml"))
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize("side", ["old", "new"])
def test_an_invalid_file_exits_2_reported_like_check(tmp_path, side):
    good = school(tmp_path, "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace("roof_area_m2", "roof_aera_m2"),
                   encoding="utf-8")
    files = (bad, good) if side == "old" else (good, bad)
    result = run(*files)
    assert result.exit_code == 2
    line = next(n for n, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1)
                if "roof_aera_m2" in text)
    assert f"bad.yaml:{line}:" in result.stdout and "是否应为屋顶面积“roof_area_m2”" in result.stdout
    assert "输入错误" in result.stdout
    checked = CliRunner().invoke(main, ["check", str(bad)])
    assert checked.exit_code == 2
    assert [ln for ln in checked.stdout.splitlines() if "roof_aera_m2" in ln] == \
        [ln for ln in result.stdout.splitlines() if "roof_aera_m2" in ln]
    code, document = as_json(*files)
    assert code == 2
    assert document[side]["verdict"] == "error"
    assert document[side]["errors"][0]["field"] == "building.roof_aera_m2"
    assert document["inputs"] == [] and document["duties"] == []


def test_a_missing_file_is_a_usage_error(tmp_path):
    result = run(school(tmp_path, "a.yaml"), tmp_path / "absent.yaml")
    assert result.exit_code == 2


def test_json_shape(tmp_path):
    code, document = as_json(school(tmp_path, "old.yaml", pv=2000), school(tmp_path, "new.yaml"))
    assert code == 0
    assert list(document) == ["tool", "assessed_on", "old", "new", "regression", "inputs",
                              "duties", "summary"]
    assert document["assessed_on"] == AS_OF
    for side in ("old", "new"):
        assert list(document[side]) == ["file", "id", "name", "verdict", "errors"]
    for change in document["inputs"]:
        assert list(change) == ["field", "change", "old", "new"]
    for item in document["duties"]:
        assert list(item) == ["rule", "title", "binding", "required", "change", "old", "new"]
        for side in ("old", "new"):
            assert list(item[side]) == ["outcome", "actual", "message"]
    assert list(document["summary"]) == ["broke", "fixed", "still_failing", "changed", "unchanged"]
    assert sum(document["summary"].values()) == len(document["duties"])
    # newly failing first, then fixed, ..., unchanged last
    order = ["broke", "fixed", "still_failing", "changed", "unchanged"]
    changes = [order.index(d["change"]) for d in document["duties"]]
    assert changes == sorted(changes)


def test_json_messages_follow_lang(tmp_path):
    files = school(tmp_path, "old.yaml", pv=2000), school(tmp_path, "new.yaml")
    _, zh = as_json(*files)
    _, en = as_json(*files, "--lang", "en")
    assert "不满足" in duty(zh, "BLDG-PV-50")["old"]["message"]
    assert "the clause requires" in duty(en, "BLDG-PV-50")["old"]["message"]


def test_zh_text(tmp_path):
    old = school(tmp_path, "old.yaml", pv=2000)
    new = school(tmp_path, "new.yaml", pv=2600)
    text = run(old, new).stdout
    assert "输入变化 (1):" in text
    assert "building.pv_area_m2: 2,000 → 2,600" in text
    assert "已修复 (1):" in text and "不通过 → 通过" in text
    assert "实际值: 40% → 52%（要求值 不低于 50%）" in text
    assert "之前: 屋顶光伏面积比例为 40%，不满足要求（不低于 50%）" in text
    assert "之后: 屋顶光伏面积比例为 52%，满足要求（不低于 50%）" in text
    assert re.search(r"未变化 \(\d+\): 未列出", text)
    assert "无新出现的约束性问题" in text
    # no English words outside field paths, rule ids and file names
    rest = text
    for token in ("building.pv_area_m2", "BLDG-PV-50", "QP-2023-0117", str(old), str(new),
                  "old.yaml", "new.yaml"):
        rest = rest.replace(token, "")
    assert re.findall(r"[A-Za-z]{2,}", rest) == []


def test_en_text(tmp_path):
    text = run(school(tmp_path, "old.yaml", pv=2000), school(tmp_path, "new.yaml"),
               "--lang", "en").stdout
    assert "Changed inputs (1):" in text
    assert "fixed (1):" in text and "fail → pass" in text
    assert "Actual: 40% → 52% (required at least 50%)" in text
    assert "Before: rooftop PV area ratio is 40%; the clause requires at least 50%" in text
    assert "no binding duty newly failing" in text
    assert not re.search(r"[\u4e00-\u9fff]", "\n".join(
        line for line in text.splitlines() if not line.startswith("Project:")))


def test_all_lists_the_unchanged_duties(tmp_path):
    files = school(tmp_path, "old.yaml", pv=2000), school(tmp_path, "new.yaml")
    short, full = run(*files).stdout, run(*files, "--all").stdout
    assert "QP-BLDG-PRECAST" not in short
    assert "QP-BLDG-PRECAST" in full and "装配式建筑单体预制率为 42%" in full


def test_booleans_and_absent_values_in_words(tmp_path):
    old = school(tmp_path, "old.yaml")
    new = tmp_path / "new.yaml"
    new.write_text(old.read_text(encoding="utf-8")
                   .replace("  government_invested: true\n", "  government_invested: false\n")
                   .replace("  parking_spaces: 120\n", "  parking_spaces: 120\n  large: false\n"),
                   encoding="utf-8")
    zh, en = run(old, new).stdout, run(old, new, "--lang", "en").stdout
    assert "building.government_invested: 是 → 否" in zh
    assert "building.large: （未填写） → 否  （新增）" in zh
    assert "building.government_invested: true → false" in en
    assert "building.large: (absent) → false  (added)" in en


def test_output_file(tmp_path):
    target = tmp_path / "out" / "diff.json"
    result = run(school(tmp_path, "old.yaml", pv=2000), school(tmp_path, "new.yaml"),
                 "--format", "json", "--output", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["fixed"] == 1


# --- the core, without the command line -------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "change"), [
    ("fail", "pass", "fixed"), ("insufficient_data", "waived", "fixed"),
    ("pass", "fail", "broke"), ("not_applicable", "insufficient_data", "broke"),
    ("waived", "fail", "broke"), (None, "fail", "broke"),
    ("fail", "insufficient_data", "still_failing"), ("fail", "fail", "still_failing"),
    ("fail", "not_applicable", "changed"), ("pass", "not_applicable", "changed"),
    ("pass", "waived", "changed"), (None, "pass", "changed"),
    ("pass", "pass", "unchanged"), ("not_applicable", None, "unchanged"),
])
def test_classify(old, new, change):
    assert classify(old, new) == change


def test_an_advisory_duty_that_breaks_is_shown_but_no_regression(tmp_path, catalogue):
    checker = Checker(catalogue, CheckOptions(engine="oracle"))
    comparison = compare_files(checker, school(tmp_path, "old.yaml"),
                               school(tmp_path, "new.yaml", ev=100))
    assert comparison.regression
    report = comparison.new
    advisory = dataclasses.replace(report, results=tuple(
        dataclasses.replace(f, binding=False) for f in report.results))
    softened = compare(comparison.old, advisory, load_project(school(tmp_path, "o.yaml")).project,
                       load_project(school(tmp_path, "n.yaml", ev=100)).project)
    assert [d.change for d in softened.duties if d.rule == "QP-BLDG-EV-READY"] == ["broke"]
    assert not softened.regression


def test_input_changes_index_list_items_and_keep_flags_apart_from_numbers(tmp_path):
    bus = """\
format: greencheck/v1
id: BUS-1
name: 公交车采购
kind: vehicle_procurement
vehicle_procurement:
  sector: bus
  year: 2025
  vehicles:
{vehicles}
"""
    one = "    - {model: 甲, count: 1, powertrain: bev, replacement: true}"
    two = "    - {model: 乙, count: 4, powertrain: phev}"
    old_path, new_path = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old_path.write_text(bus.format(vehicles=one), encoding="utf-8")
    new_path.write_text(bus.format(vehicles=one.replace("count: 1", "count: 3") + "\n" + two),
                        encoding="utf-8")
    changes = input_changes(load_project(old_path).project, load_project(new_path).project)
    assert [(c.field, c.kind, c.old, c.new) for c in changes] == [
        ("vehicle_procurement.vehicles.0.count", "changed", 1, 3),
        ("vehicle_procurement.vehicles.1.model", "added", None, "乙"),
        ("vehicle_procurement.vehicles.1.count", "added", None, 4),
        ("vehicle_procurement.vehicles.1.powertrain", "added", None, "phev"),
    ]


def test_an_empty_list_against_items_shows_the_items_only(tmp_path):
    old = school(tmp_path, "old.yaml")
    new = tmp_path / "new.yaml"
    new.write_text(old.read_text(encoding="utf-8") + "exemptions:\n  - {rule: BLDG-PV-50, "
                   "reason: 屋顶条件不具备, evidence: 评估报告}\n", encoding="utf-8")
    changes = input_changes(load_project(old).project, load_project(new).project)
    assert [c.field for c in changes] == ["exemptions.0.rule", "exemptions.0.reason",
                                          "exemptions.0.evidence"]


def test_decimals_compare_exactly(tmp_path):
    old = load_project(school(tmp_path, "old.yaml", pv="2600")).project
    new = load_project(school(tmp_path, "new.yaml", pv="2600.0000000000000001")).project
    (change,) = input_changes(old, new)
    assert change.new - change.old == Decimal("1E-16")
    code, document = as_json(tmp_path / "old.yaml", tmp_path / "new.yaml")
    assert document["inputs"][0]["new"] == "2600.0000000000000001"


def test_zh_text_says_codes_and_flags_in_chinese(tmp_path):
    old = school(tmp_path, "old.yaml")
    new = tmp_path / "new.yaml"
    new.write_text(school(tmp_path, "mid.yaml", ev=100).read_text(encoding="utf-8")
                   .replace("use: school", "use: office").replace("two_star", "one_star"),
                   encoding="utf-8")
    text = run(old, new, "--all").stdout
    assert "building.use: 学校 → 办公" in text
    assert "building.green_building_level: 二星级 → 一星级" in text
    assert "实际值: 是 → 否（要求值 是）" in text
    assert "本项目为办公建筑" in text
    rest = re.sub(r"\b[a-z_]+(\.[a-z0-9_]+)+|\b[A-Z0-9]+(-[A-Z0-9]+)+|\S+\.yaml", "", text)
    rest = re.sub(r"\b(district|zones)\b", "", rest)  # top-level field paths
    assert re.findall(r"[A-Za-z]{2,}", rest) == []
    # JSON says what the check's report says, in the report's language
    _, document = as_json(old, new)
    assert duty(document, "QP-BLDG-EV-READY")["new"]["actual"] == "否"


def test_every_code_of_the_format_has_chinese_words():
    codes = {value for model in models() for info in model.model_fields.values()
             for value in literals(info.annotation)
             if isinstance(value, str) and value.isascii() and value != "greencheck/v1"}
    assert codes - set(CODES_ZH) == set()
    assert set(CODES_ZH) - codes == set()


def test_words_zh_leaves_field_paths_and_names_alone():
    assert words_zh("building.use 为 school，district = 青浦区") == "building.use 为 学校，district = 青浦区"
    assert words_zh("CP-BLDG-NEW two_stars {true, other}") == "CP-BLDG-NEW two_stars {是, 其他}"


def test_the_same_invalid_file_twice_is_reported_once(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(school(tmp_path, "good.yaml").read_text(encoding="utf-8") + "extra: 1\n",
                   encoding="utf-8")
    result = run(bad, bad)
    assert result.exit_code == 2
    assert result.stdout.count("未知的键“extra”") == 1


def test_width_wraps_the_text_as_check_does(tmp_path):
    from checker.report.text import width

    files = school(tmp_path, "old.yaml", pv=2000), school(tmp_path, "new.yaml")
    whole, narrow = run(*files).stdout, run(*files, "--width", "40").stdout
    assert re.sub(r"\s", "", narrow) == re.sub(r"\s", "", whole)  # the same text, re-broken
    long_pieces = [line for line in narrow.splitlines() if width(line) > 40]
    assert all(len(line.split()) <= 2 for line in long_pieces), long_pieces  # only unsplittable
    assert max(width(line) for line in whole.splitlines()) > 40  # piped: not wrapped
