"""``greencheck convert``: one project file between YAML, JSON and xlsx, without loss.

The source is validated first (a file ``check`` rejects is not converted); what is written is the
data as the source gives it, not the model's reading of it, so unit strings stay as written
("980万 kWh"), numbers keep their digits (Decimal, never float) and dates stay ISO dates. The
result is read back and validated before anything is written: if it would not give the same
project, nothing is written and the difference is named.

Equivalences (the only ones): an empty cell, a null and an absent key are the same; so are an
empty ``zones``/``exemptions`` list and an absent one.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from checker.authoring.workbook import project_workbook
from checker.errors import InputError, UsageError
from checker.input.document import parse_document
from checker.input.loader import LoadedProject, load_project, validate_document
from checker.input.workbook import parse_workbook

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".xlsx": "xlsx"}
_FLOAT_TAG = "tag:yaml.org,2002:float"


def format_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"cannot tell the format of {path}: name it .yaml, .yml, .json or .xlsx")
    return FORMATS[suffix]


def convert(source: str | Path, target: str | Path) -> bytes:
    """The bytes of ``source`` (a valid project file) in the format of ``target``'s name."""
    loaded = load_project(source)
    fmt = format_of(target)
    out = render(loaded.document.data, fmt)
    _same_project(loaded, out, fmt, str(target))
    return out


def render(data: dict[str, Any], fmt: str) -> bytes:
    if fmt == "xlsx":
        return project_workbook(data)
    return (yaml_text(data) if fmt == "yaml" else json_text(data)).encode("utf-8")


def _same_project(loaded: LoadedProject, out: bytes, fmt: str, file: str) -> None:
    try:
        document = parse_workbook(out, file) if fmt == "xlsx" else parse_document(out, file)
        again = validate_document(document).project.model_dump()
    except InputError as exc:
        raise UsageError(f"converting to {fmt} would not read back ({exc}); nothing written") from exc
    before = loaded.project.model_dump()
    if again != before:
        changed = _first_difference(before, again)
        raise UsageError(f"converting to {fmt} would change {changed or 'the project'}; "
                         "nothing written")


def _first_difference(before: Any, after: Any, path: str = "") -> str | None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in dict.fromkeys([*before, *after]):
            found = _first_difference(before.get(key), after.get(key), f"{path}.{key}".lstrip("."))
            if found:
                return found
        return None
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (one, other) in enumerate(zip(before, after, strict=True)):
            found = _first_difference(one, other, f"{path}.{index}")
            if found:
                return found
        return None
    return None if before == after else (path or "the project")


# -- YAML ---------------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Safe YAML whose plain scalars our reader reads back as written: Decimals stay plain
    numbers, ISO dates plain (the reader keeps them as text, the models parse them), and text
    that a YAML 1.1 reader or ours would take for something else is quoted. Never an alias
    (project files refuse them): a value used twice is written out twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
# our reader's number grammar (document._FLOAT), so that 1E+3 is plain and the text "1e3" quoted
_Dumper.add_implicit_resolver(
    _FLOAT_TAG, re.compile(r"^[-+]?(\.[0-9]+|(0|[1-9][0-9]*)(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"),
    list("-+0123456789."))
_Dumper.add_representer(Decimal, lambda dumper, number: dumper.represent_scalar(_FLOAT_TAG, str(number)))


def yaml_text(data: dict[str, Any]) -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=4096)
    return "# yaml-language-server: $schema=greencheck-project.schema.json\n" + text


# -- JSON ---------------------------------------------------------------------------------------

def json_text(data: Any) -> str:
    """Indented JSON with Decimals written digit for digit (json.dumps would need floats)."""
    return _json(data, "") + "\n"


def _json(value: Any, indent: str) -> str:
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_json(v, inner)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(f"{inner}{_json(v, inner)}" for v in value) + f"\n{indent}]"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise UsageError(f"{value} cannot be written as a JSON number")
        return str(value)
    return json.dumps(value, ensure_ascii=False)

