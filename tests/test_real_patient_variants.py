"""The real letters with the patient, the reviewer and the header in other letters' words.

Each variant rewrites one anchor of the real texts (the summary's "a 78 year old male", the
labelled licence list, the case number) as another letter of the same era could word it, and
changes the expected facts to match: every fact must still hold. A variant is applied only
where its anchor occurs on one line (extractors wrap elsewhere); each must reach most texts.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest

from imrparse.grammar.states import split_states
from imrparse.grammar.summary import read_patient

from .real_facts import assert_most_varied_hold_their_facts, facts, inputs, record_of

TEXTS = [(case, f"{tool}/{case}", path) for case, tool, path in inputs() if tool != "pdf"]
_AGE = re.compile(r"\b[Aa]n? (?:now )?(?P<age>\d{1,3})[ -]year[ -]old (?P<sex>male|female)\b")

# A variant: text and facts -> the varied text and facts, or None where its anchor is absent.
Variant = Callable[[str, dict[str, Any]], tuple[str, dict[str, Any]] | None]


def _patient(template: str, *, sex_stated: bool = True, extra: str = "") -> Variant:
    """The summary's "a 78 year old male" as ``template`` words it ({age}, {sex}, {he},
    {his}); ``extra``, a sentence put after the one that holds it."""

    def vary(text: str, want: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        m = _AGE.search(text)
        if m is None:
            return None
        age, sex = int(m["age"]), m["sex"]
        words = {
            "age": age,
            "sex": sex,
            "he": "He" if sex == "male" else "She",
            "his": "his" if sex == "male" else "her",
        }
        varied = text[: m.start()] + template.format(**words) + text[m.end() :]
        if extra:
            stop = varied.index(". ", m.start()) + 2
            varied = varied[:stop] + extra.format(**words) + " " + varied[stop:]
        want = copy.deepcopy(want)
        want["patient"] = {
            "age": age if "{age}" in template else None,
            "sex": sex if sex_stated else None,
        }
        return varied, want

    return vary


def _header(change: Callable[[str, dict[str, Any]], str | None]) -> Variant:
    """The header (the text before the first heading) as ``change`` words it; same facts."""

    def vary(text: str, want: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        end = text.find("HOW THE IMR")
        varied = change(text[:end], want)
        return None if varied is None else (varied + text[end:], want)

    return vary


def _case_number(spaced: str) -> Callable[[str, dict[str, Any]], str | None]:
    def change(head: str, want: dict[str, Any]) -> str | None:
        case = want["case_number"]
        return head.replace(case, spaced.format(case[:4], case[5:]), 1) if case in head else None

    return change


def _dates(form: Callable[[int, int, int], str]) -> Callable[[str, dict[str, Any]], str | None]:
    def change(head: str, want: dict[str, Any]) -> str | None:
        dates = re.compile(r"\b(\d\d)/(\d\d)/(\d{4})\b")
        return dates.sub(lambda m: form(int(m[1]), int(m[2]), int(m[3])), head)

    return change


_LICENSURE = re.compile(r"(?<=State\(s\) of Licensure:)[ \t]*([^\n]*?)(?=[ \t]*(?:Cert|\n|$))")


def _licensed(written: str, states: list[str]) -> Variant:
    """The labelled licence list as ``written``, where it is the letter's whole list."""

    def vary(text: str, want: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        m = _LICENSURE.search(text)
        if m is None or [s.strip() for s in m[1].split(",")] != want["reviewer"]["licensed_in"]:
            return None
        want = copy.deepcopy(want)
        want["reviewer"]["licensed_in"] = states
        return text[: m.start(1)] + " " + written + text[m.end(1) :], want

    return vary


VARIANTS: dict[str, Variant] = {
    # The header.
    "case number spaced after its dash": _header(_case_number("{}- {}")),
    "case number spaced around its dash": _header(_case_number("{} - {}")),
    "dates without zero padding": _header(_dates(lambda m, d, y: f"{m}/{d}/{y}")),
    "dates with two-digit years": _header(_dates(lambda m, d, y: f"{m:02}/{d:02}/{y % 100:02}")),
    "dates with dashes": _header(_dates(lambda m, d, y: f"{m}-{d}-{y}")),
    # The reviewer's licences.
    "states joined by 'and'": _licensed(
        "California, Nevada and Arizona", ["California", "Nevada", "Arizona"]
    ),
    "states abbreviated": _licensed("CA, NV, AZ", ["California", "Nevada", "Arizona"]),
    "states misspelled": _licensed(
        "Californa, Pensylvania, Tennesee", ["California", "Pennsylvania", "Tennessee"]
    ),
    "states abbreviated with stops": _licensed("N.Y., N.J.", ["New York", "New Jersey"]),
    "the capital's name for DC": _licensed(
        "Washington DC, Maryland", ["District of Columbia", "Maryland"]
    ),
    # The patient.
    # Descriptors between the age and the sex word.
    "obese": _patient("a {age} year old obese {sex}"),
    "right-hand dominant": _patient("a {age}-year-old right-hand dominant {sex}"),
    "Hispanic": _patient("a {age} year old Hispanic {sex}"),
    "a comma before the sex": _patient("a {age}-year-old, {sex}"),
    "a comma and a descriptor": _patient("a {age}-year-old, right-hand-dominant {sex}"),
    # "year old" abbreviated.
    "y/o": _patient("a {age} y/o {sex}"),
    "yo": _patient("a {age} yo {sex}"),
    "y.o.": _patient("a {age} y.o. {sex}"),
    # No sex stated: none is read from later words.
    "represented, no sex": _patient(
        "a represented {age}-year-old", sex_stated=False, extra="{he} has a male supervisor."
    ),
    # Ages that are not the worker's, in a summary that gives none.
    "a son's age": _patient(
        "a worker", sex_stated=False, extra="{he} lives with {his} 12 year old son."
    ),
    "a teenager's age": _patient("a worker", sex_stated=False, extra="{he} has a 16 year old son."),
    "an injury's age": _patient(
        "a worker", sex_stated=False, extra="This is a 20 year old injury."
    ),
    "a child's age": _patient("a worker", sex_stated=False, extra="A 7 year old girl was hurt."),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_real_letter_in_other_words_gives_the_varied_facts(variant: str) -> None:
    assert_most_varied_hold_their_facts(TEXTS, VARIANTS[variant])


@pytest.mark.parametrize(
    ("text", "age", "sex"),
    [
        ("The injured worker is a 45 year old obese female who fell.", 45, "female"),
        ("The IW is a 60 year old man with back pain.", 60, "male"),
        ("This 53 year old male sustained an injury.", 53, "male"),
        ("a 29 year old female patient", 29, "female"),
        ("a 38-year-old, female, who", 38, "female"),
        ("The patient is a 45 year-old-male.", 45, "male"),
        ("The patient is a 45 y/o female.", 45, "female"),
        ("The applicant is a represented 47-year-old who has filed a claim.", 47, None),
        # The phrase ends at "who"/"with": a sex word after it is not the patient's.
        ("a 47-year-old who has a female supervisor", 47, None),
        ("a 47-year-old with male pattern baldness", 47, None),
        # Another person's age, or a thing's, is passed over.
        ("The worker was hurt. Her 15-year-old daughter drives her.", None, None),
        ("The worker was hurt. He has a 12 year old son.", None, None),
        ("He has a 20 year old injury. He is a 52 year old male.", 52, "male"),
        ("This is a 5 year old injury.", None, None),
        ("The worker was hurt. His 45 year old wife drives him.", None, None),
        ("a 17 year old boy", None, None),
        # An age before the 5 years old of something else still counts.
        ("a 60 year old woman, with a 5 year old injury", 60, "female"),
    ],
)
def test_patient_words_other_letters_use(text: str, age: int | None, sex: str | None) -> None:
    p = read_patient(text)
    assert (p.age, p.sex) == (age, sex)


@pytest.mark.parametrize(
    ("text", "states", "unresolved"),
    [
        ("N.Y., D.C.", ["New York", "District of Columbia"], []),
        ("Washington D.C.", ["District of Columbia"], []),
        ("Penn sylvania", ["Pennsylvania"], []),  # a word an extractor split
    ],
)
def test_licence_states_other_letters_write(
    text: str, states: list[str], unresolved: list[str]
) -> None:
    assert split_states(text) == (states, unresolved)


@pytest.mark.parametrize("joined", ["CT 01/01/2010 - {}", "01/01/2010 to {}", "01/01/2010, {}"])
def test_two_dates_in_the_injury_cell_leave_it_empty_and_said(joined: str) -> None:
    """A cumulative-trauma range or a list in Date of Injury holds no one date: its first is
    not taken. The injury date may still come from the summary's own words."""
    varied_texts = 0
    for case, name, path in TEXTS:
        want = facts(case)
        year, month, day = want["dates"]["injury"].split("-")
        written = f"{month}/{day}/{year}"
        text = path.read_text(encoding="utf-8")
        head = text.find("HOW THE IMR")
        # Only where label and value stand side by side (column-by-column text pairs values
        # by count, and a second date there already breaks the count, with warnings).
        m = re.compile(rf"Date of Injury:[ \t]*{written}").search(text, 0, head)
        if m is None:
            continue
        varied_texts += 1
        cell = f"Date of Injury: {joined.format(written)}"
        record = record_of(text[: m.start()] + cell + text[m.end() :])
        assert record["dates"]["injury"] in (None, want["dates"]["injury"]), name
        assert any(w.startswith("header Date of Injury:") for w in record["warnings"]), name
        others = {k: v for k, v in want["dates"].items() if k != "injury"}
        assert {k: record["dates"][k] for k in others} == others, name
    assert varied_texts >= 80, varied_texts
