"""Many letters at once: find the files, parse them in worker processes, write one output.

Data flows one way: :func:`discover` (paths) -> :func:`parse_many` (records or errors, in input
order) -> :func:`run` (skip what the output already has, write it, count) -> ``writers``.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from attrs import define, field, frozen

from . import errors, plugins, resume
from . import limits as limits_mod
from .convert import from_dict, to_json
from .errors import ImrParseError, InternalError
from .limits import Limits
from .models import Letter
from .parse import parse
from .pool import check_main_guard, default_jobs, ordered_map
from .rows import check_available
from .writers import JsonlLog, journal_path, output_kind, write_table

PathArg = str | os.PathLike[str]


# ---- discovery -------------------------------------------------------------------------------


def _walk(folder: Path) -> Iterator[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(Path(root, name) for name in files)
    yield from sorted(found)


def discover(paths: Iterable[PathArg], exclude: Iterable[Path] = ()) -> list[Path]:
    """The files named by ``paths``, in order: a file as given, a folder walked recursively
    (sorted), a glob pattern expanded (sorted, ``**`` allowed). A name that matches nothing is
    kept (so is a glob that matches nothing), to be reported as unreadable rather than
    silently dropped. A file named
    twice is listed once; ``exclude`` (the run's own output files) is left out.
    """
    skip = {p.resolve() for p in exclude}
    seen: set[Path] = set()
    found: list[Path] = []

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen and key not in skip:
            seen.add(key)
            found.append(path)

    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            for p in _walk(path):
                add(p)
        elif not path.exists() and glob.has_magic(str(arg)):
            matches = sorted(glob.glob(str(arg), recursive=True))
            for match in matches:
                m = Path(match)
                for p in _walk(m) if m.is_dir() else (m,):
                    add(p)
            if not matches:  # reported as unreadable, like a missing file
                add(path)
        else:
            add(path)
    return found


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
_Task = tuple[str, Limits, "str | None"]


def _warm_up() -> None:
    limits_mod.disable_alarm()  # the pool's per-task timeout stops a slow letter
    plugins.get_formats()


def error_answer(err: ImrParseError) -> _Answer:
    return ("error", [c.__name__ for c in type(err).__mro__], err.message)


def answer(read: Callable[[], Letter]) -> _Answer:
    """A worker's answer for the letter ``read()`` parses; never raises."""
    try:
        letter = read()
    except ImrParseError as err:
        return error_answer(err)
    except Exception as err:  # a bug: report it as this letter's failure, keep the run going
        message = f"internal error: {type(err).__name__}: {err} (please report this)"
        return ("error", ["InternalError"], message)
    sha = letter.source.sha256 if letter.source else ""
    return ("ok", to_json(letter), (len(letter.warnings), sha))


def _parse_path(path: Path, limits: Limits, fmt: str | None) -> Letter:
    if path.is_dir():
        raise errors.UnreadableInput("is a directory", path.name)
    return parse(path, format=fmt, name=path.name, limits=limits)


def _parse_task(task: _Task) -> _Answer:
    path, limits, fmt = task
    return answer(lambda: _parse_path(Path(path), limits, fmt))


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
    paths: Iterable[Path], *, jobs: int | None, limits: Limits, format: str | None
) -> Iterator[_Raw]:
    tasks = ((str(p), limits, format) for p in paths)
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
        jobs=jobs or default_jobs(),
        on_overdue=overdue,
        on_died=died,
        deadline=deadline,
        init=_warm_up,
    )
    for (path_str, _, _), found in answers:
        yield _to_raw(Path(path_str), found)


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
        self, done: frozenset[str], limits: Limits, format: str | None
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
) -> Iterator[Parsed]:
    """Parse every file in ``paths`` in ``jobs`` worker processes (default: one per core).

    Yields a :class:`Parsed` per path in input order, whatever ``jobs``: the record, or the
    :class:`ImrParseError` that stopped it (a letter past ``limits.timeout`` is a
    :class:`ParseTimeout`, even when stuck in C code). Paths are read lazily, so a generator
    over millions of files is fine. Folders and globs: see :func:`discover`.

    Called from a script's top level without an ``if __name__ == "__main__":`` guard, it raises
    RuntimeError at once (the spawned workers would run the script again).
    """
    check_main_guard("parse_many()")
    raws = _parse_raw((Path(p) for p in paths), jobs=jobs, limits=limits or Limits(), format=format)
    return (
        Parsed(Path(raw.path), error=raw.error)
        if raw.json is None
        else Parsed(Path(raw.path), letter=from_dict(json.loads(raw.json)))
        for raw in raws
    )


# ---- the run ---------------------------------------------------------------------------------


class Observer(Protocol):
    """What the CLI watches of a run (progress bar, one line per failure)."""

    def start(self, total: int) -> None: ...

    def done(self, path: Path | str, error: ImrParseError | None) -> None: ...


@frozen
class Summary:
    """Counts of one run. ``parsed`` excludes ``with_warnings``; the two are records written."""

    parsed: int = 0
    with_warnings: int = 0
    failed: int = 0
    skipped: int = 0  # already in the output from an earlier run
    duplicates: int = 0  # same bytes as a letter earlier in this run
    exit_codes: frozenset[int] = frozenset()

    def line(self) -> str:
        return (
            f"{self.parsed} parsed, {self.with_warnings} parsed with warnings, "
            f"{self.failed} failed; {self.skipped} already in the output, "
            f"{self.duplicates} duplicates skipped"
        )


@define
class _Counts:
    parsed: int = 0
    with_warnings: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    codes: set[int] = field(factory=set)


def file_sha256(path: Path, max_bytes: int) -> str | None:
    """The sha256 of a file's bytes, None when it cannot be read or is over the size limit."""
    try:
        if path.stat().st_size > max_bytes:
            return None
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def run(
    paths: Sequence[PathArg],
    out: Path,
    *,
    jobs: int | None = None,
    limits: Limits | None = None,
    format: str | None = None,
    failures: Path | None = None,
    observer: Observer | None = None,
    overwrite: bool = False,
    engine: Engine | None = None,
) -> Summary:
    """Parse every letter ``paths`` names into ``out`` (.jsonl, .csv, .parquet, .sqlite), resumably.

    Letters already in ``out`` (by sha256 of the input) are skipped when the installed imrparse
    and plugin versions made them (others are parsed again); ``overwrite`` starts afresh;
    letters that failed before are tried again. A second copy of a letter within the run is
    written once. Failures go to ``failures`` as JSON lines ``{"path", "error", "message"}``
    and never stop the run. ``engine`` parses somewhere else than the local pool.
    """
    check_main_guard("imrparse.batch.run()")
    limits = limits or Limits()
    kind = output_kind(out)
    journal = journal_path(out)
    if format is not None:
        plugins.get_format(format)  # UnknownFormat now, rather than once per letter
    if kind == "parquet":  # no pyarrow: say so now, not after an hour of parsing
        check_available("pyarrow", "parquet", "Parquet output")
    if overwrite:
        resume.start_afresh(out, journal)
    done = resume.done(out, kind, journal)
    exclude = [out, journal] + ([failures] if failures else [])
    found: Sequence[Path | str] = (
        discover(paths, exclude=exclude)
        if engine is None
        else engine.discover([str(p) for p in paths], exclude)
    )
    if observer:
        observer.start(len(found))
    c = _Counts()

    def todo() -> Iterator[Path]:
        for path in map(Path, found):
            # Hash in the parent only when resuming: a fresh run has nothing to skip.
            if done and file_sha256(path, limits.max_bytes) in done:
                c.skipped += 1
                if observer:
                    observer.done(path, None)
                continue
            yield path

    written: set[str] = set()
    fail_fh: IO[str] | None = None
    try:
        if failures is not None:
            fail_fh = failures.open("w", encoding="utf-8")
        with JsonlLog(journal) as log:
            raws = (
                _parse_raw(todo(), jobs=jobs, limits=limits, format=format)
                if engine is None
                else (_to_raw(n, a) for n, a in engine.answers(frozenset(done), limits, format))
            )
            for raw in raws:
                if raw.skipped:
                    c.skipped += 1
                    if observer:
                        observer.done(raw.path, None)
                    continue
                if raw.error is not None:
                    c.failed += 1
                    c.codes.add(raw.error.exit_code)
                    if fail_fh:
                        fail_fh.write(json.dumps({
                            "path": str(raw.path),
                            "error": type(raw.error).__name__,
                            "message": raw.error.message,
                        }, ensure_ascii=False) + "\n")
                        fail_fh.flush()
                elif raw.json is not None:
                    sha = raw.sha256
                    if sha in written or sha in done:
                        c.duplicates += 1
                    else:
                        written.add(sha)
                        log.append(raw.json)
                        if raw.warnings:
                            c.with_warnings += 1
                        else:
                            c.parsed += 1
                if observer:
                    observer.done(raw.path, raw.error)
    finally:
        if fail_fh:
            fail_fh.close()
    if kind != "jsonl":
        write_table(out, kind, journal)
    return Summary(
        parsed=c.parsed,
        with_warnings=c.with_warnings,
        failed=c.failed,
        skipped=c.skipped,
        duplicates=c.duplicates,
        exit_codes=frozenset(c.codes),
    )


__all__ = [
    "Observer",
    "Parsed",
    "Summary",
    "discover",
    "parse_many",
    "run",
]
