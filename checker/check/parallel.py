"""Reports for many files, in order: in this process, or in worker processes by chunks.

durable_rules keeps its state per process and never releases the GIL, so parallelism is by
processes. Each worker builds its own Checker (and engine) once; chunks of paths go out in a
bounded window and come back in submission order, so the output order is the same as with one
process and memory stays bounded however many files there are. Workers ignore SIGINT: Ctrl-C
reaches the parent only, which cancels what is pending.
"""

from __future__ import annotations

import itertools
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from checker.catalogue.load import Catalogue
from checker.check.checker import Checker, CheckOptions, iter_project_files, unique_ids
from checker.report import ProjectText
from checker.report.model import Checked, Rendered

if TYPE_CHECKING:  # multiprocessing and concurrent.futures load only when workers are used
    from concurrent.futures import Future

CHUNK = 64
AUTO_MIN_FILES = 4 * CHUNK  # below this, starting workers costs more than it saves
_worker: tuple[Checker, ProjectText | None] | None = None


def iter_reports(catalogue: Catalogue, options: CheckOptions, paths: Iterable[str | Path],
                 jobs: int | None = 1, render: ProjectText | None = None) -> Iterator[Checked]:
    """Every project file under ``paths`` checked, in file order.

    ``jobs``: worker processes; 0 means one per CPU, None (auto) one per CPU for batches of at
    least AUTO_MIN_FILES files. ``render``: when workers are used, each renders its reports with
    it and sends back ``Rendered`` items (the text, and the report without findings), which saves the
    parent (the one process that writes) from rebuilding every finding.
    """
    files: Iterable[Path] = iter_project_files(paths)
    if jobs is None:
        files = list(files)
        chunks = -(-len(files) // CHUNK)  # no more workers than there are chunks to give them
        jobs = min(os.cpu_count() or 1, chunks) if len(files) >= AUTO_MIN_FILES else 1
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1:
        yield from Checker(catalogue, options).check_files(files)
        return
    yield from unique_ids(_pooled(catalogue, options, iter(files), jobs, render))


def _pooled(catalogue: Catalogue, options: CheckOptions, files: Iterator[Path],
            jobs: int, render: ProjectText | None) -> Iterator[Checked]:
    # deferred: multiprocessing and its pool load only when workers are used
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start,
                                   initargs=(catalogue, options, render))
    window: deque[Future[list[Checked]]] = deque()
    chunks = iter(lambda: list(itertools.islice(files, CHUNK)), [])
    try:
        for chunk in itertools.chain(chunks, [None]):
            if chunk is not None:
                window.append(executor.submit(_check_chunk, [str(p) for p in chunk]))
            while window and (chunk is None or len(window) >= 2 * jobs):
                yield from window.popleft().result()
    finally:
        executor.shutdown(wait=not window, cancel_futures=True)


def _start(catalogue: Catalogue, options: CheckOptions, render: ProjectText | None) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (Checker(catalogue, options), render)


def _check_chunk(paths: list[str]) -> list[Checked]:
    assert _worker is not None, "worker not initialised"
    checker, render = _worker
    reports = [checker.check_file(path) for path in paths]
    if render is None:
        return list[Checked](reports)
    return [Rendered(replace(report, results=()), render(report)) for report in reports]
