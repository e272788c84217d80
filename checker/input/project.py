"""Pydantic models of the v1 project file (../shared/PROJECT_FORMAT.md), strict throughout."""

from __future__ import annotations

import datetime as dt
import functools
import typing
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from checker.input.plausibility import IMPLAUSIBLE, implausible
from checker.input.schema import Strict, model_in
from checker.input.units import (
    QuantityError,
    checked,
    checked_int,
    long_number_problem,
    to_decimal,
    to_ratio,
)
from checker.messages import ByLang, Choice, Key, Quoted, Said, words

DISTRICTS = (
    "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区",
    "宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
)
FIVE_NEW_CITIES = ("嘉定新城", "青浦新城", "松江新城", "奉贤新城", "南汇新城")
# the group a clause may name (004: 五个新城); a project in any new city is in it, never lists it
FIVE_NEW_CITIES_GROUP = "五个新城"
# the special areas the v1 format names (PROJECT_FORMAT.md, "zones"); any other is an input error
ZONES = (*FIVE_NEW_CITIES, "临港新片区", "长三角生态绿色一体化发展示范区", "崇明世界级生态岛",
         "虹桥国际中央商务区", "西虹桥商务区", "市西软件信息园", "西岑科创中心")
# zones a district lies in wholly: they apply without being listed (PROJECT_FORMAT.md; 001
# 二（二）1 "上海青浦作为长三角生态绿色一体化发展示范区之一"; 崇明区 is the 崇明世界级生态岛)
IMPLIED_ZONES = {"青浦区": ("长三角生态绿色一体化发展示范区",), "崇明区": ("崇明世界级生态岛",)}
KINDS = (
    "building", "data_centre", "vehicle_procurement", "vessel_procurement",
    "public_institution_annual", "industrial_project",
)


def _quantity(unit: str) -> Any:
    def convert(value: Any) -> Decimal:
        number = to_decimal(value, unit)
        if number < 0:
            raise QuantityError(words("input.negative"))
        return number

    return BeforeValidator(convert)


def _ratio(value: Any) -> Decimal:
    number = to_ratio(value)
    if not 0 <= number <= 1:
        raise QuantityError(words("input.ratio.range", number=number))
    return number


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Said(words("input.date", value=Quoted(value)))


def _count(value: Any) -> int:
    if isinstance(value, str) and (problem := long_number_problem(value)):
        raise QuantityError(problem)  # a numeral the document reader kept as text: too long
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise Said(words("input.whole_number"))
    if isinstance(value, int):
        checked_int(value)  # digits bounded before anything converts them
    elif checked(value) != value.to_integral_value():
        raise Said(words("input.whole_number"))
    if value < 0:
        raise Said(words("input.negative"))
    return int(value)


def _year(value: Any) -> int:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        finite = not isinstance(value, Decimal) or value.is_finite()
        if not (finite and 2000 <= value <= 2100):  # compared, never converted: 1e9999999 is quick
            if isinstance(value, Decimal) or abs(value) < 10**15:
                raise Said(words("input.year", value=value))
            raise Said(words("input.year_huge"))
    return _count(value)


def _text(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise Said(words("input.text"))
    return value


Area = Annotated[Decimal, _quantity("m2")]
Energy = Annotated[Decimal, _quantity("kWh")]
Coal = Annotated[Decimal, _quantity("tce")]
Volume = Annotated[Decimal, _quantity("m3")]
Litres = Annotated[Decimal, _quantity("L")]
Heat = Annotated[Decimal, _quantity("GJ")]
Power = Annotated[Decimal, _quantity("MW")]
Tonnes = Annotated[Decimal, _quantity("t")]
Kilograms = Annotated[Decimal, _quantity("kg")]
Intensity = Annotated[Decimal, _quantity("tce/wan_yuan")]
Number = Annotated[Decimal, _quantity("")]
Ratio = Annotated[Decimal, BeforeValidator(_ratio)]
Count = Annotated[int, BeforeValidator(_count)]
Year = Annotated[int, BeforeValidator(_year)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Text = Annotated[str, BeforeValidator(_text)]
Flag = Annotated[bool, Field(strict=True)]


class Exemption(Strict):
    rule: Text = Field(description="规则编号 rule id")
    reason: Text = Field(description="豁免理由：条款本身列明的情形 exemption ground")
    evidence: Text | None = Field(None, description="证明材料 evidence reference")


class Section(Strict):
    """A model whose values are checked for plausibility once each is valid (plausibility.py)."""

    @model_validator(mode="after")
    def _plausible(self) -> Section:
        found = implausible(self)
        if found:
            raise PydanticCustomError(IMPLAUSIBLE, "{summary}",
                                      {"summary": "; ".join(m.text("en") for m, _ in found),
                                       "problems": found})
        return self


class Building(Section):
    construction: Literal["new", "expansion", "renovation", "existing"] | None = None
    use: Literal[
        "government_office", "school", "hospital", "industrial_plant", "commercial", "office",
        "residential", "hotel", "transport_hub", "cultural", "sports", "other_public",
    ] | None = None
    large: Flag | None = Field(None, description="大型交通枢纽 large transport hub")
    public_institution: Flag | None = Field(None, description="公共机构使用 used by a public institution")
    government_invested: Flag | None = Field(None, description="政府投资项目 government-invested")
    floor_area_m2: Area | None = Field(None, description="建筑面积 floor area, m²")
    roof_area_m2: Area | None = Field(None, description="屋顶面积 roof area, m²")
    pv_area_m2: Area | None = Field(None, description="屋顶光伏面积 rooftop PV area, m²")
    pv_fully_deployed: Flag | None = Field(
        None, description="光伏应装尽装：适宜安装光伏的屋顶及场址均已安装（是/否，无单位） "
                          "PV installed wherever suitable (yes/no)")
    green_building_level: Literal["none", "basic", "one_star", "two_star", "three_star"] | None = None
    ultra_low_energy: Flag | None = Field(None, description="执行超低能耗建筑标准")
    renewable_energy: list[Literal[
        "solar_pv", "solar_thermal", "ground_source_heat_pump", "air_source_heat_pump", "other",
    ]] | None = Field(None, description="可再生能源利用 renewable energy sources")
    precast_ratio: Ratio | None = Field(None, description="装配式建筑单体预制率")
    fully_fitted: Flag | None = Field(None, description="全装修")
    parking_spaces: Count | None = Field(None, description="公共停车位")
    ev_ready_spaces: Count | None = Field(None, description="具备充电设施安装条件的车位")


class DataCentre(Section):
    construction: Literal["new", "expansion", "existing", "renovation"] | None = None
    pue: Number | None = Field(None, description="能源利用效率 PUE")
    annual_total_energy_kwh: Energy | None = Field(None, description="年总耗电量 kWh")
    annual_it_energy_kwh: Energy | None = Field(None, description="年IT设备耗电量 kWh")
    value_added_energy_intensity_tce_per_10k_yuan: Intensity | None = Field(
        None, description="单位增加值能耗 tce/万元")
    public_institution: Flag | None = None
    green_design: Flag | None = Field(None, description="绿色化设计、建造和运行")


class Vehicle(Section):
    model: Text | None = None
    count: Count
    powertrain: Literal["bev", "phev", "fcev", "hev", "ice", "lng", "cng"] | None = None
    replacement: Flag | None = Field(None, description="新增或更新")
    nev_model_available: Flag | None = Field(None, description="有适配车型")


class VehicleProcurement(Section):
    sector: Literal[
        "bus", "taxi", "party_government", "state_owned", "sanitation", "postal", "rental",
        "urban_freight", "charter", "port_machinery", "airport_ground", "private",
    ] | None = None
    year: Year | None = None
    vehicles: list[Vehicle] | None = None


class Vessel(Section):
    use: Literal["sanitation", "ferry", "huangpu_cruise", "official", "cargo", "other"] | None = None
    inland: Flag | None = None
    count: Count
    propulsion: Literal["electric", "lng", "diesel", "hybrid", "other"] | None = None


class VesselProcurement(Section):
    year: Year | None = None
    vessels: list[Vessel] | None = None


class Usage(Section):
    floor_area_m2: Area | None = Field(None, description="建筑面积 m²")
    occupants: Count | None = Field(None, description="用能人数")
    electricity_kwh: Energy | None = Field(None, description="电力 kWh")
    natural_gas_m3: Volume | None = Field(None, description="天然气 m³")
    gasoline_l: Litres | None = Field(None, description="汽油 L")
    diesel_l: Litres | None = Field(None, description="柴油 L")
    heat_gj: Heat | None = Field(None, description="热力 GJ")
    water_m3: Volume | None = Field(None, description="用水量 m³")
    hdd18: Number | None = Field(None, description="采暖度日数 HDD18 (optional, weather normalisation)")
    cdd26: Number | None = Field(None, description="空调度日数 CDD26 (optional, weather normalisation)")


class PublicInstitutionAnnual(Section):
    category: Literal["municipal_government", "education", "health", "other", "district"] | None = None
    year: Year | None = None
    baseline_2020: Usage | None = None
    current: Usage | None = None
    daily_waste_kg_per_person: Kilograms | None = Field(
        None, description="人均生活垃圾日产生量 kg/人·天")
    energy_audit_done: Flag | None = Field(None, description="已开展能源审计")
    water_balance_test_done: Flag | None = Field(None, description="已开展水平衡测试")
    sub_metering_ratio: Ratio | None = Field(None, description="分项计量器具配备率")


class IndustrialProject(Section):
    construction: Literal["new", "expansion", "renovation"] | None = None
    industry: Literal[
        "steel", "petrochemical", "chemical", "power", "building_materials", "nonferrous",
        "papermaking", "printing_dyeing", "other",
    ] | None = None
    two_high_one_low: Flag | None = Field(None, description="高耗能、高排放、低水平（两高一低）")
    exemption_ground: Literal[
        "city_operation_security", "industrial_security", "environmental_retrofit",
        "renewable_resource", "chain_strengthening",
    ] | None = None
    added_crude_steel_capacity_t: Tonnes | None = Field(None, description="新增粗钢产能 t")
    added_refining_capacity_t: Tonnes | None = Field(None, description="新增炼油能力 t")
    captive_coal_units_original_mw: Power | None = Field(None, description="自备电厂原煤电机组规模 MW")
    captive_coal_units_retained_mw: Power | None = Field(None, description="保留煤电机组规模 MW")
    value_added_energy_intensity_tce_per_10k_yuan: Intensity | None = None


SECTIONS: dict[str, type[Strict]] = {
    "building": Building, "data_centre": DataCentre, "vehicle_procurement": VehicleProcurement,
    "vessel_procurement": VesselProcurement, "public_institution_annual": PublicInstitutionAnnual,
    "industrial_project": IndustrialProject,
}


class Project(Strict):
    """One project file of format greencheck/v1."""

    format: Literal["greencheck/v1"] = Field(description="格式版本，固定为 greencheck/v1")
    id: Text = Field(description="项目编号，批次内唯一")
    name: Text = Field(description="项目名称")
    kind: Literal[KINDS] = Field(description="项目类型")  # type: ignore[valid-type]
    district: Literal[DISTRICTS] | None = Field(None, description="所在区")  # type: ignore[valid-type]
    zones: list[Literal[ZONES]] = Field(  # type: ignore[valid-type]
        default_factory=list, description="特定区域，如 青浦新城、临港新片区")
    approval_date: Date | None = Field(None, description="立项/审批日期 YYYY-MM-DD")
    exemptions: list[Exemption] = Field(default_factory=list, description="申请的豁免")
    building: Building | None = None
    data_centre: DataCentre | None = None
    vehicle_procurement: VehicleProcurement | None = None
    vessel_procurement: VesselProcurement | None = None
    public_institution_annual: PublicInstitutionAnnual | None = None
    industrial_project: IndustrialProject | None = None

    @model_validator(mode="after")
    def _one_section_for_kind(self) -> Project:
        for section in SECTIONS:
            if section != self.kind and getattr(self, section) is not None:
                raise Said(words("input.other_section", kind=ByLang(Choice(self.kind), self.kind),
                                 section=Key(section, section)))
        if getattr(self, self.kind) is None:
            raise Said(words("input.no_section", kind=ByLang(Choice(self.kind), self.kind),
                                 section=Key(self.kind, self.kind)))
        return self

    def section(self) -> Strict:
        value: Strict = getattr(self, self.kind)
        return value

    def effective_date(self) -> dt.date | None:
        """The date that decides which clauses were in force (see ``effective_date_field``)."""
        if self.effective_date_field() == "approval_date":
            return self.approval_date
        year = getattr(self.section(), "year", None)
        return dt.date(year, 12, 31) if year else None

    def effective_date_field(self) -> str:
        """Where the deciding date comes from. An annual report: its reporting year (its
        approval_date is the day it was filed, never the period it reports); a procurement: its
        procurement year, else its approval date; every other kind: its approval date."""
        if self.kind == "public_institution_annual":
            return f"{self.kind}.year"
        if self.kind in ("vehicle_procurement", "vessel_procurement"):
            given = getattr(self.section(), "year", None) is not None
            return f"{self.kind}.year" if given or self.approval_date is None else "approval_date"
        return "approval_date"

    def all_zones(self) -> tuple[str, ...]:
        """The zones listed, then those the district implies (not listed twice)."""
        implied = IMPLIED_ZONES.get(self.district or "", ())
        return (*self.zones, *(zone for zone in implied if zone not in self.zones))

    def derived_zones(self) -> tuple[str, ...]:
        return self.all_zones()[len(self.zones):]


@functools.lru_cache(maxsize=512)
def path_unit(path: str) -> str | None:
    """The unit of the field at a dotted ``path`` (list indices skipped): what a clause's bound on
    it is written in ("m3", "MW", "ratio"); None for a field that is not a quantity."""
    model: Any = Project
    unit = None
    for part in path.split("."):
        if part.isdigit():
            continue
        if model is None or part not in model.model_fields:
            return None
        unit = field_unit(model, part)
        model = model_in(model.model_fields[part].annotation)
    return unit


@functools.lru_cache(maxsize=512)
def field_unit(model: type[BaseModel], name: str) -> str | None:
    """``unit_of`` a model's field, worked out once (reports echo every declared value with it)."""
    return unit_of(model.model_fields[name].annotation)


def unit_of(annotation: Any) -> str | None:
    """The unit a quantity field converts to (from ``_quantity``), or "ratio"."""
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
