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

from .real_facts import Variant, inputs, varied_wrongs

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
