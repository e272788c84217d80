"""rules/coverage.yml names real rules, covers every rule of the documents it marks complete, quotes
its sources verbatim, and rules/COVERAGE.md is exactly what `greencheck rules coverage` prints."""

from __future__ import annotations

from click.testing import CliRunner

from checker.catalogue import coverage
from checker.catalogue.lint import sources_dir
from checker.catalogue.load import rules_dir
from checker.cli import main


def test_coverage_has_no_problems(catalogue):
    assert coverage.problems(coverage.load_coverage(), catalogue, sources_dir()) == []


def test_every_public_institution_rule_is_named(catalogue):
    data = coverage.load_coverage()
    named = {rule_id for d in data.documents for c in d.clauses for rule_id in c.rules}
    ours = {rule.id for rule in catalogue.rules if rule.id.startswith(("PI-", "PIA-"))}
    assert ours and ours <= named


def test_an_unknown_rule_id_is_reported(catalogue):
    data = coverage.load_coverage()
    document = data.documents[-1]
    clause = document.clauses[0].model_copy(update={"rules": ["NO-SUCH-RULE"], "reason": None})
    broken = data.model_copy(update={"documents": [document.model_copy(update={"clauses": [clause]})]})
    found = coverage.problems(broken, catalogue)
    assert any("unknown rule id NO-SUCH-RULE" in p for p in found)


def test_committed_table_matches_the_command():
    result = CliRunner().invoke(main, ["rules", "coverage"])
    assert result.exit_code == 0
    committed = (rules_dir() / "COVERAGE.md").read_text(encoding="utf-8")
    assert result.output == committed, "regenerate: greencheck rules coverage > rules/COVERAGE.md"


def test_committed_rules_doc_matches_the_command(catalogue):
    result = CliRunner().invoke(main, ["rules", "docs"])
    assert result.exit_code == 0
    committed = (rules_dir() / "RULES.md").read_text(encoding="utf-8")
    assert result.output == committed, "regenerate: greencheck rules docs > rules/RULES.md"
    headings = {line[3:] for line in committed.splitlines() if line.startswith("## ")}
    assert {rule.duty or rule.id for rule in catalogue.rules} | {"GC-INPUT"} == headings
