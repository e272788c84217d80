"""What a pre-commit run looks at: only greencheck project files (``--only-projects``).
Never prints, never exits.

Deciding whether a file is a project file is cheap on purpose (pre-commit hands over every
YAML/JSON file of a repository): a project file has a top-level ``format: greencheck/...`` key,
found by a pattern over the file's first bytes, never by parsing; a workbook is a project file
when its sheets hold the text ``greencheck/``. A project file of a version greencheck does not
know (``greencheck/v2``) is still checked, and rejected by name.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from checker.check.checker import PROJECT_SUFFIXES, iter_project_files
from checker.input.document import MAX_BYTES
from checker.input.workbook import MAX_PARTS, MAX_UNPACKED_BYTES, is_workbook

# `format: greencheck/…` at the start of a line (block YAML: a top-level key), or after `{` or
# `,` (JSON, flow YAML); the key and the value may be quoted
_BLOCK = re.compile(rb"""^["']?format["']?[ \t]*:[ \t]*["']?greencheck/""", re.M)
_FLOW = re.compile(rb"""[{,][ \t\r\n]*["']?format["']?[ \t\r\n]*:[ \t\r\n]*["']?greencheck/""")
_MARK = b"greencheck/"


def is_project_file(path: str | Path) -> bool:
    """Whether ``path`` is a greencheck project file (YAML, JSON or xlsx), decided cheaply."""
    path = Path(path)
    if path.suffix.lower() not in PROJECT_SUFFIXES:
        return False
    try:
        if is_workbook(path):
            return _workbook_has_mark(path)
        with path.open("rb") as handle:
            head = handle.read(MAX_BYTES + 1)
    except OSError:
        return True  # unreadable: let the check say so
    return _has_format(head.removeprefix(b"\xef\xbb\xbf"))


def _has_format(text: bytes) -> bool:
    return _BLOCK.search(text) is not None or _FLOW.search(text) is not None


def _workbook_has_mark(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                return True  # let the check refuse it by name
            budget = MAX_UNPACKED_BYTES
            for part in parts:
                name = part.filename
                if not (name == "xl/sharedStrings.xml" or name.startswith("xl/worksheets/")):
                    continue
                budget -= part.file_size
                if budget < 0:
                    return True
                if _MARK in archive.read(part):
                    return True
    except OSError:
        return True  # unreadable: let the check say so
    except (zipfile.BadZipFile, RuntimeError, ValueError):
        return False  # not a workbook at all (an encrypted one is not ours either)
    return False


def project_paths(paths: Iterable[str | Path]) -> tuple[str, ...]:
    """The project files among ``paths`` (directories searched as ``check`` searches them)."""
    # what cannot be read stays in, to be reported as that path's error
    return tuple(str(p) if isinstance(p, Path) else p.path for p in iter_project_files(paths)
                 if not isinstance(p, Path) or is_project_file(p))
