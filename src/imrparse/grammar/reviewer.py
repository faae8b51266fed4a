"""The reviewer: role, board certifications, subspecialties and licences, from the HOW section.

Later letters list credentials (``State(s) of Licensure:``, ``Certification(s)/Specialty:``);
earlier ones say it in a sentence ("is Board Certified in X, has a subspecialty in Y and is
licensed to practice in Z").
"""

from __future__ import annotations

import re
from typing import cast

from .. import vocabulary as vocab
from ..models import Reviewer, Role
from .scan import Folded, lowered
from .states import capital_with_comma, split_states

_ROLE_WORDS = "|".join(vocab.ROLES)
# The sentence that names the reviewer: "MAXIMUS Federal Services sent the complete case file
# to an expert reviewer", "The case file was sent to ...", "... was reviewed by a physician
# reviewer". It decides; without it, the role the section names wherever it names one.
_ROLE_SENT = Folded(
    rf"(?:case\s+file\s+(?:was\s+sent\s+)?to|reviewed\s+by)\s+an?\s+({_ROLE_WORDS})\s+reviewer"
)
_ROLE_ANY = Folded(rf"\b({_ROLE_WORDS})\s+reviewer\b")
_ROLES = cast(dict[str, Role], vocab.ROLES)  # (typed once, not cast at each letter)


def _lazy(stops: str, least: int = 1) -> str:
    """``.+?`` (``.*?`` for ``least`` 0) before a lookahead that can hold only where the next
    character is one of ``stops`` (a class's contents, holding ``\\s``) or at the end: it
    passes the other characters in one step instead of trying the lookahead before each.

    The loop is unrolled (each turn opens on a stop), so a run splits only one way and a
    failing match cannot backtrack through the ways; Python 3.10 has no possessive ``*+``.
    """
    run = rf"[^{stops}]*"
    return ("." if least else "") + rf"{run}(?:[{stops}]{run})*?"


_LICENSURE_LABEL = vocab.LICENSURE_LABEL
_SPECIALTY_LABEL = vocab.SPECIALTY_LABEL
# A full stop ends a list, but not one inside an abbreviated name, which "&" or "and" follows
# ("Physical Med. & Rehab.", "Physical Med. and Rehab."). (The patterns ignore case: a
# sentence's capital cannot tell.)
_STOP = r"\.\s(?!\s*(?:&|and\s))"
_LABELLED_END = rf"(?={_LICENSURE_LABEL}|{_SPECIALTY_LABEL}|{_STOP}|\.?$)"
# Where a labelled list can end: a space, a full stop, or the next label's first letter.
_LABELLED_STOPS = rf"\s.{_LICENSURE_LABEL[0]}{_SPECIALTY_LABEL[0]}"
assert _LICENSURE_LABEL[0].isalpha() and _SPECIALTY_LABEL[0].isalpha()
_LICENSURE = Folded(
    rf"{_LICENSURE_LABEL}\s*({_lazy(_LABELLED_STOPS, 0)})\s*{_LABELLED_END}", "state"
)
_SPECIALTY = Folded(
    rf"{_SPECIALTY_LABEL}\s*({_lazy(_LABELLED_STOPS, 0)})\s*{_LABELLED_END}", "ce", "tification"
)

# A sentence after the labelled list, which the unwrapped section joins to its last entry:
# a capitalised word and three lower-case ones ("The reviewer has no ..."), the first no
# joining word as in a name typed in lower case ("Surgery of the hand"). Case-sensitive, on
# the list's words only. After a label that names none, the sentence is all its words: that
# is matched apart (``^|\s`` would try the alternation at every character).
_SENTENCE = r"[A-Z]\S*\s+(?!(?:of|and|the|in|for|with|to)\s)[a-z]\S*(?:\s+[a-z]\S*){2}"
_SENTENCE_FIRST = re.compile(_SENTENCE)
_SENTENCE_AFTER = re.compile(rf"\s(?={_SENTENCE})")


def _sentence_at(words: str) -> int | None:
    """Where a sentence joined to a labelled list's ``words`` starts, if one is."""
    if words.istitle():
        # Every word capitalised (nearly every list): no lower-case letter follows a space,
        # where each of a sentence's later words starts.
        return None
    if _SENTENCE_FIRST.match(words):
        return 0
    m = _SENTENCE_AFTER.search(words)
    return None if m is None else m.end()


# Where a list in a sentence can end: a space, a comma, a semicolon or a full stop.
_PROSE_STOPS = r"\s.,;"
# "licensed to practice in the State of California": the words before the state's name.
_STATE_OF = r"(?:the\s+)?(?:states?\s+of\s+)?"
# Where the sentence's certification ends: at the subspecialty, the licence or the full stop.
_CERTIFIED_END = (
    r"(?=,?\s+has\s+a\s+sub-?specialty|,?\s+and\s+is\s+|,?\s+and\s+(?:has|holds)\b"
    rf"|{_STOP}|\.?$|;)"
)
_CERTIFIED = Folded(
    rf"Board[\s-]+Certified\s+in\s+({_lazy(_PROSE_STOPS)}){_CERTIFIED_END}", "board"
)
# Who holds a licence and no board certification says so in its place: "is licensed in
# Chiropractic, has a subspecialty in Acupuncture and is licensed to practice in California".
_LICENSED_IN = Folded(
    rf"licensed\s+in\s+{_STATE_OF}({_lazy(_PROSE_STOPS)}){_CERTIFIED_END}", "licensed"
)
_SUBSPECIALTY = Folded(
    rf"has\s+a\s+sub-?specialty\s+in\s+({_lazy(_PROSE_STOPS)})"
    rf"(?=,?\s+and\s+is\s+|,?\s+and\s+(?:has|holds)\b|{_STOP}|\.?$|;)",
    "has",  # "He/she has ..." opens most texts: "sub" is rarer
    "sub",
)
# A stop after a lone letter ends an abbreviation ("Washington, D.C. and Virginia"), not the
# sentence.
_LICENSED = Folded(
    rf"licensed\s+to\s+practice\s+in\s+{_STATE_OF}({_lazy(_PROSE_STOPS)})"
    r"(?=(?<!\.[a-z])\.\s|\.?$|;|,?\s+and\s+(?:has|is)\b|\s+He/she)",
    "licensed",
)
assert _LICENSED.first == _LICENSED_IN.first  # one test serves both (below)
# Specialty names contain "and" (Obstetrics and Gynecology): split on commas and semicolons only.
# The space before one is left to _split's strip(): a pattern opening with the separator lets
# re skip to it, where one opening with ``\s*`` is tried at every character.
_LIST = re.compile(r"[,;]\s*(?:and\s+)?")


# A specialty word as OCR misreads it (see the vocabulary), whole, in any case.
_MISREAD = re.compile(rf"\b(?:{'|'.join(vocab.OCR_SPECIALTY_WORDS)})\b", re.IGNORECASE)


def _unmisread(m: re.Match[str]) -> str:
    """The word OCR misread, in the misreading's case ("Intemal" -> "Internal")."""
    read, word = m[0], vocab.OCR_SPECIALTY_WORDS[m[0].lower()]
    return word.upper() if read.isupper() else word.capitalize() if read[0].isupper() else word


_AND = re.compile(r"\s(?:and|&)\s", re.IGNORECASE)
_NAMES_WITH_AND = [name.split() for name in vocab.SPECIALTIES_WITH_AND]


def _one_name(part: str) -> bool:
    """Whether ``part``, holding "and", is one name with "and", maybe abbreviated ("Physical
    Med. and Rehab.": each word a name's word's start)."""
    words = _AND.sub(" and ", part).lower().replace(".", "").split()
    return any(
        len(name) == len(words) and all(n.startswith(w) for w, n in zip(words, name, strict=True))
        for name in _NAMES_WITH_AND
    )


def _joined(parts: list[str], field: str, warnings: list[str]) -> None:
    """Warn of a sentence's list entry that an "and" may join two ("Addiction Psychiatry and
    Forensic Psychiatry"): no name of the letters' holds it."""
    for part in parts:
        if _AND.search(part) and not _one_name(part):
            warnings.append(f"reviewer {field}: {part!r} may name two, joined by 'and'")


# An "&" spaced on one side only ("Public Health &General Preventive Medicine"): an extractor
# joined the lines a name wrapped across without the space; a typist spaces both or neither.
_GLUED_AMPERSAND = re.compile(r"(?<=\w)(?: &|& )(?=\w)")


def _split(text: str) -> list[str]:
    if any(map(text.lower().__contains__, vocab.OCR_SPECIALTY_WORDS)):  # (rare: skip the scan)
        text = _MISREAD.sub(_unmisread, text)
    if "&" in text and text.count("&") != text.count(" & "):  # (every "&" spaced: none glued)
        text = _GLUED_AMPERSAND.sub(" & ", text)
    parts = _LIST.split(text) if "," in text or ";" in text else [text]  # (one name: no split)
    return [word for part in parts if (word := part.strip().rstrip("."))]


def _role(text: str, low: str | None, warnings: list[str]) -> Role | None:
    """The reviewer's role: the naming sentence's, else the one the section names throughout;
    None with a warning where it names both and no sentence decides."""
    m = _ROLE_SENT.search(text, low)
    # Case folded: a match's group reads the same in the text and the lowered text.
    named = {m[1].upper()} if m else {m[1].upper() for m in _ROLE_ANY.finditer(text, low)}
    if len(named) > 1:
        warnings.append(
            "reviewer role unclear: the letter names the reviewer both "
            + " and ".join(sorted(vocab.ROLES[word] for word in named))
        )
        return None
    return _ROLES[named.pop()] if named else None


def read_reviewer(text: str, warnings: list[str]) -> Reviewer:
    """Read the reviewer from the HOW THE IMR FINAL DETERMINATION WAS MADE section's text."""
    low = lowered(text)  # once, for every pattern below

    def found(pattern: Folded) -> list[str]:
        """The words each match of ``pattern`` captures, as the text has them."""
        return [text[m.start(1) : m.end(1)] for m in pattern.finditer(text, low)]

    role = _role(text, low, warnings)

    # Whether the text holds the word each prose pattern needs (Folded.finditer's own test):
    # most letters list their credentials instead, and a scan not set up costs nothing.
    licensed_in_prose = low is None or _LICENSED.first in low  # (both "licensed" patterns')
    certified_in_prose = low is None or _CERTIFIED.first in low
    subspecialty_in_prose = low is None or _SUBSPECIALTY.also in low
    licensed: list[str] = []
    fields: list[str] = []  # "licensed in Chiropractic": the field a licence is in
    for words in found(_LICENSED_IN) if licensed_in_prose else ():
        states, unresolved = split_states(words)
        if states and not unresolved:  # "licensed in California": a licence
            licensed += [s for s in states if s not in licensed]
        else:
            fields.append(words)
    specialties: list[str] = []
    labelled = found(_SPECIALTY)
    for i, words in enumerate(labelled):
        if (at := _sentence_at(words)) is not None:
            warnings.append(f"reviewer specialties: words after the list left out: {words[at:]!r}")
            labelled[i] = words = words[:at].rstrip()
        if not words:
            warnings.append("reviewer specialties: 'Certification(s)/Specialty:' names none")
    for words in labelled:
        specialties += [s for s in _split(words) if s not in specialties]
    for words in (*found(_CERTIFIED), *fields) if certified_in_prose else fields:
        parts = _split(words)
        _joined(parts, "specialties", warnings)
        specialties += [s for s in parts if s not in specialties]
    subspecialties: list[str] = []
    for words in found(_SUBSPECIALTY) if subspecialty_in_prose else ():
        parts = _split(words)
        _joined(parts, "subspecialties", warnings)
        subspecialties += [s for s in parts if s not in subspecialties]

    labelled = found(_LICENSURE)
    if "" in labelled:
        warnings.append("reviewer licensed_in: 'State(s) of Licensure:' names no state")
    for words in (*labelled, *found(_LICENSED)) if licensed_in_prose else labelled:
        states, unresolved = split_states(words)
        licensed += [s for s in states if s not in licensed]
        for part in unresolved:
            warnings.append(f"licence state not recognised: {part!r}")
        if capital := capital_with_comma(words):
            warnings.append(f"licence {capital!r} read as the District of Columbia alone")
    if text:
        # A section stating no role, specialty or licence the parser can read: said, as any
        # field left empty (subspecialties: most reviewers have none).
        for name, value in (
            ("role", role),
            ("specialties", specialties),
            ("licensed_in", licensed),
        ):
            if not value and not any(w.startswith(f"reviewer {name}") for w in warnings):
                warnings.append(f"reviewer {name}: the letter states none that could be read")
    return Reviewer(
        role=role, specialties=specialties, subspecialties=subspecialties, licensed_in=licensed
    )
