"""Rule selection: ``--rule``, ``--document``, ``--tag``, ``--exclude-rule``.

Includes combine as a union (a rule is selected when any include names it); excludes are then
removed. A name that matches nothing is a usage error, never an empty run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from checker.catalogue.load import Catalogue
from checker.catalogue.model import Rule
from checker.errors import UsageError


@dataclass(frozen=True)
class Selection:
    rules: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    exclude_rules: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.rules or self.documents or self.tags or self.exclude_rules)


def select_rules(catalogue: Catalogue, selection: Selection) -> tuple[str, ...] | None:
    """The selected rule ids in catalogue order, or None when nothing narrows the catalogue."""
    if selection.is_empty():
        return None
    names = catalogue.names()  # a rule id names its duty: the duty is selected whole
    _known(selection.rules, names, "rule id")
    _known(selection.exclude_rules, names, "rule id")
    wanted = {catalogue.duty_of(name) for name in selection.rules}
    excluded = {catalogue.duty_of(name) for name in selection.exclude_rules}
    _known(selection.documents, _document_names(catalogue.rules), "document")
    _known(selection.tags, sorted({tag for rule in catalogue.rules for tag in rule.tags}), "tag")
    including = bool(selection.rules or selection.documents or selection.tags)
    chosen = [
        rule.id for rule in catalogue.rules
        if (not including or _included(rule, selection, wanted)) and rule.duty_id not in excluded
    ]
    if not chosen:
        raise UsageError("the rule selection leaves no rules to check")
    return tuple(chosen)


def _included(rule: Rule, selection: Selection, duties: set[str]) -> bool:
    document = rule.document
    names = {document.title, document.number} if document else set()
    return (rule.duty_id in duties or bool(names & set(selection.documents))
            or bool(set(rule.tags) & set(selection.tags)))


def _document_names(rules: Iterable[Rule]) -> list[str]:
    names: set[str] = set()
    for rule in rules:
        if rule.document is not None:
            names.add(rule.document.title)
            if rule.document.number:
                names.add(rule.document.number)
    return sorted(names)


def _known(asked: Sequence[str], valid: list[str], what: str) -> None:
    for name in asked:
        if name not in valid:
            near = difflib.get_close_matches(name, valid, n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'? " if near else ""
            raise UsageError(f"unknown {what} '{name}'; {hint}valid: {', '.join(valid)}")
