"""Reporters: one protocol, one registry.

A reporter is told when the run begins, gets each project as it is checked, and is told when
the run ends, as flake8's formatters are. A format laid out over the whole batch (aligned
columns, a summary first) keeps the projects and writes them at the end; JSON writes each
project as it arrives, so a batch never sits in memory whole.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from checker.errors import UsageError
from checker.report.model import Notice, ProjectReport


@dataclass(frozen=True)
class RenderContext:
    tool_version: str
    engine: str
    lang: str = "zh"
    color: bool = False
    notices: tuple[Notice, ...] = ()  # run-level: expired/unused waivers, baselined findings
    assessed_on: str | None = None  # ISO date the clauses were evaluated on, shown in headers
    rules: tuple[Any, ...] = ()  # the catalogue's rules.Rule objects (SARIF lists every one)
    catalogue_version: str = ""  # the rule data's hash (catalogue.load.catalogue_version)
    checked_on: str | None = None  # ISO date the check was run (``assessed_on`` may be --as-of)
    rules_doc_url: str | None = None  # where rules/RULES.md is published (SARIF helpUri)
    show_all: bool = False  # text: every finding, not only what needs attention (--all)
    quiet: bool = False  # text: only each project's verdict line and the count (--quiet)
    width: int | None = None  # text: wrap to this many columns (None or 0: no wrapping)


Renderer = Callable[[list[ProjectReport], RenderContext], str]
ProjectText = Callable[[ProjectReport], str]


class Reporter(Protocol):
    def begin(self) -> None: ...

    def project(self, report: ProjectReport, text: bytes | None = None) -> None:
        """One project; ``text``: its part of this format (UTF-8), already made by a worker
        process with the format's ``project_text``."""

    def end(self) -> None: ...


class WholeBatch:
    """The reporter of a format laid out over the whole batch: it keeps every project and
    writes the format's ``render`` of them at the end."""

    def __init__(self, render: Renderer, context: RenderContext, out: TextIO):
        self._render, self.context, self.out = render, context, out
        self._reports: list[ProjectReport] = []

    def begin(self) -> None:
        pass

    def project(self, report: ProjectReport, text: bytes | None = None) -> None:
        self._reports.append(report)

    def end(self) -> None:
        self.out.write(self._render(self._reports, self.context))


# format name -> its module, imported only when that format is asked for. A module has
# ``render`` (the whole report as text: the format's definition), and may have a
# ``StreamingReporter`` that writes the same text as projects arrive, and a
# ``project_text(context)`` that worker processes use to render one project's part. PDF is
# bytes: its ``render`` gives them and its own ``Reporter`` writes them to the stream's buffer.
REGISTRY: dict[str, str] = {name: f"checker.report.{name}" for name in
                            ("text", "json", "html", "markdown", "junit", "sarif", "github",
                             "pdf")}

# the formats that show each project's declared inputs (``ProjectReport.inputs``); a run
# without them does not work the inputs out
SHOWS_INPUTS = frozenset({"html", "pdf"})

# the file each format gets under --output-dir
FILE_NAMES: dict[str, str] = {
    "json": "report.json", "html": "report.html", "markdown": "report.md",
    "junit": "report.junit.xml", "sarif": "report.sarif", "github": "report.github.txt",
    "text": "report.txt", "pdf": "report.pdf",
}


def known_format(name: str) -> str:
    """``name`` when it is a format, else a usage error listing the formats."""
    if name not in REGISTRY:
        raise UsageError(f"unknown format '{name}'; valid formats: {', '.join(REGISTRY)}")
    return name


def _module(name: str) -> Any:
    return importlib.import_module(REGISTRY[known_format(name)])  # deferred: see REGISTRY


def get_renderer(name: str) -> Renderer:
    renderer: Renderer = _module(name).render
    return renderer


def make_reporter(name: str, context: RenderContext, out: TextIO) -> Reporter:
    module = _module(name)
    own = getattr(module, "StreamingReporter", None) or getattr(module, "Reporter", None)
    reporter: Reporter = (own(context, out) if own is not None
                          else WholeBatch(module.render, context, out))
    return reporter


def streams(name: str) -> bool:
    """Whether the format writes each project as it arrives."""
    return hasattr(_module(name), "StreamingReporter")


def project_text(name: str, context: RenderContext) -> ProjectText | None:
    """What a worker process runs to render a project's part of the format (picklable), if the
    format streams."""
    make = getattr(_module(name), "project_text_for", None)
    return None if make is None else make(context)
