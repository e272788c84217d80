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

M = TypeVar("M", bound=BaseModel)
_TAG = re.compile(r"[a-z][a-z-]*\[.*\]", re.S)
_QUOTED = re.compile(r"'([^']*)'")


def validate_model(document: Document, model: type[M], what: str) -> M:
    if not isinstance(document.data, dict):
        found = type(document.data).__name__
        raise InputError(document.file, [Problem(f"{what} must be a mapping of keys, not {found}",
                                                 line=1)])
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
    return [_located(message, (*loc, *field.split(".")), document)
            for message, fields in error["ctx"]["problems"] for field in fields]


def problem_of(error: Any, document: Document, model: type[BaseModel]) -> Problem:
    loc = _location(error)
    return _located(message_of(error, loc, model), loc, document)


def _location(error: Any) -> PathKey:
    return tuple(part for part in error["loc"] if not _is_union_tag(part))


def _located(message: str, loc: PathKey, document: Document) -> Problem:
    field = ".".join(str(p) for p in loc) or None
    return Problem(message, field=field, **document.location_of(loc))


def _is_union_tag(part: object) -> bool:
    # pydantic inserts the validator's name (e.g. "function-before[...]") into locations
    return isinstance(part, str) and (_TAG.fullmatch(part) is not None or part in {"literal", "list"})


def message_of(error: Any, loc: PathKey, model: type[BaseModel]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])  # the unknown key itself, even if it looks like a tag
        return unknown_key_message(key, keys_at(model, loc[:-1]))
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        near = difflib.get_close_matches(str(error["input"]), _QUOTED.findall(expected), n=1,
                                         cutoff=0.6)
        hint = f"did you mean '{near[0]}'? " if near else ""
        return f"{error['input']!r} is not allowed; {hint}expected one of {expected}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, got {error['input']!r}"
    return str(error["msg"]).removeprefix("Value error, ")


def unknown_key_message(key: str, valid: list[str]) -> str:
    near = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    hint = f"did you mean '{near[0]}'? " if near else ""
    return f"unknown key '{key}'; {hint}valid keys here: {', '.join(valid)}"


def unknown_rule_problem(document: Document, path: PathKey, rule_id: str, known: list[str],
                         what: str) -> Problem:
    """``what`` names an unknown rule id at ``path``: located, with the nearest known id."""
    near = difflib.get_close_matches(rule_id, known, n=1, cutoff=0.6)
    hint = f"; did you mean '{near[0]}'?" if near else "; see 'greencheck rules list'"
    return Problem(f"{what} '{rule_id}'{hint}", field=".".join(str(p) for p in path),
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


