"""The real letters with their "Decision based on ..." clauses in other letters' words.

Each variant rewrites a guideline name of the real texts ("MTUS Chronic Pain Medical Treatment
2016", "Non-MTUS Citation") as another letter of the era could cite it, with pages, and changes
the expected citations to match: the citations of the same text unvaried, that name rewritten
and the pages added. A variant is applied only where its anchor occurs (extractors wrap lines
elsewhere); each must reach most texts. Never a wrong page: a year, a regulation number or a
date after a page word is no page.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from imrparse.grammar.citations import cited_pages, read_citations, read_guideline, unread
from imrparse.vocabulary import letter_spaced

from .real_facts import inputs, record_of

TEXTS = [(case, path) for case, tool, path in inputs() if tool != "pdf"]
Cites = list[list[tuple[str, bool, list[int]]]]


def _cites(record: dict[str, Any]) -> Cites:
    """Each guideline's citations, in the letter's order."""
    out = []
    for d in record["determinations"]:
        for side in ("claims_administrator_guideline", "maximus_guideline"):
            g = d[side] or {"citations": []}
            out.append([(c["text"], c["mtus"], list(c["pages"])) for c in g["citations"]])
    return out


def _wrongs(
    old: str, new: str, pages: list[int], mtus: bool | None = None
) -> tuple[int, list[str]]:
    """``old`` (a clause's words, wrapped anyhow) rewritten as ``new`` in every text holding
    it: how many it changed, and each text whose citations are not the unvaried ones with
    ``old`` read as ``new``, ``pages`` added (and ``mtus`` where given)."""
    anchor = re.compile(r"\s+".join(map(re.escape, old.split())))
    one_line = " ".join(new.split())
    changed, wrong = 0, []
    for case, path in TEXTS:
        text = path.read_text(encoding="utf-8")
        if anchor.search(text) is None:
            continue
        changed += 1
        want = [
            [
                (t.replace(old, one_line), m if mtus is None else mtus, p + pages)
                if old in t
                else (t, m, p)
                for t, m, p in g
            ]
            for g in _cites(record_of(text))
        ]
        got = _cites(record_of(anchor.sub(lambda _: new, text)))
        if got != want:
            wrong.append(
                f"{path.parent.name}/{case}: {[g for g, w in zip(got, want, strict=False) if g != w]}"
            )
    return changed, wrong


_CHRONIC = "MTUS Chronic Pain Medical Treatment 2016"


@pytest.mark.parametrize(
    ("new", "pages"),
    [
        # A range in words: every page of it, not its first alone.
        (f"{_CHRONIC}, pages 78 to 80", [78, 79, 80]),
        (f"{_CHRONIC}, pages 78 through 80", [78, 79, 80]),
        (f"{_CHRONIC}, Page(s): 1-3, and 9", [1, 2, 3, 9]),
        (f"{_CHRONIC}, Page(s): 78-80; 91", [78, 79, 80, 91]),
        # A year, a regulation number or a date after the pages: none is a page.
        (f"{_CHRONIC}, Page(s): 68-69, 2009", [68, 69]),
        (f"{_CHRONIC} Page(s): 9, 9792.24.2", [9]),
        (f"{_CHRONIC}, Page(s): 9, 12/2016", [9]),
        (f"{_CHRONIC}, page 22 and 2009 edition", [22]),
        (f"{_CHRONIC}, Page 9792.24.2", []),
        # The forms that were read already, and a range wrapped over a line.
        (f"{_CHRONIC}, Pages 46 & 47", [46, 47]),
        (f"{_CHRONIC}, page 78, 79 and 80", [78, 79, 80]),
        (
            "MTUS Chronic Pain Medical Treatment Guidelines 8 C.C.R. 9792.20 - 9792.26 MTUS"
            " (Effective July 18, 2009) Page(s): 78-80",
            [78, 79, 80],
        ),
    ],
)
def test_the_pages_a_clause_cites(new: str, pages: list[int]) -> None:
    changed, wrong = _wrongs(_CHRONIC, new, pages)
    assert changed >= 100, changed
    assert not wrong, wrong


def test_non_mtus_without_the_word_citation_is_no_mtus_citation() -> None:
    changed, wrong = _wrongs("Non-MTUS Citation Official", "Non-MTUS Official", [])
    assert changed >= 100, changed
    # The text drops "Non-MTUS" as it drops "Non-MTUS Citation"; the flag stays false.
    assert not wrong, wrong[:2]


def test_a_real_non_mtus_clause_without_citation() -> None:
    """CM16-0248698 (Dicopanol): "Decision based on Non-MTUS Official Disability Guidelines
    (ODG), Pain." was read as an MTUS citation named "Non-MTUS ..."."""
    for case, path in TEXTS:
        if case != "CM16-0248698":
            continue
        cites = [c for g in _cites(record_of(path.read_text(encoding="utf-8"))) for c in g]
        assert ("Official Disability Guidelines (ODG), Pain", False, []) in cites, path
        assert not any("Non-MTUS" in t or "NON-MTUS" in t for t, _, _ in cites), path


@pytest.mark.parametrize(
    "clause", ["Decisions based on", "Decision based upon", "Decisions based upon"]
)
def test_the_clause_reworded(clause: str) -> None:
    """Reworded, a clause was no clause: its guideline had no citation, and no warning."""
    changed, wrong = _wrongs("Decision based on", clause, [])
    assert changed >= 200, changed
    assert not wrong, wrong[:2]


_CLAUSE = re.compile(letter_spaced("Decision based on"))


def test_a_guideline_cited_in_words_no_clause_opens_is_warned_of() -> None:
    """Its citations are left empty, and the warning names the field and the item."""
    changed = 0
    for _case, path in TEXTS:
        text = path.read_text(encoding="utf-8")
        varied = _CLAUSE.sub("The decision relied on", text)
        if varied == text:
            continue
        changed += 1
        record = record_of(varied)
        assert record["determinations"], path
        for d in record["determinations"]:
            for side, name in (
                ("claims_administrator_guideline", "Claims Administrator guideline"),
                ("maximus_guideline", "MAXIMUS guideline"),
            ):
                if d[side]["text"] and "relied on" in d[side]["text"]:
                    assert d[side]["citations"] == [], path
                    assert any(
                        w.startswith(f"the {name} of item {d['item']!r} cites in words not")
                        for w in record["warnings"]
                    ), (path, record["warnings"])
    assert changed >= 200, changed


def test_a_statement_that_nothing_was_cited_is_not_warned_of() -> None:
    text = "The Claims Administrator did not cite any medical evidence for its decision."
    assert read_citations(text) == []
    assert not unread(read_guideline(text))


@pytest.mark.parametrize(
    ("clause", "mtus", "text"),
    [
        ("Non-MTUS Official Disability Guidelines (ODG) Pain Chapter.", False, "Official"),
        ("Non MTUS Citation Official Disability Guidelines (ODG) Pain Chapter.", False, "Official"),
        ("NON-MTUS CITATION: ODG Pain Chapter.", False, "ODG"),
        ("MTUS Non-MTUSish Pain.", True, "MTUS"),
    ],
)
def test_the_mtus_flag(clause: str, mtus: bool, text: str) -> None:
    (citation,) = read_citations(f"Decision based on {clause}")
    assert citation.mtus is mtus
    assert citation.text.startswith(text), citation.text


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        ("Page(s): 78 to 80", [78, 79, 80]),
        ("pages 78 thru 80 and 91", [78, 79, 80, 91]),
        ("Page(s): 305-307 and 202-204", [305, 306, 307, 202, 203, 204]),
        ("Page(s): 46, 47, 2009", [46, 47]),
        ("Page(s): 22, Chapter 6", [22]),
        ("page 9792.20", []),
        ("page 12/2016", []),
        ("pages 2009 to 2010", []),
        ("p. 78.", [78]),
    ],
)
def test_cited_pages(text: str, pages: list[int]) -> None:
    assert cited_pages(text) == pages
