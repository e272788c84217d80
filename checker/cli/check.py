"""``greencheck check``: check project files, render every requested format, set the exit code."""

from __future__ import annotations

# deferred imports: each command imports what it runs when it runs, so that --help and
# the other commands load click alone (start-up time matters in pre-commit)
import dataclasses
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from checker import __version__
from checker.cli.common import EXIT_FAIL, EXIT_INPUT, EXIT_PASS, fail_usage
from checker.errors import GreencheckError


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


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "-f", "formats", multiple=True, default=["text"], show_default=True,
              help="text | json | html | markdown | junit | sarif | github | pdf (repeatable)")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="write the report here")
@click.option("--output-dir", type=click.Path(file_okay=False),
              help="write each format to its own file here (report.json, report.html, ...)")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="evaluate clauses on existing facilities as if on this date")
@click.option("--engine", type=click.Choice(["durable_rules", "oracle"]), default="durable_rules",
              hidden=True)
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="worker processes (0: one per CPU; default: one per CPU for batches of "
                   "256 files or more, else 1)")
@_workflow_options
def check(paths: tuple[str, ...], formats: tuple[str, ...], output: str | None,
          output_dir: str | None, lang: str, as_of: dt.datetime | None, engine: Any,
          config: str | None, jobs: int | None, **workflow: Any) -> None:
    """Check project files (YAML/JSON) and directories of them."""
    from checker.catalogue.load import catalogue_version, load_catalogue
    from checker.check.batch import run_check, stream_check, streamable
    from checker.check.config import resolve
    from checker.report import RenderContext
    from checker.report.sink import deliver, plan

    try:
        given = explicit_options({"formats": formats, "lang": lang, "as_of": as_of, **workflow})
        settings = resolve(given, Path(config) if config else None, Path.cwd())
        targets = plan(settings.formats, output, output_dir)
        as_of_day = settings.as_of or dt.date.today()
        context = RenderContext(__version__, _engine_name(engine), settings.lang,
                                assessed_on=as_of_day.isoformat(), rules=load_catalogue().rules,
                                catalogue_version=catalogue_version(),
                                checked_on=dt.date.today().isoformat())
        stdout = click.get_text_stream("stdout")
        if streamable(targets, settings):
            verdicts = stream_check(paths, settings, engine, jobs, targets[0], context, stdout)
        else:
            reports, notices = run_check(paths, settings, engine, jobs=jobs)
            context = dataclasses.replace(context, notices=tuple(notices))
            verdicts = deliver(reports, context, targets, stdout, stdout.isatty())
    except GreencheckError as exc:
        fail_usage(str(exc))
    except KeyboardInterrupt:
        click.echo("greencheck: interrupted; no report written", err=True)
        sys.exit(130)
    sys.exit(exit_code(verdicts))


def exit_code(verdicts: list[str]) -> int:
    if "error" in verdicts:
        return EXIT_INPUT
    if "fail" in verdicts or "incomplete" in verdicts:
        return EXIT_FAIL
    return EXIT_PASS


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
