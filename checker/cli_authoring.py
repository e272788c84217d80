"""Authoring commands: ``schema``, ``new KIND``, ``explain RULE`` (registered in cli.py)."""

from __future__ import annotations

import sys

import click

KIND_NAMES = ("building", "data_centre", "vehicle_procurement", "vessel_procurement",
              "public_institution_annual", "industrial_project")


@click.command()
def schema() -> None:
    """Print the JSON Schema of the v1 project format (for editors)."""
    from checker.authoring import schema_text

    click.echo(schema_text(), nl=False)


@click.command()
@click.argument("kind", type=click.Choice(KIND_NAMES))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="write the template here")
@click.option("--force", is_flag=True, help="overwrite an existing file")
def new(kind: str, output: str | None, force: bool) -> None:
    """Print a commented template project file of KIND that validates as it stands."""
    from pathlib import Path

    from checker.authoring import template

    text = template(kind)
    if output is None:
        click.echo(text, nl=False)
        return
    if Path(output).exists() and not force:
        click.echo(f"greencheck: {output} exists; use --force to overwrite", err=True)
        sys.exit(2)
    from checker.output import write_atomic

    write_atomic(output, text)
    click.echo(f"wrote {output}", err=True)


@click.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Explain one rule: its clause, logic, examples and when it applies."""
    from checker.authoring import explain_rule
    from checker.errors import GreencheckError
    from checker.rules import load_catalogue

    try:
        rule = load_catalogue().get(rule_id)
    except GreencheckError as exc:
        click.echo(f"greencheck: {exc}", err=True)
        sys.exit(2)
    click.echo(explain_rule(rule), nl=False)
