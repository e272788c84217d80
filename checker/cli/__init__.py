"""The command line: parse arguments, call the core, render, return an exit code.

``main(argv) -> int`` is the entry, in the style of pre-commit and flake8: one error handler
(``common.handle_errors``) around every command turns whatever ends it into a message and an exit
code, never a traceback (``greencheck --debug`` shows it). Exit codes: 0 every project passes;
1 a project fails or is incomplete; 2 a usage error, an invalid input file or a report that
cannot be written; 3 an internal error; 130/143 interrupted (SIGINT/SIGTERM).

``main(argv)`` returns the code; ``main()`` without arguments is the program (the console script
``greencheck = checker.cli:main``, ``python -c "from checker.cli import main; main()"``): it
reads sys.argv and exits with the code. ``main`` is the click group too, so
``CliRunner().invoke(main, [...])`` runs a command through the same handler. Heavy modules are
imported inside commands, so ``--help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from checker import __version__
from checker.cli.authoring import convert, explain, new, schema
from checker.cli.check import check
from checker.cli.common import EPILOG, debug_logging, handle_errors
from checker.cli.diff import diff
from checker.cli.rules import rules


class Greencheck(click.Group):
    """The ``greencheck`` group, with the error handler around every invocation."""

    debug = False

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        self.debug = False
        code = handle_errors(
            lambda: click.Group.main(self, args, prog_name or "greencheck", complete_var,
                                     standalone_mode=False, **extra),
            lambda: self.debug)
        if standalone_mode:
            sys.exit(code)
        return code

    def __call__(self, argv: Sequence[str] | None = None, **extra: Any) -> int:
        if argv is None:  # the program: sys.argv, and exit with the code
            self.main(**extra)
        code: int = self.main(list(argv or ()), standalone_mode=False, **extra)
        return code


def _debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        group = ctx.command
        if isinstance(group, Greencheck):
            group.debug = True
        ctx.with_resource(debug_logging(True))
    return value


@click.group(cls=Greencheck, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EPILOG)
@click.version_option(__version__, prog_name="greencheck")
@click.option("--debug", is_flag=True, envvar="GREENCHECK_DEBUG", expose_value=False,
              callback=_debug, help="show the traceback of an internal error on stderr")
def main() -> None:
    """Check projects against Shanghai's green and low-carbon policy clauses."""


for command in (check, diff, rules, schema, new, convert, explain):
    main.add_command(command)
