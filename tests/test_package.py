"""The wheel carries the rule catalogue and report templates, and nothing git ignores."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_contains_rules_and_templates(tmp_path):
    completed = subprocess.run(
        # the locked hatchling that make setup installed (requirements-build.lock)
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    (wheel,) = tmp_path.glob("greencheck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    rule_files = {Path(n).name for n in names if n.startswith("checker/_data/rules/")}
    assert {p.name for p in (ROOT / "rules").glob("*.yaml")} <= rule_files
    assert any(n.startswith("checker/_data/report_templates/") for n in names)
    assert not any("/.venv/" in n or n.endswith((".pyc", ".tmp")) for n in names)
