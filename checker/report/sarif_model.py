"""The slice of SARIF 2.1.0 greencheck writes, as small frozen dataclasses.

Field names are snake_case here and camelCase in the log; ``None`` and empty values are left out
(except where a field's metadata says ``keep``: ``results`` is there even on a clean run).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def to_json(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        out: dict[str, Any] = {}
        for item in fields(value):
            data = to_json(getattr(value, item.name))
            if data is None or ((data == [] or data == {}) and not item.metadata.get("keep")):
                continue
            out[item.metadata.get("json", _camel(item.name))] = data
        return out
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    return value


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@dataclass(frozen=True)
class Message:
    text: str


@dataclass(frozen=True)
class MultiformatMessage:
    text: str
    markdown: str | None = None


@dataclass(frozen=True)
class ArtifactLocation:
    uri: str | None = None
    uri_base_id: str | None = None  # relative ``uri`` values are relative to this base
    description: Message | None = None


@dataclass(frozen=True)
class Region:
    start_line: int
    start_column: int | None = None


@dataclass(frozen=True)
class PhysicalLocation:
    artifact_location: ArtifactLocation
    region: Region | None = None


@dataclass(frozen=True)
class Location:
    physical_location: PhysicalLocation


@dataclass(frozen=True)
class Suppression:
    kind: str  # inSource | external
    justification: str


@dataclass(frozen=True)
class Result:
    rule_id: str
    rule_index: int
    level: str  # error | warning | note
    message: Message
    locations: list[Location]
    partial_fingerprints: dict[str, str]
    suppressions: list[Suppression] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportingConfiguration:
    level: str


@dataclass(frozen=True)
class ReportingDescriptor:
    id: str
    short_description: MultiformatMessage
    full_description: MultiformatMessage
    help: MultiformatMessage
    default_configuration: ReportingConfiguration
    help_uri: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ToolComponent:
    name: str
    version: str
    semantic_version: str | None
    rules: list[ReportingDescriptor]


@dataclass(frozen=True)
class Tool:
    driver: ToolComponent


@dataclass(frozen=True)
class Notification:
    level: str
    message: Message
    locations: list[Location] = field(default_factory=list)


@dataclass(frozen=True)
class Invocation:
    execution_successful: bool
    tool_execution_notifications: list[Notification] = field(default_factory=list)


@dataclass(frozen=True)
class Artifact:
    location: ArtifactLocation


@dataclass(frozen=True)
class Run:
    tool: Tool
    results: list[Result] = field(metadata={"keep": True})
    invocations: list[Invocation] = field(default_factory=list)
    artifacts: list[Artifact] = field(default_factory=list)
    original_uri_base_ids: dict[str, ArtifactLocation] = field(default_factory=dict)
    column_kind: str = "unicodeCodePoints"


@dataclass(frozen=True)
class Log:
    schema: str = field(default=SCHEMA, metadata={"json": "$schema"})
    version: str = "2.1.0"
    runs: list[Run] = field(default_factory=list)
