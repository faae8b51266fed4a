"""The real letters' text as more extractors join pages: the same records.

pdftotext ends each page with a form feed on a line of its own; a script that joins pages
itself puts it anywhere ("\\f".join(pages), each page's last line not ended, as pdf.js's
``getTextContent()`` items give it), and pdf-parse 2 separates pages with a line of its own
("-- 2 of 3 --"); other converters write rules, "[Page 2]" or HTML comments, and letters that
print a footer and page number give those. Each variant of the 20 pdftotext texts must give
the text's own record.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

import imrparse
from imrparse.document import Block, Document
from imrparse.parse import choose_format, parse_document

from .real_facts import REAL, inputs

_TEXTS = [(case, path) for case, tool, path in inputs() if tool == "pdftotext"]


def _pdf_parse_pages(text: str) -> str:
    """pdf-parse 2's page joiner in place of each form feed."""
    pages = text.split("\f")
    count = len(pages)
    return "".join(
        page + (f"\n\n-- {n} of {count} --\n\n" if n < count else "")
        for n, page in enumerate(pages, 1)
    )


def _marked(mark: str) -> Callable[[str], str]:
    """Each form feed replaced by ``mark`` ("{n}": the page's number), as converters that
    write their own page separators give the pages."""

    def vary(text: str) -> str:
        pages = text.split("\f")
        return "".join(
            page + (mark.format(n=n) if n < len(pages) else "") for n, page in enumerate(pages, 1)
        )

    return vary


_FOOTER = "Final Determination Letter for IMR Case Number CM16-0000000"
VARIANTS: dict[str, Callable[[str], str]] = {
    # the page's last line not ended: the form feed alone stands between the two pages' lines
    "form feed inside a line": lambda t: re.sub(r"\s*\n\f", "\f", t),
    "pdf-parse page separators": _pdf_parse_pages,
    # Other converters' page separators, and the page furniture of letters that print it.
    "a Markdown rule": _marked("\n\n---\n\n"),
    "a rule of five": _marked("\n-----\n"),
    "[Page n]": _marked("\n\n[Page {n}]\n\n"),
    "=== Page n ===": _marked("\n\n=== Page {n} ===\n\n"),
    "HTML comments": _marked('\n\n<!-- PageNumber="{n}" -->\n<!-- PageBreak -->\n\n'),
    "the footer and its page number": _marked(f"\n{_FOOTER} {{n}}\n"),
    "the footer, the page number below": _marked(f"\n{_FOOTER}\n{{n}}\n"),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_pages_joined_otherwise_give_the_same_record(name: str) -> None:
    vary = VARIANTS[name]
    wrong, changed = [], 0
    for case, path in _TEXTS:
        text = path.read_text(encoding="utf-8")
        varied = vary(text)
        if varied == text:
            continue
        changed += 1
        want = imrparse.to_dict(imrparse.parse_text(text))
        got = imrparse.to_dict(imrparse.parse_text(varied))
        if {**got, "source": None} != {**want, "source": None}:
            wrong.append(f"{case}: {[k for k in want if got.get(k) != want[k] and k != 'source']}")
    assert changed >= 15, changed
    assert not wrong, wrong


@pytest.mark.parametrize("name", VARIANTS)
def test_a_layout_whose_lines_hold_newlines_drops_the_same_furniture(name: str) -> None:
    # Cleaning reads such a layout's lines one by one, not joined: a page number on the line
    # below the footer was left there, inside a rationale or the summary, with no word said.
    vary = VARIANTS[name]
    wrong = []
    for case, path in _TEXTS:
        data = vary(path.read_text(encoding="utf-8")).encode()
        fmt = choose_format(data)
        document = fmt.read(data)
        # The same lines, and one more holding nothing but a newline: the other path.
        held = Document((*document.blocks, Block(("\n",))), document.pages, document.header)
        want = imrparse.to_dict(parse_document(document, format=fmt.name, data=data))
        got = imrparse.to_dict(parse_document(held, format=fmt.name, data=data))
        if got != want:
            wrong.append(f"{case}: {[k for k in want if got.get(k) != want[k]]}")
    assert not wrong, wrong


def test_a_hyphen_the_page_wrapped_in_text_with_a_page_a_line() -> None:
    """pdf.js's joined items join a line wrapped after a hyphen with one space ("Post-
    operative"): the name is read as the page prints it whole. A hyphen before "and" stays."""
    path = next(p for case, tool, p in inputs() if (case, tool) == ("CM16-0238676", "pdfjsjoin"))
    text = path.read_text(encoding="utf-8")
    name = "Additional physical therapy three times a week"
    assert text.count(name) == 1
    varied = text.replace(name, "Additional post- operative and pre- and post-op therapy")
    record = imrparse.to_dict(imrparse.parse_text(varied))
    assert record["source"]["format"] == "page-text"
    item = record["determinations"][0]["item"]
    assert item.startswith("Additional post-operative and pre- and post-op therapy for two"), item
    assert not record["warnings"]


@pytest.mark.parametrize("tool", ["pypdf", "pdftotext", "pdfminer", "md", "pdfjsjoin", "mupdfsort"])
def test_two_letters_in_one_file_give_the_first_and_say_so(tool: str) -> None:
    # A file that joins several letters was read as one: the second letter's items, and in
    # Markdown its header, went into the first letter's record, with no word said.
    first, second = (
        (REAL / "text" / tool / f"{case}.txt").read_text(encoding="utf-8")
        for case in ("CM16-0229336", "CM16-0233904")
    )
    want = imrparse.to_dict(imrparse.parse_text(first))
    got = imrparse.to_dict(imrparse.parse_text(f"{first}\n\f\n{second}"))
    for key in want:
        if key not in ("source", "warnings"):
            assert got[key] == want[key], key
    said = [w for w in got["warnings"] if w not in want["warnings"]]
    assert said[0].startswith("the file holds another letter after this one"), said
    assert "CM16-0233904" in " ".join(said)
