"""The fast JSON project text is byte for byte ``json.dumps`` of the report's definition."""

from __future__ import annotations

import json
import typing

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.catalogue.model import Outcome
from checker.errors import Problem
from checker.report.json import project_dict, project_text
from checker.report.model import Change, CitationInfo, Claim, Finding, ProjectReport, Remedy

texts = st.text(st.characters(codec="utf-8"), max_size=12)  # quotes, controls, CJK, emoji
maybe_texts = st.one_of(st.none(), texts)
lines = st.one_of(st.none(), st.integers(0, 10**6))
citations = st.builds(CitationInfo, document=texts, number=maybe_texts, clause=texts, text=texts,
                      label=maybe_texts)
claims = st.builds(Claim, ground=texts, evidence=maybe_texts, accepted=st.booleans(),
                   source=st.sampled_from(["project", "waiver"]), note=texts, justification=maybe_texts,
                   expires=st.one_of(st.none(), st.dates()))
changes = st.builds(Change, field=texts, before=maybe_texts, after=maybe_texts)
remedies = st.builds(Remedy, text=texts, text_en=texts, changes=st.lists(changes, max_size=3).map(tuple))
# a few rules reused across findings, as in a real batch (the static parts are cached per rule)
rule_ids = st.sampled_from(["R-1", "R-2", 'R-"3"'])
findings = st.builds(
    Finding, rule=rule_ids, title=texts, title_en=texts,
    outcome=st.sampled_from(typing.get_args(Outcome)), binding=st.booleans(), message=texts,
    message_en=texts, actual=maybe_texts, required=texts, citation=citations, trace=texts,
    trace_en=texts, field=maybe_texts, line=lines, effective=texts, claim=st.one_of(st.none(), claims),
    remedy=st.one_of(st.none(), remedies),
)
problems = st.builds(Problem, message=texts, field=maybe_texts, line=lines, column=lines)
reports = st.builds(
    ProjectReport, file=texts, id=maybe_texts, name=maybe_texts, kind=maybe_texts,
    input_sha256=st.one_of(st.none(), st.text("0123456789abcdef", min_size=64, max_size=64)),
    verdict=st.sampled_from(["pass", "fail", "incomplete", "error"]),
    errors=st.lists(problems, max_size=2).map(tuple), results=st.lists(findings, max_size=4).map(tuple),
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(report=reports, lang=st.sampled_from(["zh", "en"]), indent=st.sampled_from(["", "    "]))
def test_project_text_is_json_dumps_of_the_project_dict(report, lang, indent):
    expected = json.dumps(project_dict(report, lang), ensure_ascii=False, indent=2)
    assert project_text(report, lang, indent) == expected.replace("\n", "\n" + indent)
