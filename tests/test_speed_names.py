"""grammar.names: the fast paths of the name checks find what the plain rules they replaced
found, on every line and word of the repository's texts and on generated strings."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from imrparse.grammar import names

ROOT = Path(__file__).resolve().parent.parent

# The rule as one pattern, before it was split in two (see names._oddly_spaced).
_ODD_SPACING = re.compile(r"\b[A-Za-z]\b|\s[,.;:)\]%]|[(\[]\s|[a-z][A-Z]")


@cache
def _texts() -> tuple[str, ...]:
    paths = sorted((ROOT / "tests" / "real").rglob("*.txt")) + sorted(
        (ROOT / "plugins" / "imrparse_plaintext" / "examples").glob("*.txt")
    )
    return tuple(p.read_text(encoding="utf-8", errors="replace") for p in paths)


# Characters each rule reads, and some it must not: a NUL (the padding), non-ASCII letters
# and digits (word characters to \b), a title-case letter.
_ALPHABET = "aAbZzxyQC _-()[],.;:%#/\t\n\0\u00e9\u00c9\u00df\u01c51\u0669"


def test_oddly_spaced_is_the_one_pattern_on_the_repository_texts() -> None:
    for text in _texts():
        for line in text.splitlines():
            assert names._oddly_spaced(line) == bool(_ODD_SPACING.search(line)), line
            for word in line.split():
                assert names._oddly_spaced(word) == bool(_ODD_SPACING.search(word)), word


@given(st.text(alphabet=_ALPHABET, max_size=12))
def test_oddly_spaced_is_the_one_pattern(text: str) -> None:
    assert names._oddly_spaced(text) == bool(_ODD_SPACING.search(text))
