"""The command line: exit codes, the JSON report contract, rules commands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import __version__
from checker.cli import main
from tests.conftest import SAMPLES

PASSING = SAMPLES / "cp_building_school_pass.yaml"
FAILING = SAMPLES / "cp_data_centre_new_fail.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_pass_exits_0_fail_exits_1():
    assert run("check", str(PASSING)).exit_code == 0
    assert run("check", str(FAILING)).exit_code == 1


def test_incomplete_exits_1(tmp_path):
    path = tmp_path / "dc.yaml"
    path.write_text("format: greencheck/v1\nid: X\nname: 数据中心\nkind: data_centre\n"
                    "approval_date: 2023-01-01\ndata_centre: {construction: new}\n", encoding="utf-8")
    result = run("check", "--format", "json", str(path))
    assert result.exit_code == 1
    (project,) = json.loads(result.output)["projects"]
    assert project["verdict"] == "incomplete"
    (finding,) = [r for r in project["results"] if r["rule"] == "CP-DC-PUE-NEW"]
    assert finding["outcome"] == "insufficient_data" and "PUE" in finding["message"]
    assert [change["field"] for change in finding["remedy"]["changes"]] == ["data_centre.pue"]


def test_unknown_key_exits_2_naming_key_line_and_suggestion(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text(PASSING.read_text(encoding="utf-8").replace("roof_area_m2", "roof_aera_m2"),
                    encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 2
    # zh (the default): the key quoted, the nearest valid key with its label, no field path
    assert "未知的键“roof_aera_m2”；是否应为屋顶面积“roof_area_m2”？" in result.output
    assert "building.roof_aera_m2" not in result.output
    english = run("check", "--lang", "en", str(path))
    assert "building.roof_aera_m2: unknown key 'roof_aera_m2'; did you mean 'roof_area_m2'" \
        in english.output
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if "roof_aera_m2" in text)
    assert f"typo.yaml:{line}:" in result.output


def test_batch_continues_past_a_bad_file(tmp_path):
    shutil.copy(PASSING, tmp_path / "a_good.yaml")
    (tmp_path / "b_bad.yaml").write_text("format: [unclosed\n", encoding="utf-8")
    shutil.copy(FAILING, tmp_path / "c_fail.yml")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    result = run("check", "--format", "json", str(tmp_path))
    assert result.exit_code == 2
    projects = json.loads(result.output)["projects"]
    assert [Path(p["file"]).name for p in projects] == ["a_good.yaml", "b_bad.yaml", "c_fail.yml"]
    assert [p["verdict"] for p in projects] == ["pass", "error", "fail"]
    assert projects[1]["errors"][0]["line"] is not None


def test_duplicate_project_ids_in_a_batch(tmp_path):
    shutil.copy(PASSING, tmp_path / "a.yaml")
    shutil.copy(PASSING, tmp_path / "b.yaml")
    projects = json.loads(run("check", "-f", "json", str(tmp_path)).output)["projects"]
    error = projects[1]["errors"][0]
    assert projects[1]["verdict"] == "error" and "also used by" in error["message_en"]
    assert error["message"].startswith("项目编号：项目编号“SJ-2023-0418”已被 ") and error["field"] == "id"


def test_json_contract():
    report = json.loads(run("check", "--format", "json", str(SAMPLES)).output)
    assert report["tool"]["name"] == "greencheck"
    assert report["tool"]["version"] == __version__
    assert report["tool"]["engine"] == "durable_rules 2.0.28"
    for project in report["projects"]:
        assert {"file", "id", "name", "kind", "verdict", "errors", "results"} <= project.keys()
        assert project["verdict"] in {"pass", "fail", "incomplete", "not_applicable", "error"}
        for result in project["results"]:
            assert {"rule", "title", "outcome", "binding", "message", "actual", "required",
                    "citation"} <= result.keys()
            assert result["outcome"] in {"pass", "fail", "not_applicable", "insufficient_data", "waived"}
            assert {"document", "number", "clause", "text"} <= result["citation"].keys()


def test_json_finding_carries_numbers_and_verbatim_clause():
    report = json.loads(run("check", "-f", "json", str(SAMPLES / "cp_building_hospital_pass.yaml")).output)
    (finding,) = [r for r in report["projects"][0]["results"] if r["rule"] == "BLDG-PV-30"]
    assert finding["outcome"] == "pass"
    assert finding["actual"] == "30%" and finding["required"] == "不低于 30%"
    assert finding["trace"] == "屋顶光伏面积 5,700 m² / 屋顶面积 19,000 m² = 30%"
    assert finding["citation"]["number"] == "沪府发〔2022〕7号"
    assert "不低于30%" in finding["citation"]["text"]


def test_json_trace_is_in_the_reports_language():
    report = json.loads(run("check", "-f", "json", "--lang", "en",
                            str(SAMPLES / "cp_building_hospital_pass.yaml")).output)
    (finding,) = [r for r in report["projects"][0]["results"] if r["rule"] == "BLDG-PV-30"]
    assert finding["trace"] == "roof PV area 5,700 m² / roof area 19,000 m² = 30%"


def test_advisory_failure_does_not_fail_the_project():
    report = json.loads(run("check", "-f", "json", str(SAMPLES / "cp_data_centre_existing_advisory.yaml")).output)
    project = report["projects"][0]
    assert project["verdict"] == "pass"
    assert any(r["outcome"] == "fail" and not r["binding"] for r in project["results"])


def test_missing_path_is_a_usage_error():
    assert run("check", "no/such/file.yaml").exit_code == 2


def test_rules_list_json():
    rules = json.loads(run("rules", "list", "--format", "json").output)["rules"]
    ids = {rule["id"] for rule in rules}
    assert {"CP-DC-PUE-NEW", "CP-BLDG-PV-50", "CP-BLDG-PV-30"} <= ids
    for rule in rules:
        assert {"id", "title", "binding", "citation"} <= rule.keys()
        assert rule["citation"]["text"]


def test_rules_show_and_unknown_rule():
    shown = json.loads(run("rules", "show", "CP-DC-PUE-NEW").output)
    assert shown["requirement"]["threshold"] == "1.3"
    assert run("rules", "show", "NO-SUCH-RULE").exit_code == 2


def test_rules_lint_passes_on_the_catalogue():
    assert run("rules", "lint").exit_code == 0


def test_rules_lint_reports_a_paraphrased_citation(tmp_path):
    from checker.catalogue.load import rules_dir

    source = (rules_dir() / "004_carbon_peak.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "004_carbon_peak.yaml"
    broken.write_text(source.replace("text: 新建数据中心能源利用效率（PUE）不高于1.3",
                                     "text: 新建数据中心PUE应当不高于1.3"), encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "lint", str(broken)])
    assert result.exit_code == 2 and "not a verbatim passage" in result.output


def test_rules_lint_reports_a_context_that_is_not_verbatim(tmp_path):
    import re

    from checker.catalogue.load import rules_dir

    source = (rules_dir() / "004_carbon_peak.yaml").read_text(encoding="utf-8")
    start = source.index("  - id: CP-DC-PUE-NEW\n")
    quote = re.compile(r"^      text: (.*)$", re.M).search(source, start)
    assert quote is not None
    # a context that contains the quote but is not the document's own words
    context = f"\n      context: 数据中心方面，{quote.group(1)}，并应当持续提高效益"
    broken = tmp_path / "004_carbon_peak.yaml"
    broken.write_text(source[:quote.end()] + context + source[quote.end():], encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "lint", str(broken)])
    assert result.exit_code == 2
    assert "CP-DC-PUE-NEW: citation.context is not a verbatim passage" in result.output
    assert "citation.text is not" not in result.output


@pytest.mark.skipif(not (Path(sys.prefix) / "bin" / "greencheck").exists(), reason="console script not installed")
def test_installed_console_script():
    exe = Path(sys.prefix) / "bin" / "greencheck"
    completed = subprocess.run([str(exe), "check", str(FAILING)], capture_output=True, text=True)
    assert completed.returncode == 1 and "CP-DC-PUE-NEW" in completed.stdout
