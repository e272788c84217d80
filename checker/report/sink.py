"""Where reports go: stdout, one --output file, files under --output-dir, and the files that
``--format NAME=PATH`` names, all in one run. Never clobber:

- A regular file, or a path that does not exist yet, is replaced atomically: the report is
  written to a temporary file beside it and renamed over it only when complete (a symbolic link
  to a regular file keeps the link: its target is replaced).
- A FIFO, a character device (``/dev/null``, a terminal) or a path through ``/proc/self/fd/N``
  (``/dev/stdout``) is written into, never replaced; ``/proc/self/fd/N`` writes to descriptor N.
- Several files (``--output-dir``, ``NAME=PATH``) are replaced together or not at all: every temporary file is
  written first, then all are renamed with SIGINT and SIGTERM held; if a rename fails, the ones
  already renamed are put back, and the error says which happened.
- A report that would replace an input of the same run is refused (``refuse_inputs``), and a
  path that cannot be written is an ``OutputError`` naming the path and the reason (exit 2).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from checker.errors import GreencheckError, UsageError
from checker.report import FILE_NAMES, RenderContext, known_format, make_reporter
from checker.report.escape import terminal
from checker.report.model import Checked, Rendered, status_of


class OutputError(GreencheckError):
    """A report cannot be written where it was asked for."""


Target = tuple[str, Path | None]  # (format, file); None means standard output


def plan(formats: tuple[str, ...], output: str | None, output_dir: str | None) -> list[Target]:
    """Check the format/output combination before any work is done.

    A format is ``NAME`` or ``NAME=PATH``: ``NAME=PATH`` writes that format to ``PATH``; at most
    one bare format goes to standard output (or to ``--output``), unless ``--output-dir`` gives
    every bare format its own file there. No two reports may go to the same file."""
    if output and output_dir:
        raise UsageError("give --output or --output-dir, not both")
    bare: list[str] = []
    named: list[Target] = []
    for spec in dict.fromkeys(formats or ("text",)):
        name, sep, path = spec.partition("=")
        if not sep:
            bare.append(known_format(name.strip()))
        elif not path:
            raise UsageError(f"--format {spec}: give a file after '=' (FORMAT=PATH)")
        else:
            named.append((known_format(name.strip()), Path(path)))
    bare = list(dict.fromkeys(bare))
    targets: list[Target]
    if output_dir:
        targets = [(name, Path(output_dir) / FILE_NAMES[name]) for name in bare]
    elif len(bare) > 1:
        raise UsageError("several formats without a file: give all but one a file "
                         "(-f FORMAT=PATH), or use --output-dir (each gets its own file)")
    elif bare:
        targets = [(bare[0], Path(output) if output else None)]
    elif output:
        raise UsageError("--output is for a format without a file; every --format names its own "
                         "(FORMAT=PATH)")
    else:
        targets = []
    targets += named
    _distinct(targets)
    return targets


def _distinct(targets: list[Target]) -> None:
    """Two reports of one run may not go to the same file (one would clobber the other)."""
    seen: dict[str, Target] = {}
    for target in targets:
        if target[1] is None:
            continue
        key = os.path.realpath(target[1])
        with contextlib.suppress(OSError):
            found = os.stat(target[1])
            if not stat.S_ISREG(found.st_mode):  # a FIFO or device may take several reports
                continue
            key = f"{found.st_dev}:{found.st_ino}"
        if key in seen:
            raise UsageError(f"the {seen[key][0]} and {target[0]} reports would both be written "
                             f"to {_name(target[1])}; give each its own file")
        seen[key] = target


def refuse_inputs(targets: list[Target], inputs: Iterable[str | Path]) -> None:
    """A usage error if a report would replace an input of the run (a project, configuration,
    waiver or baseline file), compared by device and inode; ``inputs`` is read only when some
    report file exists already."""
    existing: dict[tuple[int, int], Path] = {}
    for _, path in targets:
        with contextlib.suppress(OSError):
            if path is not None and stat.S_ISREG((found := os.stat(path)).st_mode):
                existing[(found.st_dev, found.st_ino)] = path
    if not existing:
        return
    for item in inputs:
        try:
            found = os.stat(item)
        except OSError:
            continue
        path = existing.get((found.st_dev, found.st_ino))
        if path is not None:
            raise UsageError(f"the report {_name(path)} would replace {_name(item)}, an input "
                             "of this run; write the report somewhere else")


def check_writable(targets: list[Target]) -> None:
    """Fail now, before any file is checked, if a report file cannot be written."""
    for _, path in targets:
        if path is not None:
            _Output.of(path).probe()


@dataclass
class _Output:
    """One report file: how it is written, and its stream while it is."""

    given: Path  # as the user wrote it (for messages)
    target: Path  # what is replaced (a link's target), or what is written into
    mode: str  # "replace" | "into" | "fd"
    fd: int | None = None
    stream: TextIO | None = None
    temporary: str | None = None

    @classmethod
    def of(cls, path: Path) -> _Output:
        fd = _proc_fd(path)
        if fd is not None:
            return cls(path, path, "fd", fd)
        if _through_proc(path):
            if not os.path.exists(path):
                raise OutputError(f"cannot write the report {_name(path)}: /proc has no such "
                                  "file, and a report cannot be made there")
            return cls(path, path, "into")
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:  # absent (a link to nothing: its target is made)
            return cls(path, Path(os.path.realpath(path)), "replace")
        except OSError as exc:
            raise _error(path, exc) from None
        if stat.S_ISDIR(mode):
            raise OutputError(f"cannot write the report {_name(path)}: it is a directory")
        if stat.S_ISREG(mode):
            return cls(path, Path(os.path.realpath(path)), "replace")
        return cls(path, path, "into")  # FIFO, character device, socket: write into it

    def open(self) -> TextIO:
        try:
            if self.mode == "fd":
                assert self.fd is not None
                self.stream = os.fdopen(os.dup(self.fd), "w", encoding="utf-8")
            elif self.mode == "into":
                self.stream = open(self.target, "w", encoding="utf-8")  # noqa: SIM115
            else:
                self.stream = self._temporary()
        except OSError as exc:
            raise _error(self.given, exc, self.target) from None
        return self.stream

    def probe(self) -> None:
        if self.mode == "fd":
            assert self.fd is not None
            try:
                os.fstat(self.fd)
            except OSError as exc:
                raise _error(self.given, exc) from None
        elif self.mode == "replace":
            try:
                self._temporary().close()
            except OSError as exc:
                raise _error(self.given, exc, self.target) from None
            finally:
                self.discard()

    def _temporary(self) -> TextIO:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        handle, self.temporary = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp",
                                                  dir=self.target.parent)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.temporary, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        return os.fdopen(handle, "w", encoding="utf-8")

    def finish(self) -> None:
        """Everything written reaches the file (a temporary one is synced, not yet renamed)."""
        assert self.stream is not None
        try:
            self.stream.flush()
            if self.mode == "replace":
                os.fsync(self.stream.fileno())
            self.stream.close()
        except BrokenPipeError:  # the reader of a pipe went away: as for standard output
            raise
        except OSError as exc:
            raise _error(self.given, exc) from None

    def discard(self) -> None:
        if self.stream is not None:
            with contextlib.suppress(OSError):
                self.stream.close()
        if self.temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.temporary)
            self.temporary = None


class _Outputs:
    """The report files of one run, opened together and replaced together (or not at all)."""

    def __init__(self, paths: list[Path]):
        self.files = [_Output.of(path) for path in paths]
        self.streams: dict[Path, TextIO] = {}
        try:
            for file in self.files:
                self.streams[file.given] = file.open()
        except BaseException:
            self.discard()
            raise

    def write_error(self, exc: OSError) -> OutputError:
        names = ", ".join(_name(file.given) for file in self.files) or "standard output"
        return OutputError(f"cannot write the report {names}: {exc.strerror or exc}")

    def commit(self) -> None:
        for file in self.files:
            file.finish()
        replaced = [file for file in self.files if file.mode == "replace"]
        with _signals_held():
            _replace_together(replaced)

    def discard(self) -> None:
        for file in self.files:
            file.discard()


def _replace_together(files: list[_Output]) -> None:
    """Rename every temporary file over its target; on a failure put back the ones done."""
    backups: list[str | None] = _backups(files) if len(files) > 1 else [None] * len(files)
    done: list[int] = []
    try:
        for index, file in enumerate(files):
            assert file.temporary is not None
            os.replace(file.temporary, file.target)
            file.temporary = None
            done.append(index)
    except BaseException as exc:
        kept = _put_back(files, backups, done)
        for file in files:
            file.discard()
        if not isinstance(exc, OSError):
            raise
        failed = files[len(done)]
        if not kept:
            outcome = "no report was replaced (the previous ones are as they were)"
        else:
            rest = [_name(f.given) for f in files if f not in kept]
            outcome = (f"replaced: {', '.join(_name(f.given) for f in kept)}; "
                       f"not replaced: {', '.join(rest)}")
        raise OutputError(f"cannot replace {_name(failed.given)}: "
                          f"{exc.strerror or exc}; {outcome}") from None
    finally:
        for backup in backups:
            if backup and backup != _ABSENT:
                with contextlib.suppress(OSError):
                    os.unlink(backup)


_ABSENT = "\x00absent"  # a backup of a target that did not exist: putting back removes it


def _backups(files: list[_Output]) -> list[str | None]:
    """A hard link (or else a copy) of each existing target, to put back if a rename fails."""
    backups: list[str | None] = []
    try:
        for file in files:
            if not os.path.lexists(file.target):
                backups.append(_ABSENT)
                continue
            backup = str(file.target.parent / f".{file.target.name}.{secrets.token_hex(6)}.old")
            try:
                os.link(file.target, backup)
            except OSError:
                shutil.copy2(file.target, backup)
            backups.append(backup)
    except OSError as exc:
        failing = file
        for made in backups:
            if made and made != _ABSENT:
                with contextlib.suppress(OSError):
                    os.unlink(made)
        for each in files:
            each.discard()
        raise OutputError(f"cannot keep the previous {_name(failing.given)} while the reports "
                          f"are replaced: {exc.strerror or exc}; no report was replaced") from None
    return backups


def _put_back(files: list[_Output], backups: list[str | None], done: list[int]) -> list[_Output]:
    """Undo the renames in ``done``; the files that could not be put back."""
    kept = []
    for index in done:
        file, backup = files[index], backups[index]
        try:
            if backup == _ABSENT:
                os.unlink(file.target)
            elif backup is not None:
                os.replace(backup, file.target)
            else:
                kept.append(file)
        except OSError:
            kept.append(file)
    return kept


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait while the reports are renamed (a few system calls): an
    interruption then cannot leave a new report beside an old one. One that arrives meanwhile
    finds the run complete; it ends normally."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    held = [sig for sig, handler in previous.items() if handler is not None]
    for sig in held:
        signal.signal(sig, lambda *_: None)
    try:
        yield
    finally:
        for sig in held:
            signal.signal(sig, previous[sig])


def _proc_fd(path: Path) -> int | None:
    """N when ``path`` is (or links through) this process's /proc/self/fd/N or /dev/fd/N."""
    current = os.path.abspath(path)
    for _ in range(40):
        parent, name = os.path.split(current)
        parent = os.path.realpath(parent)
        if parent in ("/proc/self/fd", f"/proc/{os.getpid()}/fd", "/dev/fd") and name.isdigit():
            return int(name)
        current = os.path.join(parent, name)
        if not os.path.islink(current):
            return None
        current = os.path.normpath(os.path.join(parent, os.readlink(current)))
    return None


def _through_proc(path: Path) -> bool:
    """Whether ``path`` is under /proc (or links there): written into, never replaced."""
    current = os.path.abspath(path)
    for _ in range(40):
        parent, name = os.path.split(current)
        current = os.path.join(os.path.realpath(parent), name)
        if current.startswith("/proc/"):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.normpath(os.path.join(os.path.dirname(current), os.readlink(current)))
    return False


def _error(path: Path, exc: OSError, target: Path | None = None) -> OutputError:
    return OutputError(f"cannot write the report {_name(path)}: {_reason(exc, target or path)}")


def _reason(exc: OSError, target: Path) -> str:
    if isinstance(exc, FileExistsError | NotADirectoryError):
        for parent in reversed(target.parents):
            if parent.exists() and not parent.is_dir():
                return f"{_name(parent)} is not a directory"
    return exc.strerror or str(exc)


def _name(path: str | Path) -> str:
    return terminal(str(path))


@contextlib.contextmanager
def atomic_stream(path: str | Path) -> Iterator[TextIO]:
    """A stream for ``path`` that replaces it only when the block completes (or, for a FIFO or
    device, writes into it)."""
    outputs = _Outputs([Path(path)])
    try:
        yield outputs.streams[Path(path)]
        outputs.commit()
    except BaseException:
        outputs.discard()
        raise


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Text, or bytes (a workbook), written as every report is: replaced whole or not at all."""
    with atomic_stream(path) as stream:
        if isinstance(content, bytes):
            stream.flush()
            stream.buffer.write(content)
        else:
            stream.write(content)


def color_wanted(choice: str, stdout_is_tty: bool, environ: Mapping[str, str]) -> bool:
    """``--color``: always, never, or auto — off when ``NO_COLOR`` is set and not empty
    (no-color.org), on when ``FORCE_COLOR`` is set and not empty (CI logs), else on a terminal."""
    if choice in ("always", "never"):
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return stdout_is_tty


def terminal_width(stdout_is_tty: bool) -> int | None:
    """The columns text on standard output wraps to: the terminal's (``COLUMNS`` first, as
    ``shutil.get_terminal_size`` reads it) when it is a terminal; None (no wrapping) when piped,
    so that CI logs and saved reports do not depend on who ran the check."""
    return shutil.get_terminal_size().columns if stdout_is_tty else None


def deliver(items: Iterable[Checked], context: RenderContext, targets: list[Target],
            stdout: TextIO, color_stdout: bool = False,
            width_stdout: int | None = None) -> list[str]:
    """Every target's reporter gets every project, in order; files are written atomically and
    replaced together. Returns each project's status (``status_of``: its verdict, or
    "internal_error"). Text on standard output is coloured if ``color_stdout`` and wrapped to
    ``width_stdout`` columns unless ``context.width`` (--width) is given."""
    outputs = _Outputs([path for _, path in targets if path is not None])
    try:
        reporters = []
        for name, path in targets:
            color = name == "text" and path is None and color_stdout
            wrap = context.width if context.width is not None or path is not None else width_stdout
            out = stdout if path is None else outputs.streams[path]
            reporters.append(make_reporter(
                name, dataclasses.replace(context, color=color, width=wrap), out))
        for reporter in reporters:
            reporter.begin()
        statuses: list[str] = []
        for item in items:
            # a worker's text is one format's (the one target a streamed run has)
            report, text = (item.report, item.text) if isinstance(item, Rendered) else (item, None)
            try:
                for reporter in reporters:
                    reporter.project(report, text)
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise outputs.write_error(exc) from None
            statuses.append(status_of(report))
        try:
            for reporter in reporters:
                reporter.end()
            if None in (path for _, path in targets):
                stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise outputs.write_error(exc) from None
        outputs.commit()
    except BaseException:
        outputs.discard()
        raise
    return statuses
