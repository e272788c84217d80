"""The command line: parse arguments, call the core, render, return an exit code.

Exit codes: 0 every project passes; 1 a project fails or is incomplete; 2 usage error or an
invalid input file. Heavy modules are imported inside commands, so ``--help`` stays fast.
"""

from __future__ import annotations

import click

from checker import __version__
from checker.cli.authoring import explain, new, schema
from checker.cli.check import check
from checker.cli.diff import diff
from checker.cli.rules import rules


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="greencheck")
def main() -> None:
    """Check projects against Shanghai's green and low-carbon policy clauses."""


for command in (check, diff, rules, schema, new, explain):
    main.add_command(command)
