"""What every command shares: the exit codes and the one way a usage error ends a command."""

from __future__ import annotations

import sys

import click

EXIT_PASS, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


def fail_usage(message: str) -> None:
    click.echo(f"greencheck: {message}", err=True)
    sys.exit(EXIT_INPUT)
