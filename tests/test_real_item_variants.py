"""The real letters' determinations, worded as other letters of the same era word them.

Each test changes a real text where its anchor occurs (some extractors wrap the anchor's
lines: those inputs are left out) and changes the expected facts to match: an item name that
wraps after an abbreviation's full stop, a rationale's last sentence right before the next
heading, a partial authorisation in the plural.
"""

from __future__ import annotations

import re

import pytest

from .real_facts import compare, facts, facts_with_item, varied_records

_NAPROXEN = "Naproxen 550mg #60: Overturned"


@pytest.mark.parametrize(
    "name",
    [
        "Omeprazole 20 mg.\n#60 with two refills",
        "Norco 10/325mg 1 tab p.o. q.6h.\n#120 for breakthrough pain",
        "Orphenadrine ER 100 mg.\nquantity 60",
        "Durable medical equipment (e.g.\ncane, walker)",
    ],
)
def test_an_item_name_wrapped_after_an_abbreviation_keeps_its_first_line(name: str) -> None:
    # The name's first line ends in a full stop that ends no sentence: it once went to the
    # item before's rationale, silently, and the item kept only its second line.
    want = facts_with_item("CM16-0247624", name)
    first_line = name.split("\n")[0]
    for tool, record in varied_records(
        "CM16-0247624", _NAPROXEN, lambda t: t.replace(_NAPROXEN, f"{name}: Overturned")
    ):
        assert compare(record, want) == {}, tool
        assert record["warnings"] == [], tool
        assert first_line not in record["determinations"][0]["rationale"], tool


@pytest.mark.parametrize(
    ("last_line", "name"),
    [
        ("is not medically necessary per ODG.", "12 sessions of aquatic therapy"),
        ("is not medically necessary for the right hip.", "12 sessions of aquatic therapy"),
        ("is not medically necessary.", "one month supply of Naproxen 550mg #60"),
        ("is not medically necessary.", "(Retrospective) Naproxen 550mg #60"),
    ],
)
def test_a_sentence_ending_right_before_a_heading_still_ends_it(last_line: str, name: str) -> None:
    # pdftotext and mupdfsort put no blank line between a rationale and the next heading.
    want = facts_with_item("CM16-0247624", name)
    anchor = r"(?m)^is not medically necessary\. *\n\s*" + re.escape(_NAPROXEN)

    def change(text: str) -> str:
        return re.sub(anchor, lambda _: f"{last_line}\n{name}: Overturned", text)

    for tool, record in varied_records("CM16-0247624", anchor, change):
        assert compare(record, want) == {}, tool
        assert record["determinations"][0]["rationale"].endswith(last_line), tool


def _words(phrase: str) -> str:
    return r"\s+".join(map(re.escape, phrase.split()))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("three sessions was authorized", "three sessions were authorized"),
        ("six sessions is:", "six sessions are:"),
        ("three sessions was authorized", "three sessions were authorised"),
    ],
)
def test_a_partial_authorisation_in_the_plural(old: str, new: str) -> None:
    # "... are: Upheld" once left "are" at the end of the item's name, silently.
    pattern = _words(old)
    for tool, record in varied_records("CM16-0239190", pattern, lambda t: re.sub(pattern, new, t)):
        assert compare(record, facts("CM16-0239190")) == {}, tool
        assert record["warnings"] == [], tool


def test_an_item_name_holding_a_rationales_conclusion_is_warned_of() -> None:
    # A rationale ending in an abbreviation ("... at 10 mg.") right before a heading that
    # starts in lower case or a digit, with no blank line between (as pdftotext and pdfium
    # give it): where the heading starts is ambiguous. A name that took the rationale's last
    # line holds "medically necessary": it is warned of, never silent.
    last = "Given the above, this request is not medically necessary"
    anchor = rf"(?m)^{last}\. *\n\s*Single positional MRI of the lumbar spine: Upheld"

    def change(text: str) -> str:
        return re.sub(anchor, f"{last} at 10 mg.\n12 sessions of PT: Upheld", text)

    for tool, record in varied_records("CM16-0234464", anchor, change):
        item = record["determinations"][1]["item"]
        if item != "12 sessions of PT":
            assert any("reads as more than an item's name" in w for w in record["warnings"]), tool
