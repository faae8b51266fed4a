"""Real published letters: every input (the PDF and nineteen extractors' text) holds its facts.

tests/real/ holds 20 letters of the 2016-17 layout as published PDFs, the text nineteen common
extractors make of them, and the facts each record must hold whatever produced its text.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

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
    "markitdown": "column-text",
    "pdftotextlayout": "layout-text",
    "plumberlayout": "layout-text",
    "pypdflayout": "layout-text",
    "mupdfsort": "layout-text",
    "pdfjsjoin": "page-text",
}


def test_the_real_corpus_is_complete() -> None:
    assert len(cases()) == 20
    assert Counter(tool for _, tool, _ in INPUTS) == Counter(
        {tool: 20 for tool in {t for _, t, _ in INPUTS}}
    )
    assert len(INPUTS) == 420


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


def _alike(value: Any) -> Any:
    """A record as every extractor must give it: its text fields by their letters and digits
    only (extractors space, hyphenate and join words differently), the rest as it is."""
    if isinstance(value, str):
        return "".join(filter(str.isalnum, value)).lower()
    if isinstance(value, list):
        return [_alike(v) for v in value]
    if isinstance(value, dict):
        return {k: _alike(v) for k, v in value.items() if k != "source"}
    return value


@pytest.mark.parametrize("case", cases())
def test_every_input_of_a_letter_gives_the_pdfs_record(case: str) -> None:
    """Beyond the facts: the summary, each guideline's citations (MTUS or not, pages), the
    rationale and every other field say what the PDF's record says."""
    records = {
        tool: _alike(imrparse.to_dict(imrparse.parse(path)))
        for c, tool, path in INPUTS
        if c == case
    }
    want = records.pop("pdf")
    differ = {
        tool: [k for k in want if got.get(k) != want[k]]
        for tool, got in records.items()
        if got != want
    }
    assert not differ, differ
