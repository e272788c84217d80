"""Check project files against the rule catalogue. Never prints, never exits."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Protocol

from checker.errors import GreencheckError, InputError, Problem, UsageError
from checker.explain import (
    RuleText,
    cause_field,
    messages,
    not_applicable_cause,
    not_applicable_reason,
    show,
)
from checker.findings import CitationInfo, Claim, Finding, ProjectReport, verdict_of
from checker.loader import LoadedProject, load_project
from checker.metrics import Measure, lookup
from checker.oracle import OracleEngine, RawOutcome
from checker.prepare import Prepared, prepare
from checker.project import KINDS, Project
from checker.rules import Catalogue, ExemptionGround, Outcome, Rule

PROJECT_SUFFIXES = (".yaml", ".yml", ".json")
NOT_APPLICABLE_KEPT = 4096  # made not-applicable findings kept for reuse (memory stays flat)


class Engine(Protocol):
    name: str

    def evaluate(self, prepared: Prepared) -> dict[str, RawOutcome]: ...


@dataclass(frozen=True)
class CheckOptions:
    assessed_on: dt.date = field(default_factory=dt.date.today)
    engine: Literal["durable_rules", "oracle"] = "durable_rules"
    fail_on_advisory: bool = False
    rules: tuple[str, ...] | None = None  # a selection of rule ids; None: the whole catalogue


def make_engine(rules: tuple[Rule, ...], name: str) -> Engine:
    if name == "oracle":
        return OracleEngine(rules)
    from checker.engine import DurableEngine

    return DurableEngine(rules)


class Checker:
    def __init__(self, catalogue: Catalogue, options: CheckOptions | None = None):
        self.catalogue = catalogue
        self.options = options or CheckOptions()
        selected = self.options.rules
        self.active = catalogue if selected is None else catalogue.select(selected)
        self.engine = make_engine(self.active.rules, self.options.engine)
        self._known_ids = sorted(rule.id for rule in catalogue.rules)
        self._by_kind = {kind: self.active.for_kind(kind) for kind in KINDS}
        self._texts = {rule.id: RuleText.of(rule) for rule in self.active.rules}
        self._citations = {rule.id: citation_of(rule) for rule in self.active.rules}
        self._not_applicable_made: dict[tuple[Any, ...], Finding] = {}

    def check_paths(self, paths: Iterable[str | Path]) -> Iterator[ProjectReport]:
        return self.check_files(iter_project_files(paths))

    def check_files(self, files: Iterable[str | Path]) -> Iterator[ProjectReport]:
        """Project files in the order given; a repeated project id makes the later an error."""
        return unique_ids(self.check_file(path) for path in files)

    def check_file(self, path: str | Path) -> ProjectReport:
        """One file; any error greencheck raises on purpose becomes that file's error report."""
        try:
            return self.check_loaded(load_project(path))
        except InputError as exc:
            return error_report(str(path), exc.problems)
        except GreencheckError as exc:
            return error_report(str(path), [Problem(f"cannot check this file: {exc}")])

    def check_loaded(self, loaded: LoadedProject) -> ProjectReport:
        project = loaded.project
        claims_problems = self._unknown_claims(loaded)
        if claims_problems:
            return error_report(loaded.document.file, claims_problems)
        rules = self._by_kind.get(project.kind, ())
        prepared = prepare(project, rules, self.options.assessed_on)
        outcomes = self.engine.evaluate(prepared)
        findings = tuple(
            self._finding(rule, outcomes[rule.id], prepared, loaded) for rule in rules
        )
        return ProjectReport(
            file=loaded.document.file, id=project.id, name=project.name, kind=project.kind,
            verdict=verdict_of(findings, self.options.fail_on_advisory), results=findings,
        )

    def _unknown_claims(self, loaded: LoadedProject) -> list[Problem]:
        from checker.validation import unknown_rule_problem

        return [unknown_rule_problem(loaded.document, ("exemptions", index, "rule"), claim.rule,
                                     self._known_ids, "exemption names unknown rule")
                for index, claim in enumerate(loaded.project.exemptions)
                if claim.rule not in self._known_ids]

    def _finding(self, rule: Rule, outcome: RawOutcome, prepared: Prepared,
                 loaded: LoadedProject) -> Finding:
        text = self._texts[rule.id]
        measure = prepared.measures.get(rule.id)
        if outcome == "not_applicable":
            return self._not_applicable(rule, text, not_applicable_cause(rule, prepared, measure), loaded)
        measure = measure or UNMEASURED
        zh, en = messages(rule, outcome, measure, prepared, text)
        claim = claim_for(rule, loaded.project) if outcome == "fail" else None
        if claim is None:
            return self._plain(rule, text, outcome, zh, en, measure.trace, _deciding_field(measure),
                               _line(loaded, measure), measure if outcome != "insufficient_data" else None)
        zh += f"；豁免：{claim.ground}" + ("" if claim.accepted else f"（{claim.note}）")
        en += (f"; exemption claimed: {claim.ground_en or claim.ground}"
               + ("" if claim.accepted else f" ({claim.note_en})"))
        finding = self._plain(rule, text, "waived" if claim.accepted else outcome, zh, en,
                              measure.trace, _deciding_field(measure), _line(loaded, measure), measure)
        return dataclasses.replace(finding, claim=claim)

    def _not_applicable(self, rule: Rule, text: RuleText, cause: tuple[Any, ...],
                        loaded: LoadedProject) -> Finding:
        """Most findings of a batch: the same rule ruled out by the same cause, so the same
        finding (per line), made once."""
        field_name = cause_field(rule, cause, loaded.project.effective_date_field())
        line = loaded.line_of(field_name) if field_name else None
        key = (rule.id, cause, field_name, line)
        finding = self._not_applicable_made.get(key)
        if finding is None:
            if len(self._not_applicable_made) >= NOT_APPLICABLE_KEPT:
                self._not_applicable_made.clear()
            zh, en = not_applicable_reason(rule, cause, text)
            finding = self._plain(rule, text, "not_applicable", zh, en, "", field_name, line)
            self._not_applicable_made[key] = finding
        return finding

    def _plain(self, rule: Rule, text: RuleText, outcome: Outcome, zh: str, en: str, trace: str,
               field_name: str | None, line: int | None, decided: Measure | None = None) -> Finding:
        """A finding without a claim; ``decided``: the measure behind a pass or fail."""
        value = decided.value if decided is not None else None
        requirement = rule.requirement
        numeric = isinstance(value, Decimal) and isinstance(requirement.threshold, Decimal)
        return Finding(
            rule=rule.id, title=rule.title.zh, title_en=rule.title.en, outcome=outcome,
            binding=rule.binding, message=zh, message_en=en,
            actual=None if value is None else show(value, requirement.unit, requirement.threshold),
            required=text.required, citation=self._citations[rule.id], trace=trace,
            field=field_name, line=line, effective=text.effective,
            measured=value if numeric else None,  # type: ignore[arg-type]
            threshold=requirement.threshold if numeric else None,
        )


def citation_of(rule: Rule) -> CitationInfo:
    document = rule.document
    return CitationInfo(
        document=document.title if document else "", number=document.number if document else None,
        clause=rule.citation.clause, text=rule.citation.text, label=rule.citation.label,
    )


def claim_for(rule: Rule, project: Project) -> Claim | None:
    """A claimed exemption for this rule, checked against the grounds the clause names.

    A ground is claimed by a project field the rule names (``field``), or in the project's
    ``exemptions`` list by the ground's id, Chinese or English name. A claim on any other ground
    is kept visible (not accepted, with a note naming the grounds the clause does accept).
    """
    for ground in rule.exemptions:
        if ground.field and lookup(project, ground.field) == ground.ground:
            return Claim(ground.zh, f"{ground.field}: {ground.ground}", accepted=True,
                         ground_en=ground.en)
    claims = [claimed for claimed in project.exemptions if claimed.rule == rule.id]
    for claimed in claims:
        named = _named_ground(rule, claimed.reason)
        if named is not None:
            return Claim(named.zh, claimed.evidence, accepted=True, ground_en=named.en)
    if not claims:
        return None
    first = claims[0]
    zh_names = "、".join(g.zh for g in rule.exemptions)
    en_names = "; ".join(f"{g.en} ({g.ground})" for g in rule.exemptions)
    return Claim(
        first.reason, first.evidence, accepted=False, ground_en=first.reason,
        note=f"该理由不是条款接受的豁免情形；条款列明：{zh_names}" if zh_names
        else "该理由不是条款接受的豁免情形；条款未列明任何豁免情形",
        note_en=f"the ground is not one the clause accepts; it names: {en_names}" if en_names
        else "the ground is not one the clause accepts; it names none",
    )


def _named_ground(rule: Rule, reason: str) -> ExemptionGround | None:
    wanted = " ".join(reason.split()).casefold()
    for ground in rule.exemptions:
        if wanted in {ground.ground, ground.zh.casefold(), ground.en.casefold()}:
            return ground
    return None


UNMEASURED = Measure(None, ())


def _deciding_field(measure: Measure) -> str | None:
    fields = [f for f in measure.fields if f not in measure.missing] or list(measure.fields)
    return fields[0] if fields else None


def _line(loaded: LoadedProject, measure: Measure) -> int | None:
    for name in measure.fields:
        if name not in measure.missing and loaded.document.positions.get(tuple(name.split("."))):
            return loaded.line_of(name)
    kind_section = loaded.project.kind
    return loaded.line_of(kind_section)


def unique_ids(reports: Iterable[ProjectReport]) -> Iterator[ProjectReport]:
    """The batch rule: a project id used by an earlier file makes the later file an error."""
    seen: dict[str, str] = {}
    for report in reports:
        if report.id is not None and report.id in seen:
            problem = Problem(f"project id '{report.id}' is also used by {seen[report.id]}", field="id")
            report = error_report(report.file, [problem])
        elif report.id is not None:
            seen[report.id] = report.file
        yield report


def error_report(file: str, problems: list[Problem]) -> ProjectReport:
    ordered = tuple(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return ProjectReport(file=file, id=None, name=None, kind=None, verdict="error", errors=ordered)


def iter_project_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(  # by parts, as Paths compare, without their slow __lt__
                (p for p in path.rglob("*")
                if p.suffix.lower() in PROJECT_SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)),
                key=lambda p: p.parts,
            )
        elif path.is_file():
            yield path
        else:
            raise UsageError(f"no such file or directory: {raw}")
