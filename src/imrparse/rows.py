"""The flat table: one row per determination, the letter's fields repeated on each row.

``COLUMNS`` is the one list of columns and their kinds; CSV, Parquet and pandas all follow it.
pyarrow and pandas are optional and imported only here, only when asked for.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Iterable
from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .errors import MissingDependency
from .models import Determination, Guideline, Letter

if TYPE_CHECKING:
    import pandas as pd

# (name, kind); kinds: str, int, date, list[str], list[int], list[bool]
COLUMNS: tuple[tuple[str, str], ...] = (
    ("sha256", "str"),
    ("source_name", "str"),
    ("source_format", "str"),
    ("source_pages", "int"),
    ("case_number", "str"),
    ("priority", "str"),
    ("date_assigned", "date"),
    ("date_injury", "date"),
    ("date_decision", "date"),
    ("date_ur_denial", "date"),
    ("date_application_received", "date"),
    ("reviewer_role", "str"),
    ("reviewer_specialties", "list[str]"),
    ("reviewer_subspecialties", "list[str]"),
    ("reviewer_licensed_in", "list[str]"),
    ("patient_age", "int"),
    ("patient_sex", "str"),
    ("letter_outcome", "str"),
    ("item_number", "int"),
    ("item", "str"),
    ("outcome", "str"),
    ("claims_administrator_guideline", "str"),
    ("claims_administrator_citations", "list[str]"),
    ("claims_administrator_mtus", "list[bool]"),
    ("claims_administrator_pages", "list[int]"),
    ("maximus_guideline", "str"),
    ("maximus_citations", "list[str]"),
    ("maximus_mtus", "list[bool]"),
    ("maximus_pages", "list[int]"),
    ("rationale", "str"),
    ("warnings", "list[str]"),
)
NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)
LIST_COLUMNS = frozenset(name for name, kind in COLUMNS if kind.startswith("list"))


def _guideline(prefix: str, g: Guideline | None) -> dict[str, Any]:
    cites = g.citations if g else ()
    return {
        f"{prefix}_guideline": g.text if g else None,
        f"{prefix}_citations": [c.text for c in cites],
        f"{prefix}_mtus": [c.mtus for c in cites],
        # Every page the guideline cites, in the letter's order; which citation gave which
        # page is in the JSONL record (join on sha256).
        f"{prefix}_pages": [p for c in cites for p in c.pages],
    }


def _determination(number: int | None, d: Determination | None) -> dict[str, Any]:
    return {
        "item_number": number,
        "item": d.item if d else None,
        "outcome": d.outcome if d else None,
        **_guideline("claims_administrator", d.claims_administrator_guideline if d else None),
        **_guideline("maximus", d.maximus_guideline if d else None),
        "rationale": d.rationale if d else None,
    }


def to_rows(letter: Letter) -> list[dict[str, Any]]:
    """The letter as flat rows, one per determination, keys in :data:`NAMES` order.

    A letter without determinations still gives one row (item fields null), so that no letter
    vanishes from a table. Values are Python values: ``date``, ``int``, lists as lists.
    """
    src, dates, rev = letter.source, letter.dates, letter.reviewer
    head: dict[str, Any] = {
        "sha256": src.sha256 if src else None,
        "source_name": src.name if src else None,
        "source_format": src.format if src else None,
        "source_pages": src.pages if src else None,
        "case_number": letter.case_number,
        "priority": letter.priority,
        "date_assigned": dates.assigned,
        "date_injury": dates.injury,
        "date_decision": dates.decision,
        "date_ur_denial": dates.ur_denial,
        "date_application_received": dates.application_received,
        "reviewer_role": rev.role,
        "reviewer_specialties": list(rev.specialties),
        "reviewer_subspecialties": list(rev.subspecialties),
        "reviewer_licensed_in": list(rev.licensed_in),
        "patient_age": letter.patient.age,
        "patient_sex": letter.patient.sex,
        "letter_outcome": letter.outcome,
    }
    tail = {"warnings": list(letter.warnings)}
    items: list[tuple[int | None, Determination | None]] = list(
        enumerate(letter.determinations, 1)
    ) or [(None, None)]
    return [{**head, **_determination(n, d), **tail} for n, d in items]


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
