"""The base class of a layout plugin, and helpers every text-based layout needs."""

from __future__ import annotations

import codecs
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from .document import Document
from .errors import DamagedDocument


class Format(ABC):
    """One letter layout. Subclass it and register an instance from ``register_formats``.

    ``name`` goes into ``source.format`` of every record the plugin reads. ``examples`` is a
    folder of example letters, each with an expected record beside it (``x.txt`` and
    ``x.json``); :mod:`imrparse.testing` checks them.
    """

    name: ClassVar[str]
    description: ClassVar[str] = ""
    examples: ClassVar[Path | None] = None

    @abstractmethod
    def sniff(self, data: bytes) -> float:
        """How sure this layout is that ``data`` is one of its letters, from 0.0 to 1.0.

        Decide by content, never by file name. Return 0.0 for anything not yours; cheap
        checks only, as every installed layout sniffs every input.
        """

    @abstractmethod
    def read(self, data: bytes) -> Document:
        """Turn the input into text with structure. Raise imrparse's typed errors only."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> str:
    """Decode a text letter: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252.

    Bytes that are none of these (binary data) raise DamagedDocument rather than mojibake.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as err:
                raise DamagedDocument(f"not valid {codec} text: {err.reason}") from None
    if b"\x00" in data:
        raise DamagedDocument("binary data, not text (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise DamagedDocument("neither UTF-8 nor Windows-1252 text") from None
    controls = sum(1 for c in text if c < " " and c not in "\t\n\r\f")
    if controls > len(text) // 100:
        raise DamagedDocument("binary data, not text (control characters)")
    return text
