"""grammar.names: the fast paths of the name checks find what the plain rules they replaced
found, on every line and word of the repository's texts and on generated strings."""

from __future__ import annotations

import random
import re
from functools import cache
from itertools import pairwise
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from imrparse.grammar import names
from imrparse.grammar.names import _breakable, _squeezed

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


# --- a name looked for in its rationale ----------------------------------------------------
# The two functions as they were before their quick exits (see names._respelled and
# names._misread_in).


def _respelled(name: str, rationale: str) -> str:
    if len(name) < 6 or name in rationale:
        return name
    squeezed = _squeezed(name)
    anchor = name[:3].split(" ")[0].split("-")[0]
    first, rest, squeezed_rest = name[0], name[1:], squeezed[1:]
    swapped = first.swapcase() + rest.split(" ")[0].split("-")[0]
    for opening in () if not anchor else (anchor,) if swapped == anchor else (anchor, swapped):
        at = rationale.find(opening)
        while at >= 0:
            if rationale.startswith(rest, at + 1):
                return name
            stretch = rationale[at + 1 : at + 2 * len(name)]
            if _squeezed(stretch).startswith(squeezed_rest):
                near = first + stretch
                words = (_breakable(word) for word in name.split())
                m = re.compile(r"\s+".join(words)).match(near)
                if m is None:
                    return name
                respelled = " ".join(m[0].split())
                verb = respelled.rsplit(" ", 1)[-1]
                return respelled[: -len(verb) - 1] if verb in ("is", "are") else respelled
            at = rationale.find(opening, at + 1)
    return name


def _misread_in(name: str, rationale: str) -> str | None:
    size = len(name)
    if size < 12:
        return None
    low = name.lower()
    for anchor, offset in ((name[:6], 0), (name[-6:], size - 6)):
        at = rationale.find(anchor)
        while at >= 0:
            copy = rationale[at - offset : at - offset + size] if at >= offset else ""
            if len(copy) == size:
                apart = [(a, b) for a, b in zip(low, copy.lower(), strict=True) if a != b]
                if 0 < len(apart) <= min(2, size // 8) and all(
                    frozenset(pair) in names._LOOKALIKES for pair in apart
                ):
                    return copy
            at = rationale.find(anchor, at + 1)
    return None


def _outcome(function: object, *args: str) -> object:
    try:
        return function(*args)  # type: ignore[operator]
    except ValueError as e:  # (zip's, where lower-casing changes a copy's length)
        return type(e)


def _check(name: str, rationale: str) -> None:
    expected = _outcome(_respelled, name, rationale)
    assert _outcome(names._respelled, name, rationale) == expected
    if name not in rationale:
        assert names._respelled(name, rationale, absent=True) == expected
    assert _outcome(names._misread_in, name, rationale) == _outcome(_misread_in, name, rationale)


_LOOKALIKE = {a: b for pair in names._LOOKALIKES for a, b in pairwise(sorted(pair) * 2)}


def _misspelled(name: str, rng: random.Random) -> str:
    """``name`` as an extractor or OCR may give it: spaces or hyphens lost or added, a letter
    or a few misread, the first letter in the other case."""
    chars = list(name)
    for _ in range(rng.randint(0, 3)):
        at = rng.randrange(len(chars))
        choice = rng.random()
        if choice < 0.3 and chars[at] in " -":
            del chars[at]
        elif choice < 0.5:
            chars.insert(at, rng.choice(" -"))
        elif choice < 0.9:
            chars[at] = _LOOKALIKE.get(chars[at].lower(), chars[at])
        else:
            chars[at] = chars[at].swapcase()
    return "".join(chars) if chars else name


def test_the_quick_exits_keep_what_a_name_in_its_rationale_reads_as() -> None:
    rng = random.Random(18)
    for text in _texts()[::5]:
        words = text.split()
        for _ in range(40):
            start = rng.randrange(max(1, len(words) - 8))
            rationale = " ".join(words[max(0, start - 60) : start + 60])
            name = " ".join(words[start : start + rng.randint(1, 8)])
            for candidate in (name, _misspelled(name, rng), _misspelled(name, rng)):
                _check(candidate, rationale)
                _check(candidate, rationale.lower())


@given(
    st.text(alphabet="abcAB -10lI\u0130", min_size=1, max_size=16),
    st.text(alphabet="abcAB -10lI\u0130", max_size=40),
)
def test_the_quick_exits_keep_what_a_name_reads_as(name: str, rationale: str) -> None:
    _check(name, rationale)
    _check(name, name.swapcase() + " " + rationale + name.replace(" ", ""))


# --- a name's long words ----------------------------------------------------------------


def test_no_character_lower_cases_to_a_capital() -> None:
    """So that in a lower-cased text _LOWER_LONG_WORD's [a-z] is _LONG_WORD's [A-Za-z]."""
    capitals = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for code in range(0x110000):
        assert not capitals & set(chr(code).lower()), hex(code)


def test_long_words_are_what_the_long_word_pattern_finds_on_the_repository_texts() -> None:
    for text in _texts():
        low = text.lower()
        assert names._long_words(low) == set(names._LONG_WORD.findall(low))
        for line in low.splitlines():
            assert names._long_words(line) == set(names._LONG_WORD.findall(line)), line


@given(st.text(alphabet="abcdefXYZ \n-#1\u00e9\u0130\u212a", max_size=30))
def test_long_words_are_what_the_long_word_pattern_finds(text: str) -> None:
    low = text.lower()
    assert names._long_words(low) == set(names._LONG_WORD.findall(low))
