"""Determinations: each disputed item, its outcome, the two guidelines and the rationale.

An item is the text before a final ``: Upheld`` or ``: Overturned`` (the item may hold colons
and wrap across lines; the outcome may stand alone on the next line); the field labels that
follow it open their own lines (cleaning has split a label glued onto another line). A partial
authorisation's heading names the original request and what was authorised before the part
decided; those go to ``original_request`` and ``authorized``.
"""

from __future__ import annotations

import re
from itertools import count, filterfalse, product
from operator import itemgetter
from typing import Literal, cast

from attrs import define, field

from .. import vocabulary as vocab
from ..models import Determination, Guideline, Outcome
from .citations import MAX_PAGES, PageBudget, read_guideline, unread
from .clean import OTHER_ASCII_SPACES, Line, unwrap
from .names import LONGEST_ITEM, check_names, spaced_apart
from .scan import Folded, lowered

Kind = Literal["item", "claims", "maximus", "rationale", "text"]
_FIELDS: tuple[Kind, ...] = ("claims", "maximus", "rationale")

# A field's label, in one pattern: the group named after the field is the one that matched.
_LABEL = re.compile(
    "|".join(
        f"(?P<{kind}>(?:{'|'.join(map(vocab.words_pattern, vocab.ITEM_FIELDS[kind]))})\\s*:\\s*)"
        for kind in _FIELDS
    ),
    re.IGNORECASE,
)
# The labels as letters print them, the words before the colon exactly (a dict lookup, where
# the pattern costs about 6k instructions a line): _LABEL's match depends only on those words
# (they hold no colon and end in a letter), so its field is the one the pattern gives them.
_LABEL_NAMES: dict[str, Kind] = {
    name: cast(Kind, m.lastgroup)
    for labels in (*vocab.ITEM_FIELDS.values(), vocab.ITEM_FIELD_NAMES.values())
    for label in labels
    for name in (label, label.title())
    if (m := _LABEL.fullmatch(name + ":")) is not None
}
assert all(":" not in n and n[-1:].isalpha() for n in _LABEL_NAMES)
assert set(vocab.ITEM_FIELD_NAMES.values()) <= set(_LABEL_NAMES)
_OUTCOME_WORDS = vocab.outcome_pattern()
# The letters an outcome word ends with, and a label's first three, in every mix of cases: a
# line ending (opening) otherwise is tried against no outcome (label), which rules out the
# patterns for most lines with a set lookup. Exact only for letters that re.IGNORECASE matches
# to no other character, unlike i, k and s.
_OUTCOME_LAST = tuple({c for w in vocab.OUTCOMES for c in (w[-1].lower(), w[-1].upper())})
_LABEL_OPENINGS = frozenset(
    "".join(cases)
    for words in vocab.ITEM_FIELDS.values()
    for w in words
    for cases in product(*((c.lower(), c.upper()) for c in w.split()[0][:3]))
)
assert all(len(o) == 3 for o in _LABEL_OPENINGS)
# Their first letters: a line's first character is had without building a string, where its
# first three need one (most lines open with none of these).
_LABEL_FIRSTS = frozenset(o[0] for o in _LABEL_OPENINGS)
# How a line that ends in an outcome word ends, when its only spaces are single ones inside
# it (see _spacing): the word's last two letters, in any case, or its last one spaced out
# ("Uphel d", see vocab.outcome_pattern); and a full stop after either, or after a space.
_OUTCOME_TAILS = tuple(
    {
        tail + stop
        for w in vocab.OUTCOMES
        for a, b in product((w[-2].lower(), w[-2].upper()), (w[-1].lower(), w[-1].upper()))
        for tail in (a + b, " " + b)
        for stop in ("", ".")
    }
    | {" ."}
)
assert not set("".join((*_OUTCOME_LAST, *_LABEL_OPENINGS, *_OUTCOME_TAILS))) & set("iksIKS")
_OUTCOME_ENDINGS = frozenset(tail[-1] for tail in _OUTCOME_TAILS)  # a cheaper test first
_OUTCOME_END = re.compile(rf"(?:^|:)\s*({_OUTCOME_WORDS})\s*\.?$", re.IGNORECASE)
# How most item headings end, from their last colon ("...: Upheld"), and the outcome each says:
# _OUTCOME_END matches each so (a test checks), and need not be tried on them.
_PLAIN_CLOSINGS: dict[str, Outcome] = {
    f":{space}{form}{stop}": cast(Outcome, outcome)
    for word, outcome in vocab.OUTCOMES.items()
    for form in (word, word.title(), word.lower())
    for space in ("", " ", "  ")
    for stop in ("", ".")
}
_LONE_OUTCOME = re.compile(rf"\s*({_OUTCOME_WORDS})\s*\.?\s*", re.IGNORECASE)
# A line ends a sentence (_PARAGRAPH_END: a paragraph) where its last character is one of
# these stops, or the one before a closing bracket or quote (_CLOSING) is: see _ends_with.
# (Sets, not patterns: the test of two characters needs no call of ``re``.)
_SENTENCE_END = frozenset(".!?")
# A line ending in a dosage's or a title's abbreviation ("20 mg.", "p.o. q.6h.", "Dr."): a
# wrapped item name's first line, not a sentence's end, when the next line starts as no
# sentence does, or as a sentence does but it starts one itself (see _ends_sentence).
# Upper-case acronyms ("per ODG.") and words of three letters ("the right hip.") end sentences.
_ABBREVIATION = re.compile(r"\(?(?:[A-Z]?[a-z]{1,2}|[A-Za-z0-9]+\.[A-Za-z0-9.]*)\.")
# The longest that a word the tests below take for an abbreviation may be without a stop
# before its last character ("(approx."; _ABBREVIATION's first kind is shorter).
_LONGEST_ABBREVIATION = 1 + max(
    map(len, (*vocab.NEVER_FINAL_ABBREVIATIONS, *vocab.DOSAGE_ABBREVIATIONS))
)
_NO_SENTENCE_START = re.compile(r"\s*[a-z0-9#(]")
_PARAGRAPH_END = _SENTENCE_END | {":"}
# An author and year in brackets, ending a line: a rationale's citation ("(Aker, 1996)",
# "(Smith et al., 2004)").
_CITATION_END = re.compile(
    r"\([A-Z][A-Za-z'-]+(?: et al\.?| and [A-Z][A-Za-z'-]+)?,? (?:19|20)\d\d[a-z]?\)$"
)
_CLOSING = "\"')]"  # what _SENTENCE_END and _PARAGRAPH_END allow after the stop
_CLOSINGS = frozenset(_CLOSING)
# A stop that ends a sentence's word ("necessary.") or its closing bracket ("(Aker, 1996).",
# "SNRIs)."), not an abbreviation's letter ("p.o."): _GLUED_SENTENCE's and _SENTENCE_INSIDE's
# start. (The stop first, so that a scan tries the rest only at a stop.)
_WORD_STOP = r"[.!?](?<=[a-z]{2}.|[A-Za-z0-9]\).)"
# A sentence's end with the next sentence glued on, no space between ("necessary.Lidocaine",
# "necessary.TENS unit", "necessary.X-Ray"): the next sentence starts at the match's end. An
# item name glued so may also open with a count, a lower-case word or a bracket
# ("necessary.8 sessions of ...", "necessary.one month supply of ...", "necessary.(DOS ...").
# (A lower-case word only before a space: "acoem.org/" is an address.) The sentence may end in
# a bracket ("(Aker, 1996).One", "SNRIs).X-rays"), the name open with a spinal level
# ("appropriate.L4-L5 ..."). Not a dosing abbreviation's stops ("trialq.6h.", where PyMuPDF's
# sorted text glued "trial" and "q.6h." at a page break).
_GLUED_SENTENCE = re.compile(
    _WORD_STOP + r"(?=[A-Z][A-Za-z0-9-]|[0-9](?![0-9]*[a-z]{1,2}\.)|[a-z]{2,} |[(\[\"\u201c])"
)
# The section's opening sentence, known by its first two words and its last: a scan's OCR
# misreads the long ones between ("The Final Detenmination was based on ..."), which would
# then open the first item's name.
_INTRO_WORDS = vocab.DECISIONS_INTRO.split()
_INTRO_MIDDLE = len(" ".join(_INTRO_WORDS[2:-1]))
_INTRO = re.compile(
    rf"^\s*{vocab.words_pattern(' '.join(_INTRO_WORDS[:2]))}\s"
    rf"[^:]{{{_INTRO_MIDDLE // 2},{_INTRO_MIDDLE * 3 // 2}}}?\s"
    rf"{vocab.words_pattern(_INTRO_WORDS[-1])}\s*",
    re.IGNORECASE,
)
# The opening sentence's second and third words and its last two, lower case ("final
# determination", "forth below"): no item's name holds them.
_INTRO_HINT_1, _INTRO_HINT_2 = (
    " ".join(word.strip(":").lower() for word in pair)
    for pair in (_INTRO_WORDS[1:3], _INTRO_WORDS[-2:])
)
_PARTIALS = tuple(
    (hint, re.compile(p, re.IGNORECASE | re.DOTALL))
    for hint, p in vocab.PARTIAL_AUTHORISATIONS.items()
)
assert all(
    not set(hint) & set("iksIKS") and hint in p.lower()
    for hint, p in vocab.PARTIAL_AUTHORISATIONS.items()
)
assert vocab.PARTIAL_WHOLE in vocab.PARTIAL_AUTHORISATIONS
# (Scanned over the lowered text: case-sensitive, ``re`` skips to the alternatives' letters.)
# Their words may be glued, as the wordings' (see PARTIAL_AUTHORISATIONS).
_PARTIAL_MARK = Folded("|".join(vocab.words_pattern(m, r"\s*") for m in vocab.PARTIAL_MARKERS))
_PARTIAL_OPENING = re.compile(vocab.words_pattern(vocab.PARTIAL_OPENING, r"\s*"), re.IGNORECASE)
# The same, to scan a paragraph's last lines, from the first "was"; only lines holding its
# third word ("original") as a letter, or an upper-case or case-swapped copy, prints it need
# the scan, as nearly none do: a case-sensitive search for its last letters is the quicker.
_OPENING_WORDS = vocab.PARTIAL_OPENING.split()
_PARTIAL_OPENING_SCAN = Folded(_PARTIAL_OPENING.pattern, _OPENING_WORDS[0], _OPENING_WORDS[2])
_OPENING_HINTS = (_OPENING_WORDS[2][1:].lower(), _OPENING_WORDS[2][1:].upper())
# Every partial marker holds both parts of a word of one of these pairs (no i, k or s, see
# _LABEL_OPENINGS): a text holding neither pair, as most item names (and most that hold
# "nal", "Additional ..."), needs no scan for a marker.
(_HINT_1, _HINT_2), (_HINT_3, _HINT_4) = _HINTS = (("nal", "reque"), ("ble", "mr"))
assert not set("".join(h for pair in _HINTS for h in pair)) & set("iksIKS")
assert all(
    any(all(any(h in w for w in m.lower().split()) for h in pair) for pair in _HINTS)
    for m in vocab.PARTIAL_MARKERS
)
# The next sentence may open with an acronym ("... 10 mg. CT scan", "... 10 mg. X-rays") or a
# bracket ("... improvement. (Aker, 1996)"); the one before end in a bracket ("1996). The").
_SENTENCE_INSIDE = re.compile(_WORD_STOP + r" +[(\[\"\u201c]?[A-Z][A-Za-z-]")


def _holds_stop(text: str) -> bool:
    """Whether ``text`` holds a stop that _GLUED_SENTENCE or _SENTENCE_INSIDE opens with:
    three str searches cost less than one scan of ``re`` for the character set."""
    return "." in text or "!" in text or "?" in text


# How many lines back a partial authorisation's opening sentence may start.
_PARTIAL_REACH = 8


# The ASCII whitespace other than the space (a line holding a newline counts as spaced).
_CONTROL_SPACES = "\n" + OTHER_ASCII_SPACES
_LAST = itemgetter(slice(-1, None))  # a text's last character; none of an empty one's


def _spacing(texts: list[str]) -> tuple[bool, bool]:
    """Whether the lines hold no whitespace but spaces and end in none, as cleaning leaves
    most letters (their tests can then be quicker: _lines_to_read, unwrap); and if so,
    whether a line but the last ends in a hyphen (unwrap joins those without a space)."""
    text = " ".join(texts)  # one-character searches are the quick ones
    if any(map(text.__contains__, _CONTROL_SPACES)):
        return False, True
    # Every non-ASCII whitespace character is unprintable (the tests check all of Unicode):
    # the few lines holding a non-ASCII character ("®", a dash) need that test only.
    if not text.isascii() and not all(map(str.isprintable, filterfalse(str.isascii, texts))):
        return False, True
    # The lines' last characters: a line ends in a space, or one but the last in a hyphen,
    # where these hold one (a C-level pass over the lines costs less than searching them
    # joined for " \n" and "-\n": a search for two characters is slow).
    ends = "".join(map(_LAST, texts))
    if " " in ends:
        return False, True
    return True, "-" in (ends[:-1] if texts and texts[-1] else ends)


def _may_end_outcome(line: str) -> bool:
    """False when ``line`` cannot end in an outcome word: the scan for one is slow."""
    last = line[-1:]
    if last in _OUTCOME_LAST:
        return True
    if last != "." and not last.isspace():
        return False
    end = line.rstrip()
    if end.endswith("."):
        end = end[:-1].rstrip()
    return end.endswith(_OUTCOME_LAST)


def _item_name(text: str) -> str | None:
    """An item heading's name: its unwrapped text before the colon its outcome follows.

    The heading's closing line was matched by :func:`_closing_outcome`, from the last colon
    (the line's own, or the one ending the line before a lone outcome): the unwrapped
    heading's last colon. None when no name comes before it (a lone "Upheld" after a
    label's own line).
    """
    colon = text.rfind(":")
    return (text[:colon].rstrip() or None) if colon > 0 else None


def _closing_outcome(lines: list[str], line: str) -> Outcome | None:
    """The outcome when ``line`` closes an item heading (``...: Upheld`` or a lone
    ``Upheld``), read once for the item; None otherwise.

    ``lines``: its unit's lines, the last of them from ``line``.
    """
    # A match runs to the line's end and holds no colon but its first character: it can
    # start only at the last colon, or at the start of a line without one.
    colon = line.rfind(":")
    if colon >= 0:
        outcome = _PLAIN_CLOSINGS.get(line[colon:])
        if outcome is not None:
            return outcome
    elif not (
        # A lone "Upheld" line closes an item only when the line before ends with a colon.
        len(lines) > 1 and lines[-2].rstrip().endswith(":") and _LONE_OUTCOME.fullmatch(line)
    ):
        return None
    m = _OUTCOME_END.match(line, max(colon, 0))
    if m is None:
        return None
    return cast(Outcome, vocab.outcome_of(m[1]))  # one of OUTCOMES' values


def _group(lines: list[Line], texts: list[str], reader: _Reader) -> None:
    """Group the section's lines into labelled fields, item headings and plain paragraphs,
    each unit handed to ``reader`` as it opens.

    ``texts``: the lines' texts.
    """
    spaces_only = reader.spaces_only
    done = 0  # lines before this one are in units
    for i in _lines_to_read(lines, texts, spaces_only):
        if done < i:
            _add_plain(reader, texts[done:i])
        done = i + 1
        line = lines[i]
        text = line.text
        # (On the quicker path, the exact test _lines_to_read made, without a call.)
        may_end = (
            text[-1:] in _OUTCOME_ENDINGS and text.endswith(_OUTCOME_TAILS)
            if spaces_only
            else _may_end_outcome(text)
        )
        # (The test before the call rules out most lines, more cheaply than a call.)
        kind = _label_kind(line, text) if line.label or text[:3] in _LABEL_OPENINGS else None
        if kind is not None:
            reader.open(kind[0], [kind[1]])
        elif (
            reader.kind not in (None, "item")
            and may_end
            and _LONE_OUTCOME.fullmatch(text)
            and reader.lines[-1].rstrip().endswith(":")
        ):
            reader.lines.append(text)  # an outcome alone after its item's colon
        elif (
            line.para_start
            and reader.kind is not None
            and (line.set_apart or _opens_paragraph(reader, text))
        ):
            reader.open("text", [text], apart=line.set_apart)
        else:
            if line.para_start and reader.kind != "item":
                reader.breaks.append(len(reader.lines))  # a break read as no paragraph's
            _add_plain(reader, [text])
        if may_end and reader.kind != "item":
            outcome = _closing_outcome(reader.lines, text)
            if outcome is not None:
                _split_item(reader, outcome)
    if done < len(texts):
        _add_plain(reader, texts[done:])


def _opens_paragraph(reader: _Reader, text: str) -> bool:
    """Whether ``text``, a line after a block break, opens a paragraph.

    A block break after an unfinished sentence is a page break or an extractor's blank line,
    not a new paragraph; nor is one inside a partial authorisation's heading, nor one after
    a line that ends in an abbreviation the next line goes on from, an item name's first
    line ("Consultation with Dr." / "Patel: Upheld"; "Omeprazole 20 mg." / "#60: Upheld"):
    the lines are read as where no break falls between them (see _ends_sentence).
    """
    lines = reader.lines
    if not _ends_with(_PARAGRAPH_END, lines[-1]):
        return False
    if reader.kind == "item":
        return True
    if lines[-1].rstrip().endswith(":") and _name_goes_on(reader, lines):
        # No rationale ends in a colon, an item name's first part does, where a page break
        # or an extractor's blank lines fell after it ("Associated surgical service:" / "Cold
        # therapy unit: Upheld"; pymupdf4llm's "# **... extremities, QTY:**" / "**2:**
        # Overturned").
        return False
    if _ends_with(_SENTENCE_END, lines[-1]):
        tail = [*lines[-2:], text]
        if not _ends_sentence(tail, len(tail) - 2):
            return False
    return not _opens_partial(lines)


def _name_goes_on(reader: _Reader, lines: list[str]) -> bool:
    """Whether the open unit's last line, ending in a colon, is an item name's first part: it
    follows a sentence's end, or stands alone after an item's fields, or before the first
    item follows nothing but the section's opening sentence (and is not that sentence)."""
    if len(lines) > 1 and _ends_sentence(lines, len(lines) - 2):
        return True
    if reader.kind != "text":
        return False
    if reader.drafts:
        return len(lines) == 1
    last = lines[-1].lower()
    if _INTRO_HINT_1 in last or _INTRO_HINT_2 in last:  # (no any(): its generator costs more)
        return False  # the opening sentence's end, however an extractor or OCR spelt it
    before = unwrap(lines[:-1])
    return not before or _INTRO.fullmatch(before) is not None


def _opens_partial(lines: list[str]) -> bool:
    """Whether a partial authorisation's heading has opened in the last of ``lines`` and not
    yet closed (a closed one is an item unit of its own): its next sentences go on after a
    page break or a blank line an extractor put between them."""
    tail = "\n".join(lines[-_PARTIAL_REACH:])
    if _OPENING_HINTS[0] not in tail and _OPENING_HINTS[1] not in tail:
        return False
    return _PARTIAL_OPENING_SCAN.search(tail, lowered(tail)) is not None


def _lines_to_read(lines: list[Line], texts: list[str], spaces_only: bool) -> list[int]:
    """The indexes of the lines that may open a block, a field or a paragraph, or end an item.

    Every other line continues the unit before it, or opens a text unit after an item
    heading: :func:`_add_plain` files a run of them at once. ``texts``: the lines' texts.
    ``spaces_only``: as :func:`_spacing` says of the lines; else every line is read.
    """
    if not spaces_only:
        return list(range(len(lines)))
    # (Zipped with the texts: enumerating and unpacking each Line costs more.)
    return [
        i
        for i, text, line in zip(count(), texts, lines)
        if line.para_start
        or line.label
        or (text[:1] in _LABEL_FIRSTS and text[:3] in _LABEL_OPENINGS)
        or (text[-1:] in _OUTCOME_ENDINGS and text.endswith(_OUTCOME_TAILS))
    ]


def _add_plain(reader: _Reader, texts: list[str]) -> None:
    """File lines that open no field and end no item: a paragraph after an item heading,
    else the unit before them continued."""
    if reader.kind is None or reader.kind == "item":
        reader.open("text", texts)
    else:
        reader.lines.extend(texts)


def _ends_with(stops: frozenset[str], line: str) -> bool:
    """Whether ``line``, blanks at its end left out, ends in one of ``stops`` (_SENTENCE_END,
    _PARAGRAPH_END), or in one and then a closing bracket or quote."""
    line = line.rstrip()
    last = line[-1:]
    if last in _CLOSINGS:
        last = line[-2:-1]
    return last in stops  # ("" is in no set)


def _label_kind(line: Line, text: str) -> tuple[Kind, str] | None:
    """The field a line opens, and its text after the label; None for a plain line.

    Only a line with a label hint, or opening with one of _LABEL_OPENINGS, opens a field.
    """
    if line.label in _FIELDS:
        return line.label, text
    colon = text.find(":")
    named = _LABEL_NAMES.get(text[:colon]) if colon > 0 else None
    if named is not None:  # (the label's \s* after its colon: what str.lstrip takes)
        return named, text[colon + 1 :].lstrip()
    m = _LABEL.match(text)
    if m is None:
        return None
    kind: Kind = m.lastgroup  # type: ignore[assignment]  # a group is named after its field
    return kind, text[m.end() :]


def _hinted(low: str) -> bool:
    """Whether ``low``, a text lower-cased, holds both hints of a pair (see _HINTS)."""
    # (Not any() over _HINTS: its generator costs more than these four searches.)
    return (_HINT_1 in low and _HINT_2 in low) or (_HINT_3 in low and _HINT_4 in low)


def _partial_marked(text: str, folded: str) -> bool:
    """Whether ``text`` (``folded``: lower-cased) is marked as a partial authorisation."""
    if not _hinted(folded):
        return False
    return _PARTIAL_MARK.search(text, lowered(text)) is not None


def _partial_heading(lines: list[str]) -> bool:
    """True for a partial authorisation's heading whose opening sentence is on earlier lines."""
    # Unwrapping changes only spaces, which no hint holds: most headings need no unwrapping.
    if not _hinted("\n".join(lines).lower()):
        return False
    heading = unwrap(lines)
    return _partial_marked(heading, heading.lower()) and not _PARTIAL_OPENING.search(heading)


def _split_item(reader: _Reader, outcome: Outcome) -> None:
    """Move the trailing item-heading lines of the open unit into a unit of their own.

    The heading starts after the last line that ends a sentence (where a layout lost the
    paragraph break between a rationale and the next item), after a sentence end glued onto
    it, or at the unit's start; a partial authorisation's heading reaches back to its
    "... was the original request." sentence.
    """
    lines = reader.lines
    labelled = reader.kind != "text"
    first = 1 if labelled else 0
    breaks = reader.breaks
    start = _heading_start(lines, len(lines) - 1, first, breaks)
    if _partial_heading(lines[start:]):
        for back in range(start - 1, max(first, start - _PARTIAL_REACH) - 1, -1):
            if _opening_starts(lines, back):
                start = _heading_start(lines, back, first, breaks)
                break
    if start == 0:
        if not labelled:  # the whole unit (the usual case)
            reader.kind = "item"
            reader.outcome = outcome
        # else the label's own line: "Decision rationale: ...: Upheld" is not an item
        return
    item = lines[start:]
    breaks = [b - start for b in breaks if b > start]
    # A line inside the heading too short to have wrapped, where the lines before it did,
    # or one opening with a list's marker (no name wraps onto one), may be a rationale's
    # last line (one without a stop, where an extractor put no blank line): doubted as a
    # break after it would be (see _Reader._read).
    breaks += [
        j + 1 - start
        for j in range(start, len(lines) - 1)
        if _short(lines, j, reader) or _LIST_ENTRY.match(lines[j])
    ]
    del lines[start:]  # (start > 0: a line is left)
    reader.open("item", item, outcome)
    reader.breaks = breaks


def _opening_starts(lines: list[str], index: int) -> bool:
    """Whether a partial authorisation's opening ("was the original request") starts on
    ``lines[index]``: it may wrap onto the next lines ("... was the original" / "request.")."""
    m = _PARTIAL_OPENING.search("\n".join(lines[index:]))
    return m is not None and m.start() < len(lines[index])


def _short(lines: list[str], index: int, reader: _Reader) -> bool:
    """Whether ``lines[index]`` is less than half as long as the median line of the unit
    before it (the median: a glued line is longer), or where fewer than three lines come
    before it in the unit (a field's first line, after its label, among them), of the
    section's; and ends as no wrapped name's first part does (a colon, a comma, a hyphen, an
    abbreviation's stop)."""
    line = lines[index].rstrip()
    if line[-1:] in _WRAP_ENDINGS:
        return False
    if index < 3:
        return 2 * len(line) < reader.typical()
    before = sorted(map(len, lines[:index]))
    return 2 * len(line) < before[len(before) // 2]


_WRAP_ENDINGS = frozenset(":,-.;/&(")
# A bracket closed and a capitalised word glued on, the last in a line (see _heading_start).
_GLUED_BRACKET = re.compile(r"\([^()\n]{2,}\)(?=[A-Z][a-z])(?!.*\)[A-Z][a-z])")
# A list's entry: a quoted guideline's ("- Documentation of pain ...", "• ...").
_LIST_ENTRY = re.compile(r"\s*[-\u2022*\u25aa\u25e6]\s")


def _heading_start(lines: list[str], index: int, first: int, breaks: list[int]) -> int:
    """The line where the heading ending at ``lines[index]`` starts.

    Back from ``index`` to the line after one that ends a sentence; a reordering extractor
    may glue the heading onto a sentence's end ("...necessary.Lidocaine 5%: Upheld"): that
    line is split in two, in place, and the heading starts at its second part. ``breaks``
    (indexes into ``lines``) are kept on their lines.
    """
    i = index
    while True:
        if ")" in lines[i] and (glued := _GLUED_BRACKET.search(lines[i])) is not None:
            # A bracket's close glued to a capitalised word ("(Aker, 1996)Omeprazole"): a
            # sorting extractor joined two lines, of a rationale ending without a stop and
            # the next heading, or of a name wrapped across a page. Which is not told: split
            # there and the second part doubted as after a page break; read on from the first.
            _split_line(lines, i, glued.end(), breaks)
            breaks.append(i + 1)
            continue
        if _holds_stop(lines[i]) and _GLUED_SENTENCE.search(lines[i]):
            _split_line(lines, i, [m.end() for m in _GLUED_SENTENCE.finditer(lines[i])][-1], breaks)
            return i + 1
        if i <= first or _ends_sentence(lines, i - 1):
            return i
        i -= 1


def _split_line(lines: list[str], index: int, cut: int, breaks: list[int]) -> None:
    """``lines[index]`` split in two at ``cut``, in place; ``breaks`` after it moved on one."""
    line = lines[index]
    lines[index : index + 1] = [line[:cut], line[cut:]]
    breaks[:] = [b + 1 if b > index else b for b in breaks]


def _ends_sentence(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` ends a sentence (a line follows it)."""
    line = lines[index]
    if not _ends_with(_SENTENCE_END, line):
        # A rationale may end on a citation without a stop; no name ends in one.
        line = line.rstrip()
        return line.endswith(")") and _CITATION_END.search(line) is not None
    # (Without a bracket closing after the stop: "(CBC, PT/PTT, etc.)", "(b.i.d.)".)
    last_word = line.rsplit(maxsplit=1)[-1].rstrip(_CLOSING)
    if len(last_word) > _LONGEST_ABBREVIATION and "." not in last_word[:-1]:
        return True  # the quick test: "necessary." is no abbreviation
    if _never_final(last_word):
        return False  # "Consultation with Dr." / "Smith: Upheld"
    if not (_ABBREVIATION.fullmatch(last_word) or last_word.lower() in vocab.DOSAGE_ABBREVIATIONS):
        return True
    # A wrapped name's first line ("Omeprazole 20 mg." / "#60 with 2 refills: Upheld"); or,
    # where the next line starts as a sentence may, one whose line starts a sentence or a
    # paragraph itself ("... 2 x wk." / "Lumbar spine: Upheld"; a reordering extractor's
    # "...necessary.Physical therapy 2 x wk."), not a longer sentence's last line ("The
    # patient should" / "follow up."). (A rationale's one-line last sentence read as a
    # name's first line holds a sentence break: the name is warned of.)
    if _NO_SENTENCE_START.match(lines[index + 1]):
        return False
    return (
        index > 0
        and not _ends_with(_PARAGRAPH_END, lines[index - 1])
        and not _GLUED_SENTENCE.search(line)
    )


@define
class _Draft:
    item: str
    outcome: Outcome | None
    original_request: str | None = None
    authorized: str | None = None
    fields: dict[Kind, list[str]] = field(factory=dict)
    last: Kind | None = None
    # The heading holds a line that ends no sentence before a block break, or one too short
    # to have wrapped: it may be the last rationale's end (one without a stop), not the name's
    # first part (see _warn_unsure_starts).
    unsure_start: bool = False
    # The heading names the request twice (item and original_request), spaced apart: one of
    # the two is misread (see _split_partial, _settle_misspaced).
    misspaced: bool = False
    # The heading read from each doubted break on, the last first, where its rationale may
    # confirm one (see _settle_cuts); and till then, the whole heading's warnings and where
    # in the letter's they go.
    cuts: list[_Cut] = field(factory=list)
    held: tuple[int, list[str]] = (0, [])


@define
class _Cut:
    """An item heading read from a doubted break on (see _cuts_at_breaks): ``heading``, its
    draft; ``before``, the text before the break (the last rationale's end, if the cut is
    taken); ``word``, its last word, lower case."""

    heading: _Draft
    before: str
    word: str


def _cuts_at_breaks(lines: list[str], unsure: list[int], outcome: Outcome | None) -> list[_Cut]:
    """The item heading read from each doubted break (see _Reader._read), the last first,
    where it still reads as a heading (no warning) naming its request first as names start,
    with a capital or a digit: where a rationale ending without a stop ran into the heading,
    its own rationale may name the request from there (see _settle_cuts)."""
    cuts = []
    for b in reversed(unsure):
        name = _item_name(unwrap(lines[b:]))
        if name is None:
            continue
        said: list[str] = []
        heading = _heading(name, outcome, said)
        first = heading.original_request or heading.item
        if not said and (first[:1].isupper() or first[:1].isdigit()):
            before = unwrap(lines[:b])
            word = before.rsplit(maxsplit=1)[-1:]
            cuts.append(_Cut(heading, before, word[0].lower() if word else ""))
    return cuts


def _heading(text: str, outcome: Outcome | None, warnings: list[str]) -> _Draft:
    """An item heading's draft: a partial authorisation's parts split out, its names checked."""
    # The section's opening sentence, where no paragraph break set it apart from the item.
    text = _INTRO.sub("", text) or text
    folded = text.lower()  # (the tests below read it lower-cased)
    draft = _split_partial(text, folded, outcome, warnings)
    # Item names are short noun phrases; sentences mean a boundary was missed.
    item = draft.item
    if _more_than_a_name(item, folded if item is text else item.lower()):
        warnings.append(
            f"item {draft.item[:80]!r}... reads as more than an item's name: where it starts "
            "may be wrong"
        )
    # A partial authorisation's heading opens with the original request: a missed boundary
    # before the heading leaves the text before it there too. Not a name: left empty.
    original = draft.original_request
    if original is not None and _more_than_a_name(original, original.lower()):
        warnings.append(
            f"the original request of item {draft.item[:80]!r} reads as more than a request's "
            f"name ({original[:80]!r}...): original_request left empty"
        )
        draft.original_request = None
    return draft


def _more_than_a_name(text: str, low: str) -> bool:
    """Whether ``text`` (``low``: lower-cased) reads as more than an item's name."""
    return (
        len(text) > LONGEST_ITEM
        or (_holds_stop(text) and _holds_sentence_break(text))
        or (_CONCLUDING in low and any(map(low.__contains__, vocab.RATIONALE_CONCLUSIONS)))
    )


# What every rationale's conclusion holds: a name without it needs no search for them.
_CONCLUDING = "medically necessary"
assert all(_CONCLUDING in c for c in vocab.RATIONALE_CONCLUSIONS)


def _may_end_rationale(line: str) -> bool:
    """Whether ``line``, before a break inside an item's heading, may be the last rationale's
    end rather than the name's first part: it ends no paragraph (see _ends_with), nor in a
    word no sentence ends with ("... 2 times a")."""
    if _ends_with(_PARAGRAPH_END, line):
        return False
    last = line.rsplit(maxsplit=1)[-1:]
    return not (last and last[0] in vocab.NEVER_FINAL_WORDS)


def _may_end(line: str) -> bool:
    """Whether ``line``, in a heading that reads as more than a name, may be the last
    rationale's end (see _may_end_rationale), and does not end as a wrapped name's first part
    does (a colon, a comma, a hyphen, a slash)."""
    return _may_end_rationale(line) and line.rstrip()[-1:] not in _WRAP_ENDINGS


def _holds_sentence_break(text: str) -> bool:
    """Whether a sentence ends inside ``text``: a stop, a space, a capitalised word, the stop
    ending no abbreviation that never ends a sentence ("Mrs. Jones" ends none)."""
    for m in _SENTENCE_INSIDE.finditer(text):
        stop = m.start()
        if not _never_final(text[text.rfind(" ", 0, stop) + 1 : stop + 1]):
            return True
    return False


def _never_final(word: str) -> bool:
    """Whether ``word`` is an abbreviation that no sentence ends with (see the vocabulary)."""
    return word.lstrip("(").lower() in vocab.NEVER_FINAL_ABBREVIATIONS


def _split_partial(text: str, folded: str, outcome: Outcome | None, warnings: list[str]) -> _Draft:
    """``text``'s draft, a partial authorisation's parts split out (``folded``: ``text``
    lower-cased)."""
    if not _partial_marked(text, folded):
        return _Draft(text, outcome)
    for hint, pattern in _PARTIALS:
        m = pattern.fullmatch(text) if hint in folded else None
        if m:
            item, named = m["item"].strip(" ,"), m["original"].strip(" ,")
            # The wording that decides the whole request names it twice (letters may word the
            # two differently: "One month supply ... 320.5" / "one month supply ... 30.5");
            # the same words spaced apart mean one is misread (OCR's "A cute" for "Acute", an
            # extractor's glue where a page broke): settled once the rationale is read.
            misspaced = hint == vocab.PARTIAL_WHOLE and spaced_apart(item, named)
            authorized = m["authorized"].strip(" ,")
            return _Draft(item, outcome, named, authorized, misspaced=misspaced)
    warnings.append(
        f"item {text!r} reads as a partial authorisation in words not understood: "
        "original_request and authorized left empty"
    )
    return _Draft(text, outcome)


class _Reader:
    """The drafts, built as the units are found: a unit is read when the next one opens
    (whether a text unit is an item without an outcome depends on the unit after it)."""

    __slots__ = (
        "_typical",
        "apart",
        "breaks",
        "drafts",
        "hyphen_ends",
        "kind",
        "lines",
        "outcome",
        "spaces_only",
        "texts",
        "warnings",
    )

    def __init__(
        self, texts: list[str], spaces_only: bool, hyphen_ends: bool, warnings: list[str]
    ) -> None:
        self.texts = texts  # the section's lines
        self._typical = -1
        self.spaces_only = spaces_only  # as _spacing says of the section
        self.hyphen_ends = hyphen_ends
        self.warnings = warnings
        self.drafts: list[_Draft] = []
        # The open unit: its kind (None before the first), lines and, an item's, outcome.
        self.kind: Kind | None = None
        self.lines: list[str] = []
        self.outcome: Outcome | None = None
        # Where in ``lines`` a block break fell that opened no unit (see _opens_paragraph);
        # in an item's heading, also after a line too short to have wrapped (_split_item).
        self.breaks: list[int] = []
        # The open unit opens at a block the layout set apart: a heading that starts there
        # starts where read, whatever breaks fall inside it (a rationale's end is not set so).
        self.apart = False

    def typical(self) -> int:
        """The median length of the section's lines (read where a line is tested: rarely)."""
        if self._typical < 0:
            lengths = sorted(map(len, self.texts))
            self._typical = lengths[len(lengths) // 2] if lengths else 0
        return self._typical

    def open(
        self,
        kind: Kind | None,
        lines: list[str],
        outcome: Outcome | None = None,
        *,
        apart: bool = False,
    ) -> None:
        """Read the open unit, and open the next (None: the section's end); ``apart``: it
        opens at a block the layout set apart (Block.set_apart)."""
        if self.kind is not None:
            self._read(self.kind, kind)
        self.kind = kind
        self.lines = lines
        self.outcome = outcome
        self.breaks = []
        self.apart = apart

    def _read(self, kind: Kind, nxt: Kind | None) -> None:
        """Read the open unit (of ``kind``) into the drafts; ``nxt``: the unit after it's."""
        lines, drafts, warnings = self.lines, self.drafts, self.warnings
        # Unwrapped once (the branches below read it more than once); most units by a join,
        # the section's spacing having been checked once.
        plain = self.spaces_only and not (self.hyphen_ends and "-\n" in "\n".join(lines))
        text = unwrap(lines, plain=plain)
        if kind == "item":
            name = _item_name(text)
            if name is not None:
                held: list[str] = []  # the heading's warnings
                heading = _heading(name, self.outcome, held)
                unsure = [
                    b
                    for b in ([] if self.apart else self.breaks)
                    if b > 0 and _may_end_rationale(lines[b - 1])
                ]
                # Where the heading reads as more than a name, any line may be where it starts.
                doubted = (
                    [b for b in range(1, len(lines)) if _may_end(lines[b - 1])] if held else unsure
                )
                if doubted and drafts and drafts[-1].last is not None:
                    heading.cuts = _cuts_at_breaks(lines, doubted, self.outcome)
                if heading.cuts:
                    heading.held = (len(warnings), held)
                else:
                    warnings += held
                if unsure and heading.authorized is None:
                    heading.unsure_start = True
                elif unsure and heading.original_request is not None:
                    # A partial authorisation's heading starts with its original request: a
                    # break before the line its "was the original request" starts on is unsure
                    # (one after, inside those words, leaves the name whole before it).
                    joined = "\n".join(lines)
                    m = _PARTIAL_OPENING.search(joined)
                    opening = joined.count("\n", 0, m.start()) if m else len(lines)
                    heading.unsure_start = min(unsure) <= opening
                drafts.append(heading)
            return
        if kind == "text":
            draft = drafts[-1] if drafts else None
            if draft is None and _INTRO.fullmatch(text):
                return  # the section's opening sentence, a paragraph of its own
            if nxt in ("claims", "maximus") and (draft is None or nxt in draft.fields):
                # A guideline follows text that is no item heading: an item whose outcome
                # cannot be read. Keep the item, say so, never make an outcome up. Either
                # guideline may come first: some layouts have no Claims Administrator one.
                name = text.rstrip(":").strip()
                warnings.append(f"item without a readable outcome: {name!r}")
                drafts.append(_heading(name, None, warnings))
            elif draft is not None and draft.last is not None:
                draft.fields[draft.last].append(text)  # a field's next paragraph
            elif draft is not None:
                warnings.append(f"text after item {draft.item!r} without a label was ignored")
            else:
                warnings.append("text before the first item was ignored")
            return
        if not drafts:
            warnings.append(f"a {kind} paragraph appears before any item; ignored")
            return
        draft = drafts[-1]
        if kind in draft.fields:
            warnings.append(f"item {draft.item!r} has more than one {kind} paragraph")
        draft.fields.setdefault(kind, []).append(text)
        draft.last = kind


def read_determinations(
    lines: list[Line], warnings: list[str], summary: str | None = None
) -> list[Determination]:
    """The determinations of the IMR ISSUES, DECISIONS AND RATIONALES section, in order.

    ``summary``: the clinical summary, which may name the items too (see check_names)."""
    texts = [line.text for line in lines]
    spaces_only, hyphen_ends = _spacing(texts)
    reader = _Reader(texts, spaces_only, hyphen_ends, warnings)
    _group(lines, texts, reader)
    reader.open(None, [])
    drafts = reader.drafts
    _settle_cuts(drafts, warnings)
    _settle_misspaced(drafts, summary, warnings)
    _warn_missing_fields(drafts, warnings)
    _warn_unsure_starts(drafts, warnings)
    budget = PageBudget()
    finished = [_finish(d, budget, warnings) for d in drafts]
    determinations = check_names(finished, texts, warnings, summary or "")
    if budget.cut:
        warnings.append(
            f"the letter cites more than {MAX_PAGES} pages; the pages after those were not listed"
        )
    return determinations


def _settle_cuts(drafts: list[_Draft], warnings: list[str]) -> None:
    """Take an item heading from a doubted break on (see _cuts_at_breaks) where its rationale
    names the request that opens it from there and not from the word before: the text
    before the break is the last rationale's end, one without a stop ("... Not recommended"),
    and goes back to it. A partial authorisation's heading that names the whole request
    twice confirms it itself: the two namings read the same from there. Else the whole
    heading is kept, with its warnings.

    The last item first: a rationale given its end back may then name its own item whole."""
    held_back: list[tuple[int, list[str]]] = []
    for i in range(len(drafts) - 1, 0, -1):
        draft = drafts[i]
        if not draft.cuts:
            continue
        held = draft.held
        last = drafts[i - 1].last
        said = _said(draft)
        cut = next((c for c in draft.cuts if _confirms(c, said)), None)
        draft.cuts, draft.held = [], (0, [])
        if last is None or cut is None or (not held[1] and _opening(draft) in said):
            held_back.append(held)
            continue
        drafts[i - 1].fields[last].append(cut.before)
        new = cut.heading
        draft.item, draft.original_request, draft.authorized = (
            new.item,
            new.original_request,
            new.authorized,
        )
        draft.misspaced, draft.unsure_start = new.misspaced, False
    for at, said_of in held_back:  # (the last first: each goes before those after it)
        warnings[at:at] = said_of


def _confirms(cut: _Cut, said: str) -> bool:
    """Whether ``cut``'s heading starts where read (see _settle_cuts): the request that
    opens it is named so twice in the heading; or its rationale names the request so ("the
    request for ...", vocab.REQUEST_LEADS), and never with the word before the break just
    before it ("the retrospective request for Norco" is no cut after "Retrospective", nor
    "the request for Outpatient Norco" one after "Outpatient"). ``said``: the rationale,
    lower case, single-spaced."""
    new = cut.heading
    first = _opening(new)
    if new.original_request is not None and first == _folded(new.item):
        return True  # named twice, the same from the break on
    named = False
    for lead in vocab.REQUEST_LEADS:
        at = said.find(lead + first)
        while at >= 0:
            if cut.word in said[:at].split()[-_WORDS_BEFORE_LEAD:]:
                return False
            named = True
            at = said.find(lead + first, at + 1)
    return named and f"{cut.word} {first}" not in said


# How many words before "request for" may qualify the request ("the retrospective request").
_WORDS_BEFORE_LEAD = 3


def _folded(text: str) -> str:
    """``text`` lower case, single-spaced: as its words compare, wherever they wrapped."""
    return " ".join(text.lower().split())


def _said(draft: _Draft) -> str:
    """``draft``'s rationale, folded (see _folded)."""
    return _folded(_field_text(draft.fields, "rationale") or "")


def _opening(draft: _Draft) -> str:
    """The request that opens ``draft``'s heading, folded: a partial authorisation's original
    request, else the item."""
    original = draft.original_request
    return _folded(draft.item if original is None else original)


def _settle_misspaced(drafts: list[_Draft], summary: str | None, warnings: list[str]) -> None:
    """A heading that names its request twice, spaced apart (see _split_partial): where the
    item's rationale or the summary spells one of the two and not the other, both read so;
    else which is misread is not told: the item is kept (every item has a name), and the
    original request left empty."""
    for draft in drafts:
        original = draft.original_request
        if not draft.misspaced or original is None:
            continue
        said = " ".join(f"{_field_text(draft.fields, 'rationale') or ''} {summary or ''}".split())
        spelled = [name for name in (draft.item, original) if " ".join(name.split()) in said]
        if len(spelled) == 1:
            draft.item = draft.original_request = spelled[0]
            continue
        warnings.append(
            f"item {draft.item!r} and its original request {original!r} should read the "
            "same: one of them is misread; original_request left empty"
        )
        draft.original_request = None


def _warn_missing_fields(drafts: list[_Draft], warnings: list[str]) -> None:
    """Say which items lack a field; once for the letter when none of several items has it.

    Some layouts never give a field (MEDICAL PROFESSIONAL REVIEW letters have no Claims
    Administrator guideline): one plain sentence says that better than one per item.
    """
    if all(len(d.fields) == len(_FIELDS) for d in drafts):
        return  # every item has every field (its fields are _FIELDS' kinds): the usual case
    for kind in _FIELDS:
        name = vocab.ITEM_FIELD_NAMES[kind]
        lacking = [d.item for d in drafts if kind not in d.fields]
        if len(drafts) > 1 and len(lacking) == len(drafts):
            warnings.append(f"the letter gives no {name} for any of its {len(drafts)} items")
        else:
            warnings += [f"item {item!r} has no {name}" for item in lacking]


_UNSURE_LINE = (
    "a page or paragraph break, or too short to have wrapped, which may be the last rationale's end"
)


def _warn_unsure_starts(drafts: list[_Draft], warnings: list[str]) -> None:
    """Say which items may have the last rationale's end at the start of their name.

    A page break (or an extractor's blank line) inside a heading, after a line that ends no
    sentence, is read as inside the name (a name wraps across pages); but a rationale ending
    without a stop ("... (Aker, 1996)", a quoted "Not recommended") looks the same, and so,
    where an extractor puts no blank line between paragraphs, does a line too short to have
    wrapped. Where the item's own rationale names it whole, it starts where read.
    """
    for draft in drafts:
        if not draft.unsure_start or _opening(draft) in _said(draft):
            continue
        original = draft.original_request
        if original is None:
            warnings.append(
                f"item {draft.item!r}: its heading holds a line that ends no sentence before "
                f"{_UNSURE_LINE}: where the item starts may be wrong"
            )
        else:
            # A partial authorisation's original request opens its heading: the same doubt.
            warnings.append(
                f"the original request of item {draft.item!r} ({original!r}): its heading holds "
                f"a line that ends no sentence before {_UNSURE_LINE}: original_request left empty"
            )
            draft.original_request = None


def _guideline(draft: _Draft, kind: Kind, budget: PageBudget, warnings: list[str]) -> Guideline:
    # A field's paragraphs are unwrapped, and joined by a space (_field_text): single-spaced.
    guideline = read_guideline(_field_text(draft.fields, kind), budget, single_spaced=True)
    if unread(guideline):
        warnings.append(
            f"the {vocab.ITEM_FIELD_NAMES[kind]} of item {draft.item!r} cites in words not "
            "understood: its citations are left empty"
        )
    return guideline


def _field_text(fields: dict[Kind, list[str]], kind: Kind) -> str | None:
    texts = fields.get(kind)
    if texts is None:
        return None
    if len(texts) == 1:  # (nearly every field: one paragraph, nothing to join)
        return texts[0] or None
    return " ".join(filter(None, texts)) or None


def _finish(draft: _Draft, budget: PageBudget, warnings: list[str]) -> Determination:
    fields = draft.fields
    return Determination(
        item=draft.item,
        outcome=draft.outcome,
        claims_administrator_guideline=_guideline(draft, "claims", budget, warnings),
        maximus_guideline=_guideline(draft, "maximus", budget, warnings),
        rationale=_field_text(fields, "rationale"),
        original_request=draft.original_request,
        authorized=draft.authorized,
    )
