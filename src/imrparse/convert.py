"""The one converter between records and JSON-ready dicts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import cattrs

from .models import Letter

converter = cattrs.Converter(
    forbid_extra_keys=True,
    unstruct_collection_overrides={Sequence: list, tuple: list},
)
converter.register_unstructure_hook(date, date.isoformat)
converter.register_structure_hook(date, lambda v, _t: date.fromisoformat(v))


def to_dict(letter: Letter) -> dict[str, Any]:
    """The record as SPEC.md's JSON object (dates ISO 8601, lists as lists)."""
    result: dict[str, Any] = converter.unstructure(letter)
    return result


def from_dict(data: dict[str, Any]) -> Letter:
    """Rebuild a record from :func:`to_dict`'s output; invalid data raises cattrs' errors."""
    return converter.structure(data, Letter)


def to_json(letter: Letter, *, indent: int | None = None) -> str:
    return json.dumps(to_dict(letter), indent=indent, ensure_ascii=False)
