"""Baseline: report only what is new since a previous JSON report (``--baseline previous.json``).

A finding is known when the previous report has the same file, project id and rule id with
outcome fail or insufficient_data. Known findings are left out of the report (and of the exit
code); a notice says how many, so a baseline never hides anything silently.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from checker.errors import GreencheckError, InputError, Problem
from checker.messages import say
from checker.report.escape import json_text
from checker.report.model import Notice, ProjectReport, verdict_of

KNOWN_OUTCOMES = frozenset({"fail", "insufficient_data"})
Key = tuple[str, str, str]


def normal_file(file: str) -> str:
    """A file as the JSON report writes it (a name that is not UTF-8 has U+FFFD), normalised."""
    return json_text(os.path.normpath(file).replace(os.sep, "/"))


def _duty(duty_of: Callable[[str], str], rule: str) -> str:
    try:
        return duty_of(rule)
    except GreencheckError:  # a rule no longer in the catalogue matches nothing
        return rule


def load_baseline(path: str | Path) -> frozenset[Key]:
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(file, [Problem(f"cannot read baseline: {exc.strerror}")]) from None
    try:
        data = json.loads(_decode(raw, file))
    except json.JSONDecodeError as exc:
        raise InputError(file, [Problem(f"baseline is not JSON: {exc.msg}", line=exc.lineno,
                                        column=exc.colno)]) from None
    except RecursionError:
        raise InputError(file, [Problem("baseline is nested too deeply to be a greencheck "
                                        "JSON report")]) from None
    projects = data.get("projects") if isinstance(data, dict) else None
    if not isinstance(projects, list):
        raise InputError(file, [Problem(
            "a baseline is a JSON report of greencheck (greencheck check --format json); "
            "it has no 'projects' list")])
    return frozenset(_keys(projects, file))


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(file, [Problem("baseline is UTF-16; greencheck writes its JSON report "
                                        "in UTF-8: use the file it wrote, or save it as UTF-8")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(file, [Problem("baseline is not UTF-8" + _gbk_hint(raw), line=line)]) from None


def _gbk_hint(raw: bytes) -> str:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return " (it looks like GBK/GB18030: save it as UTF-8)"


def _keys(projects: list[Any], file: str) -> list[Key]:
    keys = []
    for index, project in enumerate(projects):
        where = f"projects[{index}]"
        if not isinstance(project, dict):
            raise _shape(file, where, "an object", project)
        results = project.get("results") or []
        if not isinstance(results, list):
            raise _shape(file, f"{where}.results", "a list", results)
        if not project.get("id"):
            continue
        for result in results:
            if isinstance(result, dict) and result.get("outcome") in KNOWN_OUTCOMES:
                keys.append((normal_file(str(project.get("file"))), str(project["id"]),
                             str(result.get("rule"))))
    return keys


def _shape(file: str, where: str, expected: str, found: Any) -> InputError:
    return InputError(file, [Problem(
        f"is {type(found).__name__}, not {expected}; a baseline is a JSON report of "
        "greencheck (greencheck check --format json)", field=where)])


def apply_baseline(reports: Sequence[ProjectReport], known: frozenset[Key], source: str,
                   fail_on_advisory: bool = False,
                   duty_of: Callable[[str], str] | None = None) -> tuple[list[ProjectReport], list[Notice]]:
    """Leave out findings the baseline has. ``duty_of`` maps a baseline's rule ids (from before
    its clauses were joined into duties) to the duties they are now."""
    if duty_of is not None:
        known = frozenset((file, project, _duty(duty_of, rule)) for file, project, rule in known)
    result = []
    count = 0
    for report in reports:
        if report.verdict == "error" or report.id is None:
            result.append(report)
            continue
        kept = tuple(
            finding for finding in report.results
            if finding.outcome not in KNOWN_OUTCOMES
            or (normal_file(report.file), report.id, finding.rule) not in known
        )
        count += len(report.results) - len(kept)
        result.append(dataclasses.replace(report, results=kept,
                                          verdict=verdict_of(kept, fail_on_advisory)))
    notice = Notice("baselined", say("baseline.left_out", "zh", count=count, source=source),
                    say("baseline.left_out", "en", count=count, source=source), file=source)
    return result, [notice]
