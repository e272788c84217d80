"""Configuration files: found by walking up, strictly validated, overridden by the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.check.config import find_config, resolve
from checker.errors import InputError
from tests.workflow_helpers import FAILING_DC, PASSING_DC, outcome, run, run_json, tree

PYPROJECT = """\
[project]
name = "demo"

[tool.greencheck]
fail_on = "binding"
as_of = 2026-01-01
lang = "en"
waivers = "ci/waivers.yaml"
rules = ["CP-DC-PUE-NEW", "CP-DC-PUE-EXISTING"]
exclude_rules = ["CP-DC-PUE-EXISTING"]
"""
WAIVERS = """\
waivers:
  - {rule: CP-DC-PUE-NEW, project: JD-DC-2023-0031, justification: 改造中, approved_by: 李四,
     expires: 2026-06-30}
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    tree(tmp_path, {"pyproject.toml": PYPROJECT, "ci/waivers.yaml": WAIVERS,
                    "projects/dc/a.yaml": FAILING_DC, "projects/dc/b.yaml": PASSING_DC})
    monkeypatch.chdir(tmp_path / "projects" / "dc")
    return tmp_path


def test_pyproject_is_found_by_walking_up(repo):
    assert find_config(Path.cwd()) == (repo / "pyproject.toml").resolve()
    settings = resolve({}, None, Path.cwd())
    assert str(settings.as_of) == "2026-01-01" and settings.lang == "en"
    assert settings.waivers == (repo / "pyproject.toml").resolve().parent / "ci/waivers.yaml"
    assert settings.selection.exclude_rules == ("CP-DC-PUE-EXISTING",)


def test_config_applies_to_a_run(repo):
    code, report = run_json("a.yaml", "b.yaml")
    assert code == 0  # the waiver from the configured file applies as of 2026-01-01
    assert outcome(report, "CP-DC-PUE-NEW") == "waived"
    rules = {r["rule"]: r for r in report["projects"][0]["results"]}
    assert "CP-DC-PUE-EXISTING" not in rules  # excluded by the config
    assert rules["CP-DC-PUE-NEW"]["message"].startswith("power usage effectiveness (PUE) is 1.35")


def test_the_command_line_overrides_the_config(repo):
    code, report = run_json("a.yaml", "--as-of", "2026-07-01", "--lang", "zh")
    assert code == 1  # the waiver expired on 2026-06-30
    assert outcome(report, "CP-DC-PUE-NEW") == "fail"
    assert report["notices"][0]["code"] == "waiver_expired"
    rules = {r["rule"]: r for r in report["projects"][0]["results"]}
    assert rules["CP-DC-PUE-NEW"]["message"].startswith("能源利用效率")


def test_a_yaml_config_wins_in_its_own_directory(repo):
    (repo / "projects" / ".greencheck.yaml").write_text("fail_on: advisory\n", encoding="utf-8")
    assert find_config(Path.cwd()) == (repo / "projects" / ".greencheck.yaml").resolve()


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("pyproject.toml", '[tool.greencheck]\nlang = "en"\nfail-on = "advisory"\n',
     "pyproject.toml:3:1: fail-on: unknown key 'fail-on'; did you mean 'fail_on'?"),
    ("pyproject.toml", '[tool.greencheck]\nformats = ["json"]\n',
     "pyproject.toml:2:1: formats: unknown key 'formats'; did you mean 'format'?"),
    ("pyproject.toml", '[tool.greencheck]\nfail_on = "always"\n',
     "pyproject.toml:2:1: fail_on: 'always' is not allowed; expected one of 'binding' or 'advisory'"),
    ("pyproject.toml", '[tool.greencheck.rule]\nid = "X"\n',
     "pyproject.toml:1:1: rule: unknown key 'rule'; did you mean 'rules'?"),
    (".greencheck.yaml", "lang: en\nexclude_rule: [CP-DC-PUE-NEW]\n",
     ".greencheck.yaml:2:1: exclude_rule: unknown key 'exclude_rule'; did you mean 'exclude_rules'?"),
    (".greencheck.yaml", "as_of: 2026-13-01\n", ".greencheck.yaml:1:1: as_of: not a date"),
])
def test_unknown_or_invalid_keys_are_errors(tmp_path, monkeypatch, name, text, expected):
    tree(tmp_path, {name: text, "a.yaml": PASSING_DC})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        resolve({}, None, tmp_path)
    assert expected in str(caught.value).replace(str(tmp_path) + "/", "")
    result = run("check", "a.yaml")
    assert result.exit_code == 2
    assert expected.split(": ", 1)[1] in result.output


def test_an_explicit_config_file(tmp_path, monkeypatch):
    tree(tmp_path, {"conf/gc.yaml": "format: json\nas_of: 2026-01-01\n", "a.yaml": FAILING_DC})
    monkeypatch.chdir(tmp_path)
    result = run("check", "a.yaml", "--config", "conf/gc.yaml", "--engine", "oracle")
    assert result.exit_code == 1 and result.output.startswith("{")


def test_a_pyproject_without_the_table_is_not_a_config(tmp_path):
    tree(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n'})
    assert resolve({}, None, tmp_path).config_file is None
