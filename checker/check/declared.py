"""What a project file declares, echoed in the report for the reviewer: each value given, as a
field path and the value with its unit (the project's own unit: what the clauses compare).

A value written with a unit of its own ("0.12万 m²", "50%") is shown converted, followed by
the text as written, so the reviewer can compare both with the application documents.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from checker.input.loader import LoadedProject
from checker.input.project import field_unit
from checker.input.units import UNIT_LABELS
from checker.metrics.registry import fmt

# in the report's header instead (id, name, kind, district, zones) or not a project fact
_HEADER = frozenset({"format", "id", "name", "kind", "district", "zones"})

Declared = tuple[tuple[str, str], ...]


def declared_inputs(loaded: LoadedProject) -> Declared:
    """(field path, shown value) for every value the file gives, in the models' field order."""
    found: list[tuple[str, str]] = []
    _walk(loaded.project, (), loaded.document.data, found, top=True)
    return tuple(found)


def _walk(model: BaseModel, path: tuple[str, ...], raw: Any, found: list[tuple[str, str]],
          top: bool = False) -> None:
    for name in type(model).model_fields:
        if (top and name in _HEADER) or name not in model.model_fields_set:
            continue
        value = getattr(model, name)
        written = raw.get(name) if isinstance(raw, dict) else None
        here = (*path, name)
        if value is None:
            continue
        if isinstance(value, BaseModel):
            _walk(value, here, written, found)
        elif isinstance(value, list) and value and all(isinstance(v, BaseModel) for v in value):
            for index, item in enumerate(value):
                inner = written[index] if isinstance(written, list) and index < len(written) else None
                _walk(item, (*here, str(index)), inner, found)
        else:
            found.append((".".join(here), shown(value, field_unit(type(model), name), written)))


def shown(value: Any, unit: str | None, written: Any = None) -> str:
    """A declared value for a reader: in its unit; the text as written when it had a unit."""
    if isinstance(value, list):
        return "[" + ", ".join(str(item) for item in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        return fmt(value)
    if isinstance(value, int) and not unit:
        return str(value)  # a count or a year, as written (2023, not 2,023)
    if unit == "ratio":
        text = fmt((Decimal(value) * 100).normalize()) + "%"
    else:
        label = UNIT_LABELS.get(unit or "", unit or "")
        text = f"{fmt(value)} {label}" if label else fmt(value)
    if isinstance(written, str) and _says_more(written.strip(), unit):
        text += f"（{written.strip()}）"
    return text


def _says_more(written: str, unit: str | None) -> bool:
    """Whether the text as written tells the reader more than the value shown: a unit or a
    multiplier of its own ("0.12万 m²"), or a ratio written as a fraction ("0.85" for 85%)."""
    if unit == "ratio":
        return not written.endswith(("%", "％"))
    return not _NUMBER.fullmatch(written)


_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)")
