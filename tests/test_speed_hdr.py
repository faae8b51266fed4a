"""The header, reviewer and patient steps' fast paths give what the general ones gave."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imrparse import vocabulary as vocab
from imrparse.grammar import dates, reviewer, summary
from imrparse.grammar.dates import parse_date
from imrparse.grammar.reviewer import read_reviewer
from imrparse.grammar.summary import clinical_summary
from imrparse.models import Sex

_OLD_NUMERIC = re.compile(r"(\d{1,2})\s?[/-]\s?(\d{1,2})\s?[/-]\s?(\d{4}|\d{2})")


def _old_parse_date(text: str, *, today: date | None = None) -> date | None:
    """parse_date as it was before its numbers were looked up (the oracle)."""
    m = _OLD_NUMERIC.fullmatch(text)
    if m is None:
        text = text.strip().rstrip(".,;")
        m = _OLD_NUMERIC.fullmatch(text)
    if m is not None:
        month, day, year = m.groups()
        try:
            if len(year) == 4:
                return date(int(year), int(month), int(day))
            when = date(2000 + int(year), int(month), int(day))
        except ValueError:
            return None
        if when > (today or date.today()):
            try:
                return date(when.year - 100, when.month, when.day)
            except ValueError:
                return None
        return when
    return parse_date(text, today=today)  # a named date: that path is unchanged


def test_the_numbers_table_holds_int_values() -> None:
    assert all(value == int(text) for text, value in dates._NUMBER.items())


# Digits as \d takes them: ASCII, and others (Arabic-Indic, full-width) int() reads too.
_DIGITS = st.sampled_from("0123456789" * 4 + "\u0661\u0662\uff10\uff19")
_NUMBER = st.text(_DIGITS, min_size=1, max_size=5)
_SEP = st.sampled_from(["/", "-", " /", "/ ", " - ", ".", ""])


@given(
    st.tuples(_NUMBER, _SEP, _NUMBER, _SEP, _NUMBER, st.sampled_from(["", " ", ".", "x"])),
    st.sampled_from([None, date(2017, 1, 4), date(2013, 6, 1)]),
)
def test_parse_date_reads_what_it_read(parts: tuple[str, ...], today: date | None) -> None:
    text = "".join(parts)
    assert parse_date(text, today=today) == _old_parse_date(text, today=today)


def test_parse_date_reads_every_written_date_as_before() -> None:
    for year in (*range(0, 100), *range(1890, 2110, 7)):
        for month in (0, 1, 2, 9, 10, 12, 13):
            for day in (0, 1, 9, 28, 29, 31, 32):
                for text in (f"{month}/{day}/{year}", f"{month:02d}-{day:02d}-{year:02d}"):
                    for today in (None, date(2016, 12, 30)):
                        assert parse_date(text, today=today) == _old_parse_date(text, today=today)


_ROOT = Path(__file__).resolve().parent.parent
# Every text in the repository: a letter's whole text stands in for its reviewer section.
_TEXTS = sorted(
    p.read_text(errors="replace")
    for p in (*_ROOT.glob("tests/**/*.txt"), *_ROOT.glob("plugins/*/examples/**/*.txt"))
)
_FRAGMENTS = [
    "The Expert Reviewer has the following credentials:",
    "State(s) of Licensure: California",
    "State(s) of Licensure:",
    "Certification(s)/Specialty: Family Practice",
    "Certification(s)/Specialty: Preventive Medicine, Occupational Medicine",
    "is Board Certified in Internal Medicine",
    "is licensed in Chiropractic",
    "has a subspecialty in Acupuncture and Sports Medicine",
    "and is licensed to practice in New York, Texas",
    "licensed to practice in Washington, D.C. and Virginia.",
    "He/she has no affiliation with the employer.",
    "an expert reviewer",
    "a physician reviewer",
    "Licensed",
    "sub",
    "board",
    ";",
    ",",
    ".",
    " ",
    "\n",
]


def _reviewer_both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast_warnings: list[str] = []
    fast = read_reviewer(text, fast_warnings)
    with monkeypatch.context() as m:
        # Without the lowered text every scan runs (case-insensitively): the general path.
        m.setattr(reviewer, "lowered", lambda _: None)
        slow_warnings: list[str] = []
        slow = read_reviewer(text, slow_warnings)
    assert (fast, fast_warnings) == (slow, slow_warnings)


def test_the_reviewer_skips_only_scans_that_find_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in _TEXTS:
        _reviewer_both_ways(text, monkeypatch)


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12))
def test_the_reviewer_skips_only_scans_that_find_nothing_on_random_sections(
    parts: list[str],
) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _reviewer_both_ways(" ".join(parts), monkeypatch)


_OLD_WORKER_IS = re.compile(
    rf"\b(?:(?:{'|'.join(vocab.WORKER_NAMES)}|this)\s+(?:is|was)\s+an?\b"
    rf"|this(?=\s+(?:{summary._SEX_WORDS})\b))",
    re.IGNORECASE,
)


def _old_described(text: str) -> Sex | None:
    m = _OLD_WORKER_IS.search(text)
    after = summary._AFTER.match(text, m.end()) if m else None
    return summary._noun_after(after[0])[1] if after else None


_DESCRIPTIONS = [
    "The applicant is a female who",
    "This lady sustained",
    "This is a male",
    "the injured worker was an older gentleman",
    "The IW is a",
    "Thisis a man",
    "xthis is a female",
    "claimant",
    "PATIENT IS A WOMAN",
    "this  man",
    "th\u0130s is a male",  # a character whose lower case is two: the case-insensitive scan
    "\u212a",
    "employee was a 45 year old",
    "Though the medical records were typed, it was blurry and hard to read.",  # past _NEAR
    ",",
    "\n",
]


@given(st.lists(st.sampled_from(_DESCRIPTIONS), max_size=8))
def test_the_workers_description_is_found_as_before(parts: list[str]) -> None:
    text = " ".join(parts)
    assert summary._described(text) == _old_described(text)


def test_the_workers_description_is_found_as_before_in_every_text() -> None:
    for text in _TEXTS:
        assert summary._described(text) == _old_described(text)


_SUMMARY_OPENINGS = [
    "The expert reviewer developed the following clinical case summary based on the file:",
    "The Expert Reviewer developed the following clinical case summary.",
    "Disclaimer: The following case summary was taken directly from the UR denial.",
    "The physician reviewer developed the following clinical case summary Aug. 30",
    "This is a 45 year old male.",
    " ",
    ":",
    ".",
    "\n",
]


@given(st.lists(st.sampled_from(_SUMMARY_OPENINGS), max_size=5))
def test_the_summarys_opening_is_cut_as_before(parts: list[str]) -> None:
    text = " ".join(parts)
    assert clinical_summary(text) == (summary._BOILERPLATE.sub("", text).strip() or None)


def test_the_summarys_opening_is_cut_as_before_in_every_text() -> None:
    for text in _TEXTS:
        assert clinical_summary(text) == (summary._BOILERPLATE.sub("", text).strip() or None)


def _old_sentence_at(words: str) -> int | None:
    if reviewer._SENTENCE_FIRST.match(words):
        return 0
    m = reviewer._SENTENCE_AFTER.search(words)
    return None if m is None else m.end()


_LIST_WORDS = st.sampled_from(
    [
        *("Family", "Practice", "The", "reviewer", "has", "no", "of", "and", "MD", "Med.", "&"),
        *(",", "\u01c5ab", "\u00c9t\u00e9", "x", "Ab", "aB", "1st", "\n", "\t", "  "),
    ]
)


@given(st.lists(_LIST_WORDS, max_size=10), st.sampled_from([" ", "", "\n"]))
def test_a_sentence_after_a_list_is_found_as_before(words: list[str], join: str) -> None:
    text = join.join(words)
    assert reviewer._sentence_at(text) == _old_sentence_at(text)
