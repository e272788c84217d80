"""Load a project file into a validated ``Project``, or raise located input errors."""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from checker.document import Document, PathKey, read_document
from checker.errors import InputError, Problem
from checker.project import Project


@dataclass(frozen=True)
class LoadedProject:
    document: Document
    project: Project

    def line_of(self, dotted: str) -> int | None:
        position = self.document.position_of(tuple(dotted.split(".")))
        return position[0] if position else None


def load_project(path: Path | str) -> LoadedProject:
    return validate_document(read_document(path))


def validate_document(document: Document) -> LoadedProject:
    if not isinstance(document.data, dict):
        found = type(document.data).__name__
        raise InputError(document.file, [Problem(
            f"a project file must be a mapping of keys (format, id, name, kind, ...), not {found}",
            line=1)])
    try:
        project = Project.model_validate(document.data)
    except ValidationError as exc:
        problems = [_problem(error, document) for error in exc.errors(include_url=False)]
        raise InputError(document.file, problems) from None
    return LoadedProject(document, project)


def _problem(error: Any, document: Document) -> Problem:
    loc: PathKey = tuple(part for part in error["loc"] if not _is_union_tag(part))
    field = ".".join(str(p) for p in loc) or None
    line, column = document.position_of(loc) or (None, None)
    return Problem(_message(error, loc), field=field, line=line, column=column)


def _is_union_tag(part: object) -> bool:
    # pydantic inserts the validator's name (e.g. "function-before[...]") into locations
    return isinstance(part, str) and (_TAG.fullmatch(part) is not None or part in {"literal", "list"})


_TAG = re.compile(r"[a-z][a-z-]*\[.*\]", re.S)


def _message(error: Any, loc: PathKey) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])  # the unknown key itself, even if it looks like a tag
        valid = valid_keys(loc[:-1])
        near = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
        hint = f"did you mean '{near[0]}'? " if near else ""
        return f"unknown key '{key}'; {hint}valid keys here: {', '.join(valid)}"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{error['input']!r} is not allowed; expected one of {expected}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, got {error['input']!r}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def valid_keys(loc: PathKey) -> list[str]:
    """The keys a mapping at ``loc`` may hold, following the model along the path."""
    model: Any = Project
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if _is_model(model) else None
        if field is None:
            return []
        model = _model_in(field.annotation)
    return list(model.model_fields) if _is_model(model) else []


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _model_in(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
