"""Help for people who write project files: the JSON Schema, commented templates, rule explanations.

Pure functions returning text or data; the commands live in cli_authoring.py.
"""

from __future__ import annotations

import json
import typing
from typing import Any

from pydantic import BaseModel

from checker.project import KINDS, Project, Strict

SCHEMA_ID = "https://greencheck.invalid/schema/project-v1.json"
RATIO_NOTE = "比例，0–1 的小数或百分数字符串如 \"50%\"; ratio, 0-1 or a percent string"
UNIT_NAMES = {"m2": "m²", "m3": "m³", "tce/wan_yuan": "tce/万元", "": "无量纲 dimensionless"}
# Chinese names for fields the models leave undescribed (the schema gives every field one)
ZH_NAMES = {
    "construction": "建设类型 construction", "use": "建筑用途 use",
    "green_building_level": "绿色建筑等级 green building level", "sector": "使用领域 sector",
    "year": "年度 year", "vehicles": "车辆 vehicles", "model": "车型 model",
    "count": "数量 count", "powertrain": "动力类型 powertrain", "vessels": "船舶 vessels",
    "inland": "内河船舶 inland vessel", "propulsion": "动力类型 propulsion",
    "category": "机构类别 category", "baseline_2020": "2020年基准 2020 baseline",
    "current": "本年度 current year", "industry": "行业 industry",
    "exemption_ground": "条款列明的豁免情形 exemption ground the clause names",
    "public_institution": "公共机构 public institution",
    "value_added_energy_intensity_tce_per_10k_yuan": "单位增加值能耗 tce/万元",
    "building": "建筑项目 building", "data_centre": "数据中心 data centre",
    "vehicle_procurement": "车辆采购 vehicle procurement",
    "vessel_procurement": "船舶采购 vessel procurement",
    "public_institution_annual": "公共机构年度报告 public institution, annual",
    "industrial_project": "工业项目 industrial project",
}


def unit_of(annotation: Any) -> str | None:
    """The unit a quantity field converts to (from project._quantity), or "ratio"."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            func = getattr(meta, "func", None)
            code = getattr(func, "__code__", None)
            if code is not None and "unit" in code.co_freevars:
                closure = getattr(func, "__closure__", None) or ()
                cells = dict(zip(code.co_freevars, closure, strict=False))
                return str(cells["unit"].cell_contents)
            if getattr(func, "__name__", "") == "_ratio":
                return "ratio"
        return None
    for arg in typing.get_args(annotation):
        found = unit_of(arg)
        if found is not None:
            return found
    return None


def _models() -> dict[str, type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {}

    def visit(model: type[BaseModel]) -> None:
        if model.__name__ in seen:
            return
        seen[model.__name__] = model
        for field in model.model_fields.values():
            for inner in _inner_models(field.annotation):
                visit(inner)

    visit(Project)
    return seen


def _inner_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, Strict):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _inner_models(arg)]


def project_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of the v1 project file, with Chinese descriptions and units."""
    schema = Project.model_json_schema(mode="validation")
    definitions = schema.setdefault("$defs", {})
    for name, model in _models().items():
        target = schema if model is Project else definitions.get(name)
        if target is None:
            continue
        for key, field in model.model_fields.items():
            _describe(target["properties"][key], key, field.annotation, field.description)
    schema["allOf"] = [
        {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
         "then": {"required": [kind]}}
        for kind in KINDS
    ]
    schema["title"] = "greencheck/v1 项目文件 project file"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def _describe(prop: dict[str, Any], key: str, annotation: Any, description: str | None) -> None:
    text = description or ZH_NAMES.get(key, "")
    unit = unit_of(annotation)
    if unit == "ratio":
        text = f"{text}（{RATIO_NOTE}）" if text else RATIO_NOTE
    elif unit is not None:
        shown = UNIT_NAMES.get(unit, unit)
        prop["x-unit"] = shown
        if shown not in text:
            text = f"{text}，单位 {shown}" if text else f"单位 {shown}"
        if unit:
            text += f"；可写数字或带单位的字符串，如 \"1200 {shown}\" (number, or text with a unit)"
    if text:
        prop["description"] = text


def schema_text() -> str:
    return json.dumps(project_schema(), ensure_ascii=False, indent=2) + "\n"


# --- templates (greencheck new KIND) ---------------------------------------------------------

def template(kind: str) -> str:
    """A commented project file for ``kind`` that validates as it stands (unknowns are null)."""
    if kind not in KINDS:
        from checker.errors import UsageError

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
    (model,) = _inner_models(Project.model_fields[kind].annotation)
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
    inner = _inner_models(annotation)
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
    if typing.get_origin(annotation) in (typing.Union, _union_type()) and len(args) == 1:
        return args[0]
    return annotation


def _union_type() -> Any:
    import types

    return types.UnionType


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


# --- greencheck explain RULE -------------------------------------------------------------------

def explain_rule(rule: Any) -> str:
    """The clause, the logic (when it applies, metric, operator, threshold) and the examples."""
    from checker.core import citation_of
    from checker.explain import SYMBOLS, effective_text, metric_label, required_text, show
    from checker.reporters.labels import WORDS, cite

    strength_key = "binding" if rule.binding else "advisory"
    strength = f"{WORDS['zh'][strength_key]} {strength_key}"
    zh_metric, en_metric = metric_label(rule)
    requirement = rule.requirement
    lines = [
        f"{rule.id}  {rule.title.zh}",
        f"{' ' * len(rule.id)}  {rule.title.en}",
        "",
        f"条款 clause:   {cite(citation_of(rule))}",
        f"               “{rule.citation.text}”",
        f"效力 strength: {strength}（{rule.strength}）"
        + (f"；标注 {rule.citation.label}" if rule.citation.label else ""),
        f"适用期 period: {effective_text(rule)}",
        f"日期依据 date: {'检查日期 the day checked' if rule.date_basis == 'assessment' else '项目日期（立项/审批日期或报告年度）the project date'}",
        "",
        "何时适用 applies when:",
        f"  kind = {rule.kind}",
    ]
    for condition in rule.applies_to.when:
        value = "" if condition.op in {"true", "false", "given"} else " " + show(condition.value, "")
        lines.append(f"  {condition.field} {SYMBOLS[condition.op]}{value}")
    lines += [
        "",
        "要求 requires:",
        f"  指标 metric:    {requirement.metric}（{zh_metric} / {en_metric}）",
        f"  运算 operator:  {requirement.op} ({SYMBOLS[requirement.op]})",
        f"  阈值 threshold: {required_text(rule)}",
    ]
    if requirement.params:
        lines.append(f"  参数 params:    {json.dumps(requirement.params, ensure_ascii=False, default=str)}")
    lines += ["", "条款列明的豁免 exemption grounds the clause names:"]
    lines += [f"  {g.ground}: {g.zh} / {g.en}" + (f"  (field {g.field})" if g.field else "")
              for g in rule.exemptions] or ["  无 none"]
    if rule.tags:
        lines += ["", f"标签 tags: {', '.join(rule.tags)}"]
    lines += ["", "示例 examples:"]
    for example in rule.examples:
        on = f" (checked on {example.assessed_on.isoformat()})" if example.assessed_on else ""
        given = ", ".join(f"{k}={_plain(v)}" for k, v in example.given.items())
        lines.append(f"  {example.expect:<17} {example.name}{on}")
        lines.append(f"  {'':<17} {given}")
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return str(value)
