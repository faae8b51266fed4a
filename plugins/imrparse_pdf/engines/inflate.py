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

import base64
import io
import re
import zlib
from collections.abc import Callable, Iterator
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
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_FLATE = {"FlateDecode", "Fl"}
# Filters that may wrap the Flate data and cannot grow it: undone here before inflating.
_TEXT_FILTERS: dict[str, Callable[[bytes], bytes]] = {
    "ASCII85Decode": lambda b: base64.a85decode(b.strip().removesuffix(b"~>"), adobe=False),
    "A85": lambda b: base64.a85decode(b.strip().removesuffix(b"~>"), adobe=False),
    "ASCIIHexDecode": lambda b: bytes.fromhex(b.decode("latin-1").split(">")[0]),
    "AHx": lambda b: bytes.fromhex(b.decode("latin-1").split(">")[0]),
}
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_OBJ = re.compile(rb"(\d+)\s+\d+\s+obj\b")


def _too_large(limit: int, what: str = "a stream inflates") -> InputTooLarge:
    return InputTooLarge(f"PDF too large: {what} past the {limit / MB:.0f} MB limit")


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


def _flate_input(raw: bytes, filters: list[str]) -> bytes | None:
    """``raw`` with the text filters before its Flate filter undone; None when it has no
    Flate filter or they fail."""
    if not any(f in _FLATE for f in filters):
        return None
    for name in filters:
        if name in _FLATE:
            return raw
        undo = _TEXT_FILTERS.get(name)
        if undo is None:
            return None
        try:
            raw = undo(raw)
        except ValueError:
            return None
    return None


def _size(raw: bytes, filters: list[str]) -> int | None:
    """What the stream's Flate filter inflates it to (up to just past the cap), or None."""
    flate = _flate_input(raw, filters)
    return None if flate is None else inflated_size(flate, 0, MAX_STREAM)


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
        found = _FILTER.search(head)
        filters = [n.decode("latin-1") for n in _NAME.findall(found.group(1))] if found else []
        if not any(f in _FLATE for f in filters) or _IMAGE.search(head):
            continue
        if filters[0] in _FLATE:  # inflated straight from the file, however long it says it is
            size = inflated_size(data, start, MAX_STREAM)
        else:
            size = _size(data[start : start + length], filters)
        if size is None:
            most = min(length, len(data) - start) * _RATIO
            unknown += most
            worst = max(worst, most)
            if number is not None:
                suspects.append(number)
            continue
        total = _count(size, total)
    if (worst > MAX_STREAM or total + unknown > MAX_TOTAL) and b"/Encrypt" in data:
        _check_decrypted(data, suspects, total)


def _count(size: int, total: int) -> int:
    if size > MAX_STREAM:
        raise _too_large(MAX_STREAM)
    if total + size > MAX_TOTAL:
        raise _too_large(MAX_TOTAL, "its streams together inflate")
    return total + size


def _check_decrypted(data: bytes, objids: list[int], total: int) -> None:
    """Decrypt and count the encrypted Flate streams ``objids`` (pdfminer knows the
    security handlers); ``total`` is what the other streams inflate to."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream

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
        filters = [getattr(f, "name", "") for f, _ in obj.get_filters()]
        raw = obj.rawdata or b""
        if obj.decipher and obj.objid is not None and obj.genno is not None:
            try:
                raw = obj.decipher(obj.objid, obj.genno, raw, obj.attrs)
            except Exception:  # not decryptable: the engine cannot inflate it either
                continue
        total = _count(_size(raw, filters) or 0, total)


def _capped_decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = 0) -> bytes:
    d = zlib.decompressobj(wbits)
    out = d.decompress(data, MAX_STREAM + 1)
    if len(out) > MAX_STREAM or d.unconsumed_tail:
        raise _too_large(MAX_STREAM)
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
