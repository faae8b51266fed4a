"""imrparse: California IMR final determination letters as typed records."""

from __future__ import annotations

from . import vocabulary
from ._version import __version__
from .batch import Parsed, parse_many
from .convert import from_dict, to_dict, to_json
from .document import Block, Document, HeaderField
from .errors import (
    BadOutput,
    DamagedDocument,
    EncryptedDocument,
    ImrParseError,
    InputTooLarge,
    InternalError,
    MissingDependency,
    NotAnImrLetter,
    NoTextLayer,
    OutputDiskFull,
    OutputError,
    OutputIsADirectory,
    OutputNotADirectory,
    OutputPermissionDenied,
    OutputReadOnly,
    ParseTimeout,
    UnknownFormat,
    UnreadableInput,
    UnrecognisedInput,
    UsageError,
)
from .formats import (
    Format,
    Layout,
    decode_text,
    has_marker,
    header_fields,
    sniff_head,
    text_blocks,
)
from .hookspecs import hookimpl
from .limits import Limits
from .models import (
    Citation,
    Dates,
    Determination,
    Guideline,
    Letter,
    Parser,
    Patient,
    Reviewer,
    Source,
)
from .parse import parse, parse_document, parse_text
from .rows import to_dataframe, to_rows

__all__ = [
    "BadOutput",
    "Block",
    "Citation",
    "DamagedDocument",
    "Dates",
    "Determination",
    "Document",
    "EncryptedDocument",
    "Format",
    "Guideline",
    "HeaderField",
    "ImrParseError",
    "InputTooLarge",
    "InternalError",
    "Layout",
    "Letter",
    "Limits",
    "MissingDependency",
    "NoTextLayer",
    "NotAnImrLetter",
    "OutputDiskFull",
    "OutputError",
    "OutputIsADirectory",
    "OutputNotADirectory",
    "OutputPermissionDenied",
    "OutputReadOnly",
    "ParseTimeout",
    "Parsed",
    "Parser",
    "Patient",
    "Reviewer",
    "Source",
    "UnknownFormat",
    "UnreadableInput",
    "UnrecognisedInput",
    "UsageError",
    "__version__",
    "decode_text",
    "from_dict",
    "has_marker",
    "header_fields",
    "hookimpl",
    "parse",
    "parse_document",
    "parse_many",
    "parse_text",
    "sniff_head",
    "text_blocks",
    "to_dataframe",
    "to_dict",
    "to_json",
    "to_rows",
    "vocabulary",
]
