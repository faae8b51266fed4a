"""Sections: the letter's lines split at the headings every IMR layout uses."""

from __future__ import annotations

from operator import itemgetter

from attrs import define, field

from .. import vocabulary as vocab
from .clean import Line, unwrap

_LONGEST = 2 * max(len(h) for h in vocab.SECTION_HEADINGS)  # longer lines are prose
# The letters headings start with: most lines start with another and need no folding.
_FIRST = frozenset(h[0] for h in vocab.SECTION_HEADINGS)
# The headings' starts, upper-cased, of _HEAD characters and more: a line starting with
# _HEAD letters (so its first word, upper-cased, starts with their upper case) is a heading
# only if they upper-case to one of these. (_HEAD: the shortest first word's length.)
_HEAD = min(len(h.split()[0]) for h in vocab.SECTION_HEADINGS)
_HEAD_STARTS = frozenset(h[:n] for h in vocab.SECTION_HEADINGS for n in range(_HEAD, len(h) + 1))
_text = itemgetter(0)  # Line.text
# The ASCII characters heading_key's lines never start with: most lines start with one.
_NEVER_FIRST = frozenset(
    c for c in map(chr, range(128)) if c.upper() not in _FIRST and not c.isspace()
)


@define
class Sections:
    """``preamble``: lines before the first heading (the case header); ``parts``: by key."""

    preamble: list[Line] = field(factory=list)
    parts: dict[str, list[Line]] = field(factory=dict)

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
    return vocab.SECTION_HEADINGS.get(vocab.fold(text))


def split_sections(lines: list[Line]) -> Sections:
    """Split cleaned lines at known headings; an unknown layout heading ends a section."""
    sections = Sections()
    current: list[Line] | None = sections.preamble
    filed = 0  # the lines before it are filed
    for i, line in enumerate(lines):
        if line.text[:1] in _NEVER_FIRST and not line.heading:
            continue  # no heading (heading_key would say so at a greater cost): filed in a run
        key = line.section if line.heading and line.section else heading_key(line.text)
        if key is None and not (line.heading and line.para_start):
            continue
        if current is not None:
            current += lines[filed:i]
        filed = i + 1
        if key is not None:
            # A repeated heading continues its section rather than losing the first part.
            current = sections.parts.setdefault(key, [])
        elif sections.parts:
            # Before the first section a layout heading is a letterhead above the case header
            # ("MAXIMUS FEDERAL SERVICES, INC."): the header lines after it still count.
            current = None
    if current is not None:
        current += lines[filed:]
    return sections
