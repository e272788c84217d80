"""The pure-Python engine: rule data evaluated directly, the reference the durable_rules engine is
tested against (tests and ``--engine oracle`` use it; the check never imports it)."""

from __future__ import annotations

from checker.catalogue.model import Rule
from checker.evaluation.logic import compare, condition_state, date_states, ruling_out
from checker.evaluation.protocol import Prepared, RawOutcome


def evaluate(rule: Rule, prepared: Prepared) -> RawOutcome:
    if rule.kind != prepared.kind or ruling_out(rule, prepared) is not None:
        return "not_applicable"
    computed = prepared.metrics[rule.id]
    if not computed.in_scope:
        return "not_applicable"
    states = [condition_state(c, prepared) for c in rule.applies_to.when]
    if None in states + date_states(rule, prepared) or rule.awaits_parameter or computed.value is None:
        return "insufficient_data"
    return "pass" if compare(rule.requirement.op, computed.value, rule.requirement.threshold) else "fail"


class OracleEngine:
    name = "oracle"

    def __init__(self, rules: tuple[Rule, ...]):
        self.rules = rules

    def evaluate(self, prepared: Prepared) -> dict[str, RawOutcome]:
        return {rule.id: evaluate(rule, prepared) for rule in self.rules if rule.kind == prepared.kind}
