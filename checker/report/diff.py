"""``greencheck diff`` rendered: text for a reviewer (zh or en) and JSON for a machine.

The JSON keys are a contract (README, "Comparing two submissions"): ``old``/``new`` (file, id,
name, verdict, errors), ``regression``, ``inputs`` [{field, change, old, new}], ``duties``
[{rule, title, binding, required, change, old, new}] with each side {outcome, actual, message}
or null, and ``summary`` (duties per change). JSON lists every duty; text lists the unchanged
ones only when asked.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from checker.check.compare import CHANGES, Change, Comparison, DutyChange, InputChange, Value
from checker.messages import LANGS, table
from checker.report.codes import value_zh
from checker.report.labels import (
    OUTCOMES,
    VERDICTS,
    WORDS,
    actual,
    lang_of,
    message,
    required,
    shown,
    strength,
    title,
)
from checker.report.model import OUTCOME_ORDER, Finding, ProjectReport

DIFF_WORDS = {lang: table("diff", lang) for lang in LANGS}  # from the one catalogue
ITEM, DETAIL = "    ", "      "


# --- values ---------------------------------------------------------------------------------

def plain(number: Decimal) -> str:
    """A Decimal exactly, without exponent or trailing zeros: 2.6E+3 -> "2600", 0.420 -> "0.42"."""
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "0") else text


def value_json(value: Value) -> Any:
    """Quantities as exact decimal strings (in the field's unit), dates as ISO dates."""
    if isinstance(value, tuple):
        return [value_json(item) for item in value]
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def value_text(value: Value, lang: str, field: str = "") -> str:
    """A value for a reader; in Chinese, flags as 是/否 and the format's codes in words."""
    words = DIFF_WORDS[lang]
    if value is None:
        return words["absent"]
    if isinstance(value, bool):
        return words["yes" if value else "no"]
    if isinstance(value, Decimal):
        whole, dot, fraction = plain(value).partition(".")
        return f"{int(whole):,}{dot}{fraction}" if whole.lstrip("-").isdigit() else plain(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(value_text(item, lang, field) for item in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and lang == "zh":
        return value_zh(field, value)
    return str(value)


# --- JSON -----------------------------------------------------------------------------------

def side_dict(report: ProjectReport, lang: str = "en") -> dict[str, Any]:
    return {"file": report.file, "id": report.id, "name": report.name, "verdict": report.verdict,
            "errors": [problem.as_dict(lang) for problem in report.errors]}


def input_dict(change: InputChange) -> dict[str, Any]:
    return {"field": change.field, "change": change.kind, "old": value_json(change.old),
            "new": value_json(change.new)}


def outcome_dict(finding: Finding | None, lang: str) -> dict[str, Any] | None:
    if finding is None:
        return None
    return {"outcome": finding.outcome, "actual": actual(finding, lang),
            "message": message(finding, lang)}


def duty_dict(duty: DutyChange, lang: str) -> dict[str, Any]:
    either = duty.either
    return {"rule": duty.rule, "title": title(either, lang), "binding": either.binding,
            "required": required(either, lang), "change": duty.change,
            "old": outcome_dict(duty.old, lang), "new": outcome_dict(duty.new, lang)}


def diff_dict(comparison: Comparison, lang: str, tool_version: str,
              assessed_on: dt.date) -> dict[str, Any]:
    return {
        "tool": {"name": "greencheck", "version": tool_version},
        "assessed_on": assessed_on.isoformat(),
        "old": side_dict(comparison.old, lang),
        "new": side_dict(comparison.new, lang),
        "regression": comparison.regression,
        "inputs": [input_dict(change) for change in comparison.inputs],
        "duties": [duty_dict(duty, lang) for duty in ordered_duties(comparison.duties)],
        "summary": comparison.counts(),
    }


def render_json(comparison: Comparison, lang: str, tool_version: str, assessed_on: dt.date) -> str:
    document = diff_dict(comparison, lang_of(lang), tool_version, assessed_on)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- text -----------------------------------------------------------------------------------

def ordered_duties(duties: tuple[DutyChange, ...]) -> list[DutyChange]:
    """By change (newly failing first), binding before advisory, the new outcome, the rule."""
    def key(duty: DutyChange) -> tuple[int, bool, int, str]:
        outcome = duty.new.outcome if duty.new else "not_applicable"
        return CHANGES.index(duty.change), not duty.binding, OUTCOME_ORDER[outcome], duty.rule

    return sorted(duties, key=key)


def render_text(comparison: Comparison, lang: str, show_all: bool = False) -> str:
    lang = lang_of(lang)
    if comparison.errors:
        return "\n".join(_errors(comparison, lang)) + "\n"
    words = DIFF_WORDS[lang]
    old, new = comparison.old, comparison.new
    lines = [f"{words['compared']}: {shown(old.file)} → {shown(new.file)}",
             f"{words['project']}: {_arrow(_label(old), _label(new))}",
             f"{words['verdict']}: {_arrow(VERDICTS[lang][old.verdict], VERDICTS[lang][new.verdict])}"]
    if comparison.ids_differ:
        lines.append(f"({words['ids_differ']})" if lang == "en" else f"（{words['ids_differ']}）")
    lines.append("")
    lines.extend(_inputs(comparison.inputs, lang))
    lines.append("")
    lines.append(f"{words['duties']}:")
    by_change: dict[Change, list[DutyChange]] = {change: [] for change in CHANGES}
    for duty in ordered_duties(comparison.duties):
        by_change[duty.change].append(duty)
    for change in CHANGES[:-1]:
        if by_change[change]:
            lines.append(f"  {words[change]} ({len(by_change[change])}):")
            for duty in by_change[change]:
                lines.extend(_duty(duty, lang))
    unchanged = by_change["unchanged"]
    if show_all and unchanged:
        lines.append(f"  {words['unchanged']} ({len(unchanged)}):")
        lines.extend(_unchanged(duty, lang) for duty in unchanged)
    elif unchanged:
        lines.append(f"  {words['unchanged']} ({len(unchanged)}): {words['not_listed']}")
    lines.append("")
    counts = comparison.counts()
    separator = "，" if lang == "zh" else ", "
    lines.append(separator.join(f"{words[change]} {counts[change]}" for change in CHANGES))
    regressions = sum(duty.regression for duty in comparison.duties)
    lines.append(f"{words['regression']}: {regressions}" if regressions else words["no_regression"])
    return "\n".join(lines) + "\n"


def _label(report: ProjectReport) -> str:
    return " ".join(part for part in (report.id, report.name) if part)


def _arrow(old: str, new: str) -> str:
    return old if old == new else f"{old} → {new}"


def _inputs(changes: tuple[InputChange, ...], lang: str) -> list[str]:
    words = DIFF_WORDS[lang]
    if not changes:
        return [words["no_inputs"]]
    lines = [f"{words['inputs']} ({len(changes)}):"]
    for change in changes:
        note = "" if change.kind == "changed" else (
            f"  （{words[change.kind]}）" if lang == "zh" else f"  ({words[change.kind]})")
        lines.append(f"  {change.field}: {value_text(change.old, lang, change.field)} → "
                     f"{value_text(change.new, lang, change.field)}{note}")
    return lines


def _outcome(finding: Finding | None, lang: str) -> str:
    return OUTCOMES[lang][finding.outcome] if finding else DIFF_WORDS[lang]["no_duty"]


def _duty(duty: DutyChange, lang: str) -> list[str]:
    words, labels = DIFF_WORDS[lang], WORDS[lang]
    either = duty.either
    lines = [f"{ITEM}{strength(either, lang)}  {duty.rule}  "
             f"{_arrow(_outcome(duty.old, lang), _outcome(duty.new, lang))}  {title(either, lang)}"]
    old_actual = actual(duty.old, lang) if duty.old else None
    new_actual = actual(duty.new, lang) if duty.new else None
    if old_actual is not None or new_actual is not None:
        wanted = required(either, lang)
        needed = (f"（{labels['required']} {wanted}）" if lang == "zh"
                  else f" ({labels['required'].lower()} {wanted})") if wanted else ""
        lines.append(f"{DETAIL}{labels['actual']}: {old_actual or '—'} → {new_actual or '—'}{needed}")
    old_message = message(duty.old, lang) if duty.old else None
    new_message = message(duty.new, lang) if duty.new else None
    if old_message == new_message:
        lines.append(f"{DETAIL}{labels['message']}: {new_message}")
    else:
        for side, text in ((words["before"], old_message), (words["after"], new_message)):
            if text is not None:
                lines.append(f"{DETAIL}{side}: {text}")
    return lines


def _unchanged(duty: DutyChange, lang: str) -> str:
    either = duty.either
    return (f"{ITEM}{strength(either, lang)}  {duty.rule}  {_outcome(duty.new, lang)}  "
            f"{message(either, lang)}")


def _errors(comparison: Comparison, lang: str) -> list[str]:
    """An invalid file, as ``check`` reports it: the file, its verdict, each problem located."""
    lines: list[str] = []
    for report in (comparison.old, comparison.new):
        if report.verdict != "error" or (report is comparison.new and lines
                                          and report.file == comparison.old.file):
            continue  # valid, or the same file given twice
        lines.append(f"{shown(report.file)}: {VERDICTS[lang]['error']}")
        lines.extend(f"  {WORDS[lang]['errors']}  {problem.describe(shown(report.file), lang)}"
                     for problem in report.errors)
    return lines
