"""The JSON report: the stable machine contract (see README, "JSON report").

A project's text is written fast, the same bytes as ``json.dumps``: ``json.dumps(...,
indent=2)`` runs the pure-Python encoder (the C one has no indent), and a batch report is
mostly the same rule texts and citations again and again. Here each rule's unchanging parts
are encoded once (per language and depth) and a finding is joined from them and its few
changing values. ``project_dict`` stays the definition of the layout; a test holds
this text equal to ``json.dumps(project_dict(...), ensure_ascii=False, indent=2)``.

Every text written passes through ``escape.json_text`` (a lone surrogate, as in a file name that
is not UTF-8, becomes U+FFFD): the encoder escapes the rest.
"""

from __future__ import annotations

import codecs
import functools
import json
import os
from dataclasses import asdict
from json.encoder import encode_basestring
from typing import Any, BinaryIO, TextIO, cast

from checker.report import ProjectText, RenderContext
from checker.report.escape import json_text
from checker.report.model import CitationInfo, Claim, Finding, Notice, ProjectReport, Remedy


def finding_dict(finding: Finding, lang: str) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "title": finding.title if lang == "zh" else finding.title_en,
        "outcome": finding.outcome,
        "binding": finding.binding,
        "message": finding.message if lang == "zh" else finding.message_en,
        "actual": finding.actual if lang == "zh" else finding.actual_en,
        "required": finding.required if lang == "zh" else finding.required_en,
        "trace": finding.trace if lang == "zh" else finding.trace_en,
        "field": finding.field,
        "line": finding.line,
        "effective": finding.effective if lang == "zh" else finding.effective_en,
        "claim": claim_dict(finding.claim),
        "remedy": remedy_dict(finding.remedy, lang),
        "citation": asdict(finding.citation),
        "citations": [asdict(citation) for citation in finding.citations],
    }


def claim_dict(claim: Claim | None) -> dict[str, Any] | None:
    if claim is None:
        return None
    data = asdict(claim)
    data["expires"] = claim.expires.isoformat() if claim.expires else None
    return data


def remedy_dict(remedy: Remedy | None, lang: str) -> dict[str, Any] | None:
    """``text`` in the report's language (and ``text_en`` beside a Chinese one); ``to`` null: a
    value the project has to fill in."""
    if remedy is None:
        return None
    data: dict[str, Any] = {"text": remedy.text if lang == "zh" else remedy.text_en}
    if lang == "zh":
        data["text_en"] = remedy.text_en
    data["changes"] = [{"field": c.field, "from": c.before, "to": c.after} for c in remedy.changes]
    return data


def notice_dict(notice: Notice, lang: str) -> dict[str, Any]:
    return {"code": notice.code, "message": notice.message if lang == "zh" else notice.message_en,
            "file": notice.file, "line": notice.line}


def project_dict(report: ProjectReport, lang: str) -> dict[str, Any]:
    return {
        "file": report.file,
        "input_sha256": report.input_sha256,
        "id": report.id,
        "name": report.name,
        "kind": report.kind,
        "verdict": report.verdict,
        "date": report.date.isoformat() if report.date else None,
        "date_field": report.date_field,
        "zones": list(report.zones),
        "derived_zones": list(report.derived_zones),
        "errors": [problem.as_dict(lang) for problem in report.errors],
        "results": [finding_dict(finding, lang) for finding in report.results],
    }


def report_dict(reports: list[ProjectReport], context: RenderContext) -> dict[str, Any]:
    return {
        "tool": {"name": "greencheck", "version": context.tool_version, "engine": context.engine,
                 "catalogue_version": context.catalogue_version or None},
        "as_of": context.assessed_on,
        "checked_on": context.checked_on,
        "projects": [project_dict(report, context.lang) for report in reports],
        "notices": [notice_dict(notice, context.lang) for notice in context.notices],
    }


def render(reports: list[ProjectReport], context: RenderContext) -> str:
    return json_text(json.dumps(report_dict(reports, context), ensure_ascii=False, indent=2) + "\n")


STEP = "  "
SHARED_KEPT = 4096
# Not-applicable findings are shared by many projects (core makes each once), so their text is
# kept too, by identity; the finding itself is held so that its id cannot be reused meanwhile.
_shared: dict[int, tuple[Finding, str, str, str]] = {}


def project_text(report: ProjectReport, lang: str, indent: str = "") -> str:
    """``report`` as ``json.dumps(project_dict(report, lang), indent=2)``, every line after the
    first prefixed by ``indent`` (its depth inside an enclosing document).

    ``json_text`` replaces character by character, so it is applied to the pieces instead of the
    whole: a shared finding's text is cleaned once when made, not again in every project."""
    inner = indent + STEP
    head = (f'{{\n{inner}"file": {_leaf(report.file)},\n'
            f'{inner}"input_sha256": {_leaf(report.input_sha256)},\n{inner}"id": {_leaf(report.id)},\n'
            f'{inner}"name": {_leaf(report.name)},\n{inner}"kind": {_leaf(report.kind)},\n'
            f'{inner}"verdict": {_leaf(report.verdict)},\n'
            f'{inner}"date": {_leaf(report.date.isoformat() if report.date else None)},\n'
            f'{inner}"date_field": {_leaf(report.date_field)},\n'
            f'{inner}"zones": {_texts(tuple(report.zones), inner)},\n'
            f'{inner}"derived_zones": {_texts(tuple(report.derived_zones), inner)},\n'
            f'{inner}"errors": ')
    errors = _nested([problem.as_dict(lang) for problem in report.errors], inner)
    head = json_text(f'{head}{errors},\n{inner}"results": ')
    if report.results:
        item = inner + STEP
        results = (f"[\n{item}" + f",\n{item}".join(finding_text(f, lang, item) for f in report.results)
                   + f"\n{inner}]")
    else:
        results = "[]"
    return f"{head}{results}\n{indent}}}"


def finding_text(finding: Finding, lang: str, indent: str) -> str:
    """A finding's text, ``json_text`` applied."""
    if finding.outcome != "not_applicable":
        return json_text(_finding_text(finding, lang, indent))
    kept = _shared.get(id(finding))
    if kept is not None and kept[0] is finding and kept[1] == lang and kept[2] == indent:
        return kept[3]
    if len(_shared) >= SHARED_KEPT:
        _shared.clear()
    text = json_text(_finding_text(finding, lang, indent))
    _shared[id(finding)] = (finding, lang, indent, text)
    return text


def _finding_text(finding: Finding, lang: str, indent: str) -> str:
    zh = lang == "zh"
    parts = _static_parts(finding.rule, finding.title if zh else finding.title_en, finding.binding,
                          finding.required if zh else finding.required_en,
                          finding.effective if zh else finding.effective_en, finding.citation,
                          finding.citations, indent)
    return (parts[0] + _leaf(finding.outcome) + parts[1]
            + _leaf(finding.message if zh else finding.message_en) + parts[2] + _leaf(finding.actual if zh else finding.actual_en)
            + parts[3] + _leaf(finding.trace if zh else finding.trace_en) + parts[4] + _leaf(finding.field) + parts[5]
            + _leaf(finding.line) + parts[6] + _nested(claim_dict(finding.claim), indent + STEP)
            + parts[7] + _remedy_text(finding.remedy, zh, indent + STEP) + parts[8])


@functools.lru_cache(maxsize=1024)
def _texts(values: tuple[str, ...], indent: str) -> str:
    """A list of texts (a project's zones: a few combinations in a whole batch) as ``_nested``."""
    return _nested(list(values), indent)


@functools.lru_cache(maxsize=4096)
def _static_parts(rule: str, title: str, binding: bool, required: str | None, effective: str,
                  citation: CitationInfo, citations: tuple[CitationInfo, ...],
                  indent: str) -> tuple[str, ...]:
    """The text between a finding's changing values: rule, title, binding, required, effective
    and citations are the same in every finding of the duty."""
    key = indent + STEP
    cited = _nested(dict(vars(citation)), key)
    all_cited = _nested([dict(vars(each)) for each in citations], key)
    return (
        f'{{\n{key}"rule": {_leaf(rule)},\n{key}"title": {_leaf(title)},\n{key}"outcome": ',
        f',\n{key}"binding": {_leaf(binding)},\n{key}"message": ',
        f',\n{key}"actual": ',
        f',\n{key}"required": {_leaf(required)},\n{key}"trace": ',
        f',\n{key}"field": ',
        f',\n{key}"line": ',
        f',\n{key}"effective": {_leaf(effective)},\n{key}"claim": ',
        f',\n{key}"remedy": ',
        f',\n{key}"citation": {cited},\n{key}"citations": {all_cited}\n{indent}}}',
    )


def _remedy_text(remedy: Remedy | None, zh: bool, indent: str) -> str:
    """``remedy_dict`` as ``json.dumps`` lays it out at depth ``indent`` (written out: the
    pure-Python encoder would be most of a failing finding's text)."""
    if remedy is None:
        return "null"
    key = indent + STEP
    text = f'{{\n{key}"text": {_leaf(remedy.text if zh else remedy.text_en)}'
    if zh:
        text += f',\n{key}"text_en": {_leaf(remedy.text_en)}'
    if not remedy.changes:
        return text + f',\n{key}"changes": []\n{indent}}}'
    item, inner = key + STEP, key + STEP + STEP
    changes = f",\n{item}".join(
        f'{{\n{inner}"field": {_leaf(c.field)},\n{inner}"from": {_leaf(c.before)},\n'
        f'{inner}"to": {_leaf(c.after)}\n{item}}}' for c in remedy.changes)
    return text + f',\n{key}"changes": [\n{item}{changes}\n{key}]\n{indent}}}'


def _leaf(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return str(encode_basestring(value))
    if isinstance(value, int):
        return int.__repr__(value)
    return json.dumps(value)


def _nested(value: Any, indent: str) -> str:
    """A list or mapping (or null) as ``json.dumps`` lays it out at depth ``indent``."""
    if value is None:
        return "null"
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + indent) if indent else text


_MARK = "\x00projects\x00"


def _envelope(context: RenderContext) -> tuple[str, str, str]:
    """The report's text before the first project and after the last, and a project's indent."""
    envelope = report_dict([], context)
    envelope["projects"] = [_MARK]
    text = json_text(json.dumps(envelope, ensure_ascii=False, indent=2))
    head, _, tail = text.partition(json.dumps(_MARK))
    return head, tail, head[head.rindex("\n") + 1:]


class StreamingReporter:
    """Writes each project as it arrives: byte for byte what ``render`` gives for the list."""

    def __init__(self, context: RenderContext, out: TextIO):
        self.context, self.out = context, out
        self._head, self._tail, self._indent = _envelope(context)
        self._written = 0
        self._raw = _utf8_buffer(out)  # where a worker's bytes go (None: decoded, written as text)

    def begin(self) -> None:
        pass

    def project(self, report: ProjectReport, text: bytes | None = None) -> None:
        lead = self._head if not self._written else ",\n" + self._indent
        self._written += 1
        if text is None:
            self.out.write(lead + project_text(report, self.context.lang, self._indent))
            return
        raw = self._raw
        if raw is None:
            self.out.write(lead + text.decode("utf-8"))
            return
        self.out.flush()  # what was written as text goes first
        raw.write(lead.encode("utf-8") + text)

    def end(self) -> None:
        self.out.write(self._tail + "\n" if self._written else render([], self.context))


def _utf8_buffer(out: TextIO) -> BinaryIO | None:
    """The binary stream under ``out`` if writing UTF-8 bytes there is the same as writing
    their text to ``out``: a UTF-8 text stream (valid text encodes alike whatever its errors
    setting) that writes a newline as it is."""
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None) or ""
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    if buffer is None or os.linesep != "\n" or not utf8:
        return None
    return cast(BinaryIO, buffer)


def project_text_for(context: RenderContext) -> ProjectText:
    """A project's part of the streamed report, as a worker process makes it (picklable)."""
    return functools.partial(project_text, lang=context.lang, indent=_envelope(context)[2])

