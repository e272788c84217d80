"""The PDF report (--format pdf): headless Chromium prints the review form on A4; its pages
render (pdftoppm) and are not blank, and its text (pdftotext) has the Chinese project name,
the page numbers and the sign-off words.

Skipped only when Chromium (with a CJK font) or poppler-utils is missing and cannot be
installed (not root); under CI=true they must be there (`make browser`, a prerequisite of
`make test`, installs them as root).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.errors import UsageError
from checker.report import pdf
from tests.conftest import ROOT
from tests.reports_support import PROJECTS, at_root, context, fixture_reports

RUN_LIMIT = 180  # seconds: a safety limit against a wedged tool, not a timing assertion


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} under CI; `make browser` installs it (as root)")
    pytest.skip(f"{reason} (run `make browser` as root)")


@pytest.fixture(scope="module")
def printer() -> str:
    pdf.chromium.cache_clear()
    try:
        return pdf.chromium()
    except pdf.PdfError as exc:
        _unavailable(f"the PDF cannot be made here: {exc}")
        raise


@pytest.fixture(scope="module")
def poppler() -> None:
    for tool in ("pdftoppm", "pdftotext"):
        if shutil.which(tool) is None:
            _unavailable(f"{tool} (poppler-utils) is not installed")


@pytest.fixture(scope="module")
def printed(printer, poppler) -> bytes:
    with at_root():
        return pdf.render(fixture_reports(), context())


def _text(data: bytes, tmp_path: Path) -> str:
    source = tmp_path / "report.pdf"
    source.write_bytes(data)
    done = subprocess.run(["pdftotext", "-layout", str(source), "-"], capture_output=True,
                          text=True, timeout=RUN_LIMIT, check=True)
    return done.stdout


def _inked(pgm: bytes) -> float:
    """The share of dark pixels on a binary PGM page (P5, 8 bits)."""
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    assert match, pgm[:20]
    pixels = pgm[match.end():]
    return sum(1 for value in pixels if value < 160) / len(pixels)


def test_the_pdf_is_a4_and_every_page_renders_with_ink(printed, tmp_path):
    assert printed.startswith(b"%PDF-")
    source = tmp_path / "report.pdf"
    source.write_bytes(printed)
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(source), str(tmp_path / "page")],
                   check=True, timeout=RUN_LIMIT, capture_output=True)
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert len(pages) >= 6  # the summary, then at least a page per project
    for page in pages:
        inked = _inked(page.read_bytes())
        assert 0.003 < inked < 0.5, (page.name, inked)
    png = tmp_path / "first"
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(source), str(png)], check=True, timeout=RUN_LIMIT, capture_output=True)
    assert (tmp_path / "first.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    info = subprocess.run(["pdfinfo", str(source)], capture_output=True, text=True,
                          timeout=RUN_LIMIT, check=False).stdout
    if info:
        assert re.search(r"Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info), info


def test_the_pdf_text_has_the_project_the_page_numbers_and_the_sign_off(printed, tmp_path):
    text = _text(printed, tmp_path)
    pages = text.split("\f")
    total = len([page for page in pages if page.strip()])
    assert re.search(rf"第\s*1\s*页\s*共\s*{total}\s*页", pages[0])
    assert re.search(rf"第\s*{total}\s*页\s*共\s*{total}\s*页", pages[total - 1])
    for words in ("临港新片区某新建数据中心", "闵行某医院新建门诊楼 & <综合楼>", "项目合规审查表",
                  "审查签署", "审查结论", "审查意见", "审查人（签字）", "请补充以下数据",
                  "实际值比限值高 0.05"):
        assert words in text, words
    # the running header names the project on each of its pages
    dc_pages = [page for page in pages if "临港新片区某新建数据中心" in page and "DC-2023-0007 ·" in page]
    assert dc_pages and all(page.lstrip().startswith("项目 DC-2023-0007") for page in dc_pages)
    # printed, the not-applicable list is unfolded
    assert "条款适用于建设性质为新建的项目" in text


def test_check_writes_a_pdf_file_and_to_a_pipe(printer, poppler, tmp_path):
    project = str(ROOT / PROJECTS / "school.yaml")
    target = tmp_path / "out" / "review.pdf"
    result = CliRunner().invoke(main, ["check", project, "--format", "pdf", "-o", str(target)])
    assert result.exit_code in (0, 1), result.output
    text = _text(target.read_bytes(), tmp_path)
    assert "青浦新城某中学新建工程" in text and re.search(r"第\s*1\s*页", text)
    piped = subprocess.run([str(Path(sys.executable).parent / "greencheck"), "check", project,
                            "-f", "pdf"], capture_output=True, timeout=RUN_LIMIT, check=False)
    assert piped.returncode in (0, 1) and piped.stdout.startswith(b"%PDF-"), piped.stderr[-500:]


def test_a_pdf_is_not_written_to_a_terminal_or_a_text_only_stream():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    with pytest.raises(UsageError, match="not for a terminal"):
        pdf.Reporter(context(), Terminal()).begin()
    with pytest.raises(UsageError, match="writes bytes"):
        pdf.Reporter(context(), io.StringIO()).begin()


def test_without_chromium_the_error_says_what_to_install(monkeypatch):
    pdf.chromium.cache_clear()
    monkeypatch.setenv("GREENCHECK_CHROMIUM", "")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    try:
        with pytest.raises(pdf.PdfError, match="needs Chromium.*apt-get install chromium fonts-noto-cjk"):
            pdf.chromium()
    finally:
        pdf.chromium.cache_clear()
