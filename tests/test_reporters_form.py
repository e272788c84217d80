"""The review form a reviewer prints and signs: its stamps, header, declared data, the order of
its sections, the one please-fill-in list, the sign-off, and charts that show the gap."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from decimal import Decimal

import pytest

from checker.catalogue.load import catalogue_version, load_catalogue
from checker.check.checker import Checker, CheckOptions
from checker.report import SHOWS_INPUTS
from checker.report.html import chart, css_string
from checker.report.model import CitationInfo, Finding, ProjectReport
from tests.conftest import ROOT
from tests.reports_support import (
    ASSESSED_ON,
    FIXTURES,
    PROJECTS,
    at_root,
    context,
    fixture_reports,
    render,
)


@pytest.fixture(scope="module")
def reports():
    return fixture_reports()


def _by_id(reports, project_id):
    return next(r for r in reports if r.id == project_id)


def _section(html: str, project_id: str) -> str:
    """The form of one project."""
    forms = html.split('<section class="project')[1:]
    return next(form for form in forms if f"{project_id} " in form[:600])


# The report model: what the form echoes

def test_a_report_carries_the_declared_data_with_units_and_the_file_hash(reports):
    hospital = _by_id(reports, "MH-2024-0101")
    assert hospital.district == "闵行区"
    assert dict(hospital.inputs) == {
        "approval_date": "2024-06-18", "building.construction": "new", "building.use": "hospital",
        "building.pv_area_m2": "1,200 m²（0.12万 m²）"}
    raw = (ROOT / PROJECTS / "hospital.yaml").read_bytes()
    assert hospital.input_sha256 == hashlib.sha256(raw).hexdigest()
    broken = next(r for r in reports if r.verdict == "error")
    assert broken.input_sha256 is None and broken.inputs == ()


def test_declared_data_is_worked_out_only_for_the_formats_that_show_it(reports):
    assert {"html", "pdf"} == SHOWS_INPUTS
    with at_root():
        catalogue = load_catalogue(ROOT / FIXTURES / "rules")
        options = CheckOptions(assessed_on=ASSESSED_ON, declared=False)
        without = list(Checker(catalogue, options).check_paths([PROJECTS]))
    assert all(report.inputs == () for report in without)
    # nothing else differs
    assert [r.results for r in without] == [r.results for r in reports]


def test_insufficient_data_names_the_fields_to_fill_in(reports):
    hospital = _by_id(reports, "MH-2024-0101")
    missing = {f.rule: f.missing for f in hospital.results if f.outcome == "insufficient_data"}
    # the PV duty rests on pv_area_m2 (given) but lacks roof_area_m2: the field to fill in
    assert missing == {"CP-BLDG-PV-30": ("building.roof_area_m2",),
                       "CP-BLDG-RENEWABLE": ("building.renewable_energy",)}
    decided = [f for f in hospital.results if f.outcome != "insufficient_data"]
    assert all(f.missing == () for f in decided)


def test_the_catalogue_version_is_a_hash_of_the_rule_files(tmp_path):
    rules = ROOT / FIXTURES / "rules"
    copy = tmp_path / "rules"
    shutil.copytree(rules, copy)
    version = catalogue_version(copy)
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", version) and version == catalogue_version(rules)
    rule_file = next(copy.glob("*.yaml"))
    rule_file.write_bytes(rule_file.read_bytes() + b"\n# edited\n")
    catalogue_version.cache_clear()
    assert catalogue_version(copy) != version


def test_json_carries_the_same_stamps(reports):
    report = json.loads(render("json", reports))
    stamps = context()
    assert report["tool"]["catalogue_version"] == stamps.catalogue_version
    assert report["as_of"] == "2025-06-30" and report["checked_on"] == "2025-07-01"
    by_id = {p["id"]: p for p in report["projects"]}
    assert by_id["MH-2024-0101"]["input_sha256"] == _by_id(reports, "MH-2024-0101").input_sha256


# The form

def test_the_form_header_names_the_project_its_dates_zones_file_and_rule_data(reports):
    html = render("html", reports)
    school = _section(html, "QP-2023-0042")
    for expected in ("项目合规审查表", "QP-2023-0042", "青浦新城某中学新建工程", "建筑项目", "青浦区",
                     "青浦新城", "长三角生态绿色一体化发展示范区（按所在区认定）",
                     "立项/审批日期：2023-04-01 <strong>← 据此判定适用条款",
                     _by_id(reports, "QP-2023-0042").input_sha256, context().catalogue_version,
                     "greencheck 0.0.0-golden", "条款评估日期</span> 2025-06-30",
                     "检查日期</span> 2025-07-01"):
        assert expected in school, expected
    assert '<span class="zone derived">长三角' in school and '<span class="zone">青浦新城' in school


def test_the_form_echoes_the_declared_data(reports):
    school = _section(render("html", reports), "QP-2023-0042")
    table = school[school.index('<table class="inputs">'):]
    table = table[:table.index("</table>")].replace("<wbr>", "")
    # zh: the field in words (its path only a tooltip), the value with its unit, codes in words
    rows = re.findall(r"<tr><td title=\"([^\"]+)\">([^<]*)</td><td class=\"value\">([^<]+)</td>", table)
    assert ("building.roof_area_m2", "屋顶面积", "6,000 m²") in rows
    assert ("building.renewable_energy", "可再生能源利用种类", "太阳能光伏") in rows
    assert [row[0] for row in rows][0] == "approval_date"


def test_failures_come_first_then_one_fill_in_list_then_passes_then_not_applicable(reports):
    html = render("html", reports)
    dc = _section(html, "DC-2023-0007")
    assert dc.index('class="section o-fail"') < dc.index('<details class="na">') < dc.index('class="signoff"')
    hospital = _section(html, "MH-2024-0101")
    assert hospital.count('<table class="fill-in">') == 1
    fill_in = hospital[hospital.index('<table class="fill-in">'):]
    fill_in = fill_in[:fill_in.index("</table>")].replace("<wbr>", "")
    fields = re.findall(r"<tr>\s*<td title=\"([^\"]+)\">", fill_in)
    assert fields == ["building.roof_area_m2", "building.renewable_energy"]
    assert "CP-BLDG-PV-30" in fill_in and "未使用可再生能源请填 `[]`" in fill_in
    assert '<article class="finding o-insufficient_data"' not in hospital  # listed, not repeated
    school = _section(html, "QP-2023-0042")
    assert school.index('class="section o-pass"') < school.index('<details class="na">')
    assert "<details class=\"na\" open>" not in html  # folded on screen


def test_every_finding_shown_has_a_review_comment_space_and_every_project_a_sign_off(reports):
    html = render("html", reports)
    shown = html.count('<article class="finding')
    assert shown == html.count('<div class="comment">') == 4  # 2 fails, 2 passes
    failed = _section(html, "DC-2023-0007")
    comment = failed[failed.index('<div class="comment">'):]
    assert comment[:comment.index("</div></div>") + 12].count('<div class="line">') == 3
    signable = [r for r in reports if r.verdict != "error"]
    assert html.count('class="signoff"') == len(signable)
    for words in ("审查签署", "审查结论", "审查意见", "审查人（签字）", "日期"):
        assert words in failed, words
    english = render("html", reports, "en")
    assert "Reviewer (signature)" in english and "Sign-off" in english


def test_print_pages_name_their_project_and_are_numbered(reports):
    html = render("html", reports)
    assert re.search(r'@bottom-center \{ content: "第 " counter\(page\) " 页 共 " '
                     r'counter\(pages\) " 页"; \}', html)
    assert re.search(r'@page p3 \{ @top-left \{ content: "项目 DC-2023-0007 · 项目合规审查表"; \} \}', html)
    assert "#p3 { page: p3; }" in html
    single = render("html", [_by_id(reports, "DC-2023-0007")])
    assert "body { page: p1; }" in single and 'id="summary"' not in single


def test_running_headers_cannot_break_out_of_the_style_element():
    evil = 'X"; } </style><script>alert(1)</script>\\'
    quoted = css_string(evil)
    assert quoted.startswith('"') and quoted.endswith('"') and quoted.count('"') == 2
    assert "<" not in quoted and ">" not in quoted and "}" not in quoted
    assert css_string("项目 DC-1") == '"项目 DC-1"'
    report = ProjectReport(file="evil.yaml", id=evil, name="n", kind="building", verdict="pass")
    html = render("html", [report])
    style = html[html.index("<style>"):html.index("</head>")]
    assert "<script" not in style and style.count("</style>") == 2


# Charts: the gap, around the bound

CITED = CitationInfo(document="上海市碳达峰实施方案", number=None, clause="二", text="…")


def _finding(value: str, bound: str, op: str, unit: str, outcome: str = "fail",
             actual: str | None = None) -> Finding:
    return Finding(rule="R", title="t", title_en="t", outcome=outcome, binding=True, message="m",
                   message_en="m", actual=actual or value, required=f"{op} {bound}",
                   citation=CITED, measured=Decimal(value), threshold=Decimal(bound), op=op,
                   unit=unit)


def _offset(drawn) -> float:
    """How far the value sits from the bound, as a share of the track."""
    return abs(drawn["value"] - drawn["bound"]) / 400


def test_a_near_miss_and_a_clear_miss_look_different():
    near = chart(_finding("0.299", "0.3", "ge", "%", actual="29.9%"), "zh")
    clear = chart(_finding("1.35", "1.3", "le", ""), "zh")
    assert near is not None and clear is not None
    # the near miss a visible sliver (a tenth of a point on a ±5% window), the clear one a bar
    assert 0.01 < _offset(near) < 0.05 and 0.15 < _offset(clear) < 0.5
    assert _offset(clear) > 4 * _offset(near)
    assert near["gap_text"] == "实际值比限值低 0.1 个百分点"
    assert clear["gap_text"] == "实际值比限值高 0.05（为限值的 3.846%）"
    assert near["bound_text"] == "限值 ≥ 30%" and near["value_text"] == "实际 29.9%"
    for drawn in (near, clear):  # the bound inside the track; the value never off it
        assert 20 < drawn["bound"] < 420 and 20 <= drawn["value"] <= 420


def test_the_side_that_passes_is_shaded():
    at_most = chart(_finding("1.35", "1.3", "le", ""), "zh")
    at_least = chart(_finding("0.299", "0.3", "ge", "%"), "zh")
    assert at_most["pass_from"] == 20 and at_most["pass_to"] == at_most["bound"]
    assert at_least["pass_from"] == at_least["bound"] and at_least["pass_to"] == 420
    assert at_most["value"] > at_most["bound"] and at_least["value"] < at_least["bound"]


def test_a_required_fall_is_drawn_as_the_fall_achieved_against_the_fall_required():
    drawn = chart(_finding("-0.032", "-0.05", "le", "%", actual="-3.2%"), "zh")
    assert drawn["value_text"] == "下降 3.2%" and drawn["bound_text"] == "要求下降 ≥ 5%"
    assert drawn["gap_text"] == "下降幅度比要求少 1.8 个百分点"
    assert drawn["value"] < drawn["bound"] and drawn["pass_from"] == drawn["bound"]  # more: right
    rise = chart(_finding("0.02", "-0.05", "le", "%", actual="2%"), "en")
    assert rise["value_text"] == "rise 2%" and rise["bound_text"] == "required fall ≥ 5%"
    assert rise["gap_text"] == "a fall 7 percentage points short of the one required"
    met = chart(_finding("-0.08", "-0.05", "le", "%", "pass", actual="-8%"), "zh")
    assert met["value"] > met["bound"] and met["gap_text"] == "下降幅度比要求多 3 个百分点"


def test_no_chart_without_two_numbers_and_an_order():
    assert chart(_finding("1", "1", "eq", ""), "zh") is None
    plain = Finding(rule="R", title="t", title_en="t", outcome="pass", binding=True, message="m",
                    message_en="m", actual="true", required="= true", citation=CITED)
    assert chart(plain, "zh") is None


def test_the_fixture_charts_are_in_the_report(reports):
    html = render("html", reports)
    dc = _section(html, "DC-2023-0007")
    assert "限值 ≤ 1.3" in dc and "实际 1.35" in dc and "实际值比限值高 0.05" in dc
    school = _section(html, "QP-2023-0042")
    assert "限值 ≥ 50%" in school and "实际 53.33%" in school
