"""Where reports go: stdout, one --output file, or files under --output-dir.

A file is written atomically (a complete file replaces the old one, or nothing changes);
JSON can be written as projects arrive, so a batch never sits in memory whole. The streamed
output is byte-for-byte what the reporters' ``render`` gives for the same list (a test holds
this); formats that need the whole batch go through ``render`` instead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from checker.errors import UsageError
from checker.report import FILE_NAMES, RenderContext, get_renderer, known_format
from checker.report.model import ProjectReport


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


def emit(reports: list[ProjectReport], context: RenderContext, targets: list[Target],
         echo: Callable[[str], None], stdout_is_tty: bool = False) -> None:
    """Render every target from the same reports; files are written atomically."""
    for name, path in targets:
        color = name == "text" and path is None and stdout_is_tty and "NO_COLOR" not in os.environ
        text = get_renderer(name)(reports, dataclasses.replace(context, color=color))
        if path is None:
            echo(text)
        else:
            write_atomic(path, text)


Streamer = Callable[[Iterable[ProjectReport], RenderContext, TextIO], list[str]]
_MARK = "\x00projects\x00"


def _envelope(context: RenderContext) -> tuple[str, str, str]:
    """The report's text before the first project and after the last, and a project's indent."""
    from checker.report.json import report_dict  # deferred: a reporter loads when asked for

    envelope = report_dict([], context)
    envelope["projects"] = [_MARK]
    head, _, tail = json.dumps(envelope, ensure_ascii=False, indent=2).partition(json.dumps(_MARK))
    return head, tail, head[head.rindex("\n") + 1:]


def json_project_text(context: RenderContext) -> Callable[[ProjectReport], str]:
    """What a worker process runs to make a project's text for ``stream_json`` (picklable)."""
    from checker.report.json_text import project_text  # deferred: as above

    return functools.partial(project_text, lang=context.lang, indent=_envelope(context)[2])


def stream_json(reports: Iterable[ProjectReport], context: RenderContext, out: TextIO) -> list[str]:
    # deferred: a reporter loads when asked for
    from checker.report.json import render
    from checker.report.json_text import project_text

    head, tail, indent = _envelope(context)
    verdicts: list[str] = []
    for report in reports:
        text = report.text if report.text is not None else project_text(report, context.lang, indent)
        out.write((head if not verdicts else ",\n" + indent) + text)
        verdicts.append(report.verdict)
    out.write(tail + "\n" if verdicts else render([], context))
    return verdicts


# Text aligns its columns over the whole batch, so only JSON streams. Each streamer has the
# function worker processes use to render a project's part of it.
STREAMERS: dict[str, Streamer] = {"json": stream_json}
PROJECT_TEXTS: dict[str, Callable[[RenderContext], Callable[[ProjectReport], str]]] = {
    "json": json_project_text}


@contextlib.contextmanager
def output_stream(path: str | None) -> Iterator[TextIO]:
    """stdout, or a temporary file beside ``path`` that replaces it only when complete."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_stream(path) as stream:
        yield stream
