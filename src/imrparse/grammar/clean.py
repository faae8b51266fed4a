"""Clean: typography, page furniture, glued lines and wrapping. The first step after a read.

Besides folding typography and dropping the footer and page numbers wherever they fell,
cleaning undoes what extractors do to lines: a reordering extractor glues a section heading
or an item field's label onto the end of another line (``... #60.   IMR ISSUES, DECISIONS AND
RATIONALES``, ``Diazepam 5mg #10: UpheldClaims Administrator guideline:``); such a line is
split where the heading or label starts, so the later steps see lines as the letter has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .. import vocabulary as vocab
from ..document import Document

# Typographic variants folded to what the letters mostly use, so rules match either.
_CHARS = str.maketrans(
    {
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ",
        "\u2003": " ", "\t": " ", "\v": " ", "\f": " ",
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        # PDFium writes the hyphen that ends a line as U+FFFE: it is the letter's hyphen.
        "\ufffe": "-",
        "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None,
    }
)

_FOOTER = re.compile(
    vocab.words_pattern(vocab.FOOTER)
    + r"(?:\s*(?:CM\d{2}-\d{4,8}|\[REDACTED\]))?(?:\s*\[REDACTED\])*",
    re.IGNORECASE,
)
_PAGE_OF = re.compile(r"\bPage\s+\d{1,4}\s+of\s+\d{1,4}\b", re.IGNORECASE)
# A line holding nothing but a page number in one of its usual forms.
_PAGE_LINE = re.compile(r"\s*(?:Page\s+\d{1,4}|\d{1,4}\s*/\s*\d{1,4})\s*", re.IGNORECASE)
_HYPHEN_END = re.compile(r"\w-$")
# A heading as printed (capitals), or an item field's label, standing inside a line rather
# than at its start; a label counts only after an outcome or a sentence's end.
_HEADING_INSIDE = re.compile(
    "|".join(vocab.words_pattern(h) + r"(?![a-z])" for h in vocab.SECTION_HEADINGS)
)
_LABEL_INSIDE = re.compile(
    "(?:" + "|".join(vocab.words_pattern(n) for n in vocab.ITEM_FIELD_NAMES.values()) + r")\s*:"
)
_BEFORE_LABEL = re.compile(r"(?:[.:]|upheld|overturned)\s*$", re.IGNORECASE)
# Cheap tests that keep those regexes off lines that cannot hold them: every heading holds
# one of these words in capitals, every label one of these letters.
_HEADING_WORD = re.compile(
    "|".join(sorted({min(h.split(), key=len) for h in vocab.SECTION_HEADINGS}))
)
_LABEL_WORDS = ("uideline", "ationale")


# A tuple, not an attrs class: a letter has a hundred lines or so, and building attrs
# instances was a fifth of cleaning's cost.
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
        text = text.translate(_CHARS)
    low = text.lower()
    if "case number" in low:
        text = _FOOTER.sub(" ", text)
    if "page" in low:
        text = _PAGE_OF.sub(" ", text)
    if len(text) < 24 and _PAGE_LINE.fullmatch(text):
        return ""
    return text.strip()


def _unglue(text: str) -> list[str]:
    """The line split where a heading or a field label stands inside it."""
    cuts: list[int] = []
    if _HEADING_WORD.search(text):
        cuts += [m.start() for m in _HEADING_INSIDE.finditer(text) if text[: m.start()].strip()]
    if _LABEL_WORDS[0] in text or _LABEL_WORDS[1] in text:
        cuts += [
            m.start() for m in _LABEL_INSIDE.finditer(text)
            if m.start() and _BEFORE_LABEL.search(text, 0, m.start())
        ]
    if not cuts:
        return [text]
    cuts.sort()
    parts = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return [p for p in parts if p]


def _clean_block(raw: Sequence[str]) -> list[str]:
    """:func:`clean_line` of each line; its substring tests run once on the whole block."""
    joined = "\n".join(raw)
    if not joined.isascii() or "\t" in joined or "\f" in joined or "\v" in joined:
        return [clean_line(text) for text in raw]
    low = joined.lower()
    if "case number" in low or "page" in low:
        return [clean_line(text) for text in raw]
    return ["" if len(text) < 24 and _PAGE_LINE.fullmatch(text) else text.strip() for text in raw]


def clean_document(document: Document) -> list[Line]:
    """The document's lines in reading order, cleaned, with empty lines dropped."""
    lines: list[Line] = []
    for block in document.blocks:
        texts = _clean_block(block.lines)
        # One search of the block finds whether any of its lines may be glued.
        joined = "\n".join(texts)
        glued = bool(_HEADING_WORD.search(joined)) or any(w in joined for w in _LABEL_WORDS)
        first = True
        for text in texts:
            for i, part in enumerate(_unglue(text) if glued else (text,)):
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
