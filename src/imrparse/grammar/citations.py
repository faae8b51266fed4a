"""Guideline citations: one per "Decision based on ..." clause, with the pages it cites."""

from __future__ import annotations

import re

from attrs import Factory, define

from .. import vocabulary as vocab
from ..models import Citation, Guideline
from .scan import Folded, lowered


def _possessive(source: str) -> str:
    """A letter_spaced source with its spaces possessive (letters follow each)."""
    assert re.fullmatch(r"\w(?:(?: \?|\\s\+)?\w)*", source), source
    return source.replace(" ?", " ?+").replace(r"\s+", r"\s++")


# The word boundary is tested after the first letter (a lookbehind), not before it: a pattern
# opening with a literal lets ``re`` skip to its occurrences instead of trying every position.
# Spaced out as layout-mode text may print it: a clause missed would run into the one before,
# which would then claim its words and say MTUS where the letter says Non-MTUS.
_CLAUSE_FIRST = vocab.CITATION_CLAUSES[0][0]
assert _CLAUSE_FIRST.isalpha() and all(c[0] == _CLAUSE_FIRST for c in vocab.CITATION_CLAUSES)
# (Its spaces possessive: each is followed by a letter, which no space matches, so giving one
# back never helps a match, and re need not keep the way back.)
_CLAUSE = Folded(
    rf"{_CLAUSE_FIRST}(?<!\w{_CLAUSE_FIRST})"
    rf"(?:{'|'.join(_possessive(vocab.letter_spaced(c))[1:] for c in vocab.CITATION_CLAUSES)})"
    r"\b\s*:?\s*",
    _CLAUSE_FIRST,
)
# "Citation" may be left out: "Non-MTUS Official Disability Guidelines" is no MTUS citation.
_NON_MTUS = re.compile(r"^Non[\s-]*MTUS\b(?:\s+Citations?\b)?\s*:?\s*", re.IGNORECASE)
_NON_CITATION = "Non-MTUS Citation "
_NON_END = len(_NON_CITATION)
assert (m := _NON_MTUS.match(_NON_CITATION + "x")) is not None and m.end() == _NON_END
# Statements that a party cited nothing, or not the MTUS: not citations.
_STATEMENT = re.compile(
    r"(?:The\s+)?(?:Claims\s+Administrator|Expert\s+Reviewer|Physician\s+Reviewer|Reviewer)"
    r"[^.]*?\bdid\s+not\s+(?:cite|base|use|rely)[^.]*\.?",
    re.IGNORECASE,
)
# A page number: not a year ("Page(s): 68-69, 2009"), nor the head of a regulation number
# or a date ("9792.24.2", "12/2016"): a number cut from those would be a wrong page.
_NUM = r"(?!(?:19|20)\d\d(?!\d))\d{1,4}(?![\d/]|\.\d)"
# "78-80", "78 to 80", "78 through 80": a range.
_TO = rf"(?:\s*[-\u2013]\s*|\s+(?:{'|'.join(vocab.RANGE_WORDS)})\s+)"
_NUM_RANGE = rf"{_NUM}(?:{_TO}{_NUM})?"
_PAGES = Folded(
    # Every form starts with a "p" at a word's start ("Page(s)", "pages", "pgs.", "pp.", "p."):
    # a pattern opening with the literal lets ``re`` skip to the p's (see _CLAUSE).
    rf"p(?<=\bp)(?:ages?\s*\(s\)|ages?|gs?\.?|p\.|\.)\s*:?\s*"
    # Between pages: "," "&" ";" "and", or ", and" ("1-3, and 9").
    rf"(?P<list>{_NUM_RANGE}(?:\s*(?:[,&;]\s*(?:and\s+)?|and\s+){_NUM_RANGE})*)",
    "p",
)
_RANGE = re.compile(rf"(\d+)(?:{_TO}(\d+))?", re.IGNORECASE)
_MAX_RANGE = 500  # a longer "range" is a typo or hostile input, not pages to list
# Pages a letter may list in all: real letters cite a few dozen. A crafted letter citing
# "Page(s): 1-500" 20,000 times would otherwise expand to millions of numbers.
MAX_PAGES = 5000


@define
class PageBudget:
    """How many more cited pages a letter may list; what was cut is said once.

    ``read``: the letter's guidelines read so far that used none of it, by their text. A letter
    repeats its paragraphs (a third of its guidelines are word for word an earlier one's:
    boilerplate such as "The Claims Administrator did not cite ..."); such a repeat reads the
    same, and is the same record.
    """

    left: int = MAX_PAGES
    cut: bool = False
    read: dict[str, Guideline] = Factory(dict)

    def take(self, pages: list[int]) -> list[int]:
        if len(pages) > self.left:
            pages = pages[: self.left]
            self.cut = True
        self.left -= len(pages)
        return pages


def _may_cite_pages(text: str, low: str | None) -> bool:
    """Whether ``text`` (``low``: ``lowered(text)``) holds, in any case, what every form of
    _PAGES starts with ("pp." holds "p."): else it cites no page, and needs no scan (none
    holds i, k or s: see scan.py)."""
    hay = text.lower() if low is None else low
    # (Three tests, not any() over the words: its iterator costs more than they do.)
    return "pag" in hay or "pg" in hay or "p." in hay


def cited_pages(text: str, budget: PageBudget | None = None) -> list[int]:
    """Every page cited, ranges expanded, in order: "305-307 and 202-204", "pg. 127", "46, 47"."""
    low = lowered(text)
    if not _may_cite_pages(text, low):
        return []
    budget = budget or PageBudget()
    pages: list[int] = []
    # (The list group may be read from the lowered text: only its digits are read.)
    for m in _PAGES.finditer(text, low):
        if len(pages) > budget.left:
            break
        # (findall: no match objects; a range's end is "" where there is none.)
        for start_text, end_text in _RANGE.findall(m["list"]):
            start = int(start_text)
            if not end_text:
                pages.append(start)
                continue
            end = int(end_text)
            if end < start and len(end_text) < len(start_text):
                # "305-07": the end shares the start's leading digits.
                end = int(start_text[: len(start_text) - len(end_text)] + end_text)
            if start <= end <= start + _MAX_RANGE:
                pages.extend(range(start, end + 1))
            else:
                pages.extend((start, end))
    return budget.take(pages)


def read_citations(
    text: str, budget: PageBudget | None = None, *, single_spaced: bool = False
) -> list[Citation]:
    """The citations of a guideline paragraph, in the letter's order.

    ``single_spaced``: the caller knows that ``text``'s only whitespace is single spaces
    between its words (an unwrapped paragraph): a clause's words then need no splitting.
    """
    low = lowered(text)
    starts = list(_CLAUSE.finditer(text, low))
    if not starts:
        return []
    # Whether a page is cited anywhere, tested once over the whole paragraph, not per clause
    # (cited_pages would lower each clause again): most cite none. A clause is the paragraph's
    # words, some left out and spaces put between: a page word it holds, the paragraph holds.
    paged = _may_cite_pages(text, low)
    citations: list[Citation] = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        clause = text[m.end() : end]
        # Every statement says "did not"; the scan is slow.
        if low is None or ("not" in (seg := low[m.end() : end]) and "did" in seg):
            clause = " ".join(_STATEMENT.sub(" ", clause).split())
        elif single_spaced:
            clause = clause.strip(" ")  # (a space before the next clause)
        else:
            clause = " ".join(clause.split())
        mtus = True
        if clause[:1] in ("N", "n"):
            # The usual wording, "Non-MTUS Citation Official ...": _NON_MTUS would end where
            # the prefix does (the clause is single-spaced: a word follows it, or a colon,
            # which _NON_MTUS would take too).
            if clause.startswith(_NON_CITATION) and clause[_NON_END : _NON_END + 1] != ":":
                mtus = False
                clause = clause[_NON_END:]
            elif non := _NON_MTUS.match(clause):
                mtus = False
                clause = clause[non.end() :]
        clause = clause.rstrip(" ;,")
        if clause.endswith("."):
            clause = clause[:-1].rstrip()
        if clause:
            citations.append(Citation(clause, mtus, cited_pages(clause, budget) if paged else ()))
    return citations


def read_guideline(
    text: str | None, budget: PageBudget | None = None, *, single_spaced: bool = False
) -> Guideline:
    """A guideline paragraph and its citations (``single_spaced``: see read_citations)."""
    if not text:
        return _NO_GUIDELINE
    if budget is None:
        return Guideline(text, read_citations(text, single_spaced=single_spaced))
    guideline = budget.read.get(text)
    if guideline is None:
        left = budget.left
        guideline = Guideline(text, read_citations(text, budget, single_spaced=single_spaced))
        # Its pages took none of the budget (it cites none, or none were left): read again, it
        # would take none again and be the same.
        if budget.left == left:
            budget.read[text] = guideline
    return guideline


_NO_GUIDELINE = Guideline()


def unread(guideline: Guideline) -> bool:
    """Whether a guideline paragraph says more than that nothing was cited, yet no citation
    was read from it: it cites in words no clause opens ("The decision relied on ...")."""
    text = guideline.text
    return (
        text is not None
        and not guideline.citations
        and bool(_STATEMENT.sub("", text).strip(" .;,"))
    )
