"""The PDF report: the HTML review form printed on A4 by headless Chromium.

Chromium, not WeasyPrint: the PDF is then the very layout a reviewer's browser prints from
the HTML report (one stylesheet, one engine to check), no Python dependency is added to the
lock, and Chromium (131 and later) renders the CSS paged media the form needs: ``@page``
margin boxes with ``counter(page)``/``counter(pages)`` (第X页 共Y页) and named pages (a running
header per project). It is the browser ``make browser`` installs for the HTML report's test.

Chromium runs as a child process on a private copy of the page in a temporary directory, with
a fresh profile, no network features and no scripts (the page has none, and its Content
Security Policy allows none); ``GREENCHECK_CHROMIUM`` names the binary if it is not on PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from checker.errors import GreencheckError, UsageError
from checker.report import RenderContext
from checker.report.html import render as render_html
from checker.report.model import ProjectReport

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
OLDEST = 131  # the first Chromium that prints @page margin boxes (page numbers, headers)
TIMEOUT = 240  # seconds; a generous bound, so that a wedged browser cannot hang a run
FLAGS = ("--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio",
         "--no-pdf-header-footer", "--print-to-pdf-no-header")
INSTALL = "apt-get install chromium fonts-noto-cjk (as root: make browser)"


class PdfError(GreencheckError):
    """The PDF cannot be made: no suitable Chromium, or Chromium failed."""


def render(reports: list[ProjectReport], context: RenderContext) -> bytes:
    """The PDF of the HTML report (as printed: the folded lists unfolded)."""
    browser = chromium()
    page = render_html(reports, context, for_print=True)
    with tempfile.TemporaryDirectory(prefix="greencheck-pdf-") as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_text(page, encoding="utf-8")
        command = [browser, *FLAGS, *_sandbox(), f"--user-data-dir={Path(folder) / 'profile'}",
                   f"--print-to-pdf={target}", source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                                  check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium did not print the PDF within {TIMEOUT} s") from None
        except OSError as exc:
            raise PdfError(f"cannot run {browser}: {exc.strerror or exc}") from None
        if done.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            tail = "\n".join(done.stderr.strip().splitlines()[-5:])
            raise PdfError(f"Chromium could not print the PDF (exit {done.returncode}): {tail}")
        return target.read_bytes()


@lru_cache(maxsize=1)
def chromium() -> str:
    """The Chromium binary to print with; a clear error if there is none, or it is too old to
    print page numbers, or no CJK font is installed (Chinese would print as empty boxes)."""
    given = os.environ.get("GREENCHECK_CHROMIUM")
    found = given or next((path for name in NAMES if (path := shutil.which(name))), None)
    if not found:
        raise PdfError(f"the pdf format needs Chromium, which is not installed: {INSTALL}; "
                       "or set GREENCHECK_CHROMIUM to its path")
    version = _major_version(found)
    if version is not None and version < OLDEST:
        raise PdfError(f"{found} is Chromium {version}; the pdf format needs {OLDEST} or later "
                       "(earlier ones print no page numbers)")
    if not _has_cjk_font():
        raise PdfError(f"no Chinese font is installed, so the PDF would show empty boxes: {INSTALL}")
    return found


def _major_version(binary: str) -> int | None:
    try:
        done = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30,
                              check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PdfError(f"cannot run {binary}: {exc}") from None
    match = re.search(r"\b(\d+)\.\d+\.\d+", done.stdout)
    return int(match.group(1)) if match else None


def _has_cjk_font() -> bool:
    """Whether fontconfig knows a font for Chinese (True where there is no fontconfig to ask)."""
    listing = shutil.which("fc-list")
    if listing is None:
        return True
    try:
        done = subprocess.run([listing, ":lang=zh", "family"], capture_output=True, text=True,
                              timeout=30, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return True
    return bool(done.stdout.strip()) or done.returncode != 0


def _sandbox() -> tuple[str, ...]:
    """Chromium refuses to run as root with its sandbox (containers, CI)."""
    return ("--no-sandbox",) if hasattr(os, "geteuid") and os.geteuid() == 0 else ()


class Reporter:
    """Keeps every project and writes the PDF's bytes at the end, to the binary buffer under
    the text stream it is given (a report file, or standard output when it is no terminal)."""

    def __init__(self, context: RenderContext, out: TextIO):
        self.context, self.out = context, out
        self._reports: list[ProjectReport] = []

    def begin(self) -> None:
        if self.out.isatty():
            raise UsageError("a PDF is not for a terminal: give --output FILE or --output-dir DIR")
        if getattr(self.out, "buffer", None) is None:
            raise UsageError("the pdf format writes bytes, and this stream takes only text")
        chromium()  # fail now, before the batch is rendered, if the PDF cannot be made

    def project(self, report: ProjectReport, text: bytes | None = None) -> None:
        self._reports.append(report)

    def end(self) -> None:
        data = render(self._reports, self.context)
        self.out.flush()
        self.out.buffer.write(data)
        self.out.buffer.flush()
