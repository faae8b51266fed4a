"""Sections: the letter's lines split at the headings every IMR layout uses."""

from __future__ import annotations

import re

from attrs import define, field

from .clean import Line, unwrap

# Heading words (upper case, spaces collapsed, no trailing colon) -> section key.
HEADINGS = {
    "HOW THE IMR FINAL DETERMINATION WAS MADE": "how",
    "CLINICAL CASE SUMMARY": "summary",
    "IMR ISSUES, DECISIONS AND RATIONALES": "decisions",
    "IMR DECISION(S) AND RATIONALE(S)": "decisions",
    "IMR DECISIONS AND RATIONALES": "decisions",
    "DOCUMENTS REVIEWED": "documents",
    "DOCUMENTS REVIEWED FOR DETERMINATION": "documents",
}
SECTION_NAMES = {
    "how": "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "summary": "CLINICAL CASE SUMMARY",
    "decisions": "IMR ISSUES, DECISIONS AND RATIONALES",
}
_NORMALISE = re.compile(r"[\s#*]+")
_LONGEST = 2 * max(len(h) for h in HEADINGS)  # longer lines are prose, never a heading


@define
class Sections:
    """``preamble``: lines before the first heading (the case header); ``parts``: by key."""

    preamble: list[Line] = field(factory=list)
    parts: dict[str, list[Line]] = field(factory=dict)
    unknown_headings: list[str] = field(factory=list)

    def lines(self, key: str) -> list[Line]:
        return self.parts.get(key, [])

    def text(self, key: str) -> str:
        return unwrap(line.text for line in self.lines(key))


def heading_key(text: str) -> str | None:
    """The section a heading's words name, if any."""
    if len(text) > _LONGEST:
        return None
    words = _NORMALISE.sub(" ", text).strip().rstrip(":").strip().upper()
    return HEADINGS.get(words)


def split_sections(lines: list[Line]) -> Sections:
    """Split cleaned lines at known headings; an unknown layout heading ends a section."""
    sections = Sections()
    current: list[Line] | None = sections.preamble
    for line in lines:
        key = heading_key(line.text)
        if key is not None:
            # A repeated heading continues its section rather than losing the first part.
            current = sections.parts.setdefault(key, [])
            continue
        if line.heading and line.para_start:
            sections.unknown_headings.append(line.text)
            # Before the first section it is a letterhead above the case header
            # ("MAXIMUS FEDERAL SERVICES, INC."): the header lines after it still count.
            if sections.parts:
                current = None
            continue
        if current is not None:
            current.append(line)
    return sections
