"""Write JSON reports as projects arrive, so a batch never sits in memory whole.

The output is byte-for-byte what the reporters' ``render`` gives for the same list (a test
holds this); formats that need the whole batch go through ``render`` instead.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from checker.findings import ProjectReport
from checker.reporters import RenderContext

Streamer = Callable[[Iterable[ProjectReport], RenderContext, TextIO], list[str]]
_MARK = "\x00projects\x00"


def stream_json(reports: Iterable[ProjectReport], context: RenderContext, out: TextIO) -> list[str]:
    from checker.reporters.json_report import render, report_dict
    from checker.reporters.json_text import project_text

    envelope = report_dict([], context)
    envelope["projects"] = [_MARK]
    head, _, tail = json.dumps(envelope, ensure_ascii=False, indent=2).partition(json.dumps(_MARK))
    indent = head[head.rindex("\n") + 1:]
    verdicts: list[str] = []
    for report in reports:
        out.write((head if not verdicts else ",\n" + indent) + project_text(report, context.lang, indent))
        verdicts.append(report.verdict)
    out.write(tail + "\n" if verdicts else render([], context))
    return verdicts


# Text aligns its columns over the whole batch, so only JSON streams.
STREAMERS: dict[str, Streamer] = {"json": stream_json}


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
