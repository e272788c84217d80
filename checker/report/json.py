"""The JSON report: the stable machine contract (see README, "JSON report")."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from checker.report import RenderContext
from checker.report.model import Claim, Finding, Notice, ProjectReport


def finding_dict(finding: Finding, lang: str) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "title": finding.title if lang == "zh" else finding.title_en,
        "outcome": finding.outcome,
        "binding": finding.binding,
        "message": finding.message if lang == "zh" else finding.message_en,
        "actual": finding.actual,
        "required": finding.required,
        "trace": finding.trace,
        "field": finding.field,
        "line": finding.line,
        "effective": finding.effective,
        "claim": claim_dict(finding.claim),
        "citation": asdict(finding.citation),
    }


def claim_dict(claim: Claim | None) -> dict[str, Any] | None:
    if claim is None:
        return None
    data = asdict(claim)
    data["expires"] = claim.expires.isoformat() if claim.expires else None
    return data


def notice_dict(notice: Notice, lang: str) -> dict[str, Any]:
    return {"code": notice.code, "message": notice.message if lang == "zh" else notice.message_en,
            "file": notice.file, "line": notice.line}


def project_dict(report: ProjectReport, lang: str) -> dict[str, Any]:
    return {
        "file": report.file,
        "id": report.id,
        "name": report.name,
        "kind": report.kind,
        "verdict": report.verdict,
        "errors": [problem.as_dict() for problem in report.errors],
        "results": [finding_dict(finding, lang) for finding in report.results],
    }


def report_dict(reports: list[ProjectReport], context: RenderContext) -> dict[str, Any]:
    return {
        "tool": {"name": "greencheck", "version": context.tool_version, "engine": context.engine},
        "projects": [project_dict(report, context.lang) for report in reports],
        "notices": [notice_dict(notice, context.lang) for notice in context.notices],
    }


def render(reports: list[ProjectReport], context: RenderContext) -> str:
    return json.dumps(report_dict(reports, context), ensure_ascii=False, indent=2) + "\n"
