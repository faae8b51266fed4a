"""The flat table: one row per determination, the letter's fields repeated on each row.

``COLUMNS`` is the one list of columns and their kinds, derived from the record's attrs classes;
CSV, Parquet and pandas all follow it.
pyarrow and pandas are optional and imported only here, only when asked for.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import typing
from collections.abc import Iterable
from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs

from .errors import MissingDependency
from .models import Determination, Guideline, Letter

if TYPE_CHECKING:
    import pandas as pd

# The table's columns are derived from the record's attrs classes, so a field added to the
# record appears here without a second list to keep in step. Nested classes are flattened with
# a prefix; a guideline becomes its text, citations, MTUS flags and pages.
_PREFIXES = {"dates": "date", "source": "source"}
_RENAMED = {"source_sha256": "sha256", "outcome": "letter_outcome"}
# Long text a table does not carry (it is in the JSONL record), and the rows' own list.
_LEFT_OUT = frozenset(("clinical_summary", "documents_reviewed", "determinations", "warnings"))
_KINDS = {str: "str", int: "int", date: "date", bool: "bool"}
_SOURCE_FIRST = ("sha256", "source_name", "source_format", "source_pages")


def _kind(tp: Any) -> str:
    """A column kind for a field type: str, int, date, bool or list[...] of one of those."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    origin = typing.get_origin(tp)
    if origin is tuple:
        return f"list[{_kind(args[0])}]"
    if origin is typing.Literal:
        return "str"
    if args and origin is not None:  # X | None
        return _kind(args[0])
    return _KINDS[tp]


def _fields(
    cls: type, prefix: str, renamed: dict[str, str] | None = None
) -> list[tuple[str, str, tuple[str, ...]]]:
    """(column, kind, attribute path) for each leaf field of ``cls``."""
    renamed = renamed or {}
    out: list[tuple[str, str, tuple[str, ...]]] = []
    hints = typing.get_type_hints(cls)
    for f in attrs.fields(cls):
        tp = hints[f.name]
        inner = [a for a in (tp, *typing.get_args(tp)) if attrs.has(a)]
        name = f"{prefix}_{f.name}" if prefix else f.name
        if tp is Guideline:
            base = f.name.removesuffix("_guideline")
            out += [
                (f"{base}_guideline", "str", (f.name, "text")),
                (f"{base}_citations", "list[str]", (f.name, "citations", "text")),
                (f"{base}_mtus", "list[bool]", (f.name, "citations", "mtus")),
                (f"{base}_pages", "list[int]", (f.name, "citations", "pages")),
            ]
        elif inner:
            sub = _PREFIXES.get(f.name, f.name if not prefix else name)
            out += [
                (renamed.get(c, c), k, (f.name, *path)) for c, k, path in _fields(inner[0], sub)
            ]
        else:
            out.append((renamed.get(name, name), _kind(tp), (f.name,)))
    return out


def _letter_fields() -> list[tuple[str, str, tuple[str, ...]]]:
    found = [f for f in _fields(Letter, "", _RENAMED) if f[2][0] not in _LEFT_OUT]
    # Where the row came from leads the row, its hash first, as the table has always had it.
    source = sorted(
        (f for f in found if f[2][0] == "source"),
        key=lambda f: _SOURCE_FIRST.index(f[0]) if f[0] in _SOURCE_FIRST else 99,
    )
    return source + [f for f in found if f[2][0] != "source"]


_LETTER = _letter_fields()
_ITEM = [("item_number", "int", ()), *_fields(Determination, "")]
_TAIL = [("warnings", "list[str]", ("warnings",))]
# (name, kind); kinds: str, int, date, bool, list[str], list[int], list[bool]
COLUMNS: tuple[tuple[str, str], ...] = tuple((c, k) for c, k, _ in (*_LETTER, *_ITEM, *_TAIL))
NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)


def _value(obj: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path``; through a tuple of objects (citations) it is a list of values."""
    for i, step in enumerate(path):
        if obj is None:
            return None
        if isinstance(obj, tuple):
            values = [_value(o, path[i:]) for o in obj]
            if values and all(isinstance(v, list) for v in values):
                # Pages of several citations: one flat list, in the letter's order.
                return [v for vs in values for v in vs]
            return values
        obj = getattr(obj, step)
    return list(obj) if isinstance(obj, tuple) else obj


def to_rows(letter: Letter) -> list[dict[str, Any]]:
    """The letter as flat rows, one per determination, keys in :data:`NAMES` order.

    A letter without determinations still gives one row (item fields null), so that no letter
    vanishes from a table. Values are Python values: ``date``, ``int``, lists as lists; a
    guideline's ``_pages`` list every page its citations cite, in the letter's order (which
    citation gave which page is in the JSONL record: join on sha256).
    """
    head = {name: _value(letter, path) for name, _, path in _LETTER}
    tail = {name: _value(letter, path) for name, _, path in _TAIL}
    items: list[tuple[int | None, Determination | None]] = list(
        enumerate(letter.determinations, 1)
    ) or [(None, None)]
    rows = []
    for number, d in items:
        item: dict[str, Any]
        if d is None:  # the item fields of a letter without items: null, lists empty
            item = {name: [] if kind.startswith("list") else None for name, kind, _ in _ITEM}
        else:
            item = {name: _value(d, path) if path else number for name, _, path in _ITEM}
        rows.append({**head, **item, **tail})
    return rows


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); a tab or
# carriage return can hide one. OWASP's advice: make it text with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One CSV cell: null is empty, lists are JSON arrays, booleans true/false, dates ISO;
    text that a spreadsheet would run as a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def optional_module(name: str, extra: str, purpose: str) -> ModuleType:
    """Import an optional library, or raise MissingDependency saying which extra gives it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise MissingDependency(
            f"{purpose} needs {name}, which is not installed: pip install 'imrparse[{extra}]'"
        ) from None


def check_available(name: str, extra: str, purpose: str) -> None:
    """MissingDependency unless ``name`` can be imported; does not import it (pyarrow is big,
    and a batch run should not carry it in memory until it writes the table)."""
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise MissingDependency(
            f"{purpose} needs {name}, which is not installed: pip install 'imrparse[{extra}]'"
        )


def arrow_schema() -> Any:
    """The Parquet/Arrow schema of the rows: lists stay lists, dates are date32."""
    pa = optional_module("pyarrow", "parquet", "Parquet output")
    kinds = {
        "str": pa.string(),
        "int": pa.int32(),
        "date": pa.date32(),
        "list[str]": pa.list_(pa.string()),
        "list[int]": pa.list_(pa.int32()),
        "list[bool]": pa.list_(pa.bool_()),
        "bool": pa.bool_(),
    }
    return pa.schema([pa.field(name, kinds[kind]) for name, kind in COLUMNS])


def to_dataframe(letters: Iterable[Letter]) -> pd.DataFrame:
    """A pandas DataFrame of :func:`to_rows` for every letter (``pip install 'imrparse[pandas]'``).

    The columns are Arrow-backed (``pd.ArrowDtype``) with the Parquet output's types: dates are
    ``date32`` (``datetime.date`` values), whole numbers nullable ``int32``, lists lists. So
    ``pd.read_parquet(OUT, dtype_backend="pyarrow")`` gives the same frame as this function.
    """
    pd_mod: Any = optional_module("pandas", "pandas", "to_dataframe()")
    pa = optional_module("pyarrow", "pandas", "to_dataframe()")
    rows = [row for letter in letters for row in to_rows(letter)]
    table = pa.Table.from_pylist(rows, schema=arrow_schema())
    frame: pd.DataFrame = table.to_pandas(types_mapper=pd_mod.ArrowDtype)
    return frame
