"""A seeded corpus of valid project files of every kind, for benchmarks."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import yaml

from checker.input.project import DISTRICTS, FIVE_NEW_CITIES

ZONES = (*FIVE_NEW_CITIES, "临港新片区", "长三角生态绿色一体化发展示范区", "虹桥国际中央商务区")


def _area(rng: random.Random) -> Any:
    value = rng.randint(500, 200_000)
    roll = rng.random()
    if roll < 0.2:
        return f"{value / 10000:.4g}万 m²"
    if roll < 0.3:
        return f"{value:,} m2"
    return value


def _maybe(rng: random.Random, value: Any, chance: float = 0.85) -> Any:
    return value if rng.random() < chance else None


def building(rng: random.Random) -> dict[str, Any]:
    roof = rng.randint(1000, 20000)
    return {
        "construction": rng.choice(["new", "new", "expansion", "renovation", "existing"]),
        "use": rng.choice(["government_office", "school", "hospital", "industrial_plant", "office",
                           "commercial", "residential", "transport_hub"]),
        "public_institution": rng.random() < 0.5,
        "government_invested": rng.random() < 0.5,
        "floor_area_m2": _area(rng),
        "roof_area_m2": roof,
        "pv_area_m2": _maybe(rng, round(roof * rng.uniform(0.3, 0.7), 2)),
        "green_building_level": rng.choice(["basic", "one_star", "two_star", "three_star"]),
        "renewable_energy": rng.sample(["solar_pv", "solar_thermal", "ground_source_heat_pump",
                                        "air_source_heat_pump"], rng.randint(0, 3)),
        "precast_ratio": round(rng.uniform(0.2, 0.6), 3),
        "parking_spaces": (spaces := rng.randint(0, 500)),
        "ev_ready_spaces": rng.randint(0, spaces),  # ready spaces are some of the spaces
    }


def data_centre(rng: random.Random) -> dict[str, Any]:
    section: dict[str, Any] = {
        "construction": rng.choice(["new", "expansion", "existing", "renovation"]),
        "public_institution": rng.random() < 0.2,
        "green_design": rng.random() < 0.5,
    }
    if rng.random() < 0.6:
        section["pue"] = round(rng.uniform(1.15, 1.6), 3)
    else:
        it = rng.randint(10_000_000, 200_000_000)
        section["annual_it_energy_kwh"] = it
        section["annual_total_energy_kwh"] = int(it * rng.uniform(1.15, 1.6))
    return section


def vehicle_procurement(rng: random.Random) -> dict[str, Any]:
    vehicles = [{"model": f"车型{rng.randint(1, 99)}", "count": rng.randint(1, 50),
                 "powertrain": rng.choice(["bev", "phev", "fcev", "ice", "hev"]),
                 "replacement": rng.random() < 0.7, "nev_model_available": rng.random() < 0.8}
                for _ in range(rng.randint(1, 4))]
    return {"sector": rng.choice(["bus", "taxi", "party_government", "state_owned", "sanitation",
                                  "postal", "private"]),
            "year": rng.randint(2021, 2026), "vehicles": vehicles}


def vessel_procurement(rng: random.Random) -> dict[str, Any]:
    vessels = [{"use": rng.choice(["sanitation", "ferry", "huangpu_cruise", "official", "cargo"]),
                "inland": rng.random() < 0.7, "count": rng.randint(1, 6),
                "propulsion": rng.choice(["electric", "lng", "diesel", "hybrid"])}
               for _ in range(rng.randint(1, 3))]
    return {"year": rng.randint(2021, 2026), "vessels": vessels}


def _usage(rng: random.Random, scale: float) -> dict[str, Any]:
    return {"floor_area_m2": rng.randint(5000, 200_000), "occupants": rng.randint(100, 5000),
            "electricity_kwh": int(rng.randint(1_000_000, 20_000_000) * scale),
            "natural_gas_m3": int(rng.randint(10_000, 500_000) * scale),
            "gasoline_l": int(rng.randint(0, 50_000) * scale), "diesel_l": 0, "heat_gj": 0,
            "water_m3": int(rng.randint(10_000, 300_000) * scale)}


def public_institution_annual(rng: random.Random) -> dict[str, Any]:
    return {"category": rng.choice(["municipal_government", "education", "health", "other"]),
            "year": rng.randint(2021, 2025), "baseline_2020": _usage(rng, 1.0),
            "current": _usage(rng, rng.uniform(0.8, 1.1)),
            "daily_waste_kg_per_person": round(rng.uniform(0.3, 1.2), 2),
            "energy_audit_done": rng.random() < 0.6, "water_balance_test_done": rng.random() < 0.6,
            "sub_metering_ratio": round(rng.uniform(0.5, 1.0), 2)}


def industrial_project(rng: random.Random) -> dict[str, Any]:
    original = rng.randint(0, 600)
    return {"construction": rng.choice(["new", "expansion", "renovation"]),
            "industry": rng.choice(["steel", "petrochemical", "chemical", "power", "other"]),
            "two_high_one_low": rng.random() < 0.3,
            "added_crude_steel_capacity_t": rng.choice([0, 0, rng.randint(1, 10**6)]),
            "added_refining_capacity_t": rng.choice([0, 0, rng.randint(1, 10**6)]),
            "captive_coal_units_original_mw": original,
            "captive_coal_units_retained_mw": rng.randint(0, original),
            "value_added_energy_intensity_tce_per_10k_yuan": round(rng.uniform(0.1, 1.0), 3)}


SECTIONS = {"building": building, "data_centre": data_centre,
            "vehicle_procurement": vehicle_procurement, "vessel_procurement": vessel_procurement,
            "public_institution_annual": public_institution_annual,
            "industrial_project": industrial_project}


def project(rng: random.Random, index: int) -> dict[str, Any]:
    kind = rng.choice(list(SECTIONS))
    data: dict[str, Any] = {"format": "greencheck/v1", "id": f"BENCH-{index:06d}",
                            "name": f"基准项目{index}号", "kind": kind,
                            "district": rng.choice(DISTRICTS),
                            "zones": rng.sample(ZONES, rng.randint(0, 2))}
    if kind not in {"vehicle_procurement", "vessel_procurement", "public_institution_annual"}:
        data["approval_date"] = f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    section = {k: v for k, v in SECTIONS[kind](rng).items() if v is not None}
    data[kind] = section
    return data


def write_corpus(root: Path, count: int, seed: int = 20240601) -> list[Path]:
    """Write ``count`` files (mostly YAML, every tenth JSON) under ``root``; reuse if present."""
    marker = root / f".complete-{count}-{seed}"
    files = [root / f"{i // 1000:02d}" / f"p{i:06d}.{'json' if i % 10 == 9 else 'yaml'}"
             for i in range(count)]
    if marker.exists():
        return files
    rng = random.Random(seed)
    for index, path in enumerate(files):
        data = project(rng, index)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".json":
            text = json.dumps(data, ensure_ascii=False, indent=2)
        else:
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
    marker.touch()
    return files
