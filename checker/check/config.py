"""Project configuration: ``[tool.greencheck]`` in pyproject.toml or ``.greencheck.yaml``.

The nearest one is found by walking up from the working directory (in each directory
``.greencheck.yaml`` first, then a pyproject.toml that has a ``[tool.greencheck]`` table). Keys
are validated strictly: an unknown key is an error naming the file, the line and the nearest
valid key. Command-line options override the file, key by key.

    [tool.greencheck]
    format = ["text"]                 # default output format(s)
    lang = "zh"                       # zh | en
    fail_on = "binding"               # binding | advisory
    as_of = 2026-01-01                # evaluate as if on this date
    waivers = "greencheck-waivers.yaml"   # relative to this file
    rules = []                        # rule selection, as --rule / --document / --tag
    documents = []
    tags = []
    exclude_rules = []
    rules_doc_url = "https://github.com/<owner>/<repo>/blob/main/rules/RULES.md"   # SARIF helpUri

    # a figure the sources do not print, supplied by the review office (value, unit, as_of, source)
    [tool.greencheck.parameters.shanghai_gdp_energy_intensity]
    value = "0.25"
    unit = "tce/万元"
    as_of = 2024-12-31
    source = "上海市统计局《2024年上海市国民经济和社会发展统计公报》"
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from checker.catalogue.parameters import SiteValue, load_parameters, unknown_message
from checker.catalogue.selection import Selection
from checker.errors import InputError, Problem
from checker.input.document import Document, read_document
from checker.input.project import Date
from checker.input.schema import Strict
from checker.input.validation import validate_model

CONFIG_YAML = ".greencheck.yaml"
PYPROJECT = "pyproject.toml"


class SiteParameter(Strict):
    """A parameter's value supplied by a review office: exact, in the parameter's own unit,
    dated and cited."""

    value: str | int | Decimal = Field(description="an exact number (\"0.25\"); never a float")
    unit: str = Field(description="the parameter's unit as its file writes it, e.g. tce/万元")
    as_of: Date = Field(description="the date or period end the figure refers to")
    source: str = Field(min_length=4, description="where the figure is published")

    @field_validator("value", mode="before")
    @classmethod
    def _exact(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            raise ValueError("write the value as a quoted decimal (\"0.25\") or an integer; "
                             "a float is not exact")
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            raise ValueError(f"not a number: {value!r}") from None
        if not number.is_finite() or number < 0:
            raise ValueError(f"a parameter value is a finite number of at least 0, got {value!r}")
        return value


class ConfigModel(Strict):
    format: list[str] | None = Field(None, description="default output formats")
    lang: Literal["zh", "en"] | None = None
    fail_on: Literal["binding", "advisory"] | None = None
    as_of: Date | None = None
    waivers: str | None = Field(None, description="waiver file, relative to the config file")
    rules: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    exclude_rules: list[str] = Field(default_factory=list)
    parameters: dict[str, SiteParameter] = Field(
        default_factory=dict, description="figures the review office supplies, by parameter name")
    rules_doc_url: str | None = Field(
        None, pattern=r"^https?://\S+$",
        description="where rules/RULES.md is published: SARIF helpUri is this + #<rule id>")

    @field_validator("format", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


@dataclass(frozen=True)
class Settings:
    formats: tuple[str, ...] = ("text",)
    lang: str = "zh"
    fail_on: str = "binding"
    as_of: dt.date | None = None
    waivers: Path | None = None
    baseline: Path | None = None
    selection: Selection = field(default_factory=Selection)
    config_file: str | None = None
    site_parameters: tuple[SiteValue, ...] = ()
    rules_doc_url: str | None = None


def find_config(start: Path) -> Path | None:
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / CONFIG_YAML
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    text = _read(pyproject, errors="replace")
    return "greencheck" in text and "greencheck" in _toml(pyproject, text).get("tool", {})


def _read(path: Path, errors: str = "strict") -> str:
    """A TOML file's text (TOML is UTF-8), or a located input error."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), [Problem(f"cannot read file: {exc.strerror}")]) from None
    try:
        return raw.decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(str(path), [Problem("file is not UTF-8 (TOML files are UTF-8; save it "
                                             "as UTF-8)", line=line)]) from None


def load_config(path: Path) -> ConfigModel:
    what = "[tool.greencheck]" if path.name == PYPROJECT else "a greencheck configuration"
    return validate_model(_config_document(path), ConfigModel, what)


def _config_document(path: Path) -> Document:
    if path.name == PYPROJECT:
        text = _read(path)
        table = _toml(path, text).get("tool", {}).get("greencheck", {})
        return Document(str(path), table, _toml_positions(text, table))
    return read_document(path)


def _toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise InputError(str(path), [Problem("not valid TOML: nested too deeply")]) from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(found[1]), int(found[2])) if found else (None, None)
        raise InputError(str(path), [Problem(f"not valid TOML: {exc}", line=line,
                                             column=column)]) from None


def _toml_positions(text: str, table: dict[str, Any]) -> dict[tuple[str | int, ...], tuple[int, int]]:
    """Lines of the keys of [tool.greencheck] (tomllib keeps no positions)."""
    positions: dict[tuple[str | int, ...], tuple[int, int]] = {}
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]", line)
        if header:
            name = header[1].replace('"', "").replace(" ", "")
            inside = name == "tool.greencheck"
            if name.startswith("tool.greencheck."):
                key = name.removeprefix("tool.greencheck.").split(".")[0]
                positions.setdefault((key,), (number, 1))
            if name.startswith("tool.greencheck.parameters."):  # a parameter's own table
                positions.setdefault(("parameters", name.removeprefix("tool.greencheck.parameters.")),
                                     (number, 1))
            continue
        key = re.match(r"\s*([A-Za-z0-9_\-]+)\s*=", line)
        if inside and key and key[1] in table:
            positions.setdefault((key[1],), (number, line.index(key[1]) + 1))
    return positions


def resolve(cli: dict[str, Any], config_path: Path | None, cwd: Path) -> Settings:
    """Settings from the config file (given, or the nearest one) overridden by the command line.

    ``cli`` holds only the options given on the command line (see ``explicit_options``).
    """
    path = config_path or find_config(cwd)
    config = load_config(path) if path else ConfigModel()
    base = path.parent if path else cwd
    waivers = cli.get("waivers") or (base / config.waivers if config.waivers else None)
    selection = Selection(
        rules=tuple(cli.get("rules") or config.rules),
        documents=tuple(cli.get("documents") or config.documents),
        tags=tuple(cli.get("tags") or config.tags),
        exclude_rules=tuple(cli.get("exclude_rules") or config.exclude_rules),
    )
    return Settings(
        formats=tuple(cli.get("formats") or config.format or ("text",)),
        lang=cli.get("lang") or config.lang or "zh",
        fail_on=cli.get("fail_on") or config.fail_on or "binding",
        as_of=cli.get("as_of") or config.as_of,
        waivers=Path(waivers) if waivers else None,
        baseline=Path(cli["baseline"]) if cli.get("baseline") else None,
        selection=selection,
        config_file=str(path) if path else None,
        site_parameters=site_values(config, path) if path else (),
        rules_doc_url=config.rules_doc_url,
    )


def site_values(config: ConfigModel, path: Path) -> tuple[SiteValue, ...]:
    """The configuration's parameters, each checked against the parameter tree: a known name
    and the parameter's own unit, or an error at the key's line."""
    tree = load_parameters()
    document = _config_document(path)
    problems, values = [], []
    for name, given in config.parameters.items():
        line, column = (document.position_of(("parameters", name))
                         or document.position_of(("parameters",)) or (None, None))
        key = f"parameters.{name}"
        if name not in tree.series:
            problems.append(Problem(unknown_message(name, tree.names(), "rules/parameters"),
                                    field=key, line=line, column=column))
            continue
        unit = tree.series[name].spec.unit
        if given.unit != unit:
            problems.append(Problem(f"unit {given.unit!r} is not the unit of parameter {name}; "
                                    f"write the value in {unit}", field=key, line=line,
                                    column=column))
            continue
        values.append(SiteValue(name, Decimal(str(given.value)), unit, given.as_of, given.source,
                                str(path)))
    if problems:
        raise InputError(str(path), problems)
    return tuple(values)
