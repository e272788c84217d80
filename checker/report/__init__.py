"""Reporters: one registry, one interface. Each renders the whole report model to text."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


Renderer = Callable[[list[ProjectReport], RenderContext], str]

# format name -> "module:function", imported only when that format is asked for
REGISTRY: dict[str, str] = {
    "text": "checker.report.text:render",
    "json": "checker.report.json:render",
    "html": "checker.report.html:render",
    "markdown": "checker.report.markdown:render",
    "junit": "checker.report.junit:render",
    "sarif": "checker.report.sarif:render",
    "github": "checker.report.github:render",
}

# the file each format gets under --output-dir
FILE_NAMES: dict[str, str] = {
    "json": "report.json", "html": "report.html", "markdown": "report.md",
    "junit": "report.junit.xml", "sarif": "report.sarif", "github": "report.github.txt",
    "text": "report.txt",
}


def known_format(name: str) -> str:
    """``name`` when it is a format, else a usage error listing the formats."""
    if name not in REGISTRY:
        raise UsageError(f"unknown format '{name}'; valid formats: {', '.join(REGISTRY)}")
    return name


def get_renderer(name: str) -> Renderer:
    module, function = REGISTRY[known_format(name)].split(":")
    renderer: Renderer = getattr(importlib.import_module(module), function)
    return renderer
