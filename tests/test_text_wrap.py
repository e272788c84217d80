"""Text wrapped to a width: a hanging indent, breaks between words or CJK characters, never
inside an identifier or before closing punctuation, colour taking no width; only on a terminal
or with --width (piped output is not wrapped)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cli import main
from checker.messages import field_label
from checker.report import get_renderer
from checker.report.labels import where
from checker.report.sink import terminal_width
from checker.report.text import HANGING, _words, width, wrap
from tests.conftest import SAMPLES
from tests.reports_support import at_root, context, fixture_reports

CJK_FILE = "项目资料/静安区某商务办公楼新建工程（第二期）.yaml"
CLOSING = set("，。、；：？！）》」』】〕…")
OPENING = set("（《「『【〔“")
MESSAGE = ("  数据不足  约束性  BLDG-GREEN-2STAR  缺少判断所需数据：building.government_invested, "
           "building.green_building_level；未达到绿色建筑标准请填 none；请补充后再检查（见《上海市"
           "公共机构绿色低碳循环发展行动方案》沪机管〔2021〕66号 五、（一））。计算过程: 897 m² / "
           "3,000 m² = 29.9%，不满足 ≥ 30%")
# unbreakable pieces of MESSAGE: identifiers, numbers with their units, an operator and its
# operand, each with the punctuation that closes it
IDENTIFIERS = ("BLDG-GREEN-2STAR", "building.government_invested,",
               "building.green_building_level；", "/ 3,000 m²", "897 m²", "= 29.9%，", "≥ 30%",
               "none；", "〔2021〕")


@pytest.fixture(scope="module")
def reports():
    found = fixture_reports()
    # a file name that holds CJK and is longer than the narrowest width: never broken
    return [dataclasses.replace(r, file=CJK_FILE) if r.file.endswith("hospital.yaml") else r
            for r in found]


def _text(reports, lang: str, columns: int | None, **options) -> str:
    with at_root():
        return get_renderer("text")(reports, dataclasses.replace(
            context(lang), width=columns, **options))


def _content(line: str) -> str:
    return line.lstrip(" ")


@pytest.mark.parametrize("columns", [40, 60, 80])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_line_is_wider_than_the_width_but_an_unsplittable_piece(reports, lang, columns):
    text = _text(reports, lang, columns, show_all=True)
    # what may stand alone on a line wider than the width: a file name (with its line number)
    pieces = {where(r.file, f.line) for r in reports for f in r.results} | {
        f"{r.file}:" for r in reports} | {
        p.describe(r.file).split(" ")[0] for r in reports for p in r.errors}
    wide = [line for line in text.splitlines() if width(line) > columns]
    assert all(_content(line).split("  ")[0] in pieces for line in wide), wide
    assert any(width(line) > columns for line in _text(reports, lang, None).splitlines())


@pytest.mark.parametrize("columns", [40, 60, 80])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_identifiers_stay_whole_and_nothing_is_lost(reports, lang, columns):
    text = _text(reports, lang, columns, show_all=True)
    lines = text.splitlines()
    whole = _text(reports, lang, None, show_all=True)
    assert re.sub(r"\s", "", text) == re.sub(r"\s", "", whole)  # the same characters, in order
    for report in reports:
        assert any(report.file in line for line in lines), report.file
        for finding in report.results:
            assert any(re.search(rf"(?<![\w-]){re.escape(finding.rule)}(?![\w-])", line)
                       for line in lines), finding.rule
            for name in finding.missing:  # zh names the field in words, en by its path
                shown = field_label(name, lang) if lang == "zh" else name
                assert any(shown in line for line in lines), shown
            number = finding.citation.number
            if number:
                assert any(number in line for line in lines), number


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_closing_punctuation_never_begins_a_line_nor_opening_ends_one(reports, columns):
    for line in _text(reports, "zh", columns, show_all=True).splitlines():
        content = _content(line)
        assert not content or content[0] not in CLOSING, line
        assert not content or content[-1] not in OPENING, line


@pytest.mark.parametrize("columns", [40, 60, 80])
def test_continuation_lines_hang_under_their_first_line(reports, columns):
    for line in _text(reports, "zh", None, show_all=True).splitlines():
        parts = wrap(line, columns)
        indent = line[:len(line) - len(_content(line))]
        assert parts[0].startswith(indent) and not parts[0][len(indent):].startswith(" ")
        for part in parts[1:]:
            assert part.startswith(indent + HANGING) and part[len(indent + HANGING)] != " "


def test_a_message_with_chinese_and_identifiers_at_every_width():
    for columns in range(20, 130):
        lines = wrap(MESSAGE, columns)
        assert "".join(_content(line) for line in lines).replace(" ", "") == \
            MESSAGE.replace(" ", "")
        for line in lines:
            assert width(line) <= columns or _content(line) in IDENTIFIERS, (columns, line)
            assert _content(line)[0] not in CLOSING, (columns, line)
        joined = "\n".join(lines)
        for identifier in IDENTIFIERS:
            assert identifier in joined, (columns, identifier)
    assert wrap(MESSAGE, 60)[1].startswith("  " + HANGING)
    assert len(wrap(MESSAGE, 40)) > len(wrap(MESSAGE, 80)) > 1


def test_cjk_breaks_between_characters_and_cells_are_two_wide():
    lines = wrap("请补充" * 10, 20)
    # ten characters a line, then eight after the hanging indent
    assert [width(line) for line in lines] == [20, 20, 20, 12]
    assert lines[1] == HANGING + "补充请补充请补充" and width(HANGING) == 4
    assert width("中文ab") == 6 and width("e\u0301") == 1 and width("，") == 2


def test_colour_escapes_take_no_width():
    plain = "  不通过    约束性  BLDG-PV-30  屋顶光伏面积比例为 29.9%，不满足 ≥ 30%"
    painted = plain.replace("不通过", "\x1b[31m不通过\x1b[0m", 1)
    assert width(painted) == width(plain)
    for columns in (20, 30, 40):
        wrapped = wrap(painted, columns)
        assert [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in wrapped] == wrap(plain, columns)
        assert "".join(wrapped).count("\x1b[") == 2


def test_no_width_means_no_wrapping():
    assert wrap(MESSAGE, None) == wrap(MESSAGE, 0) == [MESSAGE]


# the command line: piped output is not wrapped, --width wraps anywhere, a terminal wraps to its
# width (COLUMNS first)
FAILING = str(SAMPLES / "cp_building_office_fail.yaml")


def test_piped_output_is_not_wrapped_unless_width_says_so(tmp_path):
    runner = CliRunner()
    piped = runner.invoke(main, ["check", FAILING], env={"COLUMNS": "40"}).stdout
    assert max(width(line) for line in piped.splitlines()) > 80
    wrapped = runner.invoke(main, ["check", FAILING, "--width", "40"]).stdout
    assert len(wrapped.splitlines()) > len(piped.splitlines())
    assert all(width(line) <= 40 or FAILING.split("/")[-1] in line
               for line in wrapped.splitlines())
    assert runner.invoke(main, ["check", FAILING, "--width", "0"]).stdout == piped
    saved = tmp_path / "report.txt"
    runner.invoke(main, ["check", FAILING, "-f", f"text={saved}", "--width", "40"])
    assert saved.read_text(encoding="utf-8") == wrapped
    assert runner.invoke(main, ["check", FAILING, "--width", "-1"]).exit_code == 2


def test_a_terminal_wraps_to_its_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "57")
    assert terminal_width(True) == 57
    assert terminal_width(False) is None


ALPHABET = "ab1.,_-/ 中文，。、；：）（《》“”m²%≥"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=ALPHABET, min_size=1, max_size=80),
       indent=st.integers(0, 4), columns=st.integers(8, 50))
def test_wrapping_any_text_keeps_it_and_fits_it(text, indent, columns):
    line = " " * indent + text.strip(" ")
    lines = wrap(line, columns)
    assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", line)
    for number, part in enumerate(lines):
        content = _content(part)
        if number:
            assert part.startswith(" " * indent + HANGING) and content
            assert content[0] not in CLOSING, lines
        assert width(part) <= columns or len(_words(content)) == 1, lines
