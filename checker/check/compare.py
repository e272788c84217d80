"""Two submissions of one project compared: the inputs that changed and each duty's outcome.

Never prints, never exits. Inputs are compared as the validated ``Project`` holds them, so a
value written ``"0.26万 m²"`` in one file and ``2600`` in the other is the same value (Decimals
compare exactly, units are already converted), and ``null`` is the same as leaving a key out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from checker.check.checker import Checker
from checker.input.loader import load_project
from checker.input.project import Project
from checker.report.model import Finding, ProjectReport

Change = Literal["broke", "fixed", "still_failing", "changed", "unchanged"]
InputKind = Literal["added", "removed", "changed"]
# a scalar as the validated model holds it; a list of scalars (zones, renewable_energy) is one
# value; None: the field is absent (or null)
Value = Decimal | int | bool | str | dt.date | tuple[Any, ...] | None

CHANGES: tuple[Change, ...] = ("broke", "fixed", "still_failing", "changed", "unchanged")
PROBLEM = frozenset({"fail", "insufficient_data"})
SETTLED = frozenset({"pass", "waived"})


@dataclass(frozen=True)
class InputChange:
    field: str  # dotted path, list items by index: vehicle_procurement.vehicles.0.count
    old: Value
    new: Value

    @property
    def kind(self) -> InputKind:
        if self.old is None:
            return "added"
        return "removed" if self.new is None else "changed"


@dataclass(frozen=True)
class DutyChange:
    rule: str
    old: Finding | None  # None: the duty does not exist for that submission (another kind)
    new: Finding | None
    change: Change

    @property
    def either(self) -> Finding:
        finding = self.new or self.old
        assert finding is not None
        return finding

    @property
    def binding(self) -> bool:
        return self.either.binding

    @property
    def regression(self) -> bool:
        """A binding duty that went wrong: the exit code's business."""
        return self.change == "broke" and self.binding


@dataclass(frozen=True)
class Comparison:
    old: ProjectReport
    new: ProjectReport
    inputs: tuple[InputChange, ...]
    duties: tuple[DutyChange, ...]

    @property
    def ids_differ(self) -> bool:
        return self.old.id is not None and self.new.id is not None and self.old.id != self.new.id

    @property
    def errors(self) -> bool:
        return self.old.verdict == "error" or self.new.verdict == "error"

    @property
    def regression(self) -> bool:
        return any(duty.regression for duty in self.duties)

    def counts(self) -> dict[Change, int]:
        tally = dict.fromkeys(CHANGES, 0)
        for duty in self.duties:
            tally[duty.change] += 1
        return tally

    def group(self, change: Change) -> list[DutyChange]:
        return [duty for duty in self.duties if duty.change == change]


def compare_files(checker: Checker, old: str | Path, new: str | Path) -> Comparison:
    """Check both files as ``check`` does (an invalid file becomes its error report) and compare."""
    old_report, old_project = _submission(checker, old)
    new_report, new_project = _submission(checker, new)
    return compare(old_report, new_report, old_project, new_project)


def _submission(checker: Checker, path: str | Path) -> tuple[ProjectReport, Project | None]:
    report = checker.check_file(path)
    if report.verdict == "error":
        return report, None
    return report, load_project(path).project  # valid: check_file just loaded it


def compare(old: ProjectReport, new: ProjectReport, old_project: Project | None,
            new_project: Project | None) -> Comparison:
    """The comparison of two checked submissions; a project is None when its file was invalid
    (then nothing is compared and the reports carry the errors)."""
    if old_project is None or new_project is None or old.verdict == "error" or new.verdict == "error":
        return Comparison(old, new, (), ())
    return Comparison(old, new, input_changes(old_project, new_project), duty_changes(old, new))


def classify(old: str | None, new: str | None) -> Change:
    """fixed: was failing or undecided, now passes or is waived; broke: was not failing or
    undecided, now is; still_failing: failing or undecided both times; changed: any other
    change of outcome; unchanged: the same outcome (an absent duty counts as not applicable)."""
    old, new = old or "not_applicable", new or "not_applicable"
    if old in PROBLEM and new in PROBLEM:
        return "still_failing"
    if new in PROBLEM:
        return "broke"
    if old in PROBLEM and new in SETTLED:
        return "fixed"
    return "unchanged" if old == new else "changed"


def duty_changes(old: ProjectReport, new: ProjectReport) -> tuple[DutyChange, ...]:
    """Every duty of either report, in the new report's order (then any only the old one has)."""
    before = {finding.rule: finding for finding in old.results}
    after = {finding.rule: finding for finding in new.results}
    rules = [*after, *(rule for rule in before if rule not in after)]
    changes = []
    for rule in rules:
        was, now = before.get(rule), after.get(rule)
        change = classify(was.outcome if was else None, now.outcome if now else None)
        changes.append(DutyChange(rule, was, now, change))
    return tuple(changes)


def input_changes(old: Project, new: Project) -> tuple[InputChange, ...]:
    """Every field whose validated value differs, in the order the format declares fields."""
    before = dict(_leaves(old.model_dump()))
    after = dict(_leaves(new.model_dump()))
    found: list[tuple[tuple[int, ...], InputChange]] = []
    for path in before.keys() | after.keys():
        (order_old, was) = before.get(path, ((), None))
        (order_new, now) = after.get(path, ((), None))
        if _same(was, now) or _empty_list_beside_items(path, was, now, before, after):
            continue
        found.append((order_new or order_old, InputChange(".".join(map(str, path)), was, now)))
    return tuple(change for _, change in sorted(found, key=lambda item: item[0]))


Leaves = Mapping[tuple[str | int, ...], tuple[tuple[int, ...], Value]]


def _leaves(data: Any, path: tuple[str | int, ...] = (),
            order: tuple[int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], tuple[tuple[int, ...], Value]]]:
    """(path, (declaration order, value)) of every value present. A model dump lists every
    field, absent ones as None, in declaration order: a key's position is its order."""
    if isinstance(data, dict):
        for position, (key, value) in enumerate(data.items()):
            yield from _leaves(value, (*path, key), (*order, position))
    elif isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        for index, item in enumerate(data):
            yield from _leaves(item, (*path, index), (*order, index))
    elif isinstance(data, list):
        yield path, (order, tuple(data))
    elif data is not None:
        yield path, (order, data)


def _same(old: Value, new: Value) -> bool:
    # True == 1 and Decimal(1) == True in Python: a flag never equals a number here
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    return old == new


def _empty_list_beside_items(path: tuple[str | int, ...], old: Value, new: Value,
                             before: Leaves, after: Leaves) -> bool:
    """``vehicles: []`` against a list of vehicles: the items added or removed say it all."""
    if old == () and new is None:
        return any(key[:len(path)] == path and len(key) > len(path) for key in after)
    if new == () and old is None:
        return any(key[:len(path)] == path and len(key) > len(path) for key in before)
    return False
