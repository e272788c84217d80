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
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from checker.errors import INTERNAL_ERROR, Problem, internal_detail

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


def table(section: str, lang: str) -> dict[str, str]:
    """A section of words (a reporter's headings and labels, say) in ``lang``, by key."""
    return {key: _pick(entry, lang) for key, entry in catalogue()[section].items()}


def say(key: str, lang: str, /, **figures: Any) -> str:
    """The sentence ``key`` in ``lang``, its braces filled with ``figures``."""
    text = _sentence(key, lang)
    return text.format(**figures) if figures else text


# a batch says the same few hundred sentences and labels tens of thousands of times: each is
# looked up once (the catalogue never changes while greencheck runs)
@cache
def _sentence(key: str, lang: str) -> str:
    return _pick(catalogue()["words"][key], lang)


@lru_cache(maxsize=4096)  # bounded: list indices and unknown paths come from the files
def field_label(path: str, lang: str) -> str:
    """A v1 field for a reader: ``building.pv_area_m2`` → 屋顶光伏面积 / roof PV area. A yearly
    figure of an annual report names its year (2020年用电量); a list member's field names its
    entry, counted from 1 as a reader counts (第 2 项采购车辆的动力类型); an unknown path is shown
    as is."""
    entry = _INDEX.search(path)
    if entry is not None:
        whole = path[:entry.start()]
        inner = path[:entry.start()] + path[entry.end():]
        entries = catalogue()["entries"]
        if whole in entries and inner != whole:
            return say("field.entry", lang, list=_pick(entries[whole], lang),
                       number=int(entry.group(0)[1:]) + 1, field=field_label(inner, lang))
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
    """Whether ``path`` is a field of the v1 format (its label may read as its path: zones)."""
    path = _INDEX.sub("", path)
    if path in catalogue()["fields"]:
        return True
    head, _, name = path.rpartition(".")
    usage = catalogue()["usage"]
    return name in usage and head.rpartition(".")[2] in usage


@lru_cache(maxsize=4096)  # bounded: any text value of a file may be asked for
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


# -- sentences said later, in whichever language a report asks for ------------------------------
# An input error is found once and shown in every report format and language: it keeps the
# sentence's key and figures (``Words``) and says them in zh and en when it is made. A figure
# that reads differently by language is one of the classes below; any other is shown as is (a
# verbatim quote of the file, a number, a file name).

@dataclass(frozen=True)
class Words:
    """The catalogue's sentence ``key`` with its figures, not yet in a language."""

    key: str
    figures: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str) -> str:
        return say(self.key, lang, **{name: shown(value, lang) for name, value in self.figures})


def words(key: str, /, **figures: Any) -> Words:
    return Words(key, tuple(figures.items()))


@dataclass(frozen=True)
class FieldName:
    """A field of a project file named in a sentence: its label in zh (never its path), its path
    (or ``en``, the name a sentence about one section uses) in en."""

    path: str
    en: str | None = None

    def text(self, lang: str) -> str:
        if lang_of(lang) == "zh":
            return field_label(self.path, "zh")
        return self.en if self.en is not None else self.path


@dataclass(frozen=True)
class Key:
    """A key to write in a file: zh its label and the key quoted (屋顶面积“roof_area_m2”), en the
    key alone. ``path`` is where it sits (its label's path)."""

    key: str
    path: str = ""

    def text(self, lang: str) -> str:
        if lang_of(lang) != "zh":
            return self.key
        path = self.path or self.key
        label = field_label(path, "zh") if known_field(path) else ""
        return f"{label}“{self.key}”"


@dataclass(frozen=True)
class Choice:
    """A value of a field's choices: zh its words and the code quoted (二星级“two_star”), en
    the code quoted ('two_star')."""

    code: str

    def text(self, lang: str) -> str:
        if lang_of(lang) != "zh":
            return f"'{self.code}'"
        label = code_label(self.code, "zh")
        return f"“{self.code}”" if label == self.code else f"{label}“{self.code}”"


@dataclass(frozen=True)
class Quoted:
    """A value the file holds, shown verbatim: zh in “”, en as Python's repr (as pydantic does)."""

    value: Any

    def text(self, lang: str) -> str:
        return f"“{self.value}”" if lang_of(lang) == "zh" else repr(self.value)


@dataclass(frozen=True)
class Joined:
    """Items (figures themselves) joined as the language joins them."""

    items: tuple[Any, ...]
    last: str = "list_sep"

    def text(self, lang: str) -> str:
        return listed((shown(item, lang) for item in self.items), lang, self.last)


@dataclass(frozen=True)
class ByLang:
    """A figure whose two languages are given already (``en`` a verbatim English text, say)."""

    zh: Any
    en: Any

    def text(self, lang: str) -> str:
        return shown(self.zh if lang_of(lang) == "zh" else self.en, lang)


def shown(value: Any, lang: str) -> str:
    """A sentence's figure in ``lang``: a Words or another of the classes above, else as is."""
    text = getattr(value, "text", None)
    return text(lang) if callable(text) and not isinstance(value, str) else str(value)


class Said(ValueError):
    """A ValueError whose message is a catalogue sentence; pydantic keeps the exception (its
    error's ``ctx["error"]``), so validation says it in either language."""

    def __init__(self, said: Words):
        super().__init__(said.text("en"))
        self.words = said


def input_problem(said: Words, field: str | None = None, subject: bool = True,
                  **where: Any) -> Problem:
    """A problem of an input file in both languages: ``said`` in en (``message``) and zh
    (``message_zh``), the zh one led by the field's label when the field is one of the project
    format's (``subject``); ``where``: line and column, or sheet and cell."""
    zh = said.text("zh")
    if subject and field and known_field(field):
        zh = say("input.subject", "zh", field=field_label(field, "zh"), problem=zh)
    return Problem(said.text("en"), field=field, message_zh=zh, **where)


def internal_problem(exc: BaseException) -> Problem:
    """A failure of greencheck itself on one file, as its report says it (both languages)."""
    return input_problem(words("input.internal_error", detail=internal_detail(exc)),
                         code=INTERNAL_ERROR)
