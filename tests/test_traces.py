"""Calculation traces (计算过程) in both languages (issue 13): a Chinese trace names fields by their
labels and codes by their words, with no field path and no English word beyond the units and
abbreviations a Chinese reviewer writes too; an English trace holds no Chinese. Every registered
metric is exercised: on the sample projects, the report fixtures and every rule's examples."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest

from checker.catalogue.lint import example_project
from checker.catalogue.load import Catalogue, load_catalogue
from checker.check.checker import Checker, CheckOptions
from checker.check.words import metric_label
from checker.input.loader import load_project
from checker.input.project import Project
from checker.messages import catalogue as messages
from checker.metrics.registry import (
    METRICS,
    MetricValue,
    Trace,
    compute,
    is_field_path,
    metric_info,
)
from checker.report.labels import trace
from tests.conftest import ROOT, SAMPLES

REPORT_PROJECTS = ROOT / "tests" / "fixtures" / "reports" / "projects"
# ASCII a Chinese trace may hold: units and abbreviations (CO of CO₂)
ALLOWED = {"PUE", "PV", "IT", "kWh", "tce", "kgce", "MW", "GJ", "kg", "m", "t", "L", "CO"}
WORD = re.compile(r"[A-Za-z]+")
PATH = re.compile(r"\b[a-z][a-z0-9_]*\.[a-z_][a-z0-9_]*")  # building.pv_area_m2, a field path
SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")  # solar_pv, two_star: a code as written
CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


def zh_problems(text: str) -> list[str]:
    return ([f"field path {p!r}" for p in PATH.findall(text)]
            + [f"English {w!r}" for w in WORD.findall(text) if w not in ALLOWED])


def en_problems(text: str) -> list[str]:
    return ([f"field path {p!r}" for p in PATH.findall(text)]
            + [f"code {c!r}" for c in SNAKE.findall(text)]
            + [f"Chinese {c!r}" for c in CJK.findall(text)])


def _projects():
    paths = sorted(SAMPLES.glob("*.yaml")) + sorted(p for p in REPORT_PROJECTS.glob("*.yaml")
                                                    if p.name != "broken.yaml")
    return [(path.name, load_project(path).project) for path in paths]


@cache
def traces() -> tuple[tuple[str, str, MetricValue], ...]:
    """(metric, where, computed) for every rule's metric on every project, and on every rule's
    own examples."""
    found = []
    rules = load_catalogue().rules
    projects = _projects()
    for rule in rules:
        requirement = rule.requirement
        for name, project in projects:
            found.append((requirement.metric, name,
                          compute(project, requirement.metric, requirement.arguments)))
        for example in rule.examples:
            project = example_project(rule, example).project
            found.append((requirement.metric, f"{rule.id} example {example.name!r}",
                          compute(project, requirement.metric, rule.for_example(example).requirement.arguments)))
    return tuple(found)


def test_every_registered_metric_leaves_a_trace_somewhere():
    traced = {name for name, _, computed in traces() if computed.trace}
    assert set(METRICS) - traced == set()
    assert any(is_field_path(name) for name in traced)


def test_a_chinese_trace_has_no_field_path_code_or_english_word():
    bad = {(name, where, computed.trace.zh): zh_problems(computed.trace.zh)
           for name, where, computed in traces() if zh_problems(computed.trace.zh)}
    assert bad == {}


def test_an_english_trace_has_no_chinese_field_path_or_code():
    bad = {(name, where, computed.trace.en): en_problems(computed.trace.en)
           for name, where, computed in traces() if en_problems(computed.trace.en)}
    assert bad == {}


def test_a_trace_is_in_both_languages_or_neither():
    assert [(n, w) for n, w, c in traces() if bool(c.trace.zh) != bool(c.trace.en)] == []


def test_metric_labels_are_in_their_language():
    """Every registered label (a figure in braces aside), and as every rule fills it in."""
    labels = [(name, re.sub(r"\{[a-z_]+\}", "", info.zh), re.sub(r"\{[a-z_]+\}", "", info.en))
              for name, info in METRICS.items()]
    labels += [(rule.id, *metric_label(rule))
               for rule in load_catalogue().rules]
    assert [(name, zh, zh_problems(zh)) for name, zh, _ in labels if zh_problems(zh)] == []
    assert [(name, en, en_problems(en)) for name, _, en in labels if en_problems(en)] == []


@pytest.mark.parametrize("path", ["building.fully_fitted", "building.green_building_level",
                                  "building.precast_ratio"])
def test_a_field_metric_is_named_by_its_label(path):
    project = load_project(SAMPLES / "building_qingpu_housing_fail.yaml").project
    computed = compute(project, path)
    label = messages()["fields"][path]
    assert computed.trace.zh.startswith(f"{label['zh']}：")
    assert computed.trace.en.startswith(f"{label['en']}: ")
    assert metric_info(path) is None


def test_field_traces_say_flags_and_codes_in_words():
    project = load_project(SAMPLES / "building_qingpu_housing_fail.yaml").project
    assert compute(project, "building.fully_fitted").trace == Trace("是否全装修：否", "fully fitted out: no")
    assert compute(project, "building.green_building_level").trace == Trace(
        "绿色建筑等级：二星级", "green building level: two-star")
    assert compute(project, "building.precast_ratio").trace == Trace(
        "装配式建筑单体预制率：0.4", "precast ratio: 0.4")


def test_ratio_and_ev_traces_name_what_they_divide():
    project = load_project(SAMPLES / "building_qingpu_housing_fail.yaml").project
    assert METRICS["pv_area_ratio"].compute(project).trace == Trace(
        "屋顶光伏面积 2,400 m² / 屋顶面积 9,600 m² = 25%",
        "roof PV area 2,400 m² / roof area 9,600 m² = 25%")
    assert METRICS["ev_ready_all"].compute(project).trace == Trace(
        "860 个车位中 600 个具备充电设施安装条件 = 69.77%", "600 of 860 spaces EV-ready = 69.77%")


def test_findings_carry_both_traces_and_reporters_pick_the_language(catalogue: Catalogue):
    checker = Checker(catalogue, CheckOptions(assessed_on=dt.date(2026, 1, 1)))
    findings = [f for path in sorted(SAMPLES.glob("*.yaml"))
                for f in checker.check_file(Path(path)).results]
    traced = [f for f in findings if f.trace]
    assert traced and all(f.trace_en for f in traced)
    for finding in traced:
        assert trace(finding, "zh") == finding.trace and zh_problems(finding.trace) == []
        assert trace(finding, "en") == finding.trace_en and en_problems(finding.trace_en) == []


def _made(kind: str, section: dict) -> Project:
    return Project.model_validate({"format": "greencheck/v1", "id": "T-1", "name": "测试", "kind": kind,
                                   kind: section})


RARER = [  # the branches the samples and examples may not reach, and what they say
    ("pue", _made("data_centre", {"construction": "new", "annual_total_energy_kwh": 1300000,
                                  "annual_it_energy_kwh": 1000000}), {},
     Trace("PUE = 年总耗电量 1,300,000 kWh / 年 IT 设备耗电量 1,000,000 kWh = 1.3",
           "PUE = annual total energy 1,300,000 kWh / annual IT energy 1,000,000 kWh = 1.3")),
    ("pv_fully_deployed", _made("building", {"pv_area_m2": 0}), {},
     Trace("屋顶光伏面积 = 0 m²：屋顶未安装光伏", "roof PV area = 0 m²: no PV on the roof")),
    ("renewable_energy_count", _made("building", {"renewable_energy": ["solar_pv", "ground_source_heat_pump"]}),
     {}, Trace("使用 2 种可再生能源：地源热泵、太阳能光伏",
               "2 renewable energy source(s) used: ground-source heat pump, solar PV")),
    ("nev_all", _made("vehicle_procurement", {"sector": "bus", "year": 2025, "vehicles": [
        {"count": 3, "powertrain": "ice", "replacement": False}]}), {},
     Trace("0 辆车中 0 辆为新能源汽车（纯电动、插电式混合动力或燃料电池） = 无法计算（3 辆既非新增也非更新，不计入）",
           "0 of 0 vehicles NEV (BEV/PHEV/FCEV) = n/a (3 excluded: neither new nor a replacement)")),
    ("pi_energy_audit_status", _made("public_institution_annual", {"year": 2023, "energy_audit_done": True}),
     {"energy_tce": 300}, Trace("已开展能源审计", "energy audit done")),
    ("pi_sub_metering_complete", _made("public_institution_annual", {"sub_metering_ratio": "85%"}), {},
     Trace("分项计量器具配备率 85%（要求 100%）", "sub-metering ratio 85% (100% required)")),
    ("captive_coal_retained_ratio", _made("industrial_project", {
        "captive_coal_units_original_mw": 700, "captive_coal_units_retained_mw": 500}), {},
     Trace("保留 500 MW / 原有 700 MW = 71.43%（> 原规模的 2/3）",
           "retained 500 MW / original 700 MW = 71.43% (> 2/3 of the original scale)")),
]


@pytest.mark.parametrize(("name", "project", "params", "expected"), RARER, ids=[r[0] for r in RARER])
def test_rarer_branches(name, project, params, expected):
    computed = METRICS[name].compute(project, params)
    assert computed.trace == expected
    assert zh_problems(computed.trace.zh) == [] and en_problems(computed.trace.en) == []
