"""Batch output files: the append-only JSONL log, CSV/Parquet tables written whole, SQLite.

A JSONL output gets one whole line per letter (a single ``write`` each, fsync in batches); on
resume a torn last line is cut off. CSV and Parquet cannot be appended safely, so the run logs
finished letters to a JSONL journal beside the output and :func:`write_table` builds the table
from it at the end into a temporary file that replaces the output in one ``os.replace``.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

try:
    import fcntl
except ImportError:  # not POSIX: runs are not locked (see OutputLock)
    fcntl = None  # type: ignore[assignment]

from . import sqlite_out
from .convert import from_dict
from .errors import BadOutput, UsageError, output_error
from .parse import special_kind
from .provenance import parquet_metadata
from .rows import NAMES, arrow_schema, csv_cell, optional_module, to_rows

Kind = Literal["jsonl", "csv", "parquet", "sqlite"]
KINDS: dict[str, Kind] = {
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".sqlite": "sqlite",
}
LETTERS_PER_CHUNK = 200  # letters per Parquet row group: bounds the memory of the final write


def output_kind(out: Path) -> Kind:
    try:
        return KINDS[out.suffix.lower()]
    except KeyError:
        raise ValueError(
            f"cannot tell the output type from {out.name!r}: name it .jsonl, .csv, .parquet "
            "or .sqlite"
        ) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_safe(line: str) -> str:
    """A JSON text writable as UTF-8: lone surrogates (from undecodable file names, which
    Python keeps as surrogate escapes) become ``\\udcXX`` escapes, which JSON readers turn
    back into the same string, so the name is kept losslessly."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)


def check_writable_target(path: Path) -> None:
    """Refuse an existing output path that is not a regular file before reading or writing it
    (a character device would be read without end while recovering, a FIFO would block)."""
    try:
        mode = path.stat().st_mode
    except OSError:  # absent (or unreachable: the first write says why, with its own code)
        return
    kind = special_kind(mode)
    if kind == "a directory":
        raise output_error(OSError(errno.EISDIR, os.strerror(errno.EISDIR)), str(path))
    if kind is not None:
        raise BadOutput(f"is {kind}, not a regular file; choose a file", str(path))


def journal_path(out: Path) -> Path:
    """Where a CSV/Parquet run logs finished letters; a JSONL output is its own journal."""
    return out if output_kind(out) == "jsonl" else out.with_name(out.name + ".partial.jsonl")


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as fh:
        for number, line in enumerate(fh, 1):
            try:
                record = json.loads(line)
            except ValueError:
                raise BadOutput(f"line {number} is not a JSON record", str(path)) from None
            if not isinstance(record, dict):
                raise BadOutput(f"line {number} is not a JSON record", str(path))
            yield record


def recover(path: Path) -> set[str]:
    """The sha256 of every letter in a JSONL log; a torn last line (a killed run) is cut off."""
    if not path.exists():
        return set()
    check_writable_target(path)
    try:
        fh = path.open("r+b")
    except OSError as err:
        raise output_error(err, str(path)) from None
    with fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        # Walk back from the end to the last newline: bytes after it are a partial write.
        end = size
        while end > 0:
            step = min(65536, end)
            fh.seek(end - step)
            chunk = fh.read(step)
            at = chunk.rfind(b"\n")
            if at >= 0:
                end = end - step + at + 1
                break
            end -= step
        if end < size:
            try:
                fh.truncate(end)
            except OSError as err:
                raise output_error(err, str(path)) from None
    done: set[str] = set()
    for record in _records(path):
        sha = (record.get("source") or {}).get("sha256")
        if isinstance(sha, str):
            done.add(sha)
    return done


class JsonlLog:
    """Append whole lines, one ``os.write`` each; fsync at most every ``sync_every`` s.

    A failed write is cut back to the last whole line before its error is raised, so the log
    stays resumable. ``path=None`` writes to stdout (no fsync, nothing to cut back).
    """

    def __init__(self, path: Path | None, sync_every: float = 1.0) -> None:
        self.path = path
        self.sync_every = sync_every
        self._fd = -1
        self._size = 0
        self._synced = 0.0

    @property
    def name(self) -> str:
        return str(self.path) if self.path is not None else "<stdout>"

    def __enter__(self) -> JsonlLog:
        if self.path is None:
            self._fd = 1
        else:
            try:
                self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            except OSError as err:
                raise output_error(err, self.name) from None
            self._size = os.fstat(self._fd).st_size
        self._synced = time.monotonic()
        return self

    def append(self, line: str) -> None:
        data = (json_safe(line) + "\n").encode("utf-8")
        try:
            written = os.write(self._fd, data)
            while written < len(data):  # a short write is rare on files; finish it
                written += os.write(self._fd, data[written:])
        except BrokenPipeError:
            if self.path is None:  # `-o - | head`: the reader has all it wants; cli ends quietly
                raise
            self._cut_back()
            raise output_error(BrokenPipeError(errno.EPIPE, "Broken pipe"), self.name) from None
        except OSError as err:
            self._cut_back()
            raise output_error(err, self.name) from None
        self._size += len(data)
        now = time.monotonic()
        if self.path is not None and now - self._synced >= self.sync_every:
            self._sync()
            self._synced = now

    def _cut_back(self) -> None:
        """Cut a partly written line off, so what was written stays whole lines."""
        if self.path is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self._size)

    def _sync(self) -> None:
        try:
            os.fsync(self._fd)
        except OSError as err:
            raise output_error(err, self.name) from None

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        if self.path is None:
            return
        try:
            if _t is None:
                self._sync()
            else:  # interrupted or failed: keep what can be kept, report the first error
                with contextlib.suppress(OSError):
                    os.fsync(self._fd)
        finally:
            os.close(self._fd)


class FailuresFile:
    """The ``--failures`` JSON lines, written to a temporary file that replaces FILE when the
    run ends (FILE is whole or untouched). A FILE that is not a regular file (``/dev/stderr``)
    is written in place."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            special = not stat.S_ISREG(path.stat().st_mode)
        except OSError:
            special = False
        self._target = path if special else path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self._fh: IO[str] | None = None

    def __enter__(self) -> FailuresFile:
        try:
            self._fh = self._target.open("w", encoding="utf-8")
        except OSError as err:
            raise output_error(err, str(self.path)) from None
        return self

    def write(self, record: dict[str, str]) -> None:
        assert self._fh is not None
        try:
            self._fh.write(json_safe(json.dumps(record, ensure_ascii=False)) + "\n")
            self._fh.flush()
        except OSError as err:
            raise output_error(err, str(self.path)) from None

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        assert self._fh is not None
        try:
            self._fh.close()
            if self._target != self.path:
                os.replace(self._target, self.path)
        except OSError as err:
            if _t is None:
                raise output_error(err, str(self.path)) from None
        finally:
            if self._target != self.path:
                self._target.unlink(missing_ok=True)


class OutputLock:
    """An exclusive lock on OUT for one run (``flock`` on ``OUT.lock``, removed at the end).

    A second run on the same OUT is refused at once rather than interleaved: two writers
    would duplicate JSONL lines or lose a table's letters with the shared journal.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out.with_name(out.name + ".lock")
        self._fd = -1

    def __enter__(self) -> OutputLock:
        if fcntl is None:
            return self
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            except OSError as err:
                raise output_error(err, str(self.out)) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise UsageError(
                    f"another imrparse batch is writing this output (it holds {self.path.name}); "
                    "wait for it to finish",
                    str(self.out),
                ) from None
            # The run before us may have removed the lock file after we opened it: then we
            # hold a lock on a deleted file, and must lock the current one instead.
            try:
                current = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                current = False
            if current:
                self._fd = fd
                return self
            os.close(fd)

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        if self._fd < 0:
            return
        self.path.unlink(missing_ok=True)  # while still locked: see __enter__
        os.close(self._fd)


def table_shas(out: Path, kind: Kind) -> set[str]:
    """The sha256 column of a finished CSV or Parquet output (checked to be ours)."""
    if not out.exists():
        return set()
    if kind == "sqlite":
        return sqlite_out.table_shas(out)
    if kind == "csv":
        with out.open(newline="", encoding="utf-8", errors="surrogateescape") as fh:
            reader = csv.reader(fh)
            if tuple(next(reader, ())) != NAMES:
                raise BadOutput("exists with other columns; choose a new output file", str(out))
            return {row[0] for row in reader if row and row[0]}
    pq = optional_module("pyarrow.parquet", "parquet", "Parquet output")
    try:
        schema = pq.read_schema(out)
    except Exception as err:  # pyarrow raises its own error types for a broken file
        raise BadOutput(f"is not a readable Parquet file ({err})", str(out)) from None
    if not schema.equals(arrow_schema()):
        raise BadOutput("exists with other columns; choose a new output file", str(out))
    column = pq.read_table(out, columns=["sha256"]).column("sha256").to_pylist()
    return {sha for sha in column if sha}


def _row_chunks(journal: Path, skip: set[str]) -> Iterator[list[dict[str, Any]]]:
    """Rows of the journal's letters, a chunk of letters at a time, leaving out ``skip``."""
    chunk: list[dict[str, Any]] = []
    letters = 0
    seen = set(skip)
    for record in _records(journal) if journal.exists() else iter(()):
        sha = (record.get("source") or {}).get("sha256")
        if isinstance(sha, str):
            if sha in seen:  # already in the output (a crash after the last replace)
                continue
            seen.add(sha)
        chunk.extend(to_rows(from_dict(record)))
        letters += 1
        if letters == LETTERS_PER_CHUNK:
            yield chunk
            chunk, letters = [], 0
    if chunk:
        yield chunk


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_table(out: Path, kind: Kind, journal: Path) -> None:
    """Rewrite ``out`` as its old rows plus the journal's letters, atomically; drop the journal.

    The table appears whole (``os.replace`` of a finished temporary file) or not at all; on
    an error (a full disk) the journal stays, so a rerun resumes.
    """
    if kind == "sqlite":  # one transaction instead of a temporary file
        sqlite_out.append(out, _records(journal) if journal.exists() else iter(()))
        journal.unlink(missing_ok=True)
        return
    old = table_shas(out, kind)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        if kind == "csv":
            _write_csv(tmp, out if out.exists() else None, _row_chunks(journal, old))
        else:
            _write_parquet(tmp, out if out.exists() else None, _row_chunks(journal, old))
        os.replace(tmp, out)
    except OSError as err:
        raise output_error(err, str(out)) from None
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(out.parent)
    journal.unlink(missing_ok=True)


def _write_csv(tmp: Path, old: Path | None, chunks: Iterator[list[dict[str, Any]]]) -> None:
    # surrogateescape: a file name that is not UTF-8 is written as its own bytes (lossless)
    with tmp.open("w", newline="", encoding="utf-8", errors="surrogateescape") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(NAMES)
        if old is not None:
            with old.open(newline="", encoding="utf-8", errors="surrogateescape") as src:
                reader = csv.reader(src)
                next(reader, None)
                writer.writerows(reader)
        for rows in chunks:
            writer.writerows([csv_cell(row[name]) for name in NAMES] for row in rows)
        fh.flush()
        os.fsync(fh.fileno())


def _arrow_safe(row: dict[str, Any]) -> dict[str, Any]:
    # Arrow strings must be UTF-8: an undecodable file name keeps its bytes as \udcXX text
    name = row["source_name"]
    if isinstance(name, str) and _SURROGATE.search(name):
        return {**row, "source_name": name.encode("utf-8", "backslashreplace").decode("ascii")}
    return row


def _write_parquet(tmp: Path, old: Path | None, chunks: Iterator[list[dict[str, Any]]]) -> None:
    pa = optional_module("pyarrow", "parquet", "Parquet output")
    pq = optional_module("pyarrow.parquet", "parquet", "Parquet output")
    schema = arrow_schema().with_metadata(parquet_metadata())
    with pq.ParquetWriter(tmp, schema) as writer:
        wrote = False
        if old is not None:
            for batch in pq.ParquetFile(old).iter_batches():
                writer.write_batch(batch)
                wrote = True
        for rows in chunks:
            writer.write_table(pa.Table.from_pylist([_arrow_safe(r) for r in rows], schema=schema))
            wrote = True
        if not wrote:  # no letters at all: still a file with the columns
            writer.write_table(schema.empty_table())
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
