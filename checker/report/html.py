"""One self-contained HTML file: inline CSS and SVG, no scripts, printable on A4.

Each project is a review form a reviewer prints and signs: its header (what, where, which
dates, which file by its SHA-256, which rule data), the values it declares, the failures, one
list of the data still to fill in, the passes, the clauses that do not apply (folded), a space
for a review comment on every finding and a sign-off block. In print every project starts a
page whose running header names it, and every page is numbered 第X页 共Y页 (CSS paged media:
``@page`` margin boxes, named pages).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from checker.check.words import write_hint
from checker.messages import code_label, field_label, listed, place, units_in, value_label
from checker.metrics.registry import fmt, quantized
from checker.report import RenderContext
from checker.report.labels import (
    DATE_BASIS,
    FORM,
    OUTCOMES,
    VERDICTS,
    WORDS,
    actual,
    cite,
    effective,
    lang_of,
    message,
    problem_where,
    project_label,
    remedy,
    required,
    shown,
    title,
    trace,
    where,
)
from checker.report.model import Finding, ProjectReport, fill_in, ordered, summarise
from checker.report.templating import render_template


def render(reports: list[ProjectReport], context: RenderContext, for_print: bool = False) -> str:
    """The report; ``for_print``: as the PDF is printed from it (the folded lists unfolded)."""
    lang = lang_of(context.lang)
    projects = [_project(index, report, lang) for index, report in enumerate(reports, start=1)]
    anchors = {id(report): item["anchor"] for report, item in zip(reports, projects, strict=True)}
    summary = summarise(reports)
    failures = [
        {"anchor": f"{anchors[id(report)]}-{finding.rule}", "project": project_label(report),
         "rule": finding.rule, "title": title(finding, lang), "message": message(finding, lang)}
        for report, finding in summary.binding_failures
    ]
    words = {**WORDS[lang], **FORM[lang]}
    return render_template(
        "report.html.j2", lang=lang, html_lang="zh-CN" if lang == "zh" else "en",
        w=words, outcome_words=OUTCOMES[lang], verdict_words=VERDICTS[lang],
        context=context, summary=summary, paths=lang == "en", place=lambda zone: place(zone, lang), failures=failures, projects=projects,
        verdict_filters=[v for v in VERDICTS[lang] if v in summary.verdicts],
        page_rules=_page_rules(projects, words, context, len(projects) == 1),
        for_print=for_print, single=len(projects) == 1,
        document_title=(f"{words['title']} · {projects[0]['label']}" if len(projects) == 1
                        else words["title"]),
    )


def _project(index: int, report: ProjectReport, lang: str) -> dict[str, Any]:
    anchor = f"p{index}"
    findings = ordered(report.results)

    def made(outcome: str) -> list[dict[str, Any]]:
        return [_finding(anchor, report, f, lang) for f in findings if f.outcome == outcome]

    return {
        "anchor": anchor, "report": report, "label": project_label(report),
        "file": shown(report.file), "counts": report.counts(),
        "kind": code_label(report.kind, lang) if report.kind else None,
        "zones": [(zone, False) for zone in report.zones]
        + [(zone, True) for zone in report.derived_zones],
        "dates": _dates(report, lang),
        "district": place(report.district, lang) if report.district else None,
        "inputs": [{"field": breakable(path), "path": path, "label": field_label(path, lang),
                    "value": _value(value, lang)} for path, value in report.inputs],
        # zh: the message names the field by its label; en: its path beside the message
        "errors": [{"where": problem_where(report.file, p),
                    "field": p.field if lang == "en" or not p.message_zh else None,
                    "message": p.text(lang)}
                   for p in report.errors],
        "failures": made("fail"), "waived": made("waived"), "passes": made("pass"),
        "fill_in": _fill_in(anchor, findings, lang),
        "not_applicable": made("not_applicable"),
    }


def _finding(anchor: str, report: ProjectReport, finding: Finding, lang: str) -> dict[str, Any]:
    return {
        "anchor": f"{anchor}-{finding.rule}", "f": finding, "title": title(finding, lang),
        "message": message(finding, lang), "source": cite(finding.citation, lang),
        "where": where(report.file, finding.line), "chart": chart(finding, lang),
        "remedy": remedy(finding, lang), "actual": actual(finding, lang),
        "required": required(finding, lang), "effective": effective(finding, lang),
        "trace": trace(finding, lang), "field_label": field_label(finding.field or "", lang),
        "changes": [{"field": change.field, "label": field_label(change.field, lang),
                     "before": _change_value(change.before, lang),
                     "after": _change_value(change.after, lang)}
                    for change in (finding.remedy.changes if finding.remedy else ())],
        "claim": finding.claim.in_lang(lang) if finding.claim else None,
    }


def _change_value(value: str | None, lang: str) -> str | None:
    return None if value is None else _value(value, lang)


def _dates(report: ProjectReport, lang: str) -> list[dict[str, Any]]:
    """Every date the file gives that can decide which clauses are in force, the deciding one
    marked; the deciding one even where the file gives none (then "none")."""
    fields = ["approval_date", f"{report.kind}.year"]
    given = dict(report.inputs)
    dates = [{"field": name, "label": _date_label(name, lang), "value": given[name],
              "decided": name == report.date_field}
             for name in fields if name in given]
    if report.date_field and report.date_field not in given:
        dates.append({"field": report.date_field, "label": _date_label(report.date_field, lang),
                      "value": None, "decided": True})
    return dates


def _date_label(field: str, lang: str) -> str:
    return DATE_BASIS[lang]["approval_date" if field == "approval_date" else "year"]


def _value(value: str, lang: str) -> str:
    """A declared value as the report's language says it: flags and codes in words (lists of
    codes too); numbers, units and the project's own text as shown."""
    if value in ("true", "false"):
        return value_label(value == "true", lang)
    if value.startswith("[") and value.endswith("]"):
        items = [item.strip() for item in value[1:-1].split(",") if item.strip()]
        return listed((code_label(item, lang) for item in items), lang)
    if lang == "en":  # the unit in English; the text as written (the file's own) stays as it is
        shown, _, written = value.partition("（")
        value = units_in(shown, lang) + (f" (as written: {written.removesuffix('）')})" if written else "")
    return code_label(value, lang)


def _fill_in(anchor: str, findings: list[Finding], lang: str) -> list[dict[str, Any]]:
    """One list of what is missing: each field, and every duty that needs it."""
    return [{"field": breakable(field), "path": field,
             "label": field_label(field, lang),
             "parameter": field.startswith("parameters."), "hint": write_hint(field, lang),
             "duties": [{"rule": finding.rule, "title": title(finding, lang),
                         "binding": finding.binding, "source": cite(finding.citation, lang),
                         "anchor": f"{anchor}-{finding.rule}"} for finding in needed]}
            for field, needed in fill_in(findings)]


def breakable(path: str) -> Markup:
    """A dotted field path that a narrow column breaks after its dots, not inside its names."""
    return Markup(".<wbr>").join(path.split("."))




def _page_rules(projects: list[dict[str, Any]], words: dict[str, str],
                context: RenderContext, single: bool) -> Markup:
    """The print's margin boxes (CSS, inside <style>): the report's title and stamps at the top,
    第X页 共Y页 at the foot, and a named page per project whose running header names it."""
    before, rest = words["page_of"].split("{page}")
    middle, after = rest.split("{pages}")
    stamp = f"greencheck {context.tool_version}"
    if context.checked_on:
        stamp += f" · {words['checked_on']} {context.checked_on}"
    rules = [
        "@page {",
        f"  @top-left {{ content: {css_string(words['title'])}; }}",
        f"  @top-right {{ content: {css_string(stamp)}; }}",
        f"  @bottom-center {{ content: {css_string(before)} counter(page) {css_string(middle)} "
        f"counter(pages) {css_string(after)}; }}",
        "}",
    ]
    for project in projects:
        name = project["report"].id or project["label"]
        header = css_string(f"{words['project']} {name} · {words['form_title']}")
        rules.append(f"@page {project['anchor']} {{ @top-left {{ content: {header}; }} }}")
        rules.append(f"{'body' if single else '#' + project['anchor']} "
                     f"{{ page: {project['anchor']}; }}")
    return Markup("\n".join(rules))  # every text in it is css_string-escaped


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end the string, the rule or the <style>
    element: anything but letters, digits, space and CJK is written as a hex escape."""
    out = []
    for char in text:
        if (char.isalnum() and (char.isascii() or char.isprintable())) or char in " -_.:/·":
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return '"' + "".join(out) + '"'


# Charts -------------------------------------------------------------------------------------

WIDTH, LEFT, RIGHT = 440, 20, 420  # the SVG, and the track the values are placed on
CENTRE = (LEFT + RIGHT) / 2
STEPS = (Decimal("0.05"), Decimal("0.1"), Decimal("0.2"), Decimal("0.5"), Decimal(1),
         Decimal(2), Decimal(5), Decimal(10), Decimal(100))  # half-windows, in bounds
SYMBOLS = {"le": "≤", "lt": "<", "ge": "≥", "gt": ">"}
FLIPPED = {"le": "ge", "lt": "gt"}


def chart(finding: Finding, lang: str) -> dict[str, Any] | None:
    """Where the value and the bound sit on an axis scaled around the bound (never from zero):
    a half-window of 5%, 10%, 20%, 50%, ... of the bound, the smallest that puts the value
    within three quarters of it, so that a near miss (29.9% for ≥ 30%) and a clear one (PUE
    1.35 for ≤ 1.3) look different. The side of the bound that passes is shaded green.

    A required fall (a change ≤ a negative bound: −3.2% for ≤ −5%) is drawn as the fall
    achieved against the fall required (下降 3.2% vs 要求下降 ≥ 5%)."""
    value, bound, op = finding.measured, finding.threshold, finding.op
    if value is None or bound is None or op not in SYMBOLS:
        return None
    words = FORM[lang]
    percent = finding.unit == "%"
    fall = op in FLIPPED and bound < 0
    if fall:
        value, bound, op = -value, -bound, FLIPPED[op]
    low, high = _window(value, bound, percent and not fall)

    def x(number: Decimal) -> float:
        return round(LEFT + float((number - low) / (high - low)) * (RIGHT - LEFT), 1)

    passes_right = op in ("ge", "gt")
    xb, xv = x(bound), x(value)
    exact_bound = _exact(bound, percent)
    if fall:
        bound_text = f"{words['fall_required']} {SYMBOLS[op]} {exact_bound}"
        value_text = _fall_text(value, None, percent, words)  # from the number: 下降 3.2%
    else:
        bound_text = f"{words['bound']} {SYMBOLS[op]} {exact_bound}"
        value_text = f"{words['actual_short']} {actual(finding, lang) or _shown(value, percent)}"
    value_width = _width(value_text, 11)
    anchor = ("start" if xv - value_width / 2 < 2 else "end" if xv + value_width / 2 > WIDTH - 2
              else "middle")
    left_text = _edge(low, percent, fall, words, passes_right, left=True)
    right_text = _edge(high, percent, fall, words, passes_right, left=False)
    half_bound = _width(bound_text, 11) / 2 + 6
    if LEFT + _width(left_text, 10) > xb - half_bound:
        left_text = ""  # the bound's own label is there (the zone's colour still tells the side)
    if RIGHT - _width(right_text, 10) < xb + half_bound:
        right_text = ""
    return {
        "low": x(low), "bound": xb, "value": xv, "high": x(high),
        "pass_from": xb if passes_right else LEFT, "pass_to": RIGHT if passes_right else xb,
        "fail_from": LEFT if passes_right else xb, "fail_to": xb if passes_right else RIGHT,
        "gap_from": min(xb, xv), "gap_width": round(abs(xv - xb), 1),
        "bound_text": bound_text, "value_text": value_text, "value_anchor": anchor,
        "value_x": {"start": max(xv - 4, 2), "end": min(xv + 4, WIDTH - 2)}.get(anchor, xv),
        "bound_anchor": ("start" if xb - half_bound < 0 else "end" if xb + half_bound > WIDTH
                         else "middle"),
        "left_text": left_text, "right_text": right_text,
        "gap_text": _gap_text(value, bound, percent, fall, words),
    }


def _width(text: str, size: float) -> float:
    """About how wide ``text`` is in the chart's font (CJK a full em, the rest ~0.56 em)."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.56 for c in text)


def _window(value: Decimal, bound: Decimal, percent: bool) -> tuple[Decimal, Decimal]:
    gap = abs(value - bound)
    if bound == 0:
        half = Decimal(1)
        while half * Decimal("0.75") < gap:
            half *= 10
        while half / 10 * Decimal("0.75") >= gap and gap > 0 and half > Decimal("1e-6"):
            half /= 10
    else:
        half = next((abs(bound) * step for step in STEPS if gap <= abs(bound) * step * Decimal("0.75")),
                    gap / Decimal("0.75"))
    low, high = bound - half, bound + half
    if low < 0 <= min(value, bound):  # a quantity that cannot be negative: the axis stops at 0
        low = Decimal(0)
    if percent and high > 1 >= max(value, bound) and min(value, bound) >= 0:
        high = Decimal(1)  # a share: the axis stops at 100%
    return low, high


def _exact(number: Decimal, percent: bool) -> str:
    return fmt((number * 100).normalize()) + "%" if percent else fmt(number.normalize())


def _shown(number: Decimal, percent: bool) -> str:
    """A number on the axis: four significant digits (its ends and gaps, not its values)."""
    scaled = number * 100 if percent else number
    if scaled != 0:
        scaled = scaled.quantize(Decimal(1).scaleb(min(0, scaled.adjusted() - 3)))
    return fmt(scaled.normalize()) + ("%" if percent else "")


def _fall_text(fall: Decimal, actual: str | None, percent: bool, words: dict[str, str]) -> str:
    text = (actual or _shown(-fall, percent)).lstrip("-−")
    if fall == 0:
        return f"{words['no_change']} {text}"
    return f"{words['fall'] if fall > 0 else words['rise']} {text}"


def _edge(number: Decimal, percent: bool, fall: bool, words: dict[str, str],
          passes_right: bool, left: bool) -> str:
    side = words["passes"] if passes_right != left else words["fails"]
    value = _shown(abs(number) if fall else number, percent)
    if fall and number < 0:
        value = f"{words['rise']} {value}"  # a fall below zero is a rise
    return f"◀ {side} {value}" if left else f"{value} {side} ▶"


def _points(share: Decimal) -> str:
    """A difference of shares in percentage points, to a hundredth of a point as the values are
    shown (more digits only where that would round it to nothing)."""
    points = quantized(share * 100, Decimal("0.01"))
    return fmt(points.normalize()) if points else _shown(share * 100, False)


def _gap_text(value: Decimal, bound: Decimal, percent: bool, fall: bool,
              words: dict[str, str]) -> str:
    diff = value - bound
    if diff == 0:
        return words["gap_none_fall" if fall else "gap_none"]
    amount = _points(abs(diff)) + words["points"] if percent else _shown(abs(diff), False)
    relative = "" if percent or bound == 0 else words["relative"].format(
        _shown(abs(diff) / abs(bound), True))
    key = ("gap_fall_" if fall else "gap_") + ("above" if diff > 0 else "below")
    return words[key].format(amount=amount, relative=relative)
