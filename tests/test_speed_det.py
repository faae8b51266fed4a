"""The determinations' quicker tests give what the tests they replaced gave (kept here as the
oracles): on every decisions section in the repository and on generated lines."""

from __future__ import annotations

import re
from functools import cache
from itertools import filterfalse
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imrparse import vocabulary as vocab
from imrparse.grammar import citations as cit
from imrparse.grammar import determinations as det
from imrparse.grammar.clean import Line, clean_document, unwrap
from imrparse.grammar.names import LONGEST_ITEM
from imrparse.grammar.scan import lowered
from imrparse.grammar.sections import split_sections
from imrparse.models import Citation, Outcome
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


def _old_read_citations(text: str, budget: cit.PageBudget | None = None) -> list[Citation]:
    low = lowered(text)
    starts = list(cit._CLAUSE.finditer(text, low))
    if not starts:
        return []
    paged = cit._may_cite_pages(text, low)
    citations: list[Citation] = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        clause = text[m.end() : end]
        if low is None or ("not" in (seg := low[m.end() : end]) and "did" in seg):
            clause = cit._STATEMENT.sub(" ", clause)
        clause = " ".join(clause.split())
        mtus = True
        non = cit._NON_MTUS.match(clause) if clause[:1] in ("N", "n") else None
        if non:
            mtus = False
            clause = clause[non.end() :]
        clause = clause.rstrip(" ;,")
        if clause.endswith("."):
            clause = clause[:-1].rstrip()
        if clause:
            pages = cit.cited_pages(clause, budget) if paged else ()
            citations.append(Citation(clause, mtus, pages))
    return citations


def _check_citations(text: str) -> None:
    expected = _old_read_citations(text)
    assert cit.read_citations(text) == expected, text
    # As determinations reads a field: unwrapped, single-spaced.
    spaced = unwrap([text])
    assert cit.read_citations(spaced, single_spaced=True) == _old_read_citations(spaced)


@cache
def _guidelines() -> list[str]:
    """Every guideline paragraph of the repository's letters, as determinations reads it."""
    texts: list[str] = []
    for lines in _sections():
        reader = det._Reader([line.text for line in lines], False, True, [])
        det._group(lines, [line.text for line in lines], reader)
        reader.open(None, [])
        for draft in reader.drafts:
            texts += filter(None, (det._field_text(draft.fields, k) for k in ("claims", "maximus")))
    assert len(texts) > 200
    return texts


def test_citations_read_the_repository_letters_as_before() -> None:
    for text in _guidelines():
        _check_citations(text)


# Paragraphs of a few words each rule reads: the clause (spaced out too), Non-MTUS in its
# wordings, statements, pages, stops, and whitespace of every kind.
_WORDS = st.sampled_from(
    [
        "Decision based on",
        "Decisions base d upon",
        "decision based on:",
        "Non-MTUS Citation",
        "Non-MTUS Citations:",
        "NON MTUS",
        "Non-MTUS Citation:",
        "The Claims Administrator did not cite",
        "did not",
        "ODG",
        "Page(s): 68-69",
        "pp. 3, 5",
        ".",
        ";",
        ",",
        ":",
        " ",
        "\t",
        "\n",
        "\u00a0",
        "\u0130",
    ]
)


@given(st.lists(_WORDS, max_size=12).map(" ".join))
def test_citations_read_any_paragraph_as_before(text: str) -> None:
    _check_citations(text)


@pytest.mark.parametrize(
    "text",
    [
        "Decision based on Non-MTUS Citation : ODG",
        "Decision based on Non-MTUS Citation: ODG",
        "Decision based on Non-MTUS Citation ODG. Decision based on Non-MTUS Citation :x",
        "Decision based on Non-MTUS Citations ODG",
        "Decision based on non-mtus citation ODG",
        "Decision based on Non-MTUS Citation ",
        "Decision based on Non-MTUS Citation",
        "The Claims Administrator did not cite. Decision based on Non-MTUS Citation\tODG",
    ],
)
def test_the_usual_non_mtus_wording(text: str) -> None:
    _check_citations(text)


_OLD_SENTENCE_END = re.compile(r"[.!?][\"')\]]?$")
_OLD_PARAGRAPH_END = re.compile(r"[.!?:][\"')\]]?$")


def _old_ends_with(end: re.Pattern[str], line: str) -> bool:
    line = line.rstrip()
    return bool(end.search(line, len(line) - 2))


def _old_closing_outcome(lines: list[str], line: str) -> Outcome | None:
    colon = line.rfind(":")
    m = det._OUTCOME_END.match(line, max(colon, 0))
    if m is None:
        return None
    if colon < 0 and not (
        det._LONE_OUTCOME.fullmatch(line) and len(lines) > 1 and lines[-2].rstrip().endswith(":")
    ):
        return None
    return cast(Outcome, vocab.outcome_of(m[1]))


def _check_line_ends(before: str, line: str) -> None:
    for stops, end in (
        (det._SENTENCE_END, _OLD_SENTENCE_END),
        (det._PARAGRAPH_END, _OLD_PARAGRAPH_END),
    ):
        assert det._ends_with(stops, line) == _old_ends_with(end, line), line
    for lines in ([line], [before, line]):
        assert det._closing_outcome(lines, line) == _old_closing_outcome(lines, line), lines


def test_line_ends_read_the_repository_letters_as_before() -> None:
    for lines in _sections():
        texts = [line.text for line in lines]
        for before, line in zip(["", *texts], texts, strict=False):
            _check_line_ends(before, line)


def test_every_plain_closing_is_what_the_pattern_reads() -> None:
    for closing, outcome in det._PLAIN_CLOSINGS.items():
        for line in (closing, f"Item{closing}", f"a: b{closing}"):
            assert det._closing_outcome([line], line) == outcome
            assert _old_closing_outcome([line], line) == outcome


# Line ends of the characters each test reads: stops, closing brackets and quotes, colons,
# blanks, outcome words in their cases and spaced out.
_END = st.lists(
    st.sampled_from(
        [
            *(".", "!", "?", ":", '"', "'", ")", "]", " ", "\t", "\n", "\u00a0", "a", "Dr.", "x"),
            *("Upheld", "UPHELD", "upheld", "Overturned", "OVERTUMED", "Uphel d", "  "),
        ]
    ),
    max_size=6,
).map("".join)


@given(_END, _END)
def test_line_ends_read_any_line_as_before(before: str, line: str) -> None:
    _check_line_ends(before, line)


def _old_field_text(fields: dict[det.Kind, list[str]], kind: det.Kind) -> str | None:
    return " ".join(filter(None, fields[kind])) or None if kind in fields else None


@given(st.lists(st.sampled_from(["", "a", "b c", " "]), max_size=3))
def test_a_field_text_reads_as_before(texts: list[str]) -> None:
    none: dict[det.Kind, list[str]] = {}
    for fields in (none, {det._FIELDS[0]: texts}):
        assert det._field_text(fields, "claims") == _old_field_text(fields, "claims")


def _old_more_than_a_name(text: str) -> bool:
    return (
        len(text) > LONGEST_ITEM
        or (det._holds_stop(text) and det._holds_sentence_break(text))
        or any(map(text.lower().__contains__, vocab.RATIONALE_CONCLUSIONS))
    )


@given(
    st.lists(
        st.sampled_from(["MRI", "is", "not", "Medically", "necessary", "are", ".", " ", "Dr."]),
        max_size=8,
    ).map(" ".join)
)
def test_more_than_a_name_reads_as_before(text: str) -> None:
    assert det._more_than_a_name(text, text.lower()) == _old_more_than_a_name(text)
