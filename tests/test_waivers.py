"""CI waivers: strictly validated, visible, expiring, and reported when unused."""

from __future__ import annotations

import pytest

from tests.workflow_helpers import AS_OF, FAILING_DC, PASSING_DC, outcome, run, run_json, tree

WAIVER = """\
waivers:
  - rule: CP-DC-PUE-NEW
    project: "JD-DC-*"
    justification: 液冷改造已立项
    approved_by: 张三
    expires: {expires}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tree(tmp_path, {"projects/a.yaml": FAILING_DC, "projects/b.yaml": PASSING_DC})


def _waivers(project, text):
    (project / "w.yaml").write_text(text, encoding="utf-8")
    return "w.yaml"


def test_a_waived_failure_stays_visible_and_passes_the_run(project):
    waivers = _waivers(project, WAIVER.format(expires="2026-12-31"))
    code, report = run_json("projects", "--rule", "CP-DC-PUE-NEW", "--waivers", waivers, "--as-of", AS_OF)
    assert code == 0
    assert outcome(report, "CP-DC-PUE-NEW") == "waived"
    finding = next(r for r in report["projects"][0]["results"] if r["rule"] == "CP-DC-PUE-NEW")
    assert finding["claim"] == {
        "ground": "CI 豁免", "ground_en": "CI waiver", "evidence": None, "accepted": True,
        "source": "waiver", "note": "", "note_en": "", "justification": "液冷改造已立项",
        "approved_by": "张三", "expires": "2026-12-31", "named_by": "", "evidence_en": None}
    assert report["projects"][0]["verdict"] == "pass"
    assert report["notices"] == []


def test_a_waiver_is_valid_on_its_expiry_date(project):
    waivers = _waivers(project, WAIVER.format(expires=AS_OF))
    code, report = run_json("projects", "--rule", "CP-DC-PUE-NEW", "--waivers", waivers, "--as-of", AS_OF)
    assert code == 0 and outcome(report, "CP-DC-PUE-NEW") == "waived"


def test_an_expired_waiver_fails_again_and_is_reported(project):
    waivers = _waivers(project, WAIVER.format(expires="2025-12-31"))
    code, report = run_json("projects", "--rule", "CP-DC-PUE-NEW", "--waivers", waivers, "--as-of", AS_OF)
    assert code == 1
    assert outcome(report, "CP-DC-PUE-NEW") == "fail"
    (notice,) = report["notices"]
    assert notice["code"] == "waiver_expired" and notice["file"] == "w.yaml" and notice["line"] == 2
    assert "2025-12-31" in notice["message"] and "JD-DC-2023-0031" in notice["message"]


def test_an_unused_waiver_is_reported(project):
    text = WAIVER.format(expires="2026-12-31").replace("JD-DC-*", "LG-DC-*")
    waivers = _waivers(project, text)
    code, report = run_json("projects", "--rule", "CP-DC-PUE-NEW", "--waivers", waivers, "--as-of", AS_OF)
    assert code == 1
    (notice,) = report["notices"]
    assert notice["code"] == "waiver_unused" and notice["line"] == 2
    result = run("check", "projects", "--rule", "CP-DC-PUE-NEW", "--waivers", waivers, "--as-of", AS_OF,
                 "--engine", "oracle",
                 "--lang", "en")
    assert "note: w.yaml:2: waiver CP-DC-PUE-NEW / LG-DC-* matched no failing finding" in result.output


def test_text_output_shows_the_waiver(project):
    waivers = _waivers(project, WAIVER.format(expires="2026-12-31"))
    result = run("check", "projects", "--rule", "CP-DC-PUE-NEW", "--waivers", waivers, "--as-of", AS_OF,
                 "--engine", "oracle",
                 "--lang", "en")
    assert result.exit_code == 0
    assert "WAIVED" in result.output
    assert "waiver: 液冷改造已立项 (approved by 张三, expires 2026-12-31)" in result.output
    chinese = run("check", "projects", "--rule", "CP-DC-PUE-NEW", "--waivers", waivers, "--as-of",
                  AS_OF, "--engine", "oracle")
    assert "豁免：液冷改造已立项（批准人 张三，有效期至 2026-12-31）" in chinese.output
    assert "approved by" not in chinese.output


@pytest.mark.parametrize(("text", "expected"), [
    (WAIVER.format(expires="2026-12-31").replace("approved_by", "aproved_by"),
     "w.yaml:5:5: waivers.0.aproved_by: unknown key 'aproved_by'; did you mean 'approved_by'?"),
    (WAIVER.format(expires="2026-12-31").replace("CP-DC-PUE-NEW", "CP-DC-PUE-NWE"),
     "w.yaml:2:5: waivers.0.rule: unknown rule id 'CP-DC-PUE-NWE'; did you mean 'CP-DC-PUE-NEW'?"),
    (WAIVER.format(expires="2026-12-31").replace("    justification: 液冷改造已立项\n", ""),
     "w.yaml:2:5: waivers.0.justification: required key is missing"),
    (WAIVER.format(expires="2026-12-31").replace("    expires: 2026-12-31\n", ""),
     "w.yaml:2:5: waivers.0.expires: required key is missing"),
    ("waiver: []\n", "w.yaml:1:1: waiver: unknown key 'waiver'; did you mean 'waivers'?"),
])
def test_waiver_files_are_strictly_validated(project, text, expected):
    waivers = _waivers(project, text)
    result = run("check", "projects", "--waivers", waivers, "--as-of", AS_OF, "--engine", "oracle")
    assert result.exit_code == 2
    assert expected in result.output
