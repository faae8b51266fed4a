"""Many letters at once: find the files, parse them in worker processes, write one output.

Data flows one way: :func:`discover` (paths) -> :func:`parse_many` (records or errors, in input
order) -> :func:`run` (skip what the output already has, write it, count) -> ``writers``.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from attrs import define, field, frozen

from . import errors, plugins, resume
from . import limits as limits_mod
from .convert import from_dict, to_json
from .errors import (
    ImrParseError,
    InternalError,
    NotAnImrLetter,
    UnreadableInput,
    UnrecognisedInput,
    UsageError,
)
from .limits import Limits
from .models import Letter
from .parse import internal_message, open_regular, parse, special_kind
from .pool import check_main_guard, default_jobs, ordered_map
from .rows import check_available
from .writers import (
    FailuresFile,
    JsonlLog,
    Kind,
    OutputLock,
    check_writable_target,
    journal_path,
    output_kind,
    write_table,
)

PathArg = str | os.PathLike[str]


# ---- discovery -------------------------------------------------------------------------------

# Workers per core at most: parsing is CPU-bound, so more only adds memory and start-up time.
JOBS_PER_CORE = 4


def cap_jobs(requested: int | None, letters: int | None = None) -> int:
    """Worker processes for a run: as asked (default one per core), but never more than
    :data:`JOBS_PER_CORE` per core nor more than there are ``letters`` to parse."""
    cores = default_jobs()
    jobs = min(requested or cores, JOBS_PER_CORE * cores)
    if letters is not None:
        jobs = min(jobs, max(1, letters))
    return max(1, jobs)


@frozen
class Found:
    """What :func:`find_inputs` found: files to parse, paths refused unread, empty globs."""

    files: list[Path]
    problems: list[tuple[Path, ImrParseError]]
    unmatched: list[str]


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: RuntimeError before Python 3.13
        return path.absolute()


def _glob(pattern: str) -> list[Path]:
    """The matches of ``pattern``, sorted. pathlib's ``**`` does not descend into symlinked
    folders, so a link loop cannot trap it (``glob.glob`` follows them, and a loop makes it
    run for ever)."""
    parts = Path(pattern).parts
    first = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    base = Path(*parts[:first]) if first else Path()
    rest = Path(*parts[first:])
    if not rest.parts:
        return []
    try:
        return sorted(base.glob(str(rest)))
    except (OSError, ValueError):  # an unreadable base folder, or a pattern pathlib refuses
        return []


def find_inputs(paths: Iterable[PathArg], exclude: Iterable[Path] = ()) -> Found:
    """The files named by ``paths``, in order: a file as given, a folder walked recursively
    (sorted; symlinked folders are not followed, so loops cannot trap the walk), a glob
    pattern expanded (sorted, ``**`` allowed). A missing file is kept, to be reported as
    unreadable; a glob that matches nothing is listed in ``unmatched``. A folder that cannot
    be read and a special file (FIFO, device, socket) become ``problems``, never opened. A
    file named twice is listed once; ``exclude`` (the run's own output files) is left out.
    """
    skip = {_key(p) for p in exclude}
    seen: set[Path] = set()
    files: list[Path] = []
    problems: list[tuple[Path, ImrParseError]] = []
    unmatched: list[str] = []

    def add(path: Path) -> None:
        key = _key(path)
        if key in seen or key in skip:
            return
        seen.add(key)
        try:
            kind = special_kind(path.stat().st_mode)
        except OSError:  # missing, a loop, no permission: opening it reports why
            kind = None
        if kind is not None and kind != "a directory":
            problems.append((path, UnreadableInput(f"is {kind}, not a file; not read")))
        else:
            files.append(path)

    def walk(folder: Path) -> None:
        found: list[Path] = []

        def unreadable(err: OSError) -> None:
            where = Path(err.filename) if err.filename else folder
            reason = f"cannot read folder: {err.strerror or err}"
            problems.append((where, UnreadableInput(reason)))

        for root, dirs, names in os.walk(folder, onerror=unreadable):
            dirs.sort()
            found.extend(Path(root, name) for name in names)
        for p in sorted(found):
            add(p)

    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            walk(path)
        elif not path.exists() and glob.has_magic(str(arg)):
            matches = _glob(str(arg))
            for m in matches:
                walk(m) if m.is_dir() else add(m)
            if not matches:
                unmatched.append(str(arg))
        else:
            add(path)
    return Found(files, problems, unmatched)


def discover(paths: Iterable[PathArg], exclude: Iterable[Path] = ()) -> list[Path]:
    """The files :func:`find_inputs` would parse (see there), in order."""
    return find_inputs(paths, exclude).files


# ---- parsing in worker processes -------------------------------------------------------------


@frozen
class Parsed:
    """One input of :func:`parse_many`: its record, or the error that stopped it."""

    path: Path
    letter: Letter | None = None
    error: ImrParseError | None = None


@frozen
class _Raw:
    """What the run needs of one result: the record as JSON text, not a rebuilt Letter."""

    path: Path | str  # a URL on an engine
    json: str | None
    sha256: str = ""
    warnings: int = 0
    error: ImrParseError | None = None
    skipped: bool = False  # an engine found it already in the output


# A worker's answer: ("ok", json, (n_warnings, sha256)) or ("error", class names (MRO),
# message). Plain data only: an exception from a plugin may not survive pickling.
_Answer = tuple[str, Any, Any]
_Task = tuple[str, Limits, "str | None", "str | None"]  # path, limits, layout, pdf_engine


def quiet_library_logs() -> None:
    """Keep libraries' log records (pdfminer's "Cannot set gray non-stroke color" and the like)
    off stderr, where Python's last-resort handler would print them between our one-line
    errors; what matters of them reaches the record as a typed error or a warning."""
    logging.getLogger("pdfminer").addHandler(logging.NullHandler())
    logging.getLogger("pdfminer").propagate = False


def _warm_up() -> None:
    limits_mod.disable_alarm()  # the pool's per-task timeout stops a slow letter
    quiet_library_logs()
    plugins.get_formats()


def error_answer(err: ImrParseError) -> _Answer:
    return ("error", [c.__name__ for c in type(err).__mro__], err.message)


def answer(read: Callable[[], Letter]) -> _Answer:
    """A worker's answer for the letter ``read()`` parses; never raises."""
    try:
        letter = read()
        if letter.case_number is None and not letter.determinations:
            # A generic layout (plain text) claims any text with a heading or two; a record
            # with neither a case number nor an item is not a letter worth a row.
            layout = letter.source.format if letter.source else "a"
            raise NotAnImrLetter(
                f"not an IMR letter: the {layout} layout read it but found no case number "
                "and no items (a layout imrparse does not know?)"
            )
    except ImrParseError as err:
        return error_answer(err)
    except Exception as err:  # a bug: report it as this letter's failure, keep the run going
        return ("error", ["InternalError"], internal_message(err))
    sha = letter.source.sha256 if letter.source else ""
    return ("ok", to_json(letter), (len(letter.warnings), sha))


def _parse_task(task: _Task) -> _Answer:
    path, limits, fmt, pdf_engine = task
    p = Path(path)
    return answer(lambda: parse(p, format=fmt, name=p.name, limits=limits, pdf_engine=pdf_engine))


def died_answer(how: str) -> _Answer:
    return ("error", ["InternalError"], f"internal error: {how} (please report this)")


def error_from(names: Sequence[str], message: str, source: str) -> ImrParseError:
    """The error a worker's answer names: the nearest class imrparse knows (a plugin may
    subclass ours)."""
    for name in names:
        cls = getattr(errors, name, None)
        if isinstance(cls, type) and issubclass(cls, ImrParseError):
            return cls(" ".join(message.split()), source)
    return InternalError(message, source)


def _parse_raw(
    paths: Iterable[Path],
    *,
    jobs: int | None,
    limits: Limits,
    format: str | None,
    pdf_engine: str | None = None,
) -> Iterator[_Raw]:
    tasks = ((str(p), limits, format, pdf_engine) for p in paths)
    # The pool kills a worker whose letter runs past the limit (also when stuck in C code);
    # the worker's own checks between steps usually report it a little earlier.
    deadline = limits.timeout

    def overdue(task: _Task) -> _Answer:
        t = limits.timeout or 0
        return ("error", ["ParseTimeout"], f"took longer than {t:g} s; its worker was stopped")

    def died(task: _Task, how: str) -> _Answer:
        return died_answer(how)

    answers = ordered_map(
        _parse_task,
        tasks,
        jobs=cap_jobs(jobs),
        on_overdue=overdue,
        on_died=died,
        deadline=deadline,
        init=_warm_up,
    )
    try:
        for (path_str, *_), found in answers:
            yield _to_raw(Path(path_str), found)
    finally:  # stop the workers now on Ctrl-C or an output error, not at garbage collection
        close = getattr(answers, "close", None)
        if close is not None:
            close()


def _to_raw(path: Path | str, found: _Answer) -> _Raw:
    kind, value, extra = found
    if kind == "ok":
        return _Raw(path, value, sha256=extra[1], warnings=extra[0])
    if kind == "skip":
        return _Raw(path, None, sha256=extra, skipped=True)
    return _Raw(path, None, error=error_from(value, extra, Path(str(path)).name))


class Engine(Protocol):
    """Somewhere else to parse a batch (``imrparse batch --dask``). Engines register under the
    ``imrparse.engines`` entry-point group, so the core never imports them."""

    def discover(self, paths: Sequence[str], exclude: Sequence[Path]) -> list[str]:
        """The inputs' names (URLs) in order, leaving out ``exclude`` (the run's own files)."""
        ...

    def answers(
        self,
        done: frozenset[str],
        limits: Limits,
        format: str | None,
        pdf_engine: str | None = None,
    ) -> Iterator[tuple[str, _Answer]]:
        """(name, answer) per discovered input in order; ("skip", None, sha) for one in
        ``done``."""
        ...

    def close(self) -> None: ...


def parse_many(
    paths: Iterable[PathArg],
    *,
    jobs: int | None = None,
    limits: Limits | None = None,
    format: str | None = None,
    pdf_engine: str | None = None,
) -> Iterator[Parsed]:
    """Parse every file in ``paths`` in ``jobs`` worker processes (default: one per core,
    capped by :func:`cap_jobs`).

    Yields a :class:`Parsed` per path in input order, whatever ``jobs``: the record, or the
    :class:`ImrParseError` that stopped it (a letter past ``limits.timeout`` is a
    :class:`ParseTimeout`, even when stuck in C code; a record with no case number and no
    items is a :class:`NotAnImrLetter`). Paths are read lazily, so a generator over millions
    of files is fine. Folders and globs: see :func:`find_inputs`.

    Called from a script's top level without an ``if __name__ == "__main__":`` guard, it raises
    RuntimeError at once (the spawned workers would run the script again).
    """
    check_main_guard("parse_many()")
    raws = _parse_raw(
        (Path(p) for p in paths),
        jobs=jobs,
        limits=limits or Limits(),
        format=format,
        pdf_engine=pdf_engine,
    )
    return (
        Parsed(Path(raw.path), error=raw.error)
        if raw.json is None
        else Parsed(Path(raw.path), letter=from_dict(json.loads(raw.json)))
        for raw in raws
    )


# ---- the run ---------------------------------------------------------------------------------


class Observer(Protocol):
    """What the CLI watches of a run (progress bar, one line per failure or skipped file)."""

    def start(self, total: int) -> None: ...

    def done(self, path: Path | str, error: ImrParseError | None) -> None: ...


@frozen
class Summary:
    """Counts of one run. ``parsed`` excludes ``with_warnings``; the two are records written."""

    parsed: int = 0
    with_warnings: int = 0
    failed: int = 0
    not_letters: int = 0  # no installed layout recognised the file: skipped, not a failure
    skipped: int = 0  # already in the output from an earlier run
    duplicates: int = 0  # same bytes as a letter earlier in this run
    exit_codes: frozenset[int] = frozenset()
    unmatched: tuple[str, ...] = ()  # glob patterns that matched no file

    @property
    def written(self) -> int:
        return self.parsed + self.with_warnings

    def line(self) -> str:
        return (
            f"{self.parsed} parsed, {self.with_warnings} parsed with warnings, "
            f"{self.failed} failed, {self.not_letters} skipped as not letters; "
            f"{self.skipped} already in the output, {self.duplicates} duplicates skipped"
        )


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`run`: ``summary`` counts what was written before it."""

    def __init__(self, summary: Summary, saved_in: str) -> None:
        super().__init__()
        self.summary = summary
        self.saved_in = saved_in


@define
class _Counts:
    parsed: int = 0
    with_warnings: int = 0
    failed: int = 0
    not_letters: int = 0
    skipped: int = 0
    duplicates: int = 0
    codes: set[int] = field(factory=set)
    unmatched: tuple[str, ...] = ()

    def summary(self) -> Summary:
        return Summary(
            parsed=self.parsed,
            with_warnings=self.with_warnings,
            failed=self.failed,
            not_letters=self.not_letters,
            skipped=self.skipped,
            duplicates=self.duplicates,
            exit_codes=frozenset(self.codes),
            unmatched=self.unmatched,
        )


def file_sha256(path: Path, max_bytes: int) -> str | None:
    """The sha256 of a file's bytes, None when it cannot be read (or is not a regular file,
    which is never opened for reading) or is over the size limit."""
    try:
        with open_regular(path) as fh:
            if os.fstat(fh.fileno()).st_size > max_bytes:
                return None
            digest = hashlib.sha256()
            while block := fh.read(1 << 20):
                digest.update(block)
            return digest.hexdigest()
    except (OSError, ImrParseError):
        return None


STDOUT = "-"


def _same_file(a: Path, b: Path) -> bool:
    if _key(a) == _key(b):
        return True
    try:
        return os.path.samefile(a, b)  # hard links, bind mounts
    except OSError:
        return False


def run(
    paths: Sequence[PathArg],
    out: PathArg,
    *,
    jobs: int | None = None,
    limits: Limits | None = None,
    format: str | None = None,
    failures: PathArg | None = None,
    observer: Observer | None = None,
    overwrite: bool = False,
    engine: Engine | None = None,
    pdf_engine: str | None = None,
) -> Summary:
    """Parse every letter ``paths`` names into ``out`` (.jsonl, .csv, .parquet or .sqlite),
    resumably.

    ``out`` of ``Path("-")`` writes JSONL to stdout (no resume). Letters already in ``out`` (by
    sha256 of the input) are skipped when the installed imrparse and plugin versions made them
    (others are parsed again); ``overwrite`` starts afresh; letters that failed before are
    tried again. A second copy of a letter within the run is written once. ``engine`` parses
    somewhere else than the local pool (``paths`` are then its URLs); ``pdf_engine`` picks
    what reads PDFs, as in :func:`imrparse.parse`. A file no installed
    layout recognises is skipped as "not a letter"; other failures go to ``failures`` as JSON
    lines ``{"path", "error", "message"}`` and never stop the run.

    Raises :class:`UsageError` (nothing touched) when no input is found, when ``failures``
    names ``out`` or an input, or when another run holds ``out``'s lock; an
    :class:`OutputError` subclass when writing fails (what was written stays whole); and
    :class:`Interrupted` on Ctrl-C.
    """
    check_main_guard("imrparse.batch.run()")
    limits = limits or Limits()
    out = Path(out)
    failures = Path(failures) if failures is not None else None
    to_stdout = str(out) == STDOUT
    kind: Kind = "jsonl" if to_stdout else output_kind(out)
    journal = None if to_stdout else journal_path(out)
    if format is not None:
        plugins.get_format(format)  # UnknownFormat now, rather than once per letter
    if kind == "parquet":  # no pyarrow: say so now, not after an hour of parsing
        check_available("pyarrow", "parquet", "Parquet output")
    own = [] if to_stdout or journal is None else [out, journal, out.with_name(out.name + ".lock")]
    if failures is not None and any(_same_file(failures, p) for p in own):
        raise UsageError("--failures names the output itself; choose another file", str(failures))
    if engine is None:
        found = find_inputs(paths, exclude=own)
        urls: list[str] = []
    else:
        found = Found([], [], [])
        urls = engine.discover([str(p) for p in paths], own)
    if failures is not None and any(_same_file(failures, p) for p in found.files):
        raise UsageError(
            "--failures names one of the input letters; choose another file", str(failures)
        )
    if not found.files and not found.problems and not urls:
        raise UsageError("no input files found", " ".join(map(str, paths)))
    lock: contextlib.AbstractContextManager[object] = contextlib.nullcontext()
    if journal is not None:  # a file OUT, not stdout
        for target in (out, journal):
            check_writable_target(target)
        lock = OutputLock(out)
    with lock:
        return _run_locked(
            found,
            out if journal is not None else None,
            journal,
            kind,
            jobs=jobs,
            limits=limits,
            format=format,
            failures=failures,
            observer=observer,
            overwrite=overwrite,
            engine=engine,
            urls=urls,
            pdf_engine=pdf_engine,
        )


class _Interrupts:
    """Ctrl-C that waits while a record is written and counted, then arrives.

    Otherwise a Ctrl-C between the two leaves one more line in the output than the summary
    reports. Blocking the signal in this thread is not enough: the kernel hands it to one of
    the pool's threads, and Python still raises it here. So, in the main thread, a handler
    of our own holds it back during :meth:`held` and raises it right after.
    """

    def __init__(self) -> None:
        self._holding = False
        self._pending = False

    def _handle(self, signum: int, frame: object) -> None:
        if self._holding:
            self._pending = True
        else:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield  # only the main thread may set handlers; there Ctrl-C is not ours anyway
            return
        old = signal.signal(signal.SIGINT, self._handle)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, old)

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        if self._pending:
            self._pending = False
            raise KeyboardInterrupt


def _run_locked(
    found: Found,
    out: Path | None,
    journal: Path | None,
    kind: Kind,
    *,
    jobs: int | None,
    limits: Limits,
    format: str | None,
    failures: Path | None,
    observer: Observer | None,
    overwrite: bool,
    engine: Engine | None,
    urls: list[str],
    pdf_engine: str | None = None,
) -> Summary:
    done: set[str] = set()
    if journal is not None and out is not None:
        if overwrite:
            resume.start_afresh(out, journal)
        done = resume.done(out, kind, journal)
    total = len(found.files) + len(found.problems) + len(urls)
    if observer:
        observer.start(total)
    c = _Counts(unmatched=tuple(found.unmatched))
    written: set[str] = set()

    def todo() -> Iterator[Path]:
        for path in found.files:
            # Hash in the parent only when resuming: a fresh run has nothing to skip.
            if done and file_sha256(path, limits.max_bytes) in done:
                c.skipped += 1
                if observer:
                    observer.done(path, None)
                continue
            yield path

    def parsed() -> Iterator[_Raw]:
        if engine is not None:
            for name, found_answer in engine.answers(frozenset(done), limits, format, pdf_engine):
                yield _to_raw(name, found_answer)
        else:
            workers = cap_jobs(jobs, len(found.files))
            yield from _parse_raw(
                todo(), jobs=workers, limits=limits, format=format, pdf_engine=pdf_engine
            )

    def results() -> Iterator[tuple[Path | str, ImrParseError | None, _Raw | None]]:
        for path, problem in found.problems:
            yield path, problem, None
        for raw in parsed():
            if raw.skipped:  # an engine found it in the output
                c.skipped += 1
                if observer:
                    observer.done(raw.path, None)
                continue
            yield raw.path, raw.error, raw

    saved_in = str(journal) if journal is not None else "<stdout>"
    interrupts = _Interrupts()
    with contextlib.ExitStack() as stack:
        fails = stack.enter_context(FailuresFile(failures)) if failures is not None else None
        log = stack.enter_context(JsonlLog(journal))
        stack.enter_context(interrupts.installed())
        try:
            for path, error, raw in results():
                if isinstance(error, UnrecognisedInput):
                    c.not_letters += 1
                elif error is not None:
                    c.failed += 1
                    c.codes.add(error.exit_code)
                    if fails is not None:
                        fails.write(
                            {
                                "path": str(path),
                                "error": type(error).__name__,
                                "message": error.message,
                            }
                        )
                elif raw is not None and raw.json is not None:
                    if raw.sha256 in written or raw.sha256 in done:
                        c.duplicates += 1
                    else:
                        with interrupts.held():  # the summary counts what the file holds
                            written.add(raw.sha256)
                            log.append(raw.json)
                            if raw.warnings:
                                c.with_warnings += 1
                            else:
                                c.parsed += 1
                if observer:
                    observer.done(path, error)
        except KeyboardInterrupt:
            raise Interrupted(c.summary(), saved_in) from None
    if out is not None and journal is not None and kind != "jsonl":
        try:
            write_table(out, kind, journal)
        except KeyboardInterrupt:
            raise Interrupted(c.summary(), saved_in) from None
    return c.summary()


__all__ = [
    "Found",
    "Interrupted",
    "Observer",
    "Parsed",
    "Summary",
    "cap_jobs",
    "discover",
    "find_inputs",
    "parse_many",
    "run",
]
