"""The structured text a layout plugin hands to the shared grammar.

A plugin's only job is to turn input bytes into a :class:`Document`: the letter's lines in
reading order, grouped into blocks (paragraphs, as the layout shows them), with whatever
structure the layout knows handed over as data (a heading, the section it opens, the field
label a paragraph follows, the header table's label/value cells). What the words mean is the
grammar's job: a plugin never writes English for the grammar to re-read.
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

    ``section``: a heading block's section key (see :data:`imrparse.vocabulary.SECTIONS`),
    set by a layout that knows which section a heading opens even when its words differ.
    ``label``: the field this block's text is the value of (a key of
    :data:`imrparse.vocabulary.ITEM_FIELDS`, e.g. ``"rationale"``), when the layout set the
    label apart (a bold or tagged ``Decision rationale:``); the label's words are then not in
    ``lines``.

    ``set_apart``: the layout's type sets this block apart from the text before it (the
    published PDF opens every field label and item heading in bold after plain text). The
    grammar then reads it as opening a field or an item's heading, never as the text before it
    going on across a page or paragraph break (a rationale may end without a stop); and a
    heading that opens there starts there, whatever breaks fall inside it.
    """

    lines: tuple[str, ...] = field(converter=_lines)
    heading: bool = False
    section: str | None = None
    label: str | None = None
    set_apart: bool = False


@frozen
class HeaderField:
    """One cell pair of the case header as the layout read it: the label's words and the value.

    ``label`` is the letter's own text ("Application Received", "Case Number:"); the grammar
    resolves it through :data:`imrparse.vocabulary.HEADER_LABELS` and validates ``value``.
    """

    label: str
    value: str


def _blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(value)


def _header(value: Iterable[HeaderField]) -> tuple[HeaderField, ...]:
    return tuple(value)


@frozen
class Document:
    """A letter as text with structure, in reading order.

    ``header``: the case header's label/value pairs when the layout read them as a table
    (HTML cells, PDF header table, Markdown table). When it is empty the grammar reads the
    header from the lines before the first section.
    """

    blocks: tuple[Block, ...] = field(converter=_blocks)
    pages: int | None = None
    header: tuple[HeaderField, ...] = field(default=(), converter=_header)
