"""Read a project workbook (.xlsx, the layout ``greencheck new KIND --format xlsx`` writes) into
the same plain data a YAML file gives, keeping the sheet and cell of every value.

The workbook is then validated exactly as YAML is (the same pydantic models), and every error
names its cell (``能耗数据!C7``). Layout, shared by every sheet: row 1 holds labels for people,
row 2 the machine keys of the columns, data starts on row 3.

- ``项目``: one row per field; column ``field`` holds its dotted key (``building.pv_area_m2``),
  column ``value`` its value. The kind's section always exists (an empty template validates).
- ``能耗数据``: the nested mappings of a section side by side, one column each
  (``baseline_2020``, ``current``); rows are keyed by column ``field`` too. A column is its
  mapping even when its cells are empty (as the kind's section); no column, no mapping.
- ``车辆`` / ``船舶`` / ``豁免``: a list of mappings, one row per item, columns keyed by row 2.
- ``说明``: instructions, never read.

Values: an empty cell is an absent key (null); 是/否 are true/false in yes/no fields; a list of
words sits in one cell separated by 、 (``无`` is the empty list; in a table sheet, ``无`` alone
in the first data cell); date cells are read as ISO dates; numbers are exact (the shortest
decimal that reads back as the cell's double, which is what Excel shows). Formulas are never
evaluated and their cached values never used: a formula cell is an input error naming the cell
(a cached value may be stale, or absent in files written by other tools, and a check must follow
from what the file says). Oversized workbooks are refused before openpyxl opens them: file size,
unpacked size and part count are checked first, and a sheet of more than MAX_ROWS rows (by its
declared size, else by looking past the cap without keeping anything) is refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import io
import re
import types
import typing
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from checker.errors import InputError, Problem
from checker.input.document import Cell, Document, PathKey, unreadable
from checker.input.project import KINDS, Project
from checker.input.schema import model_in
from checker.messages import ByLang, Joined, Quoted, Words, input_problem, words

WORKBOOK_SUFFIXES = (".xlsx",)
PROJECT_SHEET = "项目"
INSTRUCTIONS_SHEET = "说明"
# sheet -> where its rows go in the project's data
COLUMN_SHEETS: dict[str, PathKey] = {"能耗数据": ("public_institution_annual",)}
TABLE_SHEETS: dict[str, PathKey] = {
    "车辆": ("vehicle_procurement", "vehicles"),
    "船舶": ("vessel_procurement", "vessels"),
    "豁免": ("exemptions",),
}
SHEETS = (PROJECT_SHEET, *COLUMN_SHEETS, *TABLE_SHEETS, INSTRUCTIONS_SHEET)
LABEL_ROW, KEY_ROW, FIRST_ROW = 1, 2, 3
# column keys (row 2) of the field sheets that are for people, never read
FIELD_KEY, VALUE_KEY = "field", "value"
PEOPLE_KEYS = ("label", "unit", "note")
YES, NO, NONE = "是", "否", "无"
LIST_SEPARATORS = re.compile(r"[、,，;；\n]")

MAX_WORKBOOK_BYTES = 5_000_000
MAX_UNPACKED_BYTES = 50_000_000  # what the zip parts unpack to (a zip bomb stops here)
MAX_PARTS = 500
MAX_ROWS = 5_000
MAX_COLUMNS = 64
_FLOAT_EXACT = 2 ** 53
EXCEL_DIGITS = 15


def read_workbook(path: Path | str) -> Document:
    file = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_WORKBOOK_BYTES:
            raise InputError(file, [input_problem(_too_big(size))])
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(file, [unreadable(exc)]) from exc
    return parse_workbook(raw, file)


def parse_workbook(raw: bytes, file: str) -> Document:
    if len(raw) > MAX_WORKBOOK_BYTES:
        raise InputError(file, [input_problem(_too_big(len(raw)))])
    _check_archive(raw, file)
    import openpyxl  # deferred: its import costs ~70 ms, paid only when a workbook is read

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False,
                                      keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds (zip, XML, missing parts): all one error
        raise InputError(file, [input_problem(words("input.sheet.unreadable", reason=exc))]) from exc
    try:
        document = _Reader(file).run(book)
    finally:
        book.close()
    # the reviewer matches the file by its bytes, as for YAML and JSON
    return dataclasses.replace(document, sha256=hashlib.sha256(raw).hexdigest())


def is_workbook(path: Path | str) -> bool:
    return str(path).lower().endswith(WORKBOOK_SUFFIXES)


def _too_big(size: int) -> Words:
    return words("input.sheet.too_big", size=size, limit=MAX_WORKBOOK_BYTES)


def _check_archive(raw: bytes, file: str) -> None:
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(file, [input_problem(words("input.sheet.xls"))])
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise InputError(file, [input_problem(words("input.sheet.not_zip"))]) from exc
    if len(parts) > MAX_PARTS:
        raise InputError(file, [input_problem(words("input.sheet.parts", limit=MAX_PARTS))])
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:  # zipfile never unpacks a part past its stated size
        raise InputError(file, [input_problem(words("input.sheet.unpacked", size=unpacked,
                                                   limit=MAX_UNPACKED_BYTES))])


def cell_name(row: int, column: int) -> str:
    """A1 notation of a 1-based row and column."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


# -- what a field is (the reader converts 是/否, lists of words and dates by the field's type) --

def field_at(path: PathKey) -> FieldInfo | None:
    """The model field at ``path`` of a project file (list indexes skipped), if there is one."""
    model: Any = Project
    info: FieldInfo | None = None
    for part in path:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        info = model.model_fields[part]
        model = model_in(info.annotation)
    return info


def field_kind(info: FieldInfo | None) -> str:
    """flag | words (a list of words in one cell) | date | models | model | scalar"""
    if info is None:
        return "scalar"
    annotation = info.annotation
    if model_in(annotation) is not None:
        return "models" if _is_list(annotation) else "model"
    if _is_list(annotation):
        return "words"
    if _has(annotation, bool):
        return "flag"
    if _has(annotation, dt.date):
        return "date"
    return "scalar"


def _parts(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [p for arg in typing.get_args(annotation) for p in _parts(arg)]
    if origin is typing.Annotated:
        return _parts(typing.get_args(annotation)[0])
    return [annotation]


def _is_list(annotation: Any) -> bool:
    return any(typing.get_origin(p) is list for p in _parts(annotation))


def _has(annotation: Any, kind: type) -> bool:
    return any(p is kind for p in _parts(annotation))




# -- reading ------------------------------------------------------------------------------------

class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.data: dict[str, Any] = {}
        self.cells: dict[PathKey, Cell] = {(): (PROJECT_SHEET, "A1")}
        self.problems: list[Problem] = []

    def run(self, book: Any) -> Document:
        names = list(book.sheetnames)
        if PROJECT_SHEET not in names:
            raise InputError(self.file, [input_problem(words(
                "input.sheet.no_project_sheet", sheet=PROJECT_SHEET, sheets=_names(names)))])
        for name in [PROJECT_SHEET, *[n for n in names if n != PROJECT_SHEET]]:
            if name == INSTRUCTIONS_SHEET:
                continue
            if name not in SHEETS:
                self._problem(name, "A1", _unknown("input.sheet.unknown_sheet", name, SHEETS))
                continue
            if not hasattr(book[name], "iter_rows"):
                self._problem(name, "A1", words("input.sheet.chart"))
                continue
            rows = self._rows(book[name], name)
            if rows is None:
                continue
            if name == PROJECT_SHEET:
                self._fields(name, rows)
            elif name in COLUMN_SHEETS:
                self._columns(name, rows, COLUMN_SHEETS[name])
            else:
                self._table(name, rows, TABLE_SHEETS[name])
        if self.problems:
            raise InputError(self.file, self.problems)
        return Document(self.file, self.data, {}, self.cells)

    def _problem(self, sheet: str, cell: str, message: Words, path: PathKey = ()) -> None:
        field = ".".join(str(p) for p in path) or None
        self.problems.append(input_problem(message, field=field, sheet=sheet, cell=cell))

    def _rows(self, sheet: Any, name: str) -> list[list[Any]] | None:
        """The sheet's values (None for an empty cell), at most MAX_ROWS rows; formula and
        error cells are problems."""
        declared = getattr(sheet, "max_row", None)  # the sheet's own <dimension>, if written
        if isinstance(declared, int) and declared > MAX_ROWS:
            self._problem(name, cell_name(MAX_ROWS + 1, 1),
                          words("input.sheet.rows", count=declared, limit=MAX_ROWS))
            return None
        rows: list[list[Any]] = []
        for r, row in enumerate(sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1,
                                                max_col=MAX_COLUMNS), start=1):
            if r > MAX_ROWS:  # a row past the cap exists: refused if anything is in it or after
                if any(cell.value is not None for cell in row) or any(
                        any(v is not None for v in later) for later in sheet.iter_rows(
                            min_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True)):
                    self._problem(name, cell_name(r, 1), words("input.sheet.more_rows",
                                                                 limit=MAX_ROWS))
                    return None
                break
            rows.append([self._value(cell, name, r, c) for c, cell in enumerate(row, start=1)])
        return rows

    def _value(self, cell: Any, sheet: str, row: int, column: int) -> Any:
        value, kind = cell.value, getattr(cell, "data_type", None)
        if value is None:
            return None
        if kind == "f":
            self._problem(sheet, cell_name(row, column), words("input.sheet.formula"))
            return None
        if kind == "e":
            self._problem(sheet, cell_name(row, column),
                          words("input.sheet.error_cell", value=value))
            return None
        return _plain(value)

    def _keys(self, name: str, rows: list[list[Any]]) -> dict[int, str]:
        """Column index -> the column's key from row 2."""
        keys: dict[int, str] = {}
        header = rows[KEY_ROW - 1] if len(rows) >= KEY_ROW else []
        for index, key in enumerate(header):
            if key is None:
                continue
            if not isinstance(key, str) or not key.strip():
                self._problem(name, cell_name(KEY_ROW, index + 1), words("input.sheet.key_text"))
                continue
            if key in keys.values():
                self._problem(name, cell_name(KEY_ROW, index + 1),
                              words("input.sheet.key_twice", key=key))
                continue
            keys[index] = key.strip()
        return keys

    def _field_columns(self, name: str, rows: list[list[Any]], values: tuple[str, ...] | None,
                       ) -> tuple[int, dict[int, str]] | None:
        """The ``field`` column and the value columns of a field sheet."""
        keys = self._keys(name, rows)
        by_key = {key: index for index, key in keys.items()}
        wanted = (FIELD_KEY, *(values or ()))
        for key in wanted:
            if key not in by_key:
                self._problem(name, cell_name(KEY_ROW, 1), words(
                    "input.sheet.key_missing", row=KEY_ROW, key=key,
                    keys=_names((*wanted, *PEOPLE_KEYS))))
                return None
        columns = {}
        for index, key in keys.items():
            if key == FIELD_KEY or key in PEOPLE_KEYS:
                continue
            if values is not None and key not in values:
                self._problem(name, cell_name(KEY_ROW, index + 1),
                              _unknown("input.sheet.unknown_column", key, (*wanted, *PEOPLE_KEYS)))
                continue
            columns[index] = key
        return by_key[FIELD_KEY], columns

    def _fields(self, name: str, rows: list[list[Any]]) -> None:
        found = self._field_columns(name, rows, (VALUE_KEY,))
        if found is None:
            return
        key_column, columns = found
        (value_column,) = columns
        seen: dict[PathKey, str] = {}
        kind_cell: Cell | None = None
        for r, row in enumerate(rows[FIRST_ROW - 1:], start=FIRST_ROW):
            key, value = _at(row, key_column), _at(row, value_column)
            where = cell_name(r, value_column + 1)
            if key is None:
                if value is not None:
                    self._problem(name, where, words("input.sheet.no_field_name",
                                                     column=cell_name(r, key_column + 1)[0]))
                continue
            path = self._key_path(name, cell_name(r, key_column + 1), key)
            if path is None:
                continue
            if path in seen:
                self._problem(name, cell_name(r, key_column + 1),
                              words("input.sheet.duplicate_field", key=key,
                                    where=f"{name}!{seen[path]}"), path)
                continue
            seen[path] = cell_name(r, key_column + 1)
            self._note(path, (name, where))
            if path == ("kind",):
                kind_cell = (name, where)
            if value is not None:
                self._put(name, where, path, value)
        kind = self.data.get("kind")
        if isinstance(kind, str) and kind in KINDS and kind not in self.data:
            self.data[kind] = {}  # the kind's section exists even when all its cells are empty
            self.cells.setdefault((kind,), kind_cell or (name, "A1"))

    def _columns(self, name: str, rows: list[list[Any]], base: PathKey) -> None:
        found = self._field_columns(name, rows, None)
        if found is None:
            return
        key_column, columns = found
        for index, column in columns.items():  # a column is its mapping, even with no values
            self._place(name, cell_name(KEY_ROW, index + 1), (*base, column), {})
            self._note((*base, column), (name, cell_name(KEY_ROW, index + 1)))
        seen: dict[str, str] = {}
        for r, row in enumerate(rows[FIRST_ROW - 1:], start=FIRST_ROW):
            key = _at(row, key_column)
            if key is None:
                for index in columns:
                    if _at(row, index) is not None:
                        self._problem(name, cell_name(r, index + 1),
                                      words("input.sheet.no_field_name",
                                            column=cell_name(r, key_column + 1)[0]))
                continue
            if not isinstance(key, str) or not key.strip() or "." in key:
                self._problem(name, cell_name(r, key_column + 1),
                              words("input.sheet.not_field", key=Quoted(key)))
                continue
            if key in seen:
                self._problem(name, cell_name(r, key_column + 1),
                              words("input.sheet.duplicate_field", key=key,
                                    where=f"{name}!{seen[key]}"))
                continue
            seen[key] = cell_name(r, key_column + 1)
            for index, column in columns.items():
                path = (*base, column, key)
                where = cell_name(r, index + 1)
                self._note(path, (name, where))
                value = _at(row, index)
                if value is not None:
                    self._put(name, where, path, value)

    def _table(self, name: str, rows: list[list[Any]], base: PathKey) -> None:
        keys = self._keys(name, rows)
        self._note(base, (name, cell_name(FIRST_ROW, 1)))
        items: list[dict[str, Any]] = []
        data_rows = [(r, row) for r, row in enumerate(rows[FIRST_ROW - 1:], start=FIRST_ROW)
                     if any(v is not None for v in row)]
        if len(data_rows) == 1 and [v for v in data_rows[0][1] if v is not None] == [NONE] \
                and _at(data_rows[0][1], 0) == NONE:
            self._place(name, cell_name(data_rows[0][0], 1), base, [])  # 无: the empty list
            return
        for r, row in data_rows:
            index = len(items)
            item: dict[str, Any] = {}
            self._note((*base, index), (name, cell_name(r, 1)))
            for column, value in enumerate(row):
                key = keys.get(column)
                where = cell_name(r, column + 1)
                if key is None:
                    if value is not None:
                        self._problem(name, where, words("input.sheet.no_column_key", row=KEY_ROW))
                    continue
                path = (*base, index, key)
                self._note(path, (name, where))
                if value is not None:
                    item[key] = _typed(value, field_kind(field_at(path)))
            for column, key in keys.items():  # a missing required value points at its empty cell
                self._note((*base, index, key), (name, cell_name(r, column + 1)))
            items.append(item)
        if items:
            self._place(name, cell_name(FIRST_ROW, 1), base, items)

    def _key_path(self, sheet: str, where: str, key: Any) -> PathKey | None:
        if not isinstance(key, str) or not all(part.strip() for part in key.split(".")):
            self._problem(sheet, where, words("input.sheet.not_field", key=Quoted(key)))
            return None
        return tuple(key.strip().split("."))

    def _note(self, path: PathKey, cell: Cell) -> None:
        self.cells.setdefault(path, cell)

    def _put(self, sheet: str, where: str, path: PathKey, value: Any) -> None:
        self._place(sheet, where, path, _typed(value, field_kind(field_at(path))))

    def _place(self, sheet: str, where: str, path: PathKey, value: Any) -> None:
        """Set ``value`` at ``path``, making the mappings on the way."""
        target: Any = self.data
        for depth, part in enumerate(path[:-1]):
            inner = target.get(part)
            if inner is None:
                inner = target[part] = {}
                self._note(path[:depth + 1], (sheet, where))
            if not isinstance(inner, dict):
                self._problem(sheet, where, words("input.sheet.own_value",
                                                  name=".".join(map(str, path[:depth + 1]))), path)
                return
            target = inner
        if path[-1] in target:
            self._problem(sheet, where, words("input.sheet.twice"), path)
            return
        target[path[-1]] = value


def _at(row: list[Any], index: int) -> Any:
    return row[index] if index < len(row) else None


def _unknown(what: str, key: str, valid: tuple[str, ...]) -> Words:
    near = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    hint = words("input.sheet.did_you_mean", near=near[0]) if near else ""
    return words(what, key=key, hint=hint, valid=_names(valid))


def _names(names: Any) -> ByLang:
    """Names of sheets or columns, quoted (they are the workbook's own, often Chinese)."""
    return ByLang(Joined(tuple(Quoted(name) for name in names)),
                  ", ".join(f"'{name}'" for name in names))


def _plain(value: Any) -> Any:
    """A cell's value as YAML would give it: exact numbers, dates as ISO text."""
    if isinstance(value, bool | int | str | Decimal):
        return value
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _FLOAT_EXACT:
            return int(value)
        return Decimal(repr(value))  # the shortest decimal that is this double: what Excel shows
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _typed(value: Any, kind: str) -> Any:
    """Workbook conventions, by the field's type: 是/否, a list of words in one cell."""
    if kind == "flag" and isinstance(value, str) and value in (YES, NO):
        return value == YES
    if kind == "words":
        if isinstance(value, str):
            if value.strip() == NONE:
                return []
            return [part.strip() for part in LIST_SEPARATORS.split(value) if part.strip()]
        return [value]
    return value


def float_exact(number: int | Decimal) -> bool:
    """Whether ``number`` survives a numeric cell exactly, as this reader reads it: at most 15
    significant digits (what a double always holds, what Excel shows and keeps when the cell
    is edited, and what openpyxl's 16-digit writing never changes) and the same text back."""
    digits = str(abs(number)) if isinstance(number, int) else number.as_tuple().digits
    if len(digits) > EXCEL_DIGITS:
        return False
    try:
        back = _plain(float(number))
    except OverflowError:
        return False
    return type(back) is type(number) and str(back) == str(number)
