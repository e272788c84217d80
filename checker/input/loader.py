"""Load a project file into a validated ``Project``, or raise located input errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checker.input.document import Document, PathKey, read_document
from checker.input.project import Project
from checker.input.validation import keys_at, validate_model
from checker.input.workbook import is_workbook, read_workbook


@dataclass(frozen=True)
class LoadedProject:
    document: Document
    project: Project
    _lines: dict[str, int | None] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, dotted: str) -> int | None:
        if dotted not in self._lines:
            position = self.document.position_of(tuple(dotted.split(".")))
            self._lines[dotted] = position[0] if position else None
        return self._lines[dotted]


def load_project(path: Path | str) -> LoadedProject:
    """A YAML, JSON or xlsx project file, validated the same way whatever its form."""
    return validate_document(read_workbook(path) if is_workbook(path) else read_document(path))


def validate_document(document: Document) -> LoadedProject:
    project = validate_model(document, Project, "a project file (format, id, name, kind, ...)")
    return LoadedProject(document, project)


def valid_keys(loc: PathKey) -> list[str]:
    """The keys a project file may hold at ``loc``."""
    return keys_at(Project, loc)
