"""The rules real letters need, each on a small case: header shapes and checks, partial
authorisations, outcomes on their own line, what reordering extractors glue together."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import imrparse
from imrparse import Block, Document, HeaderField
from imrparse.grammar.dates import parse_date
from imrparse.grammar.header import read_header
from imrparse.parse import parse_document

REAL = Path(__file__).resolve().parent / "real" / "text"
# A real letter as pypdf gives it: one item (Diazepam 5mg #10: Upheld), no partial.
PYPDF = (REAL / "pypdf" / "CM16-0240524.txt").read_text(encoding="utf-8")
BODY = PYPDF[PYPDF.index("HOW THE IMR FINAL") :]
DATES = {
    "assigned": date(2016, 12, 19),
    "injury": date(2016, 11, 14),
    "decision": date(2017, 1, 17),
    "ur_denial": date(2016, 12, 1),
    "application_received": date(2016, 12, 14),
}


def parse_text(text: str) -> imrparse.Letter:
    return imrparse.parse(text.encode("utf-8"))


# -- the header --------------------------------------------------------------------------

COLUMNS = (
    "Case Number:\nDate Assigned:\nDecision Date:\nPriority:\n\n"
    "CM16-0240524\n12/19/2016\n01/17/2017\nStandard\n\n"
    "Date of Injury:\nUR Denial Date:\nApplication\nReceived:\n\n"
    "11/14/2016\n12/01/2016\n12/14/2016\n\n"
)
SIDE_BY_SIDE = (
    "Case Number: CM16-0240524\n"
    "Date Assigned: 12/19/2016 Date of Injury: 11/14/2016\n"
    "Decision Date: 01/17/2017 UR Denial Date: 12/01/2016\n"
    "Priority: Standard Application 12/14/2016\nReceived:\n"
)


@pytest.mark.parametrize(
    "text",
    [COLUMNS, SIDE_BY_SIDE, PYPDF[: PYPDF.index("HOW")]],
    ids=["column-by-column", "wrapped-label-around-value", "pypdf"],
)
def test_header_values_pair_with_their_labels_in_any_shape(text: str) -> None:
    header = read_header(" ".join(text.split()))
    assert (header.case_number, header.priority) == ("CM16-0240524", "Standard")
    assert header.dates == DATES
    assert header.warnings == []


def test_header_cells_from_a_layout_are_read_through_the_vocabulary() -> None:
    cells = [
        HeaderField("Case Number:", "CM16-0240524"),
        HeaderField("Priority", "Expedited"),
        HeaderField("Application Received:", "12/14/2016"),
    ]
    header = read_header("", cells)
    assert (header.case_number, header.priority) == ("CM16-0240524", "Expedited")
    assert header.dates == {"application_received": date(2016, 12, 14)}


def test_a_redacted_header_value_is_null_without_shifting_the_others() -> None:
    header = read_header(
        "Case Number: CM16-0240524 Date Assigned: 12/19/2016 Date of Injury: [REDACTED] "
        "Decision Date: 01/17/2017"
    )
    assert header.dates == {"assigned": date(2016, 12, 19), "decision": date(2017, 1, 17)}
    assert header.warnings == []


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Case Number: CM16-02405", "Case Number"),
        ("Case Number: XX16-0240524 Priority: Standard", "Case Number"),
        ("Priority: Urgent", "Priority"),
        ("Decision Date: 13/45/2017", "Decision Date"),
        ("Decision Date: 01/17/2087", "Decision Date"),
        ("Date Assigned: 12/19/2016 Decision Date: 01/17/2015", "Decision Date"),
    ],
    ids=["short-case-number", "not-CM", "priority-word", "no-date", "future", "out-of-order"],
)
def test_a_header_value_that_fails_its_check_is_null_and_named(text: str, field: str) -> None:
    header = read_header(text)
    assert header.case_number is None or field != "Case Number"
    assert header.priority is None or field != "Priority"
    assert field != "Decision Date" or "decision" not in header.dates
    assert any(w.startswith(f"header {field}:") for w in header.warnings), header.warnings


def test_out_of_order_dates_keep_the_longest_consistent_run() -> None:
    # A UR denial after the decision: one date is wrong, and only it is dropped.
    header = read_header(
        "Date of Injury: 11/14/2016 UR Denial Date: 12/01/2018 Date Assigned: 12/19/2016 "
        "Decision Date: 01/17/2017"
    )
    assert "ur_denial" not in header.dates and len(header.dates) == 3
    assert [w for w in header.warnings if "UR Denial Date" in w]


def test_two_digit_years_resolve_against_the_decision_date() -> None:
    assert parse_date("12/31/20", today=date(2014, 1, 1)) == date(1920, 12, 31)
    assert parse_date("12/31/13", today=date(2014, 1, 1)) == date(2013, 12, 31)
    header = read_header("Date of Injury: 12/31/14 Decision Date: 01/10/2014")
    assert header.dates["injury"] == date(1914, 12, 31)


def test_month_name_dates_are_read_everywhere() -> None:
    assert parse_date("August 12, 2013") == date(2013, 8, 12)
    assert read_header("Date of Injury: August 12, 2013").dates == {"injury": date(2013, 8, 12)}
    summary = "with an industrial injury date of 11-14-2016."
    assert summary in BODY
    text = BODY.replace(
        summary,
        "who sustained an industrial injury on October\n"
        "20, 2016. The MRI of November 2, 2016 was normal.",
    )
    assert parse_text(text).dates.injury == date(2016, 10, 20)


def test_what_every_letter_has_is_always_warned_of_when_missing() -> None:
    letter = parse_text(BODY.replace("Diazepam 5mg #10: Upheld", "Diazepam 5mg #10"))
    assert letter.case_number is None and letter.dates.decision is None
    assert "no case number was found" in letter.warnings
    assert "no decision date was found" in letter.warnings
    assert letter.determinations[0].outcome is None and letter.outcome is None
    assert any("without a readable outcome" in w for w in letter.warnings)


# -- items -------------------------------------------------------------------------------

PARTIAL_1 = (
    "Norco 10/325mg #60 was the original request. Norco 10/325mg #25 was authorized by the\n"
    "Claims Administrator. The remaining IMR eligible portion of the original request,\n"
    "Norco 10/325mg #35 is: Upheld"
)
PARTIAL_2 = (
    "Acupuncture treatments (unspecified quantity) was the original request. The Claims\n"
    "Administrator authorized Acupuncture treatments, 6 sessions, leaving the original\n\n"
    "request IMR eligible. The original request, Acupuncture treatments (unspecified\n"
    "quantity) is: Overturned"
)


@pytest.mark.parametrize(
    ("heading", "item", "original", "authorized"),
    [
        (PARTIAL_1, "Norco 10/325mg #35", "Norco 10/325mg #60", "Norco 10/325mg #25"),
        (
            PARTIAL_2,
            "Acupuncture treatments (unspecified quantity)",
            "Acupuncture treatments (unspecified quantity)",
            "Acupuncture treatments, 6 sessions",
        ),
    ],
    ids=["remaining-portion", "leaving-eligible-with-a-page-break"],
)
def test_partial_authorisations(heading: str, item: str, original: str, authorized: str) -> None:
    letter = parse_text(PYPDF.replace("Diazepam 5mg #10: Upheld", heading))
    d = letter.determinations[0]
    assert (d.item, d.original_request, d.authorized) == (item, original, authorized)
    assert d.outcome == ("upheld" if "Upheld" in heading else "overturned")
    assert letter.warnings == ()


def test_a_partial_authorisation_in_unknown_words_warns_and_keeps_the_letters_words() -> None:
    heading = "Norco #60 was the original request. Part of it was approved, the rest is: Upheld"
    letter = parse_text(PYPDF.replace("Diazepam 5mg #10: Upheld", heading))
    d = letter.determinations[0]
    assert d.original_request is None and d.authorized is None
    assert any("partial authorisation" in w for w in letter.warnings)


@pytest.mark.parametrize("gap", ["\n", "\n\n", "\n \n"], ids=["line", "blank", "blank-of-blanks"])
def test_an_outcome_alone_after_a_long_item_belongs_to_it(gap: str) -> None:
    long = (
        "Additional physical therapy two times four visits (8) for the lumbar and\nbilateral knees:"
    )
    letter = parse_text(PYPDF.replace("Diazepam 5mg #10: Upheld", long + gap + "Upheld"))
    d = letter.determinations[0]
    assert d.item == (
        "Additional physical therapy two times four visits (8) for the lumbar and bilateral knees"
    )
    assert d.outcome == "upheld" and letter.warnings == ()


def test_the_decisions_intro_is_not_part_of_the_first_item() -> None:
    # pdfplumber and pypdfium2 text: no blank line between the intro and the first item.
    text = PYPDF.replace("set forth below: \n", "set forth below:\n")
    assert "below:\nDiazepam" in text
    assert parse_text(text).determinations[0].item == "Diazepam 5mg #10"


def test_lines_glued_by_a_reordering_extractor_are_split() -> None:
    text = re.sub(
        r"Diazepam 5mg #10: Upheld\s+Claims", "Diazepam 5mg #10: UpheldClaims", PYPDF
    ).replace("\nIMR ISSUES, DECISIONS AND RATIONALES", " IMR ISSUES, DECISIONS AND RATIONALES")
    assert "UpheldClaims" in text
    assert "\nIMR ISSUES" not in text and " IMR ISSUES, DECISIONS" in text
    letter = parse_text(text)
    d = letter.determinations[0]
    assert (d.item, d.outcome) == ("Diazepam 5mg #10", "upheld")
    assert d.claims_administrator_guideline.citations


def test_an_item_glued_onto_the_last_sentence_is_split_off() -> None:
    first = "Diazepam 5mg #10: Upheld"
    rationale_end = "is not-medically necessary."
    text = PYPDF.replace(
        rationale_end,
        rationale_end + "Lidocaine ointment 5%: Overturned\n"
        "Claims Administrator guideline: Decision based on MTUS.\n"
        "MAXIMUS guideline: Decision based on MTUS.\n"
        "Decision rationale: It is medically necessary.",
    )
    items = [(d.item, d.outcome) for d in parse_text(text).determinations]
    assert items == [(first.split(":")[0], "upheld"), ("Lidocaine ointment 5%", "overturned")]


def test_pdfium_line_end_hyphen_reads_as_a_hyphen() -> None:
    text = PYPDF.replace("neck pain and stiffness", "neck pain and stiff\ufffeness")
    assert "stiff-ness" in (parse_text(text).determinations[0].rationale or "")


def test_layout_mode_padding_after_a_hyphen_is_closed() -> None:
    layout = (REAL / "pypdflayout" / "CM17-0013320.txt").read_text(encoding="utf-8")
    assert "75-     0.2mg" in layout
    letter = imrparse.parse(layout.encode())
    assert letter.source is not None and letter.source.format == "layout-text"
    assert letter.determinations[0].item == "Diclofenac/misoprostol 75-0.2mg #60 with 2 refills"


def test_a_layout_hands_structure_not_english() -> None:
    # Section, field label and header cells as data: no heading words, no label words.
    doc = Document(
        [
            Block("Anything", heading=True, section="decisions"),
            Block("Norco #60: Upheld"),
            Block("Decision based on MTUS Chronic Pain, page 80.", label="claims"),
            Block("It is not necessary.", label="rationale"),
        ],
        header=[HeaderField("Case Number", "CM16-0240524"), HeaderField("Decision Date", "1/2/17")],
    )
    letter = parse_document(doc, format="test")
    d = letter.determinations[0]
    assert (letter.case_number, letter.dates.decision) == ("CM16-0240524", date(2017, 1, 2))
    assert (d.item, d.outcome, d.rationale) == ("Norco #60", "upheld", "It is not necessary.")
    assert d.claims_administrator_guideline.citations[0].pages == (80,)


def test_markdown_is_read_with_a_markdown_parser() -> None:
    md = (
        "|**Case Number:**|CM16-0240524|||\n|---|---|---|---|\n"
        "|**Decision Date: **|01/17/2017|**Application**<br>**Received:**|12/14/2016|\n\n"
        "# **HOW THE IMR FINAL DETERMINATION WAS MADE**\n\nSent to an expert reviewer.\n\n"
        "# **IMR ISSUES, DECISIONS AND RATIONALES**\n\n"
        "# **Diazepam 5mg #10:** Upheld\n\n"
        "**Claims Administrator guideline:** Decision based on MTUS, page 24.\n\n"
        "**Decision rationale:** Not \\*necessary\\*.\n"
    )
    letter = imrparse.parse(md.encode())
    assert letter.source is not None and letter.source.format == "markdown"
    assert letter.case_number == "CM16-0240524"
    assert letter.dates.application_received == date(2016, 12, 14)
    d = letter.determinations[0]
    assert (d.item, d.outcome, d.rationale) == ("Diazepam 5mg #10", "upheld", "Not *necessary*.")


def test_cited_pages_are_capped_per_letter_and_the_cut_is_said() -> None:
    clause = "Decision based on MTUS Chronic Pain, Page(s): 1-500. "
    text = PYPDF.replace(
        "Claims Administrator guideline: Decision based on MTUS",
        "Claims Administrator guideline: " + clause * 2000 + "Decision based on MTUS",
    )
    letter = parse_text(text)
    pages = [
        p
        for d in letter.determinations
        for g in (d.claims_administrator_guideline, d.maximus_guideline)
        for c in g.citations
        for p in c.pages
    ]
    assert len(pages) == 5000
    assert any("cites more than 5000 pages" in w for w in letter.warnings)


@pytest.mark.parametrize("copies", [20_000, 430_000], ids=["0.8MB", "16MB"])
def test_a_letter_citing_page_ranges_endlessly_stays_small(tmp_path: Path, copies: int) -> None:
    # Red-team finding: 20,000 "Page(s): 1-500" took 1.4 GB RSS (17 MB letter: 6.2 GB).
    clause = "Decision based on MTUS, Page(s): 1-500. "
    letter = tmp_path / "pages.txt"
    letter.write_text(
        PYPDF.replace(
            "Claims Administrator guideline: Decision based on MTUS",
            "Claims Administrator guideline: " + clause * copies + "Decision based on MTUS",
        )
    )
    # VmHWM, not ru_maxrss: Linux carries the parent's ru_maxrss across fork and exec.
    probe = (
        "import re, sys, imrparse\n"
        "imrparse.parse(sys.argv[1], limits=imrparse.Limits(max_bytes=64 * 2**20, timeout=None))\n"
        "status = open('/proc/self/status').read()\n"
        "print(int(re.search(r'VmHWM:\\s+(\\d+)', status)[1]) // 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(letter)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    assert int(done.stdout.split()[-1]) <= 512, done.stdout


def test_an_item_name_that_holds_sentences_is_warned_of() -> None:
    text = PYPDF.replace(
        "Diazepam 5mg #10: Upheld", "The records were reviewed. Diazepam 5mg #10: Upheld"
    )
    letter = parse_text(text)
    assert letter.determinations[0].item == "The records were reviewed. Diazepam 5mg #10"
    assert any("more than an item's name" in w for w in letter.warnings)


def _without_source(letter: imrparse.Letter) -> dict[str, object]:
    record = imrparse.to_dict(letter)
    del record["source"]
    return record


@pytest.mark.parametrize(
    ("tool", "case", "variant"),
    [
        # Ligatures an extractor kept from the font: "Certi\ufb01cation(s)/Specialty".
        ("pypdf", "CM16-0240524", {"fi": "\ufb01", "fl": "\ufb02", "ff": "\ufb00"}),
        # The hyphen as U+2010 or U+2011, in layout text where padding follows one ("7-  10").
        ("pypdflayout", "CM16-0229336", {"-": "\u2010"}),
        ("pypdflayout", "CM17-0013320", {"-": "\u2011"}),
        # Heading marks that Markdown does not take as a heading (no space after them): the
        # "#" left beside the heading once cleaning cuts it off is no word of the letter.
        ("md", "CM17-0009282", {"# **CLINICAL": "#\u00a0**CLINICAL"}),
    ],
)
def test_a_letter_varied_as_extractors_vary_it_gives_its_record(
    tool: str, case: str, variant: dict[str, str]
) -> None:
    text = (REAL / tool / f"{case}.txt").read_text(encoding="utf-8")
    varied = text
    for old, new in variant.items():
        varied = varied.replace(old, new)
    assert varied != text
    assert _without_source(parse_text(varied)) == _without_source(parse_text(text))


def test_padding_after_a_hyphen_is_closed_when_the_header_does_not_show_layout_mode() -> None:
    text = (REAL / "pypdflayout" / "CM17-0013320.txt").read_text(encoding="utf-8")
    head, body = text[:600], text[600:]
    plain_header = re.sub(r" {3,}", " ", head) + body  # the header's columns closed up
    letter = parse_text(plain_header)
    assert letter.source is not None and letter.source.format == "plain-text"
    assert letter.determinations[0].item == "Diclofenac/misoprostol 75-0.2mg #60 with 2 refills"


def test_a_partial_heading_run_into_the_rationale_before_it_is_warned_of() -> None:
    # The rationale's last line and the heading's first, one line: the heading's start is
    # found no more, and its original request would take in the rationale's sentences.
    text = (REAL / "pdfium" / "CM17-0007300.txt").read_text(encoding="utf-8")
    glued = re.sub(r"necessary\.\s*\n(One month supply)", r"necessary. \1", text, count=1)
    assert glued != text
    letter = parse_text(glued)
    assert letter.determinations[1].original_request is None
    assert letter.determinations[1].authorized == "Trezix capsule 320.5/30/16mg #5"
    assert any(
        "more than a request's name" in w and "original_request left empty" in w
        for w in letter.warnings
    ), letter.warnings
    assert not any("more than a request's name" in w for w in parse_text(text).warnings)


def test_a_stray_date_in_the_header_leaves_labelled_values_paired() -> None:
    header = read_header(
        "MAXIMUS FEDERAL SERVICES, INC. September 30, 2013 Case Number: CM13-0004417 "
        "Date of Injury: 03/12/2011 Decision Date: 09/30/2013 Date Assigned: 08/05/2013"
    )
    assert header.dates == {
        "injury": date(2011, 3, 12),
        "decision": date(2013, 9, 30),
        "assigned": date(2013, 8, 5),
    }
    assert header.warnings == []
    header = read_header(
        "Date of Injury: Decision Date: 09/30/2013 Date Assigned: 08/05/2013 01/01/2013"
    )
    assert header.dates["assigned"] == date(2013, 8, 5) and "injury" not in header.dates
    assert any(w.startswith("header Date of Injury:") for w in header.warnings)


def test_a_redacted_header_cell_is_null_without_a_warning() -> None:
    header = read_header(
        "", [HeaderField("Case Number:", "[REDACTED]"), HeaderField("Decision Date:", "01/17/2017")]
    )
    assert header.case_number is None and header.warnings == []
    assert header.dates == {"decision": date(2017, 1, 17)}
