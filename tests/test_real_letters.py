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


def _citations(record: dict[str, object]) -> list[object]:
    """Per item, per guideline: each citation's MTUS flag and pages (its words vary with
    the extractor's spacing; what it says of the MTUS and the pages must not)."""
    return [
        [(c["mtus"], c["pages"]) for c in item[key]["citations"]]  # type: ignore[index]
        for item in record["determinations"]  # type: ignore[attr-defined]
        for key in ("claims_administrator_guideline", "maximus_guideline")
    ]


@pytest.mark.parametrize("case", cases())
def test_every_input_of_a_letter_gives_the_pdfs_citations(case: str) -> None:
    """The facts hold no citations: every extractor's text must cite what the PDF cites."""
    records = {
        tool: imrparse.to_dict(imrparse.parse(path)) for c, tool, path in INPUTS if c == case
    }
    want = _citations(records.pop("pdf"))
    assert any(want), "the letter cites nothing: the test would prove nothing"
    wrong = {tool: got for tool, r in records.items() if (got := _citations(r)) != want}
    assert not wrong, f"PDF: {want}; differ: {wrong}"
