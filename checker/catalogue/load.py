"""The catalogue: every rule file in ``rules/`` loaded, its parameters resolved, ids unique.

Loading validates what the schema alone cannot: each rule's ``requirement.params`` against its
metric's params model (every figure a parameter of ``rules/parameters/`` that exists), its
``threshold_parameter`` against the tree, and an inline threshold against the parameter its
metric computes with; every problem is located (file, line, column).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

import checker.metrics  # noqa: F401  (registers every metric and its params model)
from checker.catalogue.model import Rule, RuleFile
from checker.catalogue.parameters import (
    Figure,
    ParameterTree,
    decimal_of,
    load_parameters,
    parameters_dir_for,
    unknown_message,
)
from checker.errors import InputError, Problem, UsageError
from checker.input.document import Document, PathKey, read_document
from checker.input.validation import problem_of, validate_model
from checker.metrics.registry import MetricInfo, figure_text, metric_info


@dataclass(frozen=True)
class Catalogue:
    rules: tuple[Rule, ...]

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise UsageError(f"unknown rule id '{rule_id}'; see 'greencheck rules list'")

    def for_kind(self, kind: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.kind == kind)

    def select(self, rule_ids: Iterable[str]) -> Catalogue:
        return Catalogue(tuple(self.get(rule_id) for rule_id in rule_ids))



def rules_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_data" / "rules"
    return packaged if packaged.is_dir() else package.parent / "rules"


def load_rule_file(path: Path, parameters: ParameterTree | None = None) -> RuleFile:
    """One rule file, resolved against ``parameters`` (default: the folder's own
    ``parameters/``, else the bundled tree)."""
    document = read_document(path)
    if isinstance(document.data, dict) and "parameters" in document.data:
        line, column = document.position_of(("parameters",)) or (None, None)
        raise InputError(str(path), [Problem(
            "a rule file does not define parameters: each is its own dated file under "
            "rules/parameters/ (see README), named by threshold_parameter or a metric's params",
            field="parameters", line=line, column=column)])
    parsed = validate_model(document, RuleFile, "a rule file (document, rules)")
    tree = parameters or load_parameters(parameters_dir_for(path.parent))
    rules, problems = [], []
    for index, rule in enumerate(parsed.rules):
        rule = rule.model_copy(update={"document": parsed.document})
        name = rule.requirement.threshold_parameter
        if name is not None:
            if name in tree.series:
                rule = rule.with_parameter(tree.series[name].parameter())
            else:
                problems.append(_located(document, ("rules", index, "requirement", "threshold_parameter"),
                                         f"{rule.id}: {unknown_message(name, tree.names(), tree.directory)}"))
        info = metric_info(rule.requirement.metric)
        arguments, found = _arguments(document, index, rule, info, tree)
        problems += found
        if arguments is not None:
            rule = rule.model_copy(update={"requirement": rule.requirement.with_arguments(arguments)})
            problems += _bound_problems(document, index, rule, info, arguments)
        rules.append(rule)
    if problems:
        raise InputError(str(path), problems)
    return parsed.model_copy(update={"rules": rules})


def _located(document: Document, path: PathKey, message: str) -> Problem:
    line, column = document.position_of(path) or (None, None)
    return Problem(message, field=".".join(str(p) for p in path), line=line, column=column)


def _arguments(document: Document, index: int, rule: Rule, info: MetricInfo[Any] | None,
               tree: ParameterTree) -> tuple[BaseModel | None, list[Problem]]:
    """The rule's params validated by its metric's model; each problem located in the file."""
    requirement = rule.requirement
    prefix: PathKey = ("rules", index, "requirement", "params")
    if info is None:  # a project field: it takes no params
        if not requirement.params:
            return None, []
        return None, [_located(document, prefix, f"{rule.id}: metric '{requirement.metric}' is a "
                                                 "project field and takes no params")]
    if not info.params.model_fields and requirement.params:
        return None, [_located(document, prefix, f"{rule.id}: metric {info.name} takes no params")]
    try:
        return info.validate(requirement.params, {"parameters": tree, "names_only": True}), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    # positions relative to the params mapping, so that unknown keys get the model's valid keys
    inner = Document(document.file, requirement.params,
                     {key[len(prefix):]: value for key, value in document.positions.items()
                      if key[:len(prefix)] == prefix})
    takes = ", ".join(info.params.model_fields) or "none"
    problems = []
    for error in errors:
        found = problem_of(error, inner, info.params)
        line, column = found.line, found.column
        if line is None:  # params (or the key) absent: the requirement
            line, column = document.position_of(prefix) or (None, None)
        key = f"params.{found.field}" if found.field else "params"
        hint = "" if error["type"] == "extra_forbidden" else f"; metric {info.name} takes params: {takes}"
        problems.append(Problem(f"{rule.id}: {found.message}{hint}",
                                field=".".join(str(p) for p in prefix[:-1]) + "." + key,
                                line=line, column=column))
    return None, problems


def _bound_problems(document: Document, index: int, rule: Rule, info: MetricInfo[Any] | None,
                    arguments: BaseModel) -> list[Problem]:
    """An inline threshold is the very figure the metric computes with (a fraction at 28 digits)
    for every value of that parameter in force while the rule is."""
    threshold = rule.requirement.threshold
    if info is None or info.bound is None or not isinstance(threshold, Decimal):
        return []
    figure = getattr(arguments, info.bound)
    if not isinstance(figure, Figure) or figure.series is None:
        return []
    return [_located(document, ("rules", index, "requirement", "threshold"),
                     f"{rule.id}: threshold {threshold} is not the value {figure_text(value.number)} "
                     f"(from {value.from_}) of parameter {figure.name}, which metric {info.name} "
                     "computes with")
            for value in figure.series.entries_between(rule.effective_from, rule.effective_until)
            if value.number is not None and decimal_of(value.number) != threshold]


@lru_cache(maxsize=4)
def load_catalogue(directory: Path | None = None) -> Catalogue:
    folder = directory or rules_dir()
    tree = load_parameters(parameters_dir_for(folder))
    rules: list[Rule] = []
    for path in sorted(folder.glob("*.yaml")):
        rules.extend(load_rule_file(path, tree).rules)
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise InputError(str(folder), [Problem(f"rule id {rule.id} is defined twice")])
        seen.add(rule.id)
    return Catalogue(tuple(rules))
