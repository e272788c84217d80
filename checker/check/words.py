"""Words for a finding: what was measured, what the clause requires, and why it (does not) apply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.catalogue.model import Rule
from checker.evaluation.logic import condition_state, rule_date
from checker.evaluation.protocol import Prepared
from checker.input.project import FIVE_NEW_CITIES_GROUP, path_unit
from checker.messages import LANGS, field_label, listed, say, unit_label, value_label
from checker.metrics.registry import MetricValue, Trace, fmt, metric_info, quantized


@dataclass(frozen=True)
class RuleText:
    """What a finding says of its rule whatever the project, in zh and en: worked out once per
    rule."""

    required: str
    required_en: str
    effective: str
    effective_en: str
    metric_zh: str
    metric_en: str

    @classmethod
    def of(cls, rule: Rule) -> RuleText:
        zh, en = metric_label(rule)
        return cls(required_text(rule, "zh"), required_text(rule, "en"),
                   effective_text(rule, "zh"), effective_text(rule, "en"), zh, en)


# the operators as symbols, for rule authors (``rules explain``); reports say them in words
SYMBOLS = {"lt": "<", "le": "≤", "gt": ">", "ge": "≥", "eq": "=", "ne": "≠", "in": "∈",
           "not_in": "∉", "any_of": "∋", "true": "= true", "false": "= false", "given": "given"}


def show(value: Any, unit: str, bound: Any = None, lang: str = "zh") -> str:
    """A value for a reader; never rounded onto ``bound`` when it differs from it. Codes, flags
    and lists in words (``two_star`` → 二星级); a unit as ``lang`` writes it."""
    if isinstance(value, list | tuple | frozenset | set | bool | str):
        return value_label(value, lang)
    if isinstance(value, Decimal) and not isinstance(bound, bool):
        value = _distinct(value, bound, 2 if unit == "%" else 4)
    if unit == "%" and isinstance(value, Decimal):
        return fmt((value * 100).normalize()) + "%"
    text = fmt(value)
    label = unit_label(unit, lang)
    return f"{text} {label}" if label else text


def _distinct(value: Decimal, bound: Any, places: int) -> Decimal:
    scale = 100 if places == 2 else 1  # percent shows two places of the percentage
    if isinstance(bound, Decimal) and value == bound:  # shown like the bound itself (e.g. a fraction's)
        return ((value * scale).quantize(Decimal(1).scaleb(-places)) / scale).normalize()
    for digits in range(places, 30):
        rounded = quantized(value * scale, Decimal(1).scaleb(-digits)) / scale
        if not isinstance(bound, Decimal) or (rounded == bound) == (value == bound):
            return rounded.normalize()
    return value


def is_fall(op: str, bound: Any, unit: str) -> bool:
    """A required fall: a change (in %) at most a negative bound (≤ −3%: a fall of 3% or more)."""
    return op in {"le", "lt"} and unit == "%" and isinstance(bound, Decimal) and bound < 0


def change_text(value: Decimal, lang: str) -> str:
    """A change in words: a fall of 1.1%, a rise of 0.5%."""
    if value == 0:
        return say("change.none", lang)
    amount = show(abs(value), "%")
    return say("change.fall" if value < 0 else "change.rise", lang, amount=amount)


def wanted(op: str, bound: Any, unit: str, lang: str) -> str:
    """An operator and its bound in words: 不低于 30% / at least 30%; 为二星级或三星级."""
    if op in {"true", "false"}:
        return say(f"op.{op}", lang)
    if is_fall(op, bound, unit):
        return say(f"change.{op}", lang, amount=show(-bound, unit))
    if isinstance(bound, list | tuple | set | frozenset):
        joined = listed((value_label(v, lang) for v in bound), lang, "or")
        return say(f"op.{op}", lang, bound=joined)
    return say(f"op.{op}", lang, bound=show(bound, unit, lang=lang))


def required_text(rule: Rule, lang: str = "zh") -> str:
    requirement = rule.requirement
    parameter = rule.parameter
    if parameter is None or requirement.op in {"true", "false"}:
        return wanted(requirement.op, requirement.threshold, requirement.unit, lang)
    title = parameter.title.zh if lang == "zh" else parameter.title.en
    if requirement.threshold is None:
        return say("parameter.none", lang, op=wanted(requirement.op, "", "", lang).strip(), title=title)
    as_of = parameter.as_of.isoformat() if parameter.as_of else "?"
    return say("parameter.value", lang, title=title, as_of=as_of, source=parameter.source,
               name=parameter.name,
               required=wanted(requirement.op, requirement.threshold, requirement.unit, lang))


def _parameter_messages(rule: Rule, computed: MetricValue, text: RuleText) -> tuple[str, str]:
    """Applicable and measured, but the figure the clause compares with is not known: the review
    office supplies it (configuration ``parameters``), not the designer."""
    parameter = rule.parameter
    assert parameter is not None
    unit = rule.requirement.unit
    return tuple(  # type: ignore[return-value]
        say("parameter.awaited", lang, metric=metric,
            actual=show(computed.value, unit, lang=lang) if computed.value is not None else "?",
            title=parameter.title.zh if lang == "zh" else parameter.title.en,
            source=parameter.source, name=parameter.name, unit=unit_label(parameter.unit, lang))
        for lang, metric in (("zh", text.metric_zh), ("en", text.metric_en)))


def metric_label(rule: Rule) -> tuple[str, str]:
    info = metric_info(rule.requirement.metric)
    if info is not None:
        return info.label(rule.requirement.arguments)
    return (field_label(rule.requirement.metric, "zh"), field_label(rule.requirement.metric, "en"))


def effective_text(rule: Rule, lang: str = "zh") -> str:
    """The clause's period and how the project's date is judged against it: in zh the rule's
    own ``effective_basis``; in en the basis the data states (the date field that decides)."""
    start = rule.effective_from.isoformat()
    period = (say("period.between", lang, start=start, end=rule.effective_until.isoformat())
              if rule.effective_until else say("period.from", lang, start=start))
    basis = rule.effective_basis if lang == "zh" else say(f"basis.{_basis_key(rule)}", lang)
    return say("period.basis", lang, period=period, basis=basis)


def _basis_key(rule: Rule) -> str:
    if rule.date_basis == "assessment":
        return "assessment"
    if rule.kind == "public_institution_annual":
        return "year"
    if rule.kind in {"vehicle_procurement", "vessel_procurement"}:
        return "procurement"
    return "approval_date"


def messages(rule: Rule, outcome: str, computed: MetricValue, prepared: Prepared,
             text: RuleText) -> tuple[str, str]:
    """What a decided (pass, fail) or undecidable (insufficient_data) finding says; a
    not-applicable one says ``not_applicable_reason``."""
    if outcome in {"pass", "fail"}:
        return (_decided(rule, outcome, computed, "zh", text.metric_zh, text.required),
                _decided(rule, outcome, computed, "en", text.metric_en, text.required_en))
    missing_list = missing_fields(rule, computed, prepared)
    if rule.awaits_parameter and missing_list == [f"parameters.{rule.requirement.threshold_parameter}"]:
        return _parameter_messages(rule, computed, text)
    return (_missing_message(rule, missing_list, computed, "zh"),
            _missing_message(rule, missing_list, computed, "en"))


def actual_text(rule: Rule, value: Any, lang: str) -> str:
    """The value a decided finding found, in words: a change as a fall or rise."""
    requirement = rule.requirement
    if is_fall(requirement.op, requirement.threshold, requirement.unit) and isinstance(value, Decimal):
        return change_text(value, lang)
    return show(value, requirement.unit, requirement.threshold, lang)


def _decided(rule: Rule, outcome: str, computed: MetricValue, lang: str, metric: str,
             required: str) -> str:
    requirement = rule.requirement
    actual = actual_text(rule, computed.value, lang)
    if requirement.op in {"true", "false"}:
        key = "flag_" + outcome
    elif is_fall(requirement.op, requirement.threshold, requirement.unit):
        key = "change_" + outcome
    else:
        key = outcome
    text = say(f"finding.{key}", lang, metric=metric, actual=actual, required=required)
    if lang == "zh" and actual and not actual[0].isascii():  # 为二星级, but 为 25%
        text = text.replace(f"为 {actual}", f"为{actual}", 1)
    return text


def _missing_message(rule: Rule, missing: list[str], computed: MetricValue, lang: str) -> str:
    names = listed((missing_label(rule, name, lang) for name in missing), lang) if missing else "?"
    note = note_text(computed, lang)
    hints = "".join(("；" if lang == "zh" else "; ") + hint for name in missing
                    if (hint := write_hint(name, lang)))
    return say("finding.missing", lang, missing=names,
               note=f"（{note}）" if note and lang == "zh" else (f" ({note})" if note else ""),
               hints=hints)


def missing_label(rule: Rule, name: str, lang: str) -> str:
    """A missing field in words; a parameter the review office supplies by its title."""
    if name.startswith("parameters.") and rule.parameter is not None:
        title = rule.parameter.title.zh if lang == "zh" else rule.parameter.title.en
        return say("parameter.field", lang, title=title)
    return field_label(name, lang)


def note_text(computed: MetricValue, lang: str) -> str:
    """The metric's note (why it could not decide), in ``lang``."""
    return computed.note.of(lang)


# fields whose absence the v1 format reads as "not stated", where the designer's answer is
# often "none": what to write (messages.yaml ``hint.<name>``)
WRITE_HINTS = frozenset({"building.precast_ratio", "building.pv_area_m2",
                         "building.renewable_energy", "building.green_building_level",
                         "industrial_project.captive_coal_units_original_mw"})


def write_hint(name: str, lang: str) -> str:
    return say(f"hint.{name.rsplit('.', 1)[-1]}", lang) if name in WRITE_HINTS else ""


def missing_fields(rule: Rule, computed: MetricValue, prepared: Prepared) -> list[str]:
    missing = [c.field for c in rule.applies_to.when if condition_state(c, prepared) is None]
    if rule_date(rule, prepared) is None:
        missing.append(prepared.date_field)
    missing += [f for f in computed.missing if f not in missing]
    if rule.awaits_parameter:
        missing.append(f"parameters.{rule.requirement.threshold_parameter}")
    return missing


def not_applicable_cause(rule: Rule, prepared: Prepared, computed: MetricValue | None) -> tuple[Any, ...]:
    """What rules the clause out, as a hashable key: the same cause, the same words.

    ``prepare`` found the causes it can see before any metric; otherwise the metric found
    nothing the clause covers.
    """
    cause = prepared.ruled_out.get(rule.id)
    if cause is not None:
        return cause
    return ("scope", computed.note if computed is not None else Trace())


def cause_field(rule: Rule, cause: tuple[Any, ...], date_field: str) -> str | None:
    """The project field that shows the cause; ``date_field`` is where the project's date is."""
    if cause[0] == "when":
        return rule.applies_to.when[cause[1]].field
    if cause[0] == "date" and rule.date_basis == "project":
        return date_field
    return None


def not_applicable_reason(rule: Rule, cause: tuple[Any, ...], date_field: str = "approval_date"
                          ) -> tuple[str, str]:
    """Why the clause does not apply, in both languages; ``date_field``: where the project's
    date comes from (an annual report's year, a procurement's year or its approval date)."""
    zh, en = (_reason(rule, cause, date_field, lang) for lang in LANGS)
    return zh, en


def _reason(rule: Rule, cause: tuple[Any, ...], date_field: str, lang: str) -> str:
    if cause[0] == "when":
        return _condition_reason(rule.applies_to.when[cause[1]], cause[2], lang)
    if cause[0] == "given_way":
        _, stricter, title_zh, title_en = cause
        return say("na.given_way", lang, stricter=stricter, title=title_zh if lang == "zh" else title_en)
    if cause[0] == "scope":
        note = cause[1].of(lang)
        return say("na.scope", lang, note=note) if note else say("na.scope_plain", lang)
    return _date_reason(rule, cause[1], date_field, lang)


def _condition_reason(condition: Any, given: Any, lang: str) -> str:
    label = field_label(condition.field, lang)
    if condition.op == "given":
        return say("na.given", lang, field=label)
    if condition.field == "zones":  # the group 五个新城 is derived, not the project's own
        given = frozenset(given) - {FIVE_NEW_CITIES_GROUP}
        bound = listed((value_label(v, lang) for v in condition.value), lang, "or")
        return say("na.zones", lang, wanted=bound, actual=value_label(given, lang))
    unit = path_unit(condition.field) or ""
    unit = "%" if unit == "ratio" else unit  # a ratio's bound is shown as a percentage
    actual = show(given, unit, lang=lang)
    if condition.op in {"true", "false"}:
        return say("na.flag", lang, field=label, wanted=say(f"op.{condition.op}", lang), actual=actual)
    if condition.op in {"eq", "in", "any_of", "ne", "not_in"}:
        bound = condition.value
        shown = (listed((value_label(v, lang) for v in bound), lang, "or")
                 if isinstance(bound, list | tuple | set | frozenset) else show(bound, "", lang=lang))
        key = "na.when_not" if condition.op in {"ne", "not_in"} else "na.when_is"
        return say(key, lang, field=label, value=shown, actual=actual)
    return say("na.when", lang, field=label, wanted=wanted(condition.op, condition.value, unit, lang),
               actual=actual)


def _date_reason(rule: Rule, date: dt.date | None, date_field: str, lang: str) -> str:
    checked = rule.date_basis == "assessment"
    which = say("date.check", lang) if checked else field_label(date_field, lang)
    if date is None:
        return say("na.no_date", lang, which=which)
    shown = str(date.year) if date_field.endswith(".year") and not checked else date.isoformat()
    start = rule.effective_from.isoformat()
    period = (say("period.between", lang, start=start, end=rule.effective_until.isoformat())
              if rule.effective_until else say("period.from", lang, start=start))
    key = "na.before" if date < rule.effective_from else "na.after"
    return say(key, lang, which=which, date=shown, period=period)
