"""The wheel carries the rule catalogue and report templates, and nothing git ignores; the
distribution's name is ours (not PyPI's unrelated `greencheck`), and README names the current
release tag."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from checker import __version__
from tests.conftest import ROOT

DISTRIBUTION = "greencheck-shanghai"  # `greencheck` on PyPI is someone else's project
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_wheel_contains_rules_and_templates(tmp_path):
    completed = subprocess.run(
        # the locked hatchling that make setup installed (requirements-build.lock)
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    (wheel,) = tmp_path.glob(f"{DISTRIBUTION.replace('-', '_')}-{__version__}-*.whl")
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    metadata = archive.read(f"{DISTRIBUTION.replace('-', '_')}-{__version__}.dist-info/METADATA")
    assert f"Name: {DISTRIBUTION}\n".encode() in metadata
    entry_points = archive.read(f"{DISTRIBUTION.replace('-', '_')}-{__version__}.dist-info/entry_points.txt")
    assert b"greencheck = checker.cli:main" in entry_points  # the command keeps its name
    rule_files = {Path(n).name for n in names if n.startswith("checker/_data/rules/")}
    assert {p.name for p in (ROOT / "rules").glob("*.yaml")} <= rule_files
    assert any(n.startswith("checker/_data/report_templates/") for n in names)
    assert not any("/.venv/" in n or n.endswith((".pyc", ".tmp")) for n in names)


def test_the_distribution_is_ours_and_readme_never_installs_the_unrelated_one():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION
    assert project["scripts"] == {"greencheck": "checker.cli:main"}
    bare = re.compile(r"pip install\s+[\"']?greencheck(?![-_\w])")
    for text in (README, (ROOT / "action.yml").read_text(encoding="utf-8")):
        assert not bare.search(text)
    assert f"Name: {DISTRIBUTION}" in README or f"**`{DISTRIBUTION}`**" in README


def test_readme_examples_name_the_current_release_tag():
    tag = f"v{__version__}"
    pre_commit = re.findall(r"^\s*rev:\s*(\S+)", README, re.M)
    action = re.findall(r"uses:\s*\S*/greencheck@(\S+)", README)
    git_urls = re.findall(r"git\+\S+?\.git@([^\s\"']+)", README)
    wheels = re.findall(r"greencheck_shanghai-([\w.]+?)-py3", README)
    assert pre_commit and action and git_urls and wheels
    assert set(pre_commit) | set(action) | set(git_urls) == {tag}
    assert set(wheels) == {__version__}
    assert f"the tag `{tag}`" in README
    every_tag = set(re.findall(r"\bv\d+\.\d+\.\d+\b", README))
    assert every_tag == {tag}, every_tag
