"""One CI run: select rules, check, apply waivers, then the baseline. Never prints, never exits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO, cast

from checker.catalogue.load import Catalogue, load_catalogue
from checker.catalogue.selection import select_rules
from checker.check.baseline import apply_baseline, load_baseline
from checker.check.checker import CheckOptions
from checker.check.config import Settings
from checker.check.parallel import iter_reports
from checker.check.waivers import apply_waivers, load_waivers
from checker.report import SHOWS_INPUTS, ProjectText, RenderContext, project_text, streams
from checker.report.model import Checked, Notice, ProjectReport
from checker.report.sink import Target, deliver


def checked(paths: Sequence[str | Path], settings: Settings, engine: Any = "durable_rules",
            catalogue: Catalogue | None = None, jobs: int | None = 1,
            render: ProjectText | None = None, declared: bool = True) -> Iterator[Checked]:
    """Reports in file order, produced lazily (in worker processes per ``jobs``: see
    ``checker.check.parallel.iter_reports``, which also says what ``render`` does);
    ``declared``: whether reports echo the declared inputs (``CheckOptions.declared``)."""

    catalogue = catalogue or load_catalogue(site=settings.site_parameters)
    options = CheckOptions(assessed_on=settings.as_of or dt.date.today(), engine=engine,
                           fail_on_advisory=settings.fail_on == "advisory",
                           rules=select_rules(catalogue, settings.selection), declared=declared)
    return iter_reports(catalogue, options, paths, jobs, render)


def streamable(targets: list[Target], settings: Settings) -> bool:
    """One streaming format and nothing that needs the whole batch (waivers, baseline)."""
    return (len(targets) == 1 and streams(targets[0][0])
            and settings.waivers is None and settings.baseline is None)


def stream_check(paths: Sequence[str | Path], settings: Settings, engine: Any, jobs: int | None,
                 target: Target, context: RenderContext, stdout: TextIO) -> list[str]:
    """Write the report as projects arrive (workers render their projects); the verdicts."""
    items = checked(paths, settings, engine, jobs=jobs, render=project_text(target[0], context),
                    declared=target[0] in SHOWS_INPUTS)
    return deliver(items, context, [target], stdout)


def run_check(paths: Sequence[str | Path], settings: Settings, engine: Any = "durable_rules",
              catalogue: Catalogue | None = None,
              jobs: int | None = 1, declared: bool = True) -> tuple[list[ProjectReport], list[Notice]]:
    """Every report, waivers and the baseline applied, and the run's notices; ``declared``: see
    ``checked``."""
    catalogue = catalogue or load_catalogue(site=settings.site_parameters)
    as_of = settings.as_of or dt.date.today()
    advisory = settings.fail_on == "advisory"
    waivers = None
    if settings.waivers is not None:
        waivers = load_waivers(settings.waivers, catalogue)
    known = None
    if settings.baseline is not None:
        known = load_baseline(settings.baseline)
    # without a render function every item is a whole ProjectReport
    items = checked(paths, settings, engine, catalogue, jobs, declared=declared)
    reports = cast(list[ProjectReport], list(items))
    notices: list[Notice] = []
    if waivers is not None:
        reports, notices = apply_waivers(reports, waivers, as_of, advisory)
    if known is not None:
        reports, more = apply_baseline(reports, known, str(settings.baseline), advisory,
                                       catalogue.duty_of)
        notices += more
    return reports, notices
