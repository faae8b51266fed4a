"""Plain-text IMR letters: the text pulled out of the published PDF.

Such text double-spaces every line (each line is followed by an empty line) and marks a
paragraph break with a line of blanks. Some copies are single-spaced, where any blank line
breaks a paragraph. This plugin only finds lines and paragraphs; the core does the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from imrparse import Block, Document, Format, decode_text, hookimpl

# Words only an IMR letter carries; cheap to look for in the first few kilobytes.
_MARKERS = re.compile(
    rb"HOW THE IMR FINAL DETERMINATION WAS MADE|IMR ISSUES, DECISIONS AND RATIONALES"
    rb"|CLINICAL CASE SUMMARY|Final Determination Letter for IMR|MAXIMUS Federal Services",
    re.IGNORECASE,
)


class PlainText(Format):
    name = "plain-text"
    description = "Text extracted from a published IMR letter (double- or single-spaced)"
    examples = Path(__file__).parent / "examples"

    def sniff(self, data: bytes) -> float:
        head = data[:20000]
        if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return 0.0
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        # Generic text reader: sure enough to win over nothing, never over a specific layout.
        return 0.5 if _MARKERS.search(head) else 0.0

    def read(self, data: bytes) -> Document:
        text = decode_text(data)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = [line for line in text.split("\n") if line != "\f"]
        empty = sum(1 for line in lines if not line)
        # Double-spaced when about every other line is empty: those are not paragraph breaks.
        double_spaced = empty * 10 >= len(lines) * 4
        blocks: list[Block] = []
        current: list[str] = []
        for line in lines:
            bare = line.replace("\f", "")
            if not bare.strip():
                # Blanks break a paragraph; an empty line only in single-spaced text.
                if (bare or not double_spaced) and current:
                    blocks.append(Block(current))
                    current = []
                continue
            current.append(line)
        if current:
            blocks.append(Block(current))
        return Document(blocks)


@hookimpl
def register_formats(register: Callable[[Format], None]) -> None:
    register(PlainText())
