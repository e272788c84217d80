"""The pre-commit hook sees only project files and shows what needs attention: the filter
itself, ``check --only-projects`` (and ``--quiet``: the verdict lines alone), and a real
``pre-commit run --all-files`` in a scratch repository that uses this checkout as its hook
repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.authoring.workbook import project_workbook, template_workbook
from checker.check.triage import is_project_file
from checker.input.loader import load_project
from tests.conftest import ROOT, SAMPLES

GREENCHECK = str(Path(sys.executable).parent / "greencheck")
PASSING = SAMPLES / "vehicle_procurement_bus_pass.yaml"
FAILING = SAMPLES / "cp_data_centre_new_fail.yaml"
NOT_PROJECTS = {
    ".gitlab-ci.yml": "stages: [test]\nformat: none\ntest:\n  script: [make test]\n",
    "package.json": '{\n  "name": "site",\n  "version": "1.0.0",\n  "format": "esm"\n}\n',
    "config/settings.yaml": "service:\n  format: greencheck/v1\n",  # nested: not a project
    "docs/README.md": "format: greencheck/v1\n",  # not a project suffix
    "data/budget.xlsx": None,  # a workbook that is not greencheck's
}
ENV_BUILD_SECONDS = 900  # pip-installing the hook's environment (durable_rules compiles)


def _budget_workbook(path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "预算"
    book.save(path)


def _lay_out(folder: Path, failing: bool) -> None:
    for name, text in NOT_PROJECTS.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            _budget_workbook(target)
        else:
            target.write_text(text, encoding="utf-8")
    projects = folder / "projects"
    projects.mkdir(exist_ok=True)
    shutil.copy(PASSING, projects / "bus.yaml")
    (projects / "template.xlsx").write_bytes(template_workbook("building"))
    if failing:
        (projects / "dc.xlsx").write_bytes(project_workbook(load_project(FAILING).document.data))


def test_project_files_are_told_from_other_yaml_json_and_workbooks(tmp_path):
    _lay_out(tmp_path, failing=True)
    found = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()
             and is_project_file(p)}
    assert found == {"projects/bus.yaml", "projects/template.xlsx", "projects/dc.xlsx"}
    flow = tmp_path / "flow.yaml"
    flow.write_text('{id: X, "format": "greencheck/v1"}\n', encoding="utf-8")
    quoted = tmp_path / "quoted.yaml"
    quoted.write_text("\ufeff'format': 'greencheck/v2'\n", encoding="utf-8")  # checked, then refused
    commented = tmp_path / "commented.yaml"
    commented.write_text("# format: greencheck/v1\nname: x\n", encoding="utf-8")
    assert is_project_file(flow) and is_project_file(quoted) and not is_project_file(commented)


def _check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GREENCHECK, "check", "--only-projects", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_only_projects_skips_every_file_that_is_not_a_project(tmp_path):
    _lay_out(tmp_path, failing=False)
    files = [str(p.relative_to(tmp_path)) for p in sorted(tmp_path.rglob("*")) if p.is_file()
             and "template" not in p.name]
    result = _check("--quiet", *files, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "projects/bus.yaml: 通过  BUS-2025-0003 某公交公司2025年度公交车更新采购", "项目 1: 通过 1"]
    nothing = _check(".gitlab-ci.yml", "package.json", cwd=tmp_path)  # no project at all
    assert (nothing.returncode, nothing.stdout, nothing.stderr) == (0, "", "")


def test_quiet_prints_one_verdict_line_per_project_and_the_count(tmp_path):
    _lay_out(tmp_path, failing=True)
    result = _check(".", "--quiet", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "projects/bus.yaml", "projects/dc.xlsx", "projects/template.xlsx"]
    assert lines[1].startswith("projects/dc.xlsx: 不通过  ")
    assert lines[2].startswith("projects/template.xlsx: 待补充数据")
    assert lines[-1] == "项目 3: 不通过 1, 待补充数据 1, 通过 1"
    # --quiet is the text's: JSON still holds every project and every finding
    report = json.loads(_check(".", "--quiet", "--format", "json", cwd=tmp_path).stdout)
    assert {p["verdict"] for p in report["projects"]} == {"pass", "fail", "incomplete"}
    assert "not_applicable" in {r["outcome"] for p in report["projects"] for r in p["results"]}


def test_the_hook_shows_what_needs_attention(tmp_path):
    _lay_out(tmp_path, failing=True)
    result = _check(".", cwd=tmp_path)  # the hook's command
    assert result.returncode == 1, result.stderr
    assert "CP-DC-PUE-NEW" in result.stdout and "请补充以下数据:" in result.stdout
    assert "不适用  " not in result.stdout  # not-applicable findings only counted
    assert "package.json" not in result.stdout and ".gitlab-ci.yml" not in result.stdout


# -- the real thing ------------------------------------------------------------------------------

def _git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True, timeout=60).stdout.strip()


def _hook_repository(target: Path) -> str:
    """This checkout as it is now (tracked and new files, as git sees them), committed in a
    repository of its own: the hook source pre-commit clones. Returns its HEAD sha."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git("init", "-q", cwd=target)
    _git("add", "-A", cwd=target)
    _git("commit", "-q", "-m", "hook source", cwd=target)
    return _git("rev-parse", "HEAD", cwd=target)


def _pre_commit(work: Path, home: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=work,
                          env=env, capture_output=True, text=True, timeout=timeout)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_run_over_a_scratch_repository(tmp_path):
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (the test extra)")
    inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    if inside.stdout.strip() != "true":
        pytest.skip("this checkout is not a git work tree (the hook source is copied from it)")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    sha = _hook_repository(hooks)
    work, home = tmp_path / "work", tmp_path / "pre-commit-home"
    work.mkdir()
    _lay_out(work, failing=False)
    (work / "projects" / "template.xlsx").unlink()  # incomplete: added with the failing one below
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {sha}\n    hooks:\n      - id: greencheck\n",
        encoding="utf-8")
    _git("init", "-q", cwd=work)
    _git("add", "-A", cwd=work)

    try:
        passing = _pre_commit(work, home, ENV_BUILD_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.skip(f"pre-commit could not build the hook's environment in {ENV_BUILD_SECONDS} s")
    if "An unexpected error has occurred" in passing.stdout + passing.stderr:
        log = home / "pre-commit.log"
        detail = log.read_text(encoding="utf-8")[-1500:] if log.exists() else passing.stderr[-1500:]
        pytest.skip(f"pre-commit could not build the hook's environment (offline?): {detail}")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "greencheck" in passing.stdout and "Passed" in passing.stdout

    (work / "projects" / "dc.xlsx").write_bytes(project_workbook(load_project(FAILING).document.data))
    (work / "projects" / "template.xlsx").write_bytes(template_workbook("building"))
    _git("add", "-A", cwd=work)
    failing = _pre_commit(work, home, 300)  # the environment is built: this is quick
    output = failing.stdout
    assert failing.returncode == 1, output + failing.stderr
    assert "Failed" in output and "exit code: 1" in output
    assert "projects/dc.xlsx" in output and "CP-DC-PUE-NEW" in output
    assert "projects/template.xlsx" in output and "请补充以下数据:" in output  # incomplete
    for quiet in (".gitlab-ci.yml", "package.json", "settings.yaml", "budget.xlsx", "不适用  "):
        assert quiet not in output, quiet
