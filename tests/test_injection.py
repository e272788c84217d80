"""User text is neutralised per format: a project name cannot inject GitHub workflow commands,
Markdown, terminal escapes or invalid XML; SARIF URIs are percent-encoded; a lone surrogate in
any user string crashes no format."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checker.errors import Problem
from checker.report import REGISTRY
from checker.report.escape import markdown, terminal, uri_reference
from checker.report.model import Claim, Notice
from tests.conftest import DATA, ROOT
from tests.reports_support import PROJECTS, context, fixture_reports, render

INJECTED = ("evil\n::error file=a.yaml,line=1::forged\r\n::add-mask::secret\n  ::warning::x "
            "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x01\x7f\u202eRTL ##[error]legacy "
            "**bold** _em_ [link](https://example.invalid) `code` | cell ~~s~~ $x$ <b>&amp;")


def _evil_yaml(tmp_path: Path, **fields: str) -> Path:
    source = (ROOT / PROJECTS / "dc_new.yaml").read_text(encoding="utf-8")
    lines = []
    for line in source.splitlines():
        key = line.split(":", 1)[0]
        if key in fields:
            line = f"{key}: {json.dumps(fields[key])}"  # a JSON string is a YAML string
        lines.append(line)
    path = tmp_path / "evil.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def evil(tmp_path):
    return fixture_reports([_evil_yaml(tmp_path, name=INJECTED)])


def _command_lines(text: str) -> list[str]:
    """Lines GitHub's runner would read as workflow commands (leading blanks trimmed), or in
    the legacy form anywhere in a line."""
    return [line for line in text.split("\n") if line.lstrip().startswith("::") or "##[" in line]


def test_the_name_reaches_the_report(evil):
    assert evil[0].name == INJECTED  # the project file holds it; the formats must cope


@pytest.mark.parametrize(("fmt", "lang"), [("text", "zh"), ("text", "en"), ("markdown", "zh"),
                                            ("markdown", "en")])
def test_no_line_of_text_or_markdown_can_be_a_workflow_command(evil, fmt, lang):
    text = render(fmt, evil, lang)
    assert _command_lines(text) == []
    assert "evil ::error file=a.yaml" in text.replace("\\", "")  # shown, on one line


def test_text_has_no_escapes_or_control_characters(evil):
    text = render("text", evil)
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    assert "red" in text and "title" not in text  # the OSC escape went with its text


def test_markdown_escapes_its_control_characters(evil):
    text = render("markdown", evil)
    line = next(line for line in text.splitlines() if "evil" in line and line.startswith("|"))
    for raw, escaped in (("**bold**", r"\*\*bold\*\*"), ("_em_", r"\_em\_"),
                         ("[link]", r"\[link\]"), ("`code`", r"\`code\`"), (" | cell", r" \| cell"),
                         ("~~s~~", r"\~\~s\~\~"), ("$x$", r"\$x\$"), ("<b>", "&lt;b&gt;")):
        assert raw not in line and escaped in line
    assert len(re.findall(r"(?<!\\)\|", line)) == 9  # the table's 8 cells (not the name's |)


def test_github_annotations_carry_the_text_in_their_own_line(evil, tmp_path):
    reports = fixture_reports([_evil_yaml(tmp_path, name=INJECTED)])
    lines = render("github", reports).splitlines()
    assert lines and all(re.match(r"::(error|warning|notice) file=", line) for line in lines)
    assert "##[" not in "".join(lines)


def test_github_escapes_what_a_file_name_and_a_title_carry():
    from checker.report.github import command

    line = command("error", "a,b:c\n::x.yaml", 3, "R-1 50%\n::add-mask::y", "m\x1b[1m\n::z")
    assert line == ("::error file=a%2Cb%3Ac%0A%3A%3Ax.yaml,line=3,"
                    "title=R-1 50%25%0A%3A%3Aadd-mask%3A%3Ay::m%0A::z")


def test_junit_holds_only_xml_characters(tmp_path):
    from junitparser import JUnitXml

    reports = fixture_reports([_evil_yaml(tmp_path, name="bad\x01name\x1b\ufffe " + INJECTED)])
    text = render("junit", reports)
    root = ET.fromstring(text)  # well-formed XML
    names = [p.get("value") for p in root.iter("property") if p.get("name") == "project.name"]
    assert names and names[0].startswith("badname ")
    path = tmp_path / "junit.xml"
    path.write_text(text, encoding="utf-8")
    assert JUnitXml.fromfile(str(path)).tests > 0


def _sarif_errors(log: dict) -> list:
    from jsonschema import Draft4Validator

    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return list(Draft4Validator(schema).iter_errors(log))


def test_sarif_uris_are_percent_encoded_relative_to_srcroot(tmp_path, monkeypatch):
    folder = ROOT / "tests" / "fixtures" / "reports" / "projects"
    reports = fixture_reports([folder / "dc_new.yaml"])
    renamed = [dataclasses.replace(r, file="some dir/with space#1.yaml") for r in reports]
    log = json.loads(render("sarif", renamed))
    assert not _sarif_errors(log)
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"]
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "some%20dir/with%20space%231.yaml", "uriBaseId": "%SRCROOT%"}
    assert uri_reference("a:b/中.yaml") == "a%3Ab/%E4%B8%AD.yaml"


def test_sarif_results_are_there_on_a_clean_run():
    school = ROOT / "tests" / "fixtures" / "reports" / "projects" / "school.yaml"
    reports = fixture_reports([school])
    assert all(f.outcome in {"pass", "not_applicable"} for r in reports for f in r.results)
    log = json.loads(render("sarif", reports))
    assert log["runs"][0]["results"] == [] and not _sarif_errors(log)
    assert not _sarif_errors(json.loads(render("sarif", [])))


def test_sarif_with_injected_text_validates(evil):
    assert not _sarif_errors(json.loads(render("sarif", evil)))


SURROGATE = "\udcd6\udcd0\ud800"


def _surrogate_everywhere(reports):
    out = []
    for report in reports:
        findings = tuple(dataclasses.replace(
            f, message=f.message + SURROGATE, message_en=f.message_en + SURROGATE,
            trace=f.trace + SURROGATE, trace_en=f.trace_en + SURROGATE, actual=(f.actual or "") + SURROGATE,
            claim=Claim(SURROGATE, SURROGATE, f.outcome == "waived", "waiver", SURROGATE,
                        justification=SURROGATE, approved_by=SURROGATE))
            for f in report.results)
        errors = tuple(dataclasses.replace(p, message=p.message + SURROGATE,
                                           field=SURROGATE) for p in report.errors)
        out.append(dataclasses.replace(report, file=f"{SURROGATE}/{Path(report.file).name}",
                                       id=(report.id or "") + SURROGATE or None,
                                       name=SURROGATE, results=findings, errors=errors))
    out.append(dataclasses.replace(out[0], file="x.yaml", id=None, verdict="error", results=(),
                                   errors=(Problem(SURROGATE, SURROGATE, 1, 1),)))
    return out


@pytest.mark.parametrize("fmt", list(REGISTRY))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_lone_surrogates_in_any_user_text_crash_no_format(fmt, lang):
    from checker.report import get_renderer

    reports = _surrogate_everywhere(fixture_reports())
    notice = Notice("waiver_unused", SURROGATE, SURROGATE, file=SURROGATE, line=2)
    text = get_renderer(fmt)(reports, dataclasses.replace(context(lang), notices=(notice,)))
    if isinstance(text, bytes):  # pdf: a printed document, not text
        assert text.startswith(b"%PDF")
        return
    text.encode("utf-8")  # strict: no lone surrogate is left
    assert "\ufffd" in text or fmt in {"sarif"}
    if fmt in {"json", "sarif"}:
        json.loads(text)
    if fmt == "junit":
        ET.fromstring(text)


def test_a_file_name_beginning_with_colons_cannot_start_a_command(tmp_path, monkeypatch):
    folder = ROOT / "tests" / "fixtures" / "reports" / "projects"
    reports = fixture_reports([folder / "school.yaml"])
    renamed = [dataclasses.replace(r, file="::error file=x::boom.yaml") for r in reports]
    for fmt in ("text", "markdown"):
        assert _command_lines(render(fmt, renamed)) == []
    assert render("text", renamed).startswith("./::error file=x::boom.yaml: ")


def test_terminal_and_markdown_escape_functions():
    assert terminal("a\nb\tc\x1b[2Jd\x07\u202e") == "a b cd"
    assert terminal("##[group]x") == "## [group]x"
    assert terminal("plain 中文") == "plain 中文"
    assert markdown("a|b*c\nd") == r"a\|b\*c d"
