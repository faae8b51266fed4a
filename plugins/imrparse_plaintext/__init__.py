"""Plain-text IMR letters: the text pulled out of the published PDF.

Such text double-spaces every line (each line is followed by an empty line) and marks a
paragraph break with a line of blanks. Some copies are single-spaced, where any blank line
breaks a paragraph. This plugin only finds lines and paragraphs; the core does the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from imrparse import Document, Format, decode_text, hookimpl, sniff_head, text_blocks

# Words only an IMR letter carries; cheap to look for in the first few kilobytes.
_MARKERS = re.compile(
    r"HOW THE IMR FINAL DETERMINATION WAS MADE|IMR ISSUES, DECISIONS AND RATIONALES"
    r"|CLINICAL CASE SUMMARY|Final Determination Letter for IMR|MAXIMUS Federal Services",
    re.IGNORECASE,
)


class PlainText(Format):
    name = "plain-text"
    description = "Text extracted from a published IMR letter (double- or single-spaced)"
    examples = Path(__file__).parent / "examples"

    def sniff(self, data: bytes) -> float:
        head = sniff_head(data, 20000)
        # Generic text reader: sure enough to win over nothing, never over a specific layout.
        return 0.5 if head is not None and _MARKERS.search(head) else 0.0

    def read(self, data: bytes) -> Document:
        return Document(text_blocks(decode_text(data)))


@hookimpl
def register_formats(register: Callable[[Format], None]) -> None:
    register(PlainText())
