"""Plain text for a terminal: aligned columns measured in display width (CJK is two cells).

What is shown: by default each project's failures, insufficient data and waivers in full, one
line counting the rest, and one list of the fields to fill in (each with the duties that need
it, not repeated on every finding); ``show_all``: every finding; ``quiet``: one verdict line per
project and the count of projects.

Lines are wrapped to ``RenderContext.width`` columns (None or 0: not wrapped) with a hanging
indent, breaking between words or between CJK characters, never inside an identifier (a rule
id, a field path, a file name, a number with its unit) and never before closing punctuation
(，。、；：）…) or after opening punctuation (（《“…). Colour escapes take no width.

Colour only when the caller says so (``sink.color_wanted``); piped output is plain.
Every user string passes through ``escape.terminal`` (no control characters, no escapes).
"""

from __future__ import annotations

import functools
import re

# not deferred: this module is imported only to render text (the registry defers it), and
# rendering measures every column with wcwidth
from wcwidth import wcswidth
from wcwidth import wcwidth as char_width

from checker.check.words import write_hint
from checker.messages import field_label, listed, place, say
from checker.report import RenderContext
from checker.report.escape import disarm_lines, path_at_line_start, terminal
from checker.report.labels import (
    FORM,
    OUTCOMES,
    VERDICTS,
    WORDS,
    citations,
    decided_by,
    lang_of,
    message,
    quoted,
    remedy,
    shown,
    strength,
    trace,
    where,
)
from checker.report.model import (
    CitationInfo,
    Finding,
    ProjectReport,
    fill_in,
    ordered,
    summarise,
)

MARKS = {"pass": "PASS", "fail": "FAIL", "not_applicable": "N/A", "insufficient_data": "DATA",
         "waived": "WAIVED"}
COLORS = {"pass": "32", "fail": "31", "insufficient_data": "33", "waived": "36",
          "not_applicable": "2", "error": "31;1", "incomplete": "33", "warn": "33"}
DETAILED = {"fail", "insufficient_data", "waived"}
INDENT = "    "


HANGING = "    "  # a wrapped line's continuation: the line's own indent and this
# around a piece never broken (a file name, which may hold CJK); user text cannot hold either
# character: ``escape.terminal`` drops every control character
KEEP, KEPT = "\x02", "\x03"
_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
_INVISIBLE = re.compile(r"\x1b\[[0-9;]*m|[\x02\x03]")
# a line's tokens: a colour escape, a kept piece, a run of blanks, or one character
_TOKEN = re.compile(r"\x1b\[[0-9;]*m|\x02[^\x03]*\x03?| +|.")
# never at the start of a line (it stays with what precedes it) / never at the end of one
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉’”…·,.;:?!)]}%")
_NO_LINE_END = frozenset("（《「『【〔〈‘“([{")
_NUMBER = re.compile(r"[-+−]?\d[\d,.]*%?")
_UNIT = re.compile(r"[A-Za-zµμ°Ω][A-Za-z0-9²³·/µμ°Ω_.\-]*")  # m², kWh/m², tCO2e
_OPERATORS = frozenset("≥≤<>=≠≈→×/÷+−∈∋")


@functools.lru_cache(maxsize=4096)
def _cells(ch: str) -> int:
    return max(0, char_width(ch))


def width(text: str) -> int:
    """Terminal cells: wide and full-width characters take two, combining marks, colour
    escapes and the ``KEEP`` marks none."""
    plain = _INVISIBLE.sub("", text)
    if plain.isascii():
        return len(plain)
    cells = wcswidth(plain)
    return cells if cells >= 0 else sum(_cells(ch) for ch in plain)


def keep(text: str) -> str:
    """``text`` marked as one piece that wrapping never breaks (the marks take no width and
    are gone from the output)."""
    return f"{KEEP}{text}{KEPT}"


def _visible(piece: str) -> str:
    return _INVISIBLE.sub("", piece)


def _words(text: str) -> list[str]:
    """``text`` as the pieces a line may break between: blank runs, and unbreakable pieces (a
    run of narrow characters such as an identifier; one wide character; a kept piece; a number
    and its unit; an operator and what it applies to), each with the closing punctuation after
    it and the opening punctuation before it."""
    pieces: list[str] = []
    tail = ""  # the last character shown of the last piece
    glue = False  # the next token joins the last piece (after opening punctuation or colour)
    for token in _TOKEN.findall(text):
        first = token[0]
        if first == "\x1b":
            if token == "\x1b[0m" and pieces:
                pieces[-1] += token  # a colour's end stays with what it paints
            else:
                pieces.append(token)
                glue = True
            continue
        if first == " ":
            pieces.append(token)
            tail, glue = " ", False
            continue
        if pieces and (glue or _attaches(token, tail)):
            pieces[-1] += token
        else:
            pieces.append(token)
        tail = token.strip(KEEP + KEPT)[-1:] if first == KEEP else token
        glue = token in _NO_LINE_END
    return _joined(pieces)


def _attaches(token: str, tail: str) -> bool:
    """Whether no line may break between a piece that ends in ``tail`` and ``token``."""
    if not tail or tail == " ":
        return False
    if token in _NO_LINE_START:
        return True
    if token[0] == KEEP:
        return False
    if _cells(token) >= 2:
        return tail in "0123456789"  # 5000平方米: a number keeps its unit
    return _cells(tail) < 2  # a word (an identifier, 1,000, m²) goes on


def _joined(pieces: list[str]) -> list[str]:
    """A number and its unit (``897 m²``), an operator and its operand (``≥ 30%``), and what
    precedes closing punctuation and the punctuation, as one piece: the blank between them is
    not a place to break."""
    out: list[str] = []
    for piece in pieces:
        if len(out) >= 2 and out[-1].isspace() and not piece.startswith(" "):
            before, now = _visible(out[-2]), _visible(piece)
            if (now[:1] in _NO_LINE_START  # closing punctuation, even after a blank
                    or out[-1] == " " and (
                        _NUMBER.fullmatch(before.rsplit(" ", 1)[-1]) and _UNIT.match(now)
                        or before in _OPERATORS)):
                out[-2:] = [out[-2] + out[-1] + piece]
                continue
        out.append(piece)
    return out


def wrap_text(text: str, columns: int | None) -> str:
    """Every line of ``text`` wrapped to ``columns`` (None or 0: ``text`` as it is)."""
    if not columns:
        return text
    return "\n".join(part for line in text.split("\n") for part in wrap(line, columns))


def wrap(line: str, columns: int | None) -> list[str]:
    """``line`` as lines of at most ``columns`` cells (None or 0: as it is), each continuation
    indented by the line's own indent and ``HANGING``; a piece wider than the room is never
    split (it alone may make a line wider)."""
    if not columns or width(line) <= columns:
        return [line]
    indent = line[:len(line) - len(line.lstrip(" "))]
    hanging = indent + HANGING
    lines: list[str] = []
    current, used, empty = indent, width(indent), True
    for piece in _words(line[len(indent):]):
        size = width(piece)
        if not _visible(piece).strip():  # blanks: kept inside a line, dropped at its ends
            if not empty and used + size <= columns:
                current, used = current + piece, used + size
            else:
                current += "".join(_ESCAPE.findall(piece))
            continue
        if not empty and used + size > columns:
            lines.append(current.rstrip(" "))
            current, used = hanging, width(hanging)
        current, used, empty = current + piece, used + size, False
    lines.append(current.rstrip(" "))
    return lines


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


class _Painter:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, key: str) -> str:
        return f"\x1b[{COLORS[key]}m{text}\x1b[0m" if self.enabled else text


def render(reports: list[ProjectReport], context: RenderContext) -> str:
    lang = lang_of(context.lang)
    paint = _Painter(context.color)
    marks = MARKS if lang == "en" else OUTCOMES["zh"]
    findings = [f for report in reports for f in report.results]
    columns = (
        max((width(marks[f.outcome]) for f in findings), default=0),
        max((width(strength(f, lang)) for f in findings), default=0),
        max((width(f.rule) for f in findings), default=0),
    )
    lines: list[str] = []
    if context.quiet:
        lines.extend(_head(report, lang, paint) for report in reports)
        lines.extend(_summary(reports, lang, paint)[:1])
    else:
        for report in reports:
            lines.extend(_project(report, lang, marks, columns, paint, context.show_all))
            lines.append("")
        lines.extend(_summary(reports, lang, paint))
        lines.extend(_notices(context, lang))
    text = "\n".join(part for line in lines for part in wrap(line, context.width))
    return disarm_lines(text.replace(KEEP, "").replace(KEPT, "") + "\n")


def _head(report: ProjectReport, lang: str, paint: _Painter) -> str:
    """The project's verdict line: file: VERDICT  id name."""
    verdict = keep(paint(VERDICTS[lang][report.verdict].upper(), report.verdict))
    head = f"{keep(path_at_line_start(terminal(shown(report.file))))}: {verdict}"
    if report.id or report.name:
        head += "  " + terminal(" ".join(p for p in (report.id, report.name) if p))
    return head


def _project(report: ProjectReport, lang: str, marks: dict[str, str],
             columns: tuple[int, int, int], paint: _Painter, show_all: bool = False) -> list[str]:
    lines = [_head(report, lang, paint)]
    basis = decided_by(report, lang)
    if basis:
        lines.append(f"  {WORDS[lang]['decided_by']}: {basis}")
    if report.derived_zones:
        lines.append(f"  {WORDS[lang]['derived_zones']}: "
                     f"{listed((place(zone, lang) for zone in report.derived_zones), lang)}")
    for problem in report.errors:
        file = terminal(shown(report.file))
        described = terminal(problem.describe(shown(report.file), lang))
        if described.startswith(file):  # the file name is never broken
            described = keep(file) + described[len(file):]
        lines.append(f"  {paint(WORDS[lang]['errors'], 'error')}  {described}")
    shown_findings = [f for f in ordered(report.results) if show_all or f.outcome in DETAILED]
    for finding in shown_findings:
        lines.extend(_finding(report, finding, lang, marks, columns, paint))
    rest = _rest(report, shown_findings, lang)
    if rest:
        lines.append(f"  {rest}")
    lines.extend(_fill_in(report, lang))
    return lines


def _fill_in(report: ProjectReport, lang: str) -> list[str]:
    """The project's one list of fields to fill in, each with the duties that need it (the
    review form's list: ``model.fill_in``)."""
    needs = fill_in(ordered(report.results))
    if not needs:
        return []
    words = FORM[lang]
    # zh: the field in words (a zh report shows no field path); en: the path, as the file has it
    names = {name: field_label(name, lang) if lang == "zh" else name for name, _ in needs}
    size = max(width(terminal(shown)) for shown in names.values())
    joiner = "、" if lang == "zh" else ", "
    note = (f"（{words['parameter_note']}）" if lang == "zh" else f" ({words['parameter_note']})")
    lines = [f"  {words['fill_in']}:"]
    for name, needed in needs:
        hint = write_hint(name, lang)
        lines.append(f"{INDENT}{pad(terminal(names[name]), size)}  → "
                     f"{joiner.join(f.rule for f in needed)}"
                     + (note if name.startswith("parameters.") else "")
                     + ((f"（{hint}）" if lang == "zh" else f" ({hint})") if hint else ""))
    return lines


def _rest(report: ProjectReport, shown_findings: list[Finding], lang: str) -> str:
    """One line counting the findings left out (passes, not applicable) and how to see them."""
    left: dict[str, int] = {}
    for finding in report.results:
        if finding not in shown_findings:
            left[finding.outcome] = left.get(finding.outcome, 0) + 1
    if not left:
        return ""
    counts = ("、" if lang == "zh" else ", ").join(
        f"{OUTCOMES[lang][outcome]} {count}" for outcome, count in left.items())
    return (f"另有 {counts} 项（--all 显示全部）" if lang == "zh"
            else f"also {counts} (--all shows them)")


def _finding(report: ProjectReport, finding: Finding, lang: str, marks: dict[str, str],
             columns: tuple[int, int, int], paint: _Painter) -> list[str]:
    # the outcome and strength are words of the columns: never broken
    mark = pad(keep(paint(marks[finding.outcome], finding.outcome)), columns[0])
    lines = [f"  {mark}  {pad(keep(strength(finding, lang)), columns[1])}  "
             f"{pad(finding.rule, columns[2])}  {terminal(message(finding, lang))}"]
    if finding.outcome in DETAILED:
        lines.append(f"{INDENT}{keep(terminal(where(report.file, finding.line)))}  "
                     f"{_quoted(finding.citation, lang)}")
        lines.extend(f"{INDENT}{WORDS[lang]['also_cited']}: {_quoted(other, lang)}"
                     for other in citations(finding)[1:])
        if trace(finding, lang):
            lines.append(f"{INDENT}{WORDS[lang]['trace']}: {terminal(trace(finding, lang))}")
        # the fields to fill in are in the project's one list (``_fill_in``), not on each duty
        if finding.remedy is not None and not (
                finding.outcome == "insufficient_data" and finding.missing):
            lines.append(f"{INDENT}{WORDS[lang]['remedy']}: {terminal(remedy(finding, lang))}")
    claim = finding.claim
    if claim is not None and claim.source == "waiver":
        expires = claim.expires.isoformat() if claim.expires else "?"
        lines.append(INDENT + say("waiver.line", lang, why=terminal(str(claim.justification)),
                                  by=terminal(str(claim.approved_by)), until=expires))
    return lines


def _quoted(citation: CitationInfo, lang: str) -> str:
    """``labels.quoted``, its document number (沪府发〔2022〕7号) one piece, never broken."""
    text = terminal(quoted(citation, lang))
    number = terminal(citation.number or "")
    return text.replace(number, keep(number), 1) if number else text


def _notices(context: RenderContext, lang: str) -> list[str]:
    lines = []
    for notice in context.notices:
        where = f"{notice.file}:{notice.line}" if notice.file and notice.line else (
            notice.file or "")
        text = notice.message if lang == "zh" else notice.message_en
        lines.append(f"note: {keep(terminal(where)) + ': ' if where else ''}{terminal(text)}")
    return lines


def _summary(reports: list[ProjectReport], lang: str, paint: _Painter) -> list[str]:
    summary = summarise(reports)
    verdicts = ", ".join(f"{paint(VERDICTS[lang][v], v)} {n}" for v, n in summary.verdicts.items())
    outcomes = ", ".join(f"{OUTCOMES[lang][o]} {n}" for o, n in summary.outcomes.items())
    lines = [f"{WORDS[lang]['projects']} {summary.projects}: {verdicts or WORDS[lang]['none']}"]
    if outcomes:
        lines.append(f"{WORDS[lang]['findings']}: {outcomes}")
    lines.append(f"{WORDS[lang]['binding_failures']}: {len(summary.binding_failures)}")
    return lines
