"""Dates as the letters write them (06/03/2011, 3/15/2012, 2-25-2002, 06/11/10) into ISO dates."""

from __future__ import annotations

import re
from datetime import date

# Used inside larger patterns to find a date in prose.
DATE = r"\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})(?![\d/-])"

_NUMERIC = re.compile(r"(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4}|\d{2})")
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_NAMED = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})")


def parse_date(text: str, *, today: date | None = None) -> date | None:
    """The date ``text`` states, or None when it is not a valid date.

    A two-digit year is 20YY unless that lies in the future, then 19YY.
    """
    text = text.strip().rstrip(".,;")
    m = _NUMERIC.fullmatch(text)
    if m:
        month, day, year = int(m[1]), int(m[2]), m[3]
        if len(year) == 2:
            today = today or date.today()
            full = 2000 + int(year)
            try:
                if date(full, month, day) > today:
                    full -= 100
            except ValueError:
                return None
            return _make(full, month, day)
        return _make(int(year), month, day)
    m = _NAMED.fullmatch(text)
    if m and m[1].lower() in _MONTHS:
        return _make(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    return None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
