"""Reporter behaviour: SARIF schema, JUnit structure, escaping, alignment, output plumbing."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import UsageError
from checker.report import FILE_NAMES, REGISTRY, get_renderer
from checker.report.github import command
from checker.report.sarif import fingerprint
from checker.report.sink import plan
from checker.report.text import width
from tests.conftest import DATA, ROOT
from tests.reports_support import PROJECTS, at_root, context, fixture_reports, render

EVIL = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def reports():
    return fixture_reports()


def _evil_project(tmp_path: Path) -> Path:
    source = (ROOT / PROJECTS / "dc_new.yaml").read_text(encoding="utf-8")
    path = tmp_path / "evil.yaml"
    path.write_text(source.replace("临港新片区某新建数据中心", f'"{EVIL}"'), encoding="utf-8")
    return path


# SARIF

def test_sarif_validates_against_the_official_schema(reports):
    from jsonschema import Draft4Validator

    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    log = json.loads(render("sarif", reports))
    errors = sorted(Draft4Validator(schema).iter_errors(log), key=str)
    assert not errors, errors[0].message


def test_sarif_rules_results_and_fingerprints(reports):
    run = json.loads(render("sarif", reports))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["CP-DC-PUE-NEW", "CP-DC-PUE-EXISTING", "CP-BLDG-PV-50",
                                         "CP-BLDG-PV-30", "CP-BLDG-RENEWABLE", "GC-INPUT"]
    assert all(r["properties"]["citation"] in r["fullDescription"]["text"] for r in rules[:-1])
    assert all("helpUri" not in r for r in rules)  # nobody said where RULES.md is published
    inputs = [res for res in run["results"] if res["ruleId"] == "GC-INPUT"]
    assert inputs and all(res["level"] == "error" for res in inputs)
    assert "roof_aera_m2" in inputs[0]["message"]["text"]
    assert inputs[0]["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    assert run["invocations"][0]["executionSuccessful"] is False
    by_rule = {(res["ruleId"], res["properties"]["project"]): res for res in run["results"]
               if res["ruleId"] != "GC-INPUT"}
    binding = by_rule[("CP-DC-PUE-NEW", "DC-2023-0007")]
    assert binding["level"] == "error"
    assert rules[binding["ruleIndex"]]["id"] == "CP-DC-PUE-NEW"
    location = binding["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "tests/fixtures/reports/projects/dc_new.yaml"
    source = (ROOT / PROJECTS / "dc_new.yaml").read_text(encoding="utf-8").splitlines()
    assert source[location["region"]["startLine"] - 1].strip() == "pue: 1.35"
    assert by_rule[("CP-DC-PUE-EXISTING", "DC-2015-0003")]["level"] == "warning"
    assert by_rule[("CP-BLDG-PV-30", "MH-2024-0101")]["level"] == "note"
    prints = [res["partialFingerprints"]["greencheckFinding/v1"] for res in run["results"]
              if res["ruleId"] != "GC-INPUT"]
    assert len(set(prints)) == len(prints)
    assert prints[0] == fingerprint(*_key(run["results"][0]))
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["level"] == "error" and "roof_aera_m2" in notes[0]["message"]["text"]


def _key(result: dict) -> tuple[str, str, str]:
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    return uri, result["properties"]["project"], result["ruleId"]


def test_sarif_fingerprint_ignores_line_and_message():
    assert fingerprint("a.yaml", "P-1", "R-1") == fingerprint("a.yaml", "P-1", "R-1")
    assert fingerprint("a.yaml", "P-1", "R-1") != fingerprint("b.yaml", "P-1", "R-1")
    assert re.fullmatch(r"[0-9a-f]{32}", fingerprint("a.yaml", None, "R-1"))


# JUnit

def test_junit_parses_and_maps_outcomes(reports, tmp_path):
    from junitparser import Error, Failure, JUnitXml, Skipped

    path = tmp_path / "report.junit.xml"
    path.write_text(render("junit", reports), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    suites = {suite.name: suite for suite in xml}
    assert len(suites) == 5
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (11, 1, 3, 4)

    def results(name: str) -> dict[str, list]:
        suite = suites[f"tests/fixtures/reports/projects/{name}"]
        return {case.name.split()[0]: case.result for case in suite}

    dc_new = results("dc_new.yaml")
    assert isinstance(dc_new["CP-DC-PUE-NEW"][0], Failure)
    assert "1.35" in dc_new["CP-DC-PUE-NEW"][0].message
    assert isinstance(dc_new["CP-DC-PUE-EXISTING"][0], Skipped)
    existing = results("dc_existing.yaml")
    assert existing["CP-DC-PUE-EXISTING"] == []  # advisory failure: passes, with a note
    advisory = next(c for c in suites["tests/fixtures/reports/projects/dc_existing.yaml"]
                    if c.name.startswith("CP-DC-PUE-EXISTING"))
    assert "[倡导性 不通过]" in advisory.system_out
    hospital = results("hospital.yaml")
    assert isinstance(hospital["CP-BLDG-PV-30"][0], Error)
    assert isinstance(results("broken.yaml")["load"][0], Error)
    assert results("school.yaml")["CP-BLDG-PV-50"] == []


# HTML and Markdown

def test_html_escapes_project_text(tmp_path):
    reports = fixture_reports([_evil_project(tmp_path)])
    html = render("html", reports)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    markdown = render("markdown", reports)
    assert EVIL not in markdown and "&lt;script&gt;" in markdown


def test_html_is_self_contained(reports):
    html = render("html", reports)
    assert not re.search(r"https?://|<link|<script|@import|url\(|<img|<iframe", html, re.I)
    assert html.count("<svg") == 3  # PUE x2 and the school's PV ratio
    assert re.search(r"@page \{\s+size: A4", html) and "@media print" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    for verdict in ("fail", "pass", "incomplete", "error"):
        assert f'id="vf-{verdict}"' in html and f'label for="vf-{verdict}"' in html


def test_html_summary_puts_binding_failures_first(reports):
    html = render("html", reports)
    assert html.index("约束性条款不通过") < html.index('class="project')
    failures = html[html.index('<ol class="failures">'):html.index("</ol>")]
    assert "CP-DC-PUE-NEW" in failures and "CP-DC-PUE-EXISTING" not in failures


def test_html_finding_details(reports):
    html = render("html", reports)
    article = html[html.index('id="p3-CP-DC-PUE-NEW"'):]
    article = article[:article.index("</article>")]
    for expected in ("1.35", "≤ 1.3", "PUE = 1.35（申报值）", "《上海市碳达峰实施方案》",
                     "沪府发〔2022〕7号", "二、（二）4", "“提升项目能效准入门槛，新建数据中心能源利用效率（PUE）不高于1.3”",
                     "2022-07-08 起", "算力调度枢纽项目", "理由不成立", "约束性"):
        assert expected in article, expected


def test_html_english(reports):
    html = render("html", reports, "en")
    assert '<html lang="en">' in html and "Binding failures" in html
    assert "New data centres have a PUE of at most 1.3" in html
    assert "<code>PUE = 1.35 (declared)</code>" in html and "申报值" not in html


# GitHub annotations and text

def test_github_annotations_escape_data_and_properties(reports):
    line = command("error", "a,b:c.yaml", 3, "R-1 50%", "first\nsecond 100%\r")
    assert line == "::error file=a%2Cb%3Ac.yaml,line=3,title=R-1 50%25::first%0Asecond 100%25%0D"
    lines = render("github", reports).splitlines()
    assert all("\n" not in item for item in lines)
    levels = [item.split()[0] for item in lines]
    assert levels == ["::error", "::warning", "::error", "::warning", "::warning"]
    assert "file=tests/fixtures/reports/projects/dc_new.yaml,line=14," in lines[2]


def test_text_columns_align_in_display_width(reports):
    assert width("中文ab") == 6 and width("e\u0301") == 1
    text = get_renderer("text")(reports, dataclasses.replace(context("zh"), show_all=True))
    rows = [row for row in text.splitlines() if re.match(r"  (不通过|通过|不适用|数据不足) ", row)]
    starts = {width(row[:row.index("CP-")]) for row in rows}
    assert len(rows) == 10 and len(starts) == 1
    assert "\x1b[" not in text


# Output plumbing and the CLI

def test_plan_checks_format_and_output_combinations(tmp_path):
    assert plan(("json",), None, None) == [("json", None)]
    assert plan(("html", "html"), str(tmp_path / "r.html"), None) == [("html", tmp_path / "r.html")]
    targets = plan(tuple(REGISTRY), None, str(tmp_path))
    assert [path.name for _, path in targets] == [FILE_NAMES[name] for name in REGISTRY]
    with pytest.raises(UsageError, match="output-dir"):
        plan(("json", "html"), None, None)
    with pytest.raises(UsageError, match="not both"):
        plan(("json",), "x", "y")
    with pytest.raises(UsageError, match="unknown format 'docx'"):
        plan(("docx",), None, None)


def test_cli_writes_several_formats_to_a_directory(tmp_path):
    out = tmp_path / "out"
    project = ROOT / PROJECTS / "school.yaml"
    args = ["check", str(project), "--output-dir", str(out), "--lang", "en",
            "--rule", "CP-BLDG-PV-50", "--rule", "CP-BLDG-RENEWABLE"]
    written = ("json", "html", "markdown", "junit", "sarif", "github", "text")  # pdf: its own test
    for name in written:
        args += ["--format", name]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    # the live catalogue grows: the fixture may pass (0) or lack data for newer rules (1)
    assert result.exit_code == 0 and result.output == ""
    assert sorted(p.name for p in out.iterdir()) == sorted(FILE_NAMES[name] for name in written)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(report) == {"tool", "as_of", "checked_on", "projects", "notices"}
    assert report["projects"][0]["verdict"] == "pass"
    assert '<html lang="en">' in (out / "report.html").read_text(encoding="utf-8")


def test_cli_output_file_and_usage_errors(tmp_path):
    project = str(ROOT / PROJECTS / "dc_new.yaml")
    target = tmp_path / "nested" / "report.html"
    result = CliRunner().invoke(main, ["check", project, "-f", "html", "-o", str(target)])
    assert result.exit_code == 1 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    result = CliRunner().invoke(main, ["check", project, "-f", "json", "-f", "html"])
    assert result.exit_code == 2 and "--output-dir" in result.output
    result = CliRunner().invoke(main, ["check", project, "-f", "docx"])
    assert result.exit_code == 2 and "unknown format 'docx'" in result.output


def test_sarif_links_each_rule_to_its_section_of_the_published_rules_doc(reports):
    from checker.report.sarif import render as sarif

    url = "https://example.org/greencheck/blob/main/rules/RULES.md"
    with at_root():
        log = json.loads(sarif(reports, dataclasses.replace(context(), rules_doc_url=url)))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(r["helpUri"] == f"{url}#{r['id'].lower()}" for r in rules)
