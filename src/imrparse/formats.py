"""The base class of a layout plugin, and helpers every text-based layout needs."""

from __future__ import annotations

import codecs
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import ClassVar, TypeVar

from . import limits as _limits
from . import vocabulary
from .document import Block, Document, HeaderField
from .errors import DamagedDocument
from .grammar.scan import Folded, lowered, replace_present


class Layout(ABC):
    """One letter layout. Subclass it and register an instance from ``register_formats``.

    ``name`` goes into ``source.format`` of every record the plugin reads. ``examples`` is a
    folder of example letters, each with an expected record beside it (``x.txt`` and
    ``x.json``); :mod:`imrparse.testing` checks them.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""
    examples: ClassVar[Path | None] = None

    @abstractmethod
    def sniff(self, data: bytes) -> float:
        """How sure this layout is that ``data`` is one of its letters, from 0.0 to 1.0.

        Decide by content, never by file name. Return 0.0 for anything not yours; cheap
        checks only, as every installed layout sniffs every input.
        """

    @abstractmethod
    def read(self, data: bytes) -> Document:
        """Turn the input into text with structure. Raise imrparse's typed errors only."""


# The name the first releases used; plugins written against it keep working.
Format = Layout


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_SPACES_AND_INVISIBLE = (
    *((space, " ") for space in vocabulary.UNICODE_SPACES),
    *((char, "") for char in vocabulary.INVISIBLE),
)


# An email's quoting: every line opening with ">" (a letter forwarded, then copied).
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)


def _unquoted(text: str) -> str:
    """``text`` without an email's quote marks, where every line that holds anything is quoted."""
    if not text.lstrip().startswith(">"):
        return text  # (every letter but a quoted one: no line is looked at)
    if any(line.strip() and not line.lstrip().startswith(">") for line in text.split("\n")):
        return text
    return _QUOTE.sub("", text)


def _as_read(text: str) -> str:
    """``text`` with Unicode's spaces as ASCII's, invisible characters dropped and an email's
    quote marks taken off (see :func:`decode_text`)."""
    if not text.isascii():
        text = replace_present(text, _SPACES_AND_INVISIBLE)
    return _unquoted(text)


def decode_text(data: bytes) -> str:
    """Decode a text letter: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252.

    Unicode's spaces (no-break, thin, ...) come back as ASCII spaces and invisible characters
    (soft hyphens, zero-width ones) are dropped (``vocabulary.UNICODE_SPACES``, ``INVISIBLE``):
    a layout's structure is read from spaces, and no letter means anything by them. A text
    quoted as an email quotes it (every line opening with ">") comes back unquoted.

    UTF-8 with a few invalid bytes stays UTF-8: they become U+FFFD and the record gets a
    warning. Windows-1252 is used only for text with no valid UTF-8 multi-byte sequence at
    all, so one bad byte never turns a UTF-8 letter into mojibake. Bytes that are none of
    these (binary data) raise DamagedDocument.
    """
    return _as_read(_decode(data))


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as err:
                raise DamagedDocument(f"not valid {codec} text: {err.reason}") from None
    if b"\x00" in data:
        raise DamagedDocument("binary data, not text (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.count("\ufffd".encode())
    # Non-ASCII characters that are not replacements came from valid multi-byte sequences:
    # evidence of UTF-8 that Windows-1252 text practically never gives.
    valid = sum(1 for c in replaced if c > "\x7f") - replaced.count("\ufffd")
    if valid > 0 and (bad <= valid or bad * 100 <= len(replaced)):
        text = replaced
        _limits.note(f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD in the text")
    else:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise DamagedDocument("neither UTF-8 nor Windows-1252 text") from None
        if valid > 0:  # mostly broken UTF-8: say which codec was used instead
            _limits.note(f"not valid UTF-8 ({bad} invalid byte sequences); read as Windows-1252")
    controls = sum(1 for c in text if c < " " and c not in "\t\n\r\f")
    if controls > len(text) // 100:
        raise DamagedDocument("binary data, not text (control characters)")
    return text


# While every layout sniffs one input (see sniffing), each answer of sniff_head and has_marker
# is kept, so that the layouts asking the same question share one answer: (id of the object
# asked about, the other argument) -> (that object, kept alive so that no other takes its id
# meanwhile; the answer).
_SNIFFED: ContextVar[dict[tuple[int, object], tuple[object, object]] | None] = ContextVar(
    "imrparse_sniffed", default=None
)
_T = TypeVar("_T")


@contextmanager
def sniffing() -> Iterator[None]:
    """While every layout sniffs the same input: :func:`sniff_head` and :func:`has_marker`
    answer each question once (the text layouts ask the same ones)."""
    token = _SNIFFED.set({})
    try:
        yield
    finally:
        _SNIFFED.reset(token)


def _once(about: object, other: object, answer: Callable[[], _T]) -> _T:
    """``answer()``, or while sniffing, the answer already given about the same object."""
    kept = _SNIFFED.get()
    if kept is None:
        return answer()
    key = (id(about), other)
    hit = kept.get(key)
    if hit is not None and hit[0] is about:
        return hit[1]  # type: ignore[return-value]  # (stored by this function, as _T)
    value = answer()
    kept[key] = (about, value)
    return value


def sniff_head(data: bytes, size: int) -> str | None:
    """The first ``size`` bytes of a text letter as text, for a layout's cheap ``sniff``.

    UTF-16 (with a BOM) is decoded; other bytes are read as UTF-8, undecodable ones replaced,
    since a sniff looks for words, not for exact text. Spaces are as :func:`decode_text`
    gives them. None for binary data (NUL bytes, as in a PDF): no text layout is ever sure
    of that.
    """
    return _once(data, size, lambda: _sniff_head(data, size))


def _sniff_head(data: bytes, size: int) -> str | None:
    head = data[:size]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _as_read(head.decode("utf-16", errors="ignore"))
    if b"\x00" in head:
        return None
    return _as_read(head.decode("utf-8", errors="replace"))


# How much of a text's start has_marker searches first (markers open a letter).
_MARKER_START = 2048


@cache
def _markers(space: str) -> Folded:
    return Folded(vocabulary.markers_pattern(space).pattern)


def has_marker(text: str, space: str = r"\s+") -> bool:
    """Whether ``text`` holds a phrase only an IMR letter carries (``vocabulary.MARKERS``), in
    any case, its words joined by runs of ``space``: a text layout's first sniff test.
    """
    return _once(text, space, lambda: _has_marker(text, space))


def _has_marker(text: str, space: str) -> bool:
    markers = _markers(space)
    # The phrases stand in a letter's first lines: the start is searched first, lower-cased
    # once (see grammar.scan), before the whole text is.
    start = text[:_MARKER_START]
    if next(markers.finditer(start, lowered(start)), None) is not None:
        return True
    return len(text) > len(start) and next(markers.finditer(text, lowered(text)), None) is not None


def text_blocks(text: str) -> list[Block]:
    """Paragraphs of plain text as blocks of physical lines, for text-based layouts.

    Text taken out of a PDF often double-spaces every line (each line is followed by an empty
    one); then an empty line is no paragraph break and only a line of blanks is. In
    single-spaced text any blank line breaks a paragraph. Any line ending is accepted, and a
    line holding only a form feed is a page break, not text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        # A page break ends a line: pages joined by a bare form feed ("\f".join(pages), the
        # page's last line not ended) must not glue that line to the next page's first one.
        text = _FEED_IN_LINE.sub("\n\f", text)
        lines = [line for line in text.split("\n") if line != "\f"]
        empty = lines.count("")
        # Form feeds alone are no text; where they stand with text, cleaning makes them spaces.
        text = "\n".join("" if not line.replace("\f", "") else line for line in lines)
    else:
        lines = text.split("\n")
        empty = lines.count("")
    # Double-spaced when about every other line is empty: its empty lines are then dropped,
    # leaving only a line of blanks to break a paragraph.
    if empty * 10 >= len(lines) * 4:
        text = "\n".join(filter(None, text.split("\n")))
    if not text or text.isspace():
        return []
    # The text from its first line holding more than blanks to the end of its last one.
    start = text.rfind("\n", 0, len(text) - len(text.lstrip())) + 1
    end = text.find("\n", len(text.rstrip()))
    text = text[start : end if end >= 0 else len(text)]
    # Runs of lines between blank ones, split in C rather than line by line (a hot path).
    return [Block(part.split("\n")) for part in _BLANK_LINES.split(text) if part]


# A form feed after text on its line.
_FEED_IN_LINE = re.compile(r"(?<=[^\n\f])\f")
# A run of blank lines (whitespace only) between two lines.
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")


def header_fields(row: Sequence[str]) -> list[HeaderField]:
    """A header table row's cells as label/value pairs, for layouts that read tables.

    Each cell whose words are a header label (:data:`imrparse.vocabulary.HEADER_LABELS`)
    is paired with the cell after it ('' at the row's end).
    """
    return [
        HeaderField(label.strip(), value.strip())
        for label, value in zip(row, [*row[1:], ""], strict=True)
        if vocabulary.is_header_label(label)
    ]
