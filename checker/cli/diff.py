"""``greencheck diff OLD NEW``: what a re-submission of a project changed, fixed or broke.

Exit codes: 0 no binding duty went from pass/not applicable/waived to fail or insufficient data
(the new file may still fail where the old one did); 1 at least one did; 2 usage error or an
invalid input file (reported as ``check`` reports it).
"""

from __future__ import annotations

# deferred imports: the command imports what it runs when it runs, so that --help and the
# other commands load click alone (start-up time matters in pre-commit)
import datetime as dt
from typing import Any

import click

from checker import __version__
from checker.cli.common import EXIT_FAIL, EXIT_INPUT, EXIT_PASS


@click.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "-f", "format_", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="write the comparison here")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="evaluate clauses on existing facilities as if on this date")
@click.option("--all", "show_all", is_flag=True,
              help="text: also list the duties whose outcome did not change")
@click.option("--width", type=click.IntRange(min=0), default=None,
              help="text: wrap lines to this many columns (0: never); default: the terminal's "
                   "width on a terminal, no wrapping when piped or written to a file")
@click.option("--engine", type=click.Choice(["durable_rules", "oracle"]), default="durable_rules",
              hidden=True)
def diff(old: str, new: str, format_: str, output: str | None, lang: str,
         as_of: dt.datetime | None, show_all: bool, width: int | None, engine: Any) -> int:
    """Compare two submissions of one project: changed inputs, and each duty before and after.

    Exit 0 when no binding duty newly fails or lacks data, 1 when one does, 2 on a usage error
    or an invalid file.
    """
    from checker.catalogue.load import load_catalogue
    from checker.check.checker import Checker, CheckOptions
    from checker.check.compare import compare_files
    from checker.messages import say
    from checker.report.diff import render_json, render_text
    from checker.report.labels import shown
    from checker.report.sink import terminal_width, write_atomic
    from checker.report.text import wrap_text

    assessed_on = as_of.date() if as_of else dt.date.today()
    # usage and input errors, Ctrl-C and internal errors end here as in every command
    # (checker.cli.common.handle_errors)
    checker = Checker(load_catalogue(), CheckOptions(assessed_on=assessed_on, engine=engine))
    comparison = compare_files(checker, old, new)
    if comparison.ids_differ:
        click.echo(say("diff.ids_warning", lang, old_file=shown(old), old=comparison.old.id,
                       new_file=shown(new), new=comparison.new.id), err=True)
    text = (render_json(comparison, lang, __version__, assessed_on) if format_ == "json"
            else render_text(comparison, lang, show_all))
    if format_ == "text":  # wrapped as check's text is: --width, else a terminal's width
        columns = width if width is not None or output else terminal_width(
            click.get_text_stream("stdout").isatty())
        text = wrap_text(text, columns)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    if comparison.errors:
        return EXIT_INPUT
    return EXIT_FAIL if comparison.regression else EXIT_PASS
