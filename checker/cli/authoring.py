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


@click.command()
@click.argument("kind", type=click.Choice(KIND_NAMES))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="write the template here")
@click.option("--force", is_flag=True, help="overwrite an existing file")
def new(kind: str, output: str | None, force: bool) -> None:
    """Print a commented template project file of KIND that validates as it stands."""
    from checker.authoring.templates import template

    text = template(kind)
    if output is None:
        click.echo(text, nl=False)
        return
    if Path(output).exists() and not force:
        click.echo(f"greencheck: {output} exists; use --force to overwrite", err=True)
        sys.exit(2)
    from checker.report.sink import write_atomic

    write_atomic(output, text)
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
