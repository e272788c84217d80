"""Derived metrics for buildings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checker.metrics import Measure, lookup, metric, ratio
from checker.project import Project


@metric("pv_area_ratio", "屋顶光伏面积比例", "rooftop PV area ratio")
def pv_area_ratio(project: Project, params: Mapping[str, Any]) -> Measure:
    return ratio("building.pv_area_m2", "building.roof_area_m2", project, "m²")


@metric("renewable_energy_count", "可再生能源利用种类数", "renewable energy sources used")
def renewable_energy_count(project: Project, params: Mapping[str, Any]) -> Measure:
    field = "building.renewable_energy"
    sources = lookup(project, field)
    if sources is None:
        return Measure(None, (field,), missing=(field,))
    distinct = sorted(set(sources))
    listed = ", ".join(distinct) if distinct else "none"
    return Measure(len(distinct), (field,), trace=f"{len(distinct)} source(s): {listed}")
