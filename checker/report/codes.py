"""Chinese words for the v1 format's codes (``two_star``, ``bev``) and flags, for Chinese text.

Field paths stay as written (``building.use``); the values in them read in Chinese. A test holds
this table complete: every code a ``Literal`` of the project model allows has its word here.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel

from checker.input import project
from checker.messages import catalogue, code_label, say

# the format's codes and the few text values a metric computes, from the one catalogue
_COMPUTED = frozenset({"done", "due_not_done"})
CODES_ZH = {code: code_label(code, "zh") for code in catalogue()["codes"] if code not in _COMPUTED}
VALUES_ZH = {**{code: code_label(code, "zh") for code in _COMPUTED},
             "true": say("yes", "zh"), "false": say("no", "zh")}



def models() -> Iterator[type[BaseModel]]:
    """The project model and every model nested in it."""
    for value in vars(project).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value.model_fields:
            yield value


def literals(annotation: Any) -> Iterator[Any]:
    """Every value a ``Literal`` inside ``annotation`` allows (through Optional, list, ...)."""
    if typing.get_origin(annotation) is Literal:
        yield from typing.get_args(annotation)
        return
    for argument in typing.get_args(annotation):
        yield from literals(argument)


FIELD_NAMES = frozenset(name for model in models() for name in model.model_fields)
# the fields whose values are codes of the format, not free text
CODED_FIELDS = frozenset(name for model in models() for name, info in model.model_fields.items()
                         if any(True for _ in literals(info.annotation)))


def value_zh(field: str, value: str) -> str:
    """A text value of ``field`` (a dotted path) for Chinese text: a code in words, other text
    as written."""
    return CODES_ZH.get(value, value) if field.rsplit(".", 1)[-1] in CODED_FIELDS else value


def words_zh(text: str, field_names: Iterable[str] = FIELD_NAMES) -> str:
    """``text`` with each code and true/false standing alone (not part of a field path such as
    ``building.use`` or a longer name) in Chinese. A code that is also a field name
    (``district``) is left alone: in a sentence it may be the field."""
    return _pattern(frozenset(field_names)).sub(lambda m: _WORDS[m.group(0)], text)


_WORDS = {**CODES_ZH, **VALUES_ZH}
_compiled: dict[frozenset[str], re.Pattern[str]] = {}


def _pattern(field_names: frozenset[str]) -> re.Pattern[str]:
    pattern = _compiled.get(field_names)
    if pattern is None:
        codes = sorted((code for code in _WORDS if code not in field_names), key=len, reverse=True)
        pattern = re.compile(r"(?<![A-Za-z0-9_.\-])(?:" + "|".join(map(re.escape, codes))
                             + r")(?![A-Za-z0-9_.\-])")
        _compiled[field_names] = pattern
    return pattern
