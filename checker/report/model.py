"""The immutable report model every output format renders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from checker.catalogue.model import Outcome, Rule
from checker.errors import INTERNAL_ERROR, Problem

Verdict = Literal["pass", "fail", "incomplete", "not_applicable", "error"]


@dataclass(frozen=True)
class CitationInfo:
    """One clause a finding rests on: where it is, its words, its period and its strength."""

    document: str
    number: str | None
    clause: str
    text: str
    label: str | None = None
    rule: str = ""  # the id of the rule that encodes the clause
    context: str | None = None  # the enclosing sentence, where the quote alone is not clear
    effective: str = ""  # the clause's period, in words
    effective_en: str = ""
    document_en: str = ""  # the document's title in English (``document.title_en``)
    strength: str = ""  # the clause's own words that set its strength, e.g. 不低于
    binding: bool = True


@dataclass(frozen=True)
class Claim:
    """An exemption claimed for a finding, and whether the clause accepts its ground.

    source "project": claimed in the project file (``exemptions``), accepted only on a ground the
    clause names. source "waiver": a CI waiver (justification, approver, expiry date).
    """

    ground: str
    evidence: str | None
    accepted: bool
    source: Literal["project", "waiver"] = "project"
    note: str = ""
    ground_en: str = ""
    note_en: str = ""
    justification: str | None = None
    approved_by: str | None = None
    expires: dt.date | None = None
    named_by: str = ""  # the document whose clause names the accepted ground
    evidence_en: str | None = None  # ``evidence`` in English where it is greencheck's words

    def in_lang(self, lang: str) -> tuple[str, str | None, str]:
        """(ground, evidence, note) as a report in ``lang`` shows them (a claim's own words,
        the project's, stay as written)."""
        if lang == "en":
            return (self.ground_en or self.ground, self.evidence_en or self.evidence,
                    self.note_en or self.note)
        return self.ground, self.evidence, self.note


@dataclass(frozen=True)
class Notice:
    """A run-level remark that is not a finding: expired or unused waiver, baselined findings."""

    code: str  # waiver_expired | waiver_unused | baselined
    message: str
    message_en: str
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Change:
    """One field of the project file and the value that settles the finding.

    ``before`` and ``after`` are written as in a project file ("4900", "true", "two_star");
    ``before`` None: the field is not given; ``after`` None: the value is the project's to
    fill in (insufficient data)."""

    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Remedy:
    """The least change that passes (a fail) or decides (insufficient data), in words and as
    field changes; ``changes`` is empty where no field settles it, and ``text`` says why."""

    text: str
    text_en: str
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    title_en: str
    outcome: Outcome
    binding: bool
    message: str
    message_en: str
    actual: str | None
    required: str | None
    citation: CitationInfo
    trace: str = ""  # the calculation (计算过程), in Chinese
    trace_en: str = ""  # the calculation, in English
    field: str | None = None
    line: int | None = None
    effective: str = ""
    claim: Claim | None = None
    # ``actual``, ``required`` and ``effective`` are in Chinese; these in English
    actual_en: str | None = None
    required_en: str | None = None
    effective_en: str = ""
    # every clause in force that imposes the duty, the deciding one (``citation``) first
    citations: tuple[CitationInfo, ...] = ()
    # the numbers behind ``actual``/``required`` when both are plain Decimals (charts use them)
    measured: Decimal | None = None
    threshold: Decimal | None = None
    op: str | None = None  # how ``measured`` is compared with ``threshold`` (le, ge, ...)
    unit: str = ""  # the unit of both ("%": ratios, shown as percentages)
    # insufficient data: the fields a project must fill in before the duty can be decided
    missing: tuple[str, ...] = ()
    # what would change the outcome: on every fail and insufficient-data finding
    remedy: Remedy | None = None


@dataclass(frozen=True)
class ProjectReport:
    file: str
    id: str | None
    name: str | None
    kind: str | None
    verdict: Verdict
    errors: tuple[Problem, ...] = ()
    results: tuple[Finding, ...] = field(default_factory=tuple)
    # the date that decided which clauses were in force, and the field it comes from
    date: dt.date | None = None
    date_field: str | None = None
    zones: tuple[str, ...] = ()  # as listed in the file
    derived_zones: tuple[str, ...] = ()  # implied by the district (青浦区: 长三角…示范区)
    district: str | None = None
    # what the file declares, echoed for the reviewer: (field path, value as shown with its unit)
    inputs: tuple[tuple[str, str], ...] = ()
    input_sha256: str | None = None  # of the bytes read, computed when the file was read

    def counts(self) -> dict[str, int]:
        tally: dict[str, int] = {}
        for finding in self.results:
            tally[finding.outcome] = tally.get(finding.outcome, 0) + 1
        return tally


@dataclass(frozen=True)
class Rendered:
    """A project checked and rendered by a worker process for a streamed report: its report
    without findings (the parent needs only the verdict and id) and its text in that format,
    encoded as UTF-8: bytes cross the pipe as they are (a str is encoded by pickle, decoded by the
    parent and encoded again by the report file), and the parent writes them as they are."""

    report: ProjectReport
    text: bytes


Checked = ProjectReport | Rendered


def status_of(report: ProjectReport) -> str:
    """The project's verdict, or ``INTERNAL_ERROR`` when greencheck itself failed on its file
    (a verdict "error" whose problem says so; the exit code is 3)."""
    if report.verdict == "error" and any(p.code == INTERNAL_ERROR for p in report.errors):
        return INTERNAL_ERROR
    return report.verdict


def verdict_of(findings: tuple[Finding, ...], fail_on_advisory: bool = False) -> Verdict:
    counted = [f for f in findings if f.binding or fail_on_advisory]
    if any(f.outcome == "fail" for f in counted):
        return "fail"
    if any(f.outcome == "insufficient_data" for f in counted):
        return "incomplete"
    if all(f.outcome == "not_applicable" for f in findings):
        return "not_applicable"  # nothing was checked: never a pass
    return "pass"


# failures first, then what still needs data, then the rest; binding before advisory
OUTCOME_ORDER: Mapping[str, int] = {"fail": 0, "insufficient_data": 1, "waived": 2, "pass": 3,
                                    "not_applicable": 4}
VERDICT_ORDER: Mapping[str, int] = {"error": 0, "fail": 1, "incomplete": 2, "pass": 3,
                                    "not_applicable": 4}


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (OUTCOME_ORDER[f.outcome], not f.binding, f.rule))


def fill_in(findings: Iterable[Finding]) -> list[tuple[str, tuple[Finding, ...]]]:
    """One list of what a project is missing, however many duties need it: each field (a
    finding's ``missing``, else its deciding field) with the insufficient-data findings that
    need it, in the order given; the project's own fields before clause parameters
    (``parameters.``), and among each those a binding duty needs first. The review form and the
    terminal text both show this list."""
    needs: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.outcome != "insufficient_data":
            continue
        for name in finding.missing or (finding.field or "?",):
            if finding not in needs.setdefault(name, []):
                needs[name].append(finding)
    return sorted(((name, tuple(needed)) for name, needed in needs.items()),
                  key=lambda item: (item[0].startswith("parameters."),
                                    not any(f.binding for f in item[1])))


@dataclass(frozen=True)
class Summary:
    """What a reader wants first: verdicts, outcome counts, and the binding failures."""

    projects: int
    verdicts: Mapping[str, int]
    outcomes: Mapping[str, int]
    binding_failures: tuple[tuple[ProjectReport, Finding], ...]


def summarise(reports: Iterable[ProjectReport]) -> Summary:
    reports = list(reports)
    verdicts: dict[str, int] = {}
    outcomes: dict[str, int] = {}
    failures: list[tuple[ProjectReport, Finding]] = []
    for report in reports:
        verdicts[report.verdict] = verdicts.get(report.verdict, 0) + 1
        for outcome, count in report.counts().items():
            outcomes[outcome] = outcomes.get(outcome, 0) + count
        failures.extend((report, f) for f in report.results if f.outcome == "fail" and f.binding)
    return Summary(len(reports), dict(sorted(verdicts.items(), key=lambda kv: VERDICT_ORDER[kv[0]])),
                   dict(sorted(outcomes.items(), key=lambda kv: OUTCOME_ORDER[kv[0]])),
                   tuple(failures))


def citation_of(rule: Rule, effective: str = "", effective_en: str = "") -> CitationInfo:
    document = rule.document
    return CitationInfo(
        document=document.title if document else "", number=document.number if document else None,
        clause=rule.citation.clause, text=rule.citation.text, label=rule.citation.label,
        rule=rule.id, context=rule.citation.context, effective=effective, strength=rule.strength,
        binding=rule.binding, effective_en=effective_en,
        document_en=document.title_en if document else "",
    )
