"""The real letters' text, varied as other extractors and copies vary it: the same records.

Each variant is something text taken out of a PDF is known to do that the 220 real inputs
happen not to show (Windows line ends, indented or padded lines, a blank line after each line,
curly quotes, ligatures, Unicode hyphens, page footers and numbers falling elsewhere or
missing). A letter's record must not change with it: a rule that leans on how these 220
happen to look fails here before it fails on letters nobody has shown us.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

import imrparse

from .real_facts import inputs


def _page_breaks(every: int) -> Callable[[str], str]:
    """A footer and page number after every ``every``-th line past the header."""

    def vary(text: str) -> str:
        out: list[str] = []
        for i, line in enumerate(text.split("\n")):
            out.append(line)
            if i > 30 and i % every == 0:
                out += [
                    "Final Determination Letter for IMR Case Number CM16-0000000",
                    "Page 2 of 9",
                ]
        return "\n".join(out)

    return vary


def _each_line(change: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: "\n".join(map(change, text.split("\n")))


VARIANTS: dict[str, Callable[[str], str]] = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "indented": _each_line(lambda line: "   " + line),
    "padded": _each_line(lambda line: line + "   "),
    "double-spaced": lambda t: "\n\n".join(t.split("\n")),
    "curly quotes": lambda t: t.replace("'", "\u2019").replace('"', "\u201c"),
    "two spaces after a stop": lambda t: t.replace(". ", ".  "),
    "no page numbers": lambda t: re.sub(r"(?m)^.*Page \d+ of \d+.*$\n?", "", t),
    "page breaks every 7 lines": _page_breaks(7),
    "page breaks every 11 lines": _page_breaks(11),
    "ligatures": lambda t: (
        t.replace("fi", "\ufb01").replace("fl", "\ufb02").replace("ff", "\ufb00")
    ),
    "hyphen U+2010": lambda t: t.replace("-", "\u2010"),
}

TEXTS = [(f"{tool}/{case}", path) for case, tool, path in inputs() if tool != "pdf"]
_records: dict[str, dict[str, Any]] = {}


def _record(text: str) -> dict[str, Any]:
    record = imrparse.to_dict(imrparse.parse(text.encode("utf-8")))
    del record["source"]  # its hash is of the varied bytes
    return record


def _original(name: str, text: str) -> dict[str, Any]:
    if name not in _records:
        _records[name] = _record(text)
    return _records[name]


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_variant_of_every_real_text_gives_the_same_record(variant: str) -> None:
    vary = VARIANTS[variant]
    changed = []
    for name, path in TEXTS:
        text = path.read_text(encoding="utf-8")
        varied = _record(vary(text))
        original = _original(name, text)
        if varied != original:
            fields = [key for key in original if original[key] != varied.get(key)]
            changed.append(f"{name}: {', '.join(fields)}")
    assert not changed, f"{len(changed)} of {len(TEXTS)} records changed:\n" + "\n".join(changed)
