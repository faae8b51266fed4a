"""US state names: full names in the letter's order, abbreviations and misspellings resolved."""

from __future__ import annotations

import difflib
import functools
import re

STATES = (
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "District of Columbia",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
    "Puerto Rico",
)
_ABBREVIATIONS = dict(
    zip(
        (
            "AL",
            "AK",
            "AZ",
            "AR",
            "CA",
            "CO",
            "CT",
            "DE",
            "DC",
            "FL",
            "GA",
            "HI",
            "ID",
            "IL",
            "IN",
            "IA",
            "KS",
            "KY",
            "LA",
            "ME",
            "MD",
            "MA",
            "MI",
            "MN",
            "MS",
            "MO",
            "MT",
            "NE",
            "NV",
            "NH",
            "NJ",
            "NM",
            "NY",
            "NC",
            "ND",
            "OH",
            "OK",
            "OR",
            "PA",
            "RI",
            "SC",
            "SD",
            "TN",
            "TX",
            "UT",
            "VT",
            "VA",
            "WA",
            "WV",
            "WI",
            "WY",
            "PR",
        ),
        STATES,
        strict=True,
    )
)
_BY_KEY = {s.lower(): s for s in STATES}
# Names that are no state's name: the capital's ("Washington DC"), keyed without spaces.
_ALIASES = {"washingtondc": "District of Columbia"}
# The capital's name with its comma ("Washington, D.C."), which the split below would read as
# two states. It nearly always means the capital; the caller warns that it was read so.
_CAPITAL_WITH_COMMA = re.compile(r"\bWashington\s*,\s*D\.?\s*C\b\.?", re.IGNORECASE)
# A misspelling is one to three letters off its name ("Pensylvania", "Conneticuit"): a text
# longer or shorter than that is no one state (a dropped comma: "Pennsylvania Ohio"), and a
# ratio of 0.75 between lengths so far apart would say nothing.
_FUZZY_SLACK = 3
_FUZZY_LONGEST = max(len(k) for k in _BY_KEY) + _FUZZY_SLACK
# Most state names take three words at most ("District of Columbia").
_LONGEST_WORDS = max(len(k.split()) for k in _BY_KEY)
# Between states: a separator character, or the word "and".
_SEPARATORS = ",;/&"
_AND = "and"
_SPLIT = re.compile(rf"\s*(?:[{_SEPARATORS}]|\b{_AND}\b)\s*", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)  # fuzzy matching is slow; corpora repeat their typos
def resolve_state(name: str) -> str | None:
    """The full state name ``name`` means, or None when it is no state or is ambiguous."""
    parts = name.replace(".", " ").split()
    if all(len(part) == 1 for part in parts):
        parts = ["".join(parts)]  # "N.Y.": the letters of an abbreviation
    key = " ".join(parts)
    if not key:
        return None
    if alias := _ALIASES.get(key.lower().replace(" ", "")):
        return alias
    if key.upper() in _ABBREVIATIONS and len(key) == 2:
        return _ABBREVIATIONS[key.upper()]
    if key.lower() in _BY_KEY:
        return _BY_KEY[key.lower()]
    if len(key) > _FUZZY_LONGEST:
        return None
    # A misspelling counts only when one state is clearly the closest (Conneticuit).
    # Names of other lengths still score, as runners-up: the margin over them must hold.
    scored = sorted(
        ((difflib.SequenceMatcher(None, key.lower(), k).ratio(), v) for k, v in _BY_KEY.items()),
        reverse=True,
    )
    (best, state), (second, _) = scored[0], scored[1]
    if best >= 0.75 and best - second >= 0.1 and abs(len(key) - len(state)) <= _FUZZY_SLACK:
        return state
    return None


def _run_of_states(part: str) -> list[str]:
    """The states ``part`` names one after another without a separator ("California Texas",
    "New York New Jersey"), each word in one; [] unless every word is in one."""
    words = part.split()
    found: list[str] = []
    at = 0
    while at < len(words):
        # The longest name first: "West Virginia", not "West" then "Virginia".
        for n in range(min(_LONGEST_WORDS, len(words) - at), 0, -1):
            state = _BY_KEY.get(" ".join(words[at : at + n]).lower())
            if state is not None:
                found.append(state)
                at += n
                break
        else:
            return []
    return found


def capital_with_comma(text: str) -> str | None:
    """The capital's name with its comma ("Washington, DC"), as ``text`` writes it, if it does."""
    if "ashington" not in text and "ASHINGTON" not in text:  # most lists: no regex run
        return None
    m = _CAPITAL_WITH_COMMA.search(text)
    return m[0] if m else None


def split_states(text: str) -> tuple[list[str], list[str]]:
    """States listed in ``text`` ("Conneticuit, California, and Pennsylvania").

    Returns the resolved full names in order and the parts that could not be resolved.
    """
    found: list[str] = []
    unresolved: list[str] = []
    if capital_with_comma(text):
        text = _CAPITAL_WITH_COMMA.sub("District of Columbia", text)
    text = text.strip().rstrip(".")
    if _AND in text.lower():
        parts = _SPLIT.split(text)
    else:
        # No "and" (which no other character matches case-insensitively): the separators
        # are characters, split on by str methods where _SPLIT, opening with \s*, is tried
        # at every position; the blanks it would take are stripped below.
        for sep in _SEPARATORS[1:]:
            if sep in text:
                text = text.replace(sep, _SEPARATORS[0])
        parts = text.split(_SEPARATORS[0])
    for part in parts:
        part = part.strip()
        if not part:
            continue
        state = resolve_state(part)
        states = [state] if state is not None else _run_of_states(part)
        if not states:
            unresolved.append(part)
        for state in states:
            if state not in found:
                found.append(state)
    return found, unresolved
