"""The pdfplumber engine (pdfminer.six underneath): the reference the PDFium engine must match.

Pages are made one at a time and closed at once: pdfplumber caches a page's layout, objects
and text map until ``page.close()`` (pdfplumber#1042, #1395), and ``PDF.close()`` re-parses
the page tree before closing (pdfplumber#1390).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Generator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.psexceptions import PSException
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from imrparse import DamagedDocument, EncryptedDocument, ImrParseError, limits

from . import LIGATURES, Char, PageChars, check_chars
from .inflate import cap_pdfminer_inflate

# Errors a broken PDF raises from inside pdfminer/pdfplumber when it is not wrapped for us.
_BROKEN = (
    PSException,
    PdfminerException,
    zlib.error,
    TypeError,
    ValueError,
    KeyError,
    IndexError,
    AttributeError,
    ArithmeticError,
    AssertionError,
    EOFError,
)

cap_pdfminer_inflate()


def _error(err: BaseException) -> ImrParseError:
    """The typed error for what pdfminer or pdfplumber raised (pdfplumber often wraps it)."""
    cause = err.args[0] if isinstance(err, PdfminerException) and err.args else err
    if isinstance(cause, ImrParseError):
        return cause  # a limit (time, inflated size) hit inside pdfminer, which wrapped it
    if isinstance(cause, PDFPasswordIncorrect):
        return EncryptedDocument("encrypted PDF: it needs a password to open; decrypt it first")
    reason = " ".join(str(cause).split())[:160] or type(cause).__name__
    if isinstance(cause, PDFEncryptionError):
        return EncryptedDocument(f"encrypted PDF that cannot be opened: {reason}")
    return DamagedDocument(f"damaged PDF: {reason}")


class PlumberEngine:
    name = "pdfplumber"

    def pages(self, data: bytes) -> Generator[PageChars, None, None]:
        """Only the pdfminer/pdfplumber calls sit inside a ``try``: what a broken file makes
        them raise becomes a typed error, while a bug in the layout code stays a bug."""
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
            numbered = enumerate(PDFPage.create_pages(pdf.doc), start=1)
        except _BROKEN as err:
            raise _error(err) from None
        while True:
            try:
                found = next(numbered, None)
                if found is None:
                    return
                number, page_obj = found
                limits.check_pages(number)
                limits.check_time()
                # /Rotate turns a page for display only: its text is read where it is drawn,
                # as PDFium reads it (pdfminer would turn every line on its side).
                page_obj.rotate = 0
                page_obj.attrs.pop("Rotate", None)
                page = Page(pdf, page_obj, page_number=number)
                try:
                    raw, height = page.chars, page.height
                    images = 0 if raw else len(page.images)
                    # pdfplumber measures from y = height, not from the media box's top edge
                    # (its mediabox is in those terms): positions from the edge, as the PDFium
                    # engine gives them, for a box whose origin is not 0.
                    shift = -page.mediabox[1]
                finally:
                    page.close()
            except _BROKEN as err:
                raise _error(err) from None
            check_chars(len(raw))
            new = tuple.__new__  # Char(...) runs a Python-level __new__: several times slower
            chars = [
                new(
                    Char,
                    (
                        LIGATURES.get(c["text"], c["text"] or ""),
                        c["x0"],
                        c["x1"],
                        c["top"] + shift,
                        c["bottom"] + shift,
                        c["size"],
                        c["fontname"],
                    ),
                )
                for c in raw
            ]
            yield PageChars(chars, height, images)
