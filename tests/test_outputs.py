"""Never clobber: reports never replace an input, a FIFO, a device or /dev/stdout; several
formats are replaced together or not at all; an unwritable path is exit 2 naming path and
reason, before anything is checked; --jobs is capped at the CPUs."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.conftest import ROOT, SAMPLES

PASSING = SAMPLES / "cp_building_school_pass.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))



# an output that is an input of the same run

@pytest.mark.parametrize("how", ["same path", "symlink", "inside a checked folder"])
def test_a_report_onto_an_input_is_refused(project, tmp_path, how):
    before = project.read_bytes()
    if how == "same path":
        args = ["check", str(project), "-o", str(project)]
    elif how == "symlink":
        link = tmp_path / "out" / "report.json"
        link.parent.mkdir()
        link.symlink_to(project)
        args = ["check", str(project), "-f", "json", "-o", str(link)]
    else:
        (tmp_path / "report.json").write_text("{}", encoding="utf-8")  # last run's report
        args = ["check", str(tmp_path), "-f", "json", "--output-dir", str(tmp_path)]
    result = run(*args)
    assert result.exit_code == 2
    assert "an input of this run" in result.stderr and "Traceback" not in result.output
    assert project.read_bytes() == before
    assert not [p for p in tmp_path.rglob(".*")]  # no temporary file


@pytest.mark.parametrize("option", ["--baseline", "--waivers", "--config"])
def test_a_report_onto_the_baseline_waivers_or_config_is_refused(project, tmp_path, option):
    contents = {"--baseline": '{"projects": []}\n', "--waivers": "waivers: []\n",
                "--config": "lang: en\n"}
    named = tmp_path / "side" / ("b.json" if option == "--baseline" else "w.yaml")
    named.parent.mkdir()
    named.write_text(contents[option], encoding="utf-8")
    result = run("check", str(project), option, str(named), "-f", "json", "-o", str(named))
    assert result.exit_code == 2 and "an input of this run" in result.stderr
    assert named.read_text(encoding="utf-8") == contents[option]


# things that are written into, never replaced

def test_a_fifo_is_written_into(project, tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("check", str(project), "-f", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the FIFO
    assert json.loads(received[0])["projects"][0]["verdict"] == "pass"


def test_a_character_device_is_written_into(project, tmp_path):
    device = tmp_path / "null"
    try:  # a /dev/null of our own: the real one must never be at risk in a test
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        device.write_text("probe", encoding="utf-8")
    except OSError as exc:
        pytest.skip(f"cannot make a character device here: {exc}")
    result = run("check", str(project), "-f", "json", "-o", str(device))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
@pytest.mark.parametrize("path", ["/dev/stdout", "/proc/self/fd/1"])
def test_dev_stdout_writes_to_standard_output(project, tmp_path, path):
    command = [sys.executable, "-c", "from checker.cli import main; main()", "check",
               str(project), "-f", "json", "-o", path]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    piped = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["projects"][0]["verdict"] == "pass"
    # stdout appended to a regular file: the report is appended, nothing is replaced
    log = tmp_path / "log.txt"
    log.write_text("earlier output\n", encoding="utf-8")
    inode = log.stat().st_ino
    with open(log, "a", encoding="utf-8") as stdout:
        done = subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, text=True,
                              timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier output\n{") and log.stat().st_ino == inode
    json.loads(text.removeprefix("earlier output\n"))


def test_a_symlink_to_a_report_keeps_the_link(project, tmp_path):
    real = tmp_path / "reports" / "real.json"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = run("check", str(project), "-f", "json", "-o", str(link))
    assert result.exit_code == 0
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["projects"]


# paths that cannot be written: exit 2, the path and the reason, nothing checked

@pytest.mark.parametrize(("where", "reason"), [
    ("under-a-file", "is not a directory"),
    ("/proc/greencheck-report.json", "/proc"),
    ("/proc/self/greencheck/report.json", "/proc"),
])
def test_an_unwritable_output_is_exit_2_with_path_and_reason(project, where, reason, monkeypatch):
    checked = []
    monkeypatch.setattr("checker.check.checker.Checker.check_file",
                        lambda self, path: checked.append(path))
    target = str(project / "report.json") if where == "under-a-file" else where
    if where.startswith("/proc") and not Path("/proc/self").is_dir():
        pytest.skip("needs /proc")
    result = run("check", str(project), "-f", "json", "-o", target)
    assert result.exit_code == 2
    assert f"cannot write the report {target}" in result.stderr and reason in result.stderr
    assert "Traceback" not in result.output and not checked  # failed before any checking


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_directory_is_exit_2(project, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run("check", str(project), "-f", "json", "-o", str(folder / "r.json"))
    finally:
        folder.chmod(0o700)
    assert result.exit_code == 2 and "Permission denied" in result.stderr


# several formats: replaced together, or none

FORMATS = ("json", "html", "sarif", "junit", "text")


def _dir_run(project: Path, out: Path):
    args = ["check", str(project), "--output-dir", str(out)]
    for name in FORMATS:
        args += ["-f", name]
    return run(*args)


@pytest.fixture()
def previous(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("report.json", "report.html", "report.sarif", "report.junit.xml", "report.txt"):
        (out / name).write_text(f"previous {name}\n", encoding="utf-8")
    return out


def _unchanged(out: Path) -> bool:
    names = sorted(p.name for p in out.iterdir())
    return names == sorted(f"report.{n}" for n in ("json", "html", "sarif", "junit.xml", "txt")) \
        and all(p.read_text(encoding="utf-8") == f"previous {p.name}\n" for p in out.iterdir())


def _failing_replace(monkeypatch, fail_at: int, error: BaseException):
    real = os.replace
    calls = []

    def replace(source, target):
        calls.append(target)
        if len(calls) == fail_at:
            raise error
        return real(source, target)

    monkeypatch.setattr("checker.report.sink.os.replace", replace)
    return calls


def test_several_formats_replace_all_together(project, previous):
    result = _dir_run(project, previous)
    assert result.exit_code == 0, result.output
    assert all(not p.read_text(encoding="utf-8").startswith("previous") for p in previous.iterdir())
    assert not [p for p in previous.iterdir() if p.name.startswith(".")]


def test_a_failed_rename_puts_back_the_ones_done(project, previous, monkeypatch):
    _failing_replace(monkeypatch, 3, OSError(28, "No space left on device"))
    result = _dir_run(project, previous)
    assert result.exit_code == 2
    assert "No space left on device; no report was replaced" in result.stderr
    assert _unchanged(previous)


def test_ctrl_c_while_renaming_leaves_no_new_report_beside_an_old_one(project, previous,
                                                                     monkeypatch):
    _failing_replace(monkeypatch, 2, KeyboardInterrupt())
    result = _dir_run(project, previous)
    assert result.exit_code == 130
    assert _unchanged(previous)


def test_a_rename_that_cannot_be_undone_says_what_was_replaced(project, previous, monkeypatch):
    real = os.replace
    calls: list[str] = []

    def replace(source, target):
        calls.append(str(source))
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        if len(calls) > 3:  # putting back fails too
            raise OSError(5, "Input/output error")
        return real(source, target)

    monkeypatch.setattr("checker.report.sink.os.replace", replace)
    result = _dir_run(project, previous)
    assert result.exit_code == 2
    assert "replaced: " in result.stderr and "not replaced: " in result.stderr
    assert not [p for p in previous.iterdir() if p.name.startswith(".")]  # no temp, no backup


def test_a_target_that_is_a_directory_replaces_none(project, previous):
    (previous / "report.sarif").unlink()
    (previous / "report.sarif").mkdir()
    result = _dir_run(project, previous)
    assert result.exit_code == 2 and "report.sarif: it is a directory" in result.stderr
    assert (previous / "report.json").read_text(encoding="utf-8") == "previous report.json\n"


def test_jobs_are_capped_at_the_cpus(project, monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    seen = []
    monkeypatch.setattr("checker.check.batch.iter_reports",
                        lambda catalogue, options, paths, jobs, render=None: seen.append(jobs)
                        or iter(()))
    result = run("check", str(project), "--jobs", "64")
    assert "--jobs 64 is more than the 2 CPUs here; using 2" in result.stderr
    assert seen == [2]


# undecodable file names

def test_a_file_name_that_is_not_utf8_is_written_safely_in_every_format(tmp_path, monkeypatch):
    import xml.etree.ElementTree as ET

    from jsonschema import Draft4Validator

    folder = tmp_path / "projects"
    folder.mkdir()
    gbk = os.fsdecode("中文".encode("gbk") + b".yaml")  # surrogate-escaped
    shutil.copy(PASSING, folder / gbk)
    shutil.copy(SAMPLES / "cp_building_hospital_pass.yaml", folder / "with space#1.yaml")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    args = ["check", "projects", "--output-dir", str(out)]
    for name in ("json", "html", "markdown", "junit", "sarif", "github", "text"):
        args += ["-f", name]
    result = run(*args)
    assert result.exit_code == 0, result.output
    files = {p.name: p.read_bytes().decode("utf-8") for p in out.iterdir()}  # all UTF-8
    assert len(files) == 7
    report = json.loads(files["report.json"])
    assert sorted(p["file"] for p in report["projects"]) == [
        "projects/with space#1.yaml", "projects/\ufffd\ufffd\ufffd\ufffd.yaml"]
    ET.fromstring(files["report.junit.xml"])
    sarif = json.loads(files["report.sarif"])
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    assert not list(Draft4Validator(schema).iter_errors(sarif))
    uris = {a["location"]["uri"] for a in sarif["runs"][0]["artifacts"]}
    assert uris == {"projects/with%20space%231.yaml", "projects/%D6%D0%CE%C4.yaml"}
    assert "\ufffd" in files["report.txt"] and "\ufffd" in files["report.html"]
