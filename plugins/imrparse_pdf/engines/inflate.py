"""Bound what a PDF's compressed streams may inflate to, before any engine decodes them.

A 1 MB Flate stream can inflate to 1 GB, and both engines inflate a stream whole into memory
(PDFium stops only at 1 GiB). So the raw bytes are checked first: every Flate stream that is
not an image (text extraction never decodes images) is inflated here in chunks, counted and
thrown away. A stream that does not inflate from its first byte is encrypted (or broken): its
worst case is what Deflate's greatest ratio allows; when that could pass a cap, an encrypted
PDF's streams are decrypted (by pdfminer) and counted. pdfminer's own inflating is capped
too, for the pdfplumber engine.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from types import SimpleNamespace

from imrparse import InputTooLarge

MB = 1024 * 1024
# A letter's page content is tens of KB and an embedded font a few MB at most.
MAX_STREAM = 32 * MB
MAX_TOTAL = 128 * MB
# Deflate never inflates more than about 1032 times (RFC 1951's longest match per 2 bits).
_RATIO = 1032
_CHUNK = 64 * 1024
_OUT = 1 * MB
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_DICT_BACK = 2048
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_OBJ = re.compile(rb"(\d+)\s+\d+\s+obj\b")


def _too_large(size: int, limit: int, what: str) -> InputTooLarge:
    return InputTooLarge(
        f"PDF {what} inflates to over {size / MB:.0f} MB (limit {limit / MB:.0f} MB)"
    )


def inflated_size(data: memoryview | bytes, start: int = 0, cap: int = MAX_STREAM) -> int | None:
    """How many bytes the zlib stream at ``start`` inflates to, counting up to just past
    ``cap``; None when no byte inflates (not zlib data: encrypted or broken)."""
    d = zlib.decompressobj()
    total = 0
    pos = start
    view = memoryview(data)
    while pos < len(view) and not d.eof and total <= cap:
        chunk = view[pos : pos + _CHUNK]
        pos += len(chunk)
        try:
            total += len(d.decompress(chunk, _OUT))
            while d.unconsumed_tail and total <= cap:
                total += len(d.decompress(d.unconsumed_tail, _OUT))
        except zlib.error:
            break
    return total if total or d.eof else None


def _streams(data: bytes) -> Iterator[tuple[int, bytes, int, int | None]]:
    """(data start, dictionary text, stored length, object number) of each stream."""
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - _DICT_BACK) : m.start()]
        objs = list(_OBJ.finditer(head))
        found = objs[-1] if objs else None
        number = int(found.group(1)) if found else None
        head = head[found.end() :] if found else head
        length_m = _LENGTH.search(head)
        end = data.find(b"endstream", m.end())
        length = int(length_m.group(1)) if length_m else (end if end >= 0 else len(data)) - m.end()
        yield m.end(), head, length, number


def check_streams(data: bytes) -> None:
    """InputTooLarge when a non-image Flate stream of ``data`` inflates past the caps."""
    total = 0
    unknown = worst = 0  # worst cases of streams that could not be inflated here
    suspects: list[int] = []  # their object numbers
    for start, head, length, number in _streams(data):
        if not _FLATE.search(head) or _IMAGE.search(head):
            continue
        size = inflated_size(data, start, MAX_STREAM)
        if size is None:
            most = min(length, len(data) - start) * _RATIO
            unknown += most
            worst = max(worst, most)
            if number is not None:
                suspects.append(number)
            continue
        if size > MAX_STREAM:
            raise _too_large(size, MAX_STREAM, "stream")
        total += size
        if total > MAX_TOTAL:
            raise _too_large(total, MAX_TOTAL, "streams together")
    if (worst > MAX_STREAM or total + unknown > MAX_TOTAL) and b"/Encrypt" in data:
        _check_decrypted(data, suspects, total)


def _check_decrypted(data: bytes, objids: list[int], total: int) -> None:
    """Decrypt and count the encrypted Flate streams ``objids`` (pdfminer knows the
    security handlers); ``total`` is what the other streams inflate to."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    cap_pdfminer_inflate()
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
    except InputTooLarge:
        raise
    except Exception:  # unreadable here: the engine says how it is broken
        return
    for objid in objids:
        try:
            obj = doc.getobj(objid)
        except InputTooLarge:
            raise
        except Exception:  # one broken object: the engine reports it
            continue
        if not isinstance(obj, PDFStream) or getattr(obj.get("Subtype"), "name", "") == "Image":
            continue
        if not any(f in LITERALS_FLATE_DECODE for f, _ in obj.get_filters()):
            continue
        raw = obj.rawdata or b""
        if obj.decipher and obj.objid is not None and obj.genno is not None:
            try:
                raw = obj.decipher(obj.objid, obj.genno, raw, obj.attrs)
            except Exception:  # not decryptable: the engine cannot inflate it either
                continue
        size = inflated_size(raw, 0, MAX_STREAM) or 0
        if size > MAX_STREAM:
            raise _too_large(size, MAX_STREAM, "stream")
        total += size
        if total > MAX_TOTAL:
            raise _too_large(total, MAX_TOTAL, "streams together")


def _capped_decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = 0) -> bytes:
    d = zlib.decompressobj(wbits)
    out = d.decompress(data, MAX_STREAM + 1)
    if len(out) > MAX_STREAM or d.unconsumed_tail:
        raise _too_large(len(out), MAX_STREAM, "stream")
    return out + d.flush()


_capped = False


def cap_pdfminer_inflate() -> None:
    """Make pdfminer's Flate decoding stop at MAX_STREAM with InputTooLarge (it calls
    ``zlib.decompress`` on a whole stream). Only pdfminer's own module reference is swapped."""
    global _capped
    if _capped:
        return
    import pdfminer.pdftypes

    shim = SimpleNamespace(**{k: getattr(zlib, k) for k in dir(zlib) if not k.startswith("__")})
    shim.decompress = _capped_decompress
    pdfminer.pdftypes.zlib = shim  # type: ignore[attr-defined,assignment]
    _capped = True
