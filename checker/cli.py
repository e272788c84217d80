"""The command line: parse arguments, call the core, render, return an exit code.

Exit codes: 0 every project passes; 1 a project fails or is incomplete; 2 usage error or an
invalid input file. Heavy modules are imported inside commands, so ``--help`` stays fast.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from typing import Any

import click

from checker import __version__

EXIT_PASS, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


def _fail_usage(message: str) -> None:
    click.echo(f"greencheck: {message}", err=True)
    sys.exit(EXIT_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="greencheck")
def main() -> None:
    """Check projects against Shanghai's green and low-carbon policy clauses."""


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


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "-f", "formats", multiple=True, default=["text"], show_default=True,
              help="text | json | html | markdown | junit | sarif | github (repeatable)")
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
    from pathlib import Path

    from checker.config import explicit_options, resolve
    from checker.errors import GreencheckError
    from checker.outputs import emit, plan
    from checker.reporters import RenderContext
    from checker.rules import load_catalogue
    from checker.workflow import run_check, stream_check, streamable

    try:
        given = explicit_options({"formats": formats, "lang": lang, "as_of": as_of, **workflow})
        settings = resolve(given, Path(config) if config else None, Path.cwd())
        targets = plan(settings.formats, output, output_dir)
        as_of_day = settings.as_of or dt.date.today()
        context = RenderContext(__version__, _engine_name(engine), settings.lang,
                                assessed_on=as_of_day.isoformat(), rules=load_catalogue().rules)
        if streamable(targets, settings):
            verdicts = stream_check(paths, settings, engine, jobs, targets[0], context)
        else:
            reports, notices = run_check(paths, settings, engine, jobs=jobs)
            context = dataclasses.replace(context, notices=tuple(notices))
            emit(reports, context, targets, lambda text: click.echo(text, nl=False),
                 sys.stdout.isatty())
            verdicts = [report.verdict for report in reports]
    except GreencheckError as exc:
        _fail_usage(str(exc))
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
    from checker.engine import engine_version

    return engine_version()


@main.group()
def rules() -> None:
    """List, show and lint the rule catalogue."""


@rules.command("list")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules_list(fmt: str) -> None:
    """Every rule with its citation."""
    from checker.rules import load_catalogue

    catalogue = load_catalogue()
    if fmt == "json":
        from checker.core import citation_of

        payload = {"rules": [_rule_summary(rule, citation_of(rule)) for rule in catalogue.rules]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for rule in catalogue.rules:
        strength = "binding " if rule.binding else "advisory"
        click.echo(f"{rule.id:<28} {strength} {rule.title.zh}")


def _rule_summary(rule: Any, citation: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return {"id": rule.id, "title": rule.title.zh, "title_en": rule.title.en,
            "binding": rule.binding, "effective_from": rule.effective_from.isoformat(),
            "effective_until": rule.effective_until.isoformat() if rule.effective_until else None,
            "tags": rule.tags, "citation": asdict(citation)}


@rules.command("show")
@click.argument("rule_id")
def rules_show(rule_id: str) -> None:
    """One rule, as data."""
    from checker.errors import GreencheckError
    from checker.rules import load_catalogue

    try:
        rule = load_catalogue().get(rule_id)
    except GreencheckError as exc:
        _fail_usage(str(exc))
    click.echo(json.dumps(rule.model_dump(mode="json"), ensure_ascii=False, indent=2))


@rules.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def rules_lint(paths: tuple[str, ...]) -> None:
    """Validate rule files (default: the bundled catalogue)."""
    from pathlib import Path

    from checker.errors import InputError
    from checker.lint import lint_rule_file
    from checker.rules import rules_dir

    files = [Path(p) for p in paths] or sorted(rules_dir().glob("*.yaml"))
    problems = 0
    for path in files:
        try:
            found = lint_rule_file(path)
        except InputError as exc:
            click.echo(str(exc), err=True)
            problems += len(exc.problems)
            continue
        for message in found:
            click.echo(f"{path}: {message}", err=True)
        problems += len(found)
    click.echo(f"{len(files)} rule file(s), {problems} problem(s)")
    sys.exit(EXIT_INPUT if problems else EXIT_PASS)


@rules.command("coverage")
def rules_coverage() -> None:
    """Every quantitative clause of the sources and the rules that cover it (Markdown)."""
    from checker import coverage
    from checker.lint import sources_dir
    from checker.rules import load_catalogue

    catalogue, data = load_catalogue(), coverage.load_coverage()
    click.echo(coverage.render(data, catalogue), nl=False)
    for problem in coverage.problems(data, catalogue, sources_dir()):
        click.echo(f"greencheck: coverage: {problem}", err=True)


def _register() -> None:
    from checker.cli_authoring import explain, new, schema

    for command in (schema, new, explain):
        main.add_command(command)


_register()
