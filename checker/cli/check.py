"""``greencheck check``: check project files, render every requested format, set the exit code."""

from __future__ import annotations

# deferred imports: each command imports what it runs when it runs, so that --help and
# the other commands load click alone (start-up time matters in pre-commit)
import contextlib
import dataclasses
import datetime as dt
import gc
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from checker import __version__
from checker.cli.common import EPILOG, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL, EXIT_PASS, say
from checker.errors import INTERNAL_ERROR


def _workflow_options(command: Any) -> Any:
    """CI options of ``check``; each overrides the same key of the configuration file."""
    file = click.Path(exists=True, dir_okay=False)
    for option in reversed([
        click.option("--config", type=file, help="configuration file (default: nearest "
                     ".greencheck.yaml or pyproject.toml [tool.greencheck])"),
        click.option("--waivers", type=file, help="waiver file (greencheck-waivers.yaml)"),
        click.option("--baseline", type=file, help="report only findings new since this JSON report"),
        click.option("--fail-on", type=click.Choice(["binding", "advisory"]),
                     help="advisory: advisory clauses fail the run too (default binding)"),
        click.option("--rule", "rules", multiple=True, help="check only this rule id (repeatable)"),
        click.option("--document", "documents", multiple=True, help="only rules of this document"),
        click.option("--tag", "tags", multiple=True, help="only rules with this tag"),
        click.option("--exclude-rule", "exclude_rules", multiple=True, help="skip this rule id"),
    ]):
        command = option(command)
    return command


@click.command(epilog=EPILOG)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "-f", "formats", multiple=True, default=["text"], show_default=True,
              help="text | json | html | markdown | junit | sarif | github | pdf (repeatable); "
                   "FORMAT=PATH writes that format to PATH in the same run, e.g. -f text "
                   "-f sarif=greencheck.sarif -f junit=report.xml (at most one format without "
                   "a PATH: it goes to standard output or --output)")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="write the format without a PATH here")
@click.option("--output-dir", type=click.Path(file_okay=False),
              help="write each format without a PATH to its own file here (report.json, "
                   "report.html, ...)")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--all", "show_all", is_flag=True,
              help="text: every finding (default: failures, insufficient data and waivers, with "
                   "a count of the rest)")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="colour in text on stdout; auto: on a terminal, off when "
              "NO_COLOR is set (non-empty), on when FORCE_COLOR is set (non-empty)")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="evaluate clauses on existing facilities as if on this date")
@click.option("--engine", type=click.Choice(["durable_rules", "oracle"]), default="durable_rules",
              hidden=True)
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="worker processes (0: one per CPU; default: one per CPU for batches of "
                   "256 files or more, else 1; never more than the CPUs)")
@click.option("--only-projects", is_flag=True,
              help="skip files that are not greencheck project files (no top-level "
                   "'format: greencheck/...'), silently: for pre-commit")
@click.option("--quiet", "-q", is_flag=True,
              help="text: only the verdict lines, one per project (file: verdict id name), "
                   "and the count of projects")
@click.option("--width", type=click.IntRange(min=0), default=None,
              help="text: wrap lines to N columns with a hanging indent (0: never wrap; "
                   "default: the terminal's width on a terminal, no wrapping when piped)")
@_workflow_options
def check(paths: tuple[str, ...], formats: tuple[str, ...], output: str | None,
          output_dir: str | None, lang: str, as_of: dt.datetime | None, engine: Any,
          config: str | None, jobs: int | None, only_projects: bool, quiet: bool, color: str,
          show_all: bool, width: int | None,
          **workflow: Any) -> int:
    """Check project files (YAML, JSON, xlsx) and directories of them."""
    from checker.catalogue.docs import published_rules_doc
    from checker.catalogue.load import catalogue_version, load_catalogue
    from checker.check.batch import run_check, stream_check, streamable
    from checker.check.config import resolve
    from checker.check.triage import project_paths
    from checker.errors import UsageError
    from checker.report import SHOWS_INPUTS, RenderContext
    from checker.report.sink import (
        check_writable,
        color_wanted,
        deliver,
        plan,
        refuse_inputs,
        terminal_width,
    )

    if quiet and show_all:
        raise UsageError("--quiet (only the verdict lines) and --all (every finding) "
                         "contradict each other; give one")
    given = explicit_options({"formats": formats, "lang": lang, "as_of": as_of, **workflow})
    settings = resolve(given, Path(config) if config else None, Path.cwd())
    targets = plan(settings.formats, output, output_dir)
    refuse_inputs(targets, _inputs(paths, settings))
    check_writable(targets)
    jobs = _capped(jobs)
    as_of_day = settings.as_of or dt.date.today()
    context = RenderContext(__version__, _engine_name(engine), settings.lang,
                            assessed_on=as_of_day.isoformat(),
                            rules=load_catalogue(site=settings.site_parameters).rules,
                            catalogue_version=catalogue_version(),
                            checked_on=dt.date.today().isoformat(), show_all=show_all,
                            quiet=quiet, width=width,
                            rules_doc_url=settings.rules_doc_url or (
                                published_rules_doc() if any(name == "sarif" for name, _ in targets)
                                else None))
    stdout = click.get_text_stream("stdout")
    if only_projects:  # filter step: the project files among the paths
        paths = project_paths(paths)
        if not paths:  # pre-commit passed no project file: nothing to check, nothing to say
            return 0
    with _batch_gc():
        if streamable(targets, settings):
            statuses = stream_check(paths, settings, engine, jobs, targets[0], context, stdout)
        else:
            declared = any(name in SHOWS_INPUTS for name, _ in targets)
            reports, notices = run_check(paths, settings, engine, jobs=jobs, declared=declared)
            context = dataclasses.replace(context, notices=tuple(notices))
            tty = stdout.isatty()
            statuses = deliver(reports, context, targets, stdout,
                               color_wanted(color, tty, os.environ), terminal_width(tty))
    internal = statuses.count(INTERNAL_ERROR)
    if internal:
        say(f"internal error on {internal} file(s), each reported as an error; please report "
            "it (greencheck --debug check ... shows the tracebacks)")
    return exit_code(statuses)


@contextlib.contextmanager
def _batch_gc() -> Iterator[None]:
    """The cycle collector tuned for a batch (worker processes inherit it): checking allocates
    millions of short-lived acyclic objects, and collecting the youngest generation every 700
    allocations cost ~2.5% of a check (callgrind); what is loaded by now (modules, schemas, the
    catalogue) lives as long as the run, so collections leave it alone (``gc.freeze``, after
    a collection of the young generations so that no young garbage is frozen with it). The
    thresholds are restored afterwards (the command may run inside another program, as in the
    tests); the frozen objects stay frozen: unfreezing them costs as much as freezing saved."""
    threshold = gc.get_threshold()
    gc.collect(1)
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def exit_code(statuses: list[str]) -> int:
    """3 if greencheck failed on a file, else 2 for an invalid file, 1 for a failure or a gap."""
    if INTERNAL_ERROR in statuses:
        return EXIT_INTERNAL
    if "error" in statuses:
        return EXIT_INPUT
    if "fail" in statuses or "incomplete" in statuses:
        return EXIT_FAIL
    return EXIT_PASS


def _inputs(paths: tuple[str, ...], settings: Any) -> Iterator[Path]:
    """Every file the run reads (walked only if a report file exists already)."""
    from checker.check.checker import iter_project_files

    named = (settings.config_file, settings.waivers, settings.baseline)
    projects = (p for p in iter_project_files(paths) if isinstance(p, Path))
    return itertools.chain((Path(p) for p in named if p), projects)


def _capped(jobs: int | None) -> int | None:
    """``--jobs`` is never more than the CPUs (more processes only compete for them)."""
    cpus = os.cpu_count() or 1
    if jobs is not None and jobs > cpus:
        say(f"--jobs {jobs} is more than the {cpus} CPUs here; using {cpus} worker processes")
        return cpus
    return jobs


def _engine_name(engine: str) -> str:
    if engine == "oracle":
        return "oracle (pure Python)"
    from checker.evaluation.durable import engine_version

    return engine_version()


def explicit_options(params: dict[str, Any]) -> dict[str, Any]:
    """The options the user actually typed (click defaults do not override the config file)."""
    context = click.get_current_context()
    given = {}
    for name, value in params.items():
        if context.get_parameter_source(name) in (ParameterSource.DEFAULT, None):
            continue
        if isinstance(value, dt.datetime):
            value = value.date()
        given[name] = value
    return given
