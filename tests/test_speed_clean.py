"""Cleaning's and sectioning's fast paths against the rules they replace, spelled out as
they ran before (the oracles), on the repository's texts and on generated ones."""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from imrparse.grammar import sections
from imrparse.grammar.clean import (
    _INSIDE_LINE,
    _PRINTED,
    Line,
    _glued,
    _glued_by_line,
    clean_document,
    unwrap,
)
from imrparse.parse import choose_format
from imrparse.vocabulary import ITEM_FIELD_NAMES, SECTION_HEADINGS

TEXTS = sorted(Path(__file__).parent.glob("real/text/*/*.txt"))

_HYPHEN_END = re.compile(r"\w-$")


def _cleaned(path: Path) -> list[Line]:
    data = path.read_bytes()
    return clean_document(choose_format(data).read(data))


def _unwrap_line_by_line(lines: Iterable[str]) -> str:
    """unwrap's rule as it ran line by line: each stripped line joins the part before it
    without a space where that part ends in a word character and a hyphen."""
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
    return " ".join(" ".join(map("".join, parts)).split())


def test_unwrap_is_the_line_by_line_rule_on_the_real_letters() -> None:
    # Every run of a letter's cleaned lines: a section, a paragraph, a few lines.
    checked = 0
    for path in TEXTS:
        texts = [line.text for line in _cleaned(path)]
        for size in (2, 3, 7, 40):
            for start in range(0, len(texts), size):
                lines = texts[start : start + size]
                assert unwrap(lines) == _unwrap_line_by_line(lines), lines
                checked += 1
    assert checked > 1000


# Pieces lines are made of: words, hyphens after words and after blanks, every kind of
# whitespace (ASCII's, Unicode's, newlines inside a line), a word character beyond ASCII.
_PIECES = ["ab", "x", "7", "-", "--", " ", "  ", "\t", "\r", "\x1c", "\u00a0", "\u2028"]
_PIECES += ["\n", "\u00e9", "\u0660", "_", ".", "- ", " -", "a-", "1-"]


@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join), max_size=8))
def test_unwrap_is_the_line_by_line_rule(lines: list[str]) -> None:
    assert unwrap(lines) == _unwrap_line_by_line(lines)
    assert unwrap(iter(lines)) == _unwrap_line_by_line(lines)


def test_unwrap_is_the_line_by_line_rule_on_random_lines() -> None:
    rng = random.Random(18)
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]
    pieces = [*_PIECES, *spaces, "\u00b2", "\u0301"]
    for _ in range(20_000):
        lines = ["".join(rng.choices(pieces, k=rng.randrange(5))) for _ in range(rng.randrange(6))]
        assert unwrap(lines) == _unwrap_line_by_line(lines), lines


def test_the_lines_split_passes_over_are_no_headings() -> None:
    # _split files a line set as no heading without asking heading_key when it is longer
    # than any heading may be or starts with a character no heading starts with.
    lines = [line.text for path in TEXTS for line in _cleaned(path)]
    rng = random.Random(5)
    lines += [h[:n] + tail for h in SECTION_HEADINGS for n in range(4) for tail in ("", "x" * 90)]
    lines += [
        "".join(rng.choices("HhCcIiDd Ox\u0131\u0130\u00a0", k=rng.randrange(90)))
        for _ in range(20_000)
    ]
    for text in lines:
        if len(text) > sections._LONGEST or text[:1] in sections._NEVER_FIRST:
            assert sections.heading_key(text) is None, text


def test_a_heading_printed_on_its_own_line_holds_no_cut() -> None:
    # _glued passes over a heading's needle standing in such a line (_PRINTED).
    heading = _INSIDE_LINE[0]
    for needle, (off, printed) in _PRINTED.items():
        for line in printed:
            assert line.index(needle) == off
            assert [m.start() for m in heading.finditer(line.strip())] == [0]
            assert _glued([line.strip()]) == {}


# Pieces of lines: headings as printed and not, labels, outcomes, a sentence's end, words.
_GLUE_PIECES = [*SECTION_HEADINGS, *ITEM_FIELD_NAMES.values(), "Upheld", "Overturned", ".", ":"]
_GLUE_PIECES += ["x", "a b", " ", "  ", "\t", "RATIONALE", "DETERMINATION", "CLINICAL", "IMR"]
_GLUE_PIECES += ["HOW THE IMR FINAL", "DOCUMENTS REVIEWED FOR", "guideline", "rationale", "S"]


def test_glued_words_found_over_the_joined_lines_are_those_found_line_by_line() -> None:
    rng = random.Random(11)
    for _ in range(20_000):
        texts = [
            "".join(rng.choices(_GLUE_PIECES, k=rng.randrange(4))).strip()
            for _ in range(rng.randrange(1, 5))
        ]
        assert _glued(texts) == _glued_by_line(texts), texts
