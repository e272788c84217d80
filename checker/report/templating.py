"""The jinja2 environment for template-based reporters: autoescaped, strict about undefined names."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from checker.report import escape


def templates_dir() -> Path:
    packaged = Path(__file__).resolve().parent.parent / "_data" / "report_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "report_templates"


@lru_cache(maxsize=1)
def environment() -> Any:
    import jinja2  # deferred: ~46 ms of start-up, paid only by the HTML and Markdown reports

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=escape.html,  # every value written: no lone surrogate, no control character
    )
    env.filters["md"] = escape.markdown  # user text in a Markdown line (autoescape does HTML)
    return env


def render_template(name: str, **values: Any) -> str:
    text: str = environment().get_template(name).render(**values)
    return text
