"""The parameter tree: every figure a clause computes from, one YAML file per parameter, dated.

Like OpenFisca's ``parameters/``: ``rules/parameters/energy/electricity_kwh.yaml`` is the
parameter ``energy.electricity_kwh``. Each file says what the figure is (zh/en), its unit, the
document it comes from (``reference``), notes on its basis where they matter, and a series of
values, each with the date it applies from (``from``), the date or period it refers to
(``as_of``) and its source. A value may be null: the figure is not known (yet); whatever
depends on it is then ``insufficient_data``, never a guessed number.

``value_at(name, date)`` is the value in force on ``date`` (None before the first value, or
where the value in force is null); without a date, the latest value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import core_schema

from checker.catalogue.model import Bilingual, Parameter, number_or_none
from checker.errors import GreencheckError, InputError, Problem
from checker.input.document import read_document
from checker.input.schema import Strict
from checker.input.validation import validate_model

NAME = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")
_FRACTION = re.compile(r"\s*([0-9]+)\s*/\s*([1-9][0-9]*)\s*")
Number = Decimal | Fraction


def _fraction(value: Any) -> Fraction | None:
    """A ratio the text writes as a fraction ("1/4", as in 原规模 1/4) stays exact."""
    found = _FRACTION.fullmatch(value) if isinstance(value, str) else None
    return Fraction(int(found.group(1)), int(found.group(2))) if found else None


class UnknownParameter(GreencheckError):
    """A name that no file of the parameter tree defines."""


class DatedValue(Strict):
    """One value of a parameter: what it is from a date on, and where it is printed."""

    from_: dt.date | None = Field(None, alias="from", description="the day the value applies from")
    value: Any = Field(None, description="an exact number (\"0.25\", 40, \"1/4\"), or null: not known")
    as_of: dt.date | None = Field(None, description="the date or period end the value refers to")
    source: str = Field(min_length=4, description="where this value is printed (or why it is null)")
    note: str = ""

    @field_validator("value")
    @classmethod
    def _exact(cls, value: Any) -> Number | None:
        fraction = _fraction(value)
        return fraction if fraction is not None else number_or_none(value)

    @model_validator(mode="after")
    def _dated(self) -> DatedValue:
        if self.from_ is None:
            raise ValueError("a value needs the date it applies from: give `from` (and `as_of`, "
                             "the date or period it refers to)")
        if self.value is not None and self.as_of is None:
            raise ValueError(f"a value ({self.value}) but no as_of date: give the date or period "
                             "end the figure refers to")
        return self

    @property
    def number(self) -> Number | None:
        value: Number | None = self.value
        return value


class ParameterFile(Strict):
    """``rules/parameters/<folder>/<name>.yaml``: one parameter and its dated values."""

    description: Bilingual
    unit: str = Field(description="the unit of the values as written, e.g. kgce/kWh, t CO₂/万kWh")
    per: Decimal = Field(Decimal(1), gt=0, description="the values are per this many of the unit's "
                                                       "denominator (10000 for a figure printed per 万kWh)")
    reference: str = Field(min_length=4, description="the document the figure comes from or is to be "
                                                     "published in")
    basis: str = Field("", description="what the figure is on the basis of, where that matters")
    note: str = ""
    values: list[DatedValue] = Field(min_length=1)

    @field_validator("per", mode="before")
    @classmethod
    def _exact_per(cls, value: Any) -> Decimal | None:
        return number_or_none(value)

    @field_validator("values")
    @classmethod
    def _in_order(cls, values: list[DatedValue]) -> list[DatedValue]:
        for earlier, later in zip(values, values[1:], strict=False):
            if earlier.from_ is not None and later.from_ is not None and later.from_ <= earlier.from_:
                raise ValueError(f"values must be in date order: {later.from_} follows {earlier.from_}")
        return values


@dataclass(frozen=True)
class SiteValue:
    """A figure a review office supplies for a parameter the sources do not print (the city GDP
    energy intensity, an 等价值 coefficient), from its configuration file: it replaces the
    tree's values for every project checked with that configuration."""

    name: str
    value: Decimal
    unit: str
    as_of: dt.date
    source: str
    file: str  # the configuration file that gives it


@dataclass(frozen=True, eq=False)  # one object per loaded file: compared and hashed by identity
class Series:
    """A parameter as loaded: its name, its file and its values in date order."""

    name: str
    file: str
    spec: ParameterFile
    site: SiteValue | None = None  # a review office's figure in place of the tree's values

    def with_site(self, site: SiteValue) -> Series:
        entry = DatedValue.model_validate({
            "from": dt.date.min, "value": site.value, "as_of": site.as_of,
            "source": f"站点参数 site parameter ({site.file}): {site.source}"})
        return Series(self.name, self.file, self.spec.model_copy(update={"values": [entry]}), site)

    def entry_at(self, on: dt.date | None) -> DatedValue | None:
        """The value in force on ``on`` (the latest without a date); None before the first."""
        values = self.spec.values
        if on is None:
            return values[-1]
        found = None
        for value in values:
            if value.from_ is not None and value.from_ <= on:
                found = value
        return found

    def value_at(self, on: dt.date | None) -> Number | None:
        entry = self.entry_at(on)
        return None if entry is None else entry.number

    def entries_between(self, start: dt.date, end: dt.date | None) -> Iterator[DatedValue]:
        """Every value in force at some day of [start, end] (end None: open)."""
        values = self.spec.values
        for index, value in enumerate(values):
            assert value.from_ is not None
            following = values[index + 1].from_ if index + 1 < len(values) else None
            if (following is None or following > start) and (end is None or value.from_ <= end):
                yield value

    def parameter(self, on: dt.date | None = None) -> Parameter:
        """The figure in force on ``on`` as a rule's threshold sees it (title, value, citation)."""
        entry = self.entry_at(on)
        value = None if entry is None else entry.number
        known = entry is not None and value is not None
        return Parameter(
            name=self.name, title=self.spec.description,
            value=None if value is None else decimal_of(value),
            unit=self.spec.unit,
            source=entry.source if known and entry is not None else self.spec.reference,
            as_of=entry.as_of if known and entry is not None else None,
            note=self.spec.note,
        )


@dataclass(frozen=True)
class ParameterTree:
    directory: str
    series: dict[str, Series]

    def names(self) -> list[str]:
        return sorted(self.series)

    def get(self, name: str) -> Series:
        found = self.series.get(name)
        if found is None:
            raise UnknownParameter(unknown_message(name, self.names(), self.directory))
        return found

    def value_at(self, name: str, on: dt.date | None = None) -> Number | None:
        return self.get(name).value_at(on)

    def with_site(self, values: tuple[SiteValue, ...]) -> ParameterTree:
        """The tree with a review office's figures in place of the named parameters' values."""
        if not values:
            return self
        series = dict(self.series)
        for site in values:
            series[site.name] = self.get(site.name).with_site(site)
        return ParameterTree(self.directory, series)


def unknown_message(name: str, known: list[str], directory: str) -> str:
    near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"did you mean '{near[0]}'? " if near else ""
    return f"unknown parameter '{name}'; {hint}the tree {directory} has: {', '.join(known) or 'none'}"


def decimal_of(value: Number) -> Decimal:
    """A Decimal for engines and reports: a fraction p/q is Decimal(p) / Decimal(q), at 28 digits."""
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return value


def parameter_name(path: Path, root: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts)


def bundled_parameters_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_data" / "rules" / "parameters"
    return packaged if packaged.is_dir() else package.parent / "rules" / "parameters"


def parameters_dir_for(rules_directory: Path) -> Path:
    """A rule folder's own ``parameters/``, else the bundled tree."""
    own = rules_directory / "parameters"
    return own if own.is_dir() else bundled_parameters_dir()


def load_parameters(directory: Path | None = None) -> ParameterTree:
    return _load(str(Path(directory or bundled_parameters_dir()).resolve()))


@lru_cache(maxsize=4)
def _load(folder: str) -> ParameterTree:
    root = Path(folder)
    series: dict[str, Series] = {}
    for path in sorted(root.rglob("*.yaml")):
        name = parameter_name(path, root)
        if not NAME.fullmatch(name):
            raise InputError(str(path), [Problem(
                f"'{name}' is not a parameter name: folders and files are lower-case words "
                "(a-z, 0-9, _) ending in .yaml", line=1)])
        document = read_document(path)
        spec = validate_model(document, ParameterFile, "a parameter file (description, unit, "
                                                       "reference, values)")
        series[name] = Series(name, str(path), spec)
    return ParameterTree(folder, series)


def value_at(name: str, on: dt.date | None = None) -> Number | None:
    """The value of the bundled parameter ``name`` in force on ``on`` (latest without a date)."""
    return load_parameters().value_at(name, on)


# ---- a figure in a metric's params: a parameter's name (in rule files), or a number ----------


@dataclass(frozen=True)
class Figure:
    """A figure a metric computes from: a parameter of the tree (its dated series), or, outside
    rule files (a direct call, a what-if), a plain number."""

    name: str | None
    series: Series | None = None
    number: Number | None = None

    @property
    def unit(self) -> str:
        return self.series.spec.unit if self.series is not None else ""

    @property
    def per(self) -> Decimal:
        return self.series.spec.per if self.series is not None else Decimal(1)

    def at(self, on: dt.date | None) -> Number | None:
        """The value in force on ``on`` (the latest without a date)."""
        return self.series.value_at(on) if self.series is not None else self.number

    def per_unit_at(self, on: dt.date | None) -> Decimal | None:
        """The value per single unit of the denominator (a figure per 万kWh: divided by 10000)."""
        value = self.at(on)
        return None if value is None else decimal_of(value) / self.per

    def describe(self) -> str:
        return self.name if self.name is not None else str(self.number)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.with_info_plain_validator_function(
            cls._validate,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda f: f.describe()))

    @classmethod
    def _validate(cls, value: Any, info: ValidationInfo) -> Figure:
        if isinstance(value, Figure):
            return value
        context = info.context or {}
        tree: ParameterTree | None = context.get("parameters")
        if isinstance(value, str) and NAME.fullmatch(value):
            tree = tree or load_parameters()
            try:
                return cls(value, tree.get(value))
            except UnknownParameter as exc:
                raise ValueError(str(exc)) from None
        if context.get("names_only"):
            raise ValueError(f"give a parameter's name, not the number {value!r}: figures live in "
                             "rules/parameters/, dated and cited")
        fraction = _fraction(value)
        if fraction is not None:
            return cls(None, number=fraction)
        try:
            number = number_or_none(value)
        except ValueError:
            raise ValueError(f"expected a parameter's name or a number, got {value!r}") from None
        if number is None:
            raise ValueError("expected a parameter's name or a number, got null")
        return cls(None, number=number)


def parameter(name: str) -> Any:
    """A params field whose figure is, unless a rule names another, the parameter ``name``."""
    return Field(default=name, validate_default=True, description=f"parameter (default {name})")
