"""PDF engines: what reads a PDF's text layer into characters, page by page.

Every engine yields, for each page in order, the characters it draws with their boxes, sizes
and font names (:class:`PageChars`); the layout code in :mod:`imrparse_pdf.layout` makes
lines, blocks and the header table from them whatever the engine. An engine never holds more
than one page open. Each engine imports its library only when it runs, so choosing one never
loads the other.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import NamedTuple, Protocol

from imrparse import InputTooLarge, UnknownFormat

# Ligatures as one character each way: the letters' words are spelt out (pdfplumber's table).
LIGATURES = {
    "\ufb00": "ff",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb06": "st",
    "\ufb05": "st",
}


# The horizontal gap between two characters, in multiples of the font size, that parts two
# words where no space is drawn between them (the layout code's rule, and the PDFium engine's
# for the spaces PDFium invents).
WORD_GAP = 0.15
# Before closing punctuation the gap must be wider: a letter re-saved where its fonts are
# missing (cairo, "print to PDF") draws another font's glyphs at the first font's places, and a
# colon or comma then stands a hair over WORD_GAP from its word ("QTY : 2" for "QTY: 2"). A
# drawn space is wider than this in the letters' fonts (Arial's 0.28 em, Times's 0.25).
PUNCTUATION_GAP = 0.22
_CLOSING = frozenset(",.:;)]%/")


def word_gap(char: str) -> float:
    """The least gap, in font sizes, that parts ``char`` from the character before it."""
    return PUNCTUATION_GAP if char in _CLOSING else WORD_GAP


class Char(NamedTuple):
    """One drawn character, in points from the page's top left (y grows downwards).

    ``x1`` is where the next character would start (the advance), not the ink's edge;
    ``bottom`` is the font's descent below the baseline, ``top`` is ``bottom - size``.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str


class PageChars(NamedTuple):
    """A page's drawn characters in content order, its height and how many images it has.

    ``images`` is only counted on a page without characters (where it tells a scan from a
    blank page).
    """

    chars: list[Char]
    height: float
    images: int


class Engine(Protocol):
    name: str

    def pages(self, data: bytes) -> Generator[PageChars, None, None]:
        """Each page's characters in turn; typed imrparse errors only (damaged, encrypted,
        too many pages or characters, time)."""
        ...


DEFAULT = "pypdfium2"


def names() -> tuple[str, ...]:
    return ("pypdfium2", "pdfplumber")


def get(name: str | None) -> Engine:
    """The engine called ``name`` (None: the default)."""
    name = name or DEFAULT
    if name == "pypdfium2":
        from .pdfium import PdfiumEngine

        return PdfiumEngine()
    if name == "pdfplumber":
        from .plumber import PlumberEngine

        return PlumberEngine()
    raise UnknownFormat(f"unknown PDF engine {name!r} (known: {', '.join(names())})")


# A page of an IMR letter holds about 3,000 characters; far more is not a letter and would
# only cost memory (each character becomes a Python object).
MAX_PAGE_CHARS = 100_000


def check_chars(count: int) -> None:
    if count > MAX_PAGE_CHARS:
        raise InputTooLarge(f"too many characters on a page: {count:,} (limit {MAX_PAGE_CHARS:,})")
