"""Shared helpers for the CI-workflow tests: a temporary project tree and the CLI runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from checker.cli import main

FAILING_DC = """\
format: greencheck/v1
id: JD-DC-2023-0031
name: 某数据中心
kind: data_centre
approval_date: 2023-02-20
data_centre: {construction: new, pue: 1.35, public_institution: false}
"""
PASSING_DC = FAILING_DC.replace("JD-DC-2023-0031", "LG-DC-1").replace("1.35", "1.25")
AS_OF = "2026-01-01"


def tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = run("check", *args, "--format", "json", "--engine", "oracle")
    return result.exit_code, json.loads(result.output)


def outcome(report: dict[str, Any], rule: str, project: int = 0) -> str:
    results = report["projects"][project]["results"]
    return str(next(r["outcome"] for r in results if r["rule"] == rule))
