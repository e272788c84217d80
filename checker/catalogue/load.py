"""The catalogue: every rule file in ``rules/`` loaded, its parameters resolved, ids unique."""

from __future__ import annotations

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
def load_catalogue(directory: Path | None = None) -> Catalogue:
    folder = directory or rules_dir()
    rules: list[Rule] = []
    for path in sorted(folder.glob("*.yaml")):
        rules.extend(load_rule_file(path).rules)
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise InputError(str(folder), [Problem(f"rule id {rule.id} is defined twice")])
        seen.add(rule.id)
    return Catalogue(tuple(rules))
