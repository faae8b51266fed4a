"""The structured text a layout plugin hands to the shared grammar.

A plugin's only job is to turn input bytes into a :class:`Document`: the letter's lines in
reading order, grouped into blocks (paragraphs, as the layout shows them), with headings marked
where the layout says so. Everything about what the words mean is the grammar's job.
"""

from __future__ import annotations

from attrs import field, frozen


def _lines(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)  # type: ignore[attr-defined]


@frozen
class Block:
    """A paragraph, heading or header row: one or more physical lines as the layout wrapped them.

    Lines keep their wrapping; the grammar unwraps them. ``heading`` is set by layouts that
    mark headings (``###``, bold capitals); plain text leaves it False and the grammar
    recognises headings by their words.
    """

    lines: tuple[str, ...] = field(converter=_lines)
    heading: bool = False


@frozen
class Document:
    """A letter as text with structure, in reading order."""

    blocks: tuple[Block, ...] = field(converter=tuple)
    pages: int | None = None
