"""Derived metrics for buildings."""

from __future__ import annotations

from decimal import Decimal

from checker.input.project import Project
from checker.metrics.registry import MetricValue, NoParams, lookup, metric, percent, ratio


@metric("pv_area_ratio", "屋顶光伏面积比例", "rooftop PV area ratio")
def pv_area_ratio(project: Project, params: NoParams) -> MetricValue:
    return ratio("building.pv_area_m2", "building.roof_area_m2", project, "m²")


@metric("renewable_energy_count", "可再生能源利用种类数", "renewable energy sources used")
def renewable_energy_count(project: Project, params: NoParams) -> MetricValue:
    field = "building.renewable_energy"
    sources = lookup(project, field)
    if sources is None:
        return MetricValue.absent(field)
    distinct = sorted(set(sources))
    listed = ", ".join(distinct) if distinct else "none"
    return MetricValue(len(distinct), (field,), trace=f"{len(distinct)} source(s): {listed}")


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
        return MetricValue(None, fields, note="the project has no public parking spaces")
    if ready > spaces:
        return MetricValue(None, fields, missing=(ready_field,),
                       note=f"{ready_field} ({ready}) exceeds {spaces_field} ({spaces})")
    share = percent(Decimal(ready) / Decimal(spaces))
    return MetricValue(ready == spaces, fields, trace=f"{ready} of {spaces} spaces EV-ready = {share}")


@metric("pv_fully_deployed", "光伏应装尽装", "PV installed wherever suitable")
def pv_fully_deployed(project: Project, params: NoParams) -> MetricValue:
    """应装尽装 on the v1 fields: no PV on the roof is a shortfall whatever else is true; some PV
    is not enough to tell (the v1 format does not say which roofs are suitable), unless the
    project states ``pv_fully_deployed`` (a field greencheck accepts beyond v1)."""
    stated_field, area_field = "building.pv_fully_deployed", "building.pv_area_m2"
    stated = lookup(project, stated_field)
    if stated is not None:
        return MetricValue(stated, (stated_field,), trace=f"{stated_field} = {str(stated).lower()}")
    area = lookup(project, area_field)
    if area is None:
        return MetricValue.absent(area_field)
    if area == 0:
        return MetricValue(False, (area_field,), trace=f"{area_field} = 0: no PV on the roof")
    return MetricValue(None, (area_field, stated_field), missing=(stated_field,),
                       note="PV is installed, but the v1 fields cannot tell whether every suitable "
                            "roof and site has it; state building.pv_fully_deployed")
