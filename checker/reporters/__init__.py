"""Reporters: one registry, one interface. Each renders the whole report model to text."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from checker.errors import UsageError
from checker.findings import Notice, ProjectReport


@dataclass(frozen=True)
class RenderContext:
    tool_version: str
    engine: str
    lang: str = "zh"
    color: bool = False
    notices: tuple[Notice, ...] = ()  # run-level: expired/unused waivers, baselined findings


Renderer = Callable[[list[ProjectReport], RenderContext], str]

# format name -> "module:function", imported only when that format is asked for
REGISTRY: dict[str, str] = {
    "text": "checker.reporters.text:render",
    "json": "checker.reporters.json_report:render",
}


def get_renderer(name: str) -> Renderer:
    target = REGISTRY.get(name)
    if target is None:
        raise UsageError(f"unknown format '{name}'; valid formats: {', '.join(REGISTRY)}")
    module, function = target.split(":")
    renderer: Renderer = getattr(importlib.import_module(module), function)
    return renderer
