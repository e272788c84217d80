"""Checks on rule files beyond their schema: fields exist, examples are valid projects,
citations are verbatim, thresholds are representable, every parameter a rule uses has a value
(or a dated null) in force from the day the rule is."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from checker.catalogue.load import load_rule_file
from checker.catalogue.model import NUMERIC_OPS, Example, Rule, squash
from checker.catalogue.parameters import (
    Figure,
    ParameterTree,
    Series,
    load_parameters,
    parameters_dir_for,
)
from checker.errors import InputError
from checker.input.document import Document
from checker.input.loader import validate_document
from checker.metrics.registry import is_field_path, is_metric_name

ENVELOPE_FIELDS = {"district", "zones", "approval_date", "exemptions", "name", "id"}
_SMALLEST, _LARGEST = Decimal("0.000001"), Decimal("1000000000000")


def sources_dir() -> Path | None:
    here = Path(__file__).resolve().parent.parent.parent  # the checkout
    for candidate in (here.parent / "shared" / "sources", here / "tests" / "data" / "sources"):
        if candidate.is_dir():
            return candidate
    return None


def lint_rule_file(path: Path) -> list[str]:
    tree = load_parameters(parameters_dir_for(path.parent))
    parsed = load_rule_file(path, tree)
    problems: list[str] = []
    source_text = _source_text(parsed.document.source)
    for rule in parsed.rules:
        problems += [f"{rule.id}: {message}" for message in lint_rule(rule, source_text, tree)]
    return problems


def _source_text(name: str) -> str | None:
    folder = sources_dir()
    if folder is None or not (folder / name).is_file():
        return None
    return squash((folder / name).read_text(encoding="utf-8"))


def lint_rule(rule: Rule, source_text: str | None, parameters: ParameterTree | None = None) -> list[str]:
    problems: list[str] = []
    if source_text is not None and squash(rule.citation.text) not in source_text:
        problems.append("citation.text is not a verbatim passage of the source document")
    context = rule.citation.context
    if source_text is not None and context is not None and squash(context) not in source_text:
        problems.append("citation.context is not a verbatim passage of the source document")
    if not is_metric_name(rule.requirement.metric):
        problems.append(f"requirement.metric '{rule.requirement.metric}' is neither a metric nor a field")
    for condition in rule.applies_to.when:
        if condition.field not in ENVELOPE_FIELDS and not is_field_path(condition.field):
            problems.append(f"condition field '{condition.field}' is not a project field")
    for ground in rule.exemptions:
        if ground.field and not is_field_path(ground.field):
            problems.append(f"exemption field '{ground.field}' is not a project field")
    problems += _threshold_problems(rule)
    problems += _parameter_problems(rule, parameters or load_parameters())
    problems += _example_problems(rule)
    return problems


def _parameter_problems(rule: Rule, tree: ParameterTree) -> list[str]:
    """Every parameter the rule uses (its threshold's, its metric's figures) has an entry in
    force on the day the rule starts: a value, or a dated null (no value yet, on purpose)."""
    used: list[tuple[str, Series]] = []
    name = rule.requirement.threshold_parameter
    if name is not None and name in tree.series:
        used.append(("threshold_parameter", tree.series[name]))
    arguments = rule.requirement.arguments
    if isinstance(arguments, BaseModel):
        for key in type(arguments).model_fields:
            figure = getattr(arguments, key)
            if isinstance(figure, Figure) and figure.series is not None:
                used.append((f"params.{key}", figure.series))
    problems = []
    for where, series in used:
        if series.entry_at(rule.effective_from) is None:
            first = series.spec.values[0].from_
            problems.append(f"{where}: parameter {series.name} has no value in force on "
                            f"{rule.effective_from}, when the rule starts (its first is from {first})")
    for example in rule.examples:
        for key in example.parameters:
            if key != name:
                problems.append(f"example '{example.name}' sets parameter {key}, which is not the "
                                f"rule's threshold_parameter ({name or 'none'})")
    return problems


def _threshold_problems(rule: Rule) -> list[str]:
    values: list[Any] = [rule.requirement.threshold] if rule.requirement.op in NUMERIC_OPS else []
    values += [c.value for c in rule.applies_to.when if c.op in NUMERIC_OPS]
    return [
        f"threshold {value} must be 0 or between {_SMALLEST} and {_LARGEST} in magnitude"
        for value in values
        if isinstance(value, Decimal) and value != 0 and not _SMALLEST <= abs(value) <= _LARGEST
    ]


def _example_problems(rule: Rule) -> list[str]:
    problems = []
    expected = {example.expect for example in rule.examples}
    for needed in ("pass", "fail", "not_applicable"):
        if needed not in expected:
            problems.append(f"examples lack a '{needed}' case")
    for example in rule.examples:
        try:
            example_project(rule, example)
        except InputError as exc:
            problems.append(f"example '{example.name}' is not a valid project: {exc}")
    return problems


def example_data(rule: Rule, example: Example) -> dict[str, Any]:
    """The project file an example describes: a minimal envelope plus the given fields."""
    data: dict[str, Any] = {
        "format": "greencheck/v1", "id": f"EX-{rule.id}", "name": example.name,
        "kind": rule.kind, "district": "黄浦区", rule.kind: {},
    }
    for dotted, value in example.given.items():
        target = data
        *parents, last = dotted.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return data


def example_project(rule: Rule, example: Example) -> Any:
    data = example_data(rule, example)
    return validate_document(Document(f"{rule.id} example '{example.name}'", data, {}))
