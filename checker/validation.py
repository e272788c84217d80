"""Strict validation of small input files (waivers, configuration) against a pydantic model,
with every problem located (line, column) and unknown keys answered with the nearest valid key."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from checker.document import Document, PathKey
from checker.errors import InputError, Problem
from checker.loader import _is_model, _is_union_tag, _model_in

M = TypeVar("M", bound=BaseModel)


def validate_model(document: Document, model: type[M], what: str) -> M:
    if not isinstance(document.data, dict):
        raise InputError(document.file, [Problem(f"{what} must be a mapping of keys", line=1)])
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        problems = [problem_of(error, document, model) for error in exc.errors(include_url=False)]
        raise InputError(document.file, problems) from None


def problem_of(error: Any, document: Document, model: type[BaseModel]) -> Problem:
    loc: PathKey = tuple(part for part in error["loc"] if not _is_union_tag(part))
    field = ".".join(str(p) for p in loc) or None
    line, column = document.position_of(loc) or (None, None)
    return Problem(message_of(error, loc, model), field=field, line=line, column=column)


def message_of(error: Any, loc: PathKey, model: type[BaseModel]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return unknown_key_message(str(loc[-1]), keys_at(model, loc[:-1]))
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{error['input']!r} is not allowed; expected one of {expected}"
    return str(error["msg"]).removeprefix("Value error, ")


def unknown_key_message(key: str, valid: list[str]) -> str:
    near = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    hint = f"did you mean '{near[0]}'? " if near else ""
    return f"unknown key '{key}'; {hint}valid keys here: {', '.join(valid)}"


def keys_at(model: type[BaseModel], loc: PathKey) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return []
        current = _model_in(field.annotation)
    return list(current.model_fields) if _is_model(current) else []
