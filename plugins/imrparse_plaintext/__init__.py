"""Text IMR letters: what text extractors make of the published PDF, in three shapes.

- ``plain-text``: reading order, the header's labels and values side by side (pypdf,
  PyMuPDF, pdfplumber, pypdfium2 text; the older double-spaced copies, where each line is
  followed by an empty one and a line of blanks breaks a paragraph).
- ``column-text``: reading order, but the header table comes out column by column, all its
  labels and then all its values (pdfminer.six, poppler's pdftotext).
- ``layout-text``: layout mode, lines padded with spaces to keep the page's columns side by
  side (pdftotext -layout, pypdf and pdfplumber layout mode, PyMuPDF ``sort=True``). The
  padding can fall inside a word, after a hyphen (``7-     10``): cleaning closes it there,
  in every shape.
- ``page-text``: each page one line, as pdf.js's text items joined with spaces give it
  (``items.map(i => i.str).join(" ")``, the script in pdf.js's own examples): a wrapped line
  joins the next with one space; where the page ends a paragraph, a label or a cell, an empty
  item leaves two or more. Those runs are its line ends.

The shapes differ only in how their lines are read: the core grammar reads the words of all
four alike (it pairs a header's values with its labels by order, so a column-ordered header
needs no rule of its own), and the same letter gives the same record from each.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from imrparse import (
    Document,
    Format,
    decode_text,
    has_marker,
    hookimpl,
    sniff_head,
    text_blocks,
    vocabulary,
)

_LABEL = "|".join(vocabulary.words_pattern(label) for label in vocabulary.HEADER_LABELS)
# Layout mode: a header label, its value, a wide gap, then the next column's label.
_SIDE_BY_SIDE = re.compile(rf"(?:{_LABEL})\s*:[ \t]*\S+[ \t]{{3,}}(?:{_LABEL})\s*:", re.I)
_WIDE_GAP = re.compile(r"\S[ \t]{3,}\S")
_SNIFF_BYTES = 20000
# The case header opens the letter: its shape shows in the first lines.
_HEADER_LINES = 40
_HEADER_BYTES = 6000


def _head(data: bytes) -> str | None:
    head = sniff_head(data, _SNIFF_BYTES)
    return head if head is not None and has_marker(head) else None


def _header_lines(head: str) -> list[str]:
    """The first non-blank lines of ``head``: where the header's shape shows."""
    last, lines = _HEADER[0]  # (one read: another thread may set it meanwhile)
    if last is head:  # (two layouts ask it of the same input in turn)
        return lines
    lines = list(islice(filter(_not_blank, head[:_HEADER_BYTES].splitlines()), _HEADER_LINES))
    _HEADER[0] = (head, lines)
    return lines


def _not_blank(line: str) -> bool:
    return bool(line) and not line.isspace()


_HEADER: list[tuple[str, list[str]]] = [("", [])]  # the last head _header_lines read, its lines


def _first_line(text: str) -> str:
    """The first non-blank line of ``text`` (as its ``splitlines()`` gives it)."""
    # Most texts' is in their first few KB: split those alone, unless the line runs past them.
    start = text[:_FIRST_LINE_BYTES].splitlines()
    for i, line in enumerate(start):
        if _not_blank(line):
            return line if i < len(start) - 1 else next(filter(_not_blank, text.splitlines()))
    return next(filter(_not_blank, text.splitlines()), "")


_FIRST_LINE_BYTES = 4096


def _side_by_side(head: str) -> bool:
    return any(
        line.count(":") >= 2 and _WIDE_GAP.search(line) and _SIDE_BY_SIDE.search(line)
        for line in _header_lines(head)
    )


def _column_ordered(head: str) -> bool:
    """Three header labels on lines of their own, one after another."""
    run = 0
    for line in _header_lines(head):
        run = (
            run + 1
            if ":" in line and line.rstrip().endswith(":") and vocabulary.is_header_label(line)
            else 0
        )
        if run == 3:
            return True
    return False


class PlainText(Format):
    name = "plain-text"
    description = "Text extracted from a published IMR letter (double- or single-spaced)"
    examples = Path(__file__).parent / "examples"

    def sniff(self, data: bytes) -> float:
        # Generic text reader: sure enough to win over nothing, never over a specific layout.
        return 0.5 if _head(data) is not None else 0.0

    def read(self, data: bytes) -> Document:
        return Document(text_blocks(decode_text(data)))


class _ShapedText(PlainText):
    """Extracted text of one recognisable shape: surer than plain text when its header shows it."""

    def sniff(self, data: bytes) -> float:
        head = _head(data)
        return 0.6 if head is not None and self.has_shape(head) else 0.0

    def has_shape(self, head: str) -> bool:
        raise NotImplementedError


class ColumnText(_ShapedText):
    name = "column-text"
    description = "Extracted text whose header table runs column by column (pdfminer, pdftotext)"
    examples = Path(__file__).parent / "examples" / "column"

    def has_shape(self, head: str) -> bool:
        return _column_ordered(head)


class LayoutText(_ShapedText):
    name = "layout-text"
    description = "Layout-mode extracted text, columns side by side (pdftotext -layout)"
    examples = Path(__file__).parent / "examples" / "layout"

    def has_shape(self, head: str) -> bool:
        return _side_by_side(head)


class PageText(_ShapedText):
    name = "page-text"
    description = "Extracted text with each page on one line (pdf.js text items joined)"
    examples = Path(__file__).parent / "examples" / "page"

    def sniff(self, data: bytes) -> float:
        # Its first line also shows layout-text's shape (a label, a value, a wide gap, a
        # label): this shape is the surer one.
        return 0.65 if super().sniff(data) else 0.0

    def has_shape(self, head: str) -> bool:
        first = _first_line(head)
        return (
            len(first) >= _PAGE_LINE and "  " in first and _SIDE_BY_SIDE.search(first) is not None
        )

    def read(self, data: bytes) -> Document:
        text = _LINE_END.sub("\n", decode_text(data))
        # A line the page wrapped after a hyphen joins the next with one space too ("Post-
        # operative"): given its line end back, cleaning joins it as in every other shape. (A
        # hyphen before "and", "or", "to" is a word's own: "pre- and post-operative".)
        return Document(text_blocks(_WRAPPED_HYPHEN.sub("\\1\n", text)))


# A line no page's line is as long as: a page's text on one line (a page holds about 3,000
# characters; the published letters' first page holds the header and more).
_PAGE_LINE = 1000
# Where pdf.js's joined items had a line end: a run of two or more spaces.
_LINE_END = re.compile(r"[ \t]{2,}")
_WRAPPED_HYPHEN = re.compile(rf"(?<=\w)([{vocabulary.HYPHENS}]) (?!(?:and|or|to)\b)(?=\w)")


@hookimpl
def register_formats(register: Callable[[Format], None]) -> None:
    register(PlainText())
    register(ColumnText())
    register(LayoutText())
    register(PageText())
