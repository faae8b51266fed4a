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
as structure, never as words: each heading block carries the core section it stands for
(``Block.section``), and the guideline and rationale paragraphs carry the item field they
fill (``Block.label``). The letter's own words are kept as they are:

=====================================  ==================================================
this layout                            what the grammar is given
=====================================  ==================================================
text before the first section          the case header (preamble), unchanged
ISSUE AT DISPUTE                       section ``decisions``: one block per paragraph
                                       (an issue), each followed by ...
MEDICAL TREATMENT GUIDELINE(S) ...     ... the section's paragraphs, the first labelled
                                       ``maximus`` (the reviewer's guideline)
RATIONALE FOR WHY ...                  ... and labelled ``rationale``
CASE SUMMARY                           section ``summary``
DOCUMENTS REVIEWED FOR DETERMINATION   section ``documents`` (the grammar reads a list)
MEDICAL REVIEWER QUALIFICATIONS        section ``how`` (the reviewer's credentials)
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
# Where each section goes: the core's section keys (imrparse.vocabulary.SECTIONS). The
# decisions section is composed from three of this layout's sections.
_CORE_SECTION = {"summary": "summary", "documents": "documents", "qualifications": "how"}


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
        sections: list[tuple[str, str, list[Block]]] = []
        current = preamble
        for block in text_blocks(decode_text(data)):
            text = "\n".join(block.lines)
            pos = 0
            for m in _HEADING.finditer(text):
                _add(current, text[pos : m.start()])
                current = []
                sections.append((m.lastgroup or "", " ".join(m[0].split()), current))
                pos = m.end()
            _add(current, text[pos:])

        blocks = preamble
        decisions_done = False
        for key, heading, paragraphs in sections:
            if key in _CORE_SECTION:
                blocks.append(Block(heading, heading=True, section=_CORE_SECTION[key]))
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


def _labelled(field: str, paragraphs: list[Block]) -> list[Block]:
    """The paragraphs, the first marked as the start of the item field ``field``."""
    if not paragraphs:
        return []
    return [Block(paragraphs[0].lines, label=field), *paragraphs[1:]]


def _decisions(sections: Iterable[tuple[str, str, list[Block]]]) -> list[Block]:
    """The decisions section: each issue paragraph, then the shared guideline and rationale."""
    found: dict[str, list[Block]] = {"issue": [], "guideline": [], "rationale": []}
    heading = ""
    for key, words, paragraphs in sections:
        if key in found:
            found[key] += paragraphs
            heading = heading or words
    # "maximus" and "rationale": the core's item fields (imrparse.vocabulary.ITEM_FIELDS).
    shared = _labelled("maximus", found["guideline"]) + _labelled("rationale", found["rationale"])
    blocks = [Block(heading, heading=True, section="decisions")]
    if not found["issue"]:
        return blocks + shared  # the grammar warns that no item was found
    for issue in found["issue"]:
        blocks += [issue, *shared]
    return blocks


@hookimpl
def register_formats(register: Callable[[Format], None]) -> None:
    register(MedicalProfessionalReview())
