"""The real letters as HTML converters write them (tests/real/html): every fact.

MuPDF's XHTML sets whole paragraphs as ``<h3>`` headings and runs a page's items and fields
together in one element, the item names and labels bold; poppler's pdftohtml writes a line a
``<br/>``. Read as HTML, each must hold every fact of its letter.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import imrparse

from .real_facts import REAL, cases, compare, facts

_TOOLS = sorted(p.name for p in (REAL / "html").iterdir() if p.is_dir())


@pytest.mark.parametrize("tool", _TOOLS)
def test_html_of_the_real_letters_holds_every_fact(tool: str) -> None:
    wrong = []
    for case in cases():
        path: Path = REAL / "html" / tool / f"{case}.txt"
        record = imrparse.to_dict(imrparse.parse(path))
        assert record["source"]["format"] == "html-header", (case, record["source"]["format"])
        if diff := compare(record, facts(case)):
            wrong.append(f"{case}: {diff}")
    assert not wrong, wrong


def test_both_html_converters_are_here() -> None:
    assert _TOOLS == ["mupdfxhtml", "pdftohtml"]
    assert all(len(list((REAL / "html" / t).glob("*.txt"))) == 20 for t in _TOOLS)


# A rationale's closing stop before the next item's bold heading, as MuPDF's XHTML writes it
# (on the same page or the next page's first element); field labels left alone.
_STOP_BEFORE_HEADING = re.compile(
    r'(?<=[a-z)])\.(?=\s*(?:</h3>\s*(?:</div>\s*<div id="page\d+">\s*)?<h3>)?\s*<b>'
    r"(?!Claims|MAXIMUS|Decision rationale|\s*MAXIMUS))"
)


def test_mupdf_xhtml_rationales_ending_without_a_stop_keep_every_fact() -> None:
    """A rationale may end without a stop ("... (Aker, 1996)"); MuPDF's XHTML then runs the
    next item's bold heading on after it in one element, and only the bold sets it apart."""
    wrong, tried = [], 0
    for case in cases():
        text = (REAL / "html" / "mupdfxhtml" / f"{case}.txt").read_text(encoding="utf-8")
        unstopped, n = _STOP_BEFORE_HEADING.subn("", text)
        if not n:
            continue
        tried += 1
        letter = imrparse.parse(unstopped.encode())
        record = imrparse.to_dict(letter)
        before = imrparse.parse(text.encode()).warnings
        if diff := compare(record, facts(case)):
            wrong.append(f"{case}: {diff}")
        elif letter.warnings != before:
            wrong.append(f"{case}: {sorted(set(letter.warnings) - set(before))}")
    assert tried >= 8
    assert not wrong, wrong
