"""imrparse: California IMR final determination letters as typed records."""

from __future__ import annotations

from .convert import from_dict, to_dict, to_json
from .document import Block, Document
from .errors import (
    DamagedDocument,
    EncryptedDocument,
    ImrParseError,
    InputTooLarge,
    NotAnImrLetter,
    NoTextLayer,
    ParseTimeout,
    UnknownFormat,
    UnreadableInput,
)
from .formats import Format, decode_text, sniff_head, text_blocks
from .hookspecs import hookimpl
from .limits import Limits
from .models import (
    Citation,
    Dates,
    Determination,
    Guideline,
    Letter,
    Patient,
    Reviewer,
    Source,
)
from .parse import parse, parse_document

__version__ = "0.1.0"

__all__ = [
    "Block",
    "Citation",
    "DamagedDocument",
    "Dates",
    "Determination",
    "Document",
    "EncryptedDocument",
    "Format",
    "Guideline",
    "ImrParseError",
    "InputTooLarge",
    "Letter",
    "Limits",
    "NoTextLayer",
    "NotAnImrLetter",
    "ParseTimeout",
    "Patient",
    "Reviewer",
    "Source",
    "UnknownFormat",
    "UnreadableInput",
    "__version__",
    "decode_text",
    "from_dict",
    "hookimpl",
    "parse",
    "parse_document",
    "sniff_head",
    "text_blocks",
    "to_dict",
    "to_json",
]
