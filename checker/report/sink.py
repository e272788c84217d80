"""Where reports go: stdout, one --output file, or files under --output-dir.

A file is written atomically: a complete file replaces the old one, or nothing changes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from checker.errors import UsageError
from checker.report import FILE_NAMES, RenderContext, known_format, make_reporter
from checker.report.model import Checked, Rendered


@contextlib.contextmanager
def atomic_stream(path: str | Path) -> Iterator[TextIO]:
    """A temporary file beside ``path`` that replaces it only when the block completes."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_atomic(path: str | Path, text: str) -> None:
    with atomic_stream(path) as stream:
        stream.write(text)


Target = tuple[str, Path | None]  # (format, file); None means standard output


def plan(formats: tuple[str, ...], output: str | None, output_dir: str | None) -> list[Target]:
    """Check the format/output combination before any work is done."""
    wanted = [known_format(name) for name in dict.fromkeys(formats or ("text",))]
    if output and output_dir:
        raise UsageError("give --output or --output-dir, not both")
    if output_dir:
        return [(name, Path(output_dir) / FILE_NAMES[name]) for name in wanted]
    if len(wanted) > 1:
        raise UsageError("several formats need --output-dir (each gets its own file)")
    return [(wanted[0], Path(output) if output else None)]


def deliver(items: Iterable[Checked], context: RenderContext, targets: list[Target],
            stdout: TextIO, stdout_is_tty: bool = False) -> list[str]:
    """Every target's reporter gets every project, in order; files are written atomically.
    Returns the verdicts."""
    with contextlib.ExitStack() as files:
        reporters = []
        for name, path in targets:
            color = (name == "text" and path is None and stdout_is_tty
                     and "NO_COLOR" not in os.environ)
            out = stdout if path is None else files.enter_context(atomic_stream(path))
            reporters.append(make_reporter(name, dataclasses.replace(context, color=color), out))
        for reporter in reporters:
            reporter.begin()
        verdicts: list[str] = []
        for item in items:
            # a worker's text is one format's (the one target a streamed run has)
            report, text = (item.report, item.text) if isinstance(item, Rendered) else (item, None)
            for reporter in reporters:
                reporter.project(report, text)
            verdicts.append(report.verdict)
        for reporter in reporters:
            reporter.end()
    if None in (path for _, path in targets):
        stdout.flush()
    return verdicts
