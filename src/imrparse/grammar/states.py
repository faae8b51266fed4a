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
# A ratio is 2 * matches / (both lengths), matches at most a state name's length: no text
# longer than this can reach 0.75 against any name, and comparing it costs its length squared.
_FUZZY_LONGEST = 2 * max(len(k) for k in _BY_KEY)
_SPLIT = re.compile(r"\s*(?:,|;|/|&|\band\b)\s*", re.IGNORECASE)


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
    scored = sorted(
        ((difflib.SequenceMatcher(None, key.lower(), k).ratio(), v) for k, v in _BY_KEY.items()),
        reverse=True,
    )
    (best, state), (second, _) = scored[0], scored[1]
    if best >= 0.75 and best - second >= 0.1:
        return state
    return None


def split_states(text: str) -> tuple[list[str], list[str]]:
    """States listed in ``text`` ("Conneticuit, California, and Pennsylvania").

    Returns the resolved full names in order and the parts that could not be resolved.
    """
    found: list[str] = []
    unresolved: list[str] = []
    for part in _SPLIT.split(text.strip().rstrip(".")):
        part = part.strip()
        if not part:
            continue
        state = resolve_state(part)
        if state is None:
            unresolved.append(part)
        elif state not in found:
            found.append(state)
    return found, unresolved
