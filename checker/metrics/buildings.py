"""Derived metrics for buildings."""

from __future__ import annotations

import math
from decimal import Decimal

from checker.catalogue.model import Requirement
from checker.input.project import Project
from checker.metrics.registry import (
    Assign,
    MetricValue,
    NoParams,
    Reach,
    Solution,
    choices,
    exactly,
    field_words,
    fmt,
    inverse,
    lookup,
    metric,
    percent,
    ratio,
    said,
    side_of,
    value_words,
)


@metric("pv_area_ratio", "屋顶光伏面积比例", "rooftop PV area ratio")
def pv_area_ratio(project: Project, params: NoParams) -> MetricValue:
    return ratio("building.pv_area_m2", "building.roof_area_m2", project, "m²")


@inverse("pv_area_ratio")
def pv_area_for_ratio(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    """PV area = ratio × roof area: exact for a decimal ratio."""
    roof, side = lookup(project, "building.roof_area_m2"), side_of(requirement.op)
    threshold = requirement.threshold
    if roof is None or side is None or not isinstance(threshold, Decimal):
        return None
    at, exact = exactly(lambda: threshold * Decimal(roof))
    return Reach("building.pv_area_m2", at, side, exact, noun=("屋顶光伏面积", "PV"), unit="m²")


@metric("renewable_energy_count", "可再生能源利用种类数", "renewable energy sources used")
def renewable_energy_count(project: Project, params: NoParams) -> MetricValue:
    field = "building.renewable_energy"
    sources = lookup(project, field)
    if sources is None:
        return MetricValue.absent(field)
    distinct = sorted(set(sources))
    trace = said("trace.sources", count=len(distinct), listed=value_words(distinct))
    return MetricValue(len(distinct), (field,), trace=trace)


@inverse("renewable_energy_count")
def more_sources(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    """Sources the list lacks, in the order the format lists them (solar_pv first)."""
    field = "building.renewable_energy"
    sources, threshold = lookup(project, field), requirement.threshold
    if sources is None or not isinstance(threshold, Decimal) or requirement.op not in {"ge", "gt"}:
        return None
    wanted = math.floor(threshold) + 1 if requirement.op == "gt" else math.ceil(threshold)
    have = list(dict.fromkeys(sources))
    added = [c for c in choices(field) if c not in have][:max(0, wanted - len(have))]
    if len(have) + len(added) < wanted:
        return None
    words = said("remedy.more_sources", count=str(len(added)), sources=value_words(added),
                 field=field_words(field))
    return Assign(((field, list(sources), [*have, *added]),), words.zh, words.en)


@metric("ev_ready_all", "新建公共停车场车位全部具备充电设施安装条件",
        "every new public parking space is ready for a charger")
def ev_ready_all(project: Project, params: NoParams) -> MetricValue:
    spaces_field, ready_field = "building.parking_spaces", "building.ev_ready_spaces"
    spaces, ready = lookup(project, spaces_field), lookup(project, ready_field)
    fields = (ready_field, spaces_field)
    missing = tuple(f for f, v in ((spaces_field, spaces), (ready_field, ready)) if v is None)
    if missing:
        return MetricValue(None, fields, missing=missing)
    if spaces == 0:
        return MetricValue(None, fields, note=said("note.no_parking"))
    if ready > spaces:
        return MetricValue(None, fields, missing=(ready_field,),
                       note=said("note.exceeds", field=field_words(ready_field), value=fmt(ready),
                                 other=field_words(spaces_field), bound=fmt(spaces)))
    share = percent(Decimal(ready) / Decimal(spaces))
    trace = said("trace.ev_ready", ready=fmt(ready), spaces=fmt(spaces), share=share)
    return MetricValue(ready == spaces, fields, trace=trace)


@inverse("ev_ready_all")
def every_space_ready(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    spaces = lookup(project, "building.parking_spaces")
    if not spaces or requirement.op != "true":
        return None
    return Reach("building.ev_ready_spaces", Decimal(spaces), "ge", whole=True,
                 words=(f"再使 {{delta}} 个车位具备充电设施安装条件（{{before}} → {{after}} 个，共 {spaces} 个）",
                        f"make {{delta}} more of the {spaces} spaces EV-ready ({{before}} → {{after}})"))


@metric("pv_fully_deployed", "光伏应装尽装", "PV installed wherever suitable")
def pv_fully_deployed(project: Project, params: NoParams) -> MetricValue:
    """应装尽装 on the v1 fields: no PV on the roof is a shortfall whatever else is true; some PV
    is not enough to tell (the v1 format does not say which roofs are suitable), unless the
    project states ``pv_fully_deployed`` (a field greencheck accepts beyond v1)."""
    stated_field, area_field = "building.pv_fully_deployed", "building.pv_area_m2"
    stated = lookup(project, stated_field)
    if stated is not None:
        return MetricValue(stated, (stated_field,), trace=said(
            "trace.field", field=field_words(stated_field), value=value_words(stated)))
    area = lookup(project, area_field)
    if area is None:
        return MetricValue.absent(area_field)
    if area == 0:
        return MetricValue(False, (area_field,), trace=said("trace.no_pv", field=field_words(area_field)))
    return MetricValue(None, (area_field, stated_field), missing=(stated_field,),
                       note=said("note.pv_deployed", field=field_words(stated_field)))


@inverse("pv_fully_deployed")
def state_fully_deployed(project: Project, requirement: Requirement,
                         computed: MetricValue) -> Solution | None:
    stated_field = "building.pv_fully_deployed"
    if requirement.op != "true":
        return None
    stated = lookup(project, stated_field)
    if stated is False:
        words = said("remedy.deploy_pv", field=field_words(stated_field))
        return Assign(((stated_field, False, True),), words.zh, words.en)
    # the key is beyond v1: the designer is told what to write, as the file writes it
    words = said("remedy.no_pv", area=field_words("building.pv_area_m2"))
    return Assign(((stated_field, stated, True),), words.zh, words.en)
