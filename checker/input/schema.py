"""The base of every schema greencheck reads: project, rule, coverage, waiver and config files."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Every greencheck input model: unknown keys are errors, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)
