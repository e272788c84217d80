"""Never crash: whatever goes wrong on one file is that file's error, in one process and in
worker processes; the other files are checked, every report is valid, the exit code is 3, and
no traceback reaches the user unless --debug asks for it."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.catalogue.load import load_catalogue
from checker.check.checker import Checker, CheckOptions
from checker.check.parallel import _rendered, iter_reports
from checker.cli import main
from checker.errors import INTERNAL_ERROR
from checker.metrics import registry
from tests.conftest import ROOT, SAMPLES

# data-centre samples compute the "pue" metric (those where a PUE rule applies); no other does
RAISING = "pue"
DC_SAMPLES = {p.name for p in SAMPLES.glob("*.yaml") if "kind: data_centre" in p.read_text("utf-8")}
ALWAYS_BROKEN = "cp_data_centre_new_fail.yaml"


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    for sample in sorted(SAMPLES.glob("*.yaml")):
        shutil.copy(sample, folder / sample.name)
    return folder


def _raise(*args, **kwargs):
    raise ValueError("metric exploded\non two lines")


@pytest.fixture()
def raising_metric(monkeypatch):
    info = registry.METRICS[RAISING]
    monkeypatch.setitem(registry.METRICS, RAISING, dataclasses.replace(info, fn=_raise))


def _json_run(*args: str):
    result = CliRunner().invoke(main, ["check", *args, "--format", "json", "--as-of", "2026-01-01"])
    return result, json.loads(result.stdout)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_whose_check_raises_is_that_files_error(batch, raising_metric, monkeypatch, jobs):
    monkeypatch.setattr("checker.check.parallel.CHUNK", 3)  # several chunks, several workers
    result, report = _json_run(str(batch), "--jobs", jobs)
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr and "internal error on" in result.stderr
    projects = {Path(p["file"]).name: p for p in report["projects"]}
    assert set(projects) == {p.name for p in SAMPLES.glob("*.yaml")}  # every file reported
    broken = {name for name, p in projects.items() if p["verdict"] == "error"}
    assert ALWAYS_BROKEN in broken and broken <= DC_SAMPLES
    for name in broken:
        (problem,) = projects[name]["errors"]
        assert problem["code"] == INTERNAL_ERROR
        assert problem["message"] == "内部错误：“ValueError: metric exploded on two lines”；请报告此问题"
        assert problem["message_en"] == ("internal error: ValueError: metric exploded on two lines; "
                                         "please report it")
    assert all(p["results"] for name, p in projects.items() if name not in broken)


def test_the_other_files_are_checked_as_without_the_failure(batch, monkeypatch):
    _, clean = _json_run(str(batch))
    info = registry.METRICS[RAISING]
    monkeypatch.setitem(registry.METRICS, RAISING, dataclasses.replace(info, fn=_raise))
    _, broken = _json_run(str(batch))
    assert ([p for p in clean["projects"] if Path(p["file"]).name not in DC_SAMPLES]
            == [p for p in broken["projects"] if Path(p["file"]).name not in DC_SAMPLES])


def test_every_format_is_complete_and_valid_after_an_internal_error(batch, raising_metric,
                                                                      tmp_path):
    from jsonschema import Draft4Validator

    out = tmp_path / "out"
    args = ["check", str(batch), "--output-dir", str(out), "--as-of", "2026-01-01"]
    for name in ("json", "html", "markdown", "junit", "sarif", "github", "text"):
        args += ["-f", name]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3 and "Traceback" not in result.output
    json.loads((out / "report.json").read_text(encoding="utf-8"))
    import xml.etree.ElementTree as ET

    suites = ET.parse(out / "report.junit.xml").getroot()
    assert any(e.get("type") == "internal_error" for e in suites.iter("error"))
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    sarif = json.loads((out / "report.sarif").read_text(encoding="utf-8"))
    assert not list(Draft4Validator(schema).iter_errors(sarif))
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False
    github = (out / "report.github.txt").read_text(encoding="utf-8")
    assert "title=greencheck%3A 内部错误::内部错误：“ValueError" in github
    assert "内部错误：“ValueError" in (out / "report.txt").read_text(encoding="utf-8")


def test_debug_shows_the_traceback_on_stderr(batch, raising_metric):
    result = CliRunner().invoke(main, ["--debug", "check", str(batch), "-f", "json"])
    assert result.exit_code == 3
    assert "Traceback" in result.stderr and "metric exploded" in result.stderr
    json.loads(result.stdout)  # the report itself is untouched by debug output


def test_an_internal_error_outside_any_file_is_exit_3_without_a_traceback(batch, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("catalogue on fire")

    monkeypatch.setattr("checker.catalogue.load.load_catalogue", broken)
    result = CliRunner().invoke(main, ["check", str(batch)])
    assert result.exit_code == 3
    assert result.stderr.strip().startswith(
        "greencheck: internal error: RuntimeError: catalogue on fire; please report it")
    assert "Traceback" not in result.output
    result = CliRunner().invoke(main, ["--debug", "check", str(batch)])
    assert result.exit_code == 3 and "Traceback" in result.stderr


def test_main_returns_the_exit_code_and_main_without_argv_exits_with_it(batch):
    passing = str(SAMPLES / "cp_building_school_pass.yaml")
    assert main(["check", passing, "-f", "json", "-o", str(batch.parent / "r.json")]) == 0
    assert main(["check", str(batch / "nope.yaml")]) == 2
    script = "from checker.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", script, "check", passing],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0


def test_a_rendering_failure_in_a_worker_is_that_files_error():
    report = next(Checker(load_catalogue(), CheckOptions()).check_paths(
        [SAMPLES / "cp_building_school_pass.yaml"]))
    calls = []

    def render(item):
        calls.append(item)
        if len(calls) == 1:
            raise KeyError("template")
        return f"rendered {item.verdict}"

    rendered = _rendered(report, render)
    assert rendered.text == b"rendered error"  # UTF-8, as it crosses the pipe
    assert rendered.report.errors[0].message == "internal error: KeyError: 'template'; please report it"


SUBPROCESS = textwrap.dedent("""\
    import dataclasses, os, sys
    from checker.metrics import registry
    import checker.check.parallel as parallel

    info = registry.METRICS["pue"]

    def fail(project, params):
        if project.id == os.environ["GC_TARGET"]:
            if os.environ["GC_HOW"] == "die":
                os._exit(9)  # the worker dies
            raise ZeroDivisionError("no")
        return info.compute(project, params)

    registry.METRICS["pue"] = dataclasses.replace(info, fn=fail)
    parallel.AUTO_MIN_FILES = 1  # auto (no --jobs): workers even for this small batch
    parallel.CHUNK = 2
    from checker.cli import main
    raise SystemExit(main(sys.argv[1:]))
""")


@pytest.mark.parametrize("how", ["raise", "die"])
def test_a_worker_failure_in_a_subprocess_with_auto_jobs(batch, tmp_path, how):
    import os

    target_file = batch / "cp_data_centre_new_fail.yaml"
    target_id = next(line.split(":", 1)[1].strip() for line in
                     target_file.read_text(encoding="utf-8").splitlines() if line.startswith("id:"))
    script = tmp_path / "run.py"
    script.write_text(SUBPROCESS, encoding="utf-8")
    env = {**os.environ, "GC_TARGET": target_id, "GC_HOW": how, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(script), "check", str(batch), "-f", "json"],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    projects = {Path(p["file"]).name: p for p in json.loads(done.stdout)["projects"]}
    assert set(projects) == {p.name for p in SAMPLES.glob("*.yaml")}
    (problem,) = projects[target_file.name]["errors"]
    assert problem["code"] == INTERNAL_ERROR
    expected = "BrokenProcessPool" if how == "die" else "ZeroDivisionError: no"
    assert f"内部错误：“{expected}" in problem["message"]
    assert f"internal error: {expected}" in problem["message_en"]
    if how == "raise":  # one file's exception costs that file only
        assert [n for n, p in projects.items() if p["verdict"] == "error"] == [target_file.name]


def test_iter_reports_with_workers_keeps_going_after_a_failure(batch, raising_metric, monkeypatch):
    monkeypatch.setattr("checker.check.parallel.CHUNK", 2)
    catalogue = load_catalogue()
    one = list(iter_reports(catalogue, CheckOptions(engine="oracle"), [batch], jobs=1))
    two = list(iter_reports(catalogue, CheckOptions(engine="oracle"), [batch], jobs=2))
    assert one == two
    broken = {Path(r.file).name for r in one if r.verdict == "error"}
    assert ALWAYS_BROKEN in broken and broken <= DC_SAMPLES
