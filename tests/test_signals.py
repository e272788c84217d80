"""SIGINT and SIGTERM during a parallel run: workers end with the run (no orphan holds its
standard output), temporary files are removed, and every previous report is left as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

SLOW = textwrap.dedent("""\
    import dataclasses, sys, time
    from checker.metrics import registry
    import checker.metrics.buildings, checker.metrics.data_centres  # registered

    def slowed(compute):
        def slow(project, params):
            time.sleep(0.1)
            return compute(project, params)
        return slow

    for name, info in list(registry.METRICS.items()):
        registry.METRICS[name] = dataclasses.replace(info, fn=slowed(info.fn))
    from checker.cli import main
    raise SystemExit(main(sys.argv[1:]))
""")
WAIT = 60  # seconds: every wait is bounded
PROMPT = 20  # seconds the run may take to stop (a worker's chunk takes longer to finish)


@pytest.fixture()
def slow_run(tmp_path: Path) -> tuple[Path, Path]:
    batch = tmp_path / "batch"
    batch.mkdir()
    samples = sorted(SAMPLES.glob("*.yaml"))
    for copy in range(30):
        for sample in samples:
            text = sample.read_text(encoding="utf-8")
            lines = [f"{line}-{copy}" if line.startswith("id:") else line
                     for line in text.splitlines()]
            (batch / f"{sample.stem}_{copy}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    script = tmp_path / "slow.py"
    script.write_text(SLOW, encoding="utf-8")
    return batch, script


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(text.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize(("signum", "to_group"), [
    (signal.SIGTERM, False), (signal.SIGINT, False),
    (signal.SIGTERM, True),  # as a CI runner cancels a job: the workers get it too
    (signal.SIGINT, True),   # as Ctrl-C in a terminal: the whole foreground group
], ids=["SIGTERM", "SIGINT", "SIGTERM-group", "SIGINT-group"])
@pytest.mark.parametrize("outputs", ["one-streamed-file", "output-dir"])
def test_a_signal_stops_a_parallel_run_and_leaves_previous_reports(slow_run, tmp_path, signum,
                                                                    to_group, outputs):
    batch, script = slow_run
    out = tmp_path / "out"
    out.mkdir()
    previous = {"report.json": "previous json\n", "report.html": "previous html\n"}
    for name, text in previous.items():
        (out / name).write_text(text, encoding="utf-8")
    if outputs == "one-streamed-file":
        where = ["-f", "json", "-o", str(out / "report.json")]
    else:
        where = ["-f", "json", "-f", "html", "--output-dir", str(out)]
    process = subprocess.Popen(
        [sys.executable, str(script), "check", str(batch), "--jobs", "2", *where],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + WAIT
        while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        workers = _children(process.pid)
        assert len(workers) >= 2, "the workers never started"
        time.sleep(0.5)  # the workers are busy with their chunks
        assert process.poll() is None, "the run ended before the signal"
        if outputs == "one-streamed-file":  # the report is being written to a temporary file
            assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
        if to_group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        signalled = time.monotonic()
        # bounded: returns only when every holder of the pipes (workers too) has gone
        stdout, stderr = process.communicate(timeout=WAIT)
        stopped_in = time.monotonic() - signalled
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=WAIT)
    assert process.returncode == 128 + signum, stderr
    assert stopped_in < PROMPT, "the workers were not stopped: they finished their chunks"
    assert "Traceback" not in stderr.decode()
    assert b"interrupted by " + signal.Signals(signum).name.encode() in stderr
    assert not [pid for pid in workers if _alive(pid)], "a worker outlived the run"
    assert sorted(p.name for p in out.iterdir()) == sorted(previous)  # no temporary file left
    for name, text in previous.items():
        assert (out / name).read_text(encoding="utf-8") == text
