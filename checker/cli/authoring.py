"""Authoring commands: ``schema``, ``new KIND``, ``explain RULE`` (registered in checker.cli)."""

from __future__ import annotations

# deferred imports: each command imports what it runs when it runs, so that --help and
# the other commands load click alone (start-up time matters in pre-commit)
import sys
from pathlib import Path

import click

from checker.errors import GreencheckError

KIND_NAMES = ("building", "data_centre", "vehicle_procurement", "vessel_procurement",
              "public_institution_annual", "industrial_project")


@click.command()
def schema() -> None:
    """Print the JSON Schema of the v1 project format (for editors)."""
    from checker.authoring.schema import schema_text

    click.echo(schema_text(), nl=False)


TEMPLATE_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}


@click.command()
@click.argument("kind", type=click.Choice(KIND_NAMES))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="write the template here")
@click.option("--format", "-f", "fmt", type=click.Choice(["yaml", "json", "xlsx"]),
              help="yaml (commented, default), json, or xlsx (an Excel workbook; needs --output); "
                   "default: from the --output file's name")
@click.option("--force", is_flag=True, help="overwrite an existing file")
def new(kind: str, output: str | None, fmt: str | None, force: bool) -> None:
    """Print or write a template project file of KIND that validates as it stands."""
    fmt = fmt or TEMPLATE_FORMATS.get(Path(output).suffix.lower(), "yaml") if output else fmt or "yaml"
    if fmt == "xlsx" and output is None:
        click.echo("greencheck: an xlsx template needs --output FILE.xlsx", err=True)
        sys.exit(2)
    named = TEMPLATE_FORMATS.get(Path(output).suffix.lower()) if output else None
    if named is not None and named != fmt:
        click.echo(f"greencheck: {output} is named as {named}, not {fmt}", err=True)
        sys.exit(2)
    if output is not None and Path(output).exists() and not force:
        click.echo(f"greencheck: {output} exists; use --force to overwrite", err=True)
        sys.exit(2)
    if fmt == "yaml":
        from checker.authoring.templates import template

        data = template(kind).encode("utf-8")
    elif fmt == "json":
        from checker.authoring.convert import json_text
        from checker.authoring.templates import template
        from checker.input.document import parse_document

        data = json_text(parse_document(template(kind).encode("utf-8"), "template").data).encode()
    else:
        from checker.authoring.workbook import template_workbook

        data = template_workbook(kind)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    from checker.report.sink import write_atomic

    write_atomic(output, data)
    click.echo(f"wrote {output}", err=True)


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="the converted file: .yaml, .yml, .json or .xlsx (its name sets the format)")
@click.option("--force", is_flag=True, help="overwrite an existing file")
def convert(source: str, output: str, force: bool) -> None:
    """Convert a project file between YAML, JSON and xlsx without loss.

    SOURCE must be a valid project file; the result is read back and checked to be the same
    project before it is written."""
    from checker.authoring.convert import convert as converted
    from checker.errors import InputError
    from checker.report.sink import write_atomic

    if Path(output).exists() and not force:
        click.echo(f"greencheck: {output} exists; use --force to overwrite", err=True)
        sys.exit(2)
    try:
        data = converted(source, output)
    except InputError as exc:
        for problem in exc.problems:
            click.echo(problem.describe(exc.file), err=True)
        click.echo(f"greencheck: {source} is not a valid project file; nothing converted", err=True)
        sys.exit(2)
    except GreencheckError as exc:
        click.echo(f"greencheck: {exc}", err=True)
        sys.exit(2)
    write_atomic(output, data)
    click.echo(f"wrote {output}", err=True)


@click.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Explain one rule: its clause, logic, examples and when it applies."""
    from checker.authoring.explain import explain_rule
    from checker.catalogue.load import load_catalogue

    try:
        rule = load_catalogue().get(rule_id)
    except GreencheckError as exc:
        click.echo(f"greencheck: {exc}", err=True)
        sys.exit(2)
    click.echo(explain_rule(rule), nl=False)
