"""HTML-header IMR letters: the case header as bold label cells, the body as HTML or markdown.

The layout arrives in two shapes. A text file with a few inline tags (``<b>Label:</b>`` cells
separated by tabs) and a markdown-ish body (``###`` headings, ``**Label:**`` labels), where the
source's line breaks are the layout; and a whole saved web page (``<table>`` header, ``<p>``
paragraphs, entities), where block elements are the layout and source line breaks mean
nothing. Both become the same Document: lines and blocks only. The core reads the words;
bold opening after plain words (outside a table) sets its block apart (``Block.set_apart``),
as the published letter's bold item headings and labels are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from imrparse import (
    Block,
    DamagedDocument,
    Document,
    Format,
    HeaderField,
    InputTooLarge,
    decode_text,
    has_marker,
    header_fields,
    hookimpl,
    limits,
    sniff_head,
    vocabulary,
)

# The words only an IMR letter carries (imrparse.vocabulary); saved pages may space them
# with &nbsp;.
_SP = r"(?:\s|&nbsp;|&#160;|&#xa0;)+"
# A saved page may carry a large <head> (inline CSS and scripts) before the letter's words.
_MARKER_BYTES = 1024 * 1024
_TAG_BYTES = 64 * 1024

# fmt: off
# Elements whose presence says "this is HTML", not text that happens to hold a "<".
_HTML_ELEMENTS = frozenset(
    (
        "a", "b", "body", "br", "center", "div", "em", "font", "h1", "h2", "h3", "h4", "h5",
        "h6", "head", "html", "i", "li", "meta", "ol", "p", "pre", "span", "strong", "table",
        "tbody", "td", "th", "thead", "title", "tr", "u", "ul",
    )
)
# Elements that start and end a block: their presence means source whitespace is not layout.
_BLOCK_ELEMENTS = frozenset(
    (
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
        "section", "table", "tbody", "tfoot", "thead", "tr", "ul",
    )
)
# fmt: on
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_CELLS = frozenset(("td", "th"))
# Never letter content: code, styling, the browser tab's title, inert templates.
_SKIPPED = frozenset(("script", "style", "title", "template", "noscript"))

# Work bounds. A real letter page has a few thousand tags; a 20 MB wall of them would keep
# html.parser busy for many seconds, so stop early with a typed error instead.
_MAX_EVENTS = 500_000
_CHUNK = 64 * 1024
# A letter runs to a few hundred lines; millions would keep the reader and core busy for long.
_MAX_LINES = 200_000
# The longest tag, comment or declaration waited for. html.parser re-scans an unfinished one
# on every feed, and a start tag slowly (about 1 s per MB), so an endless one must stop.
_MAX_MARKUP = 1024 * 1024

_SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace; a no-break space is text
_MD_HEADING = re.compile(r"#{1,6}\s+(?P<title>\S.*?)(?:\s+#+)?")
_MD_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")

_LINE, _BLOCK, _CELL, _BOLD = 1, 2, 3, 4
# Bold that opens after a sentence's end starts a line: a field label or an item's name, where a
# converter set a page's paragraphs in one element (MuPDF's XHTML: "... not medically
# necessary.  <b>Acupuncture ...:</b> Overturned <b>Claims Administrator guideline:</b> ...").
_BOLD_TAGS = frozenset(("b", "strong"))
_SENTENCE_END = (".", "!", "?")


class _Text(NamedTuple):
    text: str
    heading: bool
    pre: bool
    bold: bool
    table: bool  # inside a table (a header's cells)


class _Found(Exception):
    """Stops the sniffer at the first HTML element."""


class _TagSpotter(HTMLParser):
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A lone <br> is what Markdown converters put in table cells: no evidence of HTML.
        if tag in _HTML_ELEMENTS and tag != "br":
            raise _Found


def _has_html_tags(text: str) -> bool:
    spotter = _TagSpotter()
    try:
        spotter.feed(text)  # no close(): an unfinished tag at the cut is not evidence
    except _Found:
        return True
    except AssertionError:  # html.parser's reaction to some broken declarations
        return False
    return False


class _Reader(HTMLParser):
    """Turns parser callbacks into a flat list of text runs and breaks; builds no tree.

    Nothing here recurses, so nesting depth costs nothing. Whether source line breaks are
    layout is only known at the end (a block element anywhere says they are not), so the
    events are kept and laid out afterwards.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[_Text | int] = []
        self.structured = False
        self._skipping = 0
        self._heading = False
        self._pre = 0
        self._bold = 0
        self._table = 0
        self._budget = _MAX_EVENTS

    def run(self, text: str) -> None:
        pos, size = 0, _CHUNK
        while pos < len(text):
            self.feed(text[pos : pos + size])
            pos += size
            limits.check_time()
            pending = len(self.rawdata)
            if pending > _MAX_MARKUP and self.cdata_elem is None and self.rawdata[0] == "<":
                raise DamagedDocument(
                    f"HTML tag or comment left open for more than {_MAX_MARKUP // 1024} KB"
                )
            # Feed at least as much as waits, so re-scanning a long script stays linear.
            size = max(_CHUNK, pending)
        if self.cdata_elem is not None or self.rawdata.startswith("<"):
            # An unterminated tag, comment or script runs to the end of the file, as browsers
            # read it; close() would instead re-scan it piece by piece.
            return
        self.close()

    def _spend(self, cost: int) -> None:
        self._budget -= cost
        if self._budget < 0:
            raise InputTooLarge(
                f"too much HTML markup: more than {_MAX_EVENTS} tags, attributes and text runs"
            )

    def _mark(self, event: int) -> None:
        last = self.events[-1] if self.events else _BLOCK
        if event == _CELL or last != _BLOCK:  # runs of breaks say no more than one
            self.events.append(event)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._spend(1 + len(attrs))
        if tag in _SKIPPED:
            self._skipping += 1
        elif self._skipping:
            return
        elif tag == "br":
            self._mark(_LINE)
        elif tag in _BOLD_TAGS:
            self._bold += 1
            self.events.append(_BOLD)
        elif tag in _CELLS:
            self._mark(_CELL)
        elif tag in _BLOCK_ELEMENTS:
            self.structured = True
            self._mark(_BLOCK)
            if tag in _HEADINGS:
                self._heading = True  # headings do not nest: a new one replaces an open one
            elif tag == "pre":
                self._pre += 1
            elif tag == "table":
                self._table += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # "<br/>", "<p/>": HTML ignores the slash; an empty "<script/>" hides nothing.
        if tag not in _SKIPPED:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._spend(1)
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif self._skipping:
            return
        elif tag == "br":
            self._mark(_LINE)  # "</br>" breaks a line in browsers too
        elif tag in _BOLD_TAGS:
            self._bold = max(0, self._bold - 1)
        elif tag in _BLOCK_ELEMENTS:
            self.structured = True
            self._mark(_BLOCK)
            if tag in _HEADINGS:
                self._heading = False
            elif tag == "pre":
                self._pre = max(0, self._pre - 1)
            elif tag == "table":
                self._table = max(0, self._table - 1)

    def handle_data(self, data: str) -> None:
        self._spend(1)
        if not self._skipping:
            self.events.append(
                _Text(data, self._heading, self._pre > 0, self._bold > 0, self._table > 0)
            )

    def handle_comment(self, data: str) -> None:
        self._spend(1)

    def handle_decl(self, decl: str) -> None:
        self._spend(1)

    def handle_pi(self, data: str) -> None:
        self._spend(1)

    def unknown_decl(self, data: str) -> None:
        self._spend(1)


class _Layout:
    """Lines and blocks from the reader's events.

    ``literal``: source line breaks are the layout (the text shape); each non-empty line is
    then a block of its own, as blank lines separate that body's paragraphs.
    """

    def __init__(self, literal: bool) -> None:
        self.literal = literal
        self.blocks: list[Block] = []
        self.header: list[HeaderField] = []
        self._lines: list[str] = []
        self._parts: list[str] = []
        self._heading = False
        self._room = _MAX_LINES
        # Whether the last words were in plain type, and whether the block being built opens
        # in bold after them (see Block.set_apart).
        self._plain_before = False
        self._apart = False

    def text(self, run: _Text) -> None:
        if not (self.literal or run.pre):
            if not run.text.isspace():
                self._set_apart(run)
            self._add(_SPACES.sub(" ", run.text), run.heading)
            return
        first, *rest = run.text.split("\n")
        self._add(first, run.heading)
        if not rest:
            return
        self.end_block()
        *whole, last = rest
        # Whole lines between two line breaks; blank ones (most, in some files) say nothing more.
        for line in filter(str.strip, whole):
            self._add(line, run.heading)
            self.end_block()
        self._add(last, run.heading)

    def _add(self, text: str, heading: bool) -> None:
        if text:
            self._parts.append(text)
            self._heading = self._heading or (heading and not text.isspace())

    def cell(self) -> None:
        # Cells of one row join with a tab: "Case Number:" + tab + "CM13-0012313".
        while self._parts and self._parts[-1].isspace():
            self._parts.pop()  # the markup's indentation between cells
        if self._parts:
            self._parts[-1] = self._parts[-1].rstrip()
            self._parts.append("\t")

    def _set_apart(self, run: _Text) -> None:
        """Bold words after plain ones open a block set apart: the published letter's item
        headings and field labels, which a converter may run on in one element after a
        rationale that ends without a stop (MuPDF's XHTML). Not in a table: a header's
        bold labels beside their plain values."""
        if run.bold and self._plain_before and not run.table:
            self.end_block()
            self._apart = True
        self._plain_before = not run.bold

    def bold(self) -> None:
        """Bold opens: a new line where the line so far ends a sentence."""
        if (
            not self.literal
            and self._parts
            and "".join(self._parts).rstrip().endswith(_SENTENCE_END)
        ):
            self._end_line()

    def line(self) -> None:
        if self.literal:
            self.end_block()
        else:
            self._end_line()

    def _end_line(self) -> None:
        if not self._parts:
            return
        line = "".join(self._parts).strip()
        self._parts = []
        if not line:
            return
        self._room -= 1
        if self._room < 0:
            raise InputTooLarge(f"too much text for one letter: more than {_MAX_LINES} lines")
        if self.literal and line[0] == "#" and (heading := _MD_HEADING.fullmatch(line)):
            # "### CLINICAL CASE SUMMARY" is a heading block of its own. Only in the text
            # shape: in a web page, tags mark headings and "# of visits" is prose.
            self._flush()
            title = heading["title"]
            section = vocabulary.section_of(title)
            self.blocks.append(Block((title,), heading=True, section=section))
            return
        if "**" in line:
            line = _MD_BOLD.sub(r"\1", line)
        if "\t" in line:  # a header table's row: its cells, tab-joined
            self.header += header_fields(line.split("\t"))
        self._lines.append(line)

    def _flush(self) -> None:
        if self._lines:
            self.blocks.append(Block(self._lines, heading=self._heading, set_apart=self._apart))
        self._lines = []
        self._heading = False
        self._apart = False

    def end_block(self) -> None:
        self._end_line()
        self._flush()


class HtmlHeader(Format):
    name = "html-header"
    description = "IMR letter with an HTML case header: marked-up text or a saved web page"
    examples = Path(__file__).parent / "examples"

    def sniff(self, data: bytes) -> float:
        head = sniff_head(data, _MARKER_BYTES)
        if head is None or not has_marker(head, _SP):
            return 0.0
        # Tagged text: more specific than the generic plain-text reader's 0.5.
        return 0.9 if _has_html_tags(head[:_TAG_BYTES]) else 0.0

    def read(self, data: bytes) -> Document:
        text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
        reader = _Reader()
        try:
            reader.run(text)
        except AssertionError as err:  # html.parser on some malformed <![...]> declarations
            raise DamagedDocument(f"broken HTML: {err}".splitlines()[0]) from None
        except ValueError:  # html.parser turning "&#" and thousands of digits into a number
            raise DamagedDocument("broken HTML: a character reference too long to read") from None
        layout = _Layout(literal=not reader.structured)
        for event in reader.events:
            if isinstance(event, _Text):
                layout.text(event)
            elif event == _CELL:
                layout.cell()
            elif event == _LINE:
                layout.line()
            elif event == _BOLD:
                layout.bold()
            else:
                layout.end_block()
        layout.end_block()
        return Document(layout.blocks, header=layout.header)


@hookimpl
def register_formats(register: Callable[[Format], None]) -> None:
    register(HtmlHeader())
