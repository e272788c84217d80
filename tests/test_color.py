"""--color auto|always|never, NO_COLOR (only when not empty) and FORCE_COLOR (CI logs)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.report.sink import color_wanted
from tests.conftest import SAMPLES

FAILING = str(SAMPLES / "cp_data_centre_new_fail.yaml")


@pytest.mark.parametrize(("choice", "tty", "environ", "expected"), [
    ("always", False, {}, True),
    ("always", True, {"NO_COLOR": "1"}, True),
    ("never", True, {"FORCE_COLOR": "1"}, False),
    ("auto", True, {}, True),
    ("auto", False, {}, False),
    ("auto", True, {"NO_COLOR": "1"}, False),
    ("auto", True, {"NO_COLOR": ""}, True),  # empty: not set (no-color.org)
    ("auto", False, {"FORCE_COLOR": "1"}, True),  # a CI log is no terminal
    ("auto", False, {"FORCE_COLOR": ""}, False),
    ("auto", False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
])
def test_color_decision(choice, tty, environ, expected):
    assert color_wanted(choice, tty, environ) is expected


def test_color_always_paints_text_and_never_does_not():
    painted = CliRunner().invoke(main, ["check", FAILING, "--color", "always"])
    plain = CliRunner().invoke(main, ["check", FAILING, "--color", "never"],
                               env={"FORCE_COLOR": "1"})
    assert "\x1b[" in painted.stdout and "\x1b[" not in plain.stdout
    assert painted.exit_code == plain.exit_code == 1


def test_force_color_paints_a_ci_log_and_json_never_gets_colour():
    log = CliRunner().invoke(main, ["check", FAILING], env={"FORCE_COLOR": "1"})
    assert "\x1b[" in log.stdout
    report = CliRunner().invoke(main, ["check", FAILING, "-f", "json", "--color", "always"])
    assert "\x1b[" not in report.stdout


def test_text_shows_what_needs_attention_and_counts_the_rest_unless_all():
    default = CliRunner().invoke(main, ["check", FAILING, "--as-of", "2026-12-01"]).stdout
    every = CliRunner().invoke(main, ["check", FAILING, "--all", "--as-of", "2026-12-01"]).stdout
    assert "不适用  " not in default and "--all 显示全部" in default
    assert "不适用  " in every and "--all 显示全部" not in every
    assert "不通过" in default.splitlines()[0]
