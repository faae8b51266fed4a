"""The determinations' quicker tests give what the tests they replaced gave (kept here as the
oracles): on every decisions section in the repository and on generated lines."""

from __future__ import annotations

from functools import cache
from itertools import filterfalse
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imrparse.grammar import determinations as det
from imrparse.grammar.clean import Line, clean_document
from imrparse.grammar.sections import split_sections
from imrparse.parse import choose_format

ROOT = Path(__file__).resolve().parent.parent


@cache
def _sections() -> list[list[Line]]:
    """The decisions section's lines of every text letter in the repository."""
    paths = [
        *(ROOT / "plugins").glob("*/examples/*.txt"),
        *(ROOT / "tests" / "real" / "text").glob("*/*"),
    ]
    sections = []
    for path in sorted(paths):
        data = path.read_bytes()
        try:
            document = choose_format(data).read(data)
        except Exception:  # not a letter any layout reads: nothing to compare
            continue
        lines = split_sections(clean_document(document)).lines("decisions")
        if lines:
            sections.append(lines)
    assert len(sections) > 100
    return sections


def _old_spacing(texts: list[str]) -> tuple[bool, bool]:
    text = " ".join(texts)
    if any(map(text.__contains__, det._CONTROL_SPACES)):
        return False, True
    if not text.isascii() and not all(map(str.isprintable, filterfalse(str.isascii, texts))):
        return False, True
    text = "\n".join(texts)
    if " \n" in text or text.endswith(" "):
        return False, True
    return True, "-\n" in text


def _old_lines_to_read(lines: list[Line], spaces_only: bool) -> list[int]:
    if not spaces_only:
        return list(range(len(lines)))
    return [
        i
        for i, (text, para_start, _, _, label, _) in enumerate(lines)
        if para_start
        or label
        or text[:3] in det._LABEL_OPENINGS
        or (text[-1:] in det._OUTCOME_ENDINGS and text.endswith(det._OUTCOME_TAILS))
    ]


def _check_lines(lines: list[Line]) -> None:
    texts = [line.text for line in lines]
    assert det._spacing(texts) == _old_spacing(texts), texts
    for spaces_only in (True, False):
        assert det._lines_to_read(lines, texts, spaces_only) == _old_lines_to_read(
            lines, spaces_only
        )


def test_the_section_tests_read_the_repository_letters_as_before() -> None:
    for lines in _sections():
        _check_lines(lines)


# Lines of a few characters each test looks at: spaces, hyphens, other whitespace, the
# letters labels open and outcomes end with, in both cases.
_TEXT = st.text(st.sampled_from(" -\t\n\u00a0\u00ae.:aCcLlAaMmXxDdEeUP"), max_size=8)
_LINE = st.builds(
    Line,
    _TEXT,
    st.booleans(),
    st.just(False),
    st.none(),
    st.sampled_from([None, "claims", "other"]),
)


@given(st.lists(_LINE, max_size=6))
def test_the_section_tests_read_any_lines_as_before(lines: list[Line]) -> None:
    _check_lines(lines)


@pytest.mark.parametrize("texts", [[], [""], ["a", ""], ["a-", ""], ["a -", "b"], ["", "a "]])
def test_spacing_of_empty_lines(texts: list[str]) -> None:
    assert det._spacing(texts) == _old_spacing(texts)
