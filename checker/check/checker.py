"""Check project files against the rule catalogue. Never prints, never exits."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, overload

from checker.catalogue.load import Catalogue
from checker.catalogue.model import Outcome, Rule
from checker.check.declared import declared_inputs
from checker.check.duties import duty_finding, given_way
from checker.check.exemptions import claim_for, duty_grounds
from checker.check.prepare import plan_for, prepare
from checker.check.remedy import REMEDIED, remedy_for
from checker.check.words import (
    RuleText,
    actual_text,
    cause_field,
    messages,
    missing_fields,
    not_applicable_cause,
    not_applicable_reason,
)
from checker.errors import GreencheckError, InputError, Problem, UsageError
from checker.evaluation.engines import make_engine
from checker.evaluation.protocol import Prepared, RawOutcome
from checker.input.loader import LoadedProject, load_project
from checker.input.project import KINDS
from checker.input.validation import unknown_rule_problem
from checker.messages import Words, input_problem, internal_problem, say, words
from checker.metrics.registry import MetricValue, Trace
from checker.report.model import (
    Checked,
    Claim,
    Finding,
    ProjectReport,
    Remedy,
    Rendered,
    citation_of,
    verdict_of,
)

PROJECT_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
NOT_APPLICABLE_KEPT = 4096  # made not-applicable findings kept for reuse (memory stays flat)
log = logging.getLogger("greencheck")


@dataclass(frozen=True)
class Unreadable:
    """Something under a given directory that looks like a project file or holds them but
    cannot be read: a directory that cannot be listed, a broken link, a FIFO. It becomes that
    path's input error, never a silent gap in the batch."""

    path: str
    reason: Words


ProjectPath = Path | Unreadable


@dataclass(frozen=True)
class CheckOptions:
    assessed_on: dt.date = field(default_factory=dt.date.today)
    engine: Literal["durable_rules", "oracle"] = "durable_rules"
    fail_on_advisory: bool = False
    rules: tuple[str, ...] | None = None  # a selection of rule ids; None: the whole catalogue
    # each report echoes what its file declares (``ProjectReport.inputs``); off when no format
    # of the run shows it (only HTML and PDF do): walking the models costs ~6% of a check
    declared: bool = True


class Checker:
    def __init__(self, catalogue: Catalogue, options: CheckOptions | None = None):
        self.catalogue = catalogue
        self.options = options or CheckOptions()
        selected = self.options.rules
        self.active = catalogue if selected is None else catalogue.select(selected)
        self.engine = make_engine(self.active.rules, self.options.engine)
        self._known_ids = catalogue.names()
        self._by_kind = {kind: self.active.for_kind(kind) for kind in KINDS}
        self._plans = {kind: plan_for(rules, kind) for kind, rules in self._by_kind.items()}
        self._rules = {rule.id: rule for rule in self.active.rules}
        duties = self.active.duties()
        self._duties_by_kind = {kind: [(duty, members) for duty, members in duties
                                       if members[0].kind == kind] for kind in KINDS}
        self._texts = {rule.id: RuleText.of(rule) for rule in self.active.rules}
        self._citations = {rule.id: citation_of(rule, self._texts[rule.id].effective,
                                                self._texts[rule.id].effective_en)
                           for rule in self.active.rules}
        self._cited = {rule_id: (citation,) for rule_id, citation in self._citations.items()}
        self._grounds = {rule.id: duty_grounds(members) for _, members in duties for rule in members}
        self._grounds_en = {rule_id: {g.named_by: g.named_by_en for g in grounds}
                            for rule_id, grounds in self._grounds.items()}
        self._names = {rule.id: frozenset({duty, *(member.id for member in members)})
                       for duty, members in duties for rule in members}
        self._not_applicable_made: dict[tuple[Any, ...], Finding] = {}
        # a duty none of whose clauses applies, by the identity of its first clause's finding
        self._duty_not_applicable: dict[int, tuple[Finding, Finding]] = {}

    def check_paths(self, paths: Iterable[str | Path]) -> Iterator[ProjectReport]:
        return self.check_files(iter_project_files(paths))

    def check_files(self, files: Iterable[str | ProjectPath]) -> Iterator[ProjectReport]:
        """Project files in the order given; a repeated project id makes the later an error."""
        return unique_ids(self.check_entry(path) for path in files)

    def check_entry(self, entry: str | ProjectPath) -> ProjectReport:
        if isinstance(entry, Unreadable):
            return error_report(entry.path, [input_problem(entry.reason)])
        return self.check_file(entry)

    def check_file(self, path: str | Path) -> ProjectReport:
        """One file, and the error boundary of one file: whatever goes wrong becomes that
        file's error report (greencheck's own failures say they are internal errors)."""
        try:
            return self.check_loaded(load_project(path))
        except InputError as exc:
            return error_report(str(path), exc.problems)
        except GreencheckError as exc:
            return error_report(str(path), [input_problem(words("input.cannot_check", reason=exc))])
        except Exception as exc:  # the boundary: a bug must cost one file, not the batch
            log.debug("internal error while checking %s", path, exc_info=True)
            return error_report(str(path), [internal_problem(exc)])

    def check_loaded(self, loaded: LoadedProject) -> ProjectReport:
        project = loaded.project
        claims_problems = self._unknown_claims(loaded)
        if claims_problems:
            return error_report(loaded.document.file, claims_problems)
        rules = self._by_kind.get(project.kind, ())
        prepared = prepare(project, rules, self.options.assessed_on, self._plans.get(project.kind))
        outcomes = self.engine.evaluate(prepared)
        stricter = given_way(rules, outcomes)
        by_rule = {
            rule.id: (self._given_way(rule, stricter[rule.id], prepared, loaded) if rule.id in stricter
                      else self._finding(rule, outcomes[rule.id], prepared, loaded))
            for rule in rules
        }
        findings = tuple(self._duty(duty, members, by_rule)
                         for duty, members in self._duties_by_kind.get(project.kind, ()))
        return ProjectReport(
            file=loaded.document.file, id=project.id, name=project.name, kind=project.kind,
            verdict=verdict_of(findings, self.options.fail_on_advisory), results=findings,
            date=prepared.date, date_field=prepared.date_field,  # prepare took them from project
            zones=tuple(project.zones), derived_zones=project.derived_zones(),
            district=project.district,
            inputs=declared_inputs(loaded) if self.options.declared else (),
            input_sha256=loaded.document.sha256 or None,
        )

    def _duty(self, duty: str, members: tuple[Rule, ...], by_rule: dict[str, Finding]) -> Finding:
        first = by_rule[members[0].id]
        if len(members) == 1 or any(by_rule[r.id].outcome != "not_applicable" for r in members):
            return duty_finding(duty, members, by_rule)
        kept = self._duty_not_applicable.get(id(first))
        if kept is not None and kept[0] is first:
            return kept[1]
        if len(self._duty_not_applicable) >= NOT_APPLICABLE_KEPT:
            self._duty_not_applicable.clear()
        finding = duty_finding(duty, members, by_rule)
        self._duty_not_applicable[id(first)] = (first, finding)
        return finding

    def _given_way(self, rule: Rule, stricter: str, prepared: Prepared,
                   loaded: LoadedProject) -> Finding:
        title = self._rules[stricter].title
        return self._not_applicable(rule, self._texts[rule.id],
                                    ("given_way", stricter, title.zh, title.en), prepared, loaded)

    def _unknown_claims(self, loaded: LoadedProject) -> list[Problem]:
        return [unknown_rule_problem(loaded.document, ("exemptions", index, "rule"), claim.rule,
                                     self._known_ids, "input.unknown_rule.exemption")
                for index, claim in enumerate(loaded.project.exemptions)
                if claim.rule not in self._known_ids]

    def _finding(self, rule: Rule, outcome: RawOutcome, prepared: Prepared,
                 loaded: LoadedProject) -> Finding:
        text = self._texts[rule.id]
        computed = prepared.metrics.get(rule.id)
        if outcome == "not_applicable":
            return self._not_applicable(rule, text, not_applicable_cause(rule, prepared, computed),
                                        prepared, loaded)
        computed = computed or NOT_COMPUTED
        zh, en = messages(rule, outcome, computed, prepared, text)
        claim = (claim_for(rule, loaded.project, self._grounds[rule.id], self._names[rule.id])
                 if outcome == "fail" else None)
        remedy = (remedy_for(rule, outcome, computed, prepared, loaded.project)
                  if outcome in REMEDIED and (claim is None or not claim.accepted) else None)
        if claim is None:
            finding = self._plain(rule, text, outcome, zh, en, computed.trace,
                                  _deciding_field(computed), _line(loaded, computed),
                                  computed if outcome != "insufficient_data" else None, remedy)
            if outcome == "insufficient_data":
                missing = tuple(missing_fields(rule, computed, prepared))
                finding = dataclasses.replace(finding, missing=missing)
            return finding
        zh += _claimed(claim, "zh")
        en += _claimed(claim, "en", self._grounds_en[rule.id])
        finding = self._plain(rule, text, "waived" if claim.accepted else outcome, zh, en,
                              computed.trace, _deciding_field(computed), _line(loaded, computed), computed,
                              remedy)
        return dataclasses.replace(finding, claim=claim)

    def _not_applicable(self, rule: Rule, text: RuleText, cause: tuple[Any, ...],
                        prepared: Prepared, loaded: LoadedProject) -> Finding:
        """Most findings of a batch: the same rule ruled out by the same cause, so the same
        finding (per line), made once."""
        field_name = cause_field(rule, cause, prepared.date_field)
        line = loaded.line_of(field_name) if field_name else None
        key = (rule.id, cause, field_name, line)
        finding = self._not_applicable_made.get(key)
        if finding is None:
            if len(self._not_applicable_made) >= NOT_APPLICABLE_KEPT:
                self._not_applicable_made.clear()
            zh, en = not_applicable_reason(rule, cause, loaded.project.effective_date_field())
            finding = self._plain(rule, text, "not_applicable", zh, en, Trace(), field_name, line)
            self._not_applicable_made[key] = finding
        return finding

    def _plain(self, rule: Rule, text: RuleText, outcome: Outcome, zh: str, en: str, trace: Trace,
               field_name: str | None, line: int | None, decided: MetricValue | None = None,
               remedy: Remedy | None = None) -> Finding:
        """A finding without a claim; ``decided``: the metric value behind a pass or fail."""
        value = decided.value if decided is not None else None
        requirement = rule.requirement
        numeric = isinstance(value, Decimal) and isinstance(requirement.threshold, Decimal)
        return Finding(
            rule=rule.id, title=rule.title.zh, title_en=rule.title.en, outcome=outcome,
            binding=rule.binding, message=zh, message_en=en,
            actual=None if value is None else actual_text(rule, value, "zh"),
            actual_en=None if value is None else actual_text(rule, value, "en"),
            required=text.required, required_en=text.required_en,
            citation=self._citations[rule.id], trace=trace.zh, trace_en=trace.en,
            citations=self._cited[rule.id],  # one tuple per rule
            field=field_name, line=line, effective=text.effective, effective_en=text.effective_en,
            measured=value if numeric else None,  # type: ignore[arg-type]
            threshold=requirement.threshold if numeric else None, remedy=remedy,
            op=requirement.op if numeric else None, unit=requirement.unit if numeric else "",
        )


NOT_COMPUTED = MetricValue(None, ())


def _deciding_field(computed: MetricValue) -> str | None:
    fields = [f for f in computed.fields if f not in computed.missing] or list(computed.fields)
    return fields[0] if fields else None


def _line(loaded: LoadedProject, computed: MetricValue) -> int | None:
    for name in computed.fields:
        if name not in computed.missing and loaded.document.positions.get(tuple(name.split("."))):
            return loaded.line_of(name)
    kind_section = loaded.project.kind
    return loaded.line_of(kind_section)


@overload
def unique_ids(items: Iterable[ProjectReport]) -> Iterator[ProjectReport]: ...
@overload
def unique_ids(items: Iterable[Checked]) -> Iterator[Checked]: ...


def unique_ids(items: Iterable[Checked]) -> Iterator[Checked]:
    """The batch rule: a project id used by an earlier file makes the later file an error."""
    seen: dict[str, str] = {}
    for item in items:
        report = item.report if isinstance(item, Rendered) else item
        if report.id is not None and report.id in seen:
            problem = input_problem(words("input.duplicate_id", id=report.id, file=seen[report.id]),
                                   field="id")
            item = error_report(report.file, [problem])
        elif report.id is not None:
            seen[report.id] = report.file
        yield item


def _claimed(claim: Claim, lang: str, english_titles: dict[str, str] | None = None) -> str:
    """What a finding's message adds for an exemption claimed: the ground, who names it (in
    English by ``english_titles``: the document's English title by its Chinese label), and
    why it is not accepted."""
    english_titles = english_titles or {}
    ground, _, note = claim.in_lang(lang)
    document = claim.named_by if lang == "zh" else english_titles.get(claim.named_by, claim.named_by)
    named = say("exemption.named_by", lang, document=document) if document else ""
    rejected = "" if claim.accepted else say("exemption.why_not", lang, note=note)
    return say("exemption.claimed", lang, ground=ground, named=named, rejected=rejected)


def error_report(file: str, problems: list[Problem]) -> ProjectReport:
    ordered = tuple(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return ProjectReport(file=file, id=None, name=None, kind=None, verdict="error", errors=ordered)


def iter_project_files(paths: Iterable[str | Path]) -> Iterator[ProjectPath]:
    """The project files under ``paths`` in order: a file given is checked whatever its name; a
    directory gives its ``*.yaml``, ``*.yml`` and ``*.json`` files (sorted, hidden names
    skipped, linked directories not followed). Every path given is checked before anything is
    yielded (a usage error leaves no output begun); what cannot be read under a directory is
    yielded as ``Unreadable``; finding nothing at all is a usage error saying where it looked."""
    given = [(raw, _given_kind(raw)) for raw in paths]
    found = 0
    for raw, is_dir in given:
        entries: Iterable[ProjectPath] = _walk(Path(raw)) if is_dir else [Path(raw)]
        for entry in entries:
            found += 1
            yield entry
    if not found:
        where = ", ".join(str(raw) for raw, _ in given) or "no path given"
        raise UsageError(f"no project files (*.yaml, *.yml, *.json, *.xlsx) found in {where}")


_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}
_KIND_WORDS = {stat.S_IFIFO: "fifo", stat.S_IFCHR: "character_device",
               stat.S_IFBLK: "block_device", stat.S_IFSOCK: "socket"}


def _given_kind(raw: str | Path) -> bool:
    """Whether a path given is a directory (else a file); a usage error if it is neither."""
    try:
        mode = os.stat(raw).st_mode
    except FileNotFoundError:
        if os.path.islink(raw):
            raise UsageError(f"broken symbolic link: {raw} -> {os.readlink(raw)}") from None
        raise UsageError(f"no such file or directory: {raw}") from None
    except OSError as exc:
        raise UsageError(f"cannot access {raw}: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        return True
    if stat.S_ISREG(mode):
        return False
    kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
    raise UsageError(f"{raw} is {kind}, not a project file or a directory of them")


def _walk(root: Path) -> list[ProjectPath]:
    found: list[ProjectPath] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            found.append(Unreadable(str(folder), words("input.path.directory", reason=exc.strerror)))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                    continue
                wanted = (os.path.splitext(entry.name)[1].lower() in PROJECT_SUFFIXES
                          and not entry.name.startswith("~$"))  # Excel's lock file of an open workbook
                if wanted and not entry.is_file():
                    found.append(_unreadable_entry(path))
                elif wanted:
                    found.append(path)
            except OSError as exc:
                found.append(Unreadable(str(path), words("input.path.unreadable", reason=exc.strerror)))
    found.sort(key=lambda p: p.parts if isinstance(p, Path) else Path(p.path).parts)
    return found


def _unreadable_entry(path: Path) -> Unreadable:
    """A project-named entry that is not a regular file (or a link to one)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return Unreadable(str(path), words("input.path.broken_link", target=os.readlink(path)))
    except OSError as exc:
        return Unreadable(str(path), words("input.path.unreadable", reason=exc.strerror))
    if stat.S_ISDIR(mode):  # a linked directory with a project's name: not followed
        return Unreadable(str(path), words("input.path.linked_directory"))
    kind = _KIND_WORDS.get(stat.S_IFMT(mode), "other")
    return Unreadable(str(path), words("input.path.special", kind=words(f"input.path.{kind}")))
