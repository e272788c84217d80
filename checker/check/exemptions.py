"""Exemptions claimed in the project file, checked against the grounds the clause names."""

from __future__ import annotations

from checker.catalogue.model import ExemptionGround, Rule
from checker.input.project import Project
from checker.metrics.registry import lookup
from checker.report.model import Claim


def claim_for(rule: Rule, project: Project) -> Claim | None:
    """A claimed exemption for this rule, checked against the grounds the clause names.

    A ground is claimed by a project field the rule names (``field``), or in the project's
    ``exemptions`` list by the ground's id, Chinese or English name. A claim on any other ground
    is kept visible (not accepted, with a note naming the grounds the clause does accept).
    """
    for ground in rule.exemptions:
        if ground.field and lookup(project, ground.field) == ground.ground:
            return Claim(ground.zh, f"{ground.field}: {ground.ground}", accepted=True,
                         ground_en=ground.en)
    claims = [claimed for claimed in project.exemptions if claimed.rule == rule.id]
    for claimed in claims:
        named = _named_ground(rule, claimed.reason)
        if named is not None:
            return Claim(named.zh, claimed.evidence, accepted=True, ground_en=named.en)
    if not claims:
        return None
    first = claims[0]
    zh_names = "、".join(g.zh for g in rule.exemptions)
    en_names = "; ".join(f"{g.en} ({g.ground})" for g in rule.exemptions)
    return Claim(
        first.reason, first.evidence, accepted=False, ground_en=first.reason,
        note=f"该理由不是条款接受的豁免情形；条款列明：{zh_names}" if zh_names
        else "该理由不是条款接受的豁免情形；条款未列明任何豁免情形",
        note_en=f"the ground is not one the clause accepts; it names: {en_names}" if en_names
        else "the ground is not one the clause accepts; it names none",
    )


def _named_ground(rule: Rule, reason: str) -> ExemptionGround | None:
    wanted = " ".join(reason.split()).casefold()
    for ground in rule.exemptions:
        if wanted in {ground.ground, ground.zh.casefold(), ground.en.casefold()}:
            return ground
    return None
