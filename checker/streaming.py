"""Write JSON reports as projects arrive, so a batch never sits in memory whole.

The output is byte-for-byte what the reporters' ``render`` gives for the same list (a test
holds this); formats that need the whole batch go through ``render`` instead.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from checker.findings import ProjectReport
from checker.reporters import RenderContext

Streamer = Callable[[Iterable[ProjectReport], RenderContext, TextIO], list[str]]
_MARK = "\x00projects\x00"


def _envelope(context: RenderContext) -> tuple[str, str, str]:
    """The report's text before the first project and after the last, and a project's indent."""
    from checker.reporters.json_report import report_dict

    envelope = report_dict([], context)
    envelope["projects"] = [_MARK]
    head, _, tail = json.dumps(envelope, ensure_ascii=False, indent=2).partition(json.dumps(_MARK))
    return head, tail, head[head.rindex("\n") + 1:]


def json_project_text(context: RenderContext) -> Callable[[ProjectReport], str]:
    """What a worker process runs to make a project's text for ``stream_json`` (picklable)."""
    from checker.reporters.json_text import project_text

    return functools.partial(project_text, lang=context.lang, indent=_envelope(context)[2])


def stream_json(reports: Iterable[ProjectReport], context: RenderContext, out: TextIO) -> list[str]:
    from checker.reporters.json_report import render
    from checker.reporters.json_text import project_text

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
    from checker.output import atomic_stream

    with atomic_stream(path) as stream:
        yield stream
