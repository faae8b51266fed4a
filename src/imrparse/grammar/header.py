"""The case header: ``Label: value`` pairs, one per line or several on a line."""

from __future__ import annotations

import re
from datetime import date

from attrs import define, field

from .dates import parse_date

# Header label -> record field. Dates go to ``dates``, the rest to the letter.
LABELS = {
    "case number": "case_number",
    "date assigned": "assigned",
    "date of injury": "injury",
    "decision date": "decision",
    "ur denial date": "ur_denial",
    "priority": "priority",
    "application received": "application_received",
}
_LABEL = re.compile(
    r"(?<![\w])(" + "|".join(k.replace(" ", r"\s+") for k in LABELS) + r")\s*:", re.IGNORECASE
)
_REDACTED = re.compile(r"\[?\s*redacted\s*\]?", re.IGNORECASE)
DATE_FIELDS = ("assigned", "injury", "decision", "ur_denial", "application_received")


@define
class Header:
    case_number: str | None = None
    priority: str | None = None
    dates: dict[str, date | None] = field(factory=dict)
    warnings: list[str] = field(factory=list)


def read_header(text: str) -> Header:
    """Read the labelled header fields found in ``text`` (the lines before the first section)."""
    header = Header()
    matches = list(_LABEL.finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = " ".join(text[m.end() : end].split())
        label = " ".join(m[1].lower().split())
        key = LABELS[label]
        if not value or _REDACTED.fullmatch(value):
            continue
        if key == "case_number":
            header.case_number = value.split()[0]
        elif key == "priority":
            header.priority = value.split()[0].capitalize()
        else:
            when = parse_date(value.split()[0])
            if when is None:
                header.warnings.append(f"header {m[1]!r} is not a date: {value!r}")
            header.dates[key] = when
    return header
