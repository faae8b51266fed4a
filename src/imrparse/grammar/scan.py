"""Fast scans for case-insensitive patterns and patterns that open with known words.

``re`` tries an alternation, or a case-insensitive pattern, at every position of the text
(about 10 ns a character here); a letter's rules scan its text dozens of times. Two ways
around it, each giving the same matches, in the same order, as ``pattern.finditer``:

- :class:`Folded`: a case-insensitive pattern run case-sensitively over the text lower-cased,
  where that is exact (see below); case-sensitive, ``re`` skips to a literal prefix, or to a
  first letter of the alternatives, and tries only the alternatives whose first letter is there.
- :func:`finditer_from`: when every match starts with one of a few literal words, str.find (a
  fast C search) finds the positions worth trying and the pattern is matched there only.

With re.IGNORECASE, ``re`` folds every character it compares. Over text without four
characters, lower-casing keeps every position, and an ASCII pattern written in lower case
matches the lowered text case-sensitively exactly where it matches the text
case-insensitively. Text with one of the four keeps the case-insensitive pattern. Either way
a match's positions are the text's; its groups may be the lowered text's, so read a group's
words as ``text[m.start(g) : m.end(g)]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_IGNORECASE = int(re.IGNORECASE)  # an int: "&" with the enum runs Python code on every call


def replace_present(text: str, table: Iterable[tuple[str, str]]) -> str:
    """``text`` with each (old, new) of ``table`` replaced, testing for each first: over
    str.translate, which looks every character up (over a millisecond on a letter with one
    character beyond Latin-1), when most are absent. No ``new`` may hold an ``old``."""
    for old, new in table:
        if old in text:
            text = text.replace(old, new)
    return text


def finditer_from(
    pattern: re.Pattern[str], text: str, firsts: Iterable[str]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, for a case-sensitive pattern whose every match starts with
    one of ``firsts`` (a case-insensitive one is a :class:`Folded`)."""
    assert not pattern.flags & _IGNORECASE, pattern
    starts: set[int] = set()
    for word in firsts:
        at = text.find(word)
        while at >= 0:
            starts.add(at)
            at = text.find(word, at + 1)
    end = 0
    for at in sorted(starts):
        if at >= end and (m := pattern.match(text, at)):
            end = m.end()
            yield m


# Of all characters, those re.IGNORECASE matches to an ASCII letter (U+0131, U+017F, U+212A
# to i, s, k) or that lower-case to two (U+0130): checked over all of Unicode in the tests.
# ([A-Za-z] with re.IGNORECASE matches these and the ASCII letters, and no other character.)
FOLDING_TO_ASCII = "\u0130\u0131\u017f\u212a"
_UNFOLDABLE = re.compile(f"[{FOLDING_TO_ASCII}]")
# What lower-casing a source would change the meaning of: an upper-case escape (\S, \W, \D,
# \B, \A, \Z), a group's name, a scoped case-sensitive group.
_CASED_SYNTAX = re.compile(r"\\[A-Z]|\(\?P[<=]\w*[A-Z]|\(\?[a-z]*-")


class Folded:
    """One case-insensitive pattern, compiled for both kinds of text (see the module's note).

    ``first``: a word every match starts with, if the pattern has one (its source's first
    letters, before any alternative): the scan starts where str.find finds it.
    ``also``: a word every match holds after its first, rarer than ``first``: where the text
    lacks it, there is nothing to scan (a common ``first`` would start a scan in vain).
    """

    __slots__ = ("also", "anycase", "first", "lower")

    def __init__(self, source: str, first: str = "", also: str = "") -> None:
        assert source.isascii() and not _CASED_SYNTAX.search(source), source
        source = source.lower().replace("(?p", "(?P")
        assert source.removeprefix(r"\b").startswith(first.lower()), (source, first)
        self.anycase = re.compile(source, re.IGNORECASE)
        self.lower = re.compile(source)
        self.first = first.lower()
        self.also = also.lower()
        assert self.also in source, (source, also)

    def finditer(self, text: str, low: str | None) -> Iterator[re.Match[str]]:
        """The matches in ``text``, where ``low`` is ``lowered(text)``: over ``low`` when it is
        not None, from where ``first`` first occurs there (str.find is the faster search)."""
        if low is None:
            return self.anycase.finditer(text)
        start = low.find(self.first)
        if start < 0 or (self.also and self.also not in low):
            return iter(())
        return self.lower.finditer(low, start)

    def search(self, text: str, low: str | None) -> re.Match[str] | None:
        """The first match :meth:`finditer` would give, without an iterator."""
        if low is None:
            return self.anycase.search(text)
        start = low.find(self.first)
        if start < 0 or (self.also and self.also not in low):
            return None
        return self.lower.search(low, start)

    def match(self, text: str, low: str | None, pos: int) -> re.Match[str] | None:
        """The match at ``pos`` in ``text``, over ``low`` (``lowered(text)``) when not None."""
        return self.anycase.match(text, pos) if low is None else self.lower.match(low, pos)


def foldable(text: str) -> bool:
    """Whether ``text.lower()`` can stand for ``text`` (see the module's note)."""
    return text.isascii() or not _UNFOLDABLE.search(text)


def lowered(text: str) -> str | None:
    """``text`` lower-cased, when that can stand for it (nearly always); else None."""
    return text.lower() if foldable(text) else None
