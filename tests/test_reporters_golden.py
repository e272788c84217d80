"""Golden files: every format, rendered from the fixed fixture projects, matches tests/golden/.

Regenerate after an intended change (then review the diff):
    make golden        # = GREENCHECK_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_reporters_golden.py
"""

from __future__ import annotations

import os

import pytest

from tests.reports_support import GOLDEN, fixture_reports, render

CASES = [
    ("text", "zh", "report.zh.txt"), ("text", "en", "report.en.txt"),
    ("json", "zh", "report.json"), ("html", "zh", "report.zh.html"),
    ("html", "en", "report.en.html"), ("markdown", "zh", "report.zh.md"),
    ("markdown", "en", "report.en.md"), ("junit", "zh", "report.junit.xml"),
    ("sarif", "zh", "report.sarif"), ("github", "zh", "report.github.txt"),
]
REGENERATE = os.environ.get("GREENCHECK_REGEN_GOLDEN") == "1"


@pytest.fixture(scope="module")
def reports():
    return fixture_reports()


@pytest.mark.parametrize(("fmt", "lang", "name"), CASES, ids=[c[2] for c in CASES])
def test_golden(reports, fmt, lang, name):
    text = render(fmt, reports, lang)
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {name}; run `make golden`"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; review, then `make golden`"


def test_render_is_deterministic(reports):
    assert render("html", reports) == render("html", fixture_reports())
