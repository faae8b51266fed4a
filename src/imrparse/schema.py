"""A JSON Schema of the record, derived from the attrs classes so it cannot drift from them."""

from __future__ import annotations

import types
import typing
from datetime import date
from typing import Any

import attrs

from .models import Letter


def _schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema(a, defs) for a in args]}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if origin is tuple:
        return {"type": "array", "items": _schema(args[0], defs)}
    if tp is type(None):
        return {"type": "null"}
    if tp is date:
        return {"type": "string", "format": "date"}
    simple = {str: "string", int: "integer", bool: "boolean", float: "number"}
    if tp in simple:
        return {"type": simple[tp]}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder first: guards against recursion
            hints = typing.get_type_hints(tp)
            fields = attrs.fields(tp)
            defs[name] = {
                "type": "object",
                "description": (tp.__doc__ or "").strip().split("\n")[0],
                "properties": {f.name: _schema(hints[f.name], defs) for f in fields},
                "required": [f.name for f in fields if not f.metadata.get("optional")],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {tp!r}")


def record_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of ``imrparse.to_dict(letter)``."""
    defs: dict[str, Any] = {}
    root = _schema(Letter, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "IMR final determination letter",
        **root,
        "$defs": defs,
    }
