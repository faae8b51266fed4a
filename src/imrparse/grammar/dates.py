"""Every date in a letter, one module: the header's, the summary's injury date, any other.

Letters write ``06/03/2011``, ``3/15/2012``, ``2-25-2002``, ``06/11/10`` and, in prose,
``August 12, 2013`` or ``Aug. 12, 2013``. A two-digit year is 20YY unless that lies after the
letter's own reference date (its decision date where known, else today), then 19YY. Years in
citations ("ACOEM 2004") are not dates and are never read here.
"""

from __future__ import annotations

import re
from datetime import date

from .. import vocabulary as vocab

_MONTH_NAMES = (
    ("jan", "january"),
    ("feb", "february"),
    ("mar", "march"),
    ("apr", "april"),
    ("may",),
    ("jun", "june"),
    ("jul", "july"),
    ("aug", "august"),
    ("sep", "sept", "september"),
    ("oct", "october"),
    ("nov", "november"),
    ("dec", "december"),
)
_MONTHS = {name: i for i, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))

# A date as letters write it, for use inside larger patterns. Digits may be split by a
# wrapped line's space ("1- 8-14"), which unwrapping has already rejoined.
NUMERIC = r"\d{1,2}\s?[/-]\s?\d{1,2}\s?[/-]\s?(?:\d{4}|\d{2})(?![\d/])"
NAMED = rf"(?:{_MONTH_WORD})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}(?!\d)"
DATE = rf"(?:{NUMERIC}|(?i:{NAMED}))"
# DATE inside a case-insensitive pattern (a scan.Folded one): without the inline flag, run
# case-sensitively over lower-cased text, re passes a month name by its first letter.
FOLDED_DATE = rf"(?:{NUMERIC}|{NAMED})"
# What a DATE match can start with, as a character class's contents.
DATE_FIRST = r"\d" + "".join(sorted({m[0] for m in _MONTHS} | {m[0].upper() for m in _MONTHS}))

# What may stand between two dates that make a range or a list ("10/20/2015 - 10/20/2016",
# "01/01/2015 to 10/20/2016", "10/20/2015, 10/20/2016"): such a pair states no one date. A
# plain space does not join: a date that merely follows a value is a stray, not its second half.
DATE_JOIN = re.compile(
    rf"\s*(?:[-\u2013\u2014,&/]|(?:{'|'.join(vocab.DATE_JOINERS)})\b)\s*", re.IGNORECASE
)

_NUMERIC = re.compile(r"(\d{1,2})\s?[/-]\s?(\d{1,2})\s?[/-]\s?(\d{4}|\d{2})")
_NAMED = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.IGNORECASE)
DATE_RE = re.compile(DATE)
# A date's numbers as letters write them -> their value: a look-up costs a third of int().
_NUMBER = {
    text: int(text)
    for n in (*range(100), *range(1900, 2100))
    for text in {str(n), f"{n:02d}", f"{n:04d}"}
}

# Before this no letter's process date (UR denial, application, assignment, decision) can lie:
# IMR began in 2013 and UR denials it reviews are from 2012 on.
PROCESS_START = date(2012, 1, 1)
# No injury date before this is plausible for a living worker's claim.
INJURY_START = date(1900, 1, 1)


def parse_date(text: str, *, today: date | None = None) -> date | None:
    """The date ``text`` states (the whole of it), or None when it is no valid date.

    ``today`` is the reference for two-digit years: pass the letter's decision date.
    """
    if len(text) == 10 and text[2] == "/" == text[5]:
        # "12/30/2016", the common case (a header's value, already bare), read by slices:
        # where each slice is a key of _NUMBER (ASCII digits), _NUMERIC matches them alike.
        try:
            y, mo, d = _NUMBER[text[6:]], _NUMBER[text[:2]], _NUMBER[text[3:5]]
        except KeyError:
            pass  # (another year, other digits: the pattern decides)
        else:
            try:
                return date(y, mo, d)
            except ValueError:
                return None
    m = _NUMERIC.fullmatch(text)
    if m is None:
        text = text.strip().rstrip(".,;")
        m = _NUMERIC.fullmatch(text)
    if m is not None:
        month, day, year = m.groups()
        try:
            y, mo, d = _NUMBER[year], _NUMBER[month], _NUMBER[day]
        except KeyError:  # (rare: another script's digits, an odd year)
            y, mo, d = int(year), int(month), int(day)
        try:
            if len(year) == 4:
                return date(y, mo, d)
            when = date(2000 + y, mo, d)
        except ValueError:
            return None
        if when > (today or date.today()):
            return _make(when.year - 100, when.month, when.day)
        return when
    m = _NAMED.fullmatch(text)
    if m and m[1].lower() in _MONTHS:
        return _make(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    return None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
