"""Sections: the letter's lines split at the headings every IMR layout uses."""

from __future__ import annotations

import re
from operator import itemgetter

from attrs import define, field

from .. import vocabulary as vocab
from .clean import Line, unwrap

_LONGEST = 2 * max(len(h) for h in vocab.SECTION_HEADINGS)  # longer lines are prose
# The letters headings start with: most lines start with another and need no folding.
_FIRST = frozenset(h[0] for h in vocab.SECTION_HEADINGS)
# A line starting with _HEAD letters is a heading only if they upper-case to a heading's start.
_HEAD = vocab.HEADING_START
_HEAD_STARTS = vocab.HEADING_STARTS
_text = itemgetter(0)  # Line.text
_REQUIRED = frozenset(vocab.REQUIRED_SECTIONS)
# The ASCII characters heading_key's lines never start with: most lines start with one.
_NEVER_FIRST = frozenset(
    c for c in map(chr, range(128)) if c.upper() not in _FIRST and not c.isspace()
)


@define
class Sections:
    """``preamble``: lines before the first heading (the case header); ``parts``: by key."""

    preamble: list[Line] = field(factory=list)
    parts: dict[str, list[Line]] = field(factory=dict)
    # The case number of a second letter found after this one (its sections start again),
    # "" where its header holds none that can be read; None: no second letter.
    another: str | None = None

    def lines(self, key: str) -> list[Line]:
        return self.parts.get(key, [])

    def text(self, key: str) -> str:
        return unwrap(map(_text, self.lines(key)))


def heading_key(text: str) -> str | None:
    """The section a heading's words name, if any."""
    if len(text) > _LONGEST:
        return None
    head = text[:_HEAD]
    if head.upper() not in _HEAD_STARTS and head.isalpha():
        return None
    first = head[:1]
    if first.upper() not in _FIRST and not first.isspace():
        return None
    # As printed (nearly every heading), else a variant ("IMR ISSUE, DECISION AND RATIONALE").
    return vocab.section_of(text)


def split_sections(lines: list[Line]) -> Sections:
    """Split cleaned lines at known headings; an unknown layout heading ends a section.

    Only when a section every letter has is missing are its heading's other shapes looked
    for, and the lines split again with them mended: a heading wrapped over two lines
    ("CLINICAL CASE" / "SUMMARY"), or followed at once by its section's first words.
    """
    sections = _split(lines)
    if not sections.parts.keys() >= _REQUIRED:
        mended = _mend_headings(lines)
        if mended is not None:
            return _split(mended)
    return sections


def _mend_headings(lines: list[Line]) -> list[Line] | None:
    """The lines with each heading wrapped over two of them joined into one, and each heading
    that runs on into words split from them; None if there is none. A wrapped heading's first
    line holds two or more of its first words (and no more), the next the rest. A heading runs
    on as printed, in capitals or in title case, into words that hold a small letter (not
    more capitals: a letter printed in capitals says "THE FOLLOWING CLINICAL CASE SUMMARY
    BASED ON ...")."""
    out: list[Line] = []
    found = False
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        text = line.text
        if (
            len(text) <= _WRAP_MAX
            and i + 1 < len(lines)
            and text[:_HEAD].upper() in _HEAD_STARTS
            and vocab.heading_words(text) in _WRAPPED_STARTS
            and heading_key(joined := f"{text} {lines[i + 1].text}")
        ):
            out.append(line._replace(text=joined))
            found = skip = True
        elif (m := _RUN_ON.match(text)) and _printed(m[1]) and not text[m.end() :].isupper():
            out += [line._replace(text=m[1]), Line(text[m.end() :], True, line.heading)]
            found = True
        else:
            out.append(line)
    return out if found else None


# A heading's words opening a line, then words (past a colon); longest first, so that one
# that opens another ("DOCUMENTS REVIEWED FOR DETERMINATION") is matched whole. In any case:
# _printed tells a heading's capitals from a sentence's.
_RUN_ON = re.compile(
    "("
    + "|".join(
        vocab.words_pattern(h) for h in sorted(vocab.SECTION_HEADINGS, key=len, reverse=True)
    )
    + r")(?-i:(?![a-z]))\s*:?\s*(?=[^\s:])",
    re.IGNORECASE,
)


def _printed(heading: str) -> bool:
    """Whether a heading's words are printed as a heading: in capitals, or in title case
    ("Clinical Case Summary", "How the IMR Final Determination Was Made"), each word longer
    than three letters capitalised; a sentence's "clinical case summary" is not."""
    return heading.isupper() or all(w[0].isupper() for w in heading.split() if len(w) > 3)


_WRAP_MAX = max(map(len, vocab.SECTION_HEADINGS))  # a wrapped heading's first line is shorter
# The heading_words of each heading's first two words and more, but not all.
_WRAPPED_STARTS = frozenset(
    " ".join(words[:n])
    for words in (vocab.heading_words(h).split() for h in vocab.SECTION_HEADINGS)
    for n in range(2, len(words))
)


# Longer than any layout's heading (the MEDICAL PROFESSIONAL REVIEW letters' longest is 83
# characters): a line set as a heading that is longer is prose in a heading's style, as some
# converters set whole paragraphs (MuPDF's XHTML puts them in <h3>).
_LONGEST_HEADING = 120


# The order of the sections every letter has: a repeat of an earlier one starts a new letter.
_ORDER = {key: n for n, key in enumerate(vocab.REQUIRED_SECTIONS)}
# How many lines before a second letter's first heading its case header may start.
_HEADER_REACH = 20
_CASE_LABEL = next(label for label, key in vocab.HEADER_LABELS.items() if key == "case_number")
_CASE_NUMBER = re.compile(vocab.CASE_NUMBER)


def _header_start(lines: list[Line], start: int, end: int) -> int:
    """The first of ``lines[start:end]`` holding the "Case Number" label, else ``end``."""
    return next((j for j in range(start, end) if _CASE_LABEL in lines[j].text.upper()), end)


def _case_number(lines: list[Line]) -> str:
    """The first case number in ``lines``, or ""."""
    m = next(filter(None, (_CASE_NUMBER.search(line.text) for line in lines)), None)
    return m[0] if m else ""


def _split(lines: list[Line]) -> Sections:
    sections = Sections()
    current: list[Line] | None = sections.preamble
    last = ""  # the last section heading's key
    filed = 0  # the lines before it are filed
    for i, line in enumerate(lines):
        text = line.text
        if (len(text) > _LONGEST or text[:1] in _NEVER_FIRST) and not line.heading:
            # No heading (heading_key would say so, by its length or first letter, at a
            # greater cost): filed in a run.
            continue
        key = line.section if line.heading and line.section else heading_key(text)
        if key is None and not (line.heading and line.para_start and len(text) <= _LONGEST_HEADING):
            continue  # (a long line set as a heading is prose: a converter's styling)
        if key is None and current is not None and current is sections.parts.get("decisions"):
            # Item names may be printed in capitals: a layout's heading there is an item's
            # first line alone at a page's foot ("TENS" / "unit, 30 day trial: Upheld"), which
            # ended the section and lost every item after it, silently.
            continue
        if key is not None and key in sections.parts and _ORDER.get(key, 9) < _ORDER.get(last, -1):
            # A section of the letter's first ones after a later one: a second letter starts
            # (files that join several). Its case header, before the heading, is cut off too.
            cut = _header_start(lines, max(filed, i - _HEADER_REACH), i)
            if current is not None:
                current += lines[filed:cut]
            sections.another = _case_number(lines[cut:i])
            return sections
        if current is not None:
            current += lines[filed:i]
        filed = i + 1
        if key is not None:
            last = key
            # A repeated heading continues its section rather than losing the first part.
            current = sections.parts.setdefault(key, [])
        elif sections.parts:
            # Before the first section a layout heading is a letterhead above the case header
            # ("MAXIMUS FEDERAL SERVICES, INC."): the header lines after it still count.
            current = None
    if current is not None:
        current += lines[filed:]
    return sections
