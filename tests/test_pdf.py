"""The PDF layout: corpus letters rendered in the published layout, and broken PDFs.

The PDFs are built by tests/pdf_fixtures.py (reportlab) from the corpus letters; no PDF is
read from outside the repository.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pdfplumber.page import Page

import imrparse
import imrparse.plugins
from imrparse import Document, ImrParseError, Limits, to_dict
from imrparse.cli import main
from imrparse.grammar.clean import unwrap
from imrparse.parse import choose_format
from imrparse.testing import check_plugin, without_parser

from . import pdf_fixtures as fx

LETTERS = fx.corpus_letters()
IDS = [p.name[:3] for p in LETTERS]
PDF = imrparse.plugins.get_format("pdf")
PAGE_000 = Path(__file__).parent / "data" / "000_page.html"


@cache
def pdf_of(path: Path) -> bytes:
    return fx.letter_pdf(path)


@cache
def long_pdf() -> bytes:
    return fx.long_pdf(LETTERS[2], pages=300)


def gold(path: Path) -> dict[str, Any]:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def with_header(rec: dict[str, Any], header: fx.Header) -> dict[str, Any]:
    """``rec`` with the case header fields the PDF adds, as the grammar reads them."""

    def iso(value: str | None) -> str | None:
        if value is None:
            return None
        month, day, year = value.split("/")
        return f"{year}-{month}-{day}"

    return {
        **rec,
        "case_number": header.case_number,
        "priority": header.priority,
        "dates": {
            "assigned": iso(header.date_assigned),
            "injury": iso(header.date_of_injury),
            "decision": iso(header.decision_date),
            "ur_denial": iso(header.ur_denial_date),
            "application_received": iso(header.application_received),
        },
        # The header gives what the text letters lack and warn of.
        "warnings": [
            w
            for w in rec["warnings"]
            if w not in ("no case number was found", "no decision date was found")
            and not w.startswith("no case header was found")
        ],
    }


def lines_of(doc: Document) -> list[str]:
    return [line for block in doc.blocks for line in block.lines]


# ---- the fixtures are what they claim --------------------------------------------------


@pytest.mark.parametrize("path", LETTERS, ids=IDS)
def test_fixture_has_the_published_layout(path: Path) -> None:
    data = pdf_of(path)
    letter = fx.corpus_letter(path)
    paragraph_starts = [unwrap([p.label, p.text])[:30] for p in letter.paras]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        total = len(pdf.pages)
        assert total >= 2
        fonts: set[str] = set()
        breaks_inside = 0
        for number, page in enumerate(pdf.pages, start=1):
            fonts |= {c["fontname"] for c in page.chars}
            text = page.extract_text().splitlines()
            assert text[-2:] == [
                f"Final Determination Letter for IMR Case Number {letter.header.case_number}",
                f"Page {number} of {total}",
            ]
            if number > 1 and not any(text[0].startswith(s[:20]) for s in paragraph_starts):
                breaks_inside += 1  # the page starts in the middle of a paragraph
            # Justified: most body lines end at the same right edge.
            rights = [round(w["x1"]) for w in page.extract_text_lines()]
            assert max(rights.count(r) for r in set(rights)) >= len(rights) // 3
            page.close()
        first = pdf.pages[0].extract_text()
        assert "Case Number: " in first and "Application Received: " in first
    assert breaks_inside >= 1
    assert {"Times-Roman", "Helvetica-Bold"} <= fonts


# ---- every corpus letter as a PDF parses to its gold record -----------------------------


@pytest.mark.parametrize("path", LETTERS, ids=IDS)
def test_letter_as_pdf_parses_to_gold_plus_its_header(path: Path) -> None:
    data = pdf_of(path)
    name = path.with_suffix(".pdf").name
    rec = to_dict(imrparse.parse(data, name=name))
    pages = rec["source"]["pages"]
    assert pages >= 2
    expected = with_header(gold(path), fx.corpus_letter(path).header)
    expected["source"] = {
        "format": "pdf",
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "pages": pages,
    }
    assert without_parser(rec) == expected


def test_letters_001_to_004_gain_the_header_fields_only() -> None:
    for path in LETTERS[1:]:
        rec = to_dict(imrparse.parse(pdf_of(path)))
        want = gold(path)
        assert (
            want["case_number"] is None
            and rec["case_number"] == fx.HEADERS[path.name[:3]].case_number
        )
        assert rec["determinations"] == want["determinations"]
        assert rec["clinical_summary"] == want["clinical_summary"]


def test_000_as_text_html_page_and_pdf_gives_one_record() -> None:
    text_letter = LETTERS[0]
    records = [
        to_dict(imrparse.parse(text_letter)),
        to_dict(imrparse.parse(PAGE_000)),
        to_dict(imrparse.parse(pdf_of(text_letter))),
    ]
    formats = [rec.pop("source")["format"] for rec in records]
    assert formats == ["html-header", "html-header", "pdf"]
    assert records[0] == records[1] == records[2]


# ---- what the reader hands the grammar --------------------------------------------------


def test_header_table_rows_become_tabbed_blocks() -> None:
    doc = PDF.read(pdf_of(LETTERS[0]))
    assert doc.blocks[1].lines == ("Case Number:\tCM13-0012313\tDate Assigned:\t12/04/2013",)
    assert doc.blocks[2].lines == ("Date of Injury:\t06/03/2011\tDecision Date:\t01/14/2014",)
    assert doc.blocks[3].lines == ("UR Denial Date:\t07/31/2013\tPriority:\tStandard",)


@pytest.mark.parametrize("path", LETTERS, ids=IDS)
def test_blocks_are_the_letters_paragraphs_across_page_breaks(path: Path) -> None:
    """Footers and page numbers are gone, and each paragraph is one block even where a page
    break falls inside it; headings are marked and nothing else is."""
    doc = PDF.read(pdf_of(path))
    letter = fx.corpus_letter(path)
    start = next(i for i, b in enumerate(doc.blocks) if b.heading)
    got = [(unwrap(b.lines), b.heading) for b in doc.blocks[start:]]
    want = [(unwrap([p.label, p.text]), p.kind == "heading") for p in letter.paras]
    assert got == want
    assert doc.pages == len(pdfplumber.open(io.BytesIO(pdf_of(path))).pages)
    assert not any("Final Determination Letter" in ln or "Page " in ln for ln in lines_of(doc))


@pytest.mark.parametrize("path", LETTERS, ids=IDS)
def test_without_paragraph_spacing_bold_starts_still_begin_blocks(path: Path) -> None:
    """Set solid, only fonts show where a label, an item or a heading begins."""
    data = fx.letter_pdf(path, layout=fx.Layout(para_space=0))
    doc = PDF.read(data)
    starts = {unwrap(b.lines)[:40] for b in doc.blocks}
    for para in fx.corpus_letter(path).paras:
        if para.kind != "body":
            assert unwrap([para.label, para.text])[:40] in starts
    rec = to_dict(imrparse.parse(data))
    rec.pop("source")
    want = with_header(gold(path), fx.corpus_letter(path).header)
    want.pop("source")
    assert rec == want


def test_a_bold_capitals_letterhead_keeps_the_header() -> None:
    """The 2013 letters head page 1 with "MAXIMUS FEDERAL SERVICES, INC." in bold capitals."""
    layout = fx.Layout(letterhead=("MAXIMUS FEDERAL SERVICES, INC.", "INDEPENDENT MEDICAL REVIEW"))
    data = fx.letter_pdf(LETTERS[0], layout=layout)
    assert PDF.read(data).blocks[0].heading
    rec = to_dict(imrparse.parse(data))
    rec.pop("source")
    want = gold(LETTERS[0])
    want.pop("source")
    assert rec == want


def test_bold_item_lines_are_blocks_not_headings() -> None:
    doc = PDF.read(pdf_of(LETTERS[2]))  # 002: five items, one wrapping over two lines
    items = [b for b in doc.blocks if unwrap(b.lines).endswith(": Upheld")]
    assert len(items) == 5 and not any(b.heading for b in items)
    assert unwrap(items[2].lines).startswith("Pre-Op Labs: Complete Blood Count")
    headings = [b.lines[0] for b in doc.blocks if b.heading]
    assert headings == list(fx.HEADINGS)


def test_pdf_layout_passes_the_plugin_kit() -> None:
    """Its examples are real published letters (tests/real/pdf), checked like any layout's."""
    assert check_plugin(PDF) == 3


def test_a_few_bytes_of_pdf_header_are_not_claimed() -> None:
    assert PDF.sniff(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n") == 0.0
    assert PDF.sniff(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n") == 1.0


def test_sniff_claims_pdf_bytes_only() -> None:
    data = pdf_of(LETTERS[0])
    assert PDF.sniff(data) == 1.0
    assert choose_format(data).name == "pdf"
    for path in LETTERS:
        assert PDF.sniff(path.read_bytes()) == 0.0
    assert PDF.sniff(PAGE_000.read_bytes()) == 0.0


# ---- errors: each its own type and one-line message -------------------------------------


def one_line_error(data: bytes, kind: type[ImrParseError], match: str) -> ImrParseError:
    with pytest.raises(kind, match=match) as info:
        imrparse.parse(data, name="x.pdf")
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("x.pdf: ")
    return info.value


def test_encrypted_pdf() -> None:
    one_line_error(
        fx.encrypted_pdf(LETTERS[1]), imrparse.EncryptedDocument, "encrypted PDF: .*password"
    )


def test_truncated_pdf() -> None:
    one_line_error(fx.truncated_pdf(LETTERS[1]), imrparse.DamagedDocument, "damaged PDF: cut short")


@pytest.mark.parametrize("keep", [0.02, 0.3, 0.6, 0.9])
def test_truncated_pdf_with_an_end_marker_is_still_damaged(keep: float) -> None:
    data = fx.truncated_pdf(LETTERS[1], keep) + b"\n%%EOF\n"
    one_line_error(data, imrparse.DamagedDocument, "damaged PDF: ")


def test_garbage_after_a_pdf_header_is_damaged() -> None:
    one_line_error(
        b"%PDF-1.7\n" + b"\x8f garbage " * 200 + b"\n%%EOF", imrparse.DamagedDocument, "damaged PDF"
    )


def test_scan_without_text_layer() -> None:
    err = one_line_error(fx.scanned_pdf(), imrparse.NoTextLayer, "no text layer")
    assert "scan" in str(err) and "OCR is not supported" in str(err)


def test_pdf_that_is_not_an_imr_letter() -> None:
    one_line_error(fx.not_imr_pdf(), imrparse.NotAnImrLetter, "not an IMR letter")


@pytest.mark.parametrize(
    ("make", "code"),
    [(fx.scanned_pdf, 7), (lambda: fx.encrypted_pdf(LETTERS[1]), 6), (fx.not_imr_pdf, 3)],
    ids=["scan", "encrypted", "not-imr"],
)
def test_cli_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Any, code: int
) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(make())
    assert main(["parse", str(path)]) == code
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith(f"imrparse: {path}")


def test_page_limit() -> None:
    with pytest.raises(imrparse.InputTooLarge, match=r"too many pages: 3 \(limit 2\)"):
        imrparse.parse(pdf_of(LETTERS[3]), limits=Limits(max_pages=2))


def test_time_limit_is_checked_between_pages() -> None:
    with pytest.raises(imrparse.ParseTimeout):
        imrparse.parse(long_pdf(), limits=Limits(timeout=0.05))


@given(st.data())
def test_damaged_bytes_give_typed_errors_only(data: st.DataObject) -> None:
    pdf = bytearray(pdf_of(LETTERS[0]))
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(pdf) - 1))
        pdf[at] = data.draw(st.integers(0, 255))
    try:
        letter = imrparse.parse(bytes(pdf))
    except ImrParseError as err:
        assert "\n" not in str(err)
    else:
        assert letter.source is not None and letter.source.format == "pdf"


# ---- memory: one page open at a time, every page closed ---------------------------------


@pytest.fixture
def page_tracker(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    seen = {"open": 0, "most_open": 0, "closed": 0}
    init, close = Page.__init__, Page.close

    def tracked_init(self: Page, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        seen["open"] += 1
        seen["most_open"] = max(seen["most_open"], seen["open"])

    def tracked_close(self: Page) -> None:
        close(self)
        seen["open"] -= 1
        seen["closed"] += 1

    monkeypatch.setattr(Page, "__init__", tracked_init)
    monkeypatch.setattr(Page, "close", tracked_close)
    yield seen


def test_each_page_is_closed_before_the_next_is_read(page_tracker: dict[str, int]) -> None:
    letter = imrparse.parse(pdf_of(LETTERS[4]), pdf_engine="pdfplumber")
    assert letter.source is not None and letter.source.pages == page_tracker["closed"] >= 3
    assert page_tracker["most_open"] == 1 and page_tracker["open"] == 0


def test_pages_are_closed_when_reading_stops_early(page_tracker: dict[str, int]) -> None:
    with pytest.raises(imrparse.InputTooLarge):
        imrparse.parse(pdf_of(LETTERS[4]), limits=Limits(max_pages=2), pdf_engine="pdfplumber")
    assert page_tracker["open"] == 0 and page_tracker["closed"] == 2


def test_300_page_pdf_parses_and_ends() -> None:
    data = long_pdf()
    started = time.monotonic()
    letter = imrparse.parse(data)
    assert time.monotonic() - started < 300  # generous: it ends, it does not hang
    assert letter.source is not None and letter.source.pages is not None
    assert letter.source.pages >= 300
    assert [d.item for d in letter.determinations] == [
        d["item"] for d in gold(LETTERS[2])["determinations"]
    ]
