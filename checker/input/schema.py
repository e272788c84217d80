"""The base of every schema greencheck reads: project, rule, coverage, waiver and config files."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Every greencheck input model: unknown keys are errors, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def model_in(annotation: Any) -> Any:
    """The pydantic model an annotation holds (``Building | None``, ``list[Vehicle]``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None
