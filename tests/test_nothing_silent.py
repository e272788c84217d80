"""Nothing silent: what cannot be read is an error naming it, an empty run is a usage error,
and broken baselines and configurations are clean errors (exit 2), never tracebacks."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.check.checker import Unreadable, iter_project_files
from checker.cli import main
from checker.errors import UsageError
from tests.conftest import SAMPLES

PASSING = SAMPLES / "cp_building_school_pass.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _json(result) -> dict:
    return json.loads(result.stdout)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "projects"
    (root / "sub").mkdir(parents=True)
    shutil.copy(PASSING, root / "a.yaml")
    return root


def test_an_unreadable_directory_is_an_input_error_naming_it(folder, monkeypatch):
    real = os.scandir
    locked = folder / "sub"

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr("checker.check.checker.os.scandir", scandir)
    result = run("check", str(folder), "-f", "json")
    assert result.exit_code == 2
    errors = {p["file"]: p["errors"] for p in _json(result)["projects"] if p["verdict"] == "error"}
    assert errors == {str(locked): [{"message": "无法读取此目录：“Permission denied”",
                                     "message_en": "cannot read this directory: Permission denied",
                                     "line": None, "column": None, "field": None}]}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files and directories")
def test_unreadable_files_and_directories_for_real(folder):
    (folder / "sub" / "b.yaml").write_text("x", encoding="utf-8")
    (folder / "sub").chmod(0o000)
    (folder / "a.yaml").chmod(0o000)
    try:
        result = run("check", str(folder), "-f", "json")
    finally:
        (folder / "sub").chmod(0o700)
        (folder / "a.yaml").chmod(0o600)
    assert result.exit_code == 2
    messages = {Path(p["file"]).name: p["errors"][0]["message_en"] for p in _json(result)["projects"]}
    assert messages == {"a.yaml": "cannot read file: Permission denied",
                        "sub": "cannot read this directory: Permission denied"}


def test_a_broken_link_and_a_fifo_named_like_projects_are_errors(folder):
    (folder / "sub" / "gone.yaml").symlink_to(folder / "nowhere.yaml")
    os.mkfifo(folder / "sub" / "pipe.json")
    (folder / "notes.txt").write_text("not a project: ignored", encoding="utf-8")
    result = run("check", str(folder), "-f", "json")
    assert result.exit_code == 2
    messages = {Path(p["file"]).name: p["errors"] for p in _json(result)["projects"]}
    assert set(messages) == {"a.yaml", "gone.yaml", "pipe.json"}
    assert messages["gone.yaml"][0]["message_en"].startswith("broken symbolic link (to ")
    assert messages["gone.yaml"][0]["message"].startswith("符号链接已失效（指向 ")
    assert messages["pipe.json"][0]["message_en"] == "a FIFO (named pipe), not a project file"
    assert messages["pipe.json"][0]["message"] == "命名管道，不是项目文件"


def test_the_walk_keeps_order_and_skips_hidden_names(folder):
    shutil.copy(PASSING, folder / "sub" / "c.yml")
    (folder / ".hidden").mkdir()
    shutil.copy(PASSING, folder / ".hidden" / "x.yaml")
    shutil.copy(PASSING, folder / ".y.yaml")
    found = list(iter_project_files([folder]))
    assert found == [folder / "a.yaml", folder / "sub" / "c.yml"]
    assert not any(isinstance(p, Unreadable) for p in found)


def test_a_run_that_finds_no_project_file_is_a_usage_error(tmp_path):
    empty = tmp_path / "empty"
    (empty / "deeper").mkdir(parents=True)
    (empty / "readme.md").write_text("no projects here", encoding="utf-8")
    result = run("check", str(empty), "-f", "json")
    assert result.exit_code == 2
    assert result.stdout == ""  # no report begun
    assert f"no project files (*.yaml, *.yml, *.json, *.xlsx) found in {empty}" in result.stderr
    with pytest.raises(UsageError, match="found in"):
        list(iter_project_files([empty]))


def test_a_fifo_on_the_command_line_says_what_it_is(tmp_path):
    fifo = tmp_path / "projects.yaml"
    os.mkfifo(fifo)
    result = run("check", str(fifo))
    assert result.exit_code == 2
    assert f"{fifo} is a FIFO (named pipe), not a project file or a directory" in result.stderr
    assert "no such file" not in result.stderr


def test_a_bad_path_among_good_ones_fails_before_any_output(folder, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("check", str(folder), str(fifo), "-f", "json")
    assert result.exit_code == 2 and result.stdout == ""


# baselines and configuration

@pytest.mark.parametrize(("content", "expected"), [
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"projects": [' * 100_000, "nested too deeply"),
    ('{"projects": [], "note": "中文"}'.encode("utf-16"), "baseline is UTF-16"),
    ('{"projects": [], "note": "中文基线"}'.encode("gbk"), "not UTF-8 (it looks like GBK"),
    (b'{"projects": [{"id": "X", "file": "a.yaml", "results": 5}]}',
     "projects[0].results: is int, not a list"),
    (b'{"projects": [5]}', "projects[0]: is int, not an object"),
    (b'{"projects": 5}', "no 'projects' list"),
])
def test_a_broken_baseline_is_a_clean_error(tmp_path, content, expected):
    baseline = tmp_path / "baseline.json"
    baseline.write_bytes(content)
    result = run("check", str(PASSING), "--baseline", str(baseline))
    assert result.exit_code == 2, result.output
    assert expected in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(("content", "expected"), [
    ('[tool.greencheck]\n# 中文注释\nlang = "en"\n'.encode("gbk"),
     "pyproject.toml:2: file is not UTF-8"),
    (b"[tool.greencheck]\nlang = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
     "nested too deeply"),
])
def test_a_broken_pyproject_is_a_clean_error(tmp_path, monkeypatch, content, expected):
    (tmp_path / "pyproject.toml").write_bytes(content)
    shutil.copy(PASSING, tmp_path / "p.yaml")
    monkeypatch.chdir(tmp_path)
    result = run("check", "p.yaml")
    assert result.exit_code == 2, result.output
    assert expected in result.stderr and "Traceback" not in result.output
