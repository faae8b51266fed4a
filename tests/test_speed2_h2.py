"""The second speed round's fast paths (header, dates, records) against the old code as oracle."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import cast

from hypothesis import example, given
from hypothesis import strategies as st

from imrparse import vocabulary as vocab
from imrparse.grammar import dates, reviewer
from imrparse.grammar.dates import parse_date
from imrparse.grammar.header import Header, _check_order
from imrparse.grammar.scan import lowered
from imrparse.models import Determination, Outcome, letter_outcome


def _old_parse_date(text: str, *, today: date | None = None) -> date | None:
    """parse_date before its sliced fast path: the pattern reads every numeric date."""
    m = dates._NUMERIC.fullmatch(text)
    if m is None:
        text = text.strip().rstrip(".,;")
        m = dates._NUMERIC.fullmatch(text)
    if m is not None:
        month, day, year = m.groups()
        y, mo, d = int(year), int(month), int(day)
        try:
            if len(year) == 4:
                return date(y, mo, d)
            when = date(2000 + y, mo, d)
        except ValueError:
            return None
        if when > (today or date.today()):
            return dates._make(when.year - 100, when.month, when.day)
        return when
    m = dates._NAMED.fullmatch(text)
    if m and m[1].lower() in dates._MONTHS:
        return dates._make(int(m[3]), dates._MONTHS[m[1].lower()], int(m[2]))
    return None


# Characters a numeric date's slices may hold: ASCII and other scripts' digits, separators.
_CHARS = st.sampled_from("0123456789/-. ,\u0663\u096a\uff11a")


@given(st.text(_CHARS, min_size=8, max_size=12), st.none() | st.dates())
@example("12/30/2016", None)
@example("02/30/2016", None)
@example("12/30/2150", None)
@example("12/30/1850", None)
@example("00/00/0000", None)
@example("\u0661\u0662/30/2016", None)
@example("12/3\uff10/2016", None)
def test_parse_date_matches_the_pattern(text: str, today: date | None) -> None:
    assert parse_date(text, today=today) == _old_parse_date(text, today=today)


@given(
    st.builds(
        lambda m, d, y, s1, s2: f"{m}{s1}{d}{s2}{y}",
        st.text(_CHARS, min_size=2, max_size=2),
        st.text(_CHARS, min_size=2, max_size=2),
        st.text(_CHARS, min_size=4, max_size=4) | st.sampled_from(["2016", "1999", "2099"]),
        st.sampled_from("/-"),
        st.sampled_from("/-"),
    ),
    st.none() | st.dates(),
)
def test_parse_date_sliced_shape(text: str, today: date | None) -> None:
    assert parse_date(text, today=today) == _old_parse_date(text, today=today)


@given(st.dates(), st.sampled_from(["/", "-"]), st.none() | st.dates())
def test_parse_date_reads_every_written_date(when: date, sep: str, today: date | None) -> None:
    for text in (
        f"{when.month:02d}{sep}{when.day:02d}{sep}{when.year:04d}",
        f"{when.month}{sep}{when.day}{sep}{when.year}",
        f"{when.month:02d}{sep}{when.day:02d}{sep}{when.year % 100:02d}",
    ):
        assert parse_date(text, today=today) == _old_parse_date(text, today=today)


def _old_letter_outcome(outcomes: list[str | None]) -> str | None:
    """letter_outcome before its one pass: by sets."""
    found = set(outcomes)
    if not found:
        return None
    known = found - {None}
    if len(known) > 1:
        return "mixed"
    if None in found or not known:
        return None
    return known.pop()


@given(st.lists(st.sampled_from(["upheld", "overturned", None]), max_size=6))
def test_letter_outcome_matches_the_sets(outcomes: list[str | None]) -> None:
    determinations = tuple(
        Determination(item="x", outcome=cast(Outcome | None, o)) for o in outcomes
    )
    assert letter_outcome(determinations) == _old_letter_outcome(outcomes)


def _old_check_order(header: Header, warn: Callable[[str, str], None]) -> None:
    """_check_order before its in-order pass: by a sorted copy."""
    dates = header.dates
    values = [d for k in vocab.CHRONOLOGY if (d := dates.get(k)) is not None]
    if values == sorted(values):
        return
    order = [k for k in vocab.CHRONOLOGY if header.dates.get(k) is not None]
    best: list[list[int]] = []
    for i, v in enumerate(values):
        chains = [c for c in best if values[c[-1]] <= v]
        longest = max(chains, key=lambda chain: len(chain), default=[])
        best.append([*longest, i])
    keep: set[int] = set(max(best, key=lambda chain: len(chain)) if best else ())
    for i, key in enumerate(order):
        if i not in keep:
            when = header.dates.pop(key)
            warn(key, f"{when} is out of order with the letter's other dates")


@given(
    st.dictionaries(
        st.sampled_from(vocab.CHRONOLOGY),
        st.dates(min_value=date(2015, 1, 1), max_value=date(2015, 1, 8)),
    )
)
def test_check_order_matches_the_sort(dates: dict[str, date]) -> None:
    said: list[list[tuple[str, str]]] = [[], []]
    headers = [Header(dates=dict(dates)), Header(dates=dict(dates))]
    _check_order(headers[0], lambda key, why: said[0].append((key, why)))
    _old_check_order(headers[1], lambda key, why: said[1].append((key, why)))
    assert headers[0].dates == headers[1].dates
    assert list(headers[0].dates) == list(headers[1].dates)
    assert said[0] == said[1]


def _old_split(text: str) -> list[str]:
    """reviewer._split before its spaced-"&" test: the glued pass on every "&"."""
    if any(map(text.lower().__contains__, vocab.OCR_SPECIALTY_WORDS)):
        text = reviewer._MISREAD.sub(reviewer._unmisread, text)
    if "&" in text:
        text = reviewer._GLUED_AMPERSAND.sub(" & ", text)
    parts = reviewer._LIST.split(text) if "," in text or ";" in text else [text]
    return [word for part in parts if (word := part.strip().rstrip("."))]


@given(st.text(st.sampled_from("& a,;.\u00e9_1"), max_size=14))
@example("Physical Medicine & Rehabilitation, Sports Medicine")
@example("Public Health &General Preventive Medicine")
@example("a & & b")
def test_split_matches_the_glued_pass(text: str) -> None:
    assert reviewer._split(text) == _old_split(text)


def _old_role(text: str, low: str | None, warnings: list[str]) -> str | None:
    """reviewer._role before its search: the naming sentence by the iterator."""
    m = next(reviewer._ROLE_SENT.finditer(text, low), None)
    named = {m[1].upper()} if m else {m[1].upper() for m in reviewer._ROLE_ANY.finditer(text, low)}
    if len(named) > 1:
        warnings.append(
            "reviewer role unclear: the letter names the reviewer both "
            + " and ".join(sorted(vocab.ROLES[word] for word in named))
        )
        return None
    return vocab.ROLES[named.pop()] if named else None


_ROLE_TEXT = st.lists(
    st.sampled_from(
        [
            "case file to",
            "Case File was sent to",
            "reviewed by",
            " an ",
            " a ",
            "expert",
            "Physician",
            " reviewer",
            "\u0130",
            ". ",
        ]
    )
).map("".join)


@given(_ROLE_TEXT)
@example("MAXIMUS sent the case file to an expert reviewer. The physician reviewer")
@example("The physician reviewer and the expert reviewer")
def test_role_matches_the_iterator(text: str) -> None:
    said: list[list[str]] = [[], []]
    low = lowered(text)
    assert reviewer._role(text, low, said[0]) == _old_role(text, low, said[1])
    assert said[0] == said[1]
