"""What the CLINICAL CASE SUMMARY says: its text, the patient, and the date of injury."""

from __future__ import annotations

import re
import string
from datetime import date

from .. import vocabulary as vocab
from ..models import Patient, Sex
from .dates import DATE_JOIN, DATE_RE, FOLDED_DATE, INJURY_START, parse_date
from .scan import FOLDING_TO_ASCII, Folded, finditer_from, foldable, lowered

# The boilerplate sentence runs to its colon or its full stop, within a bound: a sentence that
# lost both must not take the summary's first sentences with it. A "." that ends no sentence
# ("Aug. 30") leaves the sentence in place.
_BOILERPLATE = re.compile(
    r"^(?:The\s+\w+\s+"
    + vocab.words_pattern(vocab.SUMMARY_INTRO)
    + "|"
    + vocab.words_pattern(vocab.SUMMARY_DISCLAIMER)
    + r")[^:.]{0,120}(?::|\.(?=\s+(?-i:[\"'A-Z(])|\s*$))\s*",
    re.IGNORECASE,
)
_SEX_WORDS = "|".join(sorted(vocab.PATIENT_SEX, key=len, reverse=True))
_AGE = re.compile(
    # An age after a possessive is another person's ("his 12 year old son"). The first digit
    # opens the pattern, so re scans for digits in C; the lookbehinds then read back over it
    # (a word boundary before it, no possessive).
    r"(?P<age>\d(?<!\w\d)"
    + "".join(rf"(?<!\b{word}\s\d)" for word in vocab.POSSESSIVES)
    + r"\d{0,2})"
    # "y/o", "yo" and "y.o." abbreviate "year old". Both ways open with "y": after most
    # digits, re fails there at once.
    # "52 years of age" says it too ("The patient is a female, 52 years of age, who ...").
    + r"[\s-]*y(?:(?:ears?|rs?\.?)[\s-]*old|ears?\s+of\s+age\b|(?:/|\.\s?)?o\b\.?)"
    # The sex word at once (nearly every letter), where no word after needs reading.
    # "year-oldmale": a reordering extractor may drop the space before it; "year-old-male"
    # hyphenates it on.
    + rf"(?:[\s-]*(?P<sex>{_SEX_WORDS})\b|\b)",
    re.IGNORECASE,
)
# The words after an age, where descriptors may stand before the sex word: bounded, and each
# taken whole (case-sensitive classes: cheaper than re.IGNORECASE's).
_AFTER = re.compile(r"(?:[\s,]*[A-Za-z][A-Za-z'-]*){0,4}")
# The word before the article before an age ("lifting a 85 year old patient"), read in the
# few characters before the age only.
_BEFORE_SPAN = 40
_ARTICLES = ("a", "an")
# What the letters' patterns take for a letter ([A-Za-z] with re.IGNORECASE, see scan.py).
_LETTERS = string.ascii_letters + FOLDING_TO_ASCII
# "The applicant is a female who ...": where no age is stated, the sex in the worker's own
# description (the words after it read as after an age).
# "This lady sustained ...", "This is a male who ...": the summary's opening "This".
_WORKER_IS_SOURCE = (
    rf"\b(?:(?:{'|'.join(vocab.WORKER_NAMES)}|this)\s+(?:is|was)\s+an?\b"
    rf"|this(?=\s+(?:{_SEX_WORDS})\b))"
)
# The search for it, in two parts. Most summaries open with it ("The patient is a ..."): the
# first match starting within _NEAR characters of the start, found as re.search would (it
# tries the pattern at each of them in turn). Past those, re would try the opening \b at every
# character of the summary: every match opens with a worker's name or "this", so it is tried
# only where str.find finds one of those in the lowered summary.
_NEAR = 60
_WORKER_IS_NEAR = re.compile(rf"(?s:.){{0,{_NEAR}}}?{_WORKER_IS_SOURCE}", re.IGNORECASE)
_WORKER_IS = Folded(_WORKER_IS_SOURCE)
_WORKER_FIRSTS = tuple(word.lower() for word in (*vocab.WORKER_NAMES, "this"))
# Younger than this, no worker: the age is a child's or a thing's ("a 5 year old injury").
_YOUNGEST = 14
_OLDEST = 130

# A word before "injury" that makes it another injury than the claim's ("a new injury").
_NOT_THIS = rf"(?!(?:{'|'.join(vocab.OTHER_INJURY)})\b)"
# The ways letters state the injury date. The gap before the date may hold only plain words,
# and none that introduce another event (an MRI, a report, a surgery...). Each alternative
# opens with its letters (re then skips to where one can start): "DOI" is a word by its
# lookbehind.
_CUE = "|".join(
    (
        rf"date\s+of\s+(?:{_NOT_THIS}[\w-]+\s+){{0,2}}?injury",
        r"injury\s+date",
        r"injury\s+occurred",
        r"doi\b(?<!\wdoi)",
        *(rf"{verb}\s+injured" for verb in ("was", "were", "been", "got", "is")),
        r"injured\s+(?:on|his|her|their)\b",
        *(
            rf"{verb}\s+an?\s+(?:{_NOT_THIS}[\w-]+\s+){{0,3}}?injury"
            for verb in ("reported", "had", "with")
        ),
        # These three say an injury with no article too ("sustained injuries on").
        *(
            rf"{verb}\s+(?:an?\s+)?(?:{_NOT_THIS}[\w-]+\s+){{0,3}}?injur(?:y|ies)"
            for verb in ("sustained", "suffered", "incurred")
        ),
    )
)
_OTHER_EVENT = "|".join(vocab.OTHER_EVENTS)
# Any cue may be followed by its abbreviation ("date of injury (DOI) of 10/20/2016").
_CUE_RE = Folded(rf"(?:{_CUE})(?:\s*\(doi\))?")
_GAP_THEN_DATE = Folded(
    rf"(?:[\s,:'-]|(?!\b(?:{_OTHER_EVENT})\b)[A-Za-z]){{0,80}}?(?P<date>{FOLDED_DATE})"
)


def clinical_summary(text: str) -> str | None:
    """The summary without its boilerplate opening sentence; None when nothing is left."""
    m = _BOILERPLATE.match(text)  # (anchored at the start: sub's only match, without its copy)
    return (text[m.end() :] if m else text).strip() or None


def read_patient(summary: str | None, warnings: list[str] | None = None) -> Patient:
    """Age and sex from the summary's own words ("a 29 year old male"); no pronoun guessing.

    The first age that is the worker's counts: one after a possessive ("his 12 year old son"),
    or an object's ("lifting a 85 year old patient"), before a noun that is no worker ("a 20
    year old injury"), or younger than a worker can be, is another's and is passed over.
    """
    patient = _patient(summary) if summary else Patient()
    if summary and warnings is not None:
        # A summary stating no age or no sex the parser can read: said, never guessed.
        for name in ("age", "sex"):
            if getattr(patient, name) is None:
                warnings.append(f"patient {name}: the summary states none that could be read")
    return patient


def _patient(summary: str) -> Patient:
    sex: Sex | None
    m = _AGE.search(summary)  # the first nearly always serves: near the start
    while m:
        age = int(m["age"])
        if m["sex"]:
            patients, sex = True, vocab.PATIENT_SEX[m["sex"].lower()]
        else:
            after = _AFTER.match(summary, m.end())  # always a match, maybe empty
            patients, sex = _noun_after(after[0] if after else "")
        if patients and age >= _YOUNGEST and not _of_another(summary, m.start()):
            return Patient(age=age if age <= _OLDEST else None, sex=sex or _described(summary))
        m = _AGE.search(summary, m.end())
    return Patient(sex=_described(summary))


def _described(summary: str) -> Sex | None:
    """The sex in the worker's own description, where none follows the age ("The applicant is
    a female who ...", "The patient is a female, 52 years of age")."""
    m = _WORKER_IS_NEAR.match(summary)  # (its end is the description's)
    if m is None:
        low = lowered(summary)
        if low is None:
            m = _WORKER_IS.anycase.search(summary)
        else:
            m = next(finditer_from(_WORKER_IS.lower, low, _WORKER_FIRSTS), None)
    after = _AFTER.match(summary, m.end()) if m else None
    return _noun_after(after[0])[1] if after else None


def _of_another(summary: str, at: int) -> bool:
    """Whether the age at ``at`` is an object's ("lifting a 85 year old patient"): the word
    before its article ("a", "an", maybe then "now"), the letters ending that word's token,
    is one of vocab.AGE_OF_ANOTHER. (Words split off the span, not a regex: one anchored at
    the age and searched for is tried at every position of the span.)"""
    start = max(0, at - _BEFORE_SPAN)
    before = summary[start:at]
    if not before[-1:].isspace():
        return False
    words = before.split()
    if words and words[-1].lower() == "now":
        words.pop()
    if len(words) < 2 or words[-1].lower() not in _ARTICLES:
        return False
    token = words[-2]
    letters = len(token.rstrip(_LETTERS))  # where the letters ending the token start
    if letters == len(token):
        return False  # "by, a ...": no word stands right before the article
    # The span's start may cut its first word: its letters after the cut are no word.
    cut = start > 0 and summary[start - 1] in _LETTERS and not before[0].isspace()
    if letters == 0 and len(words) == 2 and cut:
        return False
    return token[letters:].lower() in vocab.AGE_OF_ANOTHER


def _noun_after(after: str) -> tuple[bool, Sex | None]:
    """Whether the words after an age leave it the worker's (no noun there says otherwise:
    "son", "injury"), and the sex word among them before the patient's noun phrase ends."""
    for word in after.lower().replace(",", " ").split():  # the group holds words and commas
        if word in vocab.PATIENT_SEX:
            return True, vocab.PATIENT_SEX[word]
        if word in vocab.NOT_THE_PATIENT:
            return False, None
        if word in vocab.PATIENT_PHRASE_ENDS:
            break
    return True, None


def injury_date(
    summary: str | None, decision: date | None = None, warnings: list[str] | None = None
) -> date | None:
    """The injury date the summary states, never the date of a report, MRI or surgery.

    A two-digit year resolves against ``decision``, the letter's decision date. An injury
    stated as a range or a list of dates ("from 01/01/2015 to 10/20/2016": cumulative trauma)
    has no one date: None, with a warning in ``warnings``, as a header's such cell.
    """
    if not summary:
        return None
    low = summary.lower()
    if "injur" not in low and "doi" not in low:  # every cue has one; skip the slow scan
        return None
    folded = low if foldable(summary) else None  # as lowered(summary)
    for cue in _CUE_RE.finditer(summary, folded):
        m = _GAP_THEN_DATE.match(summary, folded, cue.end())
        if m and (end := _joined_date(summary, m.end())):
            if warnings is not None:
                warnings.append(
                    "the summary's date of injury is a range or a list of dates, not one date: "
                    f"{summary[m.start('date') : end]!r}"
                )
            return None
        when = parse_date(summary[m.start("date") : m.end("date")], today=decision) if m else None
        if when is not None and INJURY_START <= when <= (decision or date.today()):
            return when
    return None


def _joined_date(text: str, at: int) -> int:
    """Where a second date ends when one joined to the date ending at ``at`` follows (a range
    or a list: "01/01/2015 - 10/20/2016"); 0 when none does."""
    join = DATE_JOIN.match(text, at)
    second = DATE_RE.match(text, join.end()) if join else None
    return second.end() if second else 0
