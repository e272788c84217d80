"""SARIF 2.1.0: every rule in tool.driver.rules, every failure (and waiver, suppressed) a result.

File locations are URI references: relative to %SRCROOT% (the working directory, declared in
``originalUriBaseIds``) and percent-encoded, or absolute ``file:`` URIs outside it.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from checker.catalogue.docs import help_uri
from checker.errors import INTERNAL_ERROR
from checker.report import RenderContext
from checker.report import sarif_model as S
from checker.report.escape import json_text
from checker.report.json import remedy_dict
from checker.report.labels import (
    actual,
    cite,
    effective,
    finding_text,
    lang_of,
    quoted,
    required,
    title,
    uri,
)
from checker.report.model import CitationInfo, Finding, ProjectReport, citation_of

FINGERPRINT = "greencheckFinding/v1"
SRCROOT = "%SRCROOT%"
INPUT_RULE = "GC-INPUT"  # a file that could not be checked: a result at the offending line
SRCROOT_LOCATION = S.ArtifactLocation(description=S.Message(
    "The directory greencheck ran in; relative artifact URIs are relative to it."))


def render(reports: list[ProjectReport], context: RenderContext) -> str:
    lang = lang_of(context.lang)
    descriptors = _descriptors(reports, context, lang)
    index = {d.id: i for i, d in enumerate(descriptors)}
    results = [_result(report, finding, index, lang)
               for report in reports for finding in report.results
               if finding.outcome in {"fail", "waived", "insufficient_data"}]
    results += [_input_result(report.file, problem, index[INPUT_RULE], lang)
                for report in reports for problem in report.errors]
    notifications = [_notification(report.file, problem, lang)
                     for report in reports for problem in report.errors]
    semver = context.tool_version if re.fullmatch(r"\d+\.\d+\.\d+\S*", context.tool_version) else None
    artifacts = [S.Artifact(_artifact(r.file)) for r in reports]
    unchecked = any(r.errors for r in reports)  # a file that could not be checked
    run = S.Run(
        tool=S.Tool(S.ToolComponent("greencheck", context.tool_version, semver, descriptors)),
        results=results,
        invocations=[S.Invocation(not unchecked, notifications)],
        artifacts=artifacts,
        original_uri_base_ids={SRCROOT: SRCROOT_LOCATION}
        if any(a.location.uri_base_id for a in artifacts) else {},
    )
    return json_text(json.dumps(S.to_json(S.Log(runs=[run])), ensure_ascii=False, indent=2) + "\n")


def _artifact(file: str) -> S.ArtifactLocation:
    reference = uri(file)
    return S.ArtifactLocation(reference, None if reference.startswith("file:") else SRCROOT)


def _descriptors(reports: list[ProjectReport], context: RenderContext,
                 lang: str) -> list[S.ReportingDescriptor]:
    out: dict[str, S.ReportingDescriptor] = {}
    doc_url = context.rules_doc_url
    for rule in context.rules:  # one descriptor per duty: the first of its rules describes it
        duty = rule.duty or rule.id
        if duty in out:
            continue
        out[duty] = _descriptor(
            duty, rule.title.zh if lang == "zh" else rule.title.en, rule.binding,
            citation_of(rule), {"strength": rule.strength, "tags": list(rule.tags),
                                "effective_from": rule.effective_from.isoformat()}, doc_url)
    for report in reports:  # rules the catalogue did not pass in still get a descriptor
        for finding in report.results:
            if finding.rule not in out:
                out[finding.rule] = _descriptor(finding.rule, title(finding, lang),
                                                finding.binding, finding.citation, {}, doc_url)
    out[INPUT_RULE] = S.ReportingDescriptor(
        id=INPUT_RULE,
        short_description=S.MultiformatMessage("A file greencheck could not check"),
        full_description=S.MultiformatMessage(
            "The file is not a valid greencheck project file (or greencheck failed on it); "
            "none of its duties was checked."),
        help=S.MultiformatMessage("Fix the file at the line shown; see PROJECT_FORMAT.md."),
        default_configuration=S.ReportingConfiguration("error"),
        help_uri=help_uri(INPUT_RULE, doc_url),
    )
    return list(out.values())


def _descriptor(rule_id: str, name: str, binding: bool, citation: CitationInfo,
                extra: dict[str, Any], doc_url: str | None) -> S.ReportingDescriptor:
    return S.ReportingDescriptor(
        id=rule_id,
        short_description=S.MultiformatMessage(name),
        full_description=S.MultiformatMessage(f"{name}。{quoted(citation)}"),
        help=S.MultiformatMessage(quoted(citation), f"**{cite(citation)}**\n\n> {citation.text}"),
        default_configuration=S.ReportingConfiguration("error" if binding else "warning"),
        help_uri=help_uri(rule_id, doc_url),
        properties={"binding": binding, "document": citation.document,
                    "number": citation.number, "clause": citation.clause,
                    "citation": citation.text, **extra},
    )


def fingerprint(file_uri: str, project_id: str | None, rule_id: str) -> str:
    key = "\x00".join((file_uri, project_id or "", rule_id))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _location(file: str, line: int | None, column: int | None = None) -> S.Location:
    region = S.Region(line, column) if line else None
    return S.Location(S.PhysicalLocation(_artifact(file), region))


def _result(report: ProjectReport, finding: Finding, index: dict[str, int],
            lang: str) -> S.Result:
    if finding.outcome == "insufficient_data":
        level = "note"
    else:
        level = "error" if finding.binding else "warning"
    suppressions = []
    if finding.outcome == "waived" and finding.claim:
        claim = finding.claim
        kind = "inSource" if claim.source == "project" else "external"
        ground, evidence, _ = claim.in_lang(lang)
        justification = ground + (f" ({evidence})" if evidence else "")
        suppressions.append(S.Suppression(kind, justification))
    text = finding_text(finding, lang)
    properties: dict[str, Any] = {
        "project": report.id, "outcome": finding.outcome, "binding": finding.binding,
        "actual": actual(finding, lang), "required": required(finding, lang), "field": finding.field,
        "effective": effective(finding, lang), "remedy": remedy_dict(finding.remedy, lang),
    }
    return S.Result(
        rule_id=finding.rule, rule_index=index[finding.rule], level=level,
        message=S.Message(text), locations=[_location(report.file, finding.line)],
        partial_fingerprints={FINGERPRINT: fingerprint(uri(report.file), report.id, finding.rule)},
        suppressions=suppressions,
        properties={k: v for k, v in properties.items() if v is not None},
    )


def _input_result(file: str, problem: Any, rule_index: int, lang: str) -> S.Result:
    text = problem.describe(uri(file), lang)
    return S.Result(
        rule_id=INPUT_RULE, rule_index=rule_index, level="error", message=S.Message(text),
        locations=[_location(file, problem.line, problem.column)],
        partial_fingerprints={FINGERPRINT: fingerprint(uri(file), None,
                                                       f"{INPUT_RULE}:{problem.code}")},
        properties={"internal": problem.code == INTERNAL_ERROR,
                    **({"code": problem.code} if problem.code else {})},
    )


def _notification(file: str, problem: Any, lang: str) -> S.Notification:
    return S.Notification("error", S.Message(problem.describe(uri(file), lang)),
                          [_location(file, problem.line, problem.column)])
