"""imrparse layout plugin: 2013 IMR letters headed ``MEDICAL PROFESSIONAL REVIEW``.

The layout (text taken out of the published PDF) names its sections with headings ending in
a colon, and a section's text may start on the heading's own line::

    MEDICAL PROFESSIONAL REVIEW
    Case Number: CM13-...            (a case header: Label: value)
    ISSUE AT DISPUTE: <item>: Upheld
    CASE SUMMARY:
    DOCUMENTS REVIEWED FOR DETERMINATION:
    MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:
    RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:
    MEDICAL REVIEWER QUALIFICATIONS:

This plugin only finds those sections and their paragraphs and hands them to the core grammar
under the words the grammar knows (see ``docs/plugins.md`` in imrparse):

=====================================  ==================================================
this layout                            what the grammar is given
=====================================  ==================================================
text before the first section          the case header (preamble), unchanged
ISSUE AT DISPUTE                       ``IMR ISSUES, DECISIONS AND RATIONALES``: one block
                                       per paragraph (an issue), each followed by ...
MEDICAL TREATMENT GUIDELINE(S) ...     ... the section's paragraphs labelled
                                       ``MAXIMUS guideline:`` (the reviewer's guideline)
RATIONALE FOR WHY ...                  ... and labelled ``Decision rationale:``
CASE SUMMARY                           ``CLINICAL CASE SUMMARY``
DOCUMENTS REVIEWED FOR DETERMINATION   the same heading (the grammar reads it as a list)
MEDICAL REVIEWER QUALIFICATIONS        ``HOW THE IMR FINAL DETERMINATION WAS MADE``
=====================================  ==================================================

Each paragraph of ISSUE AT DISPUTE is one issue. One guideline section and one rationale
section serve every issue of a letter: the letter does not say which sentence belongs to
which issue, so each issue gets the whole of both (never a guess at a split). The layout has
no Claims Administrator guideline, and the grammar says so in ``warnings``.

The outcome is only what an issue states (``<item>: Upheld``). The rationale heading's "IS/WAS
NOT MEDICALLY NECESSARY" is the form's wording for every letter, Overturned ones included, so
it is never read as an outcome: an issue that states none keeps ``outcome: null`` and a
warning. Whether a paragraph is an item, and its outcome, dates and citations, are the
grammar's to read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from imrparse import Block, Document, Format, decode_text, hookimpl, sniff_head, text_blocks

# Section key -> the heading's words as the letters print them (upper case; may wrap).
_SECTIONS = {
    "issue": "ISSUE AT DISPUTE",
    "summary": "CASE SUMMARY",
    "documents": "DOCUMENTS REVIEWED FOR DETERMINATION",
    "guideline": "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY",
    "rationale": (
        "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY"
    ),
    "qualifications": "MEDICAL REVIEWER QUALIFICATIONS",
}
# Where each section goes: a heading the grammar knows. The decisions section is composed.
_CANONICAL = {
    "summary": "CLINICAL CASE SUMMARY",
    "documents": "DOCUMENTS REVIEWED FOR DETERMINATION",
    "qualifications": "HOW THE IMR FINAL DETERMINATION WAS MADE",
}
_DECISIONS = "IMR ISSUES, DECISIONS AND RATIONALES"
_MAXIMUS_LABEL = "MAXIMUS guideline:"
_RATIONALE_LABEL = "Decision rationale:"


def _heading_pattern() -> str:
    # A heading starts a line and ends in a colon; a long one wraps, so any whitespace
    # (line breaks included) may stand between its words. Capitals only: prose never matches.
    alternatives = (
        f"(?P<{key}>" + r"\s+".join(re.escape(w) for w in words.split()) + ")"
        for key, words in _SECTIONS.items()
    )
    return r"^[ \t\f]*(?:" + "|".join(alternatives) + r")[ \t]*:"


_HEADING = re.compile(_heading_pattern(), re.MULTILINE)
_TITLE = re.compile(r"MEDICAL\s+PROFESSIONAL\s+REVIEW")
_SNIFF_BYTES = 64 * 1024  # the title and the first headings sit on page 1


class MedicalProfessionalReview(Format):
    name = "medical-professional-review"
    description = "2013 IMR letters headed MEDICAL PROFESSIONAL REVIEW (ISSUE AT DISPUTE, ...)"
    examples = Path(__file__).parent / "examples"

    def sniff(self, data: bytes) -> float:
        head = sniff_head(data, _SNIFF_BYTES)
        if head is None:
            return 0.0  # binary: a PDF or worse, never this text layout
        # The title alone is not enough (prose may say it); one of its headings must follow.
        # 0.9 beats the generic plain-text reader's 0.5, which may also answer for these.
        if _TITLE.search(head) and _HEADING.search(head):
            return 0.9
        return 0.0

    def read(self, data: bytes) -> Document:
        # Paragraphs as the core reads any PDF text (double-spacing included), then each
        # paragraph is cut where one of this layout's headings starts a line in it.
        preamble: list[Block] = []
        sections: list[tuple[str, list[Block]]] = []
        current = preamble
        for block in text_blocks(decode_text(data)):
            text = "\n".join(block.lines)
            pos = 0
            for m in _HEADING.finditer(text):
                _add(current, text[pos : m.start()])
                current = []
                sections.append((m.lastgroup or "", current))
                pos = m.end()
            _add(current, text[pos:])

        blocks = preamble
        decisions_done = False
        for key, paragraphs in sections:
            if key in _CANONICAL:
                blocks.append(Block(_CANONICAL[key], heading=True))
                blocks += paragraphs
            elif not decisions_done:
                # The decisions section goes where the first of its three sources stands.
                blocks += _decisions(sections)
                decisions_done = True
        return Document(blocks)


def _add(blocks: list[Block], text: str) -> None:
    """Add the non-blank lines of ``text`` (a piece of one paragraph) as a block."""
    lines = [line for line in text.split("\n") if line.strip()]
    if lines:
        blocks.append(Block(lines))


def _labelled(label: str, paragraphs: list[Block]) -> list[Block]:
    """The paragraphs with the grammar's field label put before the first one's words."""
    if not paragraphs:
        return []
    first = paragraphs[0]
    return [Block((f"{label} {first.lines[0].strip()}", *first.lines[1:])), *paragraphs[1:]]


def _decisions(sections: Iterable[tuple[str, list[Block]]]) -> list[Block]:
    """The decisions section: each issue paragraph, then the shared guideline and rationale."""
    found: dict[str, list[Block]] = {"issue": [], "guideline": [], "rationale": []}
    for key, paragraphs in sections:
        if key in found:
            found[key] += paragraphs
    shared = _labelled(_MAXIMUS_LABEL, found["guideline"]) + _labelled(
        _RATIONALE_LABEL, found["rationale"]
    )
    blocks = [Block(_DECISIONS, heading=True)]
    if not found["issue"]:
        return blocks + shared  # the grammar warns that no item was found
    for issue in found["issue"]:
        blocks += [issue, *shared]
    return blocks


@hookimpl
def register_formats(register: Callable[[Format], None]) -> None:
    register(MedicalProfessionalReview())
