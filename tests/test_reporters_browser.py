"""The HTML report in a real browser: Debian's chromium renders it headless without errors.

Skipped only when chromium is not installed and cannot be (not root); under CI=true it must be
there (`make browser`, a prerequisite of `make test`, installs it as root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.reports_support import fixture_reports, render

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0", "--window-size=1200,1800"]
CONSOLE_PROBLEMS = ("Uncaught", "CONSOLE", "Refused to", "net::ERR_")


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("chromium is missing under CI; `make browser` installs it (as root)")
    pytest.skip("chromium is not installed (run `make browser` as root)")


def _run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [browser, *FLAGS, f"--user-data-dir={profile}", *args]
    # a generous safety limit so a wedged browser cannot hang the suite; not a timing assertion
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def test_chromium_renders_the_html_report(tmp_path):
    browser = _chromium()
    page = tmp_path / "report.html"
    page.write_text(render("html", fixture_reports()), encoding="utf-8")
    shot = tmp_path / "report.png"
    shown = _run(browser, tmp_path / "profile-shot", f"--screenshot={shot}", page.as_uri())
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a blank page is a few kB
    dumped = _run(browser, tmp_path / "profile-dom", "--dump-dom", page.as_uri())
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = dumped.stdout
    for text in ("绿色低碳政策合规检查报告", "约束性条款不通过", "提升项目能效准入门槛", "<svg"):
        assert text in dom, text
    for log in (shown.stderr, dumped.stderr):
        problems = [line for line in log.splitlines() if any(p in line for p in CONSOLE_PROBLEMS)]
        assert not problems, problems
