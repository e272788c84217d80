"""Commented template project files (``greencheck new KIND``) that validate as they stand."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from checker.authoring.schema import UNIT_NAMES, ZH_NAMES, inner_models, unit_of
from checker.errors import UsageError
from checker.input.project import KINDS, Project


def template(kind: str) -> str:
    """A commented project file for ``kind`` that validates as it stands (unknowns are null)."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind '{kind}'; valid kinds: {', '.join(KINDS)}")
    lines = [
        "# yaml-language-server: $schema=greencheck-project.schema.json",
        f"# greencheck/v1 项目文件模板 project file template: {kind}（{ZH_NAMES[kind]}）",
        "# 编辑器校验与补全：greencheck schema > greencheck-project.schema.json",
        "# 不知道的值保留 null：相关条款给出“数据不足”，而不是通过 (null: insufficient data, never a pass)",
        "format: greencheck/v1",
        "# 项目编号，批次内唯一 project id, unique in a batch",
        'id: "TODO-0001"',
        "# 项目名称 project name",
        'name: "项目名称 TODO"',
        f"kind: {kind}",
    ]
    envelope = ("district", "zones", "approval_date")
    for key in envelope:
        lines += _field_lines(key, Project.model_fields[key], "")
    lines += [
        "# 申请的豁免，仅限条款本身列明的情形 exemptions, only on grounds the clause names:",
        "#   - rule: <规则编号 rule id>",
        "#     reason: <条款列明的豁免情形 ground>",
        "#     evidence: <证明材料 evidence>",
        "exemptions: []",
        f"{kind}:",
    ]
    lines += _model_lines(_section_model(kind), "  ")
    return "\n".join(lines) + "\n"


def _section_model(kind: str) -> type[BaseModel]:
    (model,) = inner_models(Project.model_fields[kind].annotation)
    return model


def _model_lines(model: type[BaseModel], indent: str) -> list[str]:
    lines: list[str] = []
    for key, field in model.model_fields.items():
        lines += _field_lines(key, field, indent)
    return lines


def _field_lines(key: str, field: Any, indent: str) -> list[str]:
    annotation = field.annotation
    comment = _comment(key, field)
    head = [f"{indent}# {comment}"] if comment else []
    inner = inner_models(annotation)
    if inner and typing.get_origin(_strip_optional(annotation)) is list:
        body = _model_lines(inner[0], indent + "    ")
        first = body[0].lstrip() if body else "{}"
        rest = [line for line in body[1:]]
        return [*head, f"{indent}{key}:", f"{indent}  - {first}" if body else f"{indent}  - {{}}",
                *[f"{indent}  {line[len(indent) + 2:]}" for line in rest]]
    if inner:
        return [*head, f"{indent}{key}:", *_model_lines(inner[0], indent + "  ")]
    return [*head, f"{indent}{key}: {_value(field)}"]


def _strip_optional(annotation: Any) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


def _value(field: Any) -> str:
    if not field.is_required():
        default = field.get_default(call_default_factory=True)
        return "[]" if default == [] else "null"
    choices = _choices(field.annotation)
    if choices:
        return str(choices[0])
    origin = typing.get_origin(field.annotation)
    base = typing.get_args(field.annotation)[0] if origin is typing.Annotated else field.annotation
    return "1" if base is int else '"TODO"'


def _choices(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    return [c for arg in typing.get_args(annotation) for c in _choices(arg)]


def _comment(key: str, field: Any) -> str:
    text = field.description or ZH_NAMES.get(key, "")
    unit = unit_of(field.annotation)
    if unit == "ratio":
        text += "；0–1 或 \"50%\""
    elif unit:
        text += "" if UNIT_NAMES.get(unit, unit) in text else f"，单位 {UNIT_NAMES.get(unit, unit)}"
    choices = _choices(field.annotation)
    if choices:
        text += " · 可选 one of: " + " | ".join(str(c) for c in choices)
    if typing.get_origin(_strip_optional(field.annotation)) is list and choices:
        text += "（列表 list）"
    return text.strip("；，· ")
