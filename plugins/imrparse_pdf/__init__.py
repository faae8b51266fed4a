"""Published IMR letter PDFs, read with pdfplumber from characters, their fonts and positions.

Each page's characters become lines by position; font names say which runs are bold (field
labels, item lines, section headings), vertical gaps and bold starts say where a block begins,
and the bottom band of every page, where the footer and page number sit, is dropped by position.
A paragraph that runs over a page break stays one block. Everything about what the words mean
is the core grammar's job; this module only hands it lines and blocks.

Pages are read one at a time and closed at once: pdfplumber caches a page's layout, objects
and text map until ``page.close()`` (pdfplumber#1042, #1395), and ``PDF.close()`` re-parses
the page tree before closing (pdfplumber#1390), so pages are made here, one by one.
"""

from __future__ import annotations

import io
import itertools
import re
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import pdfplumber
from attrs import frozen
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import LIGATURES

from imrparse import (
    Block,
    DamagedDocument,
    Document,
    EncryptedDocument,
    Format,
    ImrParseError,
    NoTextLayer,
    hookimpl,
    limits,
)

# A PDF starts with "%PDF-" within its first KB (the spec lets junk precede it) and ends
# with "%%EOF" within its last KB, as readers such as Acrobat accept it.
_HEAD = 1024
_TAIL = 1024
# Font names that say bold: "Helvetica-Bold", "ABCDEF+Arial,Bold", "TimesNewRomanPS-BoldMT".
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# The bottom part of a page where the footer and page number sit (a fraction of its height).
_FOOTER_BAND = 0.12
# Chars whose bottoms differ by less than this many points share a line.
_SAME_LINE = 3.0
# Horizontal gaps, in multiples of the font size: a word space; a table cell boundary.
_SPACE_GAP = 0.2
_CELL_GAP = 1.5
# A vertical gap between lines wider than this many times the font size starts a block.
_PARA_GAP = 0.5
# Gap above a line in the footer band, in font sizes, that sets the page furniture apart.
_FURNITURE_GAP = 1.5
_SENTENCE_END = re.compile(r"[.!?:;][\"')\]]?$")
_LOWER = re.compile(r"[a-z]")
# Errors a broken PDF raises from inside pdfminer/pdfplumber when it is not wrapped for us.
_BROKEN = (
    PSException,
    PdfminerException,
    zlib.error,
    TypeError,
    ValueError,
    KeyError,
    IndexError,
    AttributeError,
    ArithmeticError,
    AssertionError,
    EOFError,
)


@frozen
class _Line:
    """One physical line of a page: its text and what its position and fonts say."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    starts_bold: bool
    all_bold: bool
    first_font: str
    last_font: str


def _error(err: BaseException) -> ImrParseError:
    """The typed error for what pdfminer or pdfplumber raised (pdfplumber often wraps it)."""
    cause = err.args[0] if isinstance(err, PdfminerException) and err.args else err
    if isinstance(cause, ImrParseError):
        return cause  # the time limit's alarm went off inside pdfminer, which wrapped it
    if isinstance(cause, PDFPasswordIncorrect):
        return EncryptedDocument("encrypted PDF: it needs a password to open; decrypt it first")
    reason = " ".join(str(cause).split())[:160] or type(cause).__name__
    if isinstance(cause, PDFEncryptionError):
        return EncryptedDocument(f"encrypted PDF that cannot be opened: {reason}")
    return DamagedDocument(f"damaged PDF: {reason}")


class _Bold(dict[str, bool]):
    """Font name -> bold, computed once per font."""

    def __missing__(self, fontname: str) -> bool:
        bold = self[fontname] = bool(_BOLD.search(fontname))
        return bold


def _group(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Chars into lines by their bottoms, lines top to bottom, chars left to right.

    Content streams mostly draw a line's chars together, so the last line is tried first.
    """
    lines: list[list[dict[str, Any]]] = []
    bottoms: list[float] = []
    last = -1
    for c in chars:
        bottom = c["bottom"]
        if last >= 0 and abs(bottoms[last] - bottom) <= _SAME_LINE:
            lines[last].append(c)
            continue
        for i, b in enumerate(bottoms):
            if abs(b - bottom) <= _SAME_LINE:
                last = i
                break
        else:
            last = len(lines)
            lines.append([])
            bottoms.append(bottom)
        lines[last].append(c)
    order = sorted(range(len(lines)), key=bottoms.__getitem__)
    out = []
    for i in order:
        line = lines[i]
        if any(line[j]["x0"] > line[j + 1]["x0"] for j in range(len(line) - 1)):
            line.sort(key=lambda c: c["x0"])
        out.append(line)
    return out


def _line(chars: list[dict[str, Any]], bold: _Bold) -> _Line | None:
    """A line's text with spaces (and tabs between table cells) from the gaps between chars."""
    parts: list[str] = []
    prev: dict[str, Any] | None = None
    space = False
    n_bold = n = 0
    size = 0.0
    first: dict[str, Any] | None = None
    for c in chars:
        text = c["text"]
        if text.isspace() or not text:
            space = True
            continue
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            em = c["size"]
            if gap > _CELL_GAP * em:
                parts.append("\t")
            elif space or gap > _SPACE_GAP * em:
                parts.append(" ")
        elif first is None:
            first = c
        if not text.isascii():
            text = LIGATURES.get(text, text)
        parts.append(text)
        space = False
        prev = c
        n += 1
        if bold[c["fontname"]]:
            n_bold += 1
        if c["size"] > size:
            size = c["size"]
    if first is None or prev is None:
        return None
    return _Line(
        text="".join(parts),
        top=min(c["top"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        x0=first["x0"],
        x1=prev["x1"],
        size=size,
        starts_bold=bold[first["fontname"]],
        all_bold=n_bold == n,
        first_font=first["fontname"],
        last_font=prev["fontname"],
    )


def _body(lines: list[_Line], height: float) -> list[_Line]:
    """The page's lines without its furniture: the footer band, set apart by a wide gap."""
    band = height * (1 - _FOOTER_BAND)
    for i, line in enumerate(lines):
        if line.top < band:
            continue
        above = lines[i - 1] if i else None
        if above is None or line.top - above.bottom > _FURNITURE_GAP * max(line.size, above.size):
            return lines[:i]
    return lines


def _new_block(prev: _Line, line: _Line) -> bool:
    """Whether ``line`` starts a block after ``prev`` on the same page."""
    if line.top - prev.bottom > _PARA_GAP * max(line.size, prev.size):
        return True  # paragraph spacing
    return _starts_by_font(prev, line)


def _starts_by_font(prev: _Line, line: _Line) -> bool:
    if line.starts_bold:
        # A bold label or item starts a block, unless it continues a wrapped bold line.
        return not prev.all_bold or prev.last_font != line.first_font
    return prev.all_bold  # the line after a heading or an item line


def _is_heading(lines: list[_Line]) -> bool:
    """A section heading: bold capitals throughout, no inner colon (an item has one)."""
    return all(line.all_bold for line in lines) and not any(
        _LOWER.search(line.text) or ":" in line.text.rstrip(":") for line in lines
    )


class _Blocks:
    """Blocks from the body lines of page after page."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._lines: list[_Line] = []
        self._right = 0.0  # right edge of the previous page's text

    def _flush(self) -> None:
        if self._lines:
            self.blocks.append(
                Block([line.text for line in self._lines], heading=_is_heading(self._lines))
            )
            self._lines = []

    def add_page(self, lines: list[_Line]) -> None:
        if not lines:
            return
        first = lines[0]
        if self._lines and not self._continues(self._lines[-1], first):
            self._flush()
        self._lines.append(first)
        for prev, line in itertools.pairwise(lines):
            if _new_block(prev, line):
                self._flush()
            self._lines.append(line)
        self._right = max(line.x1 for line in lines)

    def _continues(self, last: _Line, first: _Line) -> bool:
        """Whether the page's first line carries on the paragraph the last page ended in.

        Yes when no font change says otherwise and the last line either runs to the right
        margin (a justified paragraph's inner line) or stops mid-sentence.
        """
        if _starts_by_font(last, first) or _is_heading(self._lines):
            return False
        full = last.x1 >= self._right - 0.5 * last.size
        return full or not _SENTENCE_END.search(last.text)

    def document(self, pages: int) -> Document:
        self._flush()
        return Document(self.blocks, pages=pages)


def _pages(pdf: PDF) -> Iterator[tuple[list[dict[str, Any]], float, int]]:
    """Each page's chars, height and image count; the page is closed before the next is made.

    Only the pdfminer/pdfplumber calls sit inside the ``try``: what a broken file makes them
    raise becomes a typed error, while a bug in this module stays a bug.
    """
    numbered = enumerate(PDFPage.create_pages(pdf.doc), start=1)
    while True:
        try:
            found = next(numbered, None)
            if found is None:
                return
            number, page_obj = found
            limits.check_pages(number)
            limits.check_time()
            page = Page(pdf, page_obj, page_number=number)
            try:
                chars, height, images = page.chars, page.height, len(page.images)
            finally:
                page.close()
        except _BROKEN as err:
            raise _error(err) from None
        yield chars, height, images


class Pdf(Format):
    name = "pdf"
    description = "The published IMR letter PDF (text layer read with pdfplumber)"
    examples = None

    def sniff(self, data: bytes) -> float:
        return 1.0 if b"%PDF-" in data[:_HEAD] else 0.0

    def read(self, data: bytes) -> Document:
        if b"%%EOF" not in data.rstrip(b"\x00\t\n\f\r ")[-_TAIL:]:
            raise DamagedDocument("damaged PDF: cut short (no %%EOF end marker)")
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
        except _BROKEN as err:
            raise _error(err) from None
        bold = _Bold()
        blocks = _Blocks()
        pages = images = 0
        for chars, height, found in _pages(pdf):
            pages += 1
            images += found
            lines = [line for cs in _group(chars) if (line := _line(cs, bold)) is not None]
            blocks.add_page(_body(lines, height))
        if pages == 0:
            raise DamagedDocument("damaged PDF: it has no pages")
        document = blocks.document(pages)
        if not document.blocks:
            what = "images only, a scan" if images else "blank"
            raise NoTextLayer(
                f"no text layer: the PDF's {pages} page(s) are {what}; OCR is not supported"
            )
        return document


@hookimpl
def register_formats(register: Callable[[Format], None]) -> None:
    register(Pdf())
