"""Read YAML or JSON into plain data, keeping the line and column of every key.

PyYAML's C composer gives node marks; we construct values ourselves so that:
- duplicate keys are errors naming both lines;
- YAML 1.1 traps never change a value silently: only true/false are booleans, ``no``/``on``
  stay strings, ``0123`` stays the string "0123", and numbers become ``Decimal`` (never float);
- timestamps stay strings (the models parse dates strictly).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from checker.errors import InputError, Problem

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - wheels always ship the C loader
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Position = tuple[int, int]
PathKey = tuple[str | int, ...]

MAX_BYTES = 2_000_000
MAX_DEPTH = 32
MAX_NODES = 100_000
MAX_NUMBER_CHARS = 100  # longer digit strings stay text (int() refuses > 4300 digits)

_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|(0|[1-9][0-9]*)(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass(frozen=True)
class Document:
    """Parsed data plus where each value sits in the file (1-based line and column)."""

    file: str
    data: Any
    positions: dict[PathKey, Position]

    def position_of(self, path: PathKey) -> Position | None:
        """The position of ``path`` or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found:
                return found
        return None


def read_document(path: Path | str) -> Document:
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(file, [Problem(f"cannot read file: {exc.strerror}")]) from exc
    return parse_document(raw, file)


def parse_document(raw: bytes, file: str) -> Document:
    if len(raw) > MAX_BYTES:
        raise InputError(file, [Problem(f"file is {len(raw)} bytes; the limit is {MAX_BYTES}")])
    text = _decode(raw, file)
    if not text.strip():
        raise InputError(file, [Problem("file is empty; expected a greencheck/v1 project")])
    if "\t" in text and file.endswith(".json"):
        return _parse_json(text, file)
    builder = _Builder(file)
    try:
        data = builder.run(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(file, [Problem(f"not valid YAML/JSON: {exc.problem}", line=line, column=col)]) from exc
    except yaml.YAMLError as exc:
        raise InputError(file, [Problem(f"not valid YAML/JSON: {exc}")]) from exc
    return Document(file, data, builder.positions)


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(file, [Problem("file is UTF-16; save it as UTF-8")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = " (it looks like GBK/GB18030: save it as UTF-8)" if _looks_like_gbk(raw) else ""
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(file, [Problem(f"file is not UTF-8{hint}", line=line)]) from exc


def _looks_like_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


class _Frame:
    """An open mapping or sequence while events stream in."""

    __slots__ = ("container", "path", "key", "seen")

    def __init__(self, container: dict[str, Any] | list[Any], path: PathKey):
        self.container = container
        self.path = path
        self.key: str | None = None
        self.seen: dict[str, int] = {}


class _Builder:
    """Builds plain data from parser events with an explicit stack: no recursion, so a deeply
    nested file meets MAX_DEPTH instead of Python's recursion limit or the C composer's stack.
    Aliases are refused outright (no alias bombs); anchors alone are harmless and ignored."""

    def __init__(self, file: str):
        self.file = file
        self.positions: dict[PathKey, Position] = {}
        self.count = 0

    def run(self, events: Iterable[yaml.Event]) -> Any:
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                frame = stack[-1] if stack else None
                if frame is not None and frame.key is None and type(frame.container) is dict:
                    self._key(frame, event)
                    continue
                path = self._place(frame, event)
                if kind is yaml.ScalarEvent:
                    value = _scalar(event)  # type: ignore[arg-type]
                else:
                    if len(stack) >= MAX_DEPTH:
                        raise self._error(event, f"document is nested more than {MAX_DEPTH} levels deep")
                    value = {} if kind is yaml.MappingStartEvent else []
                if frame is None:
                    root = value
                elif type(frame.container) is dict:
                    frame.container[frame.key] = value  # type: ignore[index]
                    frame.key = None
                else:
                    frame.container.append(value)  # type: ignore[union-attr]
                if kind is not yaml.ScalarEvent:
                    stack.append(_Frame(value, path))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.AliasEvent:
                anchor = getattr(event, "anchor", "")
                raise self._error(event, f"YAML aliases (*{anchor}) are not allowed in project "
                                         "files; write the value out")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self._error(event, "a project file holds one YAML document, found a second")
        return root

    def _count(self, event: yaml.Event) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._error(event, f"document has more than {MAX_NODES} values")

    def _key(self, frame: _Frame, event: yaml.Event) -> None:
        self._count(event)
        if type(event) is not yaml.ScalarEvent or (event.value == "<<" and not event.style):
            raise self._error(event, "keys must be plain strings (no merge keys or complex keys)")
        key = str(event.value)
        line = _pos(event)[0]
        path = (*frame.path, key)
        if key in frame.seen:
            raise self._error(event, f"duplicate key '{key}' (first at line {frame.seen[key]})", path)
        frame.seen[key] = line
        self.positions[path] = _pos(event)
        frame.key = key

    def _place(self, frame: _Frame | None, event: yaml.Event) -> PathKey:
        self._count(event)
        if frame is None:
            path: PathKey = ()
        elif frame.key is not None:
            path = (*frame.path, frame.key)
        else:
            path = (*frame.path, len(frame.container))
        self.positions.setdefault(path, _pos(event))
        return path

    def _error(self, event: yaml.Event, message: str, path: PathKey = ()) -> InputError:
        line, col = _pos(event)
        field = ".".join(str(p) for p in path) or None
        return InputError(self.file, [Problem(message, field=field, line=line, column=col)])


def _scalar(event: yaml.ScalarEvent) -> Any:
    value = event.value
    if event.style or event.tag == "tag:yaml.org,2002:str":
        return value  # quoted, block or explicitly a string
    if event.tag and not event.tag.startswith("tag:yaml.org,2002:"):
        return value  # a local tag (!foo) is not interpreted
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if len(value) > MAX_NUMBER_CHARS or "_" in value:
        return value
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return Decimal(value)
    return value


def _pos(event: yaml.Event) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (0, 0)


def _parse_json(text: str, file: str) -> Document:
    """Fallback for JSON that YAML cannot read (tabs): values exact, no key positions."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise InputError(file, [Problem(f"duplicate key '{key}'", field=key)])
            result[key] = value
        return result

    def number(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            return text
        return Decimal(text) if any(c in text for c in ".eE") else int(text)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_float=number, parse_int=number,
                          parse_constant=lambda name: name)
    except json.JSONDecodeError as exc:
        raise InputError(file, [Problem(f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)]) from exc
    except RecursionError as exc:
        raise InputError(file, [Problem(f"document is nested more than {MAX_DEPTH} levels deep")]) from exc
    _check_size(data, file)
    return Document(file, data, {})


def _check_size(data: Any, file: str) -> None:
    """MAX_DEPTH and MAX_NODES for data that did not come through the event builder."""
    pending: list[tuple[Any, int]] = [(data, 0)]
    count = 0
    while pending:
        value, depth = pending.pop()
        count += 1
        if count > MAX_NODES:
            raise InputError(file, [Problem(f"document has more than {MAX_NODES} values")])
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        if children and depth >= MAX_DEPTH:
            raise InputError(file, [Problem(f"document is nested more than {MAX_DEPTH} levels deep")])
        pending.extend((child, depth + 1) for child in children)
