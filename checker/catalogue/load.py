"""The catalogue: every rule file in ``rules/`` loaded, its parameters resolved, ids unique."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checker.catalogue.model import Rule, RuleFile
from checker.errors import InputError, Problem, UsageError
from checker.input.document import read_document
from checker.input.validation import validate_model


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


def load_rule_file(path: Path) -> RuleFile:
    document = read_document(path)
    parsed = validate_model(document, RuleFile, "a rule file (document, rules)")
    parameters = {parameter.name: parameter for parameter in parsed.parameters}
    rules = []
    for index, rule in enumerate(parsed.rules):
        rule = rule.model_copy(update={"document": parsed.document})
        name = rule.requirement.threshold_parameter
        if name is not None:
            if name not in parameters:
                line, column = document.position_of(
                    ("rules", index, "requirement", "threshold_parameter")) or (None, None)
                known = ", ".join(parameters) or "none"
                raise InputError(str(path), [Problem(
                    f"{rule.id}: unknown parameter '{name}'; the file defines: {known}",
                    field=f"rules.{index}.requirement.threshold_parameter", line=line, column=column)])
            rule = rule.with_parameter(parameters[name])
        rules.append(rule)
    return parsed.model_copy(update={"rules": rules})


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
def load_catalogue(directory: Path | None = None) -> Catalogue:
    folder = directory or rules_dir()
    rules: list[Rule] = []
    for path in sorted(folder.glob("*.yaml")):
        rules.extend(load_rule_file(path).rules)
    catalogue = Catalogue(tuple(rules))
    problems = catalogue_problems(catalogue)
    if problems:
        raise InputError(str(folder), [Problem(problem) for problem in problems])
    return catalogue
