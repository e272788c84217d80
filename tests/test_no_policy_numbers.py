"""No policy number in Python: every figure a clause computes from is a dated, cited parameter of
rules/parameters/ (or a rule's inline threshold, the clause's own words); checker/**/*.py holds
only numbers that are the tool's own.

What counts as a number: every int/float literal, and every string handed to Decimal() or
Fraction(). Allowed without a note:
- 0, 1, 2 and 100 (nothing, one, a pair/half/indent, percent);
- subscripts and slices (``parts[7]``, ``raw[3:]``): positions, not quantities;
- keywords that tune the tool itself: ``maxsize`` (caches), ``indent`` (JSON), ``cutoff``/``n``
  (did-you-mean matching), ``min_length`` (schema sanity).
Anything else needs an entry in ALLOWED below, saying why it is the tool's own (a limit, a
display precision, a unit, an exit code); an entry that matches nothing fails too, so the list
stays exact. Separately, no value of the parameter tree may be written anywhere in checker/ (code,
strings, comments): a figure lives in its parameter file only.
"""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from checker.catalogue.parameters import load_parameters

PACKAGE = Path(__file__).resolve().parent.parent / "checker"
TRIVIAL = {Decimal(0), Decimal(1), Decimal(2), Decimal(100)}
TOOL_KEYWORDS = {"maxsize", "indent", "cutoff", "n", "min_length"}

# (file under checker/, number): why it is the tool's own, not a policy's
ALLOWED: dict[tuple[str, Decimal], str] = {
    ("catalogue/lint.py", Decimal("0.000001")): "limit: smallest threshold magnitude rule files may use",
    ("catalogue/lint.py", Decimal("1000000000000")): "limit: largest threshold magnitude",
    ("check/checker.py", Decimal(4096)): "memory: not-applicable findings kept for reuse",
    ("input/validation.py", Decimal(60)): "display: a value an input error quotes, at most 60 characters",
    ("check/parallel.py", Decimal(64)): "batching: files per worker chunk",
    ("check/parallel.py", Decimal(4)): "batching: workers pay off from four chunks",
    ("check/words.py", Decimal(4)): "display: decimal places of a value that is not a percentage",
    ("check/words.py", Decimal(30)): "display: most digits tried to keep a value distinct from its bound",
    ("evaluation/durable.py", Decimal(48)): "durable_rules limit: branches one fact may match per ruleset",
    ("evaluation/durable.py", Decimal("1e-9")): "engine: smallest magnitude sent to durable_rules' doubles",
    ("evaluation/durable.py", Decimal("1e15")): "engine: largest magnitude sent to durable_rules' doubles",
    ("input/document.py", Decimal(2000000)): "limit: bytes of an input file",
    ("input/document.py", Decimal(32)): "limit: nesting depth of an input file",
    ("input/document.py", Decimal(100000)): "limit: nodes of an input file",
    ("input/project.py", Decimal(2000)): "input check: earliest plausible reporting year",
    ("input/project.py", Decimal(2100)): "input check: latest plausible reporting year",
    ("input/project.py", Decimal(12)): "calendar: December, the end of a reporting year",
    ("input/project.py", Decimal(31)): "calendar: the 31st, the end of a reporting year",
    ("input/units.py", Decimal(10000)): "unit: 万",
    ("input/units.py", Decimal(100000000)): "unit: 亿",
    ("input/units.py", Decimal(3)): "regular expression group of the unit",
    ("metrics/data_centres.py", Decimal("0.0001")): "display: PUE in a trace to four places",
    ("metrics/institutions.py", Decimal(1000)): "unit: kg per tonne (kgce to tce, kg CO₂ to t)",
    ("metrics/institutions.py", Decimal(3)): "display: places of tonnes and intensities in a trace",
    ("metrics/institutions.py", Decimal(4)): "display: places of a coefficient or factor in a trace",
    ("metrics/institutions.py", Decimal(16)): "memory: yearly totals kept for reuse",
    ("metrics/institutions.py", Decimal("0.01")): "display: a change in percent to two places",
    ("metrics/registry.py", Decimal("0.01")): "display: a percentage to two places",
    ("report/json.py", Decimal(4096)): "memory: rendered findings kept for reuse",
    ("check/duties.py", Decimal(3)): "sort order of outcomes (which clause decides a duty)",
    ("check/duties.py", Decimal(4)): "sort order of outcomes (which clause decides a duty)",
    ("report/model.py", Decimal(3)): "sort order of outcomes and verdicts",
    ("report/model.py", Decimal(4)): "sort order of outcomes",
    ("report/sink.py", Decimal(438)): "file mode 0o666 of a written report",
    ("input/document.py", Decimal(16)): "reading: 64 KiB chunks (1 << 16)",
    ("input/document.py", Decimal(4096)): "memory: plain scalars kept for reuse",
    ("cli/check.py", Decimal(20000)): "cycle collector: allocations between young collections",
    ("cli/check.py", Decimal(20)): "cycle collector: collections of a generation before the next",
    ("input/document.py", Decimal(30)): "display: characters of a value quoted in a message",
    ("input/project.py", Decimal(10)): "display: base of the largest number shown whole",
    ("input/project.py", Decimal(15)): "display: digits of the largest number shown whole",
    ("input/units.py", Decimal(20)): "limit: significant and fraction digits of an input number",
    ("input/units.py", Decimal(15)): "limit: integer digits of an input number",
    ("input/units.py", Decimal(40)): "arithmetic: spare digits of a unit conversion; display exponent",
    ("input/units.py", Decimal(10)): "limit: base of the largest integer part",
    ("metrics/registry.py", Decimal(200)): "arithmetic: digits of every metric's context (exact)",
    ("report/markdown.py", Decimal(65536)): "GitHub limit: characters of a pull-request comment",
    ("check/remedy.py", Decimal(3)): "remedy: further steps tried past the metric's own rounding",
    ("metrics/institutions.py", Decimal("0.001")): "display: a remedy's tonnes to the kg",
    ("report/html.py", Decimal("0.1")): "layout: the gap chart's scale steps",
    ("report/pdf.py", Decimal(131)): "Chromium: the first version that prints @page margin boxes",
    ("report/pdf.py", Decimal(240)): "time: seconds a PDF may take to print",
    ("report/pdf.py", Decimal(30)): "time: seconds to ask Chromium its version",
    ("report/html.py", Decimal(20)): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal(420)): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal(440)): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal("0.05")): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal("0.2")): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal("0.5")): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal(5)): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal(10)): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal(11)): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal(6)): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal(4)): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal("0.56")): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal("0.75")): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal("0.000001")): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal(3)): "layout: the gap chart's geometry, scale steps and text widths",
    ("report/html.py", Decimal("0.01")): "layout: the gap chart's geometry, scale steps and text widths",
    ("check/parallel.py", Decimal("5.0")): "time: seconds a terminated worker gets before it is killed",
    ("cli/common.py", Decimal(3)): "exit status of an internal error",
    ("cli/common.py", Decimal(128)): "exit status base of a signal (128 + signal number)",
    ("errors.py", Decimal(240)): "display: characters of an internal error's one-line message",
    ("report/escape.py", Decimal(32)): "characters: C0 controls end at 0x20",
    ("report/escape.py", Decimal(127)): "characters: DEL, start of the C1 controls",
    ("report/escape.py", Decimal(160)): "characters: end of the C1 controls (0xa0)",
    ("report/sink.py", Decimal(6)): "bytes of random hex in a backup file's name",
    ("report/sink.py", Decimal(40)): "tries at a free temporary name",
    ("authoring/convert.py", Decimal(4096)): "layout: YAML line width, long enough never to fold a value",
    ("authoring/workbook.py", Decimal(200)): "template: rows of a table sheet prepared with dropdown lists",
    ("authoring/workbook.py", Decimal(32767)): "Excel limit: characters in one cell",
    ("authoring/workbook.py", Decimal(257)): "Excel limit: a list written in place (255 + quotes)",
    ("authoring/workbook.py", Decimal(11)): "display: digits from which a number is written as text",
    ("input/workbook.py", Decimal(3)): "template layout: first data row",
    ("input/workbook.py", Decimal(5000000)): "limit: bytes of a workbook",
    ("input/workbook.py", Decimal(50000000)): "limit: bytes a workbook's parts unpack to (zip bomb)",
    ("input/workbook.py", Decimal(500)): "limit: parts of a workbook",
    ("input/workbook.py", Decimal(5000)): "limit: rows of a sheet",
    ("input/workbook.py", Decimal(64)): "limit: columns of a sheet",
    ("input/workbook.py", Decimal(53)): "arithmetic: integers a float holds exactly (2**53)",
    ("input/workbook.py", Decimal(15)): "Excel limit: significant digits of a numeric cell",
    ("input/workbook.py", Decimal(26)): "column letters: A-Z",
    ("input/workbook.py", Decimal(65)): "column letters: ord('A')",
    ("authoring/workbook.py", Decimal(34)): "layout: template column widths, font size, cell positions",
    ("authoring/workbook.py", Decimal(44)): "layout: template column widths, font size, cell positions",
    ("authoring/workbook.py", Decimal(14)): "layout: template column widths, font size, cell positions",
    ("authoring/workbook.py", Decimal(26)): "layout: template column widths, font size, cell positions",
    ("authoring/workbook.py", Decimal(70)): "layout: template column widths, font size, cell positions",
    ("authoring/workbook.py", Decimal(9)): "layout: template column widths, font size, cell positions",
    ("authoring/workbook.py", Decimal(3)): "layout: template column widths, font size, cell positions",
    ("authoring/workbook.py", Decimal(20)): "layout: template column widths, font size, cell positions",
    ("authoring/workbook.py", Decimal(22)): "layout: template column widths, font size, cell positions",
    ("authoring/workbook.py", Decimal(10)): "layout: template column widths, font size, cell positions",
    ("authoring/workbook.py", Decimal(60)): "layout: template column widths, font size, cell positions",
    ("authoring/workbook.py", Decimal(24)): "layout: template column widths, font size, cell positions",
    ("authoring/workbook.py", Decimal(110)): "layout: template column widths, font size, cell positions",
}


def _number(node: ast.AST) -> Decimal | None:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return Decimal(str(node.value))
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"Decimal", "Fraction"}
            and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        return Decimal(node.args[0].value)
    return None


def _numbers(path: Path) -> list[tuple[int, Decimal]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt: set[int] = set()  # ids of nodes whose numbers are positions or tool settings
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            exempt.update(id(inner) for inner in ast.walk(node.slice))
        elif isinstance(node, ast.keyword) and node.arg in TOOL_KEYWORDS:
            exempt.update(id(inner) for inner in ast.walk(node.value))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _number(node) is not None:
            exempt.update(id(arg) for arg in node.args)  # Decimal("0.01"): one number, not two
    for node in ast.walk(tree):
        number = _number(node)
        if number is not None and id(node) not in exempt and abs(number) not in TRIVIAL:
            found.append((node.lineno, number))
    return sorted(found)


def test_no_number_in_python_but_the_tools_own():
    unexplained, used = [], set()
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        for line, number in _numbers(path):
            if (name, number) in ALLOWED:
                used.add((name, number))
            else:
                unexplained.append(f"checker/{name}:{line}: {number}")
    assert unexplained == [], "a number in Python: make it a parameter of rules/parameters/ " \
                              "(or, if it is the tool's own, say why in ALLOWED)"
    assert sorted(set(ALLOWED) - used) == [], "ALLOWED entries that match nothing"


def _texts(value: Decimal | Fraction) -> list[str]:
    if isinstance(value, Fraction):
        return [f"{value.numerator}/{value.denominator}"]
    return [format(value.normalize(), "f")]


def test_no_figure_of_the_parameter_tree_is_written_in_python():
    tree = load_parameters()
    figures: dict[str, str] = {}
    for name in tree.names():
        for entry in tree.get(name).spec.values:
            if entry.number is not None and not (isinstance(entry.number, Decimal)
                                                 and abs(entry.number) in TRIVIAL):
                for text in _texts(entry.number):
                    figures[text] = name
    assert "0.1229" in figures and "300" in figures and "2/3" in figures
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for text, name in figures.items():
                if re.search(rf"(?<![\d.]){re.escape(text)}(?![\d.]|/\d)", line):
                    found.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {text} ({name})")
    assert found == []


def test_the_scan_sees_what_it_must(tmp_path):
    path = tmp_path / "probe.py"
    path.write_text("x = Decimal('0.6667')\ny = params.get('energy_tce', 300)\n"
                    "z = a[3] + b(maxsize=64) + Decimal(100) * 1\n", encoding="utf-8")
    assert _numbers(path) == [(1, Decimal("0.6667")), (2, Decimal(300))]
