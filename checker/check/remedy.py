"""Remediation: the least change that passes, on every fail and insufficient-data finding.

A failing finding asks its metric's inverse (``checker.metrics.registry.solve``) what would pass:

- ``Reach``: one numeric field to a bound. A non-strict bound (≤, ≥, =) that is an exact
  decimal is the value itself (4,900 → 5,000 m²). A bound that is not a finite decimal (two thirds of
  700 MW) is rounded toward passing, and a strict bound (<, >) is stepped past, at the field's
  *step*: the unit of the last decimal place given, of the value or the bound, whichever is finer,
  and never coarser than 1 (0.21 against < 0.2: 0.19; 4,900.5 m²: 0.1 m²); a count steps by 1.
- ``Assign``: fields set to values (a flag to the value required, a level to the lowest that
  passes, each short vehicle to a powertrain the clause accepts).
- ``Explain``: words only, where no one field settles it (energy is the sum of its carriers).

Every proposed value is validated as the project file would be and checked by recomputing the
metric on the changed project, with the same Decimal arithmetic as the check; a value that does
not pass is stepped once more toward passing (the metric's own rounding), and a change that
still does not pass is never proposed. An insufficient-data finding's remedy names the fields
to fill in (``after`` None) and what to write where absence has a meaning.
"""

from __future__ import annotations

import re
import typing
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from checker.catalogue.model import Outcome, Rule
from checker.check.words import metric_label, missing_fields, note_text, required_text, write_hint
from checker.evaluation.logic import compare
from checker.evaluation.protocol import Prepared
from checker.input.project import Project
from checker.input.schema import model_in
from checker.messages import field_label, listed, say, unit_label, value_label
from checker.metrics.registry import (
    Assign,
    Explain,
    MetricValue,
    Reach,
    Solution,
    compute,
    fmt,
    lookup,
    solve,
)
from checker.report.model import Change, Remedy

REMEDIED: frozenset[Outcome] = frozenset({"fail", "insufficient_data"})
EXTRA_STEPS = 3  # past a bound the metric's own rounding lands on the wrong side of

AMOUNT = {"up": ("增加{noun} {delta}（{before} → {after}）", "add {delta} of {noun} ({before} → {after})"),
          "down": ("减少{noun} {delta}（{before} → {after}）", "cut {noun} by {delta} ({before} → {after})")}
LEVEL = {"up": ("将{noun}提高到 {after}（现为 {before_u}）", "raise {noun} to {after} (now {before_u})"),
         "down": ("将{noun}降至 {after}（现为 {before_u}）", "lower {noun} to {after} (now {before_u})")}
SIDE_WORDS = {"gt": ("高于", "above"), "lt": ("低于", "below")}


def remedy_for(rule: Rule, outcome: str, computed: MetricValue, prepared: Prepared,
               project: Project) -> Remedy | None:
    """The remedy of a finding with ``outcome``; None for the outcomes that need none."""
    if outcome == "insufficient_data":
        return _missing(rule, computed, prepared, project)
    if outcome != "fail" or computed.value is None:
        return None
    solution = solve(project, rule.requirement, computed)
    remedy = _solved(rule, solution, project) if solution is not None else None
    return remedy or _unsolved(rule, computed)


def _solved(rule: Rule, solution: Solution, project: Project) -> Remedy | None:
    if isinstance(solution, Explain):
        return Remedy(_tidy(solution.zh), _tidy(solution.en))
    if isinstance(solution, Assign):
        changes = tuple((name, after) for name, _, after in solution.changes)
        if not passes(rule, changed(project, changes)):
            return None
        zh = solution.zh or "；".join(say("remedy.set", "zh", field=field_label(name, "zh"),
                                              after=_said(after, "zh"), before=_now(before, "zh"))
                                      for name, before, after in solution.changes)
        en = solution.en or "; ".join(say("remedy.set", "en", field=field_label(name, "en"),
                                              after=_said(after, "en"), before=_now(before, "en"))
                                      for name, before, after in solution.changes)
        return Remedy(_tidy(zh), _tidy(en), tuple(Change(name, _written_or_none(before), written(after))
                                                  for name, before, after in solution.changes))
    return _reach(rule, solution, project)


def _reach(rule: Rule, reach: Reach, project: Project) -> Remedy | None:
    before = lookup(project, reach.field)
    if not isinstance(before, Decimal | int) or isinstance(before, bool):
        return None
    current = Decimal(before)
    step = field_step(current, reach.at if reach.exact else None, reach.whole)
    after = first_passing(current, reach.at, reach.side, reach.exact, step, reach.whole)
    if after is None:
        return None
    up = after > current
    value: Decimal | int = int(after) if reach.whole else after
    for _ in range(EXTRA_STEPS + 1):
        if accepted(reach.field, value) and passes(rule, changed(project, ((reach.field, value),))):
            break
        after = after + step if up else after - step
        value = int(after) if reach.whole else after
    else:
        return None
    zh, en = _reach_words(rule, reach, current, after, step)
    return Remedy(zh, en, (Change(reach.field, written(before), written(value)),))


def field_step(value: Decimal, bound: Decimal | None, whole: bool = False) -> Decimal:
    """The unit of the last decimal place given (of the value, and of an exact bound), at most 1."""
    if whole:
        return Decimal(1)
    exponents = [0] + [_exponent(number) for number in (value, bound) if number is not None]
    return Decimal(1).scaleb(min(exponents))


def _exponent(number: Decimal) -> int:
    """The exponent as given: 0.30 is given to 0.01, 4900 to 1 (capped by the caller)."""
    exponent = number.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def first_passing(current: Decimal, at: Decimal, side: str, exact: bool, step: Decimal,
                  whole: bool) -> Decimal | None:
    """The value nearest ``current`` on the passing ``side`` of ``at``: ``at`` itself where it is
    exact and the bound is not strict, else the nearest value at ``step``."""
    if side == "eq":
        return at if exact and (not whole or at == at.to_integral_value()) else None
    up = side in ("ge", "gt")
    try:
        if exact and side in ("ge", "le") and not whole:
            return at
        if exact and at == at.quantize(step):
            return at + step if side == "gt" else at - step if side == "lt" else at
        return at.quantize(step, rounding=ROUND_CEILING if up else ROUND_FLOOR)
    except InvalidOperation:  # beyond Decimal's digits at that step: the bound as it is
        return at


def passes(rule: Rule, project: Project | None) -> bool:
    """Whether ``project`` meets the rule's requirement, recomputed as the check computes it."""
    requirement = rule.requirement
    if project is None or (requirement.threshold is None and requirement.op not in {"true", "false"}):
        return False
    computed = compute(project, requirement.metric, requirement.arguments)
    if computed.value is None or not computed.in_scope:
        return False
    return compare(requirement.op, computed.value, requirement.threshold)


def changed(project: Project, changes: typing.Iterable[tuple[str, Any]]) -> Project | None:
    """``project`` with each dotted field (list items by index) set to its value; None where a
    field's section is not there to change."""
    try:
        for name, value in changes:
            project = _set(project, name.split("."), value)
    except (ValueError, IndexError, AttributeError):
        return None
    return project


def _set(model: Any, parts: list[str], value: Any) -> Any:
    head, rest = parts[0], parts[1:]
    if not rest:
        return model.model_copy(update={head: value})
    child = getattr(model, head)
    if isinstance(child, list):
        index, rest = int(rest[0]), rest[1:]
        items = list(child)
        items[index] = _set(items[index], rest, value) if rest else value
        return model.model_copy(update={head: items})
    if child is None:
        raise ValueError(f"no {head} to change")
    return model.model_copy(update={head: _set(child, rest, value)})


def accepted(dotted: str, value: Any) -> bool:
    """Whether a project file may hold ``value`` at ``dotted`` (a ratio at most 1, no negatives)."""
    adapter = _adapter(tuple(p for p in dotted.split(".") if not p.isdigit()))
    if adapter is None:
        return True
    try:
        adapter.validate_python(value)
    except (ValidationError, ValueError):
        return False
    return True


@lru_cache(maxsize=256)
def _adapter(parts: tuple[str, ...]) -> TypeAdapter[Any] | None:
    model: Any = Project
    field = None
    for part in parts:
        model = model_in(model)
        field = model.model_fields.get(part) if model is not None else None
        if field is None:
            return None
        model = field.annotation
    if field is None:
        return None
    annotation = field.annotation
    if field.metadata:
        annotation = typing.Annotated[(annotation, *field.metadata)]
    return TypeAdapter(annotation)




def _reach_words(rule: Rule, reach: Reach, before: Decimal, after: Decimal,
                 step: Decimal) -> tuple[str, str]:
    unit = reach.unit
    direction = "up" if after > before else "down"
    templates = reach.words or (AMOUNT if reach.style == "amount" else LEVEL)[direction]
    noun_zh, noun_en = reach.noun or (field_label(reach.field, "zh"), field_label(reach.field, "en"))
    said = []
    for index, (lang, noun) in enumerate((("zh", _zh_noun(noun_zh)), ("en", noun_en))):
        values = {"before": _number(before, unit, lang, False), "before_u": _number(before, unit, lang),
                  "after": _number(after, unit, lang), "bound": _number(reach.at, unit, lang),
                  "delta": _number(abs(after - before), unit, lang)}
        text = templates[index].format(noun=noun, **values) + reach.note[index]
        if reach.side in SIDE_WORDS and reach.exact:
            text += say("remedy.strict", lang, side=SIDE_WORDS[reach.side][index],
                        bound=values["bound"], step=_number(step, unit, lang))
        said.append(_tidy(text))
    return said[0], said[1]


def _number(value: Decimal, unit: str, lang: str = "zh", with_unit: bool = True) -> str:
    if unit == "%":
        return fmt((value * 100).normalize()) + "%"
    label = unit_label(unit, lang)
    return f"{fmt(value)} {label}" if label and with_unit else fmt(value)


def _zh_noun(noun: str) -> str:
    """Latin words and field paths in a Chinese sentence stand apart by spaces (设计 PUE 降至)."""
    if not noun:
        return noun
    return (" " if noun[0].isascii() else "") + noun + (" " if noun[-1].isascii() else "")


def _tidy(text: str) -> str:
    return re.sub(r" {2,}", " ", text).replace(" （", "（").replace("（ ", "（").strip()


def written(value: Any) -> str:
    """A value as a project file writes it: 5000, 0.4, true, two_star, [solar_pv]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        number = value.normalize()
        return f"{number:f}" if number != 0 else "0"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(written(item) for item in value) + "]"
    return str(value)


def _written_or_none(value: Any) -> str | None:
    return None if value is None else written(value)


def _now(value: Any, lang: str = "zh") -> str:
    if value is None:
        return say("remedy.not_given", lang)
    return _said(value, lang)


def _said(value: Any, lang: str) -> str:
    """A value for a reader: a flag or a code in words, a number as written."""
    if isinstance(value, bool | str | list | tuple):
        return value_label(value, lang)
    return written(value)


def _unsolved(rule: Rule, computed: MetricValue) -> Remedy:
    """No inverse is known (or none passes): the requirement, in words."""
    name_zh, name_en = metric_label(rule)
    return Remedy(_tidy(say("remedy.unsolved", "zh", metric=_zh_noun(name_zh),
                            required=required_text(rule, "zh"))),
                  say("remedy.unsolved", "en", metric=name_en, required=required_text(rule, "en")))


def _missing(rule: Rule, computed: MetricValue, prepared: Prepared, project: Project) -> Remedy:
    """The fields to fill in (or correct: given, but 0 or inconsistent), and what to write where
    absence has a meaning; a threshold parameter without a value is no field of the project."""
    names = missing_fields(rule, computed, prepared)
    fields = [name for name in names if not name.startswith("parameters.")]
    changes = tuple(Change(name, _scalar(lookup(project, name)), None) for name in fields)
    zh_parts: list[str] = []
    en_parts: list[str] = []
    if fields:
        given = any(change.before is not None for change in changes)
        for lang, parts in (("zh", zh_parts), ("en", en_parts)):
            shown = listed((field_label(c.field, lang) + (say("remedy.now", lang, before=_now(
                lookup(project, c.field), lang)) if c.before is not None else "")
                for c in changes), lang)
            parts.append(say("remedy.fix" if given else "remedy.fill", lang, fields=shown))
            note = note_text(computed, lang)
            if note:
                parts[-1] += f"（{note}）" if lang == "zh" else f" ({note})"
            parts.extend(hint for name in fields if (hint := write_hint(name, lang)))
    if len(fields) < len(names) and rule.parameter is not None:
        parameter = rule.parameter
        for lang, parts in (("zh", zh_parts), ("en", en_parts)):
            parts.append(say("remedy.parameter", lang, source=parameter.source, name=parameter.name,
                             title=parameter.title.zh if lang == "zh" else parameter.title.en))
    if not zh_parts:
        zh_parts = [say("remedy.undecidable", "zh", note=note_text(computed, "zh") or "?")]
        en_parts = [say("remedy.undecidable", "en", note=note_text(computed, "en") or "?")]
    return Remedy(_tidy("；".join(zh_parts)), "; ".join(en_parts), changes)


def _scalar(value: Any) -> str | None:
    """A present field's value as written; None when absent or not one value (a section)."""
    if value is None or isinstance(value, BaseModel):
        return None
    return written(value)
