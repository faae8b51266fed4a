"""The structured text a layout plugin hands to the shared grammar.

A plugin's only job is to turn input bytes into a :class:`Document`: the letter's lines in
reading order, grouped into blocks (paragraphs, as the layout shows them), with headings marked
where the layout says so. Everything about what the words mean is the grammar's job.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen


def _lines(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@frozen
class Block:
    """A paragraph, heading or header row: one or more physical lines as the layout wrapped them.

    Lines keep their wrapping; the grammar unwraps them. ``heading`` is set by layouts that
    mark headings (``###``, bold capitals); plain text leaves it False and the grammar
    recognises headings by their words.
    """

    lines: tuple[str, ...] = field(converter=_lines)
    heading: bool = False


def _blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(value)


@frozen
class Document:
    """A letter as text with structure, in reading order."""

    blocks: tuple[Block, ...] = field(converter=_blocks)
    pages: int | None = None
