"""Fields -> record: run every grammar rule over a layout's Document and build the Letter."""

from __future__ import annotations

from operator import itemgetter

from .. import vocabulary as vocab
from ..document import Document
from ..errors import NotAnImrLetter
from ..models import Dates, Letter, Source
from .clean import clean_document, unwrap
from .determinations import read_determinations
from .documents import read_documents
from .header import read_header, unlabelled_warnings
from .reviewer import read_reviewer
from .sections import split_sections
from .summary import clinical_summary, injury_date, read_patient

# What every letter has, whose absence is said on its own (below).
_SAID = frozenset(("case_number", "decision"))
_TEXT = itemgetter(0)  # Line.text, by map: no generator's frame


def build_letter(document: Document, source: Source) -> Letter:
    sections = split_sections(clean_document(document))
    if not sections.parts:
        raise NotAnImrLetter(
            "not an IMR letter: none of its section headings were found (a layout imrparse "
            "does not know?)"
        )
    warnings: list[str] = []
    if sections.another is not None:
        warnings.append(
            "the file holds another letter after this one"
            + (f" ({sections.another})" if sections.another else "")
            + ": only the first was read"
        )
    for key in vocab.REQUIRED_SECTIONS:
        if key not in sections.parts:
            warnings.append(f"section {vocab.SECTIONS[key]} is missing")
        elif not any(map(_TEXT, sections.parts[key])):
            # Its heading found, its text not (a layout that set the text as headings).
            warnings.append(
                f"section {vocab.SECTIONS[key]} holds no text: "
                f"{vocab.SECTION_FIELDS[key]} left empty"
            )

    header = read_header(unwrap(map(_TEXT, sections.preamble)), document.header)
    warnings += header.warnings
    summary = clinical_summary(sections.text("summary"))
    dates = dict(header.dates)
    if dates.get("injury") is None:
        dates["injury"] = injury_date(summary, dates.get("decision"), warnings)

    determinations = read_determinations(sections.lines("decisions"), warnings, summary)
    # What every letter has: its absence is always said, whatever else was said.
    if header.case_number is None:
        warnings.append("no case number was found")
    if dates.get("decision") is None:
        warnings.append("no decision date was found")
    if not determinations:
        warnings.append("no disputed item with an outcome was found")
    if header.unlabelled:
        # The header's other fields: said where no label gives them (nor the summary, injury).
        said = _SAID if dates["injury"] is None else {*_SAID, "injury"}
        warnings += unlabelled_warnings(header, said)
    return Letter(
        case_number=header.case_number,
        priority=header.priority,
        dates=Dates(**dates),
        reviewer=read_reviewer(sections.text("how"), warnings),
        patient=read_patient(summary, warnings),
        clinical_summary=summary,
        documents_reviewed=read_documents(sections.lines("documents")),
        determinations=determinations,
        source=source,
        warnings=warnings,
    )
