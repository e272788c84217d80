"""Read YAML or JSON into plain data, keeping the line and column of every key.

PyYAML's C composer gives node marks; we construct values ourselves so that:
- duplicate keys are errors naming both lines;
- YAML 1.1 traps never change a value silently: only true/false are booleans, ``no``/``on``
  stay strings, ``0123`` stays the string "0123", and numbers become ``Decimal`` (never float);
- timestamps stay strings (the models parse dates strictly).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from checker.errors import InputError, Problem
from checker.input.units import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS
from checker.messages import ByLang, Words, input_problem, words

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - wheels always ship the C loader
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Position = tuple[int, int]
Cell = tuple[str, str]  # a workbook's (sheet, cell in A1 notation), e.g. ("能耗数据", "C7")
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
    """Parsed data plus where each value sits in the file: 1-based line and column for YAML
    and JSON (``positions``), sheet and cell for a workbook (``cells``)."""

    file: str
    data: Any
    positions: dict[PathKey, Position]
    cells: dict[PathKey, Cell] = field(default_factory=dict)
    sha256: str = ""  # of the bytes parsed (reports print it: the reviewer can match the file)

    def position_of(self, path: PathKey) -> Position | None:
        """The position of ``path`` or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found:
                return found
        return None

    def cell_of(self, path: PathKey) -> Cell | None:
        """The workbook cell of ``path`` or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.cells.get(tuple(path[:end]))
            if found:
                return found
        return None

    def location_of(self, path: PathKey) -> dict[str, Any]:
        """Where ``path`` is, as ``Problem`` keyword arguments (line and column, or sheet and cell)."""
        if self.cells:
            sheet, cell = self.cell_of(path) or (None, None)
            return {"sheet": sheet, "cell": cell}
        line, column = self.position_of(path) or (None, None)
        return {"line": line, "column": column}


def read_document(path: Path | str) -> Document:
    """Read and parse ``path``; its size is checked (os.stat) before a byte is read, and no more
    than MAX_BYTES + 1 bytes are ever read (a FIFO or a file growing meanwhile included)."""
    file = str(path)
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise InputError(file, [input_problem(_too_big(size))])
        with open(path, "rb") as stream:
            raw = _read_at_most(stream, size)
    except OSError as exc:
        raise InputError(file, [unreadable(exc)]) from exc
    if len(raw) > MAX_BYTES:
        raise InputError(file, [input_problem(_too_big(None))])
    return parse_document(raw, file)


def _read_at_most(stream: BinaryIO, size: int) -> bytes:
    """The stream's bytes, at most MAX_BYTES + 1: one read of the size os.stat gave, then more
    only if there is more (a FIFO, a file still growing)."""
    chunks = [stream.read(size + 1)]
    total = len(chunks[0])
    while total <= MAX_BYTES and (chunk := stream.read(min(1 << 16, MAX_BYTES + 1 - total))):
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _too_big(size: int | None) -> Words:
    found = (ByLang(f"{size} 字节", f"{size} bytes") if size is not None
             else ByLang(f"超过 {MAX_BYTES} 字节", f"more than {MAX_BYTES} bytes"))
    return words("input.file.too_big", found=found, limit=MAX_BYTES)


def unreadable(exc: OSError) -> Problem:
    """A file the system does not let us read (its reason verbatim, as the system says it)."""
    return input_problem(words("input.file.unreadable", reason=exc.strerror))


def parse_document(raw: bytes, file: str) -> Document:
    if len(raw) > MAX_BYTES:
        raise InputError(file, [input_problem(_too_big(len(raw)))])
    text = _decode(raw, file)
    if not text.strip():
        raise InputError(file, [input_problem(words("input.file.empty"))])
    if "\t" in text and file.endswith(".json"):
        return dataclasses.replace(_parse_json(text, file), sha256=_sha256(raw))
    builder = _Builder(file)
    try:
        data = builder.run(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InputError(file, [input_problem(words("input.file.yaml", reason=exc.problem),
                                             line=line, column=col)]) from exc
    except yaml.YAMLError as exc:
        raise InputError(file, [input_problem(words("input.file.yaml", reason=exc))]) from exc
    return Document(file, data, builder.positions, sha256=_sha256(raw))


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(file, [input_problem(words("input.file.utf16"))])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = words("input.file.gbk_hint") if _looks_like_gbk(raw) else ""
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(file, [input_problem(words("input.file.not_utf8", hint=hint),
                                             line=line)]) from exc


def _looks_like_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


class _Frame:
    """An open mapping or sequence while events stream in."""

    __slots__ = ("container", "path", "key", "seen", "is_map")

    def __init__(self, container: dict[str, Any] | list[Any], path: PathKey):
        self.container = container
        self.is_map = type(container) is dict
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

    def run(self, text: str) -> Any:
        parser = _Loader(text)
        try:
            return self._run(parser.get_event)
        except yaml.YAMLError as exc:
            if _Loader is not yaml.SafeLoader:
                self._recheck(text, exc)
            raise
        finally:
            parser.dispose()

    def _recheck(self, text: str, refusal: yaml.YAMLError) -> None:
        """Our limits come first, whatever libyaml's own are: its scanner reads up to 1024
        characters ahead of the events and, from libyaml 0.2.5, refuses flow nesting deeper
        than 1000 there, so ``[[[[…`` never reaches MAX_DEPTH in ``_run``. Re-read the text up
        to where libyaml stopped with the pure-Python parser (same grammar, no such limit) and
        raise the InputError of any limit met on the way; otherwise libyaml's refusal stands."""
        mark = getattr(refusal, "problem_mark", None)
        end = mark.index if mark is not None else len(text)
        parser = yaml.SafeLoader(text)

        def next_event() -> Any:
            event = parser.get_event()
            return None if event is not None and event.start_mark.index > end else event

        try:
            self._run(next_event)
        except yaml.YAMLError:
            pass  # the pure-Python parser refuses it too: report libyaml's refusal
        finally:
            parser.dispose()
            self.positions.clear()

    def _run(self, next_event: Callable[[], Any]) -> Any:  # noqa: C901 - one hot loop, kept flat
        # The hot loop of every check: one pass over the C parser's events, no helper calls for
        # the common cases (plain keys and scalars; a plain scalar seen before is looked up, not
        # parsed again). A value's path is built only where it is kept: a key's, a list item's,
        # a container's (a scalar's in a mapping is only needed for an error).
        stack: list[_Frame] = []
        positions = self.positions
        plain = _PLAIN
        root: Any = None
        documents = count = 0
        frame: _Frame | None = None
        while (event := next_event()) is not None:
            kind = type(event)
            if kind is _SCALAR:
                count += 1
                if count > MAX_NODES:
                    raise self._error(event, words("input.file.nodes", limit=MAX_NODES))
                mark = event.start_mark
                if frame is not None and frame.is_map and frame.key is None:  # a key
                    key = event.value
                    if key == "<<" and not event.style:
                        raise self._error(event, words("input.file.plain_keys"))
                    path: PathKey = (*frame.path, key)
                    seen = frame.seen
                    if key in seen:
                        raise self._error(event, words("input.file.duplicate_key", key=key,
                                                       line=seen[key]), path)
                    seen[key] = mark.line + 1
                    positions[path] = (mark.line + 1, mark.column + 1)
                    frame.key = key
                    continue
                text = event.value
                value = plain.get(text, _UNSEEN) if not event.style and event.tag is None else _UNSEEN
                if value is _UNSEEN:
                    try:
                        value = _scalar(event)
                    except InvalidOperation:
                        raise self._error(event, _out_of_range(text), self._path_of(frame)) from None
                    if not event.style and event.tag is None and type(value) is not Decimal:
                        if len(plain) >= PLAIN_KEPT:
                            plain.clear()
                        plain[text] = value
                if frame is None:
                    positions.setdefault((), (mark.line + 1, mark.column + 1))
                    root = value
                elif frame.is_map:
                    frame.container[frame.key] = value  # type: ignore[index, call-overload]
                    frame.key = None
                else:
                    positions[(*frame.path, len(frame.container))] = (mark.line + 1, mark.column + 1)
                    frame.container.append(value)  # type: ignore[union-attr]
            elif kind is _MAP_START or kind is _SEQ_START:
                count += 1
                if count > MAX_NODES:
                    raise self._error(event, words("input.file.nodes", limit=MAX_NODES))
                if frame is not None and frame.is_map and frame.key is None:
                    raise self._error(event, words("input.file.plain_keys"))
                mark = event.start_mark
                if frame is None:
                    path = ()
                    positions.setdefault(path, (mark.line + 1, mark.column + 1))
                elif frame.is_map:
                    path = (*frame.path, frame.key)  # type: ignore[arg-type]  # its key holds the position
                else:
                    path = (*frame.path, len(frame.container))
                    positions[path] = (mark.line + 1, mark.column + 1)
                if len(stack) >= MAX_DEPTH:
                    raise self._error(event, words("input.file.depth", limit=MAX_DEPTH))
                container: dict[str, Any] | list[Any] = {} if kind is _MAP_START else []
                if frame is None:
                    root = container
                elif frame.is_map:
                    frame.container[frame.key] = container  # type: ignore[index, call-overload]
                    frame.key = None
                else:
                    frame.container.append(container)  # type: ignore[union-attr]
                frame = _Frame(container, path)
                stack.append(frame)
            elif kind is _MAP_END or kind is _SEQ_END:
                stack.pop()
                frame = stack[-1] if stack else None
            elif kind is yaml.AliasEvent:
                anchor = getattr(event, "anchor", "")
                raise self._error(event, words("input.file.alias", anchor=anchor))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self._error(event, words("input.file.second_document"))
        self.count = count
        return root

    @staticmethod
    def _path_of(frame: _Frame | None) -> PathKey:
        """The path of the value about to be added to ``frame`` (the root's: ``()``)."""
        if frame is None:
            return ()
        if frame.is_map:
            return (*frame.path, frame.key)  # type: ignore[arg-type]
        return (*frame.path, len(frame.container))

    def _error(self, event: yaml.Event, message: Words, path: PathKey = ()) -> InputError:
        line, col = _pos(event)
        field = ".".join(str(p) for p in path) or None
        return InputError(self.file, [input_problem(message, field=field, line=line, column=col)])


_SCALAR, _MAP_START, _SEQ_START = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
# plain scalars already read, by their text (enumeration words, true, small integers recur in
# every file of a batch): the value is immutable, so it is shared; Decimals are not kept (mostly
# one-off measurements)
PLAIN_KEPT = 4096
_PLAIN: dict[str, Any] = {}
_UNSEEN = object()
_MAP_END, _SEQ_END = yaml.MappingEndEvent, yaml.SequenceEndEvent


def _scalar(event: Any) -> Any:
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
        return Decimal(value)  # InvalidOperation for an exponent beyond Decimal's own (1e±10**18)
    return value


def _out_of_range(text: str) -> Words:
    shown = text if len(text) <= 30 else text[:30] + "…"
    return words("input.number.out_of_range", value=shown, high=MAX_INTEGER_DIGITS,
                 low=MAX_FRACTION_DIGITS)


def _pos(event: yaml.Event) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (0, 0)


def _parse_json(text: str, file: str) -> Document:
    """Fallback for JSON that YAML cannot read (tabs): values exact, no key positions."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                shown = _printable(key)
                raise InputError(file, [input_problem(words("input.file.duplicate_key_json", key=shown),
                                                     field=shown)])
            result[key] = value
        return result

    def number(text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            return text
        try:
            return Decimal(text) if any(c in text for c in ".eE") else int(text)
        except InvalidOperation:
            raise InputError(file, [input_problem(_out_of_range(text))]) from None

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_float=number, parse_int=number,
                          parse_constant=lambda name: name)
    except json.JSONDecodeError as exc:
        raise InputError(file, [input_problem(words("input.file.json", reason=exc.msg), line=exc.lineno,
                                             column=exc.colno)]) from exc
    except RecursionError as exc:
        raise InputError(file, [input_problem(words("input.file.depth", limit=MAX_DEPTH))]) from exc
    _check_size(data, file)
    return Document(file, data, {})


def _check_size(data: Any, file: str) -> None:
    """MAX_DEPTH and MAX_NODES for data that did not come through the event builder, and no lone
    surrogate (JSON's "\\ud800" escape is not a character; libyaml refuses it, json does not)."""
    pending: list[tuple[Any, int, PathKey]] = [(data, 0, ())]
    count = 0
    while pending:
        value, depth, path = pending.pop()
        count += 1
        if count > MAX_NODES:
            raise InputError(file, [input_problem(words("input.file.nodes", limit=MAX_NODES))])
        if isinstance(value, dict):
            for key in value:
                _check_text(key, (*path, key), file)
            children: list[tuple[str | int, Any]] = list(value.items())
        elif isinstance(value, list):
            children = list(enumerate(value))
        else:
            _check_text(value, path, file)
            continue
        if children and depth >= MAX_DEPTH:
            raise InputError(file, [input_problem(words("input.file.depth", limit=MAX_DEPTH))])
        pending.extend((child, depth + 1, (*path, key)) for key, child in children)


def _check_text(value: Any, path: PathKey, file: str) -> None:
    if isinstance(value, str) and _SURROGATE.search(value):
        field = ".".join(_printable(str(p)) for p in path) or None
        raise InputError(file, [input_problem(words("input.file.surrogate"), field=field)])


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _printable(text: str) -> str:
    """``text`` with any lone surrogate written as its escape (\\udfff), so it can be printed."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
