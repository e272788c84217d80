"""The rule catalogue: YAML data in ``rules/``, validated by these models.

A rule says where it comes from (citation, verbatim), how strong it is (binding), when it
applies (effective dates, kind, conditions), what it requires (metric, operator, threshold),
which exemption grounds the clause itself names, and examples the test suite runs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr, field_validator, model_validator

from checker.input.project import KINDS
from checker.input.schema import Strict


def squash(text: str) -> str:
    """Text without whitespace: how a quote is compared with its source."""
    return "".join(text.split())

Outcome = Literal["pass", "fail", "not_applicable", "insufficient_data", "waived"]
OUTCOMES: tuple[Outcome, ...] = ("pass", "fail", "not_applicable", "insufficient_data", "waived")
# "given": the clause covers only projects that give the field; for fields the v1 format says
# appear only where they apply (parking_spaces "where the project has one"), absence is then
# not applicable rather than missing data.
ConditionOp = Literal["eq", "ne", "in", "not_in", "any_of", "true", "false", "lt", "le", "gt", "ge",
                      "given"]
RequirementOp = Literal["lt", "le", "gt", "ge", "eq", "ne", "in", "not_in", "true", "false"]
NUMERIC_OPS = frozenset({"lt", "le", "gt", "ge", "eq", "ne"})
Label = Literal["约束性", "预期性", "指导性"]
PARAMETER_NAME = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$"  # energy.electricity_kwh


class Bilingual(Strict):
    zh: str
    en: str


class SourceDocument(Strict):
    title: str
    title_en: str = Field(min_length=4, description="the title in English, for --lang en")
    number: str | None = None
    issuer: str
    issued: dt.date
    source: str = Field(description="file name in shared/sources")


class Citation(Strict):
    clause: str
    text: str = Field(min_length=4, description="the shortest verbatim span that states the duty")
    context: str | None = Field(
        None, description="the enclosing sentence, verbatim, where the span alone does not explain "
                          "itself; it contains ``text``")
    label: Label | None = None

    @model_validator(mode="after")
    def _context_encloses_text(self) -> Citation:
        if self.context is not None and squash(self.text) not in squash(self.context):
            raise ValueError("citation.context must contain citation.text")
        return self


class Condition(Strict):
    field: str
    op: ConditionOp
    value: Any = None

    @field_validator("value")
    @classmethod
    def _numbers_exact(cls, value: Any) -> Any:
        return _exact(value)

    @model_validator(mode="after")
    def _numeric_bound(self) -> Condition:
        return _with_number(self, "value", self.op)


class Requirement(Strict):
    metric: str
    op: RequirementOp
    threshold: Any = None
    threshold_parameter: str | None = Field(
        None, pattern=PARAMETER_NAME,
        description="the threshold is the value of this parameter of rules/parameters/")
    unit: str = ""
    params: dict[str, Any] = Field(
        default_factory=dict, description="the metric's params as written; validated against the "
                                          "metric's params model when the catalogue is loaded")
    _arguments: BaseModel | None = PrivateAttr(None)

    @property
    def arguments(self) -> BaseModel | dict[str, Any]:
        """The params as the metric's model validated them on loading (the raw mapping only
        for a rule built without the catalogue; the metric validates that itself)."""
        return self._arguments if self._arguments is not None else self.params

    def with_arguments(self, arguments: BaseModel) -> Requirement:
        copy = self.model_copy()
        copy._arguments = arguments
        return copy

    @field_validator("threshold")
    @classmethod
    def _numbers_exact(cls, value: Any) -> Any:
        return _exact(value)

    @model_validator(mode="after")
    def _numeric_bound(self) -> Requirement:
        if self.threshold_parameter is not None:
            if self.threshold is not None:
                raise ValueError("give either threshold or threshold_parameter, not both")
            return self
        return _with_number(self, "threshold", self.op)


class Parameter(Strict):
    """A threshold parameter as a rule sees it: the value of a ``rules/parameters/`` file (see
    ``checker.catalogue.parameters``), e.g. the city-wide average a clause compares with.

    ``value`` stays null until a dated, cited figure is known; while it is null every rule that
    uses it is ``insufficient_data`` on an applicable project, never a guessed number.
    """

    name: str = Field(pattern=PARAMETER_NAME)
    title: Bilingual
    value: Any = None
    unit: str = ""
    source: str = Field(min_length=4, description="where the official figure is (to be) published")
    as_of: dt.date | None = Field(None, description="the date or period end the value refers to")
    note: str = ""

    @field_validator("value")
    @classmethod
    def _number(cls, value: Any) -> Decimal | None:
        return number_or_none(value)

    @model_validator(mode="after")
    def _dated(self) -> Parameter:
        if self.value is not None and self.as_of is None:
            raise ValueError(f"parameter {self.name} has a value but no as_of date")
        return self


class ExemptionGround(Strict):
    ground: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    zh: str
    en: str
    field: str | None = Field(None, description="a project field whose value equal to `ground` claims it")


class Example(Strict):
    """A project fragment (dotted field paths) and the outcome the rule must give it."""

    name: str
    expect: Outcome
    given: dict[str, Any]
    assessed_on: dt.date | None = None
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="hypothetical parameter values for this example only")

    @field_validator("parameters")
    @classmethod
    def _numbers_exact(cls, value: dict[str, Any]) -> dict[str, Any]:
        return {name: number_or_none(number) for name, number in value.items()}


class Applicability(Strict):
    kind: Literal[KINDS]  # type: ignore[valid-type]
    when: list[Condition] = Field(default_factory=list)
    given_way_to: list[str] = Field(
        default_factory=list,
        description="rules of the same sentence that hold a part of these projects to more "
                    "(其他… / 其中…): where one of them applies, this rule does not")


RULE_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"


class Rule(Strict):
    id: str = Field(pattern=RULE_ID)
    duty: str | None = Field(
        None, pattern=RULE_ID,
        description="the duty this clause imposes, shared with the clauses of other documents "
                    "that impose the same one (same metric, operator and threshold); a report "
                    "has one finding per duty, citing each clause in force")
    title: Bilingual
    citation: Citation
    binding: bool
    strength: str = Field(description="the clause's own words that set its strength, e.g. 不高于")
    effective_from: dt.date
    effective_until: dt.date | None = None
    effective_basis: str = Field(description="why it applies from then, e.g. 2022年起")
    date_basis: Literal["project", "assessment"] = Field(
        "project", description="project: approval date or reporting year; assessment: the day checked"
    )
    applies_to: Applicability
    requirement: Requirement
    exemptions: list[ExemptionGround] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    examples: list[Example] = Field(min_length=3)
    document: SourceDocument | None = None
    parameter: Parameter | None = Field(None, description="resolved from requirement.threshold_parameter")

    @property
    def kind(self) -> str:
        return str(self.applies_to.kind)

    @property
    def duty_id(self) -> str:
        return self.duty or self.id

    @property
    def awaits_parameter(self) -> bool:
        """The threshold is a parameter whose value is not known: no pass or fail is possible."""
        return self.requirement.threshold_parameter is not None and self.requirement.threshold is None

    def with_parameter(self, parameter: Parameter) -> Rule:
        requirement = self.requirement.model_copy(update={"threshold": parameter.value})
        return self.model_copy(update={"parameter": parameter, "requirement": requirement})

    def for_example(self, example: Example) -> Rule:
        """This rule as an example sees it: with the example's hypothetical parameter values."""
        if self.parameter is None or self.parameter.name not in example.parameters:
            return self
        value = example.parameters[self.parameter.name]
        return self.with_parameter(self.parameter.model_copy(update={"value": value}))


class RuleFile(Strict):
    """One source document's rules; the figures they use are in ``rules/parameters/``."""

    document: SourceDocument
    rules: list[Rule]


def _exact(value: Any) -> Any:
    if isinstance(value, float):
        raise ValueError("write numbers in rule files as plain decimals; floats are not exact")
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, list):
        return [_exact(item) for item in value]
    return value


def number_or_none(value: Any) -> Decimal | None:
    """A parameter value: null (not known) or an exact, finite number ("0.5", 2; never 0.5)."""
    if value is None:
        return None
    value = _exact(value)
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except ArithmeticError:
            raise ValueError(f"a parameter value must be a number, got {value!r}") from None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"a parameter value must be a finite number, got {value!r}")
    return value


def _with_number(model: Any, name: str, op: str) -> Any:
    """Numeric operators need a Decimal bound; "1.3" in a rule file means exactly 1.3."""
    value = getattr(model, name)
    if op in {"eq", "ne"} and isinstance(value, str):
        with contextlib.suppress(ArithmeticError):  # else an enum value such as "new"
            object.__setattr__(model, name, Decimal(value))
        return model
    if op in NUMERIC_OPS and not isinstance(value, Decimal):
        if isinstance(value, bool) or not isinstance(value, str):
            raise ValueError(f"operator {op} needs a number, got {value!r}")
        try:
            number = Decimal(value)
        except ArithmeticError:
            raise ValueError(f"operator {op} needs a number, got {value!r}") from None
        if not number.is_finite():
            raise ValueError(f"operator {op} needs a finite number")
        object.__setattr__(model, name, number)
    return model
