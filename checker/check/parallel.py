"""Reports for many files, in order: in this process, or in worker processes by chunks.

durable_rules keeps its state per process and never releases the GIL, so parallelism is by
processes. Each worker builds its own Checker (and engine) once; chunks of paths go out in a
bounded window and come back in submission order, so the output order is the same as with one
process and memory stays bounded however many files there are. Workers ignore SIGINT (Ctrl-C
reaches the parent only) and die on SIGTERM; when the parent is interrupted (or stops reading)
it cancels what is pending and ends every worker before it returns, so no worker outlives the
run holding its standard output.

The error boundary holds here too: a failure in a worker is that file's (or, when a worker dies,
that chunk's) internal-error report, and a broken pool is replaced (RESTARTS times) for the rest.
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
from checker.check.checker import (
    Checker,
    CheckOptions,
    ProjectPath,
    Unreadable,
    error_report,
    iter_project_files,
    log,
    unique_ids,
)
from checker.messages import internal_problem
from checker.report import ProjectText
from checker.report.model import Checked, ProjectReport, Rendered

if TYPE_CHECKING:  # multiprocessing and concurrent.futures load only when workers are used
    from concurrent.futures import Future, ProcessPoolExecutor

CHUNK = 64
AUTO_MIN_FILES = 4 * CHUNK  # below this, starting workers costs more than it saves
RESTARTS = 2  # pools started again after a worker died; after that, the rest are errors
STOP_WAIT = 5.0  # seconds a terminated worker gets to end before it is killed
Sent = str | Unreadable  # what a chunk carries to a worker
_worker: tuple[Checker, ProjectText | None] | None = None


def iter_reports(catalogue: Catalogue, options: CheckOptions, paths: Iterable[str | Path],
                 jobs: int | None = 1, render: ProjectText | None = None) -> Iterator[Checked]:
    """Every project file under ``paths`` checked, in file order.

    ``jobs``: worker processes; 0 means one per CPU, None (auto) one per CPU for batches of at
    least AUTO_MIN_FILES files. ``render``: when workers are used, each renders its reports with
    it and sends back ``Rendered`` items (the text, and the report without findings), which saves the
    parent (the one process that writes) from rebuilding every finding.
    """
    files: Iterable[ProjectPath] = iter_project_files(paths)
    if jobs is None:
        files = list(files)
        chunks = -(-len(files) // CHUNK)  # no more workers than there are chunks to give them
        jobs = min(os.cpu_count() or 1, chunks) if len(files) >= AUTO_MIN_FILES else 1
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1:
        yield from Checker(catalogue, options).check_files(files)
        return
    yield from unique_ids(_pooled(catalogue, options, iter(files), jobs, render))


def _pooled(catalogue: Catalogue, options: CheckOptions, files: Iterator[ProjectPath],
            jobs: int, render: ProjectText | None) -> Iterator[Checked]:
    # deferred: multiprocessing and its pool load only when workers are used
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")

    def start() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(jobs, mp_context=context, initializer=_start,
                                   initargs=(catalogue, options, render))

    def submit(chunk: list[Sent]) -> Future[list[Checked]]:
        try:
            return executor.submit(_check_chunk, chunk)
        except BrokenProcessPool as exc:  # the pool broke and is not replaced any more
            failed: Future[list[Checked]] = Future()
            failed.set_exception(exc)
            return failed

    executor, restarts = start(), 0
    window: deque[tuple[Future[list[Checked]], list[Sent]]] = deque()
    chunks = iter(lambda: [_sendable(p) for p in itertools.islice(files, CHUNK)], [])
    try:
        for chunk in itertools.chain(chunks, [None]):
            if chunk is not None:
                window.append((submit(chunk), chunk))
            while window and (chunk is None or len(window) >= 2 * jobs):
                future, sent = window.popleft()
                try:
                    items = future.result()
                except Exception as exc:  # the worker failed (or died): this chunk's files
                    log.debug("a worker failed on a chunk", exc_info=True)
                    items = [_failed(entry, exc) for entry in sent]
                    if isinstance(exc, BrokenProcessPool) and restarts < RESTARTS:
                        _stop(executor)
                        executor, restarts = start(), restarts + 1
                        window = deque((done, again) if _succeeded(done) else
                                       (submit(again), again) for done, again in window)
                yield from items
    except BaseException:  # interrupted, or the reader stopped: no worker may outlive this
        _stop(executor)
        raise
    executor.shutdown(wait=True)


def _succeeded(future: Future[list[Checked]]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _sendable(entry: ProjectPath) -> Sent:
    return entry if isinstance(entry, Unreadable) else str(entry)


def _failed(entry: Sent, exc: BaseException) -> ProjectReport:
    return error_report(entry.path if isinstance(entry, Unreadable) else entry,
                        [internal_problem(exc)])


def _stop(executor: ProcessPoolExecutor) -> None:
    """Pending chunks cancelled, running workers ended now (not when their chunk is done)."""
    # the pool has no public way to end its workers before Python 3.14 (terminate_workers)
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(STOP_WAIT)
        if process.is_alive():
            process.kill()
            process.join(STOP_WAIT)


def _start(catalogue: Catalogue, options: CheckOptions, render: ProjectText | None) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    _worker = (Checker(catalogue, options), render)


def _check_chunk(entries: list[Sent]) -> list[Checked]:
    assert _worker is not None, "worker not initialised"
    checker, render = _worker
    reports = [checker.check_entry(entry) for entry in entries]
    if render is None:
        return list[Checked](reports)
    return [_rendered(report, render) for report in reports]


def _rendered(report: ProjectReport, render: ProjectText) -> Rendered:
    try:
        text = render(report)
    except Exception as exc:  # the boundary holds for rendering too
        log.debug("internal error while rendering %s", report.file, exc_info=True)
        report = error_report(report.file, [internal_problem(exc)])
        text = render(report)
    return Rendered(replace(report, results=()), text.encode("utf-8"))
