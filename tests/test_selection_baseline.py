"""Rule selection (unknown names are errors) and baselines (only new findings are reported)."""

from __future__ import annotations

import json

import pytest

from checker.catalogue.selection import Selection, select_rules
from tests.workflow_helpers import AS_OF, FAILING_DC, PASSING_DC, run, run_json, tree


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tree(tmp_path, {"a.yaml": FAILING_DC, "b.yaml": PASSING_DC})


def test_selection_by_rule_document_tag_and_exclusion(catalogue):
    all_ids = [rule.id for rule in catalogue.rules]
    assert select_rules(catalogue, Selection()) is None
    assert select_rules(catalogue, Selection(rules=("CP-DC-PUE-NEW",))) == ("CP-DC-PUE-NEW",)
    by_number = select_rules(catalogue, Selection(documents=("沪府发〔2022〕7号",)))
    by_title = select_rules(catalogue, Selection(documents=("上海市碳达峰实施方案",)))
    assert by_number == by_title and "CP-DC-PUE-NEW" in (by_number or ())
    tagged = select_rules(catalogue, Selection(tags=("solar_pv",)))
    assert tagged and all("solar_pv" in catalogue.get(i).tags for i in tagged)
    excluded = select_rules(catalogue, Selection(exclude_rules=("CP-DC-PUE-NEW",)))
    assert excluded == tuple(i for i in all_ids if i != "CP-DC-PUE-NEW")


@pytest.mark.parametrize(("args", "expected"), [
    (["--rule", "CP-DC-PUE-NWE"], "unknown rule id 'CP-DC-PUE-NWE'; did you mean 'CP-DC-PUE-NEW'?"),
    (["--exclude-rule", "NOPE-1"], "unknown rule id 'NOPE-1'"),
    (["--document", "沪府发〔2022〕8号"], "unknown document '沪府发〔2022〕8号'"),
    (["--tag", "solar"], "unknown tag 'solar'"),
    (["--rule", "CP-DC-PUE-NEW", "--exclude-rule", "CP-DC-PUE-NEW"], "leaves no rules"),
])
def test_unknown_selection_is_a_usage_error(project, args, expected):
    result = run("check", "a.yaml", "--engine", "oracle", "--as-of", AS_OF, *args)
    assert result.exit_code == 2
    assert expected in result.output


def test_check_runs_only_selected_rules(project):
    code, report = run_json("a.yaml", "--as-of", AS_OF, "--rule", "CP-DC-PUE-EXISTING")
    assert code == 0
    assert [r["rule"] for r in report["projects"][0]["results"]] == ["CP-DC-PUE-EXISTING"]


def test_a_claim_for_a_rule_outside_the_selection_is_not_an_error(project):
    (project / "c.yaml").write_text(FAILING_DC.replace(
        "data_centre:", "exemptions: [{rule: CP-DC-PUE-NEW, reason: x}]\ndata_centre:"),
        encoding="utf-8")
    code, _ = run_json("c.yaml", "--as-of", AS_OF, "--rule", "CP-DC-PUE-EXISTING")
    assert code == 0


def test_baseline_reports_only_new_findings(project):
    code, first = run_json("a.yaml", "b.yaml", "--rule", "CP-DC-PUE-NEW", "--as-of", AS_OF)
    assert code == 1
    (project / "previous.json").write_text(json.dumps(first), encoding="utf-8")
    code, second = run_json("a.yaml", "b.yaml", "--rule", "CP-DC-PUE-NEW", "--as-of", AS_OF, "--baseline", "previous.json")
    assert code == 0
    assert "CP-DC-PUE-NEW" not in {r["rule"] for r in second["projects"][0]["results"]}
    (notice,) = second["notices"]
    assert notice["code"] == "baselined" and notice["message"].startswith("1 项")
    # b.yaml gets worse: a new failure, not in the baseline, fails the run
    (project / "b.yaml").write_text(PASSING_DC.replace("1.25", "1.4"), encoding="utf-8")
    code, third = run_json("a.yaml", "b.yaml", "--rule", "CP-DC-PUE-NEW", "--as-of", AS_OF, "--baseline", "previous.json")
    assert code == 1
    assert [r["outcome"] for r in third["projects"][1]["results"]
            if r["rule"] == "CP-DC-PUE-NEW"] == ["fail"]
    text = run("check", "a.yaml", "--as-of", AS_OF, "--engine", "oracle", "--lang", "en",
               "--baseline", "previous.json").output
    assert "note: previous.json: 1 finding(s) already in the baseline previous.json" in text


def test_a_baseline_must_be_a_json_report(project):
    (project / "bad.json").write_text('{"results": []}', encoding="utf-8")
    result = run("check", "a.yaml", "--baseline", "bad.json", "--engine", "oracle")
    assert result.exit_code == 2 and "no 'projects' list" in result.output
