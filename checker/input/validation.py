"""Strict validation of an input document (project, rule, waiver or configuration file)
against a pydantic model, every problem located (line, column) and unknown keys answered with
the nearest valid key."""

from __future__ import annotations

import difflib
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from checker.errors import InputError, Problem
from checker.input.document import Document, PathKey
from checker.input.plausibility import IMPLAUSIBLE
from checker.input.schema import model_in
from checker.messages import (
    ByLang,
    Choice,
    FieldName,
    Joined,
    Key,
    Quoted,
    Said,
    Words,
    input_problem,
    words,
)

M = TypeVar("M", bound=BaseModel)
_TAG = re.compile(r"[a-z][a-z-]*\[.*\]", re.S)
_QUOTED = re.compile(r"'([^']*)'")


def validate_model(document: Document, model: type[M], what: str) -> M:
    if not isinstance(document.data, dict):
        found = type(document.data).__name__
        raise InputError(document.file, [input_problem(words("input.not_mapping", what=what,
                                                            found=found), line=1)])
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        problems = [problem for error in exc.errors(include_url=False)
                    for problem in problems_of(error, document, model)]
        raise InputError(document.file, problems) from None


def problems_of(error: Any, document: Document, model: type[BaseModel]) -> list[Problem]:
    """The located problems of one pydantic error: one, or for an implausible section (see
    checker/input/plausibility.py) one per field each finding names, each at its own line."""
    if error["type"] != IMPLAUSIBLE:
        return [problem_of(error, document, model)]
    loc = _location(error)
    root = ".".join(str(p) for p in loc)
    return [_located(_rooted(said, root), (*loc, *field.split(".")), document)
            for said, fields in error["ctx"]["problems"] for field in fields]


def problem_of(error: Any, document: Document, model: type[BaseModel]) -> Problem:
    loc = _location(error)
    return _located(message_of(error, loc, model), loc, document)


def _location(error: Any) -> PathKey:
    return tuple(part for part in error["loc"] if not _is_union_tag(part))


def _located(said: Words, loc: PathKey, document: Document) -> Problem:
    field = ".".join(str(p) for p in loc) or None
    return input_problem(said, field=field, **document.location_of(loc))


def _rooted(said: Any, root: str) -> Any:
    """A plausibility sentence with its fields' paths (relative to the section) made whole."""
    if isinstance(said, FieldName):
        return FieldName(f"{root}.{said.path}" if root else said.path, said.en)
    if isinstance(said, Words):
        return Words(said.key, tuple((name, _rooted(value, root)) for name, value in said.figures))
    return said


def _is_union_tag(part: object) -> bool:
    # pydantic inserts the validator's name (e.g. "function-before[...]") into locations
    return isinstance(part, str) and (_TAG.fullmatch(part) is not None or part in {"literal", "list"})


# pydantic's error types a greencheck model can produce, said in the catalogue (input.pydantic.*);
# the English stays pydantic's own message
_PYDANTIC = frozenset({
    "string_type", "string_too_short", "string_too_long", "list_type", "dict_type", "model_type",
    "int_type", "int_parsing", "int_from_float", "float_type", "float_parsing", "decimal_type",
    "decimal_parsing", "date_type", "date_parsing", "date_from_datetime_inexact",
    "date_from_datetime_parsing", "datetime_type", "bool_type", "bool_parsing", "none_required",
    "frozen_instance", "too_short", "too_long", "union_tag_invalid", "model_attributes_type",
})


def message_of(error: Any, loc: PathKey, model: type[BaseModel]) -> Words:
    kind = error["type"]
    path = ".".join(str(p) for p in loc)
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])  # the unknown key itself, even if it looks like a tag
        return unknown_key_message(key, keys_at(model, loc[:-1]), path.rpartition(".")[0])
    if kind == "missing":
        return words("input.missing", key=Quoted(str(loc[-1]) if loc else ""))
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = _QUOTED.findall(expected)
        near = difflib.get_close_matches(str(error["input"]), choices, n=1, cutoff=0.6)
        hint = words("input.did_you_mean", choice=Choice(near[0])) if near else ""
        return words("input.literal", value=Quoted(error["input"]), hint=hint,
                     expected=ByLang(Joined(tuple(Choice(c) for c in choices), "or"), expected))
    if kind in {"bool_type", "bool_parsing"}:
        return words("input.bool", value=Quoted(error["input"]))
    if kind == "value_error":
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, Said):
            return cause.words
    english = str(error["msg"]).removeprefix("Value error, ")
    if kind in _PYDANTIC:
        return words(f"input.pydantic.{kind}", english=english, **_figures(error))
    return words("input.invalid", english=english, value=_input(error))


def _figures(error: Any) -> dict[str, Any]:
    ctx = error.get("ctx") or {}
    return {"value": _input(error), **{k: v for k, v in ctx.items() if isinstance(v, int | str)}}


def _input(error: Any) -> Any:
    value = error.get("input")
    if isinstance(value, dict | list):
        return ByLang("", "")  # a mapping or a list: not shown again
    text = str(value)
    return Quoted(text if len(text) <= 60 else text[:59] + "…")


def unknown_key_message(key: str, valid: list[str], at: str = "") -> Words:
    near = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    prefix = f"{at}." if at else ""
    hint = words("input.did_you_mean_key", choice=Key(near[0], prefix + near[0])) if near else ""
    return words("input.unknown_key", key=Quoted(key), hint=hint,
                 valid=Joined(tuple(Key(name, prefix + name) for name in valid)))


def unknown_rule_problem(document: Document, path: PathKey, rule_id: str, known: list[str],
                         what: str) -> Problem:
    """An unknown rule id at ``path`` (``what``: a catalogue sentence, ``input.unknown_rule.*``):
    located, with the nearest known id."""
    near = difflib.get_close_matches(rule_id, known, n=1, cutoff=0.6)
    hint = words("input.rule_did_you_mean", rule=near[0]) if near else words("input.rules_list")
    return input_problem(words(what, rule=rule_id, hint=hint),
                        field=".".join(str(p) for p in path), subject=False,
                        **document.location_of(path))


def keys_at(model: type[BaseModel], loc: PathKey) -> list[str]:
    """The keys a mapping at ``loc`` may hold, following the model along the path."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = _fields_by_key(current).get(part) if _is_model(current) else None
        if field is None:
            return []
        current = model_in(field.annotation)
    return list(_fields_by_key(current)) if _is_model(current) else []


def _fields_by_key(model: type[BaseModel]) -> dict[str, Any]:
    """A model's fields by the key a file writes (the alias, e.g. ``from``, where there is one)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


