"""JUnit XML for CI: one testsuite per project file, one testcase per rule of the project's kind.

binding fail -> <failure>; binding insufficient data -> <error>; not applicable -> <skipped>;
advisory failures, advisory gaps and waivers pass with a note in <system-out>.
Every value passes through ``escape.xml`` (characters XML 1.0 cannot hold are dropped).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from checker.errors import INTERNAL_ERROR
from checker.messages import say
from checker.report import RenderContext
from checker.report.escape import xml
from checker.report.labels import (
    OUTCOMES,
    WORDS,
    actual,
    citations,
    effective,
    lang_of,
    message,
    quoted,
    remedy,
    required,
    shown,
    title,
    trace,
)
from checker.report.model import Finding, ProjectReport


def render(reports: list[ProjectReport], context: RenderContext) -> str:
    lang = lang_of(context.lang)
    root = ET.Element("testsuites", name="greencheck")
    for report in reports:
        root.append(_suite(ET, report, lang))
    _tally(root, root.findall("testsuite"))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _tally(element: Any, suites: list[Any]) -> None:
    for key in ("tests", "failures", "errors", "skipped"):
        element.set(key, str(sum(int(s.get(key)) for s in suites)))


def _suite(ET: Any, report: ProjectReport, lang: str) -> Any:
    file = xml(shown(report.file))
    suite = ET.Element("testsuite", name=file)
    properties = ET.SubElement(suite, "properties")
    for name, value in (("file", file), ("project.id", report.id), ("project.name", report.name),
                        ("project.kind", report.kind), ("verdict", report.verdict)):
        if value is not None:
            ET.SubElement(properties, "property", name=name, value=xml(value))
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for problem in report.errors:
        case = ET.SubElement(suite, "testcase", classname=file, name="load project file",
                             file=file)
        if problem.line:
            case.set("line", str(problem.line))
        error_type = "internal_error" if problem.code == INTERNAL_ERROR else "input_error"
        error = ET.SubElement(case, "error", type=error_type, message=xml(problem.text(lang)))
        error.text = xml(problem.describe(file, lang))
        counts["tests"] += 1
        counts["errors"] += 1
    for finding in report.results:
        kind = _case(ET, suite, report, finding, lang)
        counts["tests"] += 1
        if kind:
            counts[kind] += 1
    for key, count in counts.items():
        suite.set(key, str(count))
    return suite


def _case(ET: Any, suite: Any, report: ProjectReport, finding: Finding, lang: str) -> str | None:
    """Add one testcase; returns the counter it adds to (failures/errors/skipped) or None."""
    case = ET.SubElement(suite, "testcase", classname=xml(report.id or shown(report.file)),
                         name=xml(f"{finding.rule} {title(finding, lang)}"),
                         file=xml(shown(report.file)))
    if finding.line:
        case.set("line", str(finding.line))
    text = xml(message(finding, lang))
    details = xml(_details(finding, text, lang, remedy(finding, lang), trace(finding, lang)))
    if finding.outcome == "not_applicable":
        ET.SubElement(case, "skipped", message=text)
        return "skipped"
    if finding.binding and finding.outcome == "fail":
        ET.SubElement(case, "failure", type="binding", message=text).text = details
        return "failures"
    if finding.binding and finding.outcome == "insufficient_data":
        ET.SubElement(case, "error", type="insufficient_data", message=text).text = details
        return "errors"
    note = ""
    if finding.outcome != "pass":
        strength = WORDS[lang_of(lang)]["binding" if finding.binding else "advisory"]
        note = f"[{strength} {OUTCOMES[lang_of(lang)][finding.outcome]}] "
    ET.SubElement(case, "system-out").text = note + details
    return None


def _details(finding: Finding, text: str, lang: str, fix: str = "", calculation: str = "") -> str:
    words = WORDS[lang_of(lang)]
    colon = "：" if lang_of(lang) == "zh" else ": "
    found, wanted = actual(finding, lang), required(finding, lang)
    lines = [text]
    if found is not None or wanted is not None:
        sep = "；" if lang_of(lang) == "zh" else "; "
        lines.append(f"{words['actual']}{colon}{found or '-'}{sep}{words['required']}{colon}{wanted or '-'}")
    if calculation:
        lines.append(calculation)
    if fix:
        lines.append(f"{words['remedy']}{colon}{fix}")
    lines.extend(quoted(citation, lang) for citation in citations(finding))
    lines.append(f"{words['effective']}{colon}{effective(finding, lang)}")
    if finding.claim:
        claim = finding.claim
        ground, evidence, note = claim.in_lang(lang)
        verdict = (say("report.accepted", lang) if claim.accepted
                   else say("report.not_accepted", lang, note=note))
        lines.append(say("report.exemption_claimed", lang, ground=ground, evidence=evidence or "-",
                         verdict=verdict))
    return "\n".join(lines)
