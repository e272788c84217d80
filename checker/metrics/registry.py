"""Derived metrics, computed exactly in Decimal before any engine sees them.

A metric is named in a rule's ``requirement.metric``: either a dotted project field
(``data_centre.pue``) or a registered derived metric (``pue``, ``pv_area_ratio``). Each returns
a ``MetricValue``: the value, the fields it rests on, the fields that were missing, and a trace a
reviewer can follow (``Trace``: in Chinese and in English, from the catalogue's ``trace.``
sentences, fields by their labels and codes in words).

Each derived metric declares a pydantic model of its params (``@metric(..., params=Model)``;
``NoParams`` when it takes none). Loading the catalogue validates every rule's
``requirement.params`` against it, located in the rule file; the metric function is called with
the validated instance, never with a raw mapping. Figures a metric computes from are params of
type ``Figure``: the name of a parameter of ``rules/parameters/`` (dated, cited), never a number
written in Python.

A metric may also register an *inverse* next to its definition (``@inverse(name)``): given a
project that fails a requirement, what value of which field brings the metric to the bound
(``Reach``), which fields to set to what (``Assign``), or, where no field settles it, what must
change in words (``Explain``). A plain field metric needs none: ``field_inverse`` is generic.
``checker.check.remedy`` turns a solution into the finding's remedy (steps, words, checks).
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, InvalidOperation, localcontext
from fractions import Fraction
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from checker.catalogue.model import Requirement
from checker.catalogue.parameters import Figure
from checker.errors import GreencheckError
from checker.input.loader import valid_keys
from checker.input.project import Project
from checker.input.schema import Strict, model_in
from checker.messages import LANGS, field_label, say, value_label

Value = Decimal | bool | str | int
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")

# The context of every metric's arithmetic. An accepted input has at most 20 significant digits
# and lies within 1e-20..1e15 (checker/input/units.py), so the sums and products of a few inputs
# and cited coefficients that a metric needs are exact here, far below 200 digits; each metric
# then divides once, correctly rounded to 200 digits. A quotient N/D of exact operands that
# differs from a threshold of c significant digits differs from it by more than 10^-(d+c+1)
# relatively (d: the digits of D, under 100), far more than the rounding, so a value is never
# rounded onto a bound: Decimal's default 28 digits rounded 2.9999999999999999999999999999999 m²
# over 10 m² onto 30%.
WIDE = Context(prec=200)


@dataclass(frozen=True)
class Trace:
    """A calculation a reviewer can follow, in Chinese and in English, each written from the
    catalogue's ``trace.`` sentences (checker/messages.yaml): a field by its label, a code by its
    words; numbers, units and =, /, ×, − as they are. ``said`` makes one, ``+`` joins two."""

    zh: str = ""
    en: str = ""

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)

    def __add__(self, other: Trace) -> Trace:
        return Trace(self.zh + other.zh, self.en + other.en)

    def of(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    @classmethod
    def same(cls, text: str) -> Trace:
        """Text the same in both languages: numbers, units, symbols."""
        return cls(text, text)

    def join(self, parts: Iterable[Trace]) -> Trace:
        """``parts`` joined by this trace (a separator) in each language."""
        parts = list(parts)
        return Trace(self.zh.join(p.zh for p in parts), self.en.join(p.en for p in parts))


def said(key: str, **figures: Trace | str | int | Decimal) -> Trace:
    """The catalogue's sentence ``key`` in both languages; a figure that is a ``Trace`` is given
    in each sentence's language, any other as written (format numbers with ``fmt`` first)."""
    def text(lang: str) -> str:
        return say(key, lang, **{name: figure.of(lang) if isinstance(figure, Trace) else figure
                                 for name, figure in figures.items()})

    zh, en = (text(lang) for lang in LANGS)
    return Trace(zh, en)


def field_words(path: str) -> Trace:
    """A field by its label: ``building.pv_area_m2`` → 屋顶光伏面积 / roof PV area."""
    zh, en = (field_label(path, lang) for lang in LANGS)
    return Trace(zh, en)


def value_words(value: Any) -> Trace:
    """A value as a reader reads it: a flag as 是/yes, a code in words, a number as ``fmt``."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Trace.same(fmt(value))
    zh, en = (value_label(value, lang) for lang in LANGS)
    return Trace(zh, en)


SEP = Trace("；", "; ")


@dataclass(frozen=True)
class MetricValue:
    value: Value | None
    fields: tuple[str, ...]
    missing: tuple[str, ...] = ()
    trace: Trace = Trace()
    note: Trace = Trace()  # why it could not decide, in both languages
    in_scope: bool = True  # False: nothing in the project is what the clause covers

    @classmethod
    def absent(cls, field: str) -> MetricValue:
        """The one field the metric rests on is not given."""
        return cls(None, (field,), missing=(field,))


class MetricParamsError(GreencheckError):
    """A metric was called with params its model refuses (the catalogue never lets them in)."""


class NoParams(Strict):
    """The params of a metric that takes none: any key is an error."""


P = TypeVar("P", bound=BaseModel)
MetricFn = Callable[[Project, Any], MetricValue]
Arguments = BaseModel | Mapping[str, Any] | None


@dataclass(frozen=True)
class MetricInfo(Generic[P]):
    """A registered metric. ``zh``/``en`` may name figures of its params in braces
    (``年能耗{energy_tce}吨标准煤``): a label never holds a policy number itself."""

    name: str
    zh: str
    en: str
    fn: Callable[[Project, P], MetricValue]
    params: type[P]
    bound: str | None = None  # the params figure a rule's inline threshold must equal

    def validate(self, arguments: Arguments, context: dict[str, Any] | None = None) -> P:
        if isinstance(arguments, self.params):
            return arguments
        if isinstance(arguments, BaseModel):
            arguments = arguments.model_dump()
        return self.params.model_validate(dict(arguments or {}), context=context)

    def compute(self, project: Project, arguments: Arguments = None) -> MetricValue:
        try:
            validated = self.validate(arguments)
        except ValidationError as exc:  # only for params that did not come through the catalogue
            raise MetricParamsError(f"metric {self.name}: invalid params {dict(arguments or {})}: "
                                    + "; ".join(f"{'.'.join(map(str, e['loc'])) or 'params'}: {e['msg']}"
                                                for e in exc.errors(include_url=False))) from None
        return self.fn(project, validated)

    def label(self, arguments: Arguments = None) -> tuple[str, str]:
        """(zh, en), each figure named in braces written as its latest value."""
        if "{" not in self.zh + self.en:
            return self.zh, self.en
        try:
            validated = self.validate(arguments)
        except ValidationError:
            return self.zh, self.en

        def fill(match: re.Match[str]) -> str:
            figure = getattr(validated, match.group(1))
            return figure_text(figure.at(None) if isinstance(figure, Figure) else figure)

        return _PLACEHOLDER.sub(fill, self.zh), _PLACEHOLDER.sub(fill, self.en)


METRICS: dict[str, MetricInfo[Any]] = {}


def metric(name: str, zh: str, en: str, params: type[P] = NoParams,  # type: ignore[assignment]
           bound: str | None = None) -> Callable[[Callable[[Project, P], MetricValue]], MetricFn]:
    """Register ``fn(project, params: P)``; what the decorator returns takes a ``P`` or a mapping
    (validated into a ``P`` first), so callers outside the catalogue may pass plain data."""

    def register(fn: Callable[[Project, P], MetricValue]) -> MetricFn:
        info = MetricInfo(name, zh, en, fn, params, bound)
        METRICS[name] = info

        def call(project: Project, arguments: Arguments = None) -> MetricValue:
            return info.compute(project, arguments)

        call.__name__, call.__doc__, call.__wrapped__ = fn.__name__, fn.__doc__, fn  # type: ignore[attr-defined]
        return call

    return register


def on_date(project: Project) -> dt.date | None:
    """The date the figures a metric computes from are taken at: the project's own date
    (approval date, else the end of its reporting year); None: the latest values."""
    return project.effective_date()


def lookup(project: Project, dotted: str) -> Any:
    value: Any = project
    for part in dotted.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def metric_info(name: str) -> MetricInfo[Any] | None:
    """The registered derived metric ``name``; None for a plain field path."""
    return METRICS.get(name)


def compute(project: Project, name: str, params: Arguments = None) -> MetricValue:
    """``params``: the rule's validated params (``requirement.arguments``), or a raw mapping
    that the metric's model validates first."""
    info = metric_info(name)
    if info is not None:
        return info.compute(project, params)
    value = lookup(project, name)
    if value is None:
        return MetricValue.absent(name)
    if isinstance(value, list):
        value = len(value)
    return MetricValue(value, (name,), trace=said("trace.field", field=field_words(name),
                                                  value=value_words(value)))


def is_metric_name(name: str) -> bool:
    return metric_info(name) is not None or is_field_path(name)


def is_field_path(name: str) -> bool:
    parts = name.split(".")
    return parts[-1] in valid_keys(tuple(parts[:-1]))


def quantized(value: Decimal, exp: Decimal) -> Decimal:
    """``value.quantize(exp)``, or ``value`` itself where that needs more than WIDE's digits."""
    try:
        return value.quantize(exp, context=WIDE)
    except InvalidOperation:
        return value


def fmt(value: Any) -> str:
    """A number as a reviewer writes it: no exponent, no trailing zeros, thousands grouped."""
    if value.__class__ is Decimal:  # the common case, without a copy (called for every figure)
        integral = value.to_integral_value()
        return f"{integral:,f}" if value == integral else f"{value.normalize():,f}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        number = Decimal(value)
        if number == number.to_integral_value():
            return f"{number.to_integral_value():,f}"
        text = f"{number.normalize():,f}"
        return text
    return str(value)


def figure_text(value: Any) -> str:
    """A figure as the text writes it: 40, 0.25, 1/4 (a fraction stays one); ? when unknown."""
    if value is None:
        return "?"
    return str(value) if isinstance(value, Fraction) else fmt(value)


def percent(value: Decimal) -> str:
    with localcontext(WIDE):
        return fmt(quantized(value * 100, Decimal("0.01")).normalize()) + "%"


def divide(numerator: Decimal | int, denominator: Decimal | int) -> Decimal:
    """``numerator / denominator`` rounded once, in WIDE: never onto a bound it differs from."""
    with localcontext(WIDE):
        return Decimal(numerator) / Decimal(denominator)


def ratio(numerator: str, denominator: str, project: Project, unit: str) -> MetricValue:
    top, bottom = lookup(project, numerator), lookup(project, denominator)
    missing = tuple(f for f, v in ((numerator, top), (denominator, bottom)) if v is None)
    fields = (numerator, denominator)
    if missing:
        return MetricValue(None, fields, missing=missing)
    if bottom == 0:
        return MetricValue(None, fields, missing=(denominator,), note=said("note.zero", field=field_words(denominator)))
    value = divide(top, bottom)
    trace = said("trace.ratio", top_field=field_words(numerator), top=fmt(top),
                 bottom_field=field_words(denominator), bottom=fmt(bottom), unit=unit,
                 share=percent(value))
    return MetricValue(value, fields, trace=trace)


# --- inverses: what would make a failing project pass ---------------------------------------

Side = Literal["ge", "gt", "le", "lt", "eq"]


@dataclass(frozen=True)
class Reach:
    """One numeric field settles the requirement: it passes when ``field`` is ``side`` of ``at``
    (``ge``: at least ``at``, ``lt``: below it, ...). ``at`` is exact when ``exact``; otherwise it
    is rounded to Decimal's digits (two thirds of 700 MW) and the remedy rounds it toward passing at
    the field's step. ``whole``: the field is a count.

    Words: ``noun`` (zh, en) names the field (None: its dotted path), ``unit`` is the field's
    unit ("%": a ratio shown as a percentage); ``style`` amount says how much to add or cut
    ("add 600 m² of PV (2,400 → 3,000 m²)"), level the value to reach ("lower PUE to the bound").
    ``words`` (zh, en) replaces the sentence: a format string with {before}, {before_u},
    {after}, {delta} and {bound}; ``note`` (zh, en) is appended.
    """

    field: str
    at: Decimal
    side: Side
    exact: bool = True
    whole: bool = False
    noun: tuple[str, str] | None = None
    unit: str = ""
    style: Literal["amount", "level"] = "amount"
    words: tuple[str, str] | None = None
    note: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class Assign:
    """Fields set to values that pass: (field, value now, value that passes) each; ``zh`` and
    ``en`` say it (empty: "set FIELD to VALUE (now VALUE)")."""

    changes: tuple[tuple[str, Any, Any], ...]
    zh: str = ""
    en: str = ""


@dataclass(frozen=True)
class Explain:
    """No field settles it alone (e.g. energy is the sum of several carriers): what must change,
    in words."""

    zh: str
    en: str


Solution = Reach | Assign | Explain
Inverse = Callable[[Project, Requirement, MetricValue], Solution | None]
INVERSES: dict[str, Inverse] = {}


def inverse(name: str) -> Callable[[Inverse], Inverse]:
    """Register what makes metric ``name`` pass (next to the metric's definition)."""
    def register(fn: Inverse) -> Inverse:
        INVERSES[name] = fn
        return fn

    return register


def solve(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    """What would make ``project`` meet ``requirement``; None where nothing is known."""
    fn = INVERSES.get(requirement.metric)
    if fn is not None:
        return fn(project, requirement, computed)
    if metric_info(requirement.metric) is None:
        return field_inverse(project, requirement, computed)
    return None


def exactly(calculation: Callable[[], Decimal]) -> tuple[Decimal, bool]:
    """``calculation()`` in Decimal's context, and whether no step of it was rounded."""
    with localcontext() as context:
        context.clear_flags()
        value = calculation()
        return value, not context.flags[Inexact]


FLIPPED: dict[str, Side] = {"ge": "le", "gt": "lt", "le": "ge", "lt": "gt", "eq": "eq"}


def side_of(op: str, rising: bool = True) -> Side | None:
    """The side of the bound the field must be on, for a metric that rises (or falls) with it."""
    if op not in FLIPPED:
        return None
    side: Side = op  # type: ignore[assignment]
    return side if rising else FLIPPED[side]


def choices(dotted: str) -> tuple[Any, ...]:
    """The values a field of the project file may take, in the order the format lists them
    (green building levels from none up to three_star); empty for an open field."""
    current: Any = Project
    annotation: Any = None
    for part in dotted.split("."):
        if part.isdigit():
            continue
        model = model_in(current)
        info = model.model_fields.get(part) if model is not None else None
        if info is None:
            return ()
        annotation = info.annotation
        current = annotation
    return _literal_args(annotation)




def _literal_args(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) is Literal:
        return typing.get_args(annotation)
    for arg in typing.get_args(annotation):
        found = _literal_args(arg)
        if found:
            return found
    return ()


def field_inverse(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    """The generic inverse of a plain field metric: a number to its bound, a flag to the value
    required, a level to the lowest one that passes."""
    name, op, threshold = requirement.metric, requirement.op, requirement.threshold
    value = lookup(project, name)
    if op in {"true", "false"}:
        return Assign(((name, value, op == "true"),))
    if isinstance(value, bool) or value is None:
        return None
    side = side_of(op)
    if side is not None and isinstance(value, Decimal | int) and isinstance(threshold, Decimal):
        return Reach(name, threshold, side, whole=isinstance(value, int), unit=requirement.unit,
                     style="level")
    if isinstance(value, str):
        options = choices(name) or tuple(dict.fromkeys(
            [value, *(threshold if isinstance(threshold, list) else [threshold])]))
        passing = [o for o in options if _passes_choice(op, o, threshold)]
        if not passing:
            return None
        later = options[options.index(value) + 1:] if value in options else options
        chosen = next((o for o in later if o in passing), passing[0])
        return Assign(((name, value, chosen),))
    return None


def _passes_choice(op: str, option: Any, threshold: Any) -> bool:
    if op == "in":
        return option in threshold
    if op == "not_in":
        return option not in threshold
    if op == "eq":
        return bool(option == threshold)
    if op == "ne":
        return bool(option != threshold)
    return False
