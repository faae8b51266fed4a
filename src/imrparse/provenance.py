"""Which parser made a record, and which parsers are installed now."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from . import plugins
from .convert import converter
from .models import Parser

PARQUET_KEY = b"imrparse.parsers"


def current() -> dict[str, Parser]:
    """The parser of every installed layout, by layout name."""
    return {
        info.format.name: plugins.parser_of(info.format.name) for info in plugins.format_infos()
    }


def is_current(record: Mapping[str, Any], parsers: Mapping[str, Parser]) -> bool:
    """True when the record (JSON) was made by the parser now installed for its layout."""
    source = record.get("source") or {}
    made_by = source.get("parser")
    want = parsers.get(str(source.get("format")))
    return want is not None and made_by == converter.unstructure(want)


def parquet_metadata() -> dict[bytes, bytes]:
    """The file metadata of a Parquet output: which parser made each layout's rows."""
    value = {name: converter.unstructure(p) for name, p in sorted(current().items())}
    return {PARQUET_KEY: json.dumps(value).encode()}
