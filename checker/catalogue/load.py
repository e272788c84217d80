"""The catalogue: every rule file in ``rules/`` loaded, its parameters resolved, ids unique.

Loading validates what the schema alone cannot: each rule's ``requirement.params`` against its
metric's params model (every figure a parameter of ``rules/parameters/`` that exists), its
``threshold_parameter`` against the tree, and an inline threshold against the parameter its
metric computes with; every problem is located (file, line, column).
"""

from __future__ import annotations

import hashlib
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
    SiteValue,
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
    """The rules, and the duties they impose: a duty is one rule, or the rules of several
    documents that impose the same one (``Rule.duty``). Every rule id and duty id is a name a
    user may give (``--rule``, waivers, exemptions, baselines); a rule id stands for its duty."""

    rules: tuple[Rule, ...]

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise UsageError(f"unknown rule id '{rule_id}'; see 'greencheck rules list'")

    def for_kind(self, kind: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.kind == kind)

    def select(self, names: Iterable[str]) -> Catalogue:
        """The duties named (by a rule id or a duty id), each with all its rules."""
        duties = {self.duty_of(name) for name in names}
        return Catalogue(tuple(rule for rule in self.rules if rule.duty_id in duties))

    def names(self) -> list[str]:
        """Every name of a duty: the rule ids and the duty ids, sorted."""
        return sorted({rule.id for rule in self.rules} | {rule.duty_id for rule in self.rules})

    def duty_of(self, name: str) -> str:
        """The duty a rule id or duty id names."""
        for rule in self.rules:
            if name in (rule.id, rule.duty_id):
                return rule.duty_id
        raise UsageError(f"unknown rule id '{name}'; see 'greencheck rules list'")

    def members(self, duty_id: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.duty_id == duty_id)

    def duties(self) -> list[tuple[str, tuple[Rule, ...]]]:
        """Each duty with its rules, in catalogue order of its first rule."""
        grouped: dict[str, list[Rule]] = {}
        for rule in self.rules:
            grouped.setdefault(rule.duty_id, []).append(rule)
        return [(duty, tuple(rules)) for duty, rules in grouped.items()]


def catalogue_problems(catalogue: Catalogue) -> list[str]:
    """What makes a set of rule files inconsistent as a whole: an id defined twice, a duty
    whose rules ask different things, a rule giving way to a rule that is not there."""
    problems = []
    ids = [rule.id for rule in catalogue.rules]
    problems += [f"rule id {rule_id} is defined twice" for rule_id in sorted(set(ids))
                 if ids.count(rule_id) > 1]
    for duty, rules in catalogue.duties():
        if len(rules) > 1 and duty in ids:
            problems.append(f"duty {duty} has the id of a rule; a shared duty needs its own id")
        first = rules[0]
        for other in rules[1:]:
            problems += [f"{other.id} and {first.id} share duty {duty} but differ in {what}"
                         for what in _differences(first, other)]
    by_id = {rule.id: rule for rule in catalogue.rules}
    for rule in catalogue.rules:
        for stricter in rule.applies_to.given_way_to:
            target = by_id.get(stricter)
            if target is None or target.kind != rule.kind:
                problems.append(f"{rule.id} gives way to {stricter}, which is no {rule.kind} rule")
    return problems


def _differences(one: Rule, other: Rule) -> list[str]:
    """A shared duty asks the same of every project it covers: same kind, metric, operator,
    threshold, unit and parameters."""
    pairs = {
        "kind": (one.kind, other.kind),
        "metric": (one.requirement.metric, other.requirement.metric),
        "operator": (one.requirement.op, other.requirement.op),
        "threshold": (one.requirement.threshold, other.requirement.threshold),
        "unit": (one.requirement.unit, other.requirement.unit),
        "params": (one.requirement.params, other.requirement.params),
    }
    return [name for name, (a, b) in pairs.items() if a != b]


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
def catalogue_version(directory: Path | None = None) -> str:
    """The version of the rule data reports are stamped with: ``sha256:`` and the SHA-256 of
    every rule and parameter file (``*.yaml`` and ``parameters/*.yaml``), in order of their
    paths, each as its path relative to the folder, a NUL, its length, a NUL and its bytes."""
    folder = directory or rules_dir()
    digest = hashlib.sha256()
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("parameters/*.yaml")]):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(folder).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return "sha256:" + digest.hexdigest()


@lru_cache(maxsize=4)
def load_catalogue(directory: Path | None = None, site: tuple[SiteValue, ...] = ()) -> Catalogue:
    """The rules of ``directory`` (default: the bundled catalogue), with a review office's
    ``site`` figures in place of the parameters they name."""
    folder = directory or rules_dir()
    tree = load_parameters(parameters_dir_for(folder)).with_site(site)
    rules: list[Rule] = []
    for path in sorted(folder.glob("*.yaml")):
        rules.extend(load_rule_file(path, tree).rules)
    catalogue = Catalogue(tuple(rules))
    problems = catalogue_problems(catalogue)
    if problems:
        raise InputError(str(folder), [Problem(problem) for problem in problems])
    return catalogue
