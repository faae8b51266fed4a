"""Published IMR letter PDFs, read from their characters, fonts and positions.

An engine (:mod:`imrparse_pdf.engines`: PDFium through pypdfium2 by default, or pdfplumber)
yields each page's characters; :mod:`imrparse_pdf.layout` makes the lines, blocks and header
table, the same way for either. ``imrparse.parse(x, pdf_engine="pdfplumber")`` or
``--pdf-engine pdfplumber`` picks the engine.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from imrparse import DamagedDocument, Document, Format, NoTextLayer, hookimpl
from imrparse.options import option

from . import engines
from .engines.inflate import check_streams
from .layout import Blocks, Bold, body, group, make_line

# A PDF starts with "%PDF-" within its first KB (the spec lets junk precede it) and ends
# with "%%EOF" within its last KB, as readers such as Acrobat accept it.
_HEAD = 1024
_TAIL = 1024
# Shorter than this and with no end, it cannot hold a page of a letter: not ours to claim.
_SMALLEST = 1024


class Pdf(Format):
    name = "pdf"
    description = "The published IMR letter PDF (text layer read with PDFium or pdfplumber)"
    examples = Path(__file__).parent / "examples"

    def sniff(self, data: bytes) -> float:
        if b"%PDF-" not in data[:_HEAD]:
            return 0.0
        # A longer PDF cut short is still claimed, to be reported as damaged.
        return 1.0 if len(data) >= _SMALLEST or _ends(data) else 0.0

    def read(self, data: bytes) -> Document:
        engine = engines.get(option("pdf_engine"))
        if not _ends(data):
            raise DamagedDocument("damaged PDF: cut short (no %%EOF end marker)")
        check_streams(data)
        bold = Bold()
        blocks = Blocks(bold)
        pages = images = 0
        # Closed at once when reading stops early (a limit, a broken page), not left to the GC.
        with contextlib.closing(engine.pages(data)) as read:
            for page in read:
                pages += 1
                images += page.images
                lines = [ln for cs in group(page.chars) if (ln := make_line(cs, bold)) is not None]
                blocks.add_page(body(lines, page.height))
        if pages == 0:
            raise DamagedDocument("damaged PDF: it has no pages")
        document = blocks.document(pages)
        if not document.blocks:
            what = "images only, a scan" if images else "blank"
            raise NoTextLayer(
                f"no text layer: the PDF's {pages} page(s) are {what}; OCR is not supported"
            )
        return document


def _ends(data: bytes) -> bool:
    return b"%%EOF" in data.rstrip(b"\x00\t\n\f\r ")[-_TAIL:]


@hookimpl
def register_formats(register: Callable[[Format], None]) -> None:
    register(Pdf())
