"""One run, many outputs: ``-f text -f sarif=PATH -f junit=PATH`` prints one format and writes
the others, with every safety property of ``--output-dir`` (inputs refused, all or nothing)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import UsageError
from checker.report.sink import plan
from tests.conftest import SAMPLES

PASSING = SAMPLES / "cp_building_school_pass.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))



def test_plan_bare_and_named():
    assert plan(("text", "sarif=a.sarif", "junit=r.xml"), None, None) == [
        ("text", None), ("sarif", Path("a.sarif")), ("junit", Path("r.xml"))]
    assert plan(("json", "sarif=a.sarif"), "out.json", None) == [
        ("json", Path("out.json")), ("sarif", Path("a.sarif"))]
    assert plan(("json", "html", "sarif=s/a.sarif"), None, "out") == [
        ("json", Path("out/report.json")), ("html", Path("out/report.html")),
        ("sarif", Path("s/a.sarif"))]
    assert plan(("sarif=a.sarif",), None, None) == [("sarif", Path("a.sarif"))]


@pytest.mark.parametrize(("formats", "output", "words"), [
    (("text", "json"), None, "several formats without a file"),
    (("nope=x",), None, "unknown format 'nope'"),
    (("sarif=",), None, "give a file after '='"),
    (("sarif=a", "junit=a"), None, "would both be written"),
    (("sarif=a",), "b", "--output is for a format without a file"),
    (("json", "sarif=a"), "a", "would both be written"),
])
def test_plan_refuses(formats, output, words):
    with pytest.raises(UsageError, match=words):
        plan(formats, output, None)


def test_one_run_prints_text_and_writes_files(project, tmp_path):
    sarif, junit = tmp_path / "g.sarif", tmp_path / "sub" / "r.xml"
    result = run("check", str(project), "--engine", "oracle", "-f", "text",
                 "-f", f"sarif={sarif}", "-f", f"junit={junit}")
    assert result.exit_code == 0, result.output
    assert "p.yaml" in result.output and "<testsuite" not in result.output
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "<testsuite" in junit.read_text(encoding="utf-8")


def test_a_named_report_onto_an_input_is_refused(project, tmp_path):
    before = project.read_bytes()
    result = run("check", str(project), "--engine", "oracle", "-f", "text",
                 "-f", f"json={project}")
    assert result.exit_code == 2
    assert "an input of this run" in result.output
    assert project.read_bytes() == before


def test_named_files_are_replaced_together_or_not_at_all(project, tmp_path, monkeypatch):
    sarif, junit = tmp_path / "g.sarif", tmp_path / "r.xml"
    sarif.write_text("old sarif", encoding="utf-8")
    junit.write_text("old junit", encoding="utf-8")
    real = os.replace
    calls = []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    result = run("check", str(project), "--engine", "oracle", "-f", "text",
                 "-f", f"sarif={sarif}", "-f", f"junit={junit}")
    assert result.exit_code == 2, result.output
    assert "no report was replaced" in result.output
    assert sarif.read_text(encoding="utf-8") == "old sarif"
    assert junit.read_text(encoding="utf-8") == "old junit"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_an_unwritable_named_file_fails_before_checking(project, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run("check", str(project), "--engine", "oracle", "-f", "text",
                 "-f", f"sarif={blocker}/a.sarif")
    assert result.exit_code == 2
    assert "is not a directory" in result.output


def test_help_explains_format_path():
    result = run("check", "--help")
    assert "FORMAT=PATH" in result.output
