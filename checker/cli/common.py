"""What every command shares: the exit codes, the one error handler, and how messages are said.

| code | meaning |
|---|---|
| 0 | every project passes |
| 1 | a binding clause fails, or lacks the data to decide (incomplete) |
| 2 | a usage error, an invalid input file, or a report that cannot be written |
| 3 | an internal error: greencheck itself failed (on a file, or on the run); please report it |
| 130, 143 | interrupted by SIGINT (Ctrl-C) or SIGTERM |
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import click

from checker.errors import GreencheckError, internal_problem

EXIT_PASS, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_SIGINT, EXIT_SIGTERM = 128 + signal.SIGINT, 128 + signal.SIGTERM
EPILOG = """\b
Exit codes: 0 every project passes; 1 a binding clause fails or lacks data
(incomplete); 2 a usage error, an invalid input file, or a report that cannot be
written; 3 an internal error (a bug: please report it); 130/143 interrupted."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that it cleans up as it does for Ctrl-C
    (temporary files removed, workers ended, previous reports left as they were)."""


def say(message: str) -> None:
    """``greencheck: message`` on stderr, every line safe to print in a terminal or CI log."""
    line_of: Callable[[str], str]
    disarm: Callable[[str], str]
    try:  # deferred: checker.report loads the report model (pydantic); --help loads click alone
        from checker.report import escape

        line_of, disarm = escape.terminal, escape.disarm_lines
    except Exception:  # greencheck's own modules do not load: still say it, plainly
        line_of, disarm = _printable, _disarmed
    lines = [line_of(line) for line in f"greencheck: {message}".split("\n")]
    click.echo(disarm("\n".join(lines)), err=True)


def _printable(line: str) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in line)


def _disarmed(text: str) -> str:
    return "\n".join("\\" + line if line.lstrip().startswith("::") else line
                     for line in text.split("\n"))


def fail_usage(message: str) -> None:
    say(message)
    sys.exit(EXIT_INPUT)


def handle_errors(call: Callable[[], Any], debug: Callable[[], bool]) -> int:
    """Run ``call`` (a whole command) and turn whatever it ends with into an exit code and at
    most a few lines on stderr; a traceback only when ``debug()`` says so."""
    try:
        with _sigterm_raises():
            result = call()
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        say(str(exc.code))
        return EXIT_FAIL
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort as exc:
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, KeyboardInterrupt):
            return _interrupted(cause)
        say("aborted")
        return EXIT_FAIL
    except KeyboardInterrupt as exc:
        return _interrupted(exc)
    except GreencheckError as exc:
        say(str(exc))
        return EXIT_INPUT
    except Exception as exc:  # the run's error boundary: a bug is a message and exit 3
        if debug():
            click.echo(traceback.format_exc(), err=True, nl=False)
        hint = "" if debug() else " (greencheck --debug ... shows the traceback)"
        say(internal_problem(exc).message + hint)
        return EXIT_INTERNAL
    return result if isinstance(result, int) else EXIT_PASS


def _interrupted(exc: KeyboardInterrupt) -> int:
    name = "SIGTERM" if isinstance(exc, Terminated) else "SIGINT"
    say(f"interrupted by {name}; report files are as they were before this run")
    return EXIT_SIGTERM if isinstance(exc, Terminated) else EXIT_SIGINT


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_terminated(signum: int, frame: Any) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


class _Stderr(logging.Handler):
    """Log records on the current stderr (tests swap it), as ``--debug`` asks."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


@contextlib.contextmanager
def debug_logging(enabled: bool) -> Iterator[None]:
    """With ``--debug``, greencheck's log (the traceback of each file's internal error, from
    worker processes too) goes to stderr."""
    if not enabled:
        yield
        return
    logger = logging.getLogger("greencheck")
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("greencheck: debug: %(message)s"))
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
