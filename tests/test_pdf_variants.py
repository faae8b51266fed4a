"""Letter PDFs we have not seen, in the real letters' layout (tests/pdf_fixtures.py
``real_pdf``): where their page breaks and table cells fall, read the same by both engines."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

import imrparse
from imrparse import Document, to_dict
from imrparse.options import applied

from . import pdf_fixtures as fx

ENGINES = ("pypdfium2", "pdfplumber")
PDF = imrparse.plugins.get_format("pdf")
END = fx.PAGE_END  # the page ends after this line (where Word wraps it anyway)


def records(data: bytes) -> list[dict[str, Any]]:
    """The record from each engine, checked to be the same."""
    found = [to_dict(imrparse.parse(data, pdf_engine=e)) for e in ENGINES]
    assert found[0] == found[1]
    return found


def document(data: bytes, engine: str) -> Document:
    with applied(pdf_engine=engine):
        return PDF.read(data)


def test_a_letter_in_the_real_layout_reads_right() -> None:
    items = [
        ("Norco 10/325mg #60:", "Upheld"),
        ("Physical therapy two times a week for six weeks for the lumbar spine:", "Overturned"),
        ("Urine drug screen:", "Upheld"),
    ]
    record = records(fx.real_pdf(fx.REAL_HEADER, fx.real_letter(items)))[0]
    assert record["warnings"] == []
    assert record["case_number"] == "CM16-0241234"
    assert record["dates"]["application_received"] == "2016-12-05"
    assert record["patient"] == {"age": 45, "sex": "male"}
    assert [(d["item"], d["outcome"]) for d in record["determinations"]] == [
        ("Norco 10/325mg #60", "upheld"),
        ("Physical therapy two times a week for six weeks for the lumbar spine", "overturned"),
        ("Urine drug screen", "upheld"),
    ]
    assert record["outcome"] == "mixed"


# A page break inside an item's name, right after a line that ends in a full stop or a colon
# short of the margin, where Word wrapped it because the next word did not fit (the PDFs of
# tests/real break item names over pages: CM16-0229336): the name goes on over the page.
BROKEN_ITEMS = {
    "after a full stop": (
        "Hydrocodone/APAP 10/325mg #120 was the original request. The Claims Administrator "
        f"authorized Hydrocodone/APAP 10/325mg #60, leaving the original request IMR eligible.{END}"
        " The original request, Hydrocodone/APAP 10/325mg #120 is:",
        {
            "item": "Hydrocodone/APAP 10/325mg #120",
            "original_request": "Hydrocodone/APAP 10/325mg #120",
            "authorized": "Hydrocodone/APAP 10/325mg #60",
        },
    ),
    "after an inner colon": (
        "Associated surgical service for left shoulder arthroscopy with rotator cuff repair:"
        f"{END} Postoperative physical therapy:",
        {
            "item": "Associated surgical service for left shoulder arthroscopy with rotator cuff "
            "repair: Postoperative physical therapy",
            "original_request": None,
            "authorized": None,
        },
    ),
}


@pytest.mark.parametrize("case", BROKEN_ITEMS)
def test_an_item_name_broken_over_a_page_after_a_sentence_end(case: str) -> None:
    text, want = BROKEN_ITEMS[case]
    items = [(text, "Upheld"), ("Omeprazole 20mg:", "Overturned")]
    data = fx.real_pdf(fx.REAL_HEADER, fx.real_letter(items))
    record = records(data)[0]
    assert record["source"]["pages"] >= 2
    got = record["determinations"][0]
    assert {k: got[k] for k in want} == want
    assert got["outcome"] == "upheld"
    assert record["warnings"] == []


@pytest.mark.parametrize("engine", ENGINES)
def test_an_outcome_alone_at_the_top_of_a_page_stays_with_its_item(engine: str) -> None:
    # The name and its colon fill the line; "Upheld" goes to the next, on a new page.
    name = "Associated surgical service: Postoperative cold compression therapy unit, 30 day rental"
    items = [("Urine drug screen:", "Overturned"), (f"{name}:{END}", "Upheld")]
    doc = document(fx.real_pdf(fx.REAL_HEADER, fx.real_letter(items)), engine)
    assert doc.pages >= 2
    block = next(b for b in doc.blocks if b.lines[0].startswith(name))
    assert block.lines == (f"{name}:", "Upheld")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_header_value_wrapped_in_its_cell_is_read_whole(engine: str) -> None:
    # Two dates of injury do not fit the right-hand value cell: "10/20/2016," / "11/05/2016".
    header = tuple(
        (label, "10/20/2016, 11/05/2016" if label == "Date of Injury:" else value)
        for label, value in fx.REAL_HEADER
    )
    data = fx.real_pdf(header, fx.real_letter([("Urine drug screen:", "Upheld")]))
    doc = document(data, engine)
    values = {f.label: f.value for f in doc.header}
    assert values["Date of Injury:"] == "10/20/2016, 11/05/2016"
    assert values["UR Denial Date:"] == "11/28/2016"
    # ... and not also left behind as a line of its own
    assert not any(line.startswith("11/05/2016") for block in doc.blocks for line in block.lines)
    record = to_dict(imrparse.parse(data, pdf_engine=engine))
    assert record["dates"]["injury"] != "2016-10-20"  # not the first of two dates, silently
    assert any("Date of Injury" in w for w in record["warnings"])


def test_a_header_table_set_all_in_bold_is_read_by_its_labels_colons() -> None:
    # Only the colons tell a label from its value; "UR Denial Date:" is nearer its value
    # than the gap that parts cells, and was read with it as one cell.
    data = fx.real_pdf(
        fx.REAL_HEADER, fx.real_letter([("Urine drug screen:", "Upheld")]), "Helvetica-Bold"
    )
    record = records(data)[0]
    assert record["warnings"] == []
    assert record["case_number"] == "CM16-0241234" and record["priority"] == "Standard"
    assert record["dates"] == {
        "assigned": "2016-12-12",
        "injury": "2015-03-14",
        "decision": "2017-01-10",
        "ur_denial": "2016-11-28",
        "application_received": "2016-12-05",
    }


def test_a_bold_faked_by_drawing_each_character_twice_reads_as_once() -> None:
    # Some producers have no bold font: they draw the regular one twice, a hair apart. Read
    # as drawn, every heading and label doubled its letters ("HHOOWW TTHHEE").
    items = [("Norco 10/325mg #60:", "Upheld"), ("Urine drug screen:", "Overturned")]
    plain = records(fx.real_pdf(fx.REAL_HEADER, fx.real_letter(items)))[0]
    faked = records(fx.real_pdf(fx.REAL_HEADER, fx.real_letter(items), overprint_bold=True))[0]
    assert [d["item"] for d in faked["determinations"]] == [
        "Norco 10/325mg #60",
        "Urine drug screen",
    ]
    assert {**faked, "source": None} == {**plain, "source": None}


@pytest.mark.parametrize("drop", [-2.9, 5.0])
def test_a_header_value_set_higher_or_lower_than_its_label_is_paired_with_it(
    drop: float,
) -> None:
    # Raised 2.9 pt, "Date Assigned:"'s value overlaps "Case Number:" too, and had been paired
    # with it (Date Assigned then took the Decision Date's value, silently); set 5 pt lower,
    # a value stands between "Application" and "Received:", which were no longer joined.
    data = fx.real_pdf(fx.REAL_HEADER, fx.real_letter([("Urine drug screen:", "Upheld")]))
    moved = fx.real_pdf(
        fx.REAL_HEADER, fx.real_letter([("Urine drug screen:", "Upheld")]), value_drop=drop
    )
    assert {**records(moved)[0], "source": None} == {**records(data)[0], "source": None}


def test_a_header_value_level_with_two_labels_alike_is_paired_with_neither() -> None:
    # Half a row higher, each value is as level with the label above as with its own.
    data = fx.real_pdf(
        fx.REAL_HEADER, fx.real_letter([("Urine drug screen:", "Upheld")]), value_drop=-6.15
    )
    record = records(data)[0]
    truth = {
        "assigned": "2016-12-12",
        "injury": "2015-03-14",
        "decision": "2017-01-10",
        "ur_denial": "2016-11-28",
        "application_received": "2016-12-05",
    }
    for key, value in record["dates"].items():
        assert value in (None, truth[key]), (key, value)  # never another row's date
    assert record["dates"]["assigned"] is None
    assert any("Date Assigned" in w for w in record["warnings"])


@pytest.mark.parametrize("gap", [0.197, 0.25])
def test_words_drawn_apart_with_no_space_character_are_read_apart(gap: float) -> None:
    # Where a PDF draws no space characters, only the gap parts two words. A Word space after
    # a kerned "f" is 0.197 em wide: read as none, "X-Ray of the" was "X-Ray ofthe", silently.
    items = [("X-Ray of the lumbar spine:", "Upheld"), ("Norco 10/325mg #60:", "Overturned")]
    plain = records(fx.real_pdf(fx.REAL_HEADER, fx.real_letter(items)))[0]
    apart = records(fx.real_pdf(fx.REAL_HEADER, fx.real_letter(items), word_gap=gap))[0]
    assert {**apart, "source": None} == {**plain, "source": None}


def test_an_item_on_a_pages_last_line_after_a_doubled_blank_line_is_kept() -> None:
    # The published letters print no footer: their last line on a page sits in the bottom
    # band, and a blank line typed twice above it sets it as far apart as a footer would be.
    items = [("Norco 10/325mg #60:", "Upheld"), ("MRI of the lumbar spine:", "Overturned")]
    paras = fx.real_letter(items)
    at = next(i for i, p in enumerate(paras) if p[0][0] == "Decision rationale: ")
    text = "The documentation submitted for review did not show functional improvement. " * 60
    # The rationale fills page 2 from its top but for three lines: a blank, another, the item.
    lines = fx.real_lines([("Decision rationale: ", True), (text, False)])[:44]
    paras[at] = [(fx.PAGE_END, False), *((f"{w} ", b) for line in lines for w, b in line)]
    paras.insert(at + 1, [])
    record = records(fx.real_pdf(fx.REAL_HEADER, paras))[0]
    assert [(d["item"], d["outcome"]) for d in record["determinations"]] == [
        ("Norco 10/325mg #60", "upheld"),
        ("MRI of the lumbar spine", "overturned"),
    ]
    assert record["outcome"] == "mixed"


def test_an_items_first_word_alone_at_a_pages_foot_is_no_section_heading() -> None:
    # "TENS", bold and in capitals, alone on a page's last line, is set as a heading: it ended
    # the decisions section, and every item after it was lost without a warning.
    items = [
        ("Urine drug screen:", "Overturned"),
        (f"TENS{END} unit, 30 day trial:", "Upheld"),
        ("Omeprazole 20mg:", "Upheld"),
    ]
    record = records(fx.real_pdf(fx.REAL_HEADER, fx.real_letter(items)))[0]
    assert record["source"]["pages"] >= 2
    assert [(d["item"], d["outcome"]) for d in record["determinations"]] == [
        ("Urine drug screen", "overturned"),
        ("TENS unit, 30 day trial", "upheld"),
        ("Omeprazole 20mg", "upheld"),
    ]
    # No warning: the page break after "TENS" ends no sentence, and so may follow a rationale
    # ending without a stop; but the heading opens in bold after the plain rationale (a block
    # set apart), so it starts there, whatever breaks fall inside it. (Before that was read,
    # the item was warned of, as its rationale does not name it whole.)
    assert record["warnings"] == []


def test_two_real_letters_merged_into_one_pdf_give_the_first_and_say_so() -> None:
    import pypdfium2 as pdfium

    real = Path(__file__).parent / "real" / "pdf"
    merged = pdfium.PdfDocument(real / "CM16-0229336.pdf")
    merged.import_pages(pdfium.PdfDocument(real / "CM16-0233904.pdf"))
    out = io.BytesIO()
    merged.save(out)
    got = records(out.getvalue())[0]
    want = to_dict(imrparse.parse(real / "CM16-0229336.pdf"))
    assert {k: v for k, v in got.items() if k not in ("source", "warnings")} == {
        k: v for k, v in want.items() if k not in ("source", "warnings")
    }
    assert got["warnings"] == [
        "the file holds another letter after this one (CM16-0233904): only the first was read",
        *want["warnings"],
    ]


@pytest.mark.parametrize(
    "ending",
    ['the request is "Not recommended"', "Not recommended", "(Aker, 1996) (Vas, 2006)"],
)
def test_a_rationale_ending_without_a_stop_before_a_bold_heading_is_not_its_name(
    ending: str,
) -> None:
    # Text alone cannot tell a rationale's unstopped last line from an item name's first part
    # (a name wraps across pages): the item was warned of, its name holding the rationale's
    # end. The PDF sets the name in bold after the rationale's plain text, and the layout
    # hands that over (Block.set_apart): generated letters with 10% of rationales ending so
    # read 124 of 150 right before, 150 after; with 30%, 73 and 150.
    items = [("Norco 10/325mg #60:", "Upheld"), ("MRI of the lumbar spine:", "Overturned")]
    rationales = [
        f"The documentation does not show functional improvement. Per ODG, {ending}",
        "The documentation does not show functional improvement.",
    ]
    record = records(fx.real_pdf(fx.REAL_HEADER, fx.real_letter(items, rationales)))[0]
    assert [(d["item"], d["outcome"]) for d in record["determinations"]] == [
        ("Norco 10/325mg #60", "upheld"),
        ("MRI of the lumbar spine", "overturned"),
    ]
    assert record["determinations"][0]["rationale"].endswith(ending)
    assert record["warnings"] == []
