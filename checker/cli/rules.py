"""``greencheck rules``: list, show, lint and cover the rule catalogue."""

from __future__ import annotations

# deferred imports: each command imports what it runs when it runs, so that --help and
# the other commands load click alone (start-up time matters in pre-commit)
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from checker.cli.common import EXIT_INPUT, EXIT_PASS, fail_usage
from checker.errors import GreencheckError, InputError


@click.group()
def rules() -> None:
    """List, show and lint the rule catalogue."""


@rules.command("list")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules_list(fmt: str) -> None:
    """Every rule with its citation."""
    from checker.catalogue.load import load_catalogue

    catalogue = load_catalogue()
    if fmt == "json":
        from checker.report.model import citation_of

        payload = {"rules": [_rule_summary(rule, citation_of(rule)) for rule in catalogue.rules]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for rule in catalogue.rules:
        strength = "binding " if rule.binding else "advisory"
        click.echo(f"{rule.id:<28} {strength} {rule.title.zh}")


def _rule_summary(rule: Any, citation: Any) -> dict[str, Any]:
    return {"id": rule.id, "title": rule.title.zh, "title_en": rule.title.en,
            "binding": rule.binding, "effective_from": rule.effective_from.isoformat(),
            "effective_until": rule.effective_until.isoformat() if rule.effective_until else None,
            "tags": rule.tags, "citation": asdict(citation)}


@rules.command("show")
@click.argument("rule_id")
def rules_show(rule_id: str) -> None:
    """One rule, as data."""
    from checker.catalogue.load import load_catalogue

    try:
        rule = load_catalogue().get(rule_id)
    except GreencheckError as exc:
        fail_usage(str(exc))
    click.echo(json.dumps(rule.model_dump(mode="json"), ensure_ascii=False, indent=2))


@rules.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def rules_lint(paths: tuple[str, ...]) -> None:
    """Validate rule files (default: the bundled catalogue)."""
    from checker.catalogue.lint import lint_rule_file
    from checker.catalogue.load import rules_dir

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
    from checker.catalogue import coverage
    from checker.catalogue.lint import sources_dir
    from checker.catalogue.load import load_catalogue

    catalogue, data = load_catalogue(), coverage.load_coverage()
    click.echo(coverage.render(data, catalogue), nl=False)
    for problem in coverage.problems(data, catalogue, sources_dir()):
        click.echo(f"greencheck: coverage: {problem}", err=True)


@rules.command("docs")
def rules_docs() -> None:
    """Markdown documentation of every duty and rule (rules/RULES.md, SARIF helpUri)."""
    from checker.catalogue.docs import render
    from checker.catalogue.load import load_catalogue

    click.echo(render(load_catalogue()), nl=False)
