"""Markdown IMR letters: what PDF-to-Markdown tools (pymupdf4llm) make of the published PDF.

The case header is a pipe table of bold label cells and value cells; section headings and
some item lines are ``#`` headings; field labels are ``**bold**``. markdown-it-py parses it;
this module hands the grammar the table's cells as header pairs, a heading's section when its
words name one, and a paragraph's field when it opens with a bold field label. Every other
heading (pymupdf4llm makes headings of bold item lines) is a paragraph like any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from imrparse import (
    Block,
    Document,
    Format,
    HeaderField,
    decode_text,
    has_marker,
    header_fields,
    hookimpl,
    sniff_head,
    vocabulary,
)

# A pipe table's delimiter row, or an ATX heading made of bold text: Markdown, not text.
# (Both lead with a literal, which the regex engine finds fast.)
_TABLE_RULE = re.compile(r"---+:?[ \t]*\|[ \t]*:?---")
_BOLD_HEADING = re.compile(r"\n#{1,6}[ \t]+\*\*\S")
# A line opening with a bold section heading or header label, with no "#" ("**CLINICAL CASE
# SUMMARY**", "**Case Number: **"): text a script made from a PDF's bold spans.
_BOLD_LINE = re.compile(
    r"\n\*\*[ \t]*(?:"
    + "|".join(
        vocabulary.words_pattern(words)
        for words in (*vocabulary.SECTION_HEADINGS, *vocabulary.HEADER_LABELS)
    )
    + ")",
    re.IGNORECASE,
)
_FIELD_LABELS = {label: kind for kind, labels in vocabulary.ITEM_FIELDS.items() for label in labels}
# The header table and the first headings stand at the start.
_MARKDOWN_BYTES = 8000
# A whole letter is a few hundred paragraphs; cap the work on anything far larger.
_MAX_TOKENS = 400_000


def _unmarked(text: str) -> str:
    """``text`` without strong emphasis's marks: pymupdf4llm writes "**Label: **" (a space
    before the closing marks), which is no emphasis to CommonMark, so its marks arrive as
    text; so do "__Label: __"'s."""
    return text.replace("**", "").replace("__", "")


def _lines(inline: Token | None) -> list[str]:
    """An inline token's text, one entry per source line (soft breaks kept as line ends),
    emphasis dropped and ``<br>`` read as a space; blank lines left out."""
    if inline is None:
        return []
    if not inline.children:
        lines = [_unmarked(inline.content)]
    else:
        lines = [""]
        for child in inline.children:
            if child.type in ("softbreak", "hardbreak"):
                lines.append("")
            elif child.type in ("text", "code_inline"):
                lines[-1] += _unmarked(child.content)
            elif child.type == "html_inline" and child.content.lower().startswith("<br"):
                lines[-1] += " "
    return [line for line in lines if line.strip()]


def _plain(inline: Token | None) -> str:
    """An inline token's text on one line."""
    return " ".join(_lines(inline))


def _field_label(inline: Token | None) -> tuple[str, str] | None:
    """(field key, text after the label) when a paragraph opens with a bold field label."""
    children = inline.children if inline is not None and inline.children else []
    opened = False
    label = ""
    for i, child in enumerate(children):
        if child.type == "strong_open":
            opened = True
        elif child.type == "strong_close" and opened:
            kind = _FIELD_LABELS.get(vocabulary.fold(label))
            if kind is None or not label.rstrip().endswith(":"):
                return None
            rest = Token("inline", "", 0, children=children[i + 1 :])
            return kind, " ".join(_lines(rest))
        elif opened and child.type == "text":
            label += child.content
        elif child.type == "text" and not child.content.strip():
            continue
        else:
            return None
    return None


def _bold_ends(inline: Token | None) -> tuple[bool, bool]:
    """Whether an inline token's text opens in bold, and whether it ends in bold, by its
    Markdown source: a page break can leave a bold run's markers unpaired, which markdown-it
    then reads as text."""
    source = inline.content.strip() if inline is not None else ""
    return source.startswith(_STRONG), source.endswith(_STRONG)


_STRONG = ("**", "__")


def _cells(tokens: Sequence[Token], start: int) -> tuple[list[list[str]], int]:
    """The rows of the table opening at ``tokens[start]``, and the index after it."""
    rows: list[list[str]] = []
    i = start
    while i < len(tokens) and tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(" ".join(_plain(token).split()))
        i += 1
    return rows, i + 1


def _wrapped_labels(rows: list[list[str]]) -> list[list[str]]:
    """The rows with a label its cell wrapped onto the next row joined back: pymupdf4llm
    may give "Application" and its value on one row and "Received:" below, alone, where the
    published table wraps the label in its cell (else it writes "Application<br>Received:")."""
    rows = [list(row) for row in rows]
    for row, below in pairwise(rows):
        for c in range(min(len(row), len(below)) - 1):
            joined = f"{row[c]} {below[c]}"
            if (
                not row[c]
                or not below[c]
                or vocabulary.is_header_label(row[c])
                or not vocabulary.is_header_label(joined)
            ):
                continue
            if row[c + 1] and below[c + 1]:
                continue  # a value on each row: which is the label's is not told
            row[c], row[c + 1] = joined, row[c + 1] or below[c + 1]
            below[c] = below[c + 1] = ""
    return rows


def _blocks(tokens: Sequence[Token]) -> Iterator[Block | list[HeaderField]]:
    i = 0
    # Whether the text before ends in plain type: a paragraph opening in bold after it is set
    # apart (pymupdf4llm keeps the PDF's bold item headings and labels), one after bold text
    # may be a bold heading going on across a page.
    plain_before = False
    while i < len(tokens):
        token = tokens[i]
        if token.type == "table_open":
            rows, i = _cells(tokens, i)
            rows = _wrapped_labels(rows)
            header = [f for row in rows for f in header_fields(row)]
            if header:
                yield header
            for row in rows:
                text = " ".join(c for c in row if c)
                if text and not any(map(vocabulary.is_header_label, row)):
                    yield Block(text)
            continue
        inline = tokens[i + 1] if i + 1 < len(tokens) else None
        apart = False
        if token.type in ("heading_open", "paragraph_open"):
            opens_bold, ends_bold = _bold_ends(inline)
            apart = opens_bold and plain_before
            plain_before = not ends_bold
        if token.type == "heading_open":
            text = _plain(inline).strip()
            section = vocabulary.section_of(text)
            if section is not None:
                yield Block(text, heading=True, section=section)
            elif text:
                # A bold item line made a heading by the converter.
                yield Block(text, set_apart=apart)
        elif token.type == "paragraph_open":
            labelled = _field_label(inline)
            if labelled is not None and labelled[1]:
                yield Block(labelled[1], label=labelled[0])
            else:
                lines = _lines(inline)
                if lines:
                    yield Block(lines, set_apart=apart)
        elif token.type in ("fence", "code_block") and token.content.strip():
            yield Block([line for line in token.content.splitlines() if line.strip()])
        i += 1


class Markdown(Format):
    name = "markdown"
    description = "Markdown made from a published letter (pymupdf4llm: tables, bold, headings)"
    examples = Path(__file__).parent / "examples"

    def sniff(self, data: bytes) -> float:
        head = sniff_head(data, 20000)
        if head is None or not has_marker(head):
            return 0.0
        # A pipe table is Markdown's alone, sure enough to outrank the HTML reader that its
        # <br> cells would wake; bold headings alone rank below tagged HTML.
        start = head[:_MARKDOWN_BYTES]
        if "|" in start and _TABLE_RULE.search(start):
            return 0.95
        if _BOLD_HEADING.search("\n" + start):
            return 0.8
        # Above the plain-text readers (0.5 to 0.65), whose rules would keep the marks.
        return 0.7 if _BOLD_LINE.search("\n" + start) else 0.0

    def read(self, data: bytes) -> Document:
        parser = MarkdownIt("commonmark", {"html": True}).enable("table")
        tokens = parser.parse(decode_text(data))
        if len(tokens) > _MAX_TOKENS:
            tokens = tokens[:_MAX_TOKENS]
        blocks: list[Block] = []
        header: list[HeaderField] = []
        for found in _blocks(tokens):
            if isinstance(found, Block):
                blocks.append(found)
            else:
                header += found
        return Document(blocks, header=header)


@hookimpl
def register_formats(register: Callable[[Format], None]) -> None:
    register(Markdown())
