"""Chinese words for the v1 format's codes (``two_star``, ``bev``) and flags, for Chinese text.

Field paths stay as written (``building.use``); the values in them read in Chinese. A test holds
this table complete: every code a ``Literal`` of the project model allows has its word here.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel

from checker.input import project

CODES_ZH = {
    # kind
    "building": "建筑", "data_centre": "数据中心", "vehicle_procurement": "车辆采购",
    "vessel_procurement": "船舶采购", "public_institution_annual": "公共机构年度报告",
    "industrial_project": "工业项目",
    # construction
    "new": "新建", "expansion": "扩建", "renovation": "改建", "existing": "既有",
    # building.use
    "government_office": "党政机关办公", "school": "学校", "hospital": "医院",
    "industrial_plant": "工业厂房", "commercial": "商业", "office": "办公", "residential": "居住",
    "hotel": "酒店", "transport_hub": "交通枢纽", "cultural": "文化", "sports": "体育",
    "other_public": "其他公共建筑",
    # building.green_building_level
    "none": "未达到绿色建筑标准", "basic": "基本级", "one_star": "一星级", "two_star": "二星级",
    "three_star": "三星级",
    # building.renewable_energy
    "solar_pv": "太阳能光伏", "solar_thermal": "太阳能光热", "ground_source_heat_pump": "地源热泵",
    "air_source_heat_pump": "空气源热泵", "other": "其他",
    # vehicle_procurement.sector
    "bus": "公交", "taxi": "巡游出租车", "party_government": "党政机关",
    "state_owned": "国有企事业单位", "sanitation": "环卫", "postal": "邮政", "rental": "租赁",
    "urban_freight": "市区货运", "charter": "市内包车", "port_machinery": "港口机械",
    "airport_ground": "机场场内", "private": "私人",
    # powertrain, propulsion
    "bev": "纯电动", "phev": "插电式混合动力", "fcev": "燃料电池", "hev": "油电混合动力",
    "ice": "燃油", "lng": "液化天然气", "cng": "压缩天然气", "electric": "电动",
    "diesel": "柴油", "hybrid": "混合动力",
    # vessel use
    "ferry": "轮渡", "huangpu_cruise": "黄浦江游船", "official": "公务", "cargo": "货运",
    # public_institution_annual.category
    "municipal_government": "市级机关", "education": "教育", "health": "卫生健康", "district": "区级",
    # industrial_project.industry
    "steel": "钢铁", "petrochemical": "石化", "chemical": "化工", "power": "电力",
    "building_materials": "建材", "nonferrous": "有色金属", "papermaking": "造纸",
    "printing_dyeing": "印染",
    # industrial_project.exemption_ground (the clause's own words, rules/004_carbon_peak.yaml)
    "city_operation_security": "本市城市运行安全保障", "industrial_security": "产业发展安全保障",
    "environmental_retrofit": "环保改造", "renewable_resource": "再生资源利用",
    "chain_strengthening": "强链补链延链",
}
# the few text values a metric computes (checker/metrics), and flags
VALUES_ZH = {"done": "已开展", "due_not_done": "应开展而未开展", "true": "是", "false": "否"}



def models() -> Iterator[type[BaseModel]]:
    """The project model and every model nested in it."""
    for value in vars(project).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value.model_fields:
            yield value


def literals(annotation: Any) -> Iterator[Any]:
    """Every value a ``Literal`` inside ``annotation`` allows (through Optional, list, ...)."""
    if typing.get_origin(annotation) is Literal:
        yield from typing.get_args(annotation)
        return
    for argument in typing.get_args(annotation):
        yield from literals(argument)


FIELD_NAMES = frozenset(name for model in models() for name in model.model_fields)
# the fields whose values are codes of the format, not free text
CODED_FIELDS = frozenset(name for model in models() for name, info in model.model_fields.items()
                         if any(True for _ in literals(info.annotation)))


def value_zh(field: str, value: str) -> str:
    """A text value of ``field`` (a dotted path) for Chinese text: a code in words, other text
    as written."""
    return CODES_ZH.get(value, value) if field.rsplit(".", 1)[-1] in CODED_FIELDS else value


def words_zh(text: str, field_names: Iterable[str] = FIELD_NAMES) -> str:
    """``text`` with each code and true/false standing alone (not part of a field path such as
    ``building.use`` or a longer name) in Chinese. A code that is also a field name
    (``district``) is left alone: in a sentence it may be the field."""
    return _pattern(frozenset(field_names)).sub(lambda m: _WORDS[m.group(0)], text)


_WORDS = {**CODES_ZH, **VALUES_ZH}
_compiled: dict[frozenset[str], re.Pattern[str]] = {}


def _pattern(field_names: frozenset[str]) -> re.Pattern[str]:
    pattern = _compiled.get(field_names)
    if pattern is None:
        codes = sorted((code for code in _WORDS if code not in field_names), key=len, reverse=True)
        pattern = re.compile(r"(?<![A-Za-z0-9_.\-])(?:" + "|".join(map(re.escape, codes))
                             + r")(?![A-Za-z0-9_.\-])")
        _compiled[field_names] = pattern
    return pattern
