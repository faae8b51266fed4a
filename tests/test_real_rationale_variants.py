"""The real letters' rationales, ended as longer real rationales may end (round 6).

Real rationales quote the guidelines at length: lists, author-year citations, "Recommended"
alone on a line. Generated letters whose rationales were built so showed where an item's
heading can go wrong: a rationale ending without a stop, then a blank line or a page break,
then the next item's heading.
"""

from __future__ import annotations

import re

import pytest

from .real_facts import compare, facts, varied_records

_CASE = "CM16-0234464"  # six items; "Single positional MRI of the lumbar spine: Upheld" second
_ANCHOR = r"(this request is not medically necessary\.)(\s*\n(?:\s*\n)?Single positional MRI of the lumbar)"


@pytest.mark.parametrize("ending", ["Not recommended", "(Vas, 2006) (Aker, 1996)"])
# (A line end alone: where an extractor puts no blank line between paragraphs, the line is
# doubted as too short to have wrapped.)
@pytest.mark.parametrize("gap", ["\n", "\n\n", "\n\n\f\n"])
def test_a_rationale_ending_without_a_stop_before_a_break_is_warned_of(
    ending: str, gap: str
) -> None:
    # The line before the break ends no sentence: it was read as the next item's name's
    # first part (a name may wrap across a page), silently: "Not recommended Single
    # positional MRI of the lumbar spine". Where the item's rationale does not name it so,
    # the item is warned of.
    records = varied_records(
        _CASE,
        _ANCHOR,
        lambda t: re.sub(_ANCHOR, lambda m: f"{m[1]}\n{ending}{gap}{m[2].lstrip()}", t),
    )
    for tool, record in records:
        diff = compare(record, facts(_CASE))
        if not diff:
            continue
        assert set(diff) == {"determinations[1].item"}, (tool, diff)
        assert any(
            w.startswith(f"item {record['determinations'][1]['item']!r}: its heading holds a line")
            for w in record["warnings"]
        ), (tool, record["warnings"])


_PARTIAL_CASE = "CM16-0248698"  # "Acupuncture 18 sessions was the original request. ..."
_PARTIAL_ANCHOR = r"(is not medically necessary\.)(\s*\n\s*\nAcupuncture 18 sessions was the)"


@pytest.mark.parametrize("ending", ["Not recommended", "(Vas, 2006) (Aker, 1996)"])
@pytest.mark.parametrize("gap", ["\n\n", "\n\n\f\n"])
def test_a_rationale_ending_without_a_stop_before_a_partial_heading_is_never_silent(
    ending: str, gap: str
) -> None:
    # The same before a partial authorisation's heading: the line went to the start of its
    # original request, silently ("Not recommended Acupuncture 18 sessions"). Where the
    # rationale does not name the original request whole, it is left empty and said.
    records = varied_records(
        _PARTIAL_CASE,
        _PARTIAL_ANCHOR,
        lambda t: re.sub(_PARTIAL_ANCHOR, lambda m: f"{m[1]}\n{ending}{gap}{m[2].lstrip()}", t),
    )
    for tool, record in records:
        diff = compare(record, facts(_PARTIAL_CASE))
        if not diff:
            continue
        original = [k for k in diff if k.endswith(".original_request")]
        assert set(diff) == set(original) and len(original) == 1, (tool, diff)
        assert diff[original[0]][0] is None, (tool, diff)
        assert any("original_request left empty" in w for w in record["warnings"]), tool
