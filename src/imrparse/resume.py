"""What a rerun may skip: letters already in the output, made by the installed versions.

A record says which imrparse and plugin made it (``source.parser``). On resume, letters made by
other versions (or by a version that did not record itself) are removed from the output and
parsed again; the rest are skipped. JSONL and the journal hold the parser per record, SQLite per
row, Parquet in the file's metadata (per layout, as ``imrparse.parsers``); CSV has no place for
it, so a CSV output is resumed by sha256 alone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import sqlite_out
from .convert import converter
from .models import Parser
from .provenance import PARQUET_KEY, current, is_current, parquet_metadata
from .rows import optional_module
from .writers import Kind, recover, table_shas


def _drop_stale_lines(path: Path, parsers: Mapping[str, Parser]) -> None:
    """Rewrite a JSONL file without records by other versions (atomically; only if any)."""
    if not path.exists():
        return
    with path.open("rb") as fh:
        if all(is_current(json.loads(line), parsers) for line in fh if line.strip()):
            return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with path.open("rb") as src, tmp.open("wb") as dst:
            for line in src:
                if line.strip() and is_current(json.loads(line), parsers):
                    dst.write(line)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _drop_stale_parquet(path: Path, parsers: Mapping[str, Parser]) -> None:
    if not path.exists():
        return
    pa = optional_module("pyarrow", "parquet", "Parquet output")
    pc = optional_module("pyarrow.compute", "parquet", "Parquet output")
    pq = optional_module("pyarrow.parquet", "parquet", "Parquet output")
    table_shas(path, "parquet")  # BadOutput unless it is ours
    meta = pq.read_schema(path).metadata or {}
    made_by = json.loads(meta.get(PARQUET_KEY, b"{}"))
    fresh = [
        f for f, p in made_by.items() if f in parsers and converter.unstructure(parsers[f]) == p
    ]
    if set(fresh) == set(made_by) and PARQUET_KEY in meta:
        return
    source = pq.ParquetFile(path)
    schema = source.schema_arrow.with_metadata(parquet_metadata())
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with pq.ParquetWriter(tmp, schema) as writer:
            for batch in source.iter_batches():
                keep = pc.is_in(
                    batch.column("source_format"), value_set=pa.array(fresh, pa.string())
                )
                writer.write_table(pa.Table.from_batches([batch.filter(keep)], schema=schema))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _sqlite_row_is_current(parsers: Mapping[str, Parser]) -> Callable[[dict[str, Any]], bool]:
    def keep(row: dict[str, Any]) -> bool:
        want = parsers.get(row["source_format"])
        return want is not None and (
            row["source_parser_imrparse"],
            row["source_parser_plugin"],
            row["source_parser_plugin_version"],
        ) == (want.imrparse, want.plugin, want.plugin_version)

    return keep


def start_afresh(out: Path, journal: Path) -> None:
    """``--overwrite``: forget an earlier run's output and journal."""
    for path in {out, journal}:
        path.unlink(missing_ok=True)


def done(out: Path, kind: Kind, journal: Path) -> set[str]:
    """The sha256 of the letters a rerun may skip; letters by other versions are removed from
    the output and journal first, so that they are parsed again and written once."""
    parsers = current()
    shas = recover(journal)  # cuts a torn last line off
    if shas:
        _drop_stale_lines(journal, parsers)
        shas = recover(journal)
    if kind == "parquet":
        _drop_stale_parquet(out, parsers)
    elif kind == "sqlite":
        sqlite_out.delete_letters(out, _sqlite_row_is_current(parsers))
    if kind != "jsonl":
        shas |= table_shas(out, kind)
    return shas
