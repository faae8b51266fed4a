"""The pipeline: read (a layout plugin) -> clean -> sections -> fields -> record."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

import attrs

from . import limits as _limits
from . import options as _options
from . import plugins
from .document import Document
from .errors import (
    DamagedDocument,
    ImrParseError,
    InputTooLarge,
    InternalError,
    NotAnImrLetter,
    UnreadableInput,
    UnrecognisedInput,
)
from .formats import Format, decode_text, sniffing
from .grammar.letter import build_letter
from .limits import Limits
from .models import Letter, Source

Input = str | bytes | os.PathLike[str] | BinaryIO


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def special_kind(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO", ...), None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; UnreadableInput for anything else, never blocking.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer, and the
    check runs on the opened descriptor, so a file swapped after a stat() is caught too.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise UnreadableInput(f"cannot read: {err.strerror or err}", str(path)) from None
    kind = special_kind(os.fstat(fd).st_mode)
    if kind is not None:
        os.close(fd)
        reason = "is a directory" if kind == "a directory" else f"is {kind}, not a file; not read"
        raise UnreadableInput(reason, str(path))
    return os.fdopen(fd, "rb")


def _short(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[:width] + "...")


def _load(source: Input, max_bytes: int) -> tuple[bytes, str | None]:
    if isinstance(source, bytes):
        _limits.check_size(len(source))
        return source, None
    if isinstance(source, str):
        try:
            exists = os.path.lexists(source)
        except ValueError:  # a NUL in the string: certainly text, not a path
            exists = False
        if not exists:
            raise UnreadableInput(
                "no such file (a str is a path; to parse a letter's text, call "
                "imrparse.parse_text)",
                _short(source),
            )
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            with open_regular(path) as fh:
                # Refuse an oversized file before reading a byte of it.
                _limits.check_size(os.fstat(fh.fileno()).st_size)
                data = fh.read(max_bytes + 1)
        except OSError as err:
            raise UnreadableInput(f"cannot read: {err.strerror or err}", path.name) from None
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
    raise TypeError(f"cannot read a {type(source).__name__}")  # parse() checked the type


def choose_format(data: bytes) -> Format:
    """The installed layout most sure of ``data``; NotAnImrLetter when none claims it."""
    best: Format | None = None
    best_score = 0.0
    with sniffing():  # (the text layouts ask the same questions of the input: answered once)
        for fmt in plugins.get_formats().values():
            score = fmt.sniff(data)
            if score > best_score:
                best, best_score = fmt, score
    if best is None:
        try:
            decode_text(data[:65536])
        except DamagedDocument:
            raise UnrecognisedInput(
                "not an IMR letter: binary data that no installed layout reads"
            ) from None
        raise UnrecognisedInput("not an IMR letter: no installed layout recognises it")
    return best


def parse(
    source: Input,
    format: str | None = None,
    *,
    name: str | None = None,
    limits: Limits | None = None,
    pdf_engine: str | None = None,
    layout: str | None = None,
) -> Letter:
    """Parse one letter from a path, bytes or a binary file into a :class:`Letter`.

    The layout is recognised by content; ``layout=`` (or ``format=``, its first name) forces
    one by name. A ``str`` is a
    path (one that does not exist gets an error saying so); text goes to :func:`parse_text`.
    ``limits`` bounds input size, PDF pages and time (defaults: :data:`limits.DEFAULT`).
    ``pdf_engine`` picks what reads a PDF: ``"pypdfium2"`` (default) or ``"pdfplumber"``.
    Every error is an :class:`ImrParseError` subclass whose ``source`` names the input.
    """
    if not isinstance(source, (bytes, str, os.PathLike)) and not hasattr(source, "read"):
        kind = type(source).__name__
        raise TypeError(f"parse() takes a path, bytes or a binary file, not {kind}")
    limits = limits or _limits.DEFAULT
    format = format or layout
    with (
        _limits.applied(limits),
        _limits.noting() as notes,
        _options.applied(pdf_engine=pdf_engine),
    ):
        try:
            data, found_name = _load(source, limits.max_bytes)
            name = name or found_name
            if not data.strip():
                raise NotAnImrLetter("empty input: nothing to parse")
            fmt = plugins.get_format(format) if format else choose_format(data)
            document = fmt.read(data)
            _limits.check_time()
            letter = parse_document(document, format=fmt.name, name=name, data=data)
        except ImrParseError as err:
            err.source = err.source or name
            raise
        except RecursionError:
            raise DamagedDocument("structure nested too deeply to read", name) from None
        except MemoryError:
            raise InputTooLarge("ran out of memory while parsing", name) from None
        except Exception as err:  # a bug in imrparse or a plugin: still one typed error
            raise InternalError(internal_message(err), name) from err
        if notes:  # e.g. invalid UTF-8 replaced while decoding, which has no record to warn on
            letter = attrs.evolve(letter, warnings=(*letter.warnings, *notes))
        return letter


def internal_message(err: BaseException) -> str:
    """The one-line message of an unexpected exception (a bug), for InternalError."""
    detail = " ".join(str(err).split())[:300]
    return f"internal error: {type(err).__name__}: {detail} (please report this)"


def parse_text(
    text: str,
    format: str | None = None,
    *,
    name: str | None = None,
    limits: Limits | None = None,
) -> Letter:
    """Parse a letter given as text (a ``str``), as :func:`parse` parses its UTF-8 bytes."""
    if not isinstance(text, str):
        raise TypeError(f"parse_text() takes a str, not {type(text).__name__}")
    # surrogateescape gives back the bytes of text read with it (e.g. file names, os.fsdecode)
    try:
        data = text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        raise DamagedDocument("text holds lone surrogates, not characters", name) from None
    return parse(data, format, name=name, limits=limits)


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
