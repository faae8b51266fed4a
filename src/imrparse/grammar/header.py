"""The case header: its labels paired with their values, each value validated where it is read.

Extractors hand the header table over in three shapes: label and value side by side
(``Date Assigned: 12/05/2016 Date of Injury: 10/20/2016``), column by column (all labels,
then all values: pdfminer.six, pdftotext), or as cells (HTML, Markdown, the PDF reader's
:class:`~imrparse.document.HeaderField` pairs). In every shape the labels and the values of a
kind come in the same order: side by side, a label takes the value right after it; column by
column, values are paired with their kind's labels by order, a column's dates apart from the
other's where the case number and the priority tell them apart. A label split by a wrapped cell
(``Application`` ... ``Received:``) is one label. A cell holding no date ("N/A") or two (a
range) is one value that is no date. What cannot be paired with confidence, or fails its check
(a case number's form, the priority's words, a plausible date in the process's order), is null
with a warning naming the field.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Container, Iterable, Sequence
from datetime import date

from attrs import define, field

from .. import vocabulary as vocab
from ..document import HeaderField
from .dates import DATE_FIRST, DATE_JOIN, FOLDED_DATE, INJURY_START, PROCESS_START, parse_date
from .scan import Folded, lowered

_CASE_STRICT = re.compile(vocab.CASE_NUMBER)
_REDACTED = re.compile(r"\[?\s*REDACTED\s*\]?", re.IGNORECASE)
# A label as the letters print it, for warnings: "Date of Injury", "UR Denial Date".
_DISPLAY = {
    key: " ".join(
        w if w == "UR" else w.lower() if w == "OF" else w.capitalize() for w in label.split()
    )
    for label, key in vocab.HEADER_LABELS.items()
}


def _label_alternatives() -> tuple[list[str], dict[str, tuple[str, str]]]:
    """Regex alternatives for every label, whole (with its colon) or split by a wrapped cell;
    and each alternative's group name -> its field key and its part: whole, head or tail.

    Each alternative starts with its words and ends with an empty group naming it: an
    alternative opening with a letter is passed over at once where that letter is not.
    """
    alternatives: list[str] = []
    groups: dict[str, tuple[str, str]] = {}
    labels = list(vocab.HEADER_LABELS.items())

    def add(name: str, key: str, part: str, source: str) -> None:
        groups[name] = (key, part)
        alternatives.append(rf"{source}(?P<{name}>)")

    for n, (label, key) in enumerate(labels):
        words = label.split()
        add(f"label{n}", key, "whole", rf"{vocab.words_pattern(label)}\s*:")
        for k in range(1, len(words)):
            prefix = words[:k]
            if any(other.split()[:k] == prefix for other, _ in labels if other != label):
                continue  # "Date" starts two labels: a split there would be ambiguous
            head, tail = " ".join(prefix), " ".join(words[k:])
            add(f"head{n}_{k}", key, "head", rf"{vocab.words_pattern(head)}\b(?!\s*:)")
            add(f"tail{n}_{k}", key, "tail", rf"{vocab.words_pattern(tail)}\s*:")
    return alternatives, groups


_LABELS, _GROUPS = _label_alternatives()
_PRIORITY = "|".join(vocab.PRIORITIES)
# Every token starts with one of these: a label word's, a value's or a date's first character.
# The lookahead lets the scan pass other positions without trying each alternative there.
_FIRST = {w[0] for label in vocab.HEADER_LABELS for w in label.split()}
_FIRST |= {w[0] for w in (*vocab.PRIORITIES, *vocab.NO_DATE_VALUES)} | {"C", "R", "["}
_NO_DATE = "|".join(vocab.words_pattern(w) for w in vocab.NO_DATE_VALUES)
_TOKEN = Folded(
    rf"(?=[{re.escape(''.join(sorted(_FIRST)))}{DATE_FIRST}])"
    rf"(?:\b(?:{'|'.join(_LABELS)}|CM\d{{2}}\s?-\s?\d{{3,9}}\b(?P<case>)|(?:{_PRIORITY})\b(?P<priority>)"
    rf"|(?:{_NO_DATE})\b(?P<nodate>))"
    rf"|{FOLDED_DATE}(?P<date>)"
    r"|(?:\[\s*REDACTED\s*\]|\bREDACTED\b)(?P<redacted>))"
)


@define
class Header:
    case_number: str | None = None
    priority: str | None = None
    dates: dict[str, date | None] = field(factory=dict)
    warnings: list[str] = field(factory=list)
    # The fields no label of the header names (all of them: the letter has no case header).
    unlabelled: list[str] = field(factory=list)


# A token: a label's field key and its part ("whole" or "head"), or a value's kind and
# "value"; the same tuple objects as _GROUPS holds. Tokens point into the matches list by
# index: words and the text after a label are sliced only where a record or warning needs them.
_Token = tuple[str, str]
_VALUE = "value"
_GROUPS.update(
    {kind: (kind, _VALUE) for kind in ("case", "priority", "date", "nodate", "redacted")}
)
# The only tokens of their kinds: a token is one of them exactly when it is that object.
_DATE_TOKEN, _REDACTED_TOKEN = _GROUPS["date"], _GROUPS["redacted"]
assert [t for t in _GROUPS.values() if t[0] in ("date", "redacted")] == [
    _DATE_TOKEN,
    _REDACTED_TOKEN,
]
# The groups of split labels' parts: rare (column-by-column PDF text), and only they need the
# heads-and-tails bookkeeping.
_SPLIT = frozenset(token for token in _GROUPS.values() if token[1] in ("head", "tail"))


def _tokens(text: str) -> tuple[list[re.Match[str]], list[_Token], Sequence[int]]:
    """The header's matches, its tokens, and each token's index in the matches."""
    matches = list(_TOKEN.finditer(text, lowered(text)))
    tokens = [_GROUPS[m.lastgroup or ""] for m in matches]
    if _SPLIT.isdisjoint(tokens):
        return matches, tokens, range(len(tokens))
    # A tail only makes its head a label; a split label's head counts only where its tail follows.
    at = [i for i, (_, part) in enumerate(tokens) if part != "tail"]
    heads = [k for k, i in enumerate(at) if tokens[i][1] == "head"]
    tails = len(tokens) - len(at)
    drop = set(heads[tails:])
    at = [i for k, i in enumerate(at) if k not in drop]
    return matches, [tokens[i] for i in at], at


def _kind_of(key: str) -> str:
    return "date" if key in vocab.HEADER_DATES else key


def read_header(text: str, cells: Sequence[HeaderField] = ()) -> Header:
    """The header fields from a layout's cells, or else from the text before the first section."""
    if not cells:
        return _validated(*_pairs_from_text(text))
    pairs, unpaired, again = _pairs_from_cells(cells)
    header = _validated(pairs, unpaired)
    header.warnings += [
        f"header {_DISPLAY[key]}: the file gives a second value, {value!r} (another letter?); "
        "the first was kept"
        for key, value in again.items()
    ]
    return header


def _pairs_from_cells(
    cells: Iterable[HeaderField],
) -> tuple[dict[str, str | None], dict[str, str], dict[str, str]]:
    """Label -> value, the labels whose cell is blank (warned of, as in text), and label ->
    a later cell's other value (a second letter's table in the same file): the first kept."""
    pairs: dict[str, str | None] = {}
    blank: dict[str, str] = {}
    again: dict[str, str] = {}
    first: dict[str, str] = {}  # each label's first value as written
    for cell in cells:
        key = vocab.HEADER_LABELS.get(vocab.fold(cell.label))
        if key is not None:
            value = " ".join(cell.value.split())
            if value and first.setdefault(key, value) != value:
                again.setdefault(key, value)
            elif value:
                pairs[key] = None if _REDACTED.fullmatch(value) else value
                blank.pop(key, None)
            elif key not in pairs:
                blank[key] = ""
    return pairs, blank, again


# A label's kind -> the value tokens it takes; a date label also a word standing for none
# ("N/A"). Any label takes a redaction.
_VALUE_KINDS = {"case_number": ("case",), "priority": ("priority",), "date": ("date", "nodate")}
# Label key -> the value tokens it takes.
_FITTING = {
    key: frozenset((kind, _VALUE) for kind in ("redacted", *_VALUE_KINDS[_kind_of(key)]))
    for key in vocab.HEADER_LABELS.values()
}


def _pairs_from_text(text: str) -> tuple[dict[str, str | None], dict[str, str]]:
    """Label -> value text, from the header's two shapes; and label -> the text after each
    label that no value could be paired with (it says why).

    Side by side (most labels followed at once by a value of their kind), a label takes the
    value right after it, and one without is unpaired. Column by column (labels, then values),
    see :func:`_column_bound`. A label whose value is a date running into a second one (a
    range, a list) holds no one date.
    """
    matches, tokens, at = _tokens(text)
    labels = [i for i, (_, part) in enumerate(tokens) if part != _VALUE]
    last = len(tokens) - 1
    adjacent = {i: i + 1 for i in labels if i < last and tokens[i + 1] in _FITTING[tokens[i][0]]}
    ranges, later = _ranges(text, matches, tokens, at)
    side_by_side = 2 * len(adjacent) >= len(labels)
    bound = adjacent if side_by_side else _column_bound(tokens, labels, later)
    joined = {i: ranges[value] for i, value in bound.items() if value in ranges} if ranges else {}
    for i in joined:
        del bound[i]
    pairs: dict[str, str | None] = {}
    unpaired: dict[str, str] = {}
    for i in labels:
        key = tokens[i][0]
        if i in bound:
            value = bound[i]
            start, end = matches[at[value]].span()
            pairs[key] = None if tokens[value] is _REDACTED_TOKEN else text[start:end]
            if unpaired:
                unpaired.pop(key, None)
        elif i in joined:
            unpaired[key] = " ".join(joined[i].split())
        elif key not in pairs and key not in unpaired:
            j = at[i]  # the text after the label, up to the next match (a tail's too)
            after = text[
                matches[j].end() : matches[j + 1].start() if j < len(matches) - 1 else len(text)
            ]
            unpaired[key] = " ".join(after.split())
    return pairs, unpaired


# Two dates joined into a range or a list, as anywhere (DATE_JOIN); in a header cell also by a
# semicolon ("01/01/2015; 10/20/2016"), which never stands between two cells' values.
_JOIN = re.compile(rf"{DATE_JOIN.pattern}|\s*;\s*", re.IGNORECASE)


def _ranges(
    text: str, matches: Sequence[re.Match[str]], tokens: Sequence[_Token], at: Sequence[int]
) -> tuple[dict[int, str], set[int]]:
    """Each date token that runs into the next ("01/01/2015 - 10/20/2016", "a, b", "a to b",
    "a; b") -> the whole run's text; and the run's later dates, no values of their own."""
    ranges: dict[int, str] = {}
    later: set[int] = set()
    first = -1
    for i in range(1, len(tokens)):
        if tokens[i] is _DATE_TOKEN is tokens[i - 1] and _JOIN.fullmatch(
            text, matches[at[i - 1]].end(), matches[at[i]].start()
        ):
            first = i - 1 if first < 0 else first
            ranges[first] = text[matches[at[first]].start() : matches[at[i]].end()]
            later.add(i)
        else:
            first = -1
    return ranges, later


# Column by column: the labels that cut the dates into runs -> their value token; and the
# value tokens a date label is paired with (a redaction counted with the dates, as before).
_ANCHORS = {key: (kinds[0], _VALUE) for key, kinds in _VALUE_KINDS.items() if key != "date"}
_DATE_VALUES = frozenset((kind, _VALUE) for kind in ("redacted", *_VALUE_KINDS["date"]))


def _column_bound(
    tokens: Sequence[_Token], labels: Sequence[int], later: set[int]
) -> dict[int, int]:
    """Column by column: label token -> its value token.

    Each kind's values follow its labels' order. The case number and the priority (as many
    values as labels) are paired first, and cut the dates into runs: the date labels between
    the same two of them in the labels and the date values between them in the values belong
    together (the table's left column runs from Case Number to Priority, its right column's
    dates come after). In each run the dates are paired in order where their counts agree;
    where they do not (a blank cell, a stray value), that run's labels stay unpaired, and the
    other runs' dates are still read.
    """
    bound: dict[int, int] = {}
    cuts: list[tuple[int, int]] = []
    for key, value in _ANCHORS.items():
        wanted = [i for i in labels if tokens[i][0] == key]
        found = [i for i, token in enumerate(tokens) if token == value]
        if len(wanted) == len(found):
            bound.update(zip(wanted, found, strict=True))
            cuts += zip(wanted, found, strict=True)
    cuts.sort()
    if any(b[1] < a[1] for a, b in itertools.pairwise(cuts)):
        cuts = []  # values out of their labels' order: no run can be told from another
    label_cuts = [c[0] for c in cuts]
    value_cuts = [c[1] for c in cuts]
    runs: dict[int, tuple[list[int], list[int]]] = {}
    for i in labels:
        if tokens[i][0] in vocab.HEADER_DATES:
            runs.setdefault(bisect.bisect(label_cuts, i), ([], []))[0].append(i)
    for i, token in enumerate(tokens):
        if token in _DATE_VALUES and i not in later:
            runs.setdefault(bisect.bisect(value_cuts, i), ([], []))[1].append(i)
    for wanted, found in runs.values():
        if len(wanted) == len(found):
            bound.update(zip(wanted, found, strict=True))
    return bound


_DATE_KEYS = frozenset(vocab.HEADER_DATES)


def _validated(pairs: dict[str, str | None], unpaired: dict[str, str]) -> Header:
    header = Header()

    def warn(key: str, why: str) -> None:
        header.warnings.append(f"header {_DISPLAY[key]}: {why}; left empty")

    if len(pairs) + len(unpaired) < len(vocab.HEADER_LABELS):  # (a label is missing: rare)
        header.unlabelled = [
            key for key in vocab.HEADER_LABELS.values() if key not in pairs and key not in unpaired
        ]
    for key, after in unpaired.items():
        kind = "a date" if key in vocab.HEADER_DATES else "one"
        warn(key, f"{after[:60]!r} is not {kind}" if after else "no value could be paired with it")
    case = pairs.get("case_number")
    if case:
        # An extractor may space the case number at its dash ("CM16- 0229336"): one value.
        case = "".join(case.split())
        if _CASE_STRICT.fullmatch(case):
            header.case_number = case
        else:
            warn("case_number", f"{case!r} is not a case number (CMyy-nnnnnnn)")
    priority = pairs.get("priority")
    if priority:
        word = vocab.PRIORITIES.get(priority.split()[0].upper())
        if word:
            header.priority = word
        else:
            warn("priority", f"{priority!r} is not a priority")
    # Two-digit years resolve against the letter's own decision date, not today's (which
    # leaves the decision date itself as read against today).
    decision = parse_date(written) if (written := pairs.get("decision")) else None
    today = date.today()
    for key, value in pairs.items():
        if not value or key not in _DATE_KEYS:
            continue  # (no date written)
        when = decision if key == "decision" else parse_date(value, today=decision)
        if when is None:
            warn(key, f"{value!r} is not a date")
            continue
        start = INJURY_START if key == "injury" else PROCESS_START
        if not start <= when <= today:
            warn(key, f"{when.isoformat()} is not a plausible date for it")
            continue
        header.dates[key] = when
    _check_order(header, warn)
    return header


def _check_order(header: Header, warn: Callable[[str, str], None]) -> None:
    """Drop the fewest dates that break the process's order (injury <= UR denial <= ... ).

    Two dates out of order mean a pairing or a reading went wrong, and which one cannot be
    told: the dates kept are the longest run that is in order; the others are warned of.
    """
    dates = header.dates
    last = None
    for k in vocab.CHRONOLOGY:
        if (d := dates.get(k)) is not None:
            if last is not None and d < last:
                break
            last = d
    else:
        return  # in order (nearly every letter): no sort, no lists
    values = [d for k in vocab.CHRONOLOGY if (d := dates.get(k)) is not None]
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


def unlabelled_warnings(header: Header, skip: Container[str]) -> list[str]:
    """What to say of the fields no label of the header names, but those in ``skip`` (read
    elsewhere, or said otherwise): one line for a letter without a case header."""
    names = [_DISPLAY[key] for key in header.unlabelled if key not in skip]
    if not names:
        return []
    if len(header.unlabelled) < len(vocab.HEADER_LABELS):
        return [f"header {name}: no such label in the header; left empty" for name in names]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return [f"no case header was found: {listed} left empty"]
