"""Lines, blocks and the case header table from a page's characters, whatever the engine.

Each page's characters become lines by position; font names say which runs are bold (field
labels, item lines, section headings), vertical gaps and bold starts say where a block begins,
and the bottom band of every page, where the footer and page number sit, is dropped by position.
A paragraph that runs over a page break stays one block. On page 1 the header table's cells
are paired (a bold label ending in its colon and the value beside it, bold or not, either
wrapped in its cell or not) and
handed over as :class:`imrparse.HeaderField` pairs. What the words mean is the grammar's job;
this module only hands it lines, blocks and cells.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from attrs import frozen

from imrparse import Block, Document, HeaderField
from imrparse.vocabulary import HEADER_LABELS, OUTCOMES, fold, section_of

from .engines import Char, word_gap

# Font names that say bold: "Helvetica-Bold", "ABCDEF+Arial,Bold", "TimesNewRomanPS-BoldMT".
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# The bottom part of a page where the footer and page number sit (a fraction of its height).
_FOOTER_BAND = 0.12
# Chars whose bottoms differ by less than this many points share a line.
_SAME_LINE = 3.0
# A horizontal gap wider than this many times the font size is a table cell boundary (a
# narrower one, wider than engines.word_gap says, a word space).
_CELL_GAP = 1.5
# A vertical gap between lines wider than this many times the font size starts a block.
_PARA_GAP = 0.5
# Gap above a line in the footer band, in font sizes, that sets the page furniture apart.
_FURNITURE_GAP = 1.5
# Furniture is set smaller than the text above it, by at least this many points.
_FURNITURE_SMALLER = 0.5
# A wrapped header label's next part starts this close (points) below the first part's start.
_SAME_COLUMN = 1.0
# Two labels overlapping a value's height by amounts this close (points) are level with it alike.
_LEVEL_TIE = 1.0
_SENTENCE_END = re.compile(r"[.!?:;][\"')\]]?$")
_LOWER = re.compile(r"[a-z]")


class Bold(dict[str, bool]):
    """Font name -> bold, computed once per font."""

    def __missing__(self, fontname: str) -> bool:
        bold = self[fontname] = bool(_BOLD.search(fontname))
        return bold


@frozen
class Line:
    """One physical line of a page: its text, what its position and fonts say, its chars."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    starts_bold: bool
    all_bold: bool
    first_font: str
    last_font: str
    chars: Sequence[Char]


def group(chars: list[Char]) -> list[list[Char]]:
    """Chars into lines by their bottoms, lines top to bottom, chars left to right.

    Content streams mostly draw a line's chars together, so the last line is tried first.
    """
    lines: list[list[Char]] = []
    bottoms: list[float] = []
    last = -1
    for c in chars:
        bottom = c.bottom
        if last >= 0 and abs(bottoms[last] - bottom) <= _SAME_LINE:
            lines[last].append(c)
            continue
        for i, b in enumerate(bottoms):
            if abs(b - bottom) <= _SAME_LINE:
                last = i
                break
        else:
            last = len(lines)
            lines.append([])
            bottoms.append(bottom)
        lines[last].append(c)
    order = sorted(range(len(lines)), key=bottoms.__getitem__)
    out = []
    for i in order:
        line = lines[i]
        if any(line[j].x0 > line[j + 1].x0 for j in range(len(line) - 1)):
            line.sort(key=lambda c: c.x0)
        out.append(line)
    return out


def make_line(chars: list[Char], bold: Bold) -> Line | None:
    """A line's text with spaces (and tabs between table cells) from the gaps between chars."""
    parts: list[str] = []
    prev: Char | None = None
    first: Char | None = None
    space = False
    n_bold = n = 0
    size = 0.0
    for c in chars:
        text = c.text
        if not text or text.isspace():
            space = True
            continue
        if prev is not None:
            gap = c.x0 - prev.x1
            if gap < 0 and text == prev.text and 2 * (c.x0 - prev.x0) < prev.x1 - prev.x0:
                continue  # drawn again over itself, a hair aside: a bold faked by overprinting
            em = c.size
            if gap > _CELL_GAP * em:
                parts.append("\t")
            elif space or gap > word_gap(text) * em:
                parts.append(" ")
        else:
            first = c
        parts.append(text)
        space = False
        prev = c
        n += 1
        if bold[c.font]:
            n_bold += 1
        if c.size > size:
            size = c.size
    if first is None or prev is None:
        return None
    return Line(
        text="".join(parts),
        top=min(c.top for c in chars),
        bottom=max(c.bottom for c in chars),
        x0=first.x0,
        x1=prev.x1,
        size=size,
        starts_bold=bold[first.font],
        all_bold=n_bold == n,
        first_font=first.font,
        last_font=prev.font,
        chars=chars,
    )


def body(lines: list[Line], height: float) -> list[Line]:
    """The page's lines without its furniture: the footer band, set apart by a wide gap and
    in smaller type. Text of the body's size there is kept: the published letters print no
    footer, and their last line on a page sits in the band, after a wide gap where a blank
    line is doubled (an item line dropped there took its item with it)."""
    band = height * (1 - _FOOTER_BAND)
    for i, line in enumerate(lines):
        if line.top < band:
            continue
        above = lines[i - 1] if i else None
        if above is None or (
            line.size < above.size - _FURNITURE_SMALLER
            and line.top - above.bottom > _FURNITURE_GAP * above.size
        ):
            return lines[:i]
    return lines


def _new_block(prev: Line, line: Line) -> bool:
    """Whether ``line`` starts a block after ``prev`` on the same page."""
    if line.top - prev.bottom > _PARA_GAP * max(line.size, prev.size):
        return True  # paragraph spacing
    return _starts_by_font(prev, line)


def _starts_by_font(prev: Line, line: Line) -> bool:
    if line.starts_bold:
        # A bold label or item starts a block, unless it continues a wrapped bold line.
        return not prev.all_bold or prev.last_font != line.first_font
    # The line after a heading or an item line, unless it is the item's outcome that did
    # not fit on the item's last line ("...bilateral knees:" / "Upheld").
    return prev.all_bold and fold(line.text) not in OUTCOMES


def _is_heading(lines: list[Line]) -> bool:
    """A section heading: bold capitals throughout, no inner colon (an item has one)."""
    return all(line.all_bold for line in lines) and not any(
        _LOWER.search(line.text) or ":" in line.text.rstrip(":") for line in lines
    )


# ---- the page-1 header table ----------------------------------------------------------


@frozen
class _Cell:
    """A run of same-weight text on one line, between cell gaps: a label or a value."""

    text: str
    line: int
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool


# The header labels without spaces: a run of characters holds none (see _cells).
_LABELS = frozenset(label.replace(" ", "") for label in HEADER_LABELS)


def _is_label(run: list[Char]) -> bool:
    """Whether ``run``, ending in a colon, is a whole header label ("UR Denial Date:")."""
    return "".join(c.text for c in run)[:-1].upper() in _LABELS


def _cells(index: int, line: Line, bold: Bold) -> list[_Cell]:
    """A header line's cells: runs of characters parted by a wide gap, a change between bold
    and not, or a whole label's colon (a long label's value may stand closer than a gap, and
    only the font told them apart: not where the table is set all in one)."""
    cells: list[_Cell] = []
    run: list[Char] = []

    def close() -> None:
        made = make_line(run, bold)
        if made is not None:
            cells.append(
                _Cell(made.text, index, made.x0, made.x1, made.top, made.bottom, made.all_bold)
            )

    prev: Char | None = None
    for c in line.chars:
        if not c.text or c.text.isspace():
            continue
        if prev is not None and (
            bold[c.font] != bold[prev.font]
            or c.x0 - prev.x1 > _CELL_GAP * c.size
            or (prev.text == ":" and _is_label(run))
        ):
            close()
            run = []
        run.append(c)
        prev = c
    close()
    return cells


def _labels(cells: list[_Cell]) -> tuple[list[_Cell], set[int]]:
    """Bold cells ending in a colon, a label wrapped in its cell joined ("Application" /
    "Received:"); and the ids of the cells used."""
    labels: list[_Cell] = []
    used: set[int] = set()
    for cell in cells:
        if not cell.bold or id(cell) in used:
            continue
        label = cell
        parts = [cell]
        while not label.text.endswith(":"):
            below = next(
                (
                    c
                    for c in cells
                    if c.bold
                    and c.line > label.line
                    and id(c) not in used
                    and abs(c.x0 - cell.x0) <= _SAME_COLUMN
                    # the next line down (a value set lower than its label may stand between)
                    and c.top - label.bottom < label.bottom - label.top
                ),
                None,
            )
            if below is None:
                break
            parts.append(below)
            label = _Cell(
                f"{label.text} {below.text}",
                below.line,
                cell.x0,
                max(label.x1, below.x1),
                cell.top,
                below.bottom,
                True,
            )
        if label.text.endswith(":"):
            labels.append(
                _Cell(label.text, cell.line, label.x0, label.x1, label.top, label.bottom, True)
            )
            used |= {id(p) for p in parts}
    return labels, used


def header_table(lines: list[Line], bold: Bold) -> tuple[list[HeaderField], list[Line]]:
    """The header table's label/value pairs, and ``lines`` with the table's rows rebuilt as
    ``label<TAB>value<TAB>label<TAB>value`` (a label or value wrapped in its cell joined).

    ``lines`` are page 1's lines before its first heading. A line with no label stays as it is.
    """
    cells = [cell for i, line in enumerate(lines) for cell in _cells(i, line, bold)]
    labels, used = _labels(cells)
    if not labels:
        return [], lines
    values: dict[int, list[_Cell]] = {id(label): [] for label in labels}
    # Value cells by line, with their label: a value wrapped in its cell goes on below it.
    placed: dict[int, list[tuple[_Cell, _Cell]]] = {}
    for cell in cells:
        # (A value may be bold too: cells that are no label's part are values. Where a
        # letter sets the whole table in bold, only the colons tell labels.)
        if id(cell) in used:
            continue
        # The value sits right of its label and level with some line of it.
        owners = [
            lb
            for lb in labels
            if lb.x1 <= cell.x0 + 1 and lb.top < cell.bottom and cell.top < lb.bottom
        ]
        owner: _Cell | None
        if owners:
            # The nearest label to its left; in that column, the one level with most of it
            # (a value set a little higher or lower than its label also overlaps the label of
            # the row above or below). One level with two alike is paired with neither.
            column = max(lb.x0 for lb in owners) - _SAME_COLUMN
            ranked = sorted(
                (
                    (min(lb.bottom, cell.bottom) - max(lb.top, cell.top), lb)
                    for lb in owners
                    if lb.x0 >= column
                ),
                key=lambda pair: pair[0],
                reverse=True,
            )
            tied = len(ranked) > 1 and ranked[1][0] > ranked[0][0] - _LEVEL_TIE
            owner = None if tied else ranked[0][1]
        else:
            # Level with no label: the next line of the value above it in the same column
            # ("10/20/2016," / "11/05/2016" in a narrow cell), not a stray line.
            owner = next(
                (
                    lb
                    for above, lb in placed.get(cell.line - 1, ())
                    if abs(above.x0 - cell.x0) <= _SAME_COLUMN
                ),
                None,
            )
        if owner is not None:
            values[id(owner)].append(cell)
            used.add(id(cell))
            placed.setdefault(cell.line, []).append((cell, owner))
    fields = [
        HeaderField(label.text, " ".join(v.text for v in values[id(label)])) for label in labels
    ]
    rows: list[Line] = []
    for i, line in enumerate(lines):
        starts = sorted((lb for lb in labels if lb.line == i), key=lambda lb: lb.x0)
        if starts:
            text = "\t".join(
                f"{lb.text}\t{' '.join(v.text for v in values[id(lb)])}".rstrip("\t")
                for lb in starts
            )
            rows.append(
                Line(
                    text,
                    line.top,
                    line.bottom,
                    line.x0,
                    line.x1,
                    line.size,
                    True,
                    False,
                    line.first_font,
                    line.last_font,
                    line.chars,
                )
            )
        elif any(c.line == i and id(c) not in used for c in cells):
            rows.append(line)
    return fields, rows


class Blocks:
    """Blocks from the body lines of page after page, and the page-1 header table."""

    def __init__(self, bold: Bold) -> None:
        self.blocks: list[Block] = []
        self.header: list[HeaderField] = []
        self._bold = bold
        self._lines: list[Line] = []
        self._right = 0.0  # right edge of the previous page's text
        self._first = True
        self._before: Line | None = None  # the line before the open block

    def _flush(self) -> None:
        if self._lines:
            first, before = self._lines[0], self._before
            self.blocks.append(
                Block(
                    [line.text for line in self._lines],
                    heading=_is_heading(self._lines),
                    # Bold after plain text: a field label or an item's heading starts here.
                    set_apart=first.starts_bold and before is not None and not before.all_bold,
                )
            )
            self._before = self._lines[-1]
            self._lines = []

    def add_page(self, lines: list[Line]) -> None:
        if self._first and lines:
            self._first = False
            head = next((i for i, ln in enumerate(lines) if section_of(ln.text)), 0)
            if head:
                self.header, rows = header_table(lines[:head], self._bold)
                lines = rows + lines[head:]
        if not lines:
            return
        first = lines[0]
        if self._lines and not self._continues(self._lines[-1], first):
            self._flush()
        self._lines.append(first)
        for prev, line in itertools.pairwise(lines):
            if _new_block(prev, line):
                self._flush()
            self._lines.append(line)
        self._right = max(line.x1 for line in lines)

    def _continues(self, last: Line, first: Line) -> bool:
        """Whether the page's first line carries on the paragraph the last page ended in.

        Yes when no font change says otherwise and the last line is bold throughout (an item's
        name wrapped over the break, whatever its last word: "...leaving the original request
        IMR eligible." / "The original request, ..."), runs to the right margin (a justified
        paragraph's inner line) or stops mid-sentence.
        """
        if _starts_by_font(last, first) or _is_heading(self._lines):
            return False
        if last.all_bold:
            return True
        full = last.x1 >= self._right - 0.5 * last.size
        return full or not _SENTENCE_END.search(last.text)

    def document(self, pages: int) -> Document:
        self._flush()
        return Document(self.blocks, pages=pages, header=self.header)
