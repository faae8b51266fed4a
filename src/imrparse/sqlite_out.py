"""SQLite output: the records as normalised tables, ready for datasette.

``letters`` (one row per letter), ``determinations`` (``letter_id``) and ``citations``
(``determination_id``, and ``field``: which guideline cited it). The columns are derived from
the attrs classes: a nested record is flattened with its field name as prefix
(``dates_decision``, ``source_parser_imrparse``), a list of records becomes a child table, a
list of plain values a JSON array in a TEXT column. A field added to the models appears here
with no change to this file.
"""

from __future__ import annotations

import json
import sqlite3
import types
import typing
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from .convert import from_dict
from .errors import BadOutput, OutputDiskFull, OutputError, OutputReadOnly
from .models import Citation, Determination, Letter

TABLES: dict[type, str] = {
    Letter: "letters",
    Determination: "determinations",
    Citation: "citations",
}
# Indexed for the questions people ask: a case, an outcome, a decision date.
INDEXES: tuple[tuple[str, str], ...] = (
    ("letters", "case_number"),
    ("letters", "outcome"),
    ("letters", "dates_decision"),
    ("determinations", "outcome"),
    ("determinations", "letter_id"),
    ("citations", "determination_id"),
)
SHA = "source_sha256"

Getter = Callable[[Any], Any]


@attrs.frozen
class _Column:
    name: str
    sql: str
    get: Getter


@attrs.frozen
class _Child:
    """A list of records under a parent: ``field`` names where it hangs (for citations, which
    guideline), ``get`` returns the tuple."""

    cls: type
    field: str
    get: Getter


def _chain(outer: Getter, name: str) -> Getter:
    def get(obj: Any) -> Any:
        inner = outer(obj)
        return None if inner is None else getattr(inner, name)

    return get


def _strip_none(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp


def _sql_type(tp: Any) -> str:
    if tp in (int, bool):
        return "INTEGER"
    if tp is float:
        return "REAL"
    return "TEXT"  # str, Literal, date (ISO 8601), JSON arrays


def _walk(
    cls: type, prefix: str = "", get: Getter = lambda o: o
) -> tuple[list[_Column], list[_Child]]:
    columns: list[_Column] = []
    children: list[_Child] = []
    hints = typing.get_type_hints(cls)
    for f in attrs.fields(cls):
        tp = _strip_none(hints[f.name])
        name = prefix + f.name
        getter = _chain(get, f.name)
        if attrs.has(tp):
            sub_columns, sub_children = _walk(tp, name + "_", getter)
            columns += sub_columns
            children += sub_children
        elif typing.get_origin(tp) is tuple and attrs.has(typing.get_args(tp)[0]):
            # ``field`` names the record holding the list (which guideline), else the list
            children.append(_Child(typing.get_args(tp)[0], prefix.rstrip("_") or name, getter))
        elif typing.get_origin(tp) is tuple:
            columns.append(_Column(name, "TEXT", getter))
        else:
            columns.append(_Column(name, _sql_type(tp), getter))
    return columns, children


def _cell(value: Any) -> Any:
    if isinstance(value, tuple):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    return value


@attrs.frozen
class _Table:
    name: str
    columns: list[_Column]
    children: list[_Child]
    parent: str | None  # the parent table's key column, e.g. letter_id
    parent_table: str | None
    with_field: bool  # reached by more than one field of its parent: say which

    def keys(self) -> list[str]:
        head = ["id"]
        if self.parent:
            head += [self.parent, "position"] + (["field"] if self.with_field else [])
        return head + [c.name for c in self.columns]

    def create(self) -> str:
        head = ["id INTEGER PRIMARY KEY"]
        if self.parent:
            head.append(
                f"{self.parent} INTEGER NOT NULL REFERENCES {self.parent_table}(id) "
                "ON DELETE CASCADE"
            )
            head.append("position INTEGER NOT NULL")
            if self.with_field:
                head.append("field TEXT NOT NULL")
        body = [f"{c.name} {c.sql}" for c in self.columns]
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({', '.join(head + body)})"


def _tables() -> dict[type, _Table]:
    tables: dict[type, _Table] = {}

    def add(cls: type, parent_cls: type | None, with_field: bool) -> None:
        columns, children = _walk(cls)
        parent_table = TABLES[parent_cls] if parent_cls else None
        parent = parent_table[:-1] + "_id" if parent_table else None
        tables[cls] = _Table(TABLES[cls], columns, children, parent, parent_table, with_field)
        counts = typing.Counter(child.cls for child in children)
        for child_cls in dict.fromkeys(child.cls for child in children):
            add(child_cls, cls, counts[child_cls] > 1)

    add(Letter, None, False)
    return tables


def schema_sql() -> list[str]:
    """The CREATE statements of the tables and their indexes."""
    statements = [t.create() for t in _tables().values()]
    statements.append(f"CREATE UNIQUE INDEX IF NOT EXISTS letters_{SHA} ON letters({SHA})")
    statements += [
        f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table}({column})"
        for table, column in INDEXES
    ]
    return statements


def _connect(path: Path) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as err:
        raise BadOutput(f"is not a readable SQLite database ({err})", str(path)) from None
    return db


def _check_ours(db: sqlite3.Connection, path: Path) -> bool:
    """True when the tables exist with our columns, False when the database is empty."""
    try:
        found = {
            name: [row[1] for row in db.execute(f"PRAGMA table_info({name})")]
            for name in TABLES.values()
        }
    except sqlite3.DatabaseError as err:
        raise BadOutput(f"is not a readable SQLite database ({err})", str(path)) from None
    if not any(found.values()):
        return False
    if any(found[t.name] != t.keys() for t in _tables().values()):
        raise BadOutput("exists with other columns; choose a new output file", str(path))
    return True


def table_shas(path: Path) -> set[str]:
    """The sha256 of every letter in the database (checked to be ours)."""
    if not path.exists():
        return set()
    db = _connect(path)
    try:
        if not _check_ours(db, path):
            return set()
        return {row[0] for row in db.execute(f"SELECT {SHA} FROM letters") if row[0]}
    finally:
        db.close()


def _insert(db: sqlite3.Connection, tables: dict[type, _Table], obj: Any, key: list[Any]) -> None:
    table = tables[type(obj)]
    names = table.keys()[1:]
    values = [*key, *(_cell(c.get(obj)) for c in table.columns)]
    cursor = db.execute(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        values,
    )
    for child in table.children:
        sub = tables[child.cls]
        for position, item in enumerate(child.get(obj) or (), 1):
            head = [cursor.lastrowid, position] + ([child.field] if sub.with_field else [])
            _insert(db, tables, item, head)


def append(path: Path, records: Iterable[dict[str, Any]]) -> None:
    """Add the records (JSON dicts) whose sha256 is not in the database yet, in one
    transaction: after a crash the database holds all of them or none."""
    db = _connect(path)
    try:
        db.execute("BEGIN IMMEDIATE")
        exists = _check_ours(db, path)
        if not exists:
            for statement in schema_sql():
                db.execute(statement)
        tables = _tables()
        seen = {row[0] for row in db.execute(f"SELECT {SHA} FROM letters")}
        for record in records:
            letter = from_dict(record)
            sha = letter.source.sha256 if letter.source else None
            if sha is not None and sha in seen:
                continue
            if sha is not None:
                seen.add(sha)
            _insert(db, tables, letter, [])
        db.execute("COMMIT")
    except BaseException as err:
        if db.in_transaction:
            db.execute("ROLLBACK")
        if isinstance(err, sqlite3.OperationalError):  # a full disk, a read-only file
            raise _output_error(err, path) from None
        raise
    finally:
        db.close()


def _output_error(err: sqlite3.Error, path: Path) -> OutputError:
    text = str(err)
    cls = (
        OutputDiskFull if "full" in text else OutputReadOnly if "readonly" in text else OutputError
    )
    reason = f"cannot write: {text}; what was written before is kept, a rerun resumes"
    return cls(reason, str(path))


def delete_letters(path: Path, keep: Callable[[dict[str, Any]], bool]) -> int:
    """Delete the letters (with their determinations and citations) whose row fails ``keep``;
    the number deleted."""
    if not path.exists():
        return 0
    db = _connect(path)
    try:
        if not _check_ours(db, path):
            return 0
        db.row_factory = sqlite3.Row
        stale = [row["id"] for row in db.execute("SELECT * FROM letters") if not keep(dict(row))]
        if stale:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("DELETE FROM letters WHERE id = ?", [(i,) for i in stale])
            db.execute("COMMIT")
        return len(stale)
    finally:
        db.close()
