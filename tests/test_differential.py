"""Differential test: durable_rules and the pure-Python oracle agree on generated valid projects.

Projects come from the pydantic model's own field types, with extreme but valid values (1e-20 and
1e14 quantities, within each field's plausible bound; every threshold and values a hair either side
of it, ratios at 0 and 1).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.catalogue.load import load_catalogue
from checker.check.checker import Checker, CheckOptions
from checker.check.prepare import prepare
from checker.evaluation.durable import DurableEngine
from checker.evaluation.oracle import OracleEngine
from checker.input.document import Document
from checker.input.loader import LoadedProject
from checker.input.project import Project
from tests.strategies import valid_projects

CATALOGUE = load_catalogue()
DURABLE = DurableEngine(CATALOGUE.rules)
ORACLE = OracleEngine(CATALOGUE.rules)
ASSESSED = dt.date(2026, 1, 1)
CHECKERS = {name: Checker(CATALOGUE, CheckOptions(assessed_on=ASSESSED, engine=name))  # type: ignore[arg-type]
            for name in ("durable_rules", "oracle")}
SETTINGS = settings(derandomize=True, max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(valid_projects(), st.dates(dt.date(2021, 1, 1), dt.date(2028, 12, 31)))
def test_engines_agree_on_raw_outcomes(data, assessed_on):
    project = Project.model_validate(data)
    prepared = prepare(project, CATALOGUE.for_kind(project.kind), assessed_on)
    assert DURABLE.evaluate(prepared) == ORACLE.evaluate(prepared)


@SETTINGS
@given(valid_projects())
def test_engines_agree_on_whole_reports(data):
    loaded = LoadedProject(Document("fuzz.yaml", data, {}), Project.model_validate(data))
    durable, oracle = (CHECKERS[name].check_loaded(loaded) for name in ("durable_rules", "oracle"))
    assert durable == oracle
    assert durable.verdict != "error"


def test_the_strategy_reaches_every_outcome():
    """Guard against a strategy that only ever makes not_applicable projects."""
    seen: set[str] = set()

    @settings(derandomize=True, max_examples=300, deadline=None)
    @given(valid_projects())
    def collect(data):
        project = Project.model_validate(data)
        prepared = prepare(project, CATALOGUE.for_kind(project.kind), ASSESSED)
        seen.update(ORACLE.evaluate(prepared).values())

    collect()
    assert seen >= {"pass", "fail", "not_applicable", "insufficient_data"}
