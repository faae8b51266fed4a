"""The determinations and states steps' fast paths give what the general ones gave."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from imrparse import vocabulary as vocab
from imrparse.grammar import citations, determinations, states
from imrparse.grammar.clean import Line
from imrparse.grammar.scan import lowered
from imrparse.grammar.states import split_states

_ROOT = Path(__file__).resolve().parent.parent
_LINES = sorted(
    {
        line
        for p in (*_ROOT.glob("tests/**/*.txt"), *_ROOT.glob("plugins/*/examples/**/*.txt"))
        for line in p.read_text(errors="replace").splitlines()
    }
)


def _old_label_kind(text: str) -> tuple[str, str] | None:
    """_label_kind's pattern alone, on a line without a label hint (the oracle)."""
    m = determinations._LABEL.match(text)
    return None if m is None else (str(m.lastgroup), text[m.end() :])


_LABEL_WORDS = [
    *vocab.ITEM_FIELD_NAMES.values(),
    *(w for words in vocab.ITEM_FIELDS.values() for w in words),
    "Claims Administrator",
    "MAXIMUS",
    "Decision",
    "Decision  rationale",
    "decision rationale",
]


def _label_both_ways(text: str) -> None:
    line = Line(text, False, False)
    assert determinations._label_kind(line, text) == _old_label_kind(text), text


def test_every_line_in_the_repository_reads_as_a_label_as_before() -> None:
    for text in _LINES:
        _label_both_ways(text)
        _label_both_ways(text.upper())


@given(
    st.sampled_from(_LABEL_WORDS),
    st.sampled_from(["", " ", "\t", "\u00a0", "\u2003", "x"]),
    st.sampled_from([":", "", "::", ": :"]),
    st.text(st.sampled_from(" \t\u00a0\u2003\u200b\n:abcXYZ."), max_size=6),
    st.sampled_from(["", "text", "Decision based on MTUS"]),
)
def test_label_kind_reads_as_its_pattern(
    words: str, space: str, colon: str, blanks: str, rest: str
) -> None:
    _label_both_ways(f"{words}{space}{colon}{blanks}{rest}")


_OLD_SPLIT = re.compile(r"\s*(?:,|;|/|&|\band\b)\s*", re.IGNORECASE)


def _old_split_states(text: str) -> tuple[list[str], list[str]]:
    """split_states as it was, every list split by its pattern (the oracle)."""
    found: list[str] = []
    unresolved: list[str] = []
    if states.capital_with_comma(text):
        text = states._CAPITAL_WITH_COMMA.sub("District of Columbia", text)
    for part in _OLD_SPLIT.split(text.strip().rstrip(".")):
        part = part.strip()
        if not part:
            continue
        state = states.resolve_state(part)
        found_here = [state] if state is not None else states._run_of_states(part)
        if not found_here:
            unresolved.append(part)
        for s in found_here:
            if s not in found:
                found.append(s)
    return found, unresolved


_STATE_WORDS = st.sampled_from(
    [
        *states.STATES[:12],
        "Maryland",
        "Rhode Island",
        "Conneticuit",
        "new york",
        "TX",
        "N.Y.",
        "Washington, D.C.",
        "Washington DC",
        "Chiropractic",
        "",
        "Ohio Texas",
    ]
)
_STATE_SEPARATORS = st.sampled_from(
    [
        ",",
        ", ",
        " ,",
        ";",
        " / ",
        "&",
        " and ",
        " AND ",
        "And",
        ", and ",
        "\t",
        "  ",
        "\u00a0,",
        ".",
    ]
)


@given(st.lists(st.tuples(_STATE_WORDS, _STATE_SEPARATORS), max_size=5), st.sampled_from(["", "."]))
def test_split_states_splits_as_its_pattern(parts: list[tuple[str, str]], end: str) -> None:
    text = "".join(w + s for w, s in parts) + end
    assert split_states(text) == _old_split_states(text)


def test_split_states_reads_every_line_in_the_repository_as_before() -> None:
    for text in _LINES:
        if len(text) < 120:  # (the fuzzy matcher is slow on long text: lists are short)
            assert split_states(text) == _old_split_states(text), text


_OLD_CLAUSE = re.compile(
    rf"d(?<!\wd)(?:{'|'.join(vocab.letter_spaced(c)[1:] for c in vocab.CITATION_CLAUSES)})"
    r"\b\s*:?\s*",
    re.IGNORECASE,
)


def _clauses_both_ways(text: str) -> None:
    old = [m.span() for m in _OLD_CLAUSE.finditer(text)]
    assert [m.span() for m in citations._CLAUSE.finditer(text, lowered(text))] == old, text
    assert [m.span() for m in citations._CLAUSE.finditer(text, None)] == old, text


def test_every_text_in_the_repository_holds_the_same_clauses() -> None:
    for text in _LINES:
        _clauses_both_ways(text)


@given(
    st.lists(
        st.sampled_from(
            [
                *vocab.CITATION_CLAUSES,
                "Decision base d on",
                "D e c i s i o n  based\tupon",
                "decisions  based",
                "decision s",
                "xd",
                "d",
                " ",
                "  ",
                ":",
                "\n",
                "on",
                "upon",
                "u p o n",
                "s",
                "MTUS",
            ]
        ),
        max_size=8,
    )
)
def test_clause_pattern_matches_as_before(words: list[str]) -> None:
    _clauses_both_ways("".join(words))
    _clauses_both_ways(" ".join(words))
