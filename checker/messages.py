"""The one message catalogue (``messages.yaml``): every word a report shows that is neither a
verbatim quote nor the project's own text, in Chinese and English.

``say(key, lang, **figures)`` for a sentence; ``field_label`` for a v1 field (a zh report never
shows a field path); ``code_label`` for a format code (``two_star`` → 二星级 / two-star);
``value_label`` for any value a finding shows; ``place`` for a district or zone in English.
Loaded once, on first use (a check that reports nothing never reads it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CATALOGUE = Path(__file__).with_name("messages.yaml")
LANGS = ("zh", "en")
_INDEX = re.compile(r"\.\d+(?=\.|$)")  # a list member's index in a field path


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(CATALOGUE.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - safe loader
    return {str(section): {str(key): value for key, value in entries.items()}
            for section, entries in data.items()}


def lang_of(lang: str) -> str:
    return lang if lang in LANGS else "zh"


def _pick(entry: Any, lang: str) -> str:
    if isinstance(entry, dict):
        return str(entry.get(lang_of(lang), entry["zh"]))
    return str(entry)


def say(key: str, lang: str, **figures: Any) -> str:
    """The sentence ``key`` in ``lang``, its braces filled with ``figures``."""
    text = _pick(catalogue()["words"][key], lang)
    return text.format(**figures) if figures else text


def field_label(path: str, lang: str) -> str:
    """A v1 field for a reader: ``building.pv_area_m2`` → 屋顶光伏面积 / roof PV area. A yearly
    figure of an annual report names its year (2020年用电量); an unknown path is shown as is."""
    path = _INDEX.sub("", path)
    fields = catalogue()["fields"]
    if path in fields:
        return _pick(fields[path], lang)
    if path.startswith("parameters."):  # a figure the review office supplies, by its key
        return say("parameter.key", lang, name=path.removeprefix("parameters."))
    head, _, name = path.rpartition(".")
    usage = catalogue()["usage"]
    year = head.rpartition(".")[2]
    if name in usage and year in usage:
        if lang_of(lang) == "zh":
            return _pick(usage[year], lang) + _pick(usage[name], lang)
        return f"{_pick(usage[name], lang)} ({_pick(usage[year], lang)})"
    return path


def known_field(path: str) -> bool:
    return field_label(path, "en") != _INDEX.sub("", path)


def code_label(code: str, lang: str) -> str:
    """A code of the format in words; any other text as written (a model name, a reason)."""
    entry = catalogue()["codes"].get(code)
    return code if entry is None else _pick(entry, lang)


def place(name: str, lang: str) -> str:
    """A district or zone: its Chinese name in zh, its English name in en."""
    if lang_of(lang) == "zh":
        return name
    return str(catalogue()["places"].get(name, name))


def value_label(value: Any, lang: str) -> str:
    """A flag, a code or a collection of them, for a reader (numbers are formatted elsewhere)."""
    if isinstance(value, bool):
        return say("yes" if value else "no", lang)
    if isinstance(value, str):
        if value in catalogue()["places"]:
            return place(value, lang)
        return code_label(value, lang)
    if isinstance(value, list | tuple | set | frozenset):
        return listed((value_label(v, lang) for v in sorted(value, key=str)), lang)
    return str(value)


def listed(items: Iterable[str], lang: str, last: str = "list_sep") -> str:
    """Items joined as the language joins them (、 or ", "); ``last="or"`` for alternatives."""
    items = list(items)
    if len(items) < 2:
        return "".join(items) or say("nothing", lang)
    return say("list_sep", lang).join(items[:-1]) + say(last, lang) + items[-1]


def unit_label(unit: str, lang: str) -> str:
    """A unit as a reader writes it in ``lang`` (kg/人·天 → kg/person·day); others as given."""
    entry = catalogue()["units"].get(unit)
    return unit if entry is None else _pick(entry, lang)


def units_in(text: str, lang: str) -> str:
    """``text`` with each unit written the Chinese way (tce/万元) written as ``lang`` writes it."""
    if lang_of(lang) == "zh":
        return text
    for entry in catalogue()["units"].values():
        if entry["zh"] and entry["zh"] != entry["en"] and entry["zh"] in text:
            text = text.replace(entry["zh"], entry["en"])
    return text
