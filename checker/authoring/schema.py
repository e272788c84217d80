"""The JSON Schema of the v1 project file (``greencheck schema``), for editors."""

from __future__ import annotations

import json
import typing
from typing import Any

from pydantic import BaseModel

from checker.input.project import KINDS, Project, unit_of
from checker.input.schema import Strict

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




def _models() -> dict[str, type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {}

    def visit(model: type[BaseModel]) -> None:
        if model.__name__ in seen:
            return
        seen[model.__name__] = model
        for field in model.model_fields.values():
            for inner in inner_models(field.annotation):
                visit(inner)

    visit(Project)
    return seen


def inner_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, Strict):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in inner_models(arg)]


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
