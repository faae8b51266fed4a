"""The real letters' determinations, worded as other letters of the same era word them.

Each test changes a real text where its anchor occurs (some extractors wrap the anchor's
lines: those inputs are left out) and changes the expected facts to match: an item name that
a partial authorisation in the plural.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

import imrparse

from .real_facts import compare, facts, inputs


def _varied(
    case: str, anchor: str, change: Callable[[str], str]
) -> list[tuple[str, dict[str, Any]]]:
    """(tool, record) for every text input of ``case`` where the regex ``anchor`` occurs,
    with ``change`` applied to the text."""
    out = []
    for c, tool, path in inputs():
        if c != case or tool == "pdf":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(anchor, text) is None:
            continue
        out.append((tool, imrparse.to_dict(imrparse.parse_text(change(text)))))
    assert len(out) >= 5, f"the anchor {anchor!r} occurs in too few inputs"
    return out


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
    for tool, record in _varied("CM16-0239190", pattern, lambda t: re.sub(pattern, new, t)):
        assert compare(record, facts("CM16-0239190")) == {}, tool
        assert record["warnings"] == [], tool
