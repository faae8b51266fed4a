"""The DOCUMENTS REVIEWED list: one entry per list item, wrapped lines joined."""

from __future__ import annotations

import re

from .clean import Line, unwrap

# "1.", "2)", "(3)", "a.", bullets and dashes that open a list item.
_MARKER = re.compile(r"^\s*(?:\(?\d{1,3}[.)]|\(?[a-z][.)]|[\u2022\u25cf\u25aa\u00b7*\-\u2013])\s+")


def read_documents(lines: list[Line]) -> list[str]:
    """The documents listed, in order. A new entry starts at a list marker or a new block."""
    entries: list[list[str]] = []
    for line in lines:
        m = _MARKER.match(line.text)
        if m or line.para_start or not entries:
            entries.append([line.text[m.end() :] if m else line.text])
        else:
            entries[-1].append(line.text)
    return [text for text in (unwrap(e).rstrip(" ;") for e in entries) if text]
