"""grammar.scan: a pattern run over the lower-cased text finds what re.IGNORECASE finds."""

from __future__ import annotations

import re
import string

import pytest

from imrparse.grammar.scan import FOLDING_TO_ASCII, Folded, foldable, lowered

_WORD, _DIGIT, _SPACE = re.compile(r"\w"), re.compile(r"\d"), re.compile(r"\s")


def test_every_character_lowering_would_misread_is_unfoldable() -> None:
    """Over all of Unicode: lower-casing keeps a character's place and its class, and
    re.IGNORECASE matches no other character to an ASCII letter, except the four."""
    for code in range(128, 0x110000):
        char = chr(code)
        low = char.lower()
        misread = (
            len(low) != 1
            or low.isascii()
            or char in "\u0131\u017f"  # re.IGNORECASE: i and s
            or any(bool(c.match(char)) != bool(c.match(low)) for c in (_WORD, _DIGIT, _SPACE))
        )
        assert foldable(char) != misread, hex(code)


def test_what_an_ascii_letter_class_matches_ignoring_case() -> None:
    """[A-Za-z] with re.IGNORECASE: the ASCII letters and FOLDING_TO_ASCII, nothing else
    (summary.py reads the letters its patterns take for a word's without a regex)."""
    letters = re.compile("[A-Za-z]", re.IGNORECASE)
    matched = {chr(code) for code in range(0x110000) if letters.match(chr(code))}
    assert matched == set(string.ascii_letters + FOLDING_TO_ASCII)


@pytest.mark.parametrize(
    "text",
    [
        "Board Certified in Internal Medicine; licensed to practice in Texas.",
        "BOARD CERTIFIED IN X, and is licensed TO practice in CA",
        "bOARD cERTIFIED iN y. \u2019board\u2019 certified in Z",
        "Board Certified in \u0130nternal, licen\u017fed to practice in Kansas",
        "\u212aansas: board certif\u0131ed in q",
        "",
    ],
)
def test_folded_finds_what_ignorecase_finds(text: str) -> None:
    source = r"board\s+certified\s+in\s+(\w+)|licensed\s+to\s+practice\s+in\s+(\w+)"
    pattern = Folded(source)
    found = [(m.span(), m.span(1), m.span(2)) for m in pattern.finditer(text, lowered(text))]
    expected = re.compile(source, re.IGNORECASE).finditer(text)
    assert found == [(m.span(), m.span(1), m.span(2)) for m in expected]
    first = Folded(r"board\s+certified\s+in\s+(\w+)", "board")
    assert [m.span() for m in first.finditer(text, lowered(text))] == [
        m.span() for m in re.finditer(r"board\s+certified\s+in\s+(\w+)", text, re.IGNORECASE)
    ]
    # search: the first of finditer's matches, with or without a first word and a rarer one.
    also = Folded(r"board\s+certified\s+in\s+(\w+)", "board", "certified")
    for folded in (pattern, first, also):
        low = lowered(text)
        found_first = next(folded.finditer(text, low), None)
        searched = folded.search(text, low)
        assert (searched and searched.span()) == (found_first and found_first.span())
