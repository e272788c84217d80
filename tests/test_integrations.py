"""The pre-commit hook and the GitHub Action are well-formed and call the real command."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT


def test_pre_commit_hook():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "greencheck"
    assert hook["entry"] == "greencheck check --only-projects"
    files = re.compile(hook["files"])
    assert all(files.search(name) for name in ("a.yaml", "b.YML", "c.json", "d.xlsx"))
    assert not files.search("README.md")
    exclude = re.compile(hook["exclude"])
    assert exclude.search("greencheck-waivers.yaml") and exclude.search("sub/.greencheck.yaml")
    assert not exclude.search("projects/a.yaml")


def test_action_is_composite_and_uploads_sarif():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    script = next(step["run"] for step in steps if step.get("id") == "check")
    assert script.count("greencheck check") == 1  # one run, every format
    for fmt in ("--format text", '"sarif=', '"markdown=', '"github='):
        assert fmt in script
    assert "GITHUB_STEP_SUMMARY" in script
    assert action["inputs"]["upload-sarif"]["default"] == "false"
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action"))
    assert upload["continue-on-error"] is True
    assert "exit" in steps[-1]["run"] and "steps.check.outputs.exit-code" in str(steps[-1])
    install = next(step["run"] for step in steps if step.get("name") == "Install greencheck")
    assert "GC_ACTION_PATH" in install and "pip install greencheck" not in install
    assert any(str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif")
               for step in steps)
    assert {"paths", "waivers", "baseline", "sarif-file"} <= set(action["inputs"])
