"""The pipeline: read (a layout plugin) -> clean -> sections -> fields -> record."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO

from . import limits as _limits
from . import plugins
from .document import Document
from .errors import DamagedDocument, ImrParseError, NotAnImrLetter, UnreadableInput
from .formats import Format, decode_text
from .grammar.letter import build_letter
from .limits import Limits
from .models import Letter, Source

Input = str | bytes | os.PathLike[str] | BinaryIO


def _load(source: Input, max_bytes: int) -> tuple[bytes, str | None]:
    if isinstance(source, bytes):
        _limits.check_size(len(source))
        return source, None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            # Refuse an oversized file before reading a byte of it.
            _limits.check_size(path.stat().st_size)
            with path.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as err:
            raise UnreadableInput(f"cannot read: {err.strerror or err}", str(source)) from None
        except ImrParseError as err:
            err.source = path.name
            raise
        _limits.check_size(len(data))
        return data, path.name
    if hasattr(source, "read"):
        data = source.read(max_bytes + 1)
        _limits.check_size(len(data))
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
        try:
            decode_text(data[:65536])
        except DamagedDocument:
            raise NotAnImrLetter(
                "not an IMR letter: binary data that no installed layout reads"
            ) from None
        raise NotAnImrLetter("not an IMR letter: no installed layout recognises it")
    return best


def parse(
    source: Input,
    format: str | None = None,
    *,
    name: str | None = None,
    limits: Limits | None = None,
) -> Letter:
    """Parse one letter from a path, bytes or a binary file into a :class:`Letter`.

    The layout is recognised by content; ``format=`` forces one by name. A ``str`` is a
    path. ``limits`` bounds input size, PDF pages and time (defaults: :data:`limits.DEFAULT`).
    Every error is an :class:`ImrParseError` subclass whose ``source`` names the input.
    """
    limits = limits or _limits.DEFAULT
    with _limits.applied(limits):
        try:
            data, found_name = _load(source, limits.max_bytes)
            name = name or found_name
            if not data.strip():
                raise NotAnImrLetter("empty input: nothing to parse")
            fmt = plugins.get_format(format) if format else choose_format(data)
            document = fmt.read(data)
            _limits.check_time()
            return parse_document(document, format=fmt.name, name=name, data=data)
        except ImrParseError as err:
            err.source = err.source or name
            raise
        except RecursionError:
            raise DamagedDocument("structure nested too deeply to read", name) from None


def parse_document(
    document: Document, *, format: str, name: str | None = None, data: bytes = b""
) -> Letter:
    """Run the shared grammar over a layout's :class:`Document`."""
    source = Source(
        format=format,
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        pages=document.pages,
        parser=plugins.parser_of(format),
    )
    return build_letter(document, source)
