"""Clean: typography, page furniture, glued lines and wrapping. The first step after a read.

Besides folding typography and dropping the footer and page numbers wherever they fell,
cleaning undoes what extractors do to lines: a reordering extractor glues a section heading
or an item field's label onto the end of another line (``... #60.   IMR ISSUES, DECISIONS AND
RATIONALES``, ``Diazepam 5mg #10: UpheldClaims Administrator guideline:``); such a line is
split where the heading or label starts, so the later steps see lines as the letter has them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import NamedTuple

from .. import vocabulary as vocab
from ..document import Document
from .scan import finditer_from

# Typographic variants folded to what the letters mostly use, so rules match either.
_CHARS = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\t": " ",
        "\v": " ",
        "\f": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        # PDFium writes the hyphen that ends a line as U+FFFE: it is the letter's hyphen.
        "\ufffe": "-",
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
    }
)

# str.translate looks every character up in the table (a millisecond on a long letter);
# replacing only the variants present is the same, since no replacement holds a variant.
_REPLACE = tuple((chr(k), v or "") for k, v in _CHARS.items())


def _fold_typography(text: str) -> str:
    for old, new in _REPLACE:
        if old in text:
            text = text.replace(old, new)
    return text


_FOOTER = re.compile(
    vocab.words_pattern(vocab.FOOTER)
    + r"(?:\s*(?:CM\d{2}-\d{4,8}|\[REDACTED\]))?(?:\s*\[REDACTED\])*",
    re.IGNORECASE,
)
_PAGE_OF = re.compile(r"\bPage\s+\d{1,4}\s+of\s+\d{1,4}\b", re.IGNORECASE)
# A line holding nothing but a page number in one of its usual forms.
_PAGE_LINE = re.compile(r"\s*(?:Page\s+\d{1,4}|\d{1,4}\s*/\s*\d{1,4})\s*", re.IGNORECASE)
_HYPHEN_END = re.compile(r"\w-$")
# A hyphen that may end a line once stripped (or end a line's own inner line).
_LINE_END_HYPHEN = re.compile(r"-\s*$", re.MULTILINE)


# A heading as printed (capitals), or an item field's label, standing inside a line rather
# than at its start; a label counts only after an outcome or a sentence's end.
def _inside(space: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    heading = "|".join(
        vocab.words_pattern(h, space + "+") + r"(?![a-z])" for h in vocab.SECTION_HEADINGS
    )
    labels = "|".join(vocab.words_pattern(n, space + "+") for n in vocab.ITEM_FIELD_NAMES.values())
    return re.compile(heading), re.compile(f"(?:{labels}){space}*:")


_INSIDE_LINE = _inside(r"\s")
# The same over the letter's lines joined by newlines: their spaces never match a newline.
_INSIDE_JOINED = _inside(r"[^\S\n]")
# The words each of those two patterns' matches start with.
_FIRST_WORDS = (
    tuple({h.split()[0] for h in vocab.SECTION_HEADINGS}),
    tuple({n.split()[0] for n in vocab.ITEM_FIELD_NAMES.values()}),
)
_BEFORE_LABEL = re.compile(r"(?:[.:]|upheld|overturned)\s*$", re.IGNORECASE)


# A tuple, not an attrs class: a letter has a hundred lines or so, and building attrs
# instances was an eighth to a fifth of cleaning's time as profiled.
class Line(NamedTuple):
    """A cleaned physical line. ``para_start``: the layout began a block here.

    ``section`` and ``label`` carry what the layout said of its block (see
    :class:`~imrparse.document.Block`); they are set on a block's first line only.
    """

    text: str
    para_start: bool
    heading: bool
    section: str | None = None
    label: str | None = None


def clean_line(text: str) -> str:
    """Fold typography and drop page furniture from one line ('' when nothing is left)."""
    # The cheap substring tests keep the regexes off the lines that cannot match (most).
    if not text.isascii() or "\t" in text or "\f" in text or "\v" in text:
        text = _fold_typography(text)
    low = text.lower()
    return _without_furniture(text, "case number" in low, "page" in low)


def _without_furniture(text: str, footer: bool, page: bool) -> str:
    """The line without the footer (``footer``: it may hold one) and page numbers."""
    if footer:
        text = _FOOTER.sub(" ", text)
    if page:
        text = _PAGE_OF.sub(" ", text)
    return "" if len(text) < 24 and _PAGE_LINE.fullmatch(text) else text.strip()


def _split(text: str, cuts: list[int]) -> list[str]:
    """The line split at ``cuts``, its empty parts dropped."""
    cuts.sort()
    parts = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return [p for p in parts if p]


class _Text:
    """Lines joined into one text, so a substring or regex search runs once for all of them."""

    def __init__(self, lines: list[str]) -> None:
        self.text = "\n".join(lines)
        self.starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))

    def line_at(self, at: int) -> tuple[int, int]:
        """The index of the line holding position ``at``, and the position in that line."""
        i = bisect_right(self.starts, at) - 1
        return i, at - self.starts[i]

    def lines_with(self, words: Iterable[str], text: str | None = None) -> set[int]:
        """Indexes of the lines holding one of ``words`` in ``text`` (default: the lines)."""
        text = self.text if text is None else text
        found: set[int] = set()
        for word in words:
            at = text.find(word)
            while at >= 0:
                i = bisect_right(self.starts, at) - 1
                found.add(i)
                at = text.find(word, self.starts[i + 1]) if i + 1 < len(self.starts) else -1
        return found


def _clean_lines(raw: list[str]) -> list[str]:
    """:func:`clean_line` of every line, its tests run once over the joined lines."""
    joined = _Text(raw)
    if joined.text.count("\n") != len(raw) - 1:  # a line holding a newline: line by line
        return [clean_line(text) for text in raw]
    if not joined.text.isascii() or any(c in joined.text for c in "\t\f\v"):
        joined.text = _fold_typography(joined.text)  # it maps no character to or from "\n"
        raw = joined.text.split("\n")
    low = joined.text.lower()
    if len(low) != len(joined.text):  # lower-casing moved positions: line by line
        return [clean_line(text) for text in raw]
    footer = joined.lines_with(("case number",), low)
    page = joined.lines_with(("page",), low)
    return [_without_furniture(text, i in footer, i in page) for i, text in enumerate(raw)]


def _glued(texts: list[str]) -> dict[int, list[int]]:
    """Line index -> where a heading or a field label starts inside that line."""
    joined = _Text(texts)
    one_scan = joined.text.count("\n") == len(texts) - 1  # else a line holds a newline
    heading, label = _INSIDE_JOINED if one_scan else _INSIDE_LINE
    cuts: dict[int, list[int]] = {}
    for pattern, words in ((heading, _FIRST_WORDS[0]), (label, _FIRST_WORDS[1])):
        if one_scan:
            found = [joined.line_at(m.start()) for m in finditer_from(pattern, joined.text, words)]
        else:
            found = [
                (i, m.start())
                for i, text in enumerate(texts)
                for m in finditer_from(pattern, text, words)
            ]
        for i, at in found:
            text = texts[i]
            if at and (
                text[:at].strip() if pattern is heading else _BEFORE_LABEL.search(text, 0, at)
            ):
                cuts.setdefault(i, []).append(at)
    return cuts


def clean_document(document: Document) -> list[Line]:
    """The document's lines in reading order, cleaned, with empty lines dropped."""
    texts = _clean_lines([raw for block in document.blocks for raw in block.lines])
    glued = _glued(texts)
    lines: list[Line] = []
    n = -1
    for block in document.blocks:
        first = True
        for _ in block.lines:
            n += 1
            for i, part in enumerate(_split(texts[n], glued[n]) if n in glued else (texts[n],)):
                if not part:
                    continue
                if first:
                    lines.append(Line(part, True, block.heading, block.section, block.label))
                    first = False
                else:
                    lines.append(Line(part, i > 0, block.heading))
    return lines


def unwrap(lines: Iterable[str]) -> str:
    """Join wrapped lines into one text with single spaces.

    A line ending in a hyphen attached to a word joins the next without a space
    (``1-`` + ``8-14`` is ``1-8-14``); a spaced dash (``Back -``) keeps its space.
    """
    lines = list(lines)
    text = "\n".join(lines)
    if not _LINE_END_HYPHEN.search(text):  # no line to join without a space: one split
        return " ".join(text.split())
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
