"""Write a project workbook (.xlsx): the template of ``greencheck new KIND --format xlsx``, or a
project's data for ``greencheck convert``. The layout is the one ``checker.input.workbook``
reads (see there): labels in Chinese with units, one input cell per field, dropdown lists for
enumerations and 是/否, list items as table rows, and a sheet of instructions (说明).

Every value is written so that it reads back as it was: a number goes into a numeric cell only
when the double holds it exactly (else it is text, digit for digit), a unit string stays the
text it was, an ISO date becomes a date cell, and text is never taken for a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from checker.authoring.schema import UNIT_NAMES, ZH_NAMES, unit_of
from checker.errors import UsageError
from checker.input.document import PathKey
from checker.input.project import KINDS, SECTIONS, Project
from checker.input.schema import model_in
from checker.input.workbook import (
    COLUMN_SHEETS,
    FIELD_KEY,
    FIRST_ROW,
    INSTRUCTIONS_SHEET,
    KEY_ROW,
    LABEL_ROW,
    LIST_SEPARATORS,
    NO,
    NONE,
    PROJECT_SHEET,
    TABLE_SHEETS,
    VALUE_KEY,
    YES,
    _parts,
    field_at,
    field_kind,
    float_exact,
)
from checker.messages import code_label

ENVELOPE = ("format", "id", "name", "kind", "district", "zones", "approval_date")
TEMPLATE_ROWS = 200  # rows of a table sheet prepared with dropdown lists
MAX_CELL_TEXT = 32_767  # Excel's limit on one cell
# what each allowed value means, for the 说明 column (codes stay the values: lossless, greppable),
# in the catalogue's words (checker/messages.yaml), as the reports say them


def choice_name(code: str) -> str:
    return "格式版本" if code == "greencheck/v1" else code_label(code, "zh")


HEADERS = {
    PROJECT_SHEET: [(FIELD_KEY, "字段 field", 34), ("label", "名称 name", 44),
                    (VALUE_KEY, "值 value（填写）", 26), ("unit", "单位 unit", 14),
                    ("note", "填写说明 how to fill", 70)],
}
COLUMN_LABELS = {"baseline_2020": "2020年基准 baseline 2020", "current": "本年度 reporting year"}
SHEET_TITLES = {"能耗数据": "能耗数据 energy and resource use", "车辆": "车辆 vehicles, one row each",
                "船舶": "船舶 vessels, one row each", "豁免": "申请的豁免 exemptions claimed"}


def template_workbook(kind: str) -> bytes:
    """An empty workbook for ``kind`` that validates as it stands (unknowns empty)."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind '{kind}'; valid kinds: {', '.join(KINDS)}")
    return project_workbook({"format": "greencheck/v1", "id": "TODO-0001",
                             "name": "项目名称 TODO", "kind": kind}, template=True)


def project_workbook(data: dict[str, Any], template: bool = False) -> bytes:
    """The workbook of a project's data (as read from YAML, JSON or a workbook)."""
    kind = data.get("kind")
    if kind not in KINDS:
        raise UsageError(f"cannot lay out a workbook for kind {kind!r}")
    import openpyxl  # deferred: its import costs ~70 ms, paid only when a workbook is written

    book = openpyxl.Workbook()
    _Writer(book, data, kind, template).run()
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Writer:
    def __init__(self, book: Any, data: dict[str, Any], kind: str, template: bool):
        # deferred, as openpyxl itself (import cost ~70 ms)
        from openpyxl.styles import Alignment, Font, PatternFill

        self.book, self.data, self.kind, self.template = book, data, kind, template
        self.section: type[BaseModel] = SECTIONS[kind]
        self.header_font, self.key_font = Font(bold=True), Font(size=9, color="808080")
        self.header_fill = PatternFill("solid", fgColor="E2EFDA")
        self.input_fill = PatternFill("solid", fgColor="FFF9E5")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.placed: set[PathKey] = set()  # every value written (nothing is dropped silently)

    def run(self) -> None:
        sheet = self.book.active
        sheet.title = PROJECT_SHEET
        self._project_sheet(sheet)
        for name, base in COLUMN_SHEETS.items():
            if base == (self.kind,):
                self._column_sheet(self.book.create_sheet(name), base)
        for name, base in TABLE_SHEETS.items():
            if base[0] == self.kind or base == ("exemptions",):
                self._table_sheet(self.book.create_sheet(name), base)
        self._instructions(self.book.create_sheet(INSTRUCTIONS_SHEET))
        left_out = _unplaced(self.data, self.placed)
        if left_out:
            raise UsageError(f"{left_out} has no place in a workbook of a {self.kind} project")

    # -- sheets -------------------------------------------------------------------------------

    def _heading(self, sheet: Any, columns: list[tuple[str, str, int]]) -> None:
        # deferred, as openpyxl itself (import cost ~70 ms)
        from openpyxl.utils import get_column_letter

        for index, (key, label, width) in enumerate(columns, start=1):
            head = sheet.cell(LABEL_ROW, index, label)
            head.font, head.fill, head.alignment = self.header_font, self.header_fill, self.wrap
            sheet.cell(KEY_ROW, index, key).font = self.key_font
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = sheet.cell(FIRST_ROW, 1)
        self._print_setup(sheet)

    def _print_setup(self, sheet: Any) -> None:
        """Printed (or exported to PDF): A4 landscape, one page wide."""
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

    def _project_sheet(self, sheet: Any) -> None:
        self._heading(sheet, HEADERS[PROJECT_SHEET])
        rows: list[tuple[PathKey, FieldInfo]] = [((key,), Project.model_fields[key]) for key in ENVELOPE]
        rows += [((self.kind, key), info) for key, info in self.section.model_fields.items()
                 if field_kind(info) not in ("model", "models")]
        for r, (path, info) in enumerate(rows, start=FIRST_ROW):
            sheet.cell(r, 1, ".".join(map(str, path))).font = self.key_font
            self._describe(sheet, r, 2, str(path[-1]), info)
            cell = sheet.cell(r, 3)
            cell.fill = self.input_fill
            self._put(cell, path, _get(self.data, path), info)
            self._validation(sheet, info, cell.coordinate)

    def _column_sheet(self, sheet: Any, base: PathKey) -> None:
        """One column per nested mapping that exists (every one in a template): the reader
        takes a column as the mapping, even when all its cells are empty."""
        every = [(key, info) for key, info in self.section.model_fields.items()
                 if field_kind(info) == "model"]
        nested = [(key, info) for key, info in every
                  if self.template or _get(self.data, (*base, key)) is not None]
        for key, _info in nested:
            value = _get(self.data, (*base, key))
            if value is not None and not isinstance(value, dict):
                raise UsageError(f"{_dotted((*base, key))}: a mapping is expected")
            self.placed.add((*base, key))
        columns = [(FIELD_KEY, "字段 field", 20), ("label", "名称 name", 34)]
        columns += [(key, COLUMN_LABELS.get(key, ZH_NAMES.get(key, key)), 22) for key, _ in nested]
        columns += [("unit", "单位 unit", 10), ("note", "填写说明 how to fill", 60)]
        self._heading(sheet, columns)
        model: type[BaseModel] = model_in(every[0][1].annotation)
        for r, (key, info) in enumerate(model.model_fields.items(), start=FIRST_ROW):
            sheet.cell(r, 1, key).font = self.key_font
            self._describe(sheet, r, 2, key, info, unit_column=3 + len(nested))
            for index, (column, _) in enumerate(nested, start=3):
                cell = sheet.cell(r, index)
                cell.fill = self.input_fill
                self._put(cell, (*base, column, key), _get(self.data, (*base, column, key)), info)

    def _table_sheet(self, sheet: Any, base: PathKey) -> None:
        model: type[BaseModel] = model_in(_field(base).annotation)
        fields = list(model.model_fields.items())
        self._heading(sheet, [(key, _label(key, info, with_unit=True), 24) for key, info in fields])
        # deferred, as openpyxl itself (import cost ~70 ms)
        from openpyxl.comments import Comment

        for column, (_key, info) in enumerate(fields, start=1):
            if note(info):  # how to fill a column: a note on its label
                sheet.cell(LABEL_ROW, column).comment = Comment(note(info), "greencheck")
        items = _get(self.data, base)
        if items is not None and not isinstance(items, list):
            raise UsageError(f"{_dotted(base)}: a list is expected, not {type(items).__name__}")
        if items == []:
            sheet.cell(FIRST_ROW, 1, NONE)  # the empty list (no rows at all: not stated)
            self.placed.add(base)
        for index, item in enumerate(items or []):
            if not isinstance(item, dict):
                raise UsageError(f"{_dotted(base)}.{index}: a mapping is expected")
            for column, (key, info) in enumerate(fields, start=1):
                path = (*base, index, key)
                self._put(sheet.cell(FIRST_ROW + index, column), path, item.get(key), info)
        last = FIRST_ROW + max(TEMPLATE_ROWS, len(items or [])) - 1
        for column, (_key, info) in enumerate(fields, start=1):
            letter = sheet.cell(1, column).column_letter
            self._validation(sheet, info, f"{letter}{FIRST_ROW}:{letter}{last}")

    def _instructions(self, sheet: Any) -> None:
        sheet.column_dimensions["A"].width = 110
        self._print_setup(sheet)
        for r, line in enumerate(instructions(self.kind), start=1):
            cell = sheet.cell(r, 1, line)
            cell.alignment = self.wrap
            if r == 1:
                cell.font = self.header_font

    # -- cells --------------------------------------------------------------------------------

    def _describe(self, sheet: Any, row: int, column: int, key: str, info: FieldInfo,
                  unit_column: int | None = None) -> None:
        sheet.cell(row, column, _label(key, info)).alignment = self.wrap
        sheet.cell(row, unit_column or column + 2, _unit(info))
        sheet.cell(row, (unit_column or column + 2) + 1, note(info)).alignment = self.wrap

    def _validation(self, sheet: Any, info: FieldInfo, where: str) -> None:
        # deferred, as openpyxl itself (import cost ~70 ms)
        from openpyxl.worksheet.datavalidation import DataValidation

        kind = field_kind(info)
        choices = [YES, NO] if kind == "flag" else choices_of(info.annotation)
        if not choices or kind == "words":
            return
        formula = '"' + ",".join(choices) + '"'
        if len(formula) > 257:  # Excel's limit for a list written in place (255 + quotes)
            raise AssertionError(f"dropdown list too long for {where}: {formula}")
        rule = DataValidation(type="list", formula1=formula, allow_blank=True,
                              showErrorMessage=True, showInputMessage=True,
                              errorTitle="greencheck", error="请从下拉列表中选择 choose from the list",
                              promptTitle=None, prompt=note(info)[:255])
        sheet.add_data_validation(rule)
        rule.add(where)

    def _put(self, cell: Any, path: PathKey, value: Any, info: FieldInfo) -> None:
        kind = field_kind(info)
        text_field = any(part is str for part in _parts(_inner(info.annotation)))
        if text_field:
            cell.number_format = "@"  # Excel keeps what is typed as text (no 0123 -> 123)
        if value is None:
            return
        self.placed.add(path)
        where = ".".join(map(str, path))
        if kind == "flag" and isinstance(value, bool):
            _text(cell, YES if value else NO, where)
        elif kind == "words" and isinstance(value, list):
            if not value:
                if not info.is_required() and info.get_default(call_default_factory=True) is None:
                    _text(cell, NONE, where)
                return
            words = [str(word) for word in value]
            for word in words:
                if not word.strip() or word != word.strip() or LIST_SEPARATORS.search(word) \
                        or word == NONE:
                    raise UsageError(f"{where}: {word!r} cannot be one of a cell's words "
                                     "(separated by 、)")
            _text(cell, "、".join(words), where)
        elif kind == "date" and isinstance(value, str) and _iso_date(value):
            cell.value = dt.date.fromisoformat(value)
            cell.number_format = "yyyy-mm-dd"
        elif isinstance(value, bool):
            cell.value = value
        elif isinstance(value, int | Decimal):
            counting = bool({"_count", "_year"} & _validators(info.annotation))
            if counting and isinstance(value, Decimal) and value == value.to_integral_value():
                value = int(value)  # 1E+3 vehicles: the count 1000 (what the model reads)
            if float_exact(value):
                cell.value = value if isinstance(value, int) else float(value)
                if isinstance(value, Decimal):  # never integral here: shown as it was written
                    cell.number_format = "0." + "#" * 20
                elif abs(value) >= 10 ** 11:
                    cell.number_format = "0"  # not 1E+11
            elif counting:
                raise UsageError(f"{where}: {value} has more digits than a workbook cell holds "
                                 "exactly (a whole number there is a double)")
            else:  # digit for digit, as text (quantity and ratio fields read text too)
                _text(cell, format(value, "f") if "E" in str(value) else str(value), where)
        elif isinstance(value, str):
            _text(cell, value, where)
        else:
            raise UsageError(f"{where}: a {type(value).__name__} cannot be written to one cell")


def _unplaced(data: Any, placed: set[PathKey], path: PathKey = ()) -> str | None:
    """The first value of ``data`` that was not written (None, and the empty lists that are
    the default, need no cell)."""
    if path in placed or data is None:
        return None
    if isinstance(data, dict):
        for key, value in data.items():
            found = _unplaced(value, placed, (*path, key))
            if found:
                return found
        return None
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        for index, item in enumerate(data):
            found = _unplaced(item, placed, (*path, index))
            if found:
                return found
        return None
    if data == [] and _default_is_empty_list(path):
        return None
    return _dotted(path)


def _dotted(path: PathKey) -> str:
    return ".".join(map(str, path))


def _default_is_empty_list(path: PathKey) -> bool:
    info = field_at(path)
    return info is not None and not info.is_required() \
        and info.get_default(call_default_factory=True) == []


def _text(cell: Any, text: str, where: str) -> None:
    # deferred, as openpyxl itself (import cost ~70 ms)
    from openpyxl.utils.exceptions import IllegalCharacterError

    if len(text) > MAX_CELL_TEXT:
        raise UsageError(f"{where}: text of {len(text)} characters does not fit one cell "
                         f"(at most {MAX_CELL_TEXT})")
    try:
        cell.value = text
    except IllegalCharacterError as exc:
        raise UsageError(f"{where}: control characters cannot be written to a workbook") from exc
    cell.data_type = "s"  # text beginning with = stays text, never a formula


def _iso_date(text: str) -> bool:
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _field(path: PathKey) -> FieldInfo:
    info = field_at(path)
    assert info is not None, path
    return info


def _inner(annotation: Any) -> Any:
    """The element type of a list annotation (else the annotation)."""
    for part in _parts(annotation):
        if typing.get_origin(part) is list:
            return typing.get_args(part)[0]
    return annotation


def choices_of(annotation: Any) -> list[str]:
    found: list[str] = []
    for part in _parts(_inner(annotation)):
        if typing.get_origin(part) is typing.Literal:
            found += [str(choice) for choice in typing.get_args(part)]
    return found


def _label(key: str, info: FieldInfo, with_unit: bool = False) -> str:
    text = info.description or ZH_NAMES.get(key, key)
    if with_unit and _unit(info) and _unit(info) not in text:
        text += f"（{_unit(info)}）"
    return text


def _unit(info: FieldInfo) -> str:
    unit = unit_of(info.annotation)
    if unit == "ratio":
        return "比例 ratio"
    if unit is None or unit == "":
        return ""
    return UNIT_NAMES.get(unit, unit)


def note(info: FieldInfo) -> str:
    """How to fill the field's cell."""
    kind = field_kind(info)
    parts = ["必填 required"] if info.is_required() else []
    choices = choices_of(info.annotation)
    unit = unit_of(info.annotation)
    if kind == "flag":
        parts.append("是 / 否")
    elif kind == "date":
        parts.append("日期，如 2023-04-01")
    elif unit == "ratio":
        parts.append("0–1 的小数，或百分数如 50%")
    elif unit:
        parts.append(f"数字（单位 {_unit(info)}），或带单位的文字，如 1.2万 {_unit(info)}")
    elif unit == "":
        parts.append("数字 number")
    elif "_year" in _validators(info.annotation):
        parts.append("年份，如 2024")
    elif "_count" in _validators(info.annotation):
        parts.append("整数 whole number")
    elif "_text" in _validators(info.annotation) and kind != "words":
        parts.append("文字 text")
    if choices:
        parts.append("可选 one of: " + " | ".join(
            f"{c} {choice_name(c)}" if choice_name(c) != c else c for c in choices))
    if kind == "words":
        parts.append("多个用 、 分隔" + ("；没有写 无" if not info.is_required()
                                        and info.get_default(call_default_factory=True) is None
                                        else ""))
    return "；".join(parts)


def _validators(annotation: Any) -> set[str]:
    """The names of the functions that validate a field (project._count, _year, _text, ...)."""
    names: set[str] = set()
    for arg in typing.get_args(annotation):
        func = getattr(arg, "func", None)
        if func is not None:
            names.add(getattr(func, "__name__", ""))
        names |= _validators(arg)
    return names


def instructions(kind: str) -> list[str]:
    tables = [f"「{name}」{SHEET_TITLES[name]}" for name, base in TABLE_SHEETS.items()
              if base[0] == kind or base == ("exemptions",)]
    columns = [f"「{name}」{SHEET_TITLES[name]}" for name, base in COLUMN_SHEETS.items()
               if base == (kind,)]
    return [
        f"greencheck/v1 项目工作簿 project workbook: {kind}（{choice_name(kind)}）",
        "",
        "怎样填写 How to fill",
        f"1. 在「{PROJECT_SHEET}」表的“值”列（C 列）逐项填写，每个字段一个单元格。",
        *[f"   {text}：每列一个年度/口径，按行填写各项数据。" for text in columns],
        *[f"   {text}：每行一项（如一种车型一行）；空行不读；表中没有任何一行表示未填写，"
          "明确没有时在第一格写“无”。" for text in tables],
        "2. 不知道的值留空：相关条款给出“数据不足”，绝不会因此通过。"
        " Leave unknown values empty: the clauses that need them report insufficient data.",
        "3. 是/否字段用下拉列表选择“是”或“否”；可选值字段从下拉列表选择（值为英文代码，含义见“填写说明”）。",
        "4. 数量可填数字（单位见“单位”列），也可填带单位的文字，如 1.2万 m²、3.2万千瓦、120 tce、15万立方米；"
        "比例填 0–1 的小数或 50%。",
        "5. 多个取值（如特定区域）写在一个单元格里，用“、”分隔；“无”表示明确没有。",
        "6. 不要使用公式：公式单元格会被视为输入错误（greencheck 从不计算公式）。请直接输入数值，"
        "或复制后“选择性粘贴 → 数值”。",
        "7. 不要修改第 2 行的灰色字段键（field keys）和 A 列的字段名，也不要增删工作表；"
        "greencheck 按它们读取数据。",
        "",
        "检查与转换 Check and convert",
        "   greencheck check 本文件.xlsx          # 与 YAML 文件同样严格的校验，错误会指出单元格，如 能耗数据!C7",
        "   greencheck convert 本文件.xlsx -o 本文件.yaml   # 在 xlsx、YAML、JSON 之间无损转换",
        "",
        "字段的完整定义见 greencheck schema（JSON Schema）及 greencheck explain 规则编号。",
    ]
