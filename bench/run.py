"""``python -m bench.run``: corpus, end-to-end throughput, parse floor, oracle, RSS, start-up.

Every measurement runs in a fresh subprocess, timed from outside (interpreter start included),
with peak RSS from ``wait4``. Results go to bench/results.json and a Markdown table on stdout.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.corpus import write_corpus

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
COUNT = int(os.environ.get("BENCH_FILES", "10000"))
CLI = [sys.executable, "-c", "from checker.cli import main; main()"]
FLOOR = """
import sys, yaml
from pathlib import Path
files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.suffix in (".yaml", ".json"))
for path in files:
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""
TARGETS = {"ratio_to_floor": 3.0, "files_per_s": 1000, "peak_rss_mb": 300, "startup_s": 0.5}


def timed(command: list[str]) -> dict[str, float]:
    """Wall seconds, exit code and peak RSS (MB) of one subprocess.

    Peak RSS is the larger of the process's own peak (``wait4``) and the peak of its whole tree
    (it and its worker processes together) sampled every 20 ms from /proc.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree_peak = [0]
    sampler = threading.Thread(target=_sample_tree, args=(process.pid, tree_peak), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{command} exited {process.returncode}: {error}")
    peak_kb = max(usage.ru_maxrss, tree_peak[0])
    return {"wall_s": round(wall, 3), "peak_rss_mb": round(peak_kb / 1024, 1)}


def _sample_tree(pid: int, peak: list[int]) -> None:
    while True:
        pids = [pid, *_children(pid)]
        sizes = [_rss_kb(p) for p in pids]
        if sizes[0] is None:  # the process has exited
            return
        peak[0] = max(peak[0], sum(size or 0 for size in sizes))
        time.sleep(0.02)


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _rss_kb(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None  # a zombie has no VmRSS: it has exited


def best_of(runs: int, command: list[str]) -> dict[str, float]:
    results = [timed(command) for _ in range(runs)]
    return min(results, key=lambda r: r["wall_s"])


def main() -> None:
    print(f"corpus: {COUNT} files under {CORPUS} ...", file=sys.stderr)
    files = write_corpus(CORPUS, COUNT)
    with tempfile.TemporaryDirectory() as scratch:
        out = str(Path(scratch) / "report.json")
        check = [*CLI, "check", str(CORPUS), "--format", "json", "--output", out]
        results: dict[str, Any] = {
            "files": len(files),
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
            "parse_floor": best_of(3, [sys.executable, "-c", FLOOR, str(CORPUS)]),
            "end_to_end": best_of(3, check),
            "end_to_end_one_process": best_of(3, [*check, "--jobs", "1"]),
            "oracle_one_process": best_of(3, [*check, "--engine", "oracle", "--jobs", "1"]),
        }
        one = [*CLI, "check", str(files[0])]
        startups = [timed(one)["wall_s"] for _ in range(7)]
    results["startup_one_file_s"] = round(statistics.median(startups), 3)
    for key in ("end_to_end", "end_to_end_one_process", "oracle_one_process", "parse_floor"):
        results[key]["files_per_s"] = round(len(files) / results[key]["wall_s"])
    floor = results["parse_floor"]["wall_s"]
    results["ratio_to_floor"] = round(results["end_to_end"]["wall_s"] / floor, 2)
    results["ratio_to_floor_one_process"] = round(results["end_to_end_one_process"]["wall_s"] / floor, 2)
    results["targets"] = TARGETS
    results["met"] = {
        "ratio_to_floor": results["ratio_to_floor"] <= TARGETS["ratio_to_floor"],
        "files_per_s": results["end_to_end_one_process"]["files_per_s"] >= TARGETS["files_per_s"],
        "peak_rss_mb": results["end_to_end"]["peak_rss_mb"] < TARGETS["peak_rss_mb"],
        "startup_s": results["startup_one_file_s"] < TARGETS["startup_s"],
    }
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))


def table(r: dict[str, Any]) -> str:
    rows = [("measurement", "wall s", "files/s", "peak RSS MB")]
    names = {"end_to_end": "greencheck check --format json (default: a worker per CPU)",
             "end_to_end_one_process": "the same, --jobs 1 (one core)",
             "oracle_one_process": "the same, --jobs 1 --engine oracle (pure Python)",
             "parse_floor": "PyYAML C loader only (floor)"}
    for key, label in names.items():
        m = r[key]
        rows.append((label, f"{m['wall_s']:.2f}", f"{m['files_per_s']:,}", f"{m['peak_rss_mb']:.0f}"))
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|---|---:|---:|---:|")
    lines.append("")
    lines.append(f"{r['files']:,} files; end-to-end / floor = {r['ratio_to_floor']}x "
                 f"(one process: {r['ratio_to_floor_one_process']}x); "
                 f"`greencheck check one.yaml` = {r['startup_one_file_s']} s (median of 7); "
                 f"targets met: {', '.join(k for k, ok in r['met'].items() if ok) or 'none'}; "
                 f"missed: {', '.join(k for k, ok in r['met'].items() if not ok) or 'none'}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
