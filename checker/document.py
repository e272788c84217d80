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

_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")  # YAML 1.1 octal: kept as the string written
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
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
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(file, [Problem(f"not valid YAML/JSON: {exc.problem}", line=line, column=col)]) from exc
    except yaml.YAMLError as exc:
        raise InputError(file, [Problem(f"not valid YAML/JSON: {exc}")]) from exc
    builder = _Builder(file)
    data = builder.build(node, (), 0)
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


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.positions: dict[PathKey, Position] = {}
        self.count = 0

    def build(self, node: yaml.Node | None, path: PathKey, depth: int) -> Any:
        if node is None:
            return None
        self.count += 1
        if depth > MAX_DEPTH or self.count > MAX_NODES:
            raise self._error(node, "document is nested too deeply or too large")
        self.positions.setdefault(path, _pos(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise self._error(key_node, "keys must be plain strings (no merge keys or complex keys)")
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise self._error(key_node, f"duplicate key '{key}' (first at line {seen[key]})", (*path, key))
            seen[key] = line
            self.positions[(*path, key)] = _pos(key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    @staticmethod
    def _scalar(node: yaml.ScalarNode) -> Any:
        value = node.value
        if node.style not in (None, ""):
            return value  # quoted or block scalar: always a string
        if node.tag and not node.tag.startswith("tag:yaml.org,2002:"):
            return value  # a local tag (!foo) is not interpreted
        if value in _NULLS:
            return None
        if value in _BOOLS:
            return _BOOLS[value]
        if _LEADING_ZERO.fullmatch(value):
            return value
        if _INT.fullmatch(value) and "_" not in value:
            return int(value)
        if _FLOAT.fullmatch(value) and "_" not in value and not _INT.fullmatch(value):
            return Decimal(value)
        return value

    def _error(self, node: yaml.Node, message: str, path: PathKey = ()) -> InputError:
        line, col = _pos(node)
        field = ".".join(str(p) for p in path) or None
        return InputError(self.file, [Problem(message, field=field, line=line, column=col)])


def _pos(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _parse_json(text: str, file: str) -> Document:
    """Fallback for JSON that YAML cannot read (tabs): values exact, no key positions."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise InputError(file, [Problem(f"duplicate key '{key}'", field=key)])
            result[key] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_float=Decimal,
                          parse_constant=lambda name: name)
    except json.JSONDecodeError as exc:
        raise InputError(file, [Problem(f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)]) from exc
    return Document(file, data, {})
