"""Duties, not documents: a report has one finding per duty a project owes.

Each rule is evaluated on its own (both engines see rules, not duties). Then two steps of the
rule data are applied: a rule whose sentence holds part of its projects to more (其他… /
其中…, ``applies_to.given_way_to``) does not apply where the stricter rule does; and the rules
of one duty (``Rule.duty``) give one finding, decided by the strictest clause in force and
citing every clause in force that imposes it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from checker.catalogue.model import Rule
from checker.evaluation.protocol import RawOutcome
from checker.report.model import Finding

# which clause decides a duty: a binding clause before an advisory one, then the outcome that
# asks the most of the project, then the latest document (the current statement of the duty)
_SEVERITY = {"fail": 0, "insufficient_data": 1, "waived": 2, "pass": 3, "not_applicable": 4}


def given_way(rules: Sequence[Rule], outcomes: Mapping[str, RawOutcome]) -> dict[str, str]:
    """Rule id -> the stricter rule of its sentence that applies to the project instead."""
    ruled: dict[str, str] = {}
    for rule in rules:
        for stricter in rule.applies_to.given_way_to:
            if outcomes.get(stricter, "not_applicable") != "not_applicable":
                ruled[rule.id] = stricter
                break
    return ruled


def duty_finding(duty: str, members: Sequence[Rule], findings: Mapping[str, Finding]) -> Finding:
    """The one finding of ``duty`` from its rules' findings (in catalogue order).

    Where no clause applies, the first rule's not-applicable finding stands for the duty."""
    if len(members) == 1:
        return findings[members[0].id]
    applying = [findings[rule.id] for rule in members
                if findings[rule.id].outcome != "not_applicable"]
    if not applying:
        return dataclasses.replace(findings[members[0].id], rule=duty)
    issued = {rule.id: rule.document.issued.toordinal() if rule.document else 0 for rule in members}
    deciding = min(applying, key=lambda f: (not f.binding, _SEVERITY[f.outcome], -issued[f.rule]))
    others = tuple(f.citation for f in applying if f is not deciding)
    return dataclasses.replace(deciding, rule=duty, citations=(deciding.citation, *others))
