"""One test per rule of SPEC.md, on the cases it names, through the shared grammar."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import pytest

import imrparse
from imrparse import Block, Document, parse_document
from imrparse.grammar.citations import _CLAUSE, cited_pages, read_citations
from imrparse.grammar.clean import (
    _BEFORE_LABEL,
    _FOOTER_WORDS,
    _PAGE_WORDS,
    Line,
    _ascii_lower,
    _inside,
    _split,
    clean_document,
    clean_line,
    unwrap,
)
from imrparse.grammar.dates import parse_date
from imrparse.grammar.determinations import read_determinations
from imrparse.grammar.header import read_header
from imrparse.grammar.scan import finditer_from, lowered
from imrparse.grammar.states import split_states
from imrparse.grammar.summary import clinical_summary, injury_date, read_patient
from imrparse.parse import choose_format


def letter(*blocks: Block | str) -> imrparse.Letter:
    doc = Document([b if isinstance(b, Block) else Block(b.split("\n")) for b in blocks])
    return parse_document(doc, format="test")


HOW = "HOW THE IMR FINAL DETERMINATION WAS MADE"
SUMMARY = "CLINICAL CASE SUMMARY"
ISSUES = "IMR ISSUES, DECISIONS AND RATIONALES"


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("06/03/2011", "2011-06-03"),
        ("3/15/2012", "2012-03-15"),
        ("2-25-2002", "2002-02-25"),
        ("06/11/10", "2010-06-11"),
        ("02/17/13", "2013-02-17"),
        ("August 12, 2013", "2013-08-12"),
    ],
)
def test_dates_as_letters_write_them(text: str, iso: str) -> None:
    assert parse_date(text) == date.fromisoformat(iso)


def test_two_digit_year_in_the_future_is_last_century() -> None:
    today = date(2026, 11, 22)
    assert parse_date("01/02/26", today=today) == date(2026, 1, 2)
    assert parse_date("12/31/26", today=today) == date(1926, 12, 31)
    assert parse_date("05/05/85", today=today) == date(1985, 5, 5)


@pytest.mark.parametrize("text", ["13/45/2011", "02/30/2014", "", "CM13-0012313", "[REDACTED]"])
def test_not_a_date(text: str) -> None:
    assert parse_date(text) is None


# --- cleaning ----------------------------------------------------------------------------


def test_footer_leaked_mid_sentence_is_removed() -> None:
    line = "a lesion that has been Final Determination Letter for IMR Case Number [REDACTED] [REDACTED] shown to"
    assert " ".join(clean_line(line).split()) == "a lesion that has been shown to"
    assert clean_line("Final Determination Letter for IMR Case Number CM13-0012313") == ""


@pytest.mark.parametrize("line", ["Page 2 of 3", "2/3", " Page 4 ", "\f"])
def test_page_numbers_and_form_feeds_are_furniture(line: str) -> None:
    assert clean_line(line) == ""


def test_page_of_inside_a_sentence_is_removed_but_fractions_in_text_stay() -> None:
    assert " ".join(clean_line("the patient Page 2 of 3 reports").split()) == "the patient reports"
    assert clean_line("pain rated 5/10 today") == "pain rated 5/10 today"


def test_unwrap_joins_hyphen_breaks_without_a_space_and_keeps_spaced_dashes() -> None:
    assert (
        unwrap(["MRI of the lumbar spine on 1- ", "8-14 showed"])
        == "MRI of the lumbar spine on 1-8-14 showed"
    )
    assert unwrap(["Low Back - ", "Lumbar"]) == "Low Back - Lumbar"
    assert unwrap(["neural  compromise.  ", " Imaging"]) == "neural compromise. Imaging"
    assert unwrap(iter(["x 1-", " ", "  8-14 y"])) == "x 1-8-14 y"
    assert unwrap(["a-\nb", "c-d", "e"]) == "a- b c-d e"  # a hyphen inside a line joins nothing


def test_typography_is_folded() -> None:
    assert clean_line("\u201cdoes not\u201d\u00a0think \u2018so\u2019") == "\"does not\" think 'so'"


def test_padding_after_a_words_hyphen_is_closed_in_any_layout() -> None:
    # Layout-mode padding in a hyphenated word, whichever hyphen or padding the text uses.
    assert clean_line("therapy 7-     10 days") == "therapy 7-10 days"
    assert clean_line("therapy 7\u2010\t\t10 days") == "therapy 7-10 days"
    # One space is a word's gap, and a spaced dash is no word's hyphen.
    assert clean_line("Low Back -   Lumbar") == "Low Back -   Lumbar"
    assert clean_line("pre- and post-operative") == "pre- and post-operative"
    doc = Document([Block(["Acupuncture 7-    10 sessions: Upheld"])])
    assert clean_document(doc)[0].text == "Acupuncture 7-10 sessions: Upheld"


def _line_by_line(document: Document) -> list[tuple[str, bool]]:
    """Cleaning as it ran before it went over the joined lines: the reference for the tests."""
    heading, label = _inside(r"\s")
    out: list[tuple[str, bool]] = []
    for block in document.blocks:
        first = True
        for raw in block.lines:
            text = clean_line(raw)
            cuts = [m.start() for m in heading.finditer(text) if text[: m.start()].strip()]
            cuts += [
                m.start()
                for m in label.finditer(text)
                if m.start() and _BEFORE_LABEL.search(text, 0, m.start())
            ]
            parts = _split(text, cuts) if cuts else [text]
            for i, part in enumerate(p for p in parts if p):
                # A block opened by a form feed opens a page, not a paragraph.
                out.append((part, (first and raw[:1] != "\f") or i > 0))
                first = False
    return out


REAL_TEXT = sorted(Path(__file__).parent.glob("real/text/*/*.txt"))


@pytest.mark.parametrize("path", REAL_TEXT, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_cleaning_the_joined_lines_is_cleaning_line_by_line(path: Path) -> None:
    data = path.read_bytes()
    document = choose_format(data).read(data)
    got = [(line.text, line.para_start) for line in clean_document(document)]
    assert got == _line_by_line(document)


@pytest.mark.parametrize(
    "lines",
    [
        # a line holding a newline; lower-casing that changes the length ("\u0130" -> "i\u0307")
        ["Upheld. CLINICAL\nCASE SUMMARY here", "Decision rationale\n: text"],
        [
            "\u0130stanbul. Page 2 of 3 CLINICAL CASE SUMMARY",
            "Final Determination Letter for IMR Case Number CM13-0012313",
            "x. Decision rationale: y",
            "3/4",
        ],
        ["\u201cquoted\u201d Upheld Decision rationale: y\tz", "IMR DECISIONS AND RATIONALES"],
    ],
)
def test_cleaning_falls_back_to_line_by_line_where_the_joined_text_would_differ(
    lines: list[str],
) -> None:
    document = Document([Block(lines)])
    got = [(line.text, line.para_start) for line in clean_document(document)]
    assert got == _line_by_line(document)
    assert len(got) > sum(1 for line in lines if clean_line(line))  # each holds a glued one


def test_the_furniture_words_are_found_in_the_ascii_lowering_where_lower_finds_them() -> None:
    # No non-ASCII character lower-cases to a letter of the words (nor to a space): a match in
    # text.lower() is made of the text's ASCII characters, which _ascii_lower keeps in place.
    letters = set(_FOOTER_WORDS + _PAGE_WORDS)
    for c in map(chr, range(128, sys.maxunicode + 1)):
        assert not letters & set(c.lower()), hex(ord(c))
    for text in [
        "\u0130PAGE 2 of 3",
        "Case\u00a0Number",
        "\u212aase number",
        "x\u00ae case NUMBER",
    ]:
        low = _ascii_lower(text)
        assert len(low) == len(text)
        for word in (_FOOTER_WORDS, _PAGE_WORDS):
            assert (word in low) == (word in text.lower()), (text, word)


@pytest.mark.parametrize(
    "text",
    [
        "Decision based on MTUS. DECISION BASED ON ODG; decision  based\non x",
        "Dec\u0131\u017fion based on x; Decision based on y",  # letters IGNORECASE folds to i, s
        "\u0130 Decision based on x. xDecision based on y",  # lower() lengthens; no word start
        "no clause here",
        "Decision base d on x. Deci sion based o n y. D ecision  based on z",  # spaced out
    ],
)
def test_the_fast_scans_find_what_finditer_finds(text: str) -> None:
    spaced = r"\bD ?e ?c ?i ?s ?i ?o ?n\s+b ?a ?s ?e ?d\s+o ?n\b\s*:?\s*"
    anycase = re.compile(spaced, re.IGNORECASE)
    # The citation clause's scan: a Folded pattern over the lower-cased text.
    spans = [m.span() for m in _CLAUSE.finditer(text, lowered(text))]
    assert spans == [m.span() for m in anycase.finditer(text)]
    # finditer_from, for case-sensitive patterns (the glued-heading search).
    exact = re.compile(r"\bDecision\s+based\s+on\b\s*:?\s*")
    spans = [m.span() for m in finditer_from(exact, text, ("Decision",))]
    assert spans == [m.span() for m in exact.finditer(text)]


# --- header ------------------------------------------------------------------------------


def test_header_pairs_on_one_line_and_one_per_line() -> None:
    h = read_header("Case Number: CM13-0034567 Date Assigned: 09/16/2013 Priority: Expedited")
    assert (h.case_number, h.priority, h.dates["assigned"]) == (
        "CM13-0034567",
        "Expedited",
        date(2013, 9, 16),
    )
    h = read_header("UR Denial Date:\n8/1/2013\nApplication Received: 08/20/2013")
    assert h.dates == {"ur_denial": date(2013, 8, 1), "application_received": date(2013, 8, 20)}


def test_a_letterhead_heading_above_the_header_keeps_the_header() -> None:
    rec = letter(
        Block("MAXIMUS FEDERAL SERVICES, INC.", heading=True),
        "Case Number:\tCM13-0012313\tDate Assigned:\t12/04/2013",
        SUMMARY,
        "A 41-year-old.",
        Block("SOME LATER LAYOUT HEADING", heading=True),
        "Not summary text.",
    )
    assert rec.case_number == "CM13-0012313" and rec.dates.assigned == date(2013, 12, 4)
    assert rec.clinical_summary == "A 41-year-old."  # after a section, it still ends one


def test_header_value_that_is_no_date_warns() -> None:
    h = read_header("Decision Date: soon")
    assert h.dates.get("decision") is None and "not a date" in h.warnings[0]


# --- reviewer ----------------------------------------------------------------------------


def test_reviewer_in_a_sentence_with_misspelled_state() -> None:
    rec = letter(
        HOW,
        "MAXIMUS Federal Services sent the complete case file to a physician reviewer. The\n"
        "physician reviewer is Board Certified in Orthopedic Surgery and is licensed to practice\n"
        "in Conneticuit, California, and Pennsylvania.  He/she has been in active practice.",
    )
    assert rec.reviewer.role == "physician reviewer"
    assert rec.reviewer.specialties == ("Orthopedic Surgery",)
    assert rec.reviewer.licensed_in == ("Connecticut", "California", "Pennsylvania")


def test_reviewer_subspecialty_and_credentials_block() -> None:
    rec = letter(
        HOW,
        "The expert reviewer is Board Certified in Physical Medicine Rehab, has a subspecialty in\n"
        "Interventional spine and is licensed to practice in California. He/she has been...",
    )
    assert rec.reviewer.role == "expert reviewer"
    assert rec.reviewer.specialties == ("Physical Medicine Rehab",)
    assert rec.reviewer.subspecialties == ("Interventional spine",)
    rec = letter(
        HOW,
        "MAXIMUS Federal Services sent the complete case file to an expert reviewer.",
        "The Expert Reviewer has the following credentials:\nState(s) of Licensure: Texas, Illinois\n"
        "Certification(s)/Specialty: Obstetrics and Gynecology, Occupational Medicine",
    )
    assert rec.reviewer.licensed_in == ("Texas", "Illinois")
    assert rec.reviewer.specialties == ("Obstetrics and Gynecology", "Occupational Medicine")


def test_unknown_state_is_a_warning_not_a_guess() -> None:
    assert split_states("Conneticuit, Atlantis") == (["Connecticut"], ["Atlantis"])


def test_a_long_licence_part_is_not_compared_letter_by_letter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The fuzzy comparison costs its length squared (a 100 KB "state" took seconds); no text
    # over twice a state name's length can be close enough to one, so it is never tried.
    def refuse(*_args: object) -> None:
        raise AssertionError("fuzzy matching tried")

    monkeypatch.setattr("imrparse.grammar.states.difflib.SequenceMatcher", refuse)
    assert split_states("Californias " * 5) == ([], ["Californias " * 4 + "Californias"])
    assert split_states("x" * 100_000) == ([], ["x" * 100_000])


# --- summary, patient, injury ------------------------------------------------------------


def test_summary_drops_its_boilerplate_sentence() -> None:
    text = (
        "The expert reviewer developed the following clinical case summary based on a review "
        "of the case file, including all medical records: This is a case."
    )
    assert clinical_summary(text) == "This is a case."
    assert (
        clinical_summary("The expert reviewer developed the following clinical case summary:")
        is None
    )


@pytest.mark.parametrize(
    ("text", "age", "sex"),
    [
        ("This is a 42-year-old male with a date of industrial injury.", 42, "male"),
        ("The patient is a 29 year old male with an injury date.", 29, "male"),
        ("a 48-year-old woman who fell", 48, "female"),
        ("This patient is a 41-year-old who reported an injury", 41, None),
        ("He was seen for pain. His wife drove him.", None, None),  # no pronoun guessing
    ],
)
def test_patient_age_and_sex_from_the_summary_words(
    text: str, age: int | None, sex: str | None
) -> None:
    p = read_patient(text)
    assert (p.age, p.sex) == (age, sex)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        (
            "This is a 42-year-old male with a date of industrial injury 2-25-2002. MRI 1-8-14.",
            "2002-02-25",
        ),
        ("who was injured in a work related accident on 06/11/10.  The mechanism", "2010-06-11"),
        (
            "a 29 year old male with an injury date of 02/17/13.Based on the report dated 11/06/14",
            "2013-02-17",
        ),
        ("This patient is a 41-year-old who reported an injury on 06/03/2011. Notes", "2011-06-03"),
        ("The worker sustained an industrial injury on 3/15/2012 while lifting.", "2012-03-15"),
        ("Date of injury: 01/05/2009.", "2009-01-05"),
    ],
)
def test_injury_date_in_prose(text: str, iso: str) -> None:
    assert injury_date(text) == date.fromisoformat(iso)


@pytest.mark.parametrize(
    "text",
    [
        "An MRI of the lumbar spine on 02/25/13 showed fusion.",
        "The utilization review determination being challenged is dated 11/24/14.",
        "He sustained an injury to the back and had surgery on 04/04/2012.",
        "Since the date of injury. Progress report dated 11/06/14.",
    ],
)
def test_other_dates_are_not_the_injury_date(text: str) -> None:
    assert injury_date(text) is None


# --- citations and pages -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        (
            "MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 305-307 and 202-204",
            [305, 306, 307, 202, 203, 204],
        ),
        (
            "California MTUS ACOEM OMPG (Second Edition, 2004), Chapter 7 Independent Medical Examinations, pg. 127",
            [127],
        ),
        (
            "MTUS Chronic Pain Treatment Guidelines Epidural Steroid Injections Page(s): 46, 47",
            [46, 47],
        ),
        ("(ACOEM), 2nd Edition, (2004) chapter 7, page 127, Consult", [127]),
        (
            "MTUS Low Back Complaints 2004, Section(s): General Approach, Surgical Considerations",
            [],
        ),
        ("ODG Low Back - Lumbar & Thoracic (acute & chronic): Office visits (2015)", []),
        ("Page(s): 305-07", [305, 306, 307]),
        ("Page(s): 1-9000", [1, 9000]),  # no 9,000-page list from a typo
    ],
)
def test_cited_pages(text: str, pages: list[int]) -> None:
    assert cited_pages(text) == pages


def test_citation_clauses_non_mtus_and_statements() -> None:
    text = (
        "The Expert Reviewer did not base their decision on the MTUS. Decision based on MTUS "
        "ACOEM Chapter 12 Low Back Complaints Page(s): 305 and 306. Decision based on Non-MTUS "
        "Citation Official Disability Guidelines (ODG) Low Back Chapter, Fusion (spinal)."
    )
    cites = read_citations(text)
    assert [(c.text, c.mtus, c.pages) for c in cites] == [
        ("MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 305 and 306", True, (305, 306)),
        ("Official Disability Guidelines (ODG) Low Back Chapter, Fusion (spinal)", False, ()),
    ]
    assert (
        read_citations(
            "The Claims Administrator did not cite any medical evidence for its decision."
        )
        == []
    )


def test_a_citation_clause_spaced_out_by_layout_text_is_still_a_clause() -> None:
    # pypdf's layout mode printed "Decision base d on Non-MTUS Citation ...": missed, that
    # clause ran into the MTUS one before it, which then claimed its words as MTUS.
    text = (
        "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): NSAIDs. "
        "Decision base d on Non-    MTUS Citation Official Disability Guidelines (ODG) Pain."
    )
    assert [(c.text, c.mtus) for c in read_citations(text)] == [
        ("MTUS Chronic Pain Medical Treatment 2016, Section(s): NSAIDs", True),
        ("Official Disability Guidelines (ODG) Pain", False),
    ]


# --- determinations ----------------------------------------------------------------------


def test_items_with_colons_and_wrapped_lines() -> None:
    rec = letter(
        ISSUES,
        "The Final Determination was based on decisions for the disputed items/services set forth below:",
        "Associated Surgical Service: Inpatient 1-2 days: Upheld",
        "Claims Administrator guideline: The Claims Administrator did not cite any medical evidence\nfor its decision.",
        "MAXIMUS guideline: Decision based on MTUS ACOEM Page(s): 305.",
        "Decision rationale: Not necessary.",
        "Pre-Op Labs: Complete Blood Count (CBC), Basic Metabolic Panel (BMP), Urinalysis\n(UA): Overturned",
        "Claims Administrator guideline: Decision based on X.",
        "MAXIMUS guideline: Decision based on Y.",
        "Decision rationale: The first paragraph.",
        "A second paragraph of the rationale.",
    )
    assert [(d.item, d.outcome) for d in rec.determinations] == [
        ("Associated Surgical Service: Inpatient 1-2 days", "upheld"),
        (
            "Pre-Op Labs: Complete Blood Count (CBC), Basic Metabolic Panel (BMP), Urinalysis (UA)",
            "overturned",
        ),
    ]
    assert (
        rec.determinations[1].rationale
        == "The first paragraph. A second paragraph of the rationale."
    )
    assert rec.outcome == "mixed"
    assert rec.warnings == (
        f"section {HOW} is missing",
        f"section {SUMMARY} is missing",
        "no case number was found",
        "no decision date was found",
        "no case header was found: Date Assigned, Date of Injury, UR Denial Date, Priority and "
        "Application Received left empty",
    )


def test_a_section_found_with_no_text_says_what_it_leaves_empty() -> None:
    # A layout that set a section's paragraphs as headings of no known name lost them all;
    # its fields were then empty with nothing said.
    rec = letter(
        Block([HOW], heading=True),
        Block(["NOT A SECTION OF ANY LETTER"], heading=True),
        SUMMARY,
        "The patient is a 50 year old male.",
        ISSUES,
        "Urine drug screen: Upheld",
        "Decision rationale: Not necessary.",
    )
    assert rec.reviewer.role is None and rec.patient.age == 50
    assert (
        f"section {HOW} holds no text: reviewer role, specialties and licensed_in left empty"
        in rec.warnings
    )
    assert not any(w.startswith(f"section {SUMMARY}") for w in rec.warnings)


def test_a_long_line_set_as_a_heading_is_prose() -> None:
    # MuPDF's XHTML sets whole paragraphs in <h3>: read as headings of no known name, each
    # ended its section, and the reviewer's credentials were lost.
    credentials = (
        "MAXIMUS Federal Services sent the complete case file to an expert reviewer. The "
        "reviewer is Board Certified in Internal Medicine and is licensed to practice in Ohio."
    )
    rec = letter(
        Block([HOW], heading=True),
        Block([credentials], heading=True),
        SUMMARY,
        "The patient is a 50 year old male.",
        ISSUES,
        "Urine drug screen: Upheld",
        "Decision rationale: Not necessary.",
    )
    assert rec.reviewer.role == "expert reviewer"
    assert rec.reviewer.specialties == ("Internal Medicine",)
    assert rec.reviewer.licensed_in == ("Ohio",)


def test_whitespace_but_the_space_is_unprintable() -> None:
    # determinations._spacing tests a section's non-ASCII lines with str.isprintable only.
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c != " "]
    assert spaces and not any(c.isprintable() for c in spaces)
    assert all(re.fullmatch(r"\s", c) for c in spaces)  # the same characters as re's \s


@pytest.mark.parametrize("space", [" ", "\u3000", "\u2028", "\x85", "\xa0"])
def test_items_in_a_section_with_non_ascii_characters(space: str) -> None:
    # A "®" or a dash leaves the quick path open; other whitespace than spaces at a line's
    # end would hide the outcome from its tests, and takes the other path.
    lines = [
        Line(f"Lidoderm® 5% patch \u2013 #30:{space}Upheld{space}", True, False),
        Line("Claims Administrator guideline: Decision based on A.", True, False),
        Line("MAXIMUS guideline: Decision based on B.", True, False),
        Line("Decision rationale: C, not", True, False),
        Line("medically necessary.", False, False),
    ]
    warnings: list[str] = []
    [d] = read_determinations(lines, warnings)
    assert (d.item, d.outcome, d.rationale) == (
        "Lidoderm® 5% patch \u2013 #30",
        "upheld",
        "C, not medically necessary.",
    )
    assert not warnings


def test_item_after_a_rationale_without_a_paragraph_break() -> None:
    rec = letter(
        ISSUES,
        "Spine consultant w/non MPN :  Upheld",
        "Claims Administrator guideline: None.",
        "MAXIMUS guideline: None.",
        "Decision rationale: Not indicated. The request is\nnot medically necessary.\n"
        "Post-Op Physical Therapy 3x8\nWeeks: Overturned\nClaims Administrator guideline: A.\n"
        "MAXIMUS guideline: B.\nDecision rationale: C.",
    )
    assert [(d.item, d.outcome) for d in rec.determinations] == [
        ("Spine consultant w/non MPN", "upheld"),
        ("Post-Op Physical Therapy 3x8 Weeks", "overturned"),
    ]
    assert (
        rec.determinations[0].rationale == "Not indicated. The request is not medically necessary."
    )
    assert rec.determinations[1].rationale == "C."


def test_item_without_a_readable_outcome_warns_and_invents_nothing() -> None:
    rec = letter(
        ISSUES,
        "Acupuncture x6: Upheld",
        "Claims Administrator guideline: A.",
        "MAXIMUS guideline: B.",
        "Decision rationale: C.",
        "Chiropractic x12:",
        "Claims Administrator guideline: D.",
        "MAXIMUS guideline: E.",
        "Decision rationale: F.",
    )
    assert [(d.item, d.outcome) for d in rec.determinations] == [
        ("Acupuncture x6", "upheld"),
        ("Chiropractic x12", None),
    ]
    assert rec.determinations[0].rationale == "C."
    assert rec.outcome is None
    assert any("Chiropractic x12" in w and "outcome" in w for w in rec.warnings)


def test_item_without_outcome_in_a_layout_without_claims_guideline() -> None:
    # Layouts such as MEDICAL PROFESSIONAL REVIEW give only the reviewer's guideline.
    rec = letter(
        ISSUES,
        "Is the requested acupuncture x6 medically necessary?",
        "MAXIMUS guideline: A.",
        "Decision rationale: B.",
        "Chiropractic x12: Overturned",
        "MAXIMUS guideline: C.",
        "Decision rationale: D.",
        "Massage therapy x4",
        "MAXIMUS guideline: E.",
    )
    assert [(d.item, d.outcome) for d in rec.determinations] == [
        ("Is the requested acupuncture x6 medically necessary?", None),
        ("Chiropractic x12", "overturned"),
        ("Massage therapy x4", None),
    ]
    assert rec.determinations[0].rationale == "B."
    assert rec.outcome is None
    assert any("acupuncture" in w and "outcome" in w for w in rec.warnings)


def test_a_field_no_item_has_is_said_once() -> None:
    rec = letter(
        ISSUES,
        "Acupuncture x6: Upheld",
        "MAXIMUS guideline: Decision based on A.",
        "Decision rationale: B.",
        "Chiropractic x12: Overturned",
        "MAXIMUS guideline: Decision based on C.",
    )
    assert [w for w in rec.warnings if "guideline" in w or "rationale" in w] == [
        "the letter gives no Claims Administrator guideline for any of its 2 items",
        "item 'Chiropractic x12' has no Decision rationale",
    ]


def test_letter_outcome() -> None:
    def outcome(*outcomes: str) -> str | None:
        blocks: list[Block | str] = [ISSUES]
        for i, o in enumerate(outcomes):
            blocks += [f"Item {i}: {o}", "Decision rationale: x."]
        return letter(*blocks).outcome

    assert outcome("Upheld", "Upheld") == "upheld"
    assert outcome("Overturned") == "overturned"
    assert outcome("Upheld", "Overturned") == "mixed"
    assert outcome() is None


def test_text_with_no_section_is_not_a_letter() -> None:
    with pytest.raises(imrparse.NotAnImrLetter):
        letter("Dear Sir,", "Please find enclosed.")


def test_missing_values_are_null_never_empty() -> None:
    rec = letter(SUMMARY, "Nothing about the patient.")
    d = imrparse.to_dict(rec)
    assert d["case_number"] is None and d["patient"] == {"age": None, "sex": None}
    assert d["reviewer"] == {
        "role": None,
        "specialties": [],
        "subspecialties": [],
        "licensed_in": [],
    }


# --- documents reviewed ------------------------------------------------------------------


def test_documents_reviewed_one_entry_per_list_item() -> None:
    rec = letter(
        "DOCUMENTS REVIEWED",
        "1. Utilization review determination dated 06/02/2013\n"
        "2. Progress report dated 05/20/2013 from the treating\nphysician\n"
        "\u2022 MRI of the lumbar spine dated 04/01/2012",
        "Application for Independent Medical Review",
        ISSUES,
    )
    assert rec.documents_reviewed == (
        "Utilization review determination dated 06/02/2013",
        "Progress report dated 05/20/2013 from the treating physician",
        "MRI of the lumbar spine dated 04/01/2012",
        "Application for Independent Medical Review",
    )


def test_a_repeated_guideline_reads_the_same_and_pages_count_each_time() -> None:
    from imrparse.grammar.citations import PageBudget, read_guideline

    budget = PageBudget(left=5)
    plain = "Decision based on MTUS Chronic Pain Medical Treatment Guidelines."
    paged = "Decision based on MTUS ACOEM Chapter 12 Page(s): 305-307."
    assert read_guideline(plain, budget) == read_guideline(plain, budget) == read_guideline(plain)
    first = read_guideline(paged, budget)
    assert first.citations[0].pages == (305, 306, 307)
    assert read_guideline(paged, budget).citations[0].pages == (305, 306)  # 2 pages were left
    assert budget.cut
    assert read_guideline(paged, budget).citations[0].pages == ()
    assert read_guideline(None, budget) == read_guideline("", budget) == read_guideline(None)


def _joined_section(glued: str) -> list[Line]:
    """A decisions section wrapped at about 78 characters, where a page's last line and the
    next page's first were joined with nothing between (PyMuPDF's sorted text), the next line
    a short one: each joined line about 1.3 wraps long. ``glued``: the first join's words.
    """
    rationale = [
        Line(
            "Decision rationale: The documentation submitted did not show an improvement",
            True,
            False,
        ),
        *[
            Line(
                "in function with the treatment carried out to date, as the guidelines require",
                False,
                False,
            )
        ]
        * 12,
        Line("for the continued use of it. The request is not medically necessary.", False, False),
    ]
    guidelines = [
        Line("Claims Administrator guideline: Decision based on MTUS.", True, False),
        Line("MAXIMUS guideline: Decision based on MTUS.", True, False),
    ]
    return [
        Line(
            "Percocet 10/325 mg #90 was the original request. Norco 5mg #30 was authorized",
            True,
            False,
        ),
        Line(
            "by the Claims Administrator. The remaining IMR eligible portion of the original",
            False,
            False,
        ),
        Line(
            "request, Physical therapy 2 times a week for 4 weeks to the lumbar spine and "
            f"{glued} shoulder is: Upheld",
            False,
            False,
        ),
        *guidelines,
        *rationale,
        Line(
            "Additional physical therapy for the right shoulder and lumbar spine, Percocet "
            "10/325mg #60 with a sling: Upheld",
            True,
            False,
        ),
        *guidelines,
        *rationale,
    ]


@pytest.mark.parametrize(
    ("glued", "warned"),
    [
        ("forthe right", "'forthe' reads as 'for the'"),
        ("for the right", None),
        # A word of two words ("with", "out": both in the section) is a word, not a glue.
        ("without the right", None),
        # Round 10: a capitalised word of the section onto a capital; a brand's capital
        # ("LidoPro": no word of the section before it), a plural's "(s)", a word ending in
        # "of" after an "o" are typed so.
        ("LumbarTraction right", "'LumbarTraction' reads as 'Lumbar Traction'"),
        ("LidoPro right", None),
        ("injection(s) right", None),
        ("waterproof right", None),
    ],
)
def test_a_join_holding_a_short_next_line_is_searched_for_glued_words(
    glued: str, warned: str | None
) -> None:
    # The joined line is about 1.25 wraps long, not twice ("... guidance forthe right shoulder:
    # Overturned"): 1.4 wraps were needed before, and the glue stood silently. A unit written
    # onto its number ("10/325mg", also "10/325 mg" in the section) is no glue.
    warnings: list[str] = []
    assert glued != "without the right" or " out " in " ".join(
        line.text for line in _joined_section(glued)
    )
    read = read_determinations(_joined_section(glued), warnings)
    assert read[1].item.endswith("Percocet 10/325mg #60 with a sling")
    said = [w for w in warnings if "glued" in w]
    assert said == ([] if warned is None else [said[0]])
    assert warned is None or warned in said[0]


def _unstopped_before_a_short_rationale(second_rationale: str) -> imrparse.Letter:
    """Two items, as pdftotext prints them (no blank lines): the first rationale two lines
    long and ending without a stop on a short line of its own, then the next heading."""
    return letter(
        ISSUES,
        "The Final Determination was based on decisions for the disputed items/services set forth below:",
        "Urine drug screen #60: Upheld\n"
        "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment\n"
        "2016, Section(s): Opioids.\n"
        "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016,\n"
        "Section(s): Opioids.\n"
        "Decision rationale: The documentation submitted for review did not show functional\n"
        "improvement. The request for Urine drug screen #60 is not medically necessary.\n"
        "Not recommended\n"
        "Associated surgical service: Acupuncture treatments QTY 1.00: Overturned\n"
        "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment\n"
        "2016, Section(s): Opioids.\n"
        "MAXIMUS guideline: Decision based on MTUS Acupuncture Medical Treatment Guidelines.\n"
        f"Decision rationale: {second_rationale}",
    )


def test_a_short_unstopped_line_after_a_short_rationale_is_doubted() -> None:
    # Seed 151 (generated letters, pdftotext and pdfplumber): the rationale had only two lines
    # before its unstopped "Not recommended", too few to tell a short line by, and the next
    # item read "Not recommended Associated surgical service: ...", silently. A unit that
    # short is measured against the section's lines.
    rec = _unstopped_before_a_short_rationale("The guidelines support it here. It is necessary.")
    item = "Not recommended Associated surgical service: Acupuncture treatments QTY 1.00"
    assert rec.determinations[1].item == item
    assert any(w.startswith(f"item {item!r}: its heading holds a line") for w in rec.warnings)


def test_a_short_unstopped_line_goes_back_to_its_rationale_where_the_next_names_its_request() -> (
    None
):
    rec = _unstopped_before_a_short_rationale(
        "The request for Associated surgical service: Acupuncture treatments QTY 1.00 is\n"
        "medically necessary."
    )
    first, second = rec.determinations
    assert second.item == "Associated surgical service: Acupuncture treatments QTY 1.00"
    assert first.rationale is not None and first.rationale.endswith("necessary. Not recommended")
    assert not any("heading holds" in w for w in rec.warnings), rec.warnings
