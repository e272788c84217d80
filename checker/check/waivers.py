"""CI waivers (``--waivers greencheck-waivers.yaml``): accepted risks with a justification, an
approver and an expiry date.

    waivers:
      - rule: CP-DC-PUE-NEW
        project: "JD-DC-*"          # project id; shell-style glob allowed
        justification: 液冷改造已立项，2026年底前完成
        approved_by: 张三
        expires: 2026-12-31

Unlike a silently ignored suppression list: unknown keys and unknown rule ids are errors with a
line; a waived failure stays visible as ``waived``; a waiver whose date has passed no longer
applies (the failure fails again) and is reported; a waiver that matched nothing is reported.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from pydantic import Field

from checker.catalogue.load import Catalogue
from checker.errors import InputError
from checker.input.document import read_document
from checker.input.project import Date, Text
from checker.input.schema import Strict
from checker.input.validation import unknown_rule_problem, validate_model
from checker.messages import say
from checker.report.model import Claim, Finding, Notice, ProjectReport, verdict_of


class Waiver(Strict):
    rule: Text = Field(description="规则编号 rule id")
    project: Text = Field(description="项目编号，可用通配符 project id, glob allowed")
    justification: Text = Field(description="理由 why the risk is accepted")
    approved_by: Text = Field(description="批准人 who approved it")
    expires: Date = Field(description="失效日期 YYYY-MM-DD; after it the waiver no longer applies")


class WaiverFile(Strict):
    waivers: list[Waiver]


@dataclass(frozen=True)
class Waivers:
    file: str
    entries: tuple[Waiver, ...]
    lines: tuple[int | None, ...]
    duties: tuple[str, ...] = ()  # the duty each entry's rule id names (a rule id is an alias)


def load_waivers(path: str | Path, catalogue: Catalogue) -> Waivers:
    document = read_document(path)
    parsed = validate_model(document, WaiverFile, "a waiver file")
    known = catalogue.names()
    lines = tuple(
        (document.position_of(("waivers", index)) or (None, None))[0]
        for index in range(len(parsed.waivers))
    )
    problems = [unknown_rule_problem(document, ("waivers", index, "rule"), waiver.rule, known,
                                     "input.unknown_rule.waiver")
                for index, waiver in enumerate(parsed.waivers) if waiver.rule not in known]
    if problems:
        raise InputError(document.file, problems)
    duties = tuple(catalogue.duty_of(waiver.rule) for waiver in parsed.waivers)
    return Waivers(document.file, tuple(parsed.waivers), lines, duties)


def apply_waivers(reports: Sequence[ProjectReport], waivers: Waivers, as_of: dt.date,
                  fail_on_advisory: bool = False) -> tuple[list[ProjectReport], list[Notice]]:
    """Turn failures a valid waiver covers into ``waived``; report expired and unused waivers."""
    used: set[int] = set()
    expired_hits: dict[int, list[str]] = {}
    result = []
    for report in reports:
        if report.verdict == "error" or report.id is None:
            result.append(report)
            continue
        findings = []
        for finding in report.results:
            index = _matching(waivers, report.id, finding, as_of, expired_hits)
            if index is None:
                findings.append(finding)
                continue
            used.add(index)
            findings.append(waived(finding, waivers.entries[index]))
        results = tuple(findings)
        result.append(dataclasses.replace(
            report, results=results, verdict=verdict_of(results, fail_on_advisory)))
    return result, _notices(waivers, as_of, used, expired_hits)


def _matching(waivers: Waivers, project_id: str, finding: Finding, as_of: dt.date,
              expired_hits: dict[int, list[str]]) -> int | None:
    if finding.outcome != "fail":
        return None
    found = None
    for index, waiver in enumerate(waivers.entries):
        duty = waivers.duties[index] if waivers.duties else waiver.rule
        if duty != finding.rule or not fnmatchcase(project_id, waiver.project):
            continue
        if waiver.expires < as_of:
            expired_hits.setdefault(index, []).append(project_id)
        elif found is None:
            found = index
    return found


def waived(finding: Finding, waiver: Waiver) -> Finding:
    claim = Claim(
        ground=say("waiver.ground", "zh"), ground_en=say("waiver.ground", "en"), evidence=None, accepted=True, source="waiver",
        justification=waiver.justification, approved_by=waiver.approved_by, expires=waiver.expires,
    )
    until = waiver.expires.isoformat()
    return dataclasses.replace(
        finding, outcome="waived", claim=claim, remedy=None,
        message=say("waiver.waived", "zh", message=finding.message, by=waiver.approved_by,
                    until=until, why=waiver.justification),
        message_en=say("waiver.waived", "en", message=finding.message_en, by=waiver.approved_by,
                       until=until, why=waiver.justification),
    )


def _notices(waivers: Waivers, as_of: dt.date, used: set[int],
             expired_hits: dict[int, list[str]]) -> list[Notice]:
    notices = []
    for index, waiver in enumerate(waivers.entries):
        line = waivers.lines[index]
        subject = f"{waiver.rule} / {waiver.project}"
        until = waiver.expires.isoformat()
        if waiver.expires < as_of:
            ids = sorted(set(expired_hits.get(index, [])))
            notices.append(Notice("waiver_expired", _expired("zh", subject, until, as_of, ids),
                                  _expired("en", subject, until, as_of, ids), waivers.file, line))
        elif index not in used:
            notices.append(Notice("waiver_unused", say("waiver.unused", "zh", subject=subject),
                                  say("waiver.unused", "en", subject=subject), waivers.file, line))
    return notices


def _expired(lang: str, subject: str, until: str, as_of: dt.date, ids: list[str]) -> str:
    again = say("waiver.counts_again", lang, projects=say("list_sep", lang).join(ids)) if ids else ""
    return say("waiver.expired", lang, subject=subject, until=until, as_of=as_of.isoformat(),
               again=again)
