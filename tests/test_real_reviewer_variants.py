"""The real letters with the reviewer's credentials in other letters' words.

Each variant rewrites the labelled credentials of the real texts (the ``State(s) of
Licensure:`` list, the ``Certification(s)/Specialty:`` list, or both as the older sentence) as
another letter of the same era could word them, and changes the expected facts to match: every
fact must still hold. A line break in a written value is put where an extractor wraps its line
(indented as the label's line; the markdown text, one paragraph, gets a space). A variant is
applied only where its anchor holds the letter's whole list; each must reach most texts.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest

from imrparse.grammar.states import split_states

from .real_facts import assert_most_varied_hold_their_facts, inputs

TEXTS = [(case, f"{tool}/{case}", path) for case, tool, path in inputs() if tool != "pdf"]

# A variant: text and facts -> the varied text, the varied facts, and a warning the record must
# carry (or ""), or None where its anchor is absent.
Varied = tuple[str, dict[str, Any], str]
Variant = Callable[[str, dict[str, Any]], Varied | None]

_LICENSURE = re.compile(r"(?<=State\(s\) of Licensure:)[ \t]*([^\n]*?)(?=[ \t]*(?:Cert|\n|$))")
_SPECIALTY = re.compile(r"Certification\(s\)/Specialty:[ \t]*")
_CREDENTIALS = "The Expert Reviewer has the following credentials:"


def _wrapped(text: str, at: int, value: str) -> str:
    """``value`` with its line breaks as the extractor of ``text`` would print them."""
    if text.startswith("#") or "# **" in text:  # markdown: the section is one paragraph
        return value.replace("\n", " ")
    start = text.rfind("\n", 0, at) + 1
    indent = text[start : start + len(text[start:]) - len(text[start:].lstrip(" \t"))]
    return value.replace("\n", "\n" + indent)


def _specialty_span(text: str, want: dict[str, Any]) -> tuple[int, int] | None:
    """Where the letter's whole specialty list stands, over the lines it wraps onto."""
    m = _SPECIALTY.search(text)
    if m is None:
        return None
    written = ", ".join(want["reviewer"]["specialties"])
    end = m.end()
    for _ in range(3):
        end = text.find("\n", end + 1) if end > m.end() else text.find("\n", end)
        end = len(text) if end < 0 else end
        value = " ".join(text[m.end() : end].split())
        if value == written:
            return m.end(), len(text[:end].rstrip(" \t"))
        if not written.startswith(value):
            return None
    return None


def _licensed(written: str, states: list[str], warning: str = "") -> Variant:
    """The labelled licence list as ``written``."""

    def vary(text: str, want: dict[str, Any]) -> Varied | None:
        m = _LICENSURE.search(text)
        if m is None or [s.strip() for s in m[1].split(",")] != want["reviewer"]["licensed_in"]:
            return None
        want = copy.deepcopy(want)
        want["reviewer"]["licensed_in"] = states
        value = " " + _wrapped(text, m.start(), written)
        return text[: m.start(1)] + value + text[m.end(1) :], want, warning

    return vary


def _specialties(written: str, specialties: list[str], warning: str = "") -> Variant:
    """The labelled specialty list as ``written``."""

    def vary(text: str, want: dict[str, Any]) -> Varied | None:
        span = _specialty_span(text, want)
        if span is None:
            return None
        want = copy.deepcopy(want)
        want["reviewer"]["specialties"] = specialties
        value = _wrapped(text, span[0], written)
        return text[: span[0]] + value + text[span[1] :], want, warning

    return vary


def _sentence(
    written: str,
    specialties: list[str],
    states: list[str],
    subspecialties: list[str] | None = None,
    warning: str = "",
) -> Variant:
    """The older letters' sentence in place of the labelled credentials."""

    def vary(text: str, want: dict[str, Any]) -> Varied | None:
        start, span = text.find(_CREDENTIALS), _specialty_span(text, want)
        if start < 0 or span is None:
            return None
        want = copy.deepcopy(want)
        want["reviewer"].update(
            specialties=specialties, licensed_in=states, subspecialties=subspecialties or []
        )
        value = _wrapped(text, start, written)
        return text[:start] + value + text[span[1] :], want, warning

    return vary


_DC_READ = "read as the District of Columbia alone"
_PMR = "Physical Medicine & Rehabilitation"

VARIANTS: dict[str, Variant] = {
    # The capital with its comma, which was read as Washington state and the capital.
    "the capital with its comma": _licensed(
        "Washington, DC", ["District of Columbia"], warning=_DC_READ
    ),
    "the capital with stops, in a list": _licensed(
        "Maryland, Virginia, Washington, D.C.",
        ["Maryland", "Virginia", "District of Columbia"],
        warning=_DC_READ,
    ),
    "the capital wrapped after its comma": _licensed(
        "Maryland, Virginia, Washington,\nDC",
        ["Maryland", "Virginia", "District of Columbia"],
        warning=_DC_READ,
    ),
    "Washington state beside the capital's full name": _licensed(
        "Washington, District of Columbia", ["Washington", "District of Columbia"]
    ),
    # A comma left out between two states, which was read as the first state alone.
    "states with no comma between": _licensed("California Texas", ["California", "Texas"]),
    "multi-word states with no comma between": _licensed(
        "New York New Jersey", ["New York", "New Jersey"]
    ),
    # Names that hold other states' names, whole and wrapped.
    "states whose names hold others'": _licensed(
        "New Hampshire, New Mexico, West Virginia, North Dakota",
        ["New Hampshire", "New Mexico", "West Virginia", "North Dakota"],
    ),
    "a two-word state wrapped": _licensed(
        "Maryland, Virginia, West\nVirginia", ["Maryland", "Virginia", "West Virginia"]
    ),
    "six states": _licensed(
        "California, Nevada, Arizona, Oregon, Washington, Idaho",
        ["California", "Nevada", "Arizona", "Oregon", "Washington", "Idaho"],
    ),
    "no state": _licensed("", [], warning="'State(s) of Licensure:' names no state"),
    # Specialties.
    "a sentence after the specialties": _specialties(
        f"{_PMR}, Pain Medicine\nThe reviewer has no conflict of interest.",
        [_PMR, "Pain Medicine"],
        warning="reviewer specialties: words after the list left out",
    ),
    "a long specialty list wrapped inside an entry": _specialties(
        f"{_PMR}, Pain Medicine, Sports Medicine, Spinal Cord\nInjury Medicine",
        [_PMR, "Pain Medicine", "Sports Medicine", "Spinal Cord Injury Medicine"],
    ),
    "a specialty wrapped after its '&'": _specialties(
        "Psychiatry &\nNeurology, Addiction Psychiatry",
        ["Psychiatry & Neurology", "Addiction Psychiatry"],
    ),
    "specialties with lower-case words": _specialties(
        "Orthopaedic Surgery, Surgery of the hand, Hospice and palliative medicine",
        ["Orthopaedic Surgery", "Surgery of the hand", "Hospice and palliative medicine"],
    ),
    "no specialty": _specialties("", [], warning="'Certification(s)/Specialty:' names none"),
    # An abbreviated name, whose first full stop was taken for the list's end.
    "an abbreviated specialty": _specialties(
        "Internal Medicine, Physical Med. & Rehab.", ["Internal Medicine", "Physical Med. & Rehab"]
    ),
    # The older sentence.
    "a licence in a field, not a board certification": _sentence(
        "The expert reviewer who was selected to review this case is licensed in Chiropractic, "
        "has a subspecialty in Acupuncture and is licensed to practice in California.",
        ["Chiropractic"],
        ["California"],
        ["Acupuncture"],
    ),
    "a licence in a field and two states": _sentence(
        "The expert reviewer who was selected to review this case is licensed in Psychology "
        "and is licensed to practice in California and\nNevada.",
        ["Psychology"],
        ["California", "Nevada"],
    ),
    "licensed in states, not a field": _sentence(
        "The expert reviewer who was selected to review this case is Board Certified in Family "
        "Practice and is licensed in California and Nevada.",
        ["Family Practice"],
        ["California", "Nevada"],
    ),
    "the state named as 'the State of'": _sentence(
        "The expert reviewer who was selected to review this case is Board Certified in "
        "Orthopaedic Surgery, has a subspecialty in Spine Surgery and is licensed to practice "
        "in the State of California.",
        ["Orthopaedic Surgery"],
        ["California"],
        ["Spine Surgery"],
    ),
    "licensed in 'the State of', not a field": _sentence(
        "The expert reviewer who was selected to review this case is Board Certified in "
        "Neurological Surgery and is licensed in the State of New Mexico.",
        ["Neurological Surgery"],
        ["New Mexico"],
    ),
    "abbreviated specialties in the sentence": _sentence(
        "The expert reviewer is Board Certified in Physical Med. and Rehab., has a subspecialty "
        "in Pain Med. & Rehab. and is licensed to practice in California.",
        ["Physical Med. and Rehab"],
        ["California"],
        ["Pain Med. & Rehab"],
    ),
    "the capital with stops in the sentence": _sentence(
        "The expert reviewer is Board Certified in Internal Medicine and is licensed to "
        "practice in Washington, D.C. and Virginia.",
        ["Internal Medicine"],
        ["District of Columbia", "Virginia"],
        warning=_DC_READ,
    ),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_real_credentials_in_other_words_give_the_varied_facts(variant: str) -> None:
    assert_most_varied_hold_their_facts(TEXTS, VARIANTS[variant])


@pytest.mark.parametrize(
    ("text", "states", "unresolved"),
    [
        ("Washington, DC", ["District of Columbia"], []),
        ("washington,d.c.", ["District of Columbia"], []),
        ("Oregon, Washington", ["Oregon", "Washington"], []),
        ("Virginia West Virginia", ["Virginia", "West Virginia"], []),
        # A state name with other words is no misspelling of it.
        ("Pennsylvania Ohio", ["Pennsylvania", "Ohio"], []),
        ("California Medical Board", [], ["California Medical Board"]),
        ("Pennsylvania Board", [], ["Pennsylvania Board"]),
    ],
)
def test_licence_lists_other_letters_write(
    text: str, states: list[str], unresolved: list[str]
) -> None:
    assert split_states(text) == (states, unresolved)
