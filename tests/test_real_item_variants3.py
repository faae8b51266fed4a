"""The real letters' item headings, named as other letters of the same era name them (round 5).

Each test changes a real text where its anchor occurs and changes the expected facts to match.
The names come from generated letters in the published layout whose items were named as
utilization-review requests are ("8 sessions of physical therapy ...", "Retrospective: ...",
"Norco 10/325 mg q.6h."), where a wrong record showed up.
"""

from __future__ import annotations

import copy
import re

import pytest

from .real_facts import compare, facts, facts_with_item, varied_records

_CASE = "CM16-0247624"  # two items: "CT scan of head: Upheld", "Naproxen 550mg #60: Overturned"
_SECOND = "Naproxen 550mg #60: Overturned"


@pytest.mark.parametrize("name", ["Pre-operative chest x-ray", "Post-op physical therapy x 6"])
def test_a_rationale_naming_the_item_with_a_space_after_a_wrapped_hyphen_leaves_the_name(
    name: str,
) -> None:
    # pymupdf4llm joins a paragraph's lines with a space, a line ending in a hyphen too: the
    # rationale's "chest x- ray" where the line broke. The heading's "x-ray" was respelled so,
    # silently: a name is respelled only with what the extractor lost, never a space added.
    want = facts_with_item(_CASE, name)
    anchor = r"Naprosyn\s+550\s+mg\s+#60\s+is\s+medically"
    split = name.replace("-", "- ", 1)

    def change(text: str) -> str:
        text = text.replace("Naproxen 550mg #60:", f"{name}:")
        return re.sub(anchor, f"{split} is medically", text)

    for tool, record in varied_records(_CASE, anchor, change):
        assert compare(record, want) == {}, tool


def test_a_glued_name_is_respelled_as_its_rationale_names_it_in_lower_case() -> None:
    # PyMuPDF's sorted text glued two words of a name at a page break ("Cyclobenzaprine7.5mg");
    # the rationale names the item mid-sentence, its first letter lower-case ("Therefore, the
    # retrospective request for ..."), and was not read for the spelling: the glued name
    # stayed, silently.
    name = "Retrospective request for Cyclobenzaprine 7.5mg #60"
    want = facts_with_item(_CASE, name)
    anchor = r"Naprosyn\s+550\s+mg\s+#60\s+is\s+medically"

    def change(text: str) -> str:
        text = text.replace("Naproxen 550mg #60:", name.replace(" 7.5", "7.5") + ":")
        return re.sub(anchor, f"r{name[1:]} is medically", text)

    for tool, record in varied_records(_CASE, anchor, change):
        assert compare(record, want) == {}, tool


@pytest.mark.parametrize(
    ("case", "anchor"),
    [
        ("CM16-0233904", r"(Baclofen 100mg #30 was the original request\.)\s+(Baclofen)"),
        ("CM16-0233904", r"(#27 was authorized by the\s+Claims Administrator\.)\s+(The remaining)"),
        ("CM16-0229336", r"(was the original request\.)\s+(The Claims Administrator authorized)"),
        (
            "CM16-0229336",
            r"(leaving the original\s+request IMR eligible\.)\s+(The original request)",
        ),
    ],
)
@pytest.mark.parametrize("gap", ["\n\n", "\n\n\f\n"])
def test_a_page_break_between_a_partial_authorisations_sentences_keeps_the_heading_whole(
    case: str, anchor: str, gap: str
) -> None:
    # A page break (or an extractor's blank line) after one of the heading's sentences once
    # started a new paragraph there: the heading lost its opening sentences, the item was
    # named "The remaining IMR eligible portion of ..." and both other names left empty.
    for tool, record in varied_records(case, anchor, lambda t: re.sub(anchor, rf"\1{gap}\2", t)):
        assert compare(record, facts(case)) == {}, tool
        assert record["warnings"] == [], tool


@pytest.mark.parametrize(
    "name",
    [
        "Pre-op labs (CBC, BMP, PT/PTT, etc.)\nand EKG",
        "Home health aide (bathing, dressing, etc.)\n4 hours a day",
        "Lyrica 75 mg (b.i.d.)\n#60 with 2 refills",
        "Norco 10/325 mg (q.6h.)\nPRN pain #90",
    ],
)
def test_a_name_wrapped_after_an_abbreviation_in_brackets_keeps_its_first_line(name: str) -> None:
    # A line ending in "etc.)" or "(b.i.d.)" read as a sentence's end: the name's first line
    # went to the item before's rationale, silently, and the item kept only its last line.
    want = facts_with_item(_CASE, name)
    for tool, record in varied_records(
        _CASE, re.escape(_SECOND), lambda t: t.replace(_SECOND, f"{name}: Overturned")
    ):
        if tool == "md":
            continue  # pymupdf4llm joins a paragraph's lines: no wrap to vary
        assert compare(record, want) == {}, tool
        assert record["warnings"] == [], tool


@pytest.mark.parametrize(
    "name",
    [
        "Consultation with Dr.\fPatel",
        "Omeprazole 20 mg.\f#60 with 2 refills",
        "Pre-op labs (CBC, BMP, PT/PTT, etc.)\fand EKG",
        # A name's first part ending in a colon, alone at a page's foot: md and
        # plumberlayout in generated letters (pymupdf4llm even made it a "#" heading).
        "Associated surgical service:\fCold therapy unit, 7 day rental",
        "Retrospective request for compounded topical cream:\fFlurbiprofen 20%/Lidocaine 5%",
    ],
)
@pytest.mark.parametrize("gap", ["\n\n\f\n", "\n\n\n\n\n\n"])
def test_a_page_break_inside_a_wrapped_name_keeps_its_first_line(name: str, gap: str) -> None:
    # The page break after the name's first line read as a paragraph break: the first line
    # went to the item before's rationale, silently, and the item kept only its last line.
    want = facts_with_item(_CASE, name)
    broken = name.replace("\f", gap)
    for tool, record in varied_records(
        _CASE, re.escape(_SECOND), lambda t: t.replace(_SECOND, f"{broken}: Overturned")
    ):
        assert compare(record, want) == {}, tool
        assert record["warnings"] == [], tool


def test_a_partial_authorisations_is_glued_onto_its_item() -> None:
    # PyMuPDF's sorted text may drop the space before "is:" ("... the original request,
    # Cyclobenzaprine 7.5mg #27is: Upheld"): the item kept "is", silently.
    for tool, record in varied_records(
        "CM16-0234464", "#27 is:", lambda t: t.replace("#27 is:", "#27is:")
    ):
        assert compare(record, facts("CM16-0234464")) == {}, tool


@pytest.mark.parametrize(
    ("case", "written", "glued", "why"),
    [
        # A word glued onto a count ("Acupuncture 6sessions"): "sessions" stands alone
        # elsewhere in the section.
        (
            "CM16-0248698",
            "Acupuncture 6 sessions",
            "Acupuncture 6sessions",
            "'6sessions' reads as a word and a count glued together",
        ),
        # Two words glued that the heading's other name spells apart ("Baclofen 100mg #30").
        (
            "CM16-0233904",
            "Baclofen 100mg #27",
            "Baclofen100mg #27",
            "'Baclofen100mg' reads as 'Baclofen 100mg' glued together",
        ),
    ],
)
def test_words_glued_in_a_partial_name_are_never_silent(
    case: str, written: str, glued: str, why: str
) -> None:
    # PyMuPDF's sorted text glues the words a page break parts: the authorised amount was read
    # with them glued, silently. The name is misread: left empty, and said.
    want = copy.deepcopy(facts(case))
    for d in want["determinations"]:
        if d["authorized"] == written:
            d["authorized"] = None
    anchor = f"{written} was authorized"
    for tool, record in varied_records(
        case, anchor, lambda t: t.replace(anchor, f"{glued} was authorized")
    ):
        assert compare(record, want) == {}, tool
        assert f"authorized {glued!r}: {why}; authorized left empty" in record["warnings"], tool


@pytest.mark.parametrize(
    "name", ["Butrans 10mcg/hr patch #4", "Botox 100units", "Norco10/325mg #60"]
)
def test_a_unit_or_a_brand_run_onto_its_number_is_no_glued_word(name: str) -> None:
    # The generated letters' "Butrans 10mcg/hr" was warned of as glued ("mcg" stands alone in
    # its rationale): a unit written onto its number is the letter's spelling.
    want = facts_with_item(_CASE, name)
    for tool, record in varied_records(
        _CASE,
        re.escape(_SECOND),
        lambda t: t.replace(_SECOND, f"{name}: Overturned").replace(
            "is not medically necessary", "(Norco 10 mcg units) is not medically necessary"
        ),
    ):
        assert compare(record, want) == {}, tool
        assert not [w for w in record["warnings"] if "glued" in w], tool


# A partial authorisation's heading as a longer request name wraps it: its opening sentence
# broken inside "was the original" / "request.", and a line ending at the sentence before the
# part decided. Both wordings of the letters.
_PARTIAL_WRAPS = {
    "authorized by": (
        r"was\s+the\s+original\s+request\.\s+(.{1,200}?)\s+was\s+authorized\s+by\s+the\s+Claims"
        r"\s+Administrator\.\s+The\s+remaining",
        "was the original\nrequest. \\1 was authorized by the Claims Administrator.\nThe remaining",
    ),
    "leaving": (
        r"was\s+the\s+original\s+request\.\s+The\s+Claims\s+Administrator\s+authorized\s+"
        r"(.{1,200}?),\s+leaving\s+the\s+original\s+request\s+IMR\s+eligible\.\s+The\s+original",
        "was the original\nrequest. The Claims Administrator authorized \\1, leaving the original "
        "request IMR eligible.\nThe original",
    ),
}


@pytest.mark.parametrize(
    ("case", "wording"),
    [
        ("CM16-0233904", "authorized by"),
        ("CM16-0234464", "authorized by"),
        ("CM16-0239190", "authorized by"),
        ("CM16-0248698", "authorized by"),
        ("CM17-0002198", "authorized by"),
        ("CM17-0007300", "leaving"),
    ],
)
def test_a_partial_heading_whose_opening_sentence_wraps_is_read_whole(
    case: str, wording: str
) -> None:
    # The heading's start was sought back for a line holding "was the original request"
    # whole: wrapped inside it, none did, and the heading began after "... Administrator.":
    # the part decided read as the item, with "original request, ..." in its name, and the
    # original request and the part authorised left empty (warned).
    anchor, wrapped = _PARTIAL_WRAPS[wording]
    for tool, record in varied_records(
        case, anchor, lambda t: re.sub(anchor, wrapped, t, flags=re.S)
    ):
        assert compare(record, facts(case)) == {}, tool


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Associated surgical service:Naproxen 550mg #60", "'service:Naproxen' reads as two"),
        ("Naproxen 550mg #60,Omeprazole 20mg", "'#60,Omeprazole' reads as two words glued"),
        ("Naproxen 550mg for30 days", "'for30' reads as a word and a count glued"),
        # Round 10: after a per cent sign or a closing bracket; a spinal level onto a word.
        ("Flurbiprofen 20%,Naproxen 2% cream", "'20%,Naproxen' reads as two words glued"),
        (
            "Epidural steroid injection L5-S1transforaminal",
            "'L5-S1transforaminal' reads as a spinal level and a word glued",
        ),
        ("Nerve conduction velocity (NCV)study", "'(NCV)study' reads as two words glued at ')'"),
        # Fifteenth session: a count onto a small word no name's word ends in.
        ("Naproxen 550mg #60under supervision", "'60under' reads as a word and a count glued"),
        ("Naproxen 550mg #60 with 2refills", "'2refills' reads as a word and a count glued"),
        ("Naproxen 550mg QTY60", "'QTY60' reads as a quantity's label and count glued"),
        ("Epidural steroid injection L4-L5 and L5-S1 transforaminal", None),
        ("Flurbiprofen 20%, Naproxen 2% cream", None),
        # Typed so: spinal levels, a label's value, a number. No sign of a glue.
        ("Transforaminal epidural steroid injection L4-5,L5-S1", None),
        ("Retrospective request DOS:10/12/2016 Naproxen 550mg #60", None),
        ("Naproxen 550mg #1,000", None),
    ],
)
def test_a_name_glued_at_a_line_break_nothing_else_spells_is_warned_of(
    name: str, said: str | None
) -> None:
    # PyMuPDF's sorted text glues the words a line break parts: after a colon or a comma
    # ("Associated surgical service:Functional capacity evaluation"), or a short word onto a
    # count ("rental for30 days"; four letters were needed). Where nothing else in the letter
    # spells the name (this rationale says "Naprosyn"), it stood, silently. It is kept (every
    # item has a name), and said.
    want = facts_with_item(_CASE, name)
    for tool, record in varied_records(
        _CASE, re.escape(_SECOND), lambda t: t.replace("Naproxen 550mg #60:", f"{name}:")
    ):
        assert compare(record, want) == {}, tool
        glued = [w for w in record["warnings"] if "glued" in w]
        assert any(said in w for w in glued) if said else not glued, (tool, glued)


def test_a_partial_authorisation_name_glued_at_a_colon_is_left_empty() -> None:
    case = "CM16-0239190"  # "Occupational therapy for three sessions was authorized ..."
    anchor = r"Occupational\s+therapy\s+for\s+three\s+sessions\s+was\s+authorized"
    want = copy.deepcopy(facts(case))
    want["determinations"][0]["authorized"] = None

    def change(text: str) -> str:
        return re.sub(
            anchor, "Retrospective:Occupational therapy for three sessions was authorized", text
        )

    for tool, record in varied_records(case, anchor, change):
        assert compare(record, want) == {}, tool
        assert any(w.startswith("authorized 'Retrospective:Occ") for w in record["warnings"]), tool


def test_a_unit_spaced_from_its_number_in_one_name_only_is_no_glued_word() -> None:
    # Round 9, from generated letters: a heading whose original request spaces the unit
    # ("Baclofen 100 mg #30") and whose authorised amount does not ("Baclofen 100mg #27"):
    # the typist's two spellings, not words an extractor glued. The authorised amount was
    # left empty, warned of as "'100mg' reads as '100 mg' glued together".
    spaced = "Baclofen 100 mg #30"
    want = copy.deepcopy(facts("CM16-0233904"))
    want["determinations"][0]["original_request"] = spaced
    anchor = "Baclofen 100mg #30 was the original request"
    for tool, record in varied_records(
        "CM16-0233904",
        re.escape(anchor),
        lambda t: t.replace(anchor, f"{spaced} was the original request"),
    ):
        assert compare(record, want) == {}, tool
        assert not [w for w in record["warnings"] if "glued" in w], tool


def test_a_partial_authorisations_is_glued_onto_a_word_ending_its_item() -> None:
    # Round 9, from generated letters: PyMuPDF's sorted text may glue "is" onto the item's
    # last word ("... the original request, Acupuncture 12 sessionsis: Upheld"). No space
    # after a letter parts it in the heading ("bursitis"), but the rationale's "Acupuncture 12
    # sessions is not medically necessary" did: the item read "... sessions is", silently.
    for tool, record in varied_records(
        "CM16-0248698",
        "Acupuncture 12 sessions is:",
        lambda t: t.replace("Acupuncture 12 sessions is:", "Acupuncture 12 sessionsis:"),
    ):
        assert compare(record, facts("CM16-0248698")) == {}, tool
