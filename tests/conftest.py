from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from checker.catalogue.load import Catalogue, load_catalogue

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = ROOT / "project_samples"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


def assessed_on_for(rule, example) -> dt.date:
    """Examples are checked as if on their own date, else on the day the rule took effect."""
    return example.assessed_on or max(rule.effective_from, dt.date(2026, 1, 1))


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A passing project file of one's own (a test may change or replace it)."""
    path = tmp_path / "p.yaml"
    shutil.copy(SAMPLES / "cp_building_school_pass.yaml", path)
    return path
