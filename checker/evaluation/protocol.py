"""What an engine is: it takes the values a project gives (``Prepared``) and returns each rule's
raw outcome. Two implementations: ``durable`` (durable_rules, the production engine) and
``oracle`` (pure Python, the reference the tests hold it to)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, Protocol

from checker.metrics.registry import MetricValue

RawOutcome = Literal["pass", "fail", "not_applicable", "insufficient_data"]


@dataclass(frozen=True)
class Prepared:
    """What evaluators see: values of condition fields (absent when not given) and metrics."""

    kind: str
    date: dt.date | None
    assessed_on: dt.date
    values: dict[str, Decimal | str | bool | frozenset[str]]
    metrics: dict[str, MetricValue]
    ruled_out: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # rule id: its cause
    date_field: str = "approval_date"  # where ``date`` comes from (or would, when absent)


class Engine(Protocol):
    name: str

    def evaluate(self, prepared: Prepared) -> dict[str, RawOutcome]: ...
