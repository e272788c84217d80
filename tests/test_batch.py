"""Batches: streamed output equals the reporters' render, --jobs keeps order, Ctrl-C leaves nothing."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import cli
from checker.catalogue.load import load_catalogue
from checker.check.checker import Checker, CheckOptions, iter_project_files
from checker.check.parallel import iter_reports
from checker.report import RenderContext, get_renderer, project_text
from checker.report.model import Rendered
from checker.report.sink import deliver
from tests.conftest import SAMPLES


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    """Samples, an invalid file, and a duplicate id, in nested folders."""
    for index, sample in enumerate(sorted(SAMPLES.glob("*.yaml"))):
        folder = tmp_path / f"d{index % 3}"
        folder.mkdir(exist_ok=True)
        shutil.copy(sample, folder / sample.name)
    (tmp_path / "d0" / "broken.yaml").write_bytes(b"format: greencheck/v1\nid: [1]\n")
    shutil.copy(SAMPLES / "cp_building_school_pass.yaml", tmp_path / "d2" / "zz_same_id.yaml")
    return tmp_path


@pytest.mark.parametrize("fmt", ["json"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_streamed_output_is_exactly_the_rendered_output(batch, fmt, lang):
    reports = list(Checker(load_catalogue(), CheckOptions()).check_paths([batch]))
    context = RenderContext("0.0", "engine", lang)
    out = io.StringIO()
    verdicts = deliver(iter(reports), context, [(fmt, None)], out)
    assert out.getvalue() == get_renderer(fmt)(reports, context)
    assert verdicts == [r.verdict for r in reports]


@pytest.mark.parametrize("fmt", ["json"])
def test_streamed_output_of_an_empty_batch(fmt):
    context = RenderContext("0.0", "engine")
    out = io.StringIO()
    deliver(iter([]), context, [(fmt, None)], out)
    assert out.getvalue() == get_renderer(fmt)([], context)


def test_streaming_writes_before_the_batch_ends(batch):
    out = io.StringIO()
    lengths = []

    def watched():
        for report in Checker(load_catalogue(), CheckOptions()).check_paths([batch]):
            lengths.append(len(out.getvalue()))
            yield report

    deliver(watched(), RenderContext("0.0", "engine"), [("json", None)], out)
    assert lengths[-1] > lengths[1] > 0  # each project was written before the next was checked


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from checker.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_jobs_give_the_same_output_in_the_same_order(batch, fmt):
    single = run("check", str(batch), "--format", fmt, "--as-of", "2026-01-01")
    double = run("check", str(batch), "--format", fmt, "--as-of", "2026-01-01", "--jobs", "2")
    assert single.returncode == double.returncode == 2  # the broken file and the duplicate id
    assert single.stdout == double.stdout
    # a zh report (the default) says it in Chinese; JSON keeps the English beside it (message_en)
    said = "also used by" if fmt == "json" else "已被"
    assert said in single.stdout and "broken.yaml" in single.stdout


def test_iter_reports_with_workers_matches_one_process(batch, monkeypatch):
    monkeypatch.setattr("checker.check.parallel.CHUNK", 2)  # several chunks in flight
    catalogue, options = load_catalogue(), CheckOptions(engine="oracle")
    one = list(iter_reports(catalogue, options, [batch], jobs=1))
    three = list(iter_reports(catalogue, options, [batch], jobs=3))
    assert one == three


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workers_send_each_project_rendered_as_the_stream_would(batch, monkeypatch, lang):
    monkeypatch.setattr("checker.check.parallel.CHUNK", 2)
    catalogue, options = load_catalogue(), CheckOptions(engine="oracle")
    context = RenderContext("0.0", "engine", lang)
    one, two = io.StringIO(), io.StringIO()
    deliver(iter_reports(catalogue, options, [batch], jobs=1), context, [("json", None)], one)
    items = list(iter_reports(catalogue, options, [batch], jobs=2,
                              render=project_text("json", context)))
    assert all(item.report.results == () for item in items if isinstance(item, Rendered))
    # the duplicate id, made an error by the parent
    assert sum(not isinstance(item, Rendered) for item in items) == 1
    deliver(iter(items), context, [("json", None)], two)
    assert one.getvalue() == two.getvalue()


def test_auto_jobs_use_workers_only_for_large_batches(batch, monkeypatch):
    pools = []
    monkeypatch.setattr("checker.check.parallel._pooled", lambda *args: pools.append(args) or iter(()))
    catalogue, options = load_catalogue(), CheckOptions(engine="oracle")
    files = sum(1 for _ in iter_project_files([batch]))
    monkeypatch.setattr("checker.check.parallel.AUTO_MIN_FILES", files + 1)
    assert len(list(iter_reports(catalogue, options, [batch], jobs=None))) == files
    assert not pools
    monkeypatch.setattr("checker.check.parallel.AUTO_MIN_FILES", files)
    monkeypatch.setattr("checker.check.parallel.CHUNK", 2)
    monkeypatch.setattr("os.cpu_count", lambda: 64)
    list(iter_reports(catalogue, options, [batch], jobs=None))
    assert [args[3] for args in pools] == [-(-files // 2)]  # workers: one per chunk at most


def test_ctrl_c_leaves_no_partial_output_file(batch, tmp_path, monkeypatch):
    # outside the batch: a report inside a checked folder is an input of the run (refused)
    target = tmp_path.parent / f"{tmp_path.name}-out" / "report.json"
    target.parent.mkdir()
    target.write_text("previous report\n", encoding="utf-8")

    def interrupted(*args, **kwargs):
        yield from list(Checker(load_catalogue(), CheckOptions()).check_paths([batch]))[:3]
        raise KeyboardInterrupt

    monkeypatch.setattr("checker.check.batch.iter_reports", interrupted)
    result = CliRunner().invoke(cli.main, ["check", str(batch), "-f", "json", "-o", str(target)])
    assert result.exit_code == 130
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]  # no temporary left


def test_output_file_is_written_whole(batch, tmp_path):
    target = tmp_path.parent / f"{tmp_path.name}-report.json"
    result = run("check", str(batch), "-f", "json", "-o", str(target), "--jobs", "2")
    assert result.returncode == 2
    files = sorted(p for p in batch.rglob("*") if p.suffix in {".yaml", ".yml", ".json"})
    projects = json.loads(target.read_text(encoding="utf-8"))["projects"]
    assert [Path(p["file"]).name for p in projects] == [f.name for f in files]


@pytest.mark.parametrize("section", [
    "data_centre: {construction: new, pue: 1.2}",
    # a unit string already in the field's unit needs no conversion, so no pint either
    "building: {construction: new, use: office, roof_area_m2: '1.2万 m²', pv_area_m2: 6000 平方米}",
])
def test_check_path_imports_stay_light(tmp_path, section):
    """Plain numbers never load pint; jinja2 and rich are never on the check path."""
    project = tmp_path / "plain.yaml"
    project.write_text(
        "format: greencheck/v1\nid: A\nname: n\nkind: data_centre\napproval_date: 2023-01-01\n"
        f"{section}\n".replace("kind: data_centre", f"kind: {section.split(':')[0]}"),
        encoding="utf-8")
    script = ("import sys\nfrom checker.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
              "print(sorted(m for m in ('pint', 'jinja2', 'rich', 'durable_rules_engine')"
              " if m in sys.modules), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", script, "check", str(project)],
                            capture_output=True, text=True, timeout=60)
    assert result.stderr.strip().splitlines()[-1] == "['durable_rules_engine']"


def test_help_states_the_auto_jobs_threshold():
    from checker.check.parallel import AUTO_MIN_FILES

    result = CliRunner().invoke(cli.main, ["check", "--help"])
    assert f"batches of {AUTO_MIN_FILES} files or more" in " ".join(result.output.split())
