"""Hypothesis strategies: valid projects derived from the pydantic model, and arbitrary junk."""

from __future__ import annotations

import datetime as dt
import types
import typing
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from hypothesis import strategies as st
from pydantic import BaseModel

from checker.catalogue.load import load_catalogue
from checker.input.plausibility import BOUNDS, CONTRADICTIONS, NON_EMPTY
from checker.input.project import DISTRICTS, FIVE_NEW_CITIES, SECTIONS, Project
from checker.input.units import MAX_FRACTION_DIGITS, MAX_SIGNIFICANT_DIGITS

_RULES = load_catalogue().rules
_THRESHOLDS = sorted({r.requirement.threshold for r in _RULES
                      if isinstance(r.requirement.threshold, Decimal)})
_NUDGES = (Decimal(0), Decimal("1e-9"), Decimal("-1e-9"), Decimal("1e-15"), Decimal("-1e-15"))
# extreme but valid magnitudes (the smallest number accepted; 1e14, which the plausible bounds
# bring down to each field's bound), the thresholds themselves, and both sides of each; a
# threshold with more digits than an input may have (2/3 to 28 digits) by its neighbours that fit
SMALLEST = Decimal(1).scaleb(-MAX_FRACTION_DIGITS)


def _accepted(value: Decimal) -> set[Decimal]:
    """``value`` if a project file may hold it, else the numbers either side of it that it may."""
    if value == 0:
        return {value}
    place = Decimal(1).scaleb(max(value.adjusted() - MAX_SIGNIFICANT_DIGITS + 1, -MAX_FRACTION_DIGITS))
    return {value.quantize(place, rounding=ROUND_FLOOR), value.quantize(place, rounding=ROUND_CEILING)}


EDGES = sorted(set().union(*(_accepted(e) for e in
                             {SMALLEST, Decimal("1e14"), Decimal(0), Decimal(1), Decimal(10000)}
                             | {t + n for t in _THRESHOLDS for n in _NUDGES if t + n >= 0}
                             | {(t + n) * 10000 for t in _THRESHOLDS for n in _NUDGES if t + n >= 0})))
RATIO_EDGES = [e for e in EDGES if e <= 1] + [Decimal(1)]


def decimals() -> st.SearchStrategy[Decimal]:
    return st.one_of(
        st.sampled_from(EDGES),
        st.decimals(min_value=0, max_value=Decimal("1e14"), allow_nan=False, allow_infinity=False,
                    places=6),
        st.integers(0, 10**6).map(Decimal),
    )


def ratios() -> st.SearchStrategy[Decimal]:
    return st.one_of(st.sampled_from(RATIO_EDGES),
                     st.decimals(min_value=0, max_value=1, places=8))


def _validator_name(meta: Any) -> str:
    func = getattr(meta, "func", None)
    return getattr(func, "__qualname__", "") if func else ""


def for_annotation(annotation: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*[st.none() if a is type(None) else for_annotation(a) for a in args])
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin is list:
        return st.lists(for_annotation(args[0]), max_size=3)
    if origin is typing.Annotated:
        base, *metadata = args
        names = " ".join(_validator_name(m) for m in metadata)
        if "_ratio" in names:
            return ratios()
        if "_year" in names:
            return st.integers(2000, 2100)
        if "_count" in names:
            return st.integers(0, 10**6)
        if "_date" in names:
            return st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat)
        if "_text" in names:
            return st.text(st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=8)
        if "_quantity" in names or "convert" in names:
            return decimals()
        return for_annotation(base)
    if annotation is bool:
        return st.booleans()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_data(annotation)
    raise NotImplementedError(f"no strategy for {annotation!r}")


def model_data(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Valid data for ``model``, plausible too: each value within its field's plausible bound,
    a part never above its whole (PV area and roof area swapped if need be), no empty list."""
    bounds = BOUNDS.get(model.__name__, {})
    non_empty = NON_EMPTY.get(model.__name__, ("", ""))[0]
    fields = {}
    for name, field in model.model_fields.items():
        annotation = field.annotation  # pydantic moves a top-level Annotated into metadata
        if field.metadata:
            annotation = typing.Annotated[(annotation, *field.metadata)]  # type: ignore[valid-type]
        strategy = for_annotation(annotation)
        if name in bounds:
            strategy = strategy.map(_clamp(bounds[name].low, bounds[name].high))
        if name == non_empty:
            strategy = strategy.map(lambda items: items or None)
        fields[name] = strategy

    def plausible(data: dict[str, Any]) -> dict[str, Any]:
        data = {k: v for k, v in data.items() if v is not None}
        for rule in CONTRADICTIONS.get(model.__name__, ()):
            part, whole = data.get(rule.part), data.get(rule.whole)
            if part is not None and whole is not None and part > whole:
                data[rule.part], data[rule.whole] = whole, part
        return data

    return st.fixed_dictionaries(fields).map(plausible)


def _clamp(low: Decimal | None, high: Decimal) -> Any:
    def clamp(value: Any) -> Any:
        if value is None:
            return None
        kind = type(value)
        return kind(min(max(value, low or 0), high))

    return clamp


@st.composite
def valid_projects(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(list(SECTIONS)))
    data: dict[str, Any] = {
        "format": "greencheck/v1", "id": "FUZZ-1", "name": "模糊测试项目", "kind": kind,
        "district": draw(st.sampled_from(DISTRICTS)),
        "zones": draw(st.lists(st.sampled_from([*FIVE_NEW_CITIES, "临港新片区", "西虹桥商务区"]),
                               max_size=3, unique=True)),
        kind: draw(model_data(SECTIONS[kind])),
    }
    date = draw(st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31))))
    if date is not None:
        data["approval_date"] = date.isoformat()
    Project.model_validate(data)  # the strategy only makes valid projects
    return data


_SCALARS = st.one_of(
    st.none(), st.booleans(),
    st.integers(), st.integers(-(10**40), 10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1e-05", "1e+16", ".nan", ".inf", "-.inf", "NaN", "0123", "1_000", "0x1F",
                     "1.2万 m²", "1e999999 m2", "1e-999999", "50%", "", " ", "~", "no", "on",
                     "2023-02-30", "１２３", "12,34,5 平方米"]),
    st.builds(lambda: "9" * 5000),
    st.text(max_size=30),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=10),
)
_KEYS = st.one_of(st.sampled_from(["format", "id", "name", "kind", "building", "data_centre",
                                   "zones", "approval_date", "pue", "floor_area_m2", "vehicles"]),
                  st.text(max_size=10),
                  st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1,
                          max_size=4))
junk = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)), max_leaves=20)


@st.composite
def mutated_projects(draw: st.DrawFn) -> dict[str, Any]:
    """A valid project with one value (anywhere) replaced by junk, or a key added."""
    data = draw(valid_projects())
    kind = data["kind"]
    target = draw(st.sampled_from([data, data[kind]]))
    key = draw(st.one_of(st.sampled_from(sorted(target)), _KEYS) if target else _KEYS)
    target[key] = draw(junk)
    return data
