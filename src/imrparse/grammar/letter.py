from __future__ import annotations

from ..document import Document
from ..models import Letter, Source


def build_letter(document: Document, source: Source) -> Letter:
    raise NotImplementedError  # being written
