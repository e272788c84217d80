"""One CI run: select rules, check, apply waivers, then the baseline. Never prints, never exits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checker.config import Settings
from checker.findings import Notice, ProjectReport
from checker.rules import Catalogue


def run_check(paths: Sequence[str | Path], settings: Settings, engine: Any = "durable_rules",
              catalogue: Catalogue | None = None) -> tuple[list[ProjectReport], list[Notice]]:
    from checker.core import Checker, CheckOptions
    from checker.rules import load_catalogue
    from checker.selection import select_rules

    catalogue = catalogue or load_catalogue()
    as_of = settings.as_of or dt.date.today()
    advisory = settings.fail_on == "advisory"
    options = CheckOptions(assessed_on=as_of, engine=engine, fail_on_advisory=advisory,
                           rules=select_rules(catalogue, settings.selection))
    waivers = None
    if settings.waivers is not None:
        from checker.waivers import load_waivers

        waivers = load_waivers(settings.waivers, catalogue)
    known = None
    if settings.baseline is not None:
        from checker.baseline import load_baseline

        known = load_baseline(settings.baseline)
    reports = list(Checker(catalogue, options).check_paths(paths))
    notices: list[Notice] = []
    if waivers is not None:
        from checker.waivers import apply_waivers

        reports, notices = apply_waivers(reports, waivers, as_of, advisory)
    if known is not None:
        from checker.baseline import apply_baseline

        reports, more = apply_baseline(reports, known, str(settings.baseline), advisory)
        notices += more
    return reports, notices
