"""Shared set-up for the reporter tests: fixed projects, fixed rules, fixed date, fixed version.

Goldens are rendered from tests/fixtures/reports/ (projects and a frozen copy of the rules), as
if assessed on ASSESSED_ON and checked on CHECKED_ON, with file paths relative to the repository
root.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from checker.catalogue.load import catalogue_version, load_catalogue
from checker.check.checker import Checker, CheckOptions
from checker.report import RenderContext, get_renderer
from checker.report.model import ProjectReport
from tests.conftest import ROOT

FIXTURES = Path("tests") / "fixtures" / "reports"
PROJECTS = FIXTURES / "projects"
GOLDEN = ROOT / "tests" / "golden"
ASSESSED_ON = dt.date(2025, 6, 30)
CHECKED_ON = dt.date(2025, 7, 1)
VERSION, ENGINE = "0.0.0-golden", "golden-engine"


@contextmanager
def at_root() -> Iterator[None]:
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


def fixture_reports(paths: list[Path] | None = None) -> list[ProjectReport]:
    with at_root():
        catalogue = load_catalogue(ROOT / FIXTURES / "rules")
        checker = Checker(catalogue, CheckOptions(assessed_on=ASSESSED_ON))
        return list(checker.check_paths(paths or [PROJECTS]))


def context(lang: str = "zh") -> RenderContext:
    catalogue = load_catalogue(ROOT / FIXTURES / "rules")
    return RenderContext(VERSION, ENGINE, lang, assessed_on=ASSESSED_ON.isoformat(),
                         rules=catalogue.rules,
                         catalogue_version=catalogue_version(ROOT / FIXTURES / "rules"),
                         checked_on=CHECKED_ON.isoformat())


def render(fmt: str, reports: list[ProjectReport], lang: str = "zh") -> str:
    with at_root():
        return get_renderer(fmt)(reports, context(lang))
