"""One message catalogue, two languages: a zh report shows no machine text, an en report no
Chinese, outside verbatim quotes.

Every sample (project_samples/) and every project file among the test fixtures is checked with
the real catalogue, the report fixtures with their frozen rules, and rendered in each human
format. What a reader sees is the text outside tags; before looking, the test takes out what
is quoted rather than said by greencheck: the clauses' words (“…”) and their references
(《title》 number clause, as the source writes them), the project's own text (id, name, free-text
values, file names), rule ids, file literals a designer is told to type (`none`, `--all`).
"""

from __future__ import annotations

import html as html_module
import re
from functools import cache
from pathlib import Path

import pytest

from checker.catalogue.load import load_catalogue
from checker.check.checker import Checker, CheckOptions
from checker.input.project import DISTRICTS, ZONES
from checker.messages import LANGS, catalogue
from checker.report import get_renderer
from checker.report.model import ProjectReport
from tests.conftest import ROOT
from tests.reports_support import ASSESSED_ON, at_root, context, fixture_reports

HUMAN = ("text", "markdown", "html", "junit", "github")
# units, abbreviations and names that read the same in both languages
ALLOWED = {"PUE", "PV", "IT", "kWh", "MWh", "tce", "kgce", "kg", "MW", "CO", "SHA", "GB", "GJ",
           "greencheck", "LNG", "CNG", "NEV", "EV", "GDP", "A4", "v1", "m", "L", "t", "t/a",
           "gce", "golden", "engine", "durable", "rules", "oracle", "sha256", "YAML", "JSON", "UTF",
           "GBK", "GB18030", "C"}  # C: °C
TAGS = re.compile(r"<style.*?</style>|<[^>]+>", re.S)
QUOTES = re.compile(r"“[^“”]*”|「[^」]*」|‘[^’]*’")  # innermost first: a quote may quote
REFERENCE = re.compile(r"《[^》]*》[^\n“]*")  # a document's own title, number and clause
# a value, key or option to type as written: `0`, --all, and (en, as pydantic quotes them) the
# file's own values and the choices it may hold ('黄浦区': the format's district names are Chinese)
LITERAL = re.compile(r"`[^`\n]*`|--[a-z][a-z-]*|'[^'\n]*'|\"[^\"\n]*\"")
# GitHub workflow commands: ``::error file=…,line=…,title=…::message`` with %0A for newlines
COMMAND = re.compile(r"^::\w+(?: [^:]*)?::", re.M)
PATHS = re.compile(r"[\w./\\%-]+\.(?:ya?ml|xlsx|json|html|md|txt|xml|sarif|toml|pdf)\b"
                   r"(?::\d+|#L\d+)?"
                   r"|https?://\S+|\b[0-9a-f]{12,64}\b")
RULE_ID = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b")
FIELD_PATH = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
AS_WRITTEN = re.compile(r"（([^）]*)）$")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def test_every_entry_has_both_languages():
    for section, entries in catalogue().items():
        for key, entry in entries.items():
            if section == "places":
                assert str(entry).strip() and not CJK.search(str(entry)), key
                continue
            assert set(entry) == set(LANGS), (section, key, entry)  # no stray key (a comma)
            english = LITERAL.sub("", QUOTES.sub("", str(entry["en"])))  # literals may be Chinese
            assert not CJK.search(english), (section, key, entry["en"])


def test_every_district_and_zone_has_an_english_name():
    assert set(DISTRICTS) | set(ZONES) <= set(catalogue()["places"])


@cache
def _reports() -> tuple[ProjectReport, ...]:
    real = Checker(load_catalogue(ROOT / "rules"), CheckOptions(assessed_on=ASSESSED_ON))
    with at_root():
        files = sorted(Path("project_samples").glob("*.yaml")) + _fixture_projects()
        return tuple(fixture_reports()) + tuple(real.check_paths(files))


def _fixture_projects() -> list[Path]:
    found = []
    for path in sorted(Path("tests/fixtures").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if "greencheck/v1" in text[:400] and "reports/" not in path.as_posix():
            found.append(path)
    return found


def _own_text(reports: tuple[ProjectReport, ...]) -> list[str]:
    """The projects' own words: shown as written in either language."""
    own = set()
    for report in reports:
        own.update(text for text in (report.id, report.name) if text)
        for path, value in report.inputs:
            if path.rsplit(".", 1)[-1] in {"model", "reason", "evidence", "rule"}:
                own.add(value)
            written = AS_WRITTEN.search(value)  # a value with a unit of its own, as the file wrote it
            if written:
                own.add(written.group(1))
        for finding in report.results:
            if finding.claim is not None:
                own.update(t for t in (finding.claim.evidence, finding.claim.justification,
                                       finding.claim.approved_by) if t)
    return sorted(own, key=len, reverse=True)


def visible(text: str, reports: tuple[ProjectReport, ...]) -> str:
    text = COMMAND.sub("", text).replace("%0A", "\n").replace("%25", "%")
    own_text = _own_text(reports)
    for own in own_text:  # as written (text) and after the markup is taken off (HTML, XML)
        text = text.replace(own, " ")
    text = html_module.unescape(TAGS.sub("\n", text))
    for own in own_text:
        text = text.replace(own, " ")
    while QUOTES.search(text):
        text = QUOTES.sub(" ", text)
    for pattern in (REFERENCE, LITERAL, PATHS):
        text = pattern.sub(" ", text)
    return text


def machine_text(text: str) -> list[str]:
    """What in a zh report a Chinese reader cannot read: field paths and English words."""
    text = RULE_ID.sub(" ", text)
    found = FIELD_PATH.findall(text)
    text = FIELD_PATH.sub(" ", text)
    return found + [word for word in WORD.findall(text) if word not in ALLOWED]


def _render(fmt: str, lang: str) -> str:
    with at_root():
        return get_renderer(fmt)(list(_reports()), context(lang))


@pytest.mark.parametrize("fmt", HUMAN)
def test_zh_report_has_no_machine_text(fmt):
    found = machine_text(visible(_render(fmt, "zh"), _reports()))
    assert not found, sorted(set(found))


@pytest.mark.parametrize("fmt", HUMAN)
def test_en_report_has_no_chinese(fmt):
    text = visible(_render(fmt, "en"), _reports())
    lines = sorted({line.strip() for line in text.splitlines() if CJK.search(line)})
    assert not lines, lines[:40]
