"""The real letters' text, varied as other extractors and copies vary it: the same records.

Each variant is something text taken out of a PDF is known to do that the 400 real inputs
happen not to show (Windows line ends, indented or padded lines, a blank line after each line,
curly quotes, ligatures, Unicode hyphens, page footers, form feeds, headings in title case,
other spacing around labels and outcomes). A letter's record must not change with it: a rule that leans on how these 400
happen to look fails here before it fails on letters nobody has shown us.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

import imrparse
from imrparse import vocabulary

from .real_facts import inputs


def _page_breaks(every: int) -> Callable[[str], str]:
    """A footer and page number after every ``every``-th line past the header."""

    def vary(text: str) -> str:
        out: list[str] = []
        for i, line in enumerate(text.split("\n")):
            out.append(line)
            if i > 30 and i % every == 0:
                out += [
                    "Final Determination Letter for IMR Case Number CM16-0000000",
                    "Page 2 of 9",
                ]
        return "\n".join(out)

    return vary


def _each_line(change: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: "\n".join(map(change, text.split("\n")))


_HEADINGS = "(?m)^(\\s*)(" + "|".join(map(re.escape, vocabulary.SECTION_HEADINGS)) + ")"
_HEADER_LABELS = "Case Number|Date Assigned|Date of Injury|Decision Date|UR Denial Date|Priority"
_OUTCOME = r": (Upheld|Overturned)[ ]*"

VARIANTS: dict[str, Callable[[str], str]] = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "indented": _each_line(lambda line: "   " + line),
    "padded": _each_line(lambda line: line + "   "),
    "double-spaced": lambda t: "\n\n".join(t.split("\n")),
    "curly quotes": lambda t: t.replace("'", "\u2019").replace('"', "\u201c"),
    "two spaces after a stop": lambda t: t.replace(". ", ".  "),
    "page breaks every 7 lines": _page_breaks(7),
    "page breaks every 11 lines": _page_breaks(11),
    "ligatures": lambda t: (
        t.replace("fi", "\ufb01").replace("fl", "\ufb02").replace("ff", "\ufb00")
    ),
    "hyphen U+2010": lambda t: t.replace("-", "\u2010"),
    "form feeds": lambda t: re.sub(r"((?:.*\n){13})", "\\1\f\n", t),
    "title-case headings": lambda t: re.sub(_HEADINGS, lambda m: m[1] + m[2].title(), t),
    "a tab after header labels": lambda t: re.sub(rf"({_HEADER_LABELS}): ", "\\1:\t", t),
    "no space after field labels": lambda t: re.sub(r"(guideline|rationale):\s", "\\1:", t),
    "a space before an outcome's colon": lambda t: re.sub(_OUTCOME, " : \\1", t),
    "the outcome on the next line": lambda t: re.sub(_OUTCOME + "$", ":\n\\1", t, flags=re.M),
}

TEXTS = [(f"{tool}/{case}", path) for case, tool, path in inputs() if tool != "pdf"]
_records: dict[str, dict[str, Any]] = {}


def _record(text: str) -> dict[str, Any]:
    record = imrparse.to_dict(imrparse.parse(text.encode("utf-8")))
    del record["source"]  # its hash is of the varied bytes
    return record


def _original(name: str, text: str) -> dict[str, Any]:
    if name not in _records:
        _records[name] = _record(text)
    return _records[name]


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_variant_of_every_real_text_gives_the_same_record(variant: str) -> None:
    vary = VARIANTS[variant]
    changed = []
    varied_texts = 0
    for name, path in TEXTS:
        text = path.read_text(encoding="utf-8")
        varied_text = vary(text)
        varied_texts += varied_text != text
        varied = _record(varied_text)
        original = _original(name, text)
        if varied != original:
            fields = [key for key in original if original[key] != varied.get(key)]
            changed.append(f"{name}: {', '.join(fields)}")
    assert varied_texts >= len(TEXTS) // 2, f"the variant changes only {varied_texts} texts"
    assert not changed, f"{len(changed)} of {len(TEXTS)} records changed:\n" + "\n".join(changed)
