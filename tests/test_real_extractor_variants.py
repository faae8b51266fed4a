"""The real letters as the real extractors print new content (round 4).

A probe rendered new letters in the published layout and read them with the eleven extractors
of tests/real/README.md. What those texts showed that the 220 real ones do not, each applied
here to the real texts (or to a small extracted text under tests/data/extracted/):

- PyMuPDF's sorted text glues the last word of a line to the first of the next where it merges
  two lines (the real "leaving the originalrequest IMR eligible"); in a partial authorisation's
  heading the glue can fall between any two of the wording's words ("portion of theoriginal
  request", "6 visitswas authorized").
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .real_facts import Variant, inputs, record_of, varied_wrongs

TEXTS = [(case, f"{tool}/{case}", path) for case, tool, path in inputs() if tool != "pdf"]

# Word pairs of the two partial wordings, glued in the first heading that holds them.
_JUNCTIONS = [
    "was the",
    "the original",
    "original request",
    "was authorized",
    "authorized by",
    "by the",
    "the Claims",
    "Administrator authorized",
    "The remaining",
    "remaining IMR",
    "IMR eligible",
    "eligible portion",
    "portion of",
    "leaving the",
    "request IMR",
]
_OUTCOME = re.compile(r":\s*(?:Upheld|Overturned)")


def _glued(pair: str) -> Variant:
    first, second = pair.split()
    space = re.compile(rf"(?<={re.escape(first)}) (?={re.escape(second)})")

    def vary(text: str, want: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        """The first space of ``pair`` inside a partial heading removed; the facts unchanged."""
        start = text.find("set forth below")
        m = space.search(text, start) if start >= 0 else None
        end = _OUTCOME.search(text, start) if start >= 0 else None
        heading = text[start : end.start()] if end else ""
        if m is None or end is None or m.start() > end.start() or "original" not in heading:
            return None
        return text[: m.start()] + text[m.end() :], want

    return vary


@pytest.mark.parametrize("pair", _JUNCTIONS)
def test_a_partial_heading_with_two_words_glued_still_reads(pair: str) -> None:
    varied, wrong = varied_wrongs(TEXTS, _glued(pair))
    assert varied >= 10, varied
    assert wrong == [], wrong[:3]


# An item's name as printed in its heading and in its rationale ("The request for ... is").
def _heading_names(text: str, want: dict[str, Any]) -> list[tuple[int, str]]:
    """(where, name) of each item name printed whole on its heading's line, ``: Upheld`` or
    ``: Overturned`` after it (the markdown's bold markers allowed), whose rationale repeats it
    (only such a name can be respelled)."""
    out = []
    rationales = [d["rationale"] or "" for d in record_of(text)["determinations"]]
    for d, rationale in zip(want["determinations"], rationales, strict=False):
        m = re.search(re.escape(d["item"]) + r"(?:\*\*)?:\s*(?:\*\*)?(?:Upheld|Overturned)", text)
        if m and d["item"] in " ".join(rationale.split()):
            out.append((m.start(), d["item"]))
    return out


def _name_dropped(what: str) -> Variant:
    """A space (``what`` " ") or a hyphen ("-") inside one item name in its heading dropped, as
    an extractor drops it at a page's or a line's end; the facts unchanged."""

    def vary(text: str, want: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        for at, name in _heading_names(text, want):
            cut = name.find(what, 3)
            if cut < 0:
                continue
            return text[: at + cut] + text[at + cut + 1 :], want
        return None

    return vary


@pytest.mark.parametrize("what", [" ", "-"])
def test_a_name_that_lost_a_space_or_hyphen_in_its_heading_reads_as_its_rationale_spells_it(
    what: str,
) -> None:
    varied, wrong = varied_wrongs(TEXTS, _name_dropped(what))
    assert varied >= 10, varied
    assert wrong == [], wrong[:3]
