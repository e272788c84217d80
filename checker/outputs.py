"""Where each requested format goes: stdout, one --output file, or files under --output-dir."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

from checker.errors import UsageError
from checker.findings import ProjectReport
from checker.reporters import FILE_NAMES, RenderContext, get_renderer, known_format

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
    from checker.output import write_atomic

    for name, path in targets:
        color = name == "text" and path is None and stdout_is_tty and "NO_COLOR" not in os.environ
        text = get_renderer(name)(reports, dataclasses.replace(context, color=color))
        if path is None:
            echo(text)
        else:
            write_atomic(path, text)
