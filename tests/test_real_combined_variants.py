"""The real letters with two or more of the earlier rounds' variants at once.

Each earlier round varied one thing in the real texts (the layout, a heading, an item's name, the
patient's words, a header cell, the credentials). A letter of the same era can differ from ours
in several of them together; each test here applies such a combination where its anchors occur,
with the expected facts changed to match, and found a wrong fact before its fix.
"""

from __future__ import annotations

import pytest

from imrparse.grammar.clean import Line
from imrparse.grammar.sections import split_sections

from . import test_real_reviewer_variants as reviewers
from . import test_real_section_variants as sections
from . import test_real_variants as layout
from .real_facts import compare, facts, facts_with_item, inputs, record_of

TEXTS = [(c, t, p) for c, t, p in inputs() if t != "pdf"]


@pytest.mark.parametrize("key", list(sections._HEADINGS))
@pytest.mark.parametrize("joint", [" ", ": "])
def test_a_heading_in_title_case_followed_at_once_by_its_text(key: str, joint: str) -> None:
    # "Clinical Case Summary The expert reviewer developed ...": a heading ran on only in
    # capitals, so a title-case one was no heading; its section was missing (warned of), the
    # patient and the credentials were lost, and the specialties took the heading's words.
    run_on = sections._run_on(key, joint)
    title_case = layout.VARIANTS["title-case headings"]
    changed = 0
    for case, tool, path in TEXTS:
        out = run_on(path.read_text(encoding="utf-8"), facts(case))
        if out is None:
            continue
        changed += 1
        record = record_of(title_case(out[0]))
        assert compare(record, out[1]) == {}, (tool, case, record["warnings"])
        assert not any("is missing" in w for w in record["warnings"]), (tool, case)
    assert changed >= 150, changed


@pytest.mark.parametrize(
    ("opening", "split"),
    [
        ("Clinical Case Summary The worker fell.", True),
        ("How the IMR Final Determination Was Made: The file was sent.", True),
        # a sentence that opens with a heading's words is no heading
        ("Clinical case summary of the worker follows.", False),
        ("How the IMR final determination was made is set out below.", False),
    ],
)
def test_a_run_on_heading_is_told_from_a_sentence_by_its_capitals(
    opening: str, split: bool
) -> None:
    lines = [
        Line("HOW THE IMR FINAL DETERMINATION WAS MADE", True, False),
        Line("The file was sent.", True, False),
        Line(opening, True, False),
        Line("IMR ISSUES, DECISIONS AND RATIONALES", True, False),
        Line("MRI: Upheld", True, False),
    ]
    key = "summary" if opening.startswith("Clinical") else "how"
    other = ({"summary", "how"} - {key}).pop()
    if key == "how":
        lines = [Line("CLINICAL CASE SUMMARY", True, False), *lines[1:]]
    parts = split_sections(lines).parts
    assert (key in parts) is split, parts
    assert other in parts


def test_a_specialty_label_naming_none_before_a_sentence_takes_no_sentence() -> None:
    # No specialty, and a sentence after the credentials: the unwrapped section reads
    # "Certification(s)/Specialty: The reviewer has no conflict of interest." The sentence was
    # taken as the one specialty, silently; a sentence was only looked for after an entry.
    after = reviewers.VARIANTS["a sentence after the specialties"]
    none = reviewers.VARIANTS["no specialty"]
    changed = 0
    for case, tool, path in TEXTS:
        first = after(path.read_text(encoding="utf-8"), facts(case))
        second = none(first[0], first[1]) if first else None
        if second is None:
            continue
        changed += 1
        record = record_of(second[0])
        assert compare(record, second[1]) == {}, (tool, case)
        warnings = record["warnings"]
        assert any("'Certification(s)/Specialty:' names none" in w for w in warnings), tool
        assert any("words after the list left out" in w for w in warnings), (tool, case)
    assert changed >= 150, changed


_NAPROXEN = "Naproxen 550mg #60: Overturned"


@pytest.mark.parametrize("page_break", ["\n\n\f", "\n \n \n\f"])  # pdftotext's, pdfminer's
@pytest.mark.parametrize(
    "name",
    [
        "Physical therapy for the\nlumbar spine",
        "Omeprazole 20 mg.\n#60 with two refills",
        "Consultation with Dr.\nSmith",
    ],
)
def test_an_item_name_wrapped_across_a_page_break_keeps_its_first_line(
    name: str, page_break: str
) -> None:
    # A page that ends inside an item's name: pdftotext and pdfminer write a blank line, then
    # the next page's first line after a form feed. The blank line read as a paragraph break:
    # the name's first line went to the rationale before, silently, and the item kept only
    # its last line.
    want = facts_with_item("CM16-0247624", name)
    varied = name.replace("\n", page_break) + ": Overturned"
    changed = 0
    for case, tool, path in TEXTS:
        text = path.read_text(encoding="utf-8")
        if case != "CM16-0247624" or tool == "md" or text.count(_NAPROXEN) != 1:
            continue
        changed += 1
        record = record_of(text.replace(_NAPROXEN, varied))
        assert compare(record, want) == {}, tool
        # The name is kept whole. Where no blank line marks the rationale's end (pypdfium2,
        # pdfplumber, pdftotext, pdf.js, pdf-parse), its short first line is doubted as one a
        # rationale might end with, and said.
        doubt = f"item {want['determinations'][1]['item']!r}: its heading holds a line"
        assert all(w.startswith(doubt) for w in record["warnings"]), tool
    assert changed >= 8, changed
