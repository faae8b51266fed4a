"""The PDFium engine (pypdfium2): characters straight from PDFium's text page.

Per character it asks PDFium for the loose box (the advance and the font's descent, as
pdfminer measures them) and the text object the character belongs to; the font name and
size are read again only where the text object changes. Line breaks PDFium invents
(``FPDFText_IsGenerated``) are left out, since the layout code finds lines from positions as
it does for pdfplumber; a space it invents is kept as a word break, as a drawn space is for
pdfplumber (PDFium replaces some drawn spaces by its own), where the glyphs around it stand
further apart than :func:`word_gap` says. A hyphen PDFium saw ending a line
comes as U+FFFE and is the letter's own hyphen.

PDFium is not thread-safe, so every call into it holds one process-wide lock, released
between pages.
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections.abc import Generator
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as c  # type: ignore[import-untyped]

from imrparse import DamagedDocument, EncryptedDocument, ImrParseError, limits

from . import LIGATURES, Char, PageChars, check_chars, word_gap

# Re-entrant: a document left open by an abandoned read may be closed by the garbage collector
# while this thread is inside PDFium for another.
_LOCK = threading.RLock()
# PDFium's U+FFFE is a hyphen at a line end; U+0002 is how older builds said the same.
_MAPPED = {"\ufffe": "-", "\x02": "-", **LIGATURES}
_SPACES = frozenset(" \t\r\n\x00")


def _proto(func: Any, restype: Any, *argtypes: Any) -> Any:
    """The same C function called with plain ints for handles: the per-character calls then
    build no pointer objects (pypdfium2.raw's own prototypes return typed pointers)."""
    address = ctypes.cast(func, ctypes.c_void_p).value
    assert address is not None
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_V = ctypes.c_void_p
_loose_box = _proto(c.FPDFText_GetLooseCharBox, ctypes.c_int, _V, ctypes.c_int, _V)
_text_object = _proto(c.FPDFText_GetTextObject, _V, _V, ctypes.c_int)
_is_generated = _proto(c.FPDFText_IsGenerated, ctypes.c_int, _V, ctypes.c_int)
_map_error = _proto(c.FPDFText_HasUnicodeMapError, ctypes.c_int, _V, ctypes.c_int)
_origin = _proto(c.FPDFText_GetCharOrigin, ctypes.c_int, _V, ctypes.c_int, _V, _V)


def _error(err: Exception) -> ImrParseError:
    code = getattr(err, "err_code", None)
    if code == c.FPDF_ERR_PASSWORD:
        return EncryptedDocument("encrypted PDF: it needs a password to open; decrypt it first")
    if code == c.FPDF_ERR_SECURITY:
        return EncryptedDocument("encrypted PDF that cannot be opened: unsupported security")
    reason = " ".join(str(err).split())[:160] or "PDFium cannot read it"
    return DamagedDocument(f"damaged PDF: {reason}")


def _font(raw: Any, index: int, buf: ctypes.Array[ctypes.c_char]) -> tuple[str, float]:
    """Font name and size (in points on the page) of the character at ``index``."""
    flags = ctypes.c_int()
    need = c.FPDFText_GetFontInfo(raw, index, buf, len(buf), ctypes.byref(flags))
    if need > len(buf):
        buf = ctypes.create_string_buffer(need)
        c.FPDFText_GetFontInfo(raw, index, buf, need, ctypes.byref(flags))
    name = buf.value.decode("utf-8", "replace")
    matrix = c.FS_MATRIX()
    size = c.FPDFText_GetFontSize(raw, index)
    if c.FPDFText_GetMatrix(raw, index, ctypes.byref(matrix)):
        # The size the text is drawn at: the font size times the vertical scale.
        size *= math.hypot(matrix.c, matrix.d)
    return name, size


def _text(raw: Any, count: int) -> str:
    """The page's characters, one per index (FPDFText_GetUnicode where UTF-16 pairs up)."""
    buf = ctypes.create_string_buffer(count * 2 + 2)
    c.FPDFText_GetText(raw, 0, count, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: count * 2].decode("utf-16-le", "replace")
    if len(text) != count:
        text = "".join(chr(c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    return text


def _chars(raw: Any, top: float) -> list[Char]:
    """The page's characters; ``top``: the y of the page's top edge in PDF space."""
    count = c.FPDFText_CountChars(raw)
    check_chars(count)
    if count <= 0:
        return []
    text = _text(raw, count)
    handle = ctypes.cast(raw, ctypes.c_void_p).value
    rect = c.FS_RECTF()
    box = ctypes.addressof(rect)
    fonts: dict[int, tuple[str, float]] = {}
    buf = ctypes.create_string_buffer(128)
    out: list[Char] = []
    new = tuple.__new__  # Char(...) runs a Python-level __new__: several times slower
    name, size = "", 0.0
    last = None
    # FPDFText_HasUnicodeMapError is asked at a text object's first character, and at every
    # one of its characters when that one has no Unicode.
    check_each = False
    invented = False  # ``out`` ends in a space PDFium invented, until the next character
    for i, ch in enumerate(text):
        if ch in _SPACES and _is_generated(handle, i):
            if ch == " " and out:
                # PDFium puts its own space where the PDF drew one ("of TBI"). Its box is a
                # point off the baseline, so it takes the line of the character before it.
                _loose_box(handle, i, box)
                invented = True
                out.append(out[-1]._replace(text=" ", x0=rect.left, x1=rect.left))
            continue
        obj = _text_object(handle, i) or 0
        if obj != last:
            last = obj
            font = fonts.get(obj)
            if font is None:
                font = fonts[obj] = _font(raw, i, buf)
            name, size = font
            check_each = bool(_map_error(handle, i))
        if ch in _MAPPED:
            ch = _MAPPED[ch]
        elif check_each and _map_error(handle, i):
            ch = "\ufffd"  # no Unicode for this glyph (pdfminer says "(cid:N)")
        _loose_box(handle, i, box)
        bottom = rect.bottom
        if rect.top - bottom > 4 * size:
            # An absurd loose box (pypdfium2#421): the baseline is close enough.
            x, y = ctypes.c_double(), ctypes.c_double()
            _origin(handle, i, ctypes.addressof(x), ctypes.addressof(y))
            bottom = y.value
        b = top - bottom
        if invented:
            # It stays a word break only where the glyphs around it stand a word's gap apart:
            # PDFium also invents spaces inside words whose glyphs a PDF placed one by one
            # (cairo's "print to PDF": "FINA L DETERMINA TION"), which pdfplumber never sees.
            if -size < rect.left - out[-2].x1 <= word_gap(ch) * size:
                out.pop()
            invented = False
        out.append(new(Char, (ch, rect.left, rect.right, b - size, b, size, name)))
    return out


def _images(page: Any) -> int:
    raw = page.raw
    kinds = (
        c.FPDFPageObj_GetType(c.FPDFPage_GetObject(raw, i))
        for i in range(c.FPDFPage_CountObjects(raw))
    )
    return sum(1 for kind in kinds if kind == c.FPDF_PAGEOBJ_IMAGE)


class PdfiumEngine:
    name = "pypdfium2"

    def pages(self, data: bytes) -> Generator[PageChars, None, None]:
        with _LOCK:
            try:
                pdf = pdfium.PdfDocument(data)
            except pdfium.PdfiumError as err:
                raise _error(err) from None
        try:
            for index in range(len(pdf)):
                limits.check_pages(index + 1)
                limits.check_time()
                with _LOCK:
                    page_chars = self._page(pdf, index)
                yield page_chars
        finally:
            with _LOCK:
                pdf.close()

    @staticmethod
    def _page(pdf: Any, index: int) -> PageChars:
        try:
            page = pdf[index]
        except pdfium.PdfiumError as err:
            raise _error(err) from None
        try:
            # Positions from the media box's top edge, as pdfminer gives them, wherever the
            # box's origin is.
            _, low, _, high = page.get_mediabox()
            height = high - low
            # /Rotate turns a page for display only; PDFium orders a turned page's characters
            # as displayed (a page upside down, each line right to left), and its text is
            # read where it is drawn, as pdfplumber's engine reads it.
            if page.get_rotation():
                page.set_rotation(0)
            textpage = page.get_textpage()
            try:
                chars = _chars(textpage.raw, high)
            finally:
                textpage.close()
            return PageChars(chars, height, 0 if chars else _images(page))
        except pdfium.PdfiumError as err:
            raise _error(err) from None
        finally:
            page.close()
