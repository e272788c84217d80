"""Traceability: every quantitative clause of the sources, and the rules (or reason) that cover it.

The data is ``rules/coverage.yml``; ``greencheck rules coverage`` prints it as the Markdown table
kept in ``rules/COVERAGE.md``. ``problems`` lists rule ids named there that do not exist, rules of
a ``complete`` document that are not named, and excerpts that are not verbatim in their source.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import model_validator

from checker.catalogue.load import Catalogue, rules_dir
from checker.catalogue.model import Rule, squash
from checker.input.document import read_document
from checker.input.schema import Strict

ELSEWHERE = "encoded in 000/001/004 rule files"


class ClauseCoverage(Strict):
    clause: str
    text: str
    rules: list[str] = []
    reason: str | None = None
    elsewhere: bool = False

    @model_validator(mode="after")
    def _one_answer(self) -> ClauseCoverage:
        answers = [bool(self.rules), self.reason is not None, self.elsewhere]
        if sum(answers) != 1:
            raise ValueError(f"clause '{self.text}': give exactly one of rules, reason, elsewhere")
        return self


class DocumentCoverage(Strict):
    key: str
    title: str
    number: str | None = None
    source: str
    complete: bool
    clauses: list[ClauseCoverage]

    def owns(self, rule: Rule) -> bool:
        document = rule.document
        return document is not None and document.source == self.source and document.title == self.title


class Coverage(Strict):
    documents: list[DocumentCoverage]


def coverage_path() -> Path:
    return rules_dir() / "coverage.yml"


def load_coverage(path: Path | None = None) -> Coverage:
    return Coverage.model_validate(read_document(path or coverage_path()).data)


def problems(coverage: Coverage, catalogue: Catalogue, sources: Path | None = None) -> list[str]:
    known = {rule.id for rule in catalogue.rules}
    found: list[str] = []
    for document in coverage.documents:
        named = {rule_id for clause in document.clauses for rule_id in clause.rules}
        found += [f"{document.key}: unknown rule id {rule_id}" for rule_id in sorted(named - known)]
        if document.complete:
            found += [f"{document.key}: rule {rule.id} is not named in coverage.yml"
                      for rule in catalogue.rules if document.owns(rule) and rule.id not in named]
        source = sources / document.source if sources else None
        if source is not None and source.is_file():
            text = squash(source.read_text(encoding="utf-8"))
            found += [f"{document.key}: excerpt not verbatim in {document.source}: {clause.text}"
                      for clause in document.clauses if squash(clause.text) not in text]
    orphans = [rule.id for rule in catalogue.rules
               if not any(document.owns(rule) for document in coverage.documents)]
    found += [f"rule {rule_id} belongs to no document in coverage.yml" for rule_id in orphans]
    return found


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _answer(clause: ClauseCoverage, catalogue: Catalogue) -> str:
    if clause.rules:
        known = {rule.id: rule for rule in catalogue.rules}
        parts = []
        for rule_id in clause.rules:
            rule = known.get(rule_id)
            strength = "" if rule is None else ("binding" if rule.binding else "advisory")
            duty = f"; duty `{rule.duty}`" if rule is not None and rule.duty else ""
            parts.append(f"`{rule_id}` ({strength}{duty})" if strength else f"`{rule_id}`")
        return ", ".join(parts)
    if clause.elsewhere:
        return ELSEWHERE
    return f"not checkable on one project: {clause.reason}"


def _duties(catalogue: Catalogue) -> list[str]:
    """Duties that several clauses impose: one finding each in a report, citing all of them."""
    lines = ["## Duties imposed by several clauses", "",
             "A report has one finding per duty; it cites every clause below that is in force for",
             "the project, and the strictest of them decides.", ""]
    for duty, rules in catalogue.duties():
        if len(rules) < 2:
            continue
        requirement = rules[0].requirement
        threshold = requirement.threshold
        shown = ", ".join(str(v) for v in threshold) if isinstance(threshold, list) else threshold
        lines += [f"### `{duty}`: {requirement.metric} {requirement.op}"
                  + (f" {shown}" if shown is not None else ""), "",
                  "| rule | document | clause | verbatim text | in force | strength |",
                  "|---|---|---|---|---|---|"]
        for rule in rules:
            document = rule.document
            title = document.title + (f" {document.number}" if document and document.number else "") \
                if document else ""
            until = rule.effective_until.isoformat() if rule.effective_until else ""
            strength = ("binding" if rule.binding else "advisory") + f" ({rule.strength})"
            lines.append(f"| `{rule.id}` | {_cell(title)} | {_cell(rule.citation.clause)} | "
                         f"{_cell(rule.citation.text)} | {rule.effective_from.isoformat()}–{until} | "
                         f"{_cell(strength)} |")
        lines.append("")
    return lines


def render(coverage: Coverage, catalogue: Catalogue) -> str:
    lines = ["# Clause coverage", "",
             "Generated by `greencheck rules coverage` from `rules/coverage.yml`; do not edit by hand.",
             "Every quantitative clause of the five source documents, with the rules that check it",
             "or the reason a single project cannot be checked against it.", ""]
    lines += _duties(catalogue)
    for document in coverage.documents:
        number = f" ({document.number})" if document.number else ""
        lines += [f"## {document.key} {document.title}{number}", "",
                  f"Source: `{document.source}`", "",
                  "| clause | requirement (verbatim excerpt) | rules / reason |", "|---|---|---|"]
        for clause in document.clauses:
            lines.append(f"| {_cell(clause.clause)} | {_cell(clause.text)} | {_answer(clause, catalogue)} |")
        named = {rule_id for clause in document.clauses for rule_id in clause.rules}
        unmapped = [rule.id for rule in catalogue.rules if document.owns(rule) and rule.id not in named]
        if unmapped:
            lines += ["", "Rules of this document not yet mapped to a clause above: "
                      + ", ".join(f"`{rule_id}`" for rule_id in unmapped)]
        lines.append("")
    counted = [c for d in coverage.documents for c in d.clauses]
    encoded = sum(1 for c in counted if c.rules)
    lines.append(f"{len(counted)} clauses: {encoded} encoded as rules here, "
                 f"{sum(1 for c in counted if c.elsewhere)} {ELSEWHERE}, "
                 f"{sum(1 for c in counted if c.reason)} not checkable on a single project.")
    return "\n".join(lines) + "\n"
