"""Clean: typography, page furniture, glued lines and wrapping. The first step after a read.

Besides folding typography and dropping the footer and page numbers wherever they fell,
cleaning undoes what extractors do to lines: a reordering extractor glues a section heading
or an item field's label onto the end of another line (``... #60.   IMR ISSUES, DECISIONS AND
RATIONALES``, ``Diazepam 5mg #10: UpheldClaims Administrator guideline:``); such a line is
split where the heading or label starts, so the later steps see lines as the letter has them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain, repeat
from typing import NamedTuple, cast

from .. import vocabulary as vocab
from ..document import Block, Document
from .scan import finditer_from, replace_present

# Typographic variants folded to what the letters mostly use, so rules match either.
_CHARS = str.maketrans(
    {
        **dict.fromkeys(vocab.UNICODE_SPACES, " "),
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
        **{hyphen: "-" for hyphen in vocab.HYPHENS[1:]},
        # Ligatures some extractors keep from the font ("Board Certi\ufb01ed").
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        **dict.fromkeys(vocab.INVISIBLE),
    }
)

# Replaced where present (see scan.replace_present): no replacement holds a variant.
_REPLACE = tuple((chr(k), v or "") for k, v in _CHARS.items())


# Layout-mode text pads a line to keep the page's columns; padding inside a hyphenated word is
# the hyphen's own place ("7-     10"). Two or more spaces after a word's hyphen are that
# padding wherever they stand: no extractor's reading-order text puts them there.
_HYPHEN_GAP = re.compile(r"(?<=\w-) {2,}(?=\w)")


def _fold_typography(text: str) -> str:
    # Every variant but the three ASCII ones is non-ASCII: most text needs no search at all.
    if not (text.isascii() and "\t" not in text and "\f" not in text and "\v" not in text):
        text = replace_present(text, _REPLACE)
    # After the fold: every hyphen is "-" and every tab a space.
    if "-  " in text:
        text = _HYPHEN_GAP.sub("", text)
    return text


# The footer, with the page number that may end its line ("... CM16-0229336 2").
_FOOTER = re.compile(
    vocab.words_pattern(vocab.FOOTER)
    + r"(?:\s*(?:CM\d{2}-\d{4,8}|\[REDACTED\]))?(?:\s*\[REDACTED\])*(?:\s+\d{1,4}\s*$)?",
    re.IGNORECASE,
)
# A line holding a number alone: the page number, where it stands beside a footer's line.
_NUMBER_LINE = re.compile(r"\s*\d{1,4}\s*")
_PAGE_OF = re.compile(r"\bPage\s+\d{1,4}\s+of\s+\d{1,4}\b", re.IGNORECASE)
# A line holding nothing but a page number in one of its usual forms ("Page 2", "2/3"), or a
# page separator a converter writes: pdf-parse's "-- 2 of 3 --", "[Page 2]", "=== Page 2 ===",
# a rule ("---", "-----": Markdown's, LlamaParse's, pymupdf4llm's).
_PAGE_LINE = re.compile(
    r"\s*(?:Page\s+\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|-+\s*\d{1,4}\s+of\s+\d{1,4}\s*-+"
    r"|\[\s*Page\s+\d{1,4}\s*\]|([-=*_])\1{2,}(?:\s*Page\s+\d{1,4}\s*\1{3,})?)\s*",
    re.IGNORECASE,
)
_PAGE_LINE_MAX = 24  # such a line is shorter
# A line of HTML comments alone: a converter's page marks ("<!-- PageBreak -->", "<!--
# PageNumber="2" -->", Azure Document Intelligence's), never the letter's words.
_COMMENT_LINE = re.compile(r"\s*(?:<!--.*?-->\s*)+")
_COMMENT = "<!--"
_HYPHEN_END = re.compile(r"\w-$")
# unwrap's join without a space, over its lines joined by newlines (where no line holds one):
# a hyphen after a word character ending a line but for blanks, then the blanks and blank
# lines up to the next line's first character. A line that is "-" alone ends no join, even
# joined onto a part (which then ends "--"): a blank or a newline stands before it in the
# joined text. ("-" first: re skips to it at C speed.)
_JOIN = re.compile(r"-(?<=\w-)[^\S\n]*\n\s*")
# The ASCII whitespace (str.split's) other than " " and "\n": text without it, and ASCII,
# is single-spaced by collapsing runs of spaces (see unwrap's ``plain``).
OTHER_ASCII_SPACES = "\t\v\f\r\x1c\x1d\x1e\x1f"


# A heading as printed (capitals), or an item field's label, standing inside a line rather
# than at its start; a label counts only after an outcome or a sentence's end.
def _inside(space: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    heading = "|".join(
        vocab.words_pattern(h, space + "+") + r"(?![a-z])" for h in vocab.SECTION_HEADINGS
    )
    labels = "|".join(vocab.words_pattern(n, space + "+") for n in vocab.ITEM_FIELD_NAMES.values())
    return re.compile(heading), re.compile(f"(?:{labels}){space}*:")


_INSIDE_LINE = _inside(r"\s")
# The words each of those two patterns' matches start with.
_FIRST_WORDS = (
    tuple({h.split()[0] for h in vocab.SECTION_HEADINGS}),
    tuple({n.split()[0] for n in vocab.ITEM_FIELD_NAMES.values()}),
)


def _needles(phrases: Iterable[str]) -> tuple[str, ...]:
    """Few long words, one of which every match of one of ``phrases`` holds (in a word)."""
    words = [p.split() for p in phrases]
    longest = {max(reversed(ws), key=len) for ws in words}
    # One inside another ("RATIONALE" in "RATIONALES") is found wherever the other is.
    needles = {n for n in longest if not any(m != n and m in n for m in longest)}
    for n in sorted(needles, key=len):  # one the others stand in for is not searched
        if all(any(m in w for m in needles - {n} for w in ws) for ws in words):
            needles.remove(n)
    return tuple(sorted(needles))


# Each of those two patterns with the words its matches hold: long words, rarely in prose,
# so that str.find, not the regex, goes over the letter (each search a few microseconds). A
# label's are its last words: in a match, a colon follows (most of their uses are prose).
_GLUED = (
    (_INSIDE_LINE[0], _needles(vocab.SECTION_HEADINGS)),
    (_INSIDE_LINE[1], tuple(sorted({n.split()[-1] for n in vocab.ITEM_FIELD_NAMES.values()}))),
)


def _printed(needle: str) -> tuple[int, tuple[str, ...]]:
    """Where ``needle`` stands in the first heading holding it, as a line ("\\n" before it),
    and the heading lines ("\\n" each side) where it stands there."""
    lines = [f"\n{h}\n" for h in vocab.SECTION_HEADINGS if needle in h]
    off = lines[0].index(needle)
    return off, tuple(line for line in lines if line.index(needle) == off)


# A heading's needle -> _printed: a hit there in a heading's line as printed (nearly every
# hit) is no cut, nor is any other in that line (the tests check: the line holds none).
_PRINTED = {needle: _printed(needle) for needle in _GLUED[0][1]}
_LABEL_END = re.compile(r"[^\S\n]*:")  # after a label's words, on its line
# A label's last word -> what comes before it when the label, single-spaced, opens its line
# (nearly every use): such a hit is no cut, and no word inside it a sign of one.
_LABEL_AT_LINE_START = {
    last: tuple(
        "\n" + " ".join(n.split()[:-1]) + " "
        for n in vocab.ITEM_FIELD_NAMES.values()
        if n.split()[-1] == last
    )
    for last in _GLUED[1][1]
}
_BEFORE_LABEL = re.compile(r"(?:[.:]|upheld|overturned)\s*$", re.IGNORECASE)


# A tuple, not an attrs class: a letter has a hundred lines or so, and building attrs
# instances was an eighth to a fifth of cleaning's time as profiled.
class Line(NamedTuple):
    """A cleaned physical line. ``para_start``: the layout began a block here.

    ``section``, ``label`` and ``set_apart`` carry what the layout said of its block (see
    :class:`~imrparse.document.Block`); they are set on a block's first line only.
    """

    text: str
    para_start: bool
    heading: bool
    section: str | None = None
    label: str | None = None
    set_apart: bool = False


# Words a line holding the footer or a page number holds, lower-cased: the cheap substring
# tests keep the regexes off the lines that cannot match (most). Neither holds an i or a k,
# the only ASCII letters a non-ASCII character lower-cases to (U+0130, U+212A): see _ascii_lower.
_FOOTER_WORDS, _PAGE_WORDS = "case number", "page"


def _ascii_lower(text: str) -> str:
    """``text`` lower-cased, each non-ASCII character as "?": the same length (positions kept),
    and it holds _FOOTER_WORDS or _PAGE_WORDS where ``text.lower()`` does. Unicode
    lower-casing costs four times as much (200 us on a long letter with one non-ASCII sign)."""
    if text.isascii():
        return text.lower()
    return text.encode("ascii", "replace").lower().decode("ascii")


def clean_line(text: str) -> str:
    """Fold typography and drop page furniture from one line ('' when nothing is left)."""
    text = _fold_typography(text)
    if _COMMENT in text and _COMMENT_LINE.fullmatch(text):
        return ""
    low = _ascii_lower(text)
    return _without_furniture(text, _FOOTER_WORDS in low, _PAGE_WORDS in low)


def _holds_footer(text: str) -> bool:
    """Whether :func:`clean_line` tests ``text`` for the footer."""
    return _FOOTER_WORDS in _ascii_lower(_fold_typography(text))


def _without_furniture(text: str, footer: bool, page: bool) -> str:
    """The line without the footer (``footer``: it may hold one) and page numbers."""
    if footer:
        text = _FOOTER.sub(" ", text)
    if page:
        text = _PAGE_OF.sub(" ", text)
    return "" if len(text) < _PAGE_LINE_MAX and _PAGE_LINE.fullmatch(text) else text.strip()


def _split(text: str, cuts: list[int]) -> list[str]:
    """The line split at ``cuts``, its parts without a letter or digit dropped: what is left
    beside a heading or label cut off is then markup or a bullet ("#" of a Markdown heading
    its converter did not take as one, "**", "-"), not words of the letter."""
    cuts.sort()
    parts = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return [p for p in parts if any(map(str.isalnum, p))]


def _lines_with(text: str, word: str) -> set[int]:
    """Indexes of the lines (of ``text``, joined by newlines) that hold ``word``."""
    found: set[int] = set()
    line = counted = 0  # the line at position ``counted``
    at = text.find(word)
    while at >= 0:
        line += text.count("\n", counted, at)
        counted = at
        found.add(line)
        end = text.find("\n", at)
        at = text.find(word, end) if end >= 0 else -1
    return found


def _clean_joined(raw: list[str], text: str) -> list[str]:
    """:func:`clean_line` of every line, its tests run once over ``text``, the lines joined.

    No line may hold a newline.
    """
    folded = _fold_typography(text)
    if folded != text:  # (it maps no character to or from "\n")
        text, raw = folded, folded.split("\n")
    low = _ascii_lower(text)
    texts = list(map(str.strip, raw))
    footer = _lines_with(low, _FOOTER_WORDS)
    page = _lines_with(low, _PAGE_WORDS)
    for i in footer | page:
        texts[i] = _without_furniture(raw[i], i in footer, i in page)
    _drop_page_numbers(raw, texts, footer)
    if "<" in text and _COMMENT in text:  # (memchr first: most letters hold no "<")
        for i in _lines_with(text, _COMMENT):
            if _COMMENT_LINE.fullmatch(raw[i]):
                texts[i] = ""
    # The other lines can be page furniture only as short ones: a page number with a slash
    # ("2/3"), a converter's page separator ("---", "[Page 2]").
    for i in [i for i, line in enumerate(raw) if len(line) < _PAGE_LINE_MAX]:
        if i not in footer and i not in page and _PAGE_LINE.fullmatch(raw[i]):
            texts[i] = ""
    return texts


def _drop_page_numbers(raw: list[str], texts: list[str], footer: Iterable[int]) -> None:
    """Empty, in ``texts``, each line of ``raw`` that is a number alone beside a footer's own
    line (``footer``: the lines that held the footer's words) and is its page's number."""
    # The k-th footer's page is k (or k + 1, the next page's): a wrapped line can hold a
    # number alone too ("11-" / "17" / "-2016").
    pages = [i for i in sorted(footer) if not texts[i]]
    for k, i in enumerate(pages, 1):
        for j in (i - 1, i + 1):
            if (
                0 <= j < len(raw)
                and len(raw[j]) < 8
                and _NUMBER_LINE.fullmatch(raw[j])
                and int(raw[j]) in (k, k + 1)
            ):
                texts[j] = ""


def _glued(texts: list[str]) -> dict[int, list[int]]:
    """Line index -> where a heading or a field label starts inside that line.

    No line may hold a newline; lines are stripped.
    """
    text = "\n".join(texts)
    cuts: dict[int, list[int]] = {}
    heading = _GLUED[0][0]
    for pattern, needles in _GLUED:
        searched: set[int] = set()  # the starts of the lines searched whole
        for needle in needles:
            line = counted = 0  # the line at position ``counted``
            if pattern is heading:
                off, printed = _PRINTED[needle]
            else:
                before, size = _LABEL_AT_LINE_START[needle], len(needle)
            at = text.find(needle)
            while at >= 0:
                if pattern is heading:
                    if at >= off and text.startswith(printed, at - off):
                        at = text.find(needle, text.find("\n", at))  # the next line on
                        continue
                elif text.endswith(before, 0, at) or not _LABEL_END.match(text, at + size):
                    at = text.find(needle, at + size)  # not a glued label's last word
                    continue
                start = max(text.rfind("\n", counted, at) + 1, counted)
                end = text.find("\n", at)
                end = len(text) if end < 0 else end
                # A match at the line's start is no cut, nor is a word inside it a sign of one.
                m = pattern.match(text, start, end)
                if m and at < m.end():
                    at = text.find(needle, m.end())
                    continue
                if start not in searched:
                    searched.add(start)
                    line += text.count("\n", counted, start)
                    counted = start
                    for m in pattern.finditer(text, start, end):
                        if _is_cut(pattern, text, start, m.start()):
                            cuts.setdefault(line, []).append(m.start() - start)
                at = text.find(needle, end)
    return cuts


def _glued_by_line(texts: list[str]) -> dict[int, list[int]]:
    """:func:`_glued` line by line, for lines that may hold a newline; lines are stripped."""
    cuts: dict[int, list[int]] = {}
    for pattern, words in zip(_INSIDE_LINE, _FIRST_WORDS, strict=True):
        for i, text in enumerate(texts):
            for m in finditer_from(pattern, text, words):
                if _is_cut(pattern, text, 0, m.start()):
                    cuts.setdefault(i, []).append(m.start())
    return cuts


def _is_cut(pattern: re.Pattern[str], text: str, start: int, at: int) -> bool:
    """Whether a match of a heading or label ``pattern`` at ``at``, on the (stripped) line
    starting at ``start``, is glued on: words come before it, and before a label, an outcome
    or a sentence's end."""
    return at > start and (
        pattern is _INSIDE_LINE[0] or _BEFORE_LABEL.search(text, start, at) is not None
    )


def clean_document(document: Document) -> list[Line]:
    """The document's lines in reading order, cleaned, with empty lines dropped."""
    blocks = document.blocks
    raw = list(chain.from_iterable([block.lines for block in blocks]))  # (C joins the tuples)
    text = "\n".join(raw)
    if "\n" not in "".join(raw):  # (C's memchr, where text.count("\n") reads each character)
        texts = _clean_joined(raw, text)
        glued = _glued(texts)
    else:  # a line holds a newline: line by line
        texts = [clean_line(line) for line in raw]
        _drop_page_numbers(raw, texts, (i for i, line in enumerate(raw) if _holds_footer(line)))
        glued = _glued_by_line(texts)
    if glued or "" in texts:
        return _split_lines(blocks, texts, glued)
    # The usual letter: one Line per physical line; a block's first one starts a paragraph.
    size = len(texts)
    para = [False] * size
    heading = [False] * size
    section: list[str | None] = [None] * size
    label: list[str | None] = [None] * size
    apart = [False] * size
    n = 0
    feeds = "\f" in text  # else every block opens a paragraph, with no call to say so
    for block in blocks:
        if block.lines:
            para[n] = not feeds or _opens_paragraph(block)
            section[n] = block.section
            label[n] = block.label
            apart[n] = block.set_apart
            if block.heading:
                heading[n : n + len(block.lines)] = [True] * len(block.lines)
        n += len(block.lines)
    # Each Line built from a 6-tuple at C speed (Line(...) is a Python call per line).
    lines = map(
        tuple.__new__,
        repeat(Line),
        zip(texts, para, heading, section, label, apart, strict=True),
    )
    return cast("list[Line]", list(lines))


def _opens_paragraph(block: Block) -> bool:
    """Whether a block's first line opens a paragraph: not where a form feed opens it, the
    next page's first line after the blank line that ends a page (pdftotext, pdfminer). A page
    ends inside a paragraph, or inside an item's wrapped name, as often as between two: the
    words on either side decide, as where no blank line stands between them."""
    return block.lines[0][:1] != "\f"


def _split_lines(
    blocks: Iterable[Block], texts: list[str], glued: dict[int, list[int]]
) -> list[Line]:
    """:func:`clean_document`'s lines where some are split at ``glued`` or dropped empty."""
    lines: list[Line] = []
    n = -1
    for block in blocks:
        first = True
        for _ in block.lines:
            n += 1
            for i, part in enumerate(_split(texts[n], glued[n]) if n in glued else (texts[n],)):
                if not part:
                    continue
                if first:
                    para = _opens_paragraph(block)
                    lines.append(
                        Line(part, para, block.heading, block.section, block.label, block.set_apart)
                    )
                    first = False
                else:
                    lines.append(Line(part, i > 0, block.heading))
    return lines


def unwrap(lines: Iterable[str], *, plain: bool = False) -> str:
    """Join wrapped lines into one text with single spaces.

    A line ending in a hyphen attached to a word joins the next without a space
    (``1-`` + ``8-14`` is ``1-8-14``); a spaced dash (``Back -``) keeps its space.
    ``plain``: the caller knows the lines hold no whitespace but spaces (ASCII, or printable:
    no other whitespace character is) and no line but the last ends in a hyphen (a section
    checked once for all its paragraphs); they are then joined and their runs of spaces
    collapsed, without the tests for the general case.
    """
    if plain:
        return _collapse_spaces(" ".join(lines))
    lines = list(lines)
    text = "\n".join(lines)
    join = _JOIN.search(text)
    if not join:  # no line to join without a space
        return _single_spaced(text)
    if "\n" not in "".join(lines):  # each line one of text's: joined where _JOIN matches
        # (The rest searched on its own: the character before it, a blank, ends no join.)
        return _single_spaced(f"{text[: join.start()]}-{_JOIN.sub('-', text[join.end() :])}")
    # Lines joined without a space, grouped (adding to a string each time is quadratic).
    parts: list[list[str]] = []
    end = ""  # the last two letters of the last part
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if parts and _HYPHEN_END.search(end):
            parts[-1].append(line)
        else:
            parts.append([line])
            end = ""
        end = (end + line)[-2:]
    return _single_spaced(" ".join(map("".join, parts)))


def _single_spaced(text: str) -> str:
    """``" ".join(text.split())``: the words single-spaced."""
    # (Each "in" written out: a map over OTHER_ASCII_SPACES costs twice as much.)
    if text.isascii() and not (
        "\t" in text
        or "\v" in text
        or "\f" in text
        or "\r" in text
        or "\x1c" in text
        or "\x1d" in text
        or "\x1e" in text
        or "\x1f" in text
    ):
        # Only " " and "\n" part its words: collapsing their runs is a few C-level
        # replaces, where splitting into words costs a call per word.
        return _collapse_spaces(text.replace("\n", " "))
    return " ".join(text.split())


assert OTHER_ASCII_SPACES == "\t\v\f\r\x1c\x1d\x1e\x1f"  # (written out in _single_spaced)


def _collapse_spaces(text: str) -> str:
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")
