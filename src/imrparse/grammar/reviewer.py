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
from .scan import finditer_from
from .states import split_states

_ROLE_WORDS = "|".join(vocab.ROLES)
_ROLE_SENT = re.compile(rf"case file to an?\s+({_ROLE_WORDS})\s+reviewer", re.IGNORECASE)
_ROLE_ANY = re.compile(rf"\b({_ROLE_WORDS})\s+reviewer\b", re.IGNORECASE)

_LICENSURE_LABEL = vocab.LICENSURE_LABEL
_SPECIALTY_LABEL = vocab.SPECIALTY_LABEL
_LABELLED_END = rf"(?={_LICENSURE_LABEL}|{_SPECIALTY_LABEL}|\.\s|\.?$)"
_LICENSURE = re.compile(rf"{_LICENSURE_LABEL}\s*(.*?)\s*{_LABELLED_END}", re.IGNORECASE)
_SPECIALTY = re.compile(rf"{_SPECIALTY_LABEL}\s*(.*?)\s*{_LABELLED_END}", re.IGNORECASE)

_CERTIFIED = re.compile(
    r"Board[\s-]+Certified\s+in\s+(.+?)(?=,?\s+has\s+a\s+sub-?specialty|,?\s+and\s+is\s+"
    r"|,?\s+and\s+(?:has|holds)\b|\.\s|\.?$|;)",
    re.IGNORECASE,
)
_SUBSPECIALTY = re.compile(
    r"has\s+a\s+sub-?specialty\s+in\s+(.+?)(?=,?\s+and\s+is\s+|,?\s+and\s+(?:has|holds)\b|\.\s|\.?$|;)",
    re.IGNORECASE,
)
_LICENSED = re.compile(
    r"licensed\s+to\s+practice\s+in\s+(.+?)(?=\.\s|\.?$|;|,?\s+and\s+(?:has|is)\b|\s+He/she)",
    re.IGNORECASE,
)
# Specialty names contain "and" (Obstetrics and Gynecology): split on commas and semicolons only.
_LIST = re.compile(r"\s*[,;]\s*(?:and\s+)?")


def _split(text: str) -> list[str]:
    return [p.strip().rstrip(".") for p in _LIST.split(text) if p.strip().rstrip(".")]


def read_reviewer(text: str, warnings: list[str]) -> Reviewer:
    """Read the reviewer from the HOW THE IMR FINAL DETERMINATION WAS MADE section's text."""
    m = _ROLE_SENT.search(text) or _ROLE_ANY.search(text)
    role: Role | None = None
    if m:
        role = cast(Role, vocab.ROLES[m[1].upper()])

    specialties: list[str] = []
    specialty = finditer_from(_SPECIALTY, text, ("cert",))
    for m in (*specialty, *finditer_from(_CERTIFIED, text, ("board",))):
        specialties += [s for s in _split(m[1]) if s not in specialties]
    subspecialties: list[str] = []
    for m in _SUBSPECIALTY.finditer(text):
        subspecialties += [s for s in _split(m[1]) if s not in subspecialties]

    licensed: list[str] = []
    for m in (*_LICENSURE.finditer(text), *_LICENSED.finditer(text)):
        states, unresolved = split_states(m[1])
        licensed += [s for s in states if s not in licensed]
        for part in unresolved:
            warnings.append(f"licence state not recognised: {part!r}")
    return Reviewer(
        role=role, specialties=specialties, subspecialties=subspecialties, licensed_in=licensed
    )
