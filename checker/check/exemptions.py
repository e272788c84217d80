"""Exemptions claimed in the project file, checked against the grounds the clauses name.

A duty takes the grounds that any of its clauses names: when a later document names the
exceptions of an earlier 原则上 clause for the same duty (沪府发〔2022〕7号 for 000's 两高一低
sentence), the earlier clause's finding accepts them too, and the claim says which document
names the ground.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from checker.catalogue.model import ExemptionGround, Rule
from checker.input.project import Project
from checker.messages import code_label, field_label, say
from checker.metrics.registry import lookup
from checker.report.model import Claim


@dataclass(frozen=True)
class Ground:
    """An exemption ground of a duty, and the document whose clause names it."""

    ground: ExemptionGround
    named_by: str
    named_by_en: str


def duty_grounds(members: Sequence[Rule]) -> tuple[Ground, ...]:
    """Every ground the duty's clauses name, once each, in catalogue order."""
    grounds: dict[str, Ground] = {}
    for rule in members:
        document = rule.document
        label = (f"{document.title}（{document.number}）" if document and document.number
                 else document.title if document else rule.id)
        label_en = document.title_en if document else rule.id
        for ground in rule.exemptions:
            grounds.setdefault(ground.ground, Ground(ground, label, label_en))
    return tuple(grounds.values())


def claim_for(rule: Rule, project: Project, grounds: Sequence[Ground],
              names: frozenset[str]) -> Claim | None:
    """A claimed exemption for the duty of ``rule``, checked against the duty's ``grounds``.

    A ground is claimed by a project field a clause names (``field``), or in the project's
    ``exemptions`` list, under any of the duty's ``names`` (its id or a rule id), by the ground's
    id, Chinese or English name. A claim on any other ground is kept visible (not accepted,
    with a note naming the grounds the clauses do accept).
    """
    for item in grounds:
        ground = item.ground
        if ground.field and lookup(project, ground.field) == ground.ground:
            return Claim(ground.zh, field_claim(ground.field, ground.ground, "zh"), accepted=True,
                         ground_en=ground.en, named_by=item.named_by,
                         evidence_en=field_claim(ground.field, ground.ground, "en"))
    claims = [claimed for claimed in project.exemptions if claimed.rule in names]
    for claimed in claims:
        named = _named_ground(grounds, claimed.reason)
        if named is not None:
            return Claim(named.ground.zh, claimed.evidence, accepted=True,
                         ground_en=named.ground.en, named_by=named.named_by)
    if not claims:
        return None
    first = claims[0]
    zh_names = say("list_sep", "zh").join(item.ground.zh for item in grounds)
    en_names = "; ".join(f"{item.ground.en} ({item.ground.ground})" for item in grounds)
    return Claim(
        first.reason, first.evidence, accepted=False, ground_en=first.reason,
        note=(say("exemption.not_accepted", "zh", names=zh_names) if zh_names
              else say("exemption.not_accepted_none", "zh")),
        note_en=(say("exemption.not_accepted", "en", names=en_names) if en_names
                 else say("exemption.not_accepted_none", "en")),
    )


def field_claim(field: str, code: str, lang: str) -> str:
    """A ground claimed by a field of the project: zh its label and the value's words (the
    path and the code never shown), en the path and the code as the file writes them."""
    if lang == "zh":
        return say("exemption.by_field", "zh", field=field_label(field, "zh"),
                   value=code_label(code, "zh"))
    return say("exemption.by_field", "en", field=field, value=code)


def _named_ground(grounds: Sequence[Ground], reason: str) -> Ground | None:
    wanted = " ".join(reason.split()).casefold()
    for item in grounds:
        ground = item.ground
        if wanted in {ground.ground, ground.zh.casefold(), ground.en.casefold()}:
            return item
    return None
