"""The pipeline: read (a layout plugin) -> clean -> sections -> fields -> record."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO

from . import plugins
from .document import Document
from .errors import ImrParseError, NotAnImrLetter, UnreadableInput
from .formats import Format
from .grammar.letter import build_letter
from .models import Letter, Source

Input = str | bytes | os.PathLike[str] | BinaryIO


def _load(source: Input) -> tuple[bytes, str | None]:
    if isinstance(source, bytes):
        return source, None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            return path.read_bytes(), path.name
        except OSError as err:
            raise UnreadableInput(f"cannot read: {err.strerror or err}", str(source)) from None
    if hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        name = getattr(source, "name", None)
        return data, Path(name).name if isinstance(name, str) else None
    raise TypeError(f"parse() takes a path, bytes or a binary file, not {type(source).__name__}")


def choose_format(data: bytes) -> Format:
    """The installed layout most sure of ``data``; NotAnImrLetter when none claims it."""
    best: Format | None = None
    best_score = 0.0
    for fmt in plugins.get_formats().values():
        score = fmt.sniff(data)
        if score > best_score:
            best, best_score = fmt, score
    if best is None:
        raise NotAnImrLetter("not an IMR letter: no installed layout recognises it")
    return best


def parse(source: Input, format: str | None = None, *, name: str | None = None) -> Letter:
    """Parse one letter from a path, bytes or a binary file into a :class:`Letter`.

    The layout is recognised by content; ``format=`` forces one by name. A ``str`` is a
    path. Errors are :class:`ImrParseError` subclasses whose message names the input.
    """
    data, found_name = _load(source)
    name = name or found_name
    try:
        if not data.strip():
            raise NotAnImrLetter("empty input: nothing to parse")
        fmt = plugins.get_format(format) if format else choose_format(data)
        document = fmt.read(data)
        return parse_document(document, format=fmt.name, name=name, data=data)
    except ImrParseError as err:
        err.source = err.source or name
        raise


def parse_document(
    document: Document, *, format: str, name: str | None = None, data: bytes = b""
) -> Letter:
    """Run the shared grammar over a layout's :class:`Document`."""
    source = Source(
        format=format,
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        pages=document.pages,
    )
    return build_letter(document, source)
