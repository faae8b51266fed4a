"""The real letters as HTML converters write them (tests/real/html): every fact.

MuPDF's XHTML sets whole paragraphs as ``<h3>`` headings and runs a page's items and fields
together in one element, the item names and labels bold; poppler's pdftohtml writes a line a
``<br/>``. Read as HTML, each must hold every fact of its letter.
"""

from __future__ import annotations

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
