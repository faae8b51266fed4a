"""The real letters' texts with the spaces and invisible characters that web pages and some
extractors put in: the same records as the texts without them.

A no-break space after a Markdown heading's "#" leaves it a paragraph; a soft hyphen inside a
Markdown table's label hides the label; a run of no-break or thin spaces no longer ends a line
of pdf.js's joined text. Text letters are decoded with Unicode's spaces as ASCII's and
invisible characters dropped, before any layout reads their structure; and a text quoted as
an email quotes it ("> " before every line: "> Case Number:" read as no label, "> " kept
in an item's name) is read unquoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import imrparse

from .real_facts import inputs


def _every(n: int, old: str, new: str) -> Callable[[str], str]:
    """Every ``n``-th ``old`` replaced by ``new``."""

    def vary(text: str) -> str:
        count = 0

        def one(m: re.Match[str]) -> str:
            nonlocal count
            count += 1
            return new if count % n == 0 else m[0]

        return re.sub(re.escape(old), one, text)

    return vary


VARIANTS: dict[str, Callable[[str], str]] = {
    "no-break spaces": lambda t: t.replace(" ", "\u00a0"),
    "some no-break spaces": _every(7, " ", "\u00a0"),
    "thin spaces": _every(9, " ", "\u2009"),
    "soft hyphens": lambda t: t.replace("ation", "a\u00adtion"),
    "zero-width spaces": lambda t: t.replace("Upheld", "\u200bUpheld"),
    # Not a character, but the same decoding: a letter forwarded, quoted as email quotes it.
    "quoted as an email": lambda t: "\n".join(f"> {line}" for line in t.split("\n")),
    "quoted twice": lambda t: "\n".join(f">> {line}".rstrip() for line in t.split("\n")),
}


@cache
def _record(path: Path) -> dict[str, Any]:
    return {
        **imrparse.to_dict(imrparse.parse_text(path.read_text(encoding="utf-8"))),
        "source": None,
    }


@pytest.mark.parametrize("name", VARIANTS)
def test_unicode_spaces_and_invisible_characters_give_the_same_record(name: str) -> None:
    vary = VARIANTS[name]
    wrong = []
    for case, tool, path in inputs():
        if tool == "pdf":
            continue
        want = _record(path)
        got = imrparse.to_dict(imrparse.parse_text(vary(path.read_text(encoding="utf-8"))))
        got["source"] = None
        if got != want:
            wrong.append(f"{case} {tool}: {[k for k in want if got.get(k) != want[k]]}")
    assert not wrong, wrong


def test_decode_text_gives_ascii_spaces_and_drops_invisible_characters() -> None:
    data = "Case\u00a0Number:\u2009CM16-0229336\u00ad\u200b\n".encode()
    assert imrparse.decode_text(data) == "Case Number: CM16-0229336\n"
