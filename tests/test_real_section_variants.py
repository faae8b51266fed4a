"""The real letters with their sections, reviewer role and summary worded as other letters of
the same era word them: each change applied to the real texts where its anchor occurs, with the
expected facts changed to match."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import imrparse
from imrparse.grammar.summary import injury_date

from .real_facts import compare, facts, inputs

Variant = Callable[[str, dict[str, Any]], tuple[str, dict[str, Any]] | None]

# One input per extractor for a few letters: enough to meet every layout, fast enough to run.
_CASES = ("CM16-0229336", "CM16-0237844", "CM17-0013320")
TEXTS = [(c, t, p) for c, t, p in inputs() if t != "pdf" and c in _CASES]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="surrogateescape")


def _check(variant: Variant) -> int:
    """Parse every text the variant applies to; assert each holds its facts. How many did."""
    changed = 0
    for case, tool, path in TEXTS:
        out = variant(_read(path), facts(case))
        if out is None:
            continue
        text, want = out
        changed += 1
        record = imrparse.to_dict(imrparse.parse_text(text))
        assert compare(record, want) == {}, (tool, case, record["warnings"])
    return changed


# --- the section headings -----------------------------------------------------------------

_HEADINGS = {
    "how": "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "summary": "CLINICAL CASE SUMMARY",
    "decisions": "IMR ISSUES, DECISIONS AND RATIONALES",
}


def _heading_variant(key: str, new: str) -> Variant:
    """The heading of section ``key`` alone on its line replaced by ``new`` (may wrap)."""
    line = re.compile(r"(?m)^([ \t]*)" + re.escape(_HEADINGS[key]) + r"[ \t]*$")

    def variant(text: str, want: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        m = line.search(text)
        return (text[: m.start()] + m[1] + new + text[m.end() :], want) if m else None

    return variant


def _run_on(key: str, joint: str) -> Variant:
    """The heading of section ``key`` followed at once by its section's first line."""
    line = re.compile(r"(?m)^([ \t]*)" + re.escape(_HEADINGS[key]) + r"[ \t]*\n\s*(?=\S)")

    def variant(text: str, want: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        m = line.search(text)
        heading = m[1] + _HEADINGS[key] + joint if m else ""
        return (text[: m.start()] + heading + text[m.end() :], want) if m else None

    return variant


@pytest.mark.parametrize(
    ("key", "heading"),
    [
        ("decisions", "IMR ISSUES DECISIONS AND RATIONALES"),
        ("decisions", "IMR ISSUE, DECISION AND RATIONALE"),
        ("decisions", "IMR ISSUE(S), DECISION(S) AND RATIONALE(S)"),
        ("decisions", "IMR ISSUES, DECISIONS, AND RATIONALES"),
        # wrapped over two lines
        ("how", "HOW THE IMR FINAL DETERMINATION\nWAS MADE"),
        ("summary", "CLINICAL CASE\nSUMMARY"),
        ("decisions", "IMR ISSUES, DECISIONS AND\nRATIONALES"),
    ],
)
def test_a_heading_in_other_words_or_wrapped(key: str, heading: str) -> None:
    assert _check(_heading_variant(key, heading)) >= 20


@pytest.mark.parametrize("key", list(_HEADINGS))
@pytest.mark.parametrize("joint", [" ", ": "])
def test_a_heading_followed_at_once_by_its_text(key: str, joint: str) -> None:
    assert _check(_run_on(key, joint)) >= 20


def test_a_heading_inside_a_letter_in_capitals_is_not_cut_off_its_words() -> None:
    text = _read(next(p for c, t, p in TEXTS if t == "pypdf")).upper()
    record = imrparse.to_dict(imrparse.parse_text(text))
    assert record["clinical_summary"].startswith("THIS IS A 78 YEAR OLD MALE")


# --- the reviewer's role ------------------------------------------------------------------

_SENT = "MAXIMUS Federal Services sent the complete case file to an expert reviewer."


def _role_variant(sentence: str, role: str | None, *replaced: tuple[str, str]) -> Variant:
    """The HOW section's naming sentence replaced by ``sentence``, and ``replaced`` there."""

    def variant(text: str, want: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        if _SENT not in text:
            return None
        how, rest = text.split("CLINICAL CASE SUMMARY", 1)
        how = how.replace(_SENT, sentence)
        for old, new in replaced:
            how = how.replace(old, new)
        want = copy.deepcopy(want)
        want["reviewer"]["role"] = role
        return f"{how}CLINICAL CASE SUMMARY{rest}", want

    return variant


_PHYSICIAN = (("expert reviewer", "physician reviewer"), ("Expert Reviewer", "Physician Reviewer"))


@pytest.mark.parametrize(
    "variant",
    [
        _role_variant("The complete case file was sent to an expert reviewer.", "expert reviewer"),
        _role_variant(
            "The case file was reviewed by a physician reviewer.", "physician reviewer", *_PHYSICIAN
        ),
        # the naming sentence decides where the section's other words differ
        _role_variant(_SENT.replace("an expert", "a physician"), "physician reviewer"),
        _role_variant("The case file was reviewed by a physician reviewer.", "physician reviewer"),
    ],
)
def test_the_reviewer_named_in_other_words(variant: Variant) -> None:
    assert _check(variant) >= 20


def test_a_reviewer_named_both_ways_without_a_naming_sentence_is_no_guess() -> None:
    variant = _role_variant(
        "MAXIMUS Federal Services sent the complete case file for review.",
        None,
        ("The expert reviewer was selected", "The physician reviewer was selected"),
    )
    assert _check(variant) >= 20
    case, _, path = TEXTS[0]
    out = variant(_read(path), facts(case))
    assert out is not None
    warnings = imrparse.parse_text(out[0]).warnings
    assert any("reviewer role unclear" in w for w in warnings), warnings


# --- the summary's boilerplate opening sentence ------------------------------------------------

_BOILER = re.compile(
    r"The expert reviewer developed the following clinical case summary based on a review of"
    r"\s+the\s+case file, including all medical records:"
)


@pytest.mark.parametrize(
    "sentence",
    [
        # A full stop for the colon: the summary's first sentences were taken with it.
        "The expert reviewer developed the following clinical case summary based on a review "
        "of the case file, including all medical records.",
        # The utilization review's summary, its boilerplate with a date of its own.
        "Disclaimer: The following case summary was taken directly from the utilization review "
        "denial/modification dated October 28, 2016.",
        "The physician reviewer developed the following clinical case summary based on the "
        "documents provided:",
        "",
    ],
)
def test_the_summary_without_its_boilerplate_in_other_words(sentence: str) -> None:
    changed = 0
    for case, tool, path in TEXTS:
        text = _read(path)
        m = _BOILER.search(text)
        if m is None:
            continue
        changed += 1
        before = imrparse.to_dict(imrparse.parse_text(text))
        after = imrparse.to_dict(
            imrparse.parse_text(text[: m.start()] + sentence + text[m.end() :])
        )
        assert after["clinical_summary"] == before["clinical_summary"], (tool, case)
        assert compare(after, facts(case)) == {}, (tool, case)
    assert changed >= 20


# --- the injury date when the header gives none ------------------------------------------------

_INJURY_LABEL = re.compile(r"(?:\*\*)?Date of Injury:(?:\*\*)?")
# The summaries' own statements of the injury date in these letters.
_STATED = re.compile(
    r"(?:,?\s+who\s+sustained\s+an\s+industrial\s+injury\s+on|\s+with\s+a\s+date\s+of\s+injury"
    r"\s+on|\s+with\s+a\s+reported\s+date\s+of\s+injury\s+of)\s+"
    r"(?P<date>\d{1,2}-\d{1,2}-\d{4}|[A-Z][a-z]+\s+\d{1,2},\s+\d{4})"
)


def _without_header_injury(text: str, want: dict[str, Any]) -> str | None:
    """The text without its header's Date of Injury label and date."""
    year, month, day = want["dates"]["injury"].split("-")
    date = f"{month}/{day}/{year}"
    end = text.find("HOW THE IMR")
    head = text[:end]
    if end < 0 or head.count(date) != 1 or len(_INJURY_LABEL.findall(head)) != 1:
        return None  # a layout where the pair cannot be told apart
    return _INJURY_LABEL.sub("", head).replace(date, "") + text[end:]


def _injury_variant(sentence: str, injury: str | None = "same") -> Variant:
    """No header date; the summary's statement replaced by ``sentence`` ({date}: its date)."""

    def variant(text: str, want: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        bare = _without_header_injury(text, want)
        m = _STATED.search(bare) if bare else None
        if bare is None or m is None:
            return None
        want = copy.deepcopy(want)
        if injury != "same":
            want["dates"]["injury"] = injury
        said = " " + sentence.format(date=" ".join(m["date"].split()))
        return bare[: m.start()] + said + bare[m.end() :], want

    return variant


@pytest.mark.parametrize(
    "sentence",
    [
        "with a date of injury (DOI) of {date}",
        "who sustained injuries on {date}",
        "whose injury occurred on {date}",
        "who injured her back on {date}",
        # the SPEC's wordings
        "with a date of industrial injury {date}",
        "who was injured in a work related accident on {date}",
        "with an injury date of {date}",
        "who reported an injury on {date}",
    ],
)
def test_the_summary_states_the_injury_date(sentence: str) -> None:
    assert _check(_injury_variant(sentence)) >= 20


@pytest.mark.parametrize(
    "sentence",
    [
        # another event's date near the words of an injury
        "who reported an injury for which he was evaluated on {date}",
        "who sustained an industrial injury when first examined on {date}",
        "who sustained an industrial injury requiring hospitalization on {date}",
        "who sustained an industrial injury, followed by a fall on {date}",
        "who sustained an industrial injury, operated on {date}",
        "who sustained an industrial injury diagnosed on {date}",
        "with an unspecified date of injury, last worked on {date}",
        "who sustained an industrial injury per the RFA of {date}",
        "who sustained an industrial injury with EMG on {date}",
        "who sustained an industrial injury with CT scan on {date}",
        # another injury than the claim's
        "who reported a new injury on {date}",
        "who sustained a subsequent injury on {date}",
        "who sustained a second injury on {date}",
        "with a prior non-industrial injury on {date}",
        # cumulative trauma: a range, no one date (as in the header)
        "who sustained a cumulative trauma injury from 01/01/2015 to {date}",
        "with a date of injury of 01/01/2015 - {date}",
    ],
)
def test_another_date_is_not_the_injury_date(sentence: str) -> None:
    assert _check(_injury_variant(sentence, injury=None)) >= 20


def test_an_injury_range_is_said() -> None:
    warnings: list[str] = []
    text = "A 50 year old with a cumulative trauma injury from 01/01/2015 through 10/20/2016."
    assert injury_date(text, None, warnings) is None
    assert warnings and "01/01/2015 through 10/20/2016" in warnings[0]
