"""Real published letters: every input (the PDF and eleven extractors' text) holds its facts.

tests/real/ holds 20 letters of the 2016-17 layout as published PDFs, the text eleven common
extractors make of them, and the facts each record must hold whatever produced its text.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import imrparse

from .real_facts import cases, compare, facts, inputs

INPUTS = inputs()
# The layout that must recognise each extractor's output.
SHAPES = {
    "pdf": "pdf",
    "md": "markdown",
    "pdfminer": "column-text",
    "pdftotext": "column-text",
    "pdftotextlayout": "layout-text",
    "plumberlayout": "layout-text",
    "pypdflayout": "layout-text",
    "mupdfsort": "layout-text",
}


def test_the_real_corpus_is_complete() -> None:
    assert len(cases()) == 20
    assert Counter(tool for _, tool, _ in INPUTS) == Counter(
        {tool: 20 for tool in {t for _, t, _ in INPUTS}}
    )
    assert len(INPUTS) == 240


@pytest.mark.parametrize(("case", "tool", "path"), INPUTS, ids=[f"{t}/{c}" for c, t, _ in INPUTS])
def test_real_letter_holds_its_facts(case: str, tool: str, path: Path) -> None:
    letter = imrparse.parse(path)
    record = imrparse.to_dict(letter)
    wrong = compare(record, facts(case))
    assert not wrong, "\n".join(f"{k}: got {g!r}, want {w!r}" for k, (g, w) in wrong.items())
    assert record["source"]["format"] == SHAPES.get(tool, "plain-text")
    # A real letter with every fact right has nothing to warn about but missing guideline
    # text, which some letters really lack.
    assert all("guideline" in w or "rationale" in w for w in record["warnings"]), record["warnings"]
