"""Clean: typography, page furniture and line wrapping. The first step after a layout's read."""

from __future__ import annotations

import re
from collections.abc import Iterable

from attrs import frozen

from ..document import Document

# Typographic variants folded to what the letters mostly use, so rules match either.
_CHARS = str.maketrans(
    {
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ",
        "\u2003": " ", "\t": " ", "\v": " ", "\f": " ",
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
    }
)

# The footer MAXIMUS prints on every page; text extraction drops it anywhere, mid-sentence too.
_FOOTER = re.compile(
    r"Final\s+Determination\s+Letter\s+for\s+IMR\s+Case\s+Number"
    r"(?:\s*(?:CM\d{2}-\d{4,8}|\[REDACTED\]))?(?:\s*\[REDACTED\])*",
    re.IGNORECASE,
)
_PAGE_OF = re.compile(r"\bPage\s+\d{1,4}\s+of\s+\d{1,4}\b", re.IGNORECASE)
# A line holding nothing but a page number in one of its usual forms.
_PAGE_LINE = re.compile(r"\s*(?:Page\s+\d{1,4}|\d{1,4}\s*/\s*\d{1,4})\s*", re.IGNORECASE)
_HYPHEN_END = re.compile(r"\w-$")


@frozen
class Line:
    """A cleaned physical line. ``para_start``: the layout began a block here."""

    text: str
    para_start: bool
    heading: bool


def clean_line(text: str) -> str:
    """Fold typography and drop page furniture from one line ('' when nothing is left)."""
    # The cheap substring tests keep the regexes off the lines that cannot match (most).
    if not text.isascii() or "\t" in text or "\f" in text or "\v" in text:
        text = text.translate(_CHARS)
    low = text.lower()
    if "case number" in low:
        text = _FOOTER.sub(" ", text)
    if "page" in low:
        text = _PAGE_OF.sub(" ", text)
    if len(text) < 24 and _PAGE_LINE.fullmatch(text):
        return ""
    return text.strip()


def clean_document(document: Document) -> list[Line]:
    """The document's lines in reading order, cleaned, with empty lines dropped."""
    lines: list[Line] = []
    for block in document.blocks:
        first = True
        for raw in block.lines:
            text = clean_line(raw)
            if text:
                lines.append(Line(text, first, block.heading))
                first = False
    return lines


def unwrap(lines: Iterable[str]) -> str:
    """Join wrapped lines into one text with single spaces.

    A line ending in a hyphen attached to a word joins the next without a space
    (``1-`` + ``8-14`` is ``1-8-14``); a spaced dash (``Back -``) keeps its space.
    """
    parts: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if parts and parts[-1].endswith("-") and _HYPHEN_END.search(parts[-1]):
            parts[-1] += line
        else:
            parts.append(line)
    return " ".join(" ".join(parts).split())
