"""Every rule's own examples, through both engines; and the examples cover each bound."""

from __future__ import annotations

import pytest

from checker.catalogue.lint import example_project, lint_rule_file
from checker.catalogue.load import Catalogue, load_catalogue, rules_dir
from checker.catalogue.model import NUMERIC_OPS
from checker.check.checker import Checker, CheckOptions
from tests.conftest import assessed_on_for

RULES = load_catalogue().rules
CASES = [(rule, example) for rule in RULES for example in rule.examples]


def _outcome(catalogue: Catalogue, rule, example, engine: str) -> str:
    options = CheckOptions(assessed_on=assessed_on_for(rule, example), engine=engine)
    checker = Checker(Catalogue((catalogue.get(rule.id).for_example(example),)), options)
    report = checker.check_loaded(example_project(rule, example))
    (finding,) = report.results
    return finding.outcome


@pytest.mark.parametrize("engine", ["durable_rules", "oracle"])
@pytest.mark.parametrize(("rule", "example"), CASES, ids=[f"{r.id}:{e.name}" for r, e in CASES])
def test_example_outcome(catalogue, rule, example, engine):
    assert _outcome(catalogue, rule, example, engine) == example.expect


@pytest.mark.parametrize("path", sorted(rules_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_rule_file_lints_clean(path):
    assert lint_rule_file(path) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_examples_cover_the_bound_from_both_sides(rule):
    """A numeric threshold has examples exactly at it, above it and below it."""
    if rule.requirement.op not in NUMERIC_OPS:
        pytest.skip("not a numeric threshold")
    from checker.check.prepare import prepare

    sides = set()
    for example in rule.examples:
        loaded = example_project(rule, example)
        computed = prepare(loaded.project, [rule], assessed_on_for(rule, example)).metrics.get(rule.id)
        value = computed.value if computed is not None else None  # None: ruled out, not measured
        threshold = rule.for_example(example).requirement.threshold  # a parameter's, if any
        if value is not None and threshold is not None and example.expect in {"pass", "fail"}:
            sides.add((value > threshold) - (value < threshold))
    assert sides == {-1, 0, 1}, f"examples reach only sides {sides} of {rule.requirement.threshold}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_examples_include_a_date_before_the_clause(rule):
    import datetime as dt

    before = []
    for example in rule.examples:
        loaded = example_project(rule, example)
        date = (assessed_on_for(rule, example) if rule.date_basis == "assessment"
                else loaded.project.effective_date())
        if date is not None and date < rule.effective_from:
            before.append(example.expect)
    assert before and set(before) == {"not_applicable"}, (
        f"{rule.id} needs an example dated before {rule.effective_from} (expect not_applicable)"
    )
    assert rule.effective_from > dt.date(2000, 1, 1)
