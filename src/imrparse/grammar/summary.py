"""What the CLINICAL CASE SUMMARY says: its text, the patient, and the date of injury."""

from __future__ import annotations

import re
from datetime import date

from .. import vocabulary as vocab
from ..models import Patient, Sex
from .dates import FOLDED_DATE, INJURY_START, parse_date
from .scan import Folded, foldable

_BOILERPLATE = re.compile(
    r"^The\s+\w+\s+" + vocab.words_pattern(vocab.SUMMARY_INTRO) + r"[^:]*:\s*", re.IGNORECASE
)
_AGE = re.compile(
    # "year-oldmale": a reordering extractor may drop the space before the noun.
    r"\b(\d{1,3})[\s-]*(?:years?|yrs?\.?)[\s-]*old"
    r"(?:\s*(male|female|man|woman|gentleman|lady|boy|girl)\b|\b)",
    re.IGNORECASE,
)
_SEX: dict[str, Sex] = {
    "male": "male",
    "man": "male",
    "gentleman": "male",
    "boy": "male",
    "female": "female",
    "woman": "female",
    "lady": "female",
    "girl": "female",
}

# The ways letters state the injury date. The gap before the date may hold only plain words,
# and none that introduce another event (an MRI, a report, a surgery...). Each alternative
# opens with its letters (re then skips to where one can start): "DOI" is a word by its
# lookbehind.
_CUE = "|".join(
    (
        r"date\s+of\s+(?:[\w-]+\s+){0,2}?injury",
        r"injury\s+date",
        r"doi\b(?<!\wdoi)",
        *(rf"{verb}\s+injured" for verb in ("was", "were", "been", "got", "is")),
        r"injured\s+on",
        *(
            rf"{verb}\s+an?\s+(?:[\w-]+\s+){{0,3}}?injury"
            for verb in ("reported", "sustained", "suffered", "incurred", "had", "with")
        ),
    )
)
_OTHER_EVENT = (
    r"and|but|MRI|report|reports|surgery|surgeries|underwent|exam|examination|visit|evaluation"
    r"|study|studies|x-rays?|imaging|dated|progress|treated|treatment|seen|notes?|since|after"
    r"|before|until|then|review|received|requested|performed"
)
_CUE_RE = Folded(_CUE)
_GAP_THEN_DATE = Folded(
    rf"(?:[\s,:'-]|(?!\b(?:{_OTHER_EVENT})\b)[A-Za-z]){{0,80}}?(?P<date>{FOLDED_DATE})"
)


def clinical_summary(text: str) -> str | None:
    """The summary without its boilerplate opening sentence; None when nothing is left."""
    return _BOILERPLATE.sub("", text).strip() or None


def read_patient(summary: str | None) -> Patient:
    """Age and sex from the summary's own words ("a 29 year old male"); no pronoun guessing."""
    if not summary:
        return Patient()
    m = _AGE.search(summary)  # near the start: lower-casing the text would cost more
    if not m:
        return Patient()
    age = int(m[1])
    return Patient(age=age if age <= 130 else None, sex=_SEX[m[2].lower()] if m[2] else None)


def injury_date(summary: str | None, decision: date | None = None) -> date | None:
    """The injury date the summary states, never the date of a report, MRI or surgery.

    A two-digit year resolves against ``decision``, the letter's decision date.
    """
    if not summary:
        return None
    low = summary.lower()
    if "injur" not in low and "doi" not in low:  # every cue has one; skip the slow scan
        return None
    folded = low if foldable(summary) else None  # as lowered(summary)
    for cue in _CUE_RE.finditer(summary, folded):
        m = _GAP_THEN_DATE.match(summary, folded, cue.end())
        when = parse_date(summary[m.start("date") : m.end("date")], today=decision) if m else None
        if when is not None and INJURY_START <= when <= (decision or date.today()):
            return when
    return None
