"""Derived metrics for vehicle and vessel procurements: shares of the fleet bought, by count.

Every trace names what was counted, what was left out of the base and why, e.g.
``18 of 20 vehicles BEV/FCEV = 90% (2 excluded: no suitable model)`` (in zh
``20 辆车中 18 辆为纯电动或燃料电池汽车 = 90%（2 辆无适配车型，不计入）``).
"""

from __future__ import annotations

import math
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pydantic import Field, field_validator

from checker.catalogue.model import Requirement
from checker.input.project import Project, Vehicle, Vessel
from checker.input.schema import Strict
from checker.messages import LANGS, code_label, listed
from checker.metrics.registry import (
    SEP,
    Assign,
    Explain,
    MetricValue,
    NoParams,
    Solution,
    Trace,
    divide,
    inverse,
    metric,
    percent,
    said,
    value_words,
)

NEV = ("bev", "phev", "fcev")
ZERO_EMISSION = ("bev", "fcev")
CLEAN_OR_NEW = ("bev", "phev", "fcev", "lng", "cng")
VEHICLES = "vehicle_procurement.vehicles"
VESSELS = "vessel_procurement.vessels"
# what a trace calls the powertrains a clause accepts: a sentence of the catalogue
LABELS = {NEV: "trace.nev", ZERO_EMISSION: "trace.zero_emission", CLEAN_OR_NEW: "trace.clean_or_new"}


@dataclass(frozen=True)
class Tally:
    """Counts behind a share: those that meet the clause, the base, and what was left out."""

    meeting: int = 0
    base: int = 0
    excluded: tuple[Trace, ...] = ()
    missing: tuple[str, ...] = ()

    def share(self) -> Decimal | None:
        return divide(self.meeting, self.base) if self.base else None

    def text(self, sentence: str, label: str) -> Trace:
        """``sentence`` (trace.vehicles or trace.vessels) with the counts; ``label`` the
        catalogue's words for what meets the clause."""
        share = self.share()
        shown = Trace.same(percent(share)) if share is not None else said("trace.no_share")
        left = said("trace.left", items=SEP.join(self.excluded)) if self.excluded else Trace()
        return said(sentence, meeting=self.meeting, base=self.base, label=said(label), share=shown,
                    left=left)


def tally_vehicles(vehicles: Sequence[Vehicle], accepted: Sequence[str],
                   exclude_without_model: bool) -> Tally:
    meeting = base = 0
    no_model = not_new = 0
    missing: list[str] = []
    for index, vehicle in enumerate(vehicles):
        if vehicle.replacement is False:
            not_new += vehicle.count
            continue
        if exclude_without_model and vehicle.nev_model_available is False:
            no_model += vehicle.count
            continue
        if vehicle.powertrain is None:
            missing.append(f"{VEHICLES}.{index}.powertrain")
            continue
        if (exclude_without_model and vehicle.nev_model_available is None
                and vehicle.powertrain not in accepted):
            # the clause exempts vehicles with no suitable model: unstated, it cannot be decided
            missing.append(f"{VEHICLES}.{index}.nev_model_available")
            continue
        base += vehicle.count
        meeting += vehicle.count if vehicle.powertrain in accepted else 0
    excluded = tuple(said(key, count=count) for count, key in (
        (no_model, "trace.no_model"), (not_new, "trace.not_new")) if count)
    return Tally(meeting, base, excluded, tuple(missing))


def vehicle_share(project: Project, accepted: Sequence[str], exclude_without_model: bool,
                    want_all: bool) -> MetricValue:
    procurement = project.vehicle_procurement
    vehicles = procurement.vehicles if procurement is not None else None
    if vehicles is None:
        return MetricValue.absent(VEHICLES)
    tally = tally_vehicles(vehicles, accepted, exclude_without_model)
    return _share(tally, VEHICLES, "trace.vehicles", LABELS[tuple(accepted)], want_all)


def _share(tally: Tally, field: str, sentence: str, label: str, want_all: bool) -> MetricValue:
    trace = tally.text(sentence, label)
    if tally.missing:
        return MetricValue(None, (field,), missing=tally.missing, trace=trace)
    share = tally.share()
    if share is None:
        note = (said("note.nothing_covered") if not tally.excluded
                else said("note.all_excluded", items=SEP.join(tally.excluded)))
        return MetricValue(None, (field,), trace=trace, note=note, in_scope=False)
    value: Decimal | bool = (tally.meeting == tally.base) if want_all else share
    return MetricValue(value, (field,), trace=trace)


# what a remedy calls the powertrains a clause accepts (zh, en); the first code is the one proposed
WORDS = {NEV: ("新能源汽车", "new energy"), ZERO_EMISSION: ("纯电动或燃料电池汽车", "battery-electric or fuel-cell"),
         CLEAN_OR_NEW: ("清洁能源或新能源车辆", "clean or new energy")}


def _codes(accepted: Sequence[str]) -> tuple[str, str]:
    """The powertrains accepted in words, the first proposed: "纯电动或燃料电池，如纯电动"."""
    words = said("remedy.codes", codes=Trace(*(listed((code_label(c, lang) for c in accepted),
                                                      lang, "or") for lang in LANGS)),
                 first=value_words(accepted[0]))
    return words.zh, words.en


def short_vehicles(vehicles: Sequence[Vehicle], accepted: Sequence[str],
                   exclude_without_model: bool) -> list[tuple[int, Vehicle]]:
    """The entries ``tally_vehicles`` counts in the base that do not meet the clause."""
    found = []
    for index, vehicle in enumerate(vehicles):
        if vehicle.replacement is False or vehicle.powertrain is None or vehicle.powertrain in accepted:
            continue
        if exclude_without_model and vehicle.nev_model_available is not True:
            continue  # excluded (no suitable model), or undecided (missing data): no shortfall
        found.append((index, vehicle))
    return found


def _listed(short: Sequence[tuple[int, Vehicle]]) -> tuple[str, str]:
    """The entries to change, as a reader finds them in the file: by number (from 1) and model."""
    words = SEP.join(said("remedy.vehicle_entry", number=str(i + 1), model=v.model or "-",
                          count=str(v.count), powertrain=value_words(v.powertrain))
                     for i, v in short)
    return words.zh, words.en


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def all_vehicles(project: Project, accepted: tuple[str, ...], exclude_without_model: bool) -> Solution | None:
    """Every entry counted that falls short changes its powertrain (to the first accepted)."""
    procurement = project.vehicle_procurement
    if procurement is None or procurement.vehicles is None:
        return None
    short = short_vehicles(procurement.vehicles, accepted, exclude_without_model)
    if not short:
        return None
    count, (zh, en), (listed_zh, listed_en) = sum(v.count for _, v in short), WORDS[accepted], _listed(short)
    codes_zh, codes_en = _codes(accepted)
    return Assign(tuple((f"{VEHICLES}.{i}.powertrain", v.powertrain, accepted[0]) for i, v in short),
                  f"将 {count} 辆车改为{zh}（{codes_zh}）：{listed_zh}",
                  f"change {_plural(count, 'vehicle')} to {en} ({codes_en}): {listed_en}")


def share_of_vehicles(project: Project, requirement: Requirement, accepted: tuple[str, ...],
                      exclude_without_model: bool) -> Solution | None:
    """How many more vehicles must meet the clause: the least count whose share reaches the
    bound (0.95 of 20 vehicles: 19). Entries would have to be split to change only some of an
    entry's vehicles, so this is said in words, with the entries to take them from."""
    procurement, threshold = project.vehicle_procurement, requirement.threshold
    if (procurement is None or procurement.vehicles is None or not isinstance(threshold, Decimal)
            or requirement.op not in {"ge", "gt"}):
        return None
    tally = tally_vehicles(procurement.vehicles, accepted, exclude_without_model)
    least = Decimal(tally.base) * threshold
    needed = math.floor(least) + 1 if requirement.op == "gt" else math.ceil(least)
    if needed > tally.base or needed <= tally.meeting:
        return None
    more = needed - tally.meeting
    (zh, en), (listed_zh, listed_en) = WORDS[accepted], _listed(
        short_vehicles(procurement.vehicles, accepted, exclude_without_model))
    before, after = percent(Decimal(tally.meeting) / tally.base), percent(Decimal(needed) / tally.base)
    codes_zh, codes_en = _codes(accepted)
    return Explain(
        f"再将 {more} 辆车改为{zh}（{codes_zh}）：{tally.meeting} → {needed} 辆（共 {tally.base} 辆），"
        f"占比 {before} → {after}；可从以下车辆中选：{listed_zh}",
        f"change {more} more {'vehicle' if more == 1 else 'vehicles'} to {en} ({codes_en}): "
        f"{tally.meeting} → {needed} of {tally.base}, {before} → {after}; from: {listed_en}")


@metric("nev_all", "新增或更新车辆全部为新能源汽车", "all new or replacement vehicles are NEVs")
def nev_all(project: Project, params: NoParams) -> MetricValue:
    return vehicle_share(project, NEV, False, want_all=True)


@metric("zero_emission_all", "有适配车型的新增或更新车辆全部为纯电动或燃料电池汽车",
        "all new or replacement vehicles with a suitable model are BEV or FCEV")
def zero_emission_all(project: Project, params: NoParams) -> MetricValue:
    return vehicle_share(project, ZERO_EMISSION, True, want_all=True)


class ShareParams(Strict):
    exclude_without_model: bool = Field(
        False, description="leave vehicles with no suitable BEV/FCEV model out of the base")


@metric("zero_emission_share", "新增或更新车辆中纯电动或燃料电池汽车占比",
        "share of new or replacement vehicles that are BEV or FCEV", params=ShareParams)
def zero_emission_share(project: Project, params: ShareParams) -> MetricValue:
    return vehicle_share(project, ZERO_EMISSION, params.exclude_without_model, want_all=False)


@metric("clean_or_new_energy_all", "新增或更新设备/车辆全部采用清洁能源或新能源",
        "all new or replacement machinery uses clean or new energy")
def clean_or_new_energy_all(project: Project, params: NoParams) -> MetricValue:
    return vehicle_share(project, CLEAN_OR_NEW, False, want_all=True)


@inverse("nev_all")
def nev_all_remedy(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    return all_vehicles(project, NEV, False)


@inverse("zero_emission_all")
def zero_emission_all_remedy(project: Project, requirement: Requirement,
                             computed: MetricValue) -> Solution | None:
    return all_vehicles(project, ZERO_EMISSION, True)


@inverse("zero_emission_share")
def zero_emission_share_remedy(project: Project, requirement: Requirement,
                               computed: MetricValue) -> Solution | None:
    exclude = bool(requirement.params.get("exclude_without_model", False))
    return share_of_vehicles(project, requirement, ZERO_EMISSION, exclude)


@inverse("clean_or_new_energy_all")
def clean_or_new_energy_all_remedy(project: Project, requirement: Requirement,
                                   computed: MetricValue) -> Solution | None:
    return all_vehicles(project, CLEAN_OR_NEW, False)


def tally_vessels(vessels: Sequence[Vessel], uses: Sequence[str], accepted: Sequence[str]) -> Tally:
    meeting = base = other = 0
    missing: list[str] = []
    for index, vessel in enumerate(vessels):
        if vessel.use is None:
            missing.append(f"{VESSELS}.{index}.use")
            continue
        if vessel.use not in uses or vessel.inland is False:
            other += vessel.count
            continue
        for name in ("inland", "propulsion"):
            if getattr(vessel, name) is None:
                missing.append(f"{VESSELS}.{index}.{name}")
        if vessel.inland is None or vessel.propulsion is None:
            continue
        base += vessel.count
        meeting += vessel.count if vessel.propulsion in accepted else 0
    excluded = (said("trace.not_covered", count=other),) if other else ()
    return Tally(meeting, base, excluded, tuple(missing))


def _vessel_uses() -> tuple[str, ...]:
    annotation = Vessel.model_fields["use"].annotation
    return tuple(value for arg in typing.get_args(annotation) for value in typing.get_args(arg))


class VesselParams(Strict):
    uses: tuple[str, ...] = Field(min_length=1, description="the uses the clause lists (project "
                                                            "values of vessels[].use)")

    @field_validator("uses")
    @classmethod
    def _known(cls, uses: tuple[str, ...]) -> tuple[str, ...]:
        known = _vessel_uses()
        unknown = [use for use in uses if use not in known]
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: not a vessel use; expected any of {', '.join(known)}")
        return uses


@metric("inland_vessels_electric_or_lng_all", "所列用途新增内河船舶全部采用电力或液化天然气驱动",
        "all new inland vessels of the listed uses are electric or LNG", params=VesselParams)
def inland_vessels_electric_or_lng_all(project: Project, params: VesselParams) -> MetricValue:
    procurement = project.vessel_procurement
    vessels = procurement.vessels if procurement is not None else None
    if vessels is None:
        return MetricValue.absent(VESSELS)
    tally = tally_vessels(vessels, params.uses, ("electric", "lng"))
    return _share(tally, VESSELS, "trace.vessels", "trace.electric_or_lng", want_all=True)


@inverse("inland_vessels_electric_or_lng_all")
def vessels_remedy(project: Project, requirement: Requirement, computed: MetricValue) -> Solution | None:
    procurement = project.vessel_procurement
    if procurement is None or procurement.vessels is None:
        return None
    uses = tuple(requirement.params.get("uses", ("sanitation", "ferry", "huangpu_cruise", "official")))
    short = [(i, v) for i, v in enumerate(procurement.vessels)
             if v.use in uses and v.inland is True and v.propulsion is not None
             and v.propulsion not in ("electric", "lng")]
    if not short:
        return None
    count = sum(v.count for _, v in short)
    return Assign(
        tuple((f"{VESSELS}.{i}.propulsion", v.propulsion, "electric") for i, v in short),
        *_vessel_words(count, short))


def _vessel_words(count: int, short: Sequence[tuple[int, Vessel]]) -> tuple[str, str]:
    entries = SEP.join(said("remedy.vessel_entry", number=str(i + 1), count=str(v.count),
                            propulsion=value_words(v.propulsion)) for i, v in short)
    words = said("remedy.vessels", count=str(count), entries=entries)
    return words.zh, words.en
