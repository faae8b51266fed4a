"""Batch output files: the append-only JSONL log, CSV/Parquet tables written whole, SQLite.

A JSONL output gets one whole line per letter (a single ``write`` each, fsync in batches); on
resume a torn last line is cut off. CSV and Parquet cannot be appended safely, so the run logs
finished letters to a JSONL journal beside the output and :func:`write_table` builds the table
from it at the end into a temporary file that replaces the output in one ``os.replace``.
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from . import sqlite_out
from .convert import from_dict
from .errors import BadOutput
from .provenance import parquet_metadata
from .rows import NAMES, arrow_schema, csv_cell, optional_module, to_rows

Kind = Literal["jsonl", "csv", "parquet", "sqlite"]
KINDS: dict[str, Kind] = {
    ".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet", ".sqlite": "sqlite"
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
    with path.open("r+b") as fh:
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
            fh.truncate(end)
    done: set[str] = set()
    for record in _records(path):
        sha = (record.get("source") or {}).get("sha256")
        if isinstance(sha, str):
            done.add(sha)
    return done


class JsonlLog:
    """Append whole lines, one ``os.write`` each; fsync at most every ``sync_every`` s."""

    def __init__(self, path: Path, sync_every: float = 1.0) -> None:
        self.path = path
        self.sync_every = sync_every
        self._fd = -1
        self._synced = 0.0

    def __enter__(self) -> JsonlLog:
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        self._synced = time.monotonic()
        return self

    def append(self, line: str) -> None:
        data = (line + "\n").encode("utf-8")
        written = os.write(self._fd, data)
        while written < len(data):  # a short write is rare on files; finish it
            written += os.write(self._fd, data[written:])
        now = time.monotonic()
        if now - self._synced >= self.sync_every:
            os.fsync(self._fd)
            self._synced = now

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        os.fsync(self._fd)
        os.close(self._fd)


def table_shas(out: Path, kind: Kind) -> set[str]:
    """The sha256 column of a finished CSV or Parquet output (checked to be ours)."""
    if not out.exists():
        return set()
    if kind == "sqlite":
        return sqlite_out.table_shas(out)
    if kind == "csv":
        with out.open(newline="", encoding="utf-8") as fh:
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

    The table appears whole (``os.replace`` of a finished temporary file) or not at all.
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
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(out.parent)
    journal.unlink(missing_ok=True)


def _write_csv(tmp: Path, old: Path | None, chunks: Iterator[list[dict[str, Any]]]) -> None:
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(NAMES)
        if old is not None:
            with old.open(newline="", encoding="utf-8") as src:
                reader = csv.reader(src)
                next(reader, None)
                writer.writerows(reader)
        for rows in chunks:
            writer.writerows([csv_cell(row[name]) for name in NAMES] for row in rows)
        fh.flush()
        os.fsync(fh.fileno())


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
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            wrote = True
        if not wrote:  # no letters at all: still a file with the columns
            writer.write_table(schema.empty_table())
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
