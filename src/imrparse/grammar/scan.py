"""Regex scans that try a pattern only where str.find says a match can start.

``re`` tries an alternation, or a case-insensitive pattern, at every position of the text
(about 10 ns a character here); a letter's rules scan its text dozens of times. When every
match of a pattern starts with one of a few literal words, str.find (a fast C search) finds
the positions worth trying and the pattern is matched there only: the same matches, in the
same order, as ``pattern.finditer``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# re.IGNORECASE also matches these to non-ASCII letters (U+0131 and U+0130, U+212A, U+017F)
# that str.lower() does not turn into them: a lower-cased search word must not hold them.
_FOLDS_ELSEWHERE = frozenset("iks")


def finditer_from(
    pattern: re.Pattern[str], text: str, firsts: Iterable[str]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, for a pattern whose every match starts with one of ``firsts``.

    For a case-insensitive pattern, ``firsts`` are lower case and found in ``text.lower()``;
    they may not hold i, k or s.
    """
    hay = text
    if pattern.flags & re.IGNORECASE:
        assert not any(_FOLDS_ELSEWHERE & set(w) for w in firsts), firsts
        hay = text.lower()
        if len(hay) != len(text):  # lower-casing moved positions ("İ" is two characters)
            yield from pattern.finditer(text)
            return
    starts: set[int] = set()
    for word in firsts:
        at = hay.find(word)
        while at >= 0:
            starts.add(at)
            at = hay.find(word, at + 1)
    end = 0
    for at in sorted(starts):
        if at >= end and (m := pattern.match(text, at)):
            end = m.end()
            yield m
