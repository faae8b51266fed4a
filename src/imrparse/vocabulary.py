"""The letters' words, once: section headings, header labels, item field labels, outcomes,
priorities, the phrases that mark an IMR letter, and the page furniture.

Layout plugins and the grammar import these; no other module spells them. Matching is on
words folded by :func:`fold` (upper case, runs of spaces collapsed, no
trailing colon), so each variant is written once, as the letters print it. Markup is never
folded here: a layout plugin hands over words, not Markdown or HTML.
"""

from __future__ import annotations

import re
from typing import Final, Literal

# Section key -> the name the 2013-2017 MAXIMUS letters print.
SECTIONS: Final = {
    "how": "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "summary": "CLINICAL CASE SUMMARY",
    "decisions": "IMR ISSUES, DECISIONS AND RATIONALES",
    "documents": "DOCUMENTS REVIEWED",
}
# The sections every letter of the shared grammar has; a missing one is a warning.
REQUIRED_SECTIONS: Final = ("how", "summary", "decisions")
# What a section's text gives, named where the section is found with no text.
SECTION_FIELDS: Final = {
    "how": "reviewer role, specialties and licensed_in",
    "summary": "clinical_summary and patient age and sex",
    "decisions": "determinations",
}

# Heading words (folded) -> section key, every variant the letters use.
SECTION_HEADINGS: Final = {
    "HOW THE IMR FINAL DETERMINATION WAS MADE": "how",
    "CLINICAL CASE SUMMARY": "summary",
    "IMR ISSUES, DECISIONS AND RATIONALES": "decisions",
    "IMR ISSUES, DECISIONS AND RATIONALE": "decisions",
    "IMR DECISION(S) AND RATIONALE(S)": "decisions",
    "IMR DECISIONS AND RATIONALES": "decisions",
    "DOCUMENTS REVIEWED": "documents",
    "DOCUMENTS REVIEWED FOR DETERMINATION": "documents",
}
# The headings' first HEADING_START characters (the shortest first word's length, "HOW"): a
# line that does not open with one of them, upper-cased, is no heading.
HEADING_START: Final = min(len(h.split()[0]) for h in SECTION_HEADINGS)
HEADING_STARTS: Final = frozenset(h[:HEADING_START] for h in SECTION_HEADINGS)

# Case header label (folded, no colon) -> record field; dates go to ``Letter.dates``.
HEADER_LABELS: Final = {
    "CASE NUMBER": "case_number",
    "DATE ASSIGNED": "assigned",
    "DATE OF INJURY": "injury",
    "DECISION DATE": "decision",
    "UR DENIAL DATE": "ur_denial",
    "PRIORITY": "priority",
    "APPLICATION RECEIVED": "application_received",
}
HEADER_DATES: Final = ("assigned", "injury", "decision", "ur_denial", "application_received")
# The words between a range's first and last date or page ("01/01/2015 to 10/20/2016",
# "pages 78 through 80").
RANGE_WORDS: Final = ("to", "through", "thru")
# Words that join two dates into a range or a list ("CT 01/01/2015 - 10/20/2016"): a
# header cell holding such a pair holds no one date.
DATE_JOINERS: Final = (*RANGE_WORDS, "and")
# What a header date cell may hold in place of a date ("Date of Injury: N/A"): a value, so
# that column-by-column text still counts one value for its label; no date is read from it.
NO_DATE_VALUES: Final = (
    "N/A",
    "UNKNOWN",
    "VARIOUS",
    "MULTIPLE",
    "NONE",
    "UNSPECIFIED",
    "NOT PROVIDED",
    "NOT AVAILABLE",
)
# The order the process runs in: each date is on or after the one before it.
CHRONOLOGY: Final = ("injury", "ur_denial", "application_received", "assigned", "decision")

# A case number as MAXIMUS writes it: CM, the two-digit year, a dash, seven digits.
CASE_NUMBER: Final = r"CM\d{2}-\d{7}"
# Priority words -> the record's value.
PRIORITIES: Final = {"STANDARD": "Standard", "EXPEDITED": "Expedited", "REGULAR": "Regular"}

# Item field key -> the label words (folded) that open it.
ITEM_FIELDS: Final = {
    "claims": (
        "CLAIMS ADMINISTRATOR GUIDELINE",
        "CLAIMS ADMINISTRATOR'S GUIDELINE",
        "CLAIMS ADMINISTRATOR GUIDELINES",
    ),
    "maximus": ("MAXIMUS GUIDELINE", "MAXIMUS GUIDELINES"),
    "rationale": ("DECISION RATIONALE",),
}
ITEM_FIELD_NAMES: Final = {
    "claims": "Claims Administrator guideline",
    "maximus": "MAXIMUS guideline",
    "rationale": "Decision rationale",
}

# The characters a letter's hyphen comes as: ASCII's, Unicode's hyphen and non-breaking hyphen,
# and U+FFFE, which PDFium writes for the hyphen that ends a line. Cleaning folds them to "-".
HYPHENS: Final = "-\u2010\u2011\ufffe"

# Spaces a text may hold besides ASCII's (no-break, figure, thin, en, em, ...), and characters
# that show nothing (soft hyphen, zero-width ones, a byte-order mark inside the text). A text
# letter is read with them as a space and as nothing, before any layout reads its structure
# (a Markdown heading's "#" and space, the run of spaces that ends a line of pdf.js's text).
UNICODE_SPACES: Final = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
INVISIBLE: Final = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

# Outcome words -> the record's value. OCR reads the "rn" of "Overturned" as "m"
# ("Overtumed"): no word, and one letter's misreading from one outcome only.
OUTCOMES: Final = {"UPHELD": "upheld", "OVERTURNED": "overturned", "OVERTUMED": "overturned"}


def letter_spaced(phrase: str) -> str:
    """Regex source for ``phrase`` as layout-mode text may print it: a space may fall inside
    a word ("Uph eld", "Decision base d on"), any whitespace between words."""
    return r"\s+".join(" ?".join(map(re.escape, word)) for word in phrase.split())


def outcome_pattern() -> str:
    """Regex source for an outcome word, spaced out or not (see :func:`letter_spaced`)."""
    return "|".join(map(letter_spaced, OUTCOMES))


def outcome_of(word: str) -> str | None:
    """The record's outcome for a word :func:`outcome_pattern` matched."""
    return OUTCOMES.get("".join(word.split()).upper())


# The words that open each citation clause of a guideline paragraph: the template's, then the
# ways a letter may reword it (a paragraph in words none of these open is warned of).
CITATION_CLAUSES: Final = (
    "Decision based on",
    "Decisions based on",
    "Decision based upon",
    "Decisions based upon",
)

# The sentence that opens the decisions section before the first item.
DECISIONS_INTRO: Final = (
    "The Final Determination was based on decisions for the disputed items/services set "
    "forth below:"
)
# How a decision rationale concludes, and no request's name reads: an item name holding one
# holds rationale text (a boundary before the heading was missed). Lower case. (Older
# layouts word an item as a question, "Is the requested ... medically necessary?": no match.)
RATIONALE_CONCLUSIONS: Final = (
    "not medically necessary",
    "is medically necessary",
    "are medically necessary",
)
# How a rationale names the request it decides, lower case: "... the request for Norco
# 10/325mg #60 is not ...", "the request for "Cervical CT scan" is ...", "the requested MRI".
REQUEST_LEADS: Final = ("request for ", 'request for "', "requested ")
# Abbreviations no sentence of a letter ends with, lower case: a line ending in one continues
# onto the next, whatever that starts with ("Consultation with Dr." / "Smith: Upheld").
NEVER_FINAL_ABBREVIATIONS: Final = frozenset(
    {"dr.", "drs.", "mr.", "mrs.", "ms.", "st.", "vs.", "e.g.", "i.e.", "approx."}
)
# Small words no sentence of a letter ends with, lower case as written: a line ending in one
# goes on after a page or paragraph break ("... 2 times a" / "week for 6 weeks was the
# original request"), and is no rationale's last line (those end in a stop, a citation or a
# quoted phrase).
NEVER_FINAL_WORDS: Final = frozenset(
    {"a", "an", "the", "of", "for", "and", "or", "with", "to", "by", "in", "at", "on", "from"}
)
# Dosage and frequency abbreviations of three letters or more, lower case: like the shorter
# ones ("20 mg.", "2 x wk."), a line ending in one may be a wrapped item name's first line.
# (Other words of three letters end sentences: "the right hip.") So may one ending in "etc."
# ("Pre-op labs (CBC, PT/PTT, etc.)" / "and EKG: Upheld").
DOSAGE_ABBREVIATIONS: Final = frozenset(
    {"wks.", "hrs.", "mos.", "yrs.", "tab.", "tabs.", "caps.", "mcg.", "qty.", "inj.", "amp."}
    | {"etc."}
)
# Words made of two words ("with" + "out"), lower case: whole words of a name, no sign of two
# that an extractor glued where it joined two lines (see grammar/names.py).
COMPOUND_WORDS: Final = frozenset(
    {"without", "within", "into", "onto", "upon", "cannot", "another", "therefore", "however"}
    | {"outpatient", "inpatient", "overnight", "wheelchair", "whirlpool", "homecare", "aftercare"}
    | {"followup", "workup", "checkup", "setup", "handheld", "bedside", "headache", "backache"}
    | {"footwear", "eyeglasses", "sometimes", "someone", "everyday", "himself", "herself"}
    | {"postoperative", "preoperative", "postop", "preop", "nonsurgical", "reevaluation"}
    # made of two REQUEST_WORDS
    | {"healthcare", "daycare", "footcare", "bloodwork", "weightloss", "backpack", "backbone"}
    | {"collarbone", "hipbone", "kneebone", "weekday", "weekdays", "workday", "workdays"}
    | {"workweek", "today", "todays"}
)
# Plain words utilization-review requests are named in (sides, body parts, services, forms,
# schedules), lower case. Two glued where PyMuPDF's sorted text joined two lines
# ("rightshoulder", "AssociatedSurgical") read as two words even where the letter spells
# neither apart (see grammar/names.py), and so does one after or before a JOINING_WORDS word
# ("thelumbar"). No two of them, nor one and a joining word, make a word a name uses whole:
# those that do are COMPOUND_WORDS.
REQUEST_WORDS: Final = frozenset(
    # sides and body parts
    "right left bilateral upper lower anterior posterior lateral medial total partial "  # noqa: SIM905
    "shoulder shoulders knee knees hip hips ankle ankles wrist wrists elbow elbows hand hands "
    "foot feet neck back spine spinal lumbar cervical thoracic lumbosacral sacroiliac pelvis "
    "chest head leg legs arm arms finger fingers thumb toe toes heel abdomen extremity "
    "extremities joint joints disc facet nerve muscle bone tendon ligament meniscus "
    # services and the process
    "associated surgical surgery surgeon assistant service services consultation consult "
    "evaluation referral management treatment treatments therapy physical occupational "
    "chiropractic acupuncture massage manipulation session sessions visit visits program "
    "rehabilitation restoration home health care nursing facility durable medical equipment "
    "purchase rental pharmacy prescription request prospective retrospective decision "
    "additional initial follow office appointments transportation interpreter include "
    # tests, procedures, equipment, forms
    "urine drug screen screening test testing study studies scan imaging contrast views "
    "injection injections block blocks ablation epidural steroid fluoroscopy fluoroscopic "
    "guidance transforaminal radiofrequency trigger point replacement repair fusion release "
    "arthroscopy reconstruction decompression discectomy laminectomy ultrasound conduction "
    "velocity electromyography stimulation "
    "meniscectomy chondroplasty debridement synovectomy acromioplasty arthroplasty rhizotomy "
    "foraminotomy carpal tunnel "
    "density laboratory labs blood panel brace splint sling cane walker wheels cushion pillow "
    "mattress unit device stimulator membership gym aquatic weight loss pain cold hot "
    "compression wrap stockings orthotics shoes collar support kit pack patch patches cream "
    "gel ointment lotion tab tabs tablet tablets capsule capsules "
    # amounts and schedules
    "refills supply quantity unspecified month months week weeks day days daily twice once "
    "times hours hour mouth needed weaning initiate trial functional capacity work hardening "
    "conditioning psychological psychiatric cognitive behavioral sleep".split()
)
# Small words that join a name's words (lower case; see REQUEST_WORDS). Not "a", "in", "at",
# "on": they start words ("atrial", "infusion", "attest").
JOINING_WORDS: Final = frozenset({"the", "of", "for", "and", "with", "to", "by"})
# Small words that end no word of a name (lower case): a name's word ending in one, after
# three letters or more, is two words an extractor glued where it joined two lines
# ("arthroscopywith", "MRIof"; see grammar/names.py). ("of" after an "o" ends "proof".)
GLUED_LAST_WORDS: Final = ("with", "under", "of")
# Units of three letters or more that a name writes onto their number ("10mcg/hr", "100units",
# "2tabs"), lower case: no sign of words an extractor glued (see grammar/names.py).
UNITS_ON_NUMBERS: Final = frozenset(
    {"mcg", "mcgs", "meq", "mgs", "mls", "unit", "units", "tab", "tabs", "cap", "caps"}
    | {"hrs", "mins", "wks", "mos", "yrs"}
)
# The summary's boilerplate opening sentence (its reviewer word varies).
SUMMARY_INTRO: Final = "reviewer developed the following clinical case summary"
# Its other wording, where the summary is the utilization review's ("Disclaimer: The following
# case summary was taken directly from the utilization review denial/modification dated ...").
SUMMARY_DISCLAIMER: Final = "Disclaimer: The following case summary was taken directly from"
# Words between the injury cue and a date that say the date is another event's ("sustained an
# industrial injury and underwent surgery on ..."): regex sources, whole words, lower case.
OTHER_EVENTS: Final = tuple(
    "and but since after before until then followed "  # noqa: SIM905
    # documents and the process
    "reports? notes? progress dated records? documentation documented letter review "
    "determination request requested authorization rfa received "
    # tests, treatment, care
    "mri x-rays? imaging study studies emg ncv ncs ct scan exam examination examined visit "
    "seen evaluation evaluated diagnosed treated treatment therapy surgery surgeries underwent "
    "performed operated operation procedure injection hospital hospitalized hospitalization "
    "admitted discharged emergency "
    # work since the injury
    "worked returned".split()
)
# Words before "injury" that make it another injury than the claim's ("a new injury on ...").
OTHER_INJURY: Final = (
    "new",
    "second",
    "subsequent",
    "prior",
    "previous",
    "another",
    "additional",
    "earlier",
    "later",
    "recent",
    "old",
    "non-industrial",
    "nonindustrial",
)

# The patient's sex, as the summary's words give it after the age ("a 29 year old male").
PATIENT_SEX: Final[dict[str, Literal["male", "female"]]] = {
    "male": "male",
    "man": "male",
    "gentleman": "male",
    "female": "female",
    "woman": "female",
    "lady": "female",
}
# Between the age and the sex word, descriptors may stand ("a 45 year old obese female", "a
# 60-year-old, right-hand dominant male"); one of these words ends the patient's noun phrase
# first ("a 47-year-old who ...", "a 38 year old with ..."), so no sex word after it counts.
PATIENT_PHRASE_ENDS: Final = frozenset(
    "who whom whose which that with without and or but of in on at to for from by as has had "  # noqa: SIM905
    "have is was were the a an his her their its this reported sustained presented".split()
)
# Nouns after an age that say it is not the worker's ("his 12 year old son", "a 20 year old
# injury"): that age is passed over. A child is no worker, so "boy" and "girl" are here too.
NOT_THE_PATIENT: Final = frozenset(
    "son sons daughter daughters child children kid kids boy boys girl girls baby infant toddler "  # noqa: SIM905
    "grandson granddaughter grandchild grandchildren stepson stepdaughter nephew niece brother "
    "sister sibling husband wife spouse mother father parent injury injuries claim history "
    "accident fracture surgery".split()
)
# Words before an age that make it another person's ("her 15-year-old daughter").
POSSESSIVES: Final = ("his", "her", "their", "whose", "my", "your", "our")
# The summary's names for the worker, whose sentence "<name> is a female janitor" states the
# sex where no age is stated.
WORKER_NAMES: Final = ("injured worker", "applicant", "claimant", "patient", "employee", "IW")
# Words before an age's article that make the age an object's, another person's ("while
# lifting a 85 year old patient", "assaulted by a 16-year-old student"): the worker's age is
# stated of the worker ("is a 45 year old", "This is a", "involves a now"), never after these.
# ("for", "to", "on" are not here: "a request for a 45 year old", "pertains to a ..." may be.)
AGE_OF_ANOTHER: Final = frozenset(
    "by with from into onto against toward towards behind caring "  # noqa: SIM905
    "lifting carrying transferring moving restraining assisting helping holding pushing pulling "
    "catching turning repositioning bathing dressing feeding supporting".split()
)

# The reviewer's credential labels (later letters), as regex sources: the letters space and
# pluralise them variously ("State(s) of Licensure    :", "Certifications/Specialties:"). OCR
# reads the "r" of "Certification" as "n" ("Centification(s)/Specialty:"), a word no letter
# uses otherwise: unread, the label's list would run onto the licence states before it.
LICENSURE_LABEL: Final = r"State\s*\(s\)\s*of\s*Licensure\s*:"
SPECIALTY_LABEL: Final = r"Ce[rn]tifications?\s*(?:\(s\))?\s*/\s*Specialt(?:y|ies)\s*:"
# Words of specialty names as OCR misreads them (lower case) -> the word: no word themselves,
# each one misreading from one word only ("rn" read as "m": "Intemal Medicine").
OCR_SPECIALTY_WORDS: Final = {"intemal": "internal"}
# Board and subspecialty names holding "and" or "&" (lower case, "&" as "and"): in a sentence's
# list ("Board Certified in Psychiatry & Neurology, Addiction Psychiatry and Forensic
# Psychiatry") an "and" in any other entry may join two, which cannot be told: said.
SPECIALTIES_WITH_AND: Final = frozenset(
    {
        "allergy and immunology",
        "child and adolescent psychiatry",
        "colon and rectal surgery",
        "diabetes and metabolism",
        "female pelvic medicine and reconstructive surgery",
        "foot and ankle surgery",
        "head and neck surgery",
        "hospice and palliative medicine",
        "maternal and fetal medicine",
        "obstetrics and gynecology",
        "oral and maxillofacial surgery",
        "physical medicine and rehabilitation",
        "psychiatry and neurology",
        "public health and general preventive medicine",
        "reproductive endocrinology and infertility",
        "undersea and hyperbaric medicine",
    }
)
# The reviewer's roles, as the letters name them ("... sent the case file to an expert reviewer").
ROLES: Final = {"PHYSICIAN": "physician reviewer", "EXPERT": "expert reviewer"}

# Phrases only an IMR letter carries, for a layout's cheap sniff (any one suffices).
MARKERS: Final = (
    "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "IMR ISSUES, DECISIONS AND RATIONALES",
    "CLINICAL CASE SUMMARY",
    "Final Determination Letter for IMR",
    "MAXIMUS Federal Services",
)

# The footer MAXIMUS prints on every page.
FOOTER: Final = "Final Determination Letter for IMR Case Number"


def words_pattern(phrase: str, space: str = r"\s+") -> str:
    """A regex source matching ``phrase`` with any run of ``space`` between its words."""
    return space.join(re.escape(w) for w in phrase.split())


def markers_pattern(space: str = r"\s+") -> re.Pattern[str]:
    """One case-insensitive regex for every marker phrase, words joined by ``space``."""
    return re.compile("|".join(words_pattern(m, space) for m in MARKERS), re.IGNORECASE)


def fold(text: str) -> str:
    """Words as the tables above key them: upper case, single spaces, no closing colon."""
    return " ".join(text.split()).rstrip(":").strip().upper()


def is_header_label(text: str) -> bool:
    """Whether ``text`` (a cell's or a line's words) is one of the header's labels."""
    return fold(text) in HEADER_LABELS


def heading_words(text: str) -> str:
    """A heading's words as :func:`section_of` compares them: folded, without punctuation and
    without a plural's "S" or "(S)", so that the singular, plural and punctuation variants
    ("IMR ISSUE, DECISION AND RATIONALE", "IMR ISSUES DECISIONS AND RATIONALES") are one."""
    words = _WORD.findall(fold(text).replace("(S)", ""))
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("S") else w for w in words)


_WORD = re.compile(r"[^\W_]+")
# heading_words(heading) -> section key, for every heading above.
_SECTION_OF: Final = {heading_words(h): key for h, key in SECTION_HEADINGS.items()}


# A line longer than the longest heading with room for three "(S)" and a stop is prose.
_SECTION_LONGEST: Final = max(map(len, SECTION_HEADINGS)) + 3 * len("(S)") + 1


def section_of(text: str) -> str | None:
    """The section key a heading line's words name, in any of its variants; else None."""
    folded = fold(text)
    key = SECTION_HEADINGS.get(folded)  # as printed: nearly every heading
    if key is None and folded[:HEADING_START] in HEADING_STARTS and len(folded) <= _SECTION_LONGEST:
        return _SECTION_OF.get(heading_words(folded))
    return key


# A partial authorisation, in the two wordings the letters use (an item heading without its
# final ": Upheld"), in the singular or the plural ("... were authorized", "... are: Upheld");
# groups: the original request, what was authorised, the part decided. Each is keyed by a
# part of a word only it holds, without i, k or s (re.IGNORECASE matches those to other
# letters too): a heading whose lowered text lacks it skips that wording's slow pattern.
# Between the wordings' own words the space may be missing: an extractor that merges two
# lines (PyMuPDF sorted) glues the word ending one to the word opening the next ("the
# originalrequest", "portion of theoriginal request", "6 visitswas authorized"). Before the
# closing "is" a space stays required after a letter, as an item's name may end in "is"
# ("bursitis"); after a count or a bracket it may be glued ("#35is: Upheld"): no name ends so.
_IS = r"(?:(?:\s+|(?<=[\d)%]))(?:is|are))?"
PARTIAL_AUTHORISATIONS: Final = {
    "rema": (
        r"(?P<original>.+?)\s*was\s*the\s*original\s*request\.\s*(?P<authorized>.+?)\s*"
        r"(?:was|were)\s*authori[sz]ed\s*by\s*the\s*Claims\s*Administrator\.\s*The\s*remaining\s*"
        r"IMR\s*eligible\s*portion\s*of\s*the\s*original\s*request,?\s*(?P<item>.+?),?"
        rf"{_IS}"
    ),
    "leav": (
        r"(?P<original>.+?)\s*was\s*the\s*original\s*request\.\s*The\s*Claims\s*Administrator\s*"
        r"authori[sz]ed\s*(?P<authorized>.+?),?\s*leaving\s*the\s*original\s*request\s*IMR\s*"
        rf"eligible\.\s*The\s*original\s*request,?\s*(?P<item>.+?),?{_IS}"
    ),
}
# The wording whose item is the whole original request, named twice ("... leaving the original
# request IMR eligible. The original request, X is: ..."), not a remaining portion.
PARTIAL_WHOLE: Final = "leav"
# Words that say an item heading is a partial authorisation, and the sentence that opens one.
PARTIAL_MARKERS: Final = (
    "was the original request",
    "IMR eligible",
    "The original request,",
)
PARTIAL_OPENING: Final = "was the original request"
