"""Build IMR letter PDFs in the published layout, for tests and benchmarks (reportlab; test-only).

The layout, as SPEC.md describes the original: a two-column case header table on page 1 with
bold labels; bold section headings, item lines and field labels; justified Times-Roman body
text; on every page the footer ``Final Determination Letter for IMR Case Number CM..`` and
``Page N of M``. The page is small and the type large, so paragraphs break across pages.

The letter text comes from the corpus letters in ``plugins/*/examples``, split into
paragraphs here (never by the package). Benchmarks import this file by path.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ROOT = Path(__file__).resolve().parent.parent
PLAIN_EXAMPLES = ROOT / "plugins" / "imrparse_plaintext" / "examples"
HTML_EXAMPLES = ROOT / "plugins" / "imrparse_html" / "examples"

Kind = Literal["heading", "item", "label", "body"]

HEADINGS = (
    "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "CLINICAL CASE SUMMARY",
    "IMR ISSUES, DECISIONS AND RATIONALES",
)
LABELS = (
    "Claims Administrator guideline:",
    "MAXIMUS guideline:",
    "Decision rationale:",
    "State(s) of Licensure:",
    "Certification(s)/Specialty:",
)
_ITEM = re.compile(r".*:\s*(?:Upheld|Overturned)\s*$", re.S)
_HYPHEN_END = re.compile(r"\w-$")
# A footer that leaked into the text of a letter (000): the PDF prints real footers instead.
_LEAKED_FOOTER = re.compile(
    r"\s*Final Determination Letter for IMR Case Number(?: \[REDACTED\])*\s*"
)
_HTML_BOLD = re.compile(r"\*\*(.+?)\*\*")
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Para:
    kind: Kind
    text: str
    label: str = ""  # kind "label": the bold label at the start; ``text`` is the rest


@dataclass(frozen=True)
class Header:
    """The case header table, values as the letter prints them (None: the cell is left out)."""

    case_number: str
    date_assigned: str | None = None
    date_of_injury: str | None = None
    decision_date: str | None = None
    ur_denial_date: str | None = None
    priority: str | None = None
    application_received: str | None = None

    def rows(self) -> list[tuple[tuple[str, str | None], tuple[str, str | None]]]:
        """Label/value pairs in the published order: two columns, four rows."""
        return [
            (("Case Number:", self.case_number), ("Date Assigned:", self.date_assigned)),
            (("Date of Injury:", self.date_of_injury), ("Decision Date:", self.decision_date)),
            (("UR Denial Date:", self.ur_denial_date), ("Priority:", self.priority)),
            (("Application Received:", self.application_received), ("", None)),
        ]


@dataclass(frozen=True)
class Letter:
    header: Header
    paras: tuple[Para, ...]


@dataclass(frozen=True)
class Layout:
    """Page geometry and type. The defaults break paragraphs across pages in every letter."""

    pagesize: tuple[float, float] = (6.5 * inch, 8 * inch)
    margin: float = 0.6 * inch
    bottom_margin: float = 0.9 * inch
    body_size: float = 11.0
    leading: float = 14.0
    para_space: float = 7.0  # 0: paragraphs set apart by nothing but their fonts
    letterhead: tuple[str, ...] = ("MAXIMUS Federal Services", "Independent Medical Review")


# Plausible headers for the letters whose text carries none (001-004): the PDF adds them.
# Each date of injury agrees with the injury date the summary states, where it states one.
HEADERS: dict[str, Header] = {
    "001": Header(
        "CM15-0212345",
        "11/02/2015",
        "02/25/2002",
        "12/14/2015",
        "10/21/2015",
        "Standard",
        "10/27/2015",
    ),
    "002": Header(
        "CM14-0098765",
        "06/12/2014",
        "03/14/2012",
        "07/22/2014",
        "05/20/2014",
        "Expedited",
        "05/30/2014",
    ),
    "003": Header(
        "CM13-0045678",
        "09/03/2013",
        "06/11/2010",
        "10/21/2013",
        "08/15/2013",
        "Standard",
        "08/26/2013",
    ),
    "004": Header(
        "CM14-0210987",
        "12/08/2014",
        "02/17/2013",
        "01/16/2015",
        "11/24/2014",
        "Standard",
        "12/02/2014",
    ),
}


def _unwrap(lines: Sequence[str]) -> str:
    """Lines to one text; a line ending in a word-attached hyphen joins the next directly."""
    out = ""
    for line in (part.strip() for part in lines):
        if not line:
            continue
        if out and _HYPHEN_END.search(out):
            out += line
        else:
            out = f"{out} {line}" if out else line
    return " ".join(out.split())


def _classify(text: str) -> Para:
    if text.upper() == text and text.strip(" :") in HEADINGS:
        return Para("heading", text.strip(" :"))
    for label in LABELS:
        if text.startswith(label):
            return Para("label", text[len(label) :].strip(), label)
    if _ITEM.match(text):
        return Para("item", text)
    return Para("body", text)


def _plain_paragraphs(text: str) -> list[Para]:
    """Paragraphs of a plain-text letter: a line of blanks ends one; so do headings and labels."""
    paras: list[Para] = []
    current: list[str] = []

    def flush() -> None:
        if current and (joined := _unwrap(current)):
            paras.append(_classify(joined))
        current.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        if not raw:
            continue  # the double spacing of the extracted text
        line = raw.strip()
        if not line:
            flush()
            continue
        if line in HEADINGS or line.startswith(LABELS):
            flush()
        current.append(line)
        if line in HEADINGS:
            flush()
    flush()
    return paras


def _html_letter(text: str) -> Letter:
    """Letter 000: ``<b>Label:</b>`` header cells, ``###`` headings, ``**Label:**`` labels."""
    values: dict[str, str] = {}
    paras: list[Para] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if "<b>" in line:
            cells = [c.strip() for c in _TAG.sub("", line).split("\t") if c.strip()]
            values.update(zip(cells[::2], cells[1::2], strict=False))
            continue
        if line.startswith("#"):
            paras.append(Para("heading", line.lstrip("#").strip()))
            continue
        line = _LEAKED_FOOTER.sub(" ", _HTML_BOLD.sub(r"\1", line)).strip()
        paras.append(_classify(" ".join(line.split())))
    header = Header(
        values["Case Number:"],
        values.get("Date Assigned:"),
        values.get("Date of Injury:"),
        values.get("Decision Date:"),
        values.get("UR Denial Date:"),
        values.get("Priority:"),
        values.get("Application Received:"),
    )
    return Letter(header, tuple(paras))


def corpus_letter(path: Path, header: Header | None = None) -> Letter:
    """A corpus letter file as header + paragraphs; ``header`` defaults to HEADERS[its number]."""
    text = path.read_text(encoding="utf-8")
    if "<b>Case Number:</b>" in text:
        letter = _html_letter(text)
        return Letter(header or letter.header, letter.paras)
    return Letter(header or HEADERS[path.name[:3]], tuple(_plain_paragraphs(text)))


def corpus_letters() -> list[Path]:
    return sorted([*HTML_EXAMPLES.glob("*.txt"), *PLAIN_EXAMPLES.glob("*.txt")])


# ---- rendering ---------------------------------------------------------------------------


def _styles(layout: Layout) -> dict[str, ParagraphStyle]:
    size, leading = layout.body_size, layout.leading
    body = ParagraphStyle(
        "body",
        fontName="Times-Roman",
        fontSize=size,
        leading=leading,
        alignment=TA_JUSTIFY,
        spaceAfter=layout.para_space,
    )
    return {
        "body": body,
        "label": body,
        "item": ParagraphStyle("item", parent=body, fontName="Times-Bold"),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName="Helvetica-Bold",
            alignment=TA_CENTER,
            spaceBefore=layout.para_space,
            spaceAfter=layout.para_space,
        ),
        "letterhead": ParagraphStyle(
            "letterhead",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=size + 2,
            leading=leading + 2,
            alignment=TA_CENTER,
            spaceAfter=2,
        ),
        "cell": ParagraphStyle("cell", parent=body, alignment=0, spaceAfter=0, fontSize=size - 1),
        "cell_label": ParagraphStyle(
            "cell_label",
            parent=body,
            fontName="Helvetica-Bold",
            alignment=0,
            spaceAfter=0,
            fontSize=size - 2,
        ),
    }


def _markup(text: str) -> str:
    """Text as reportlab paragraph markup. A space after a word-attached hyphen
    (``radiculopathy- Left``) becomes a no-break space: a line break there would read back as
    ``radiculopathy-Left``, since a line ending in a hyphen joins the next without a space."""
    return re.sub(r"(?<=\w-) ", "\u00a0", escape(text))


def _flowables(letter: Letter, layout: Layout) -> list[Any]:
    st = _styles(layout)
    story: list[Any] = [Paragraph(escape(line), st["letterhead"]) for line in layout.letterhead]
    story.append(Spacer(1, layout.para_space))
    rows = []
    for (l1, v1), (l2, v2) in letter.header.rows():
        rows.append(
            [
                Paragraph(escape(l1), st["cell_label"]) if v1 is not None else "",
                Paragraph(escape(v1), st["cell"]) if v1 is not None else "",
                Paragraph(escape(l2), st["cell_label"]) if v2 is not None else "",
                Paragraph(escape(v2), st["cell"]) if v2 is not None else "",
            ]
        )
    width = layout.pagesize[0] - 2 * layout.margin
    table = Table(rows, colWidths=[0.28 * width, 0.22 * width, 0.28 * width, 0.22 * width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.5, "black"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story += [table, Spacer(1, 2 * layout.para_space)]
    for para in letter.paras:
        if para.kind == "label":
            markup = f'<font name="Helvetica-Bold">{escape(para.label)}</font> {_markup(para.text)}'
            story.append(Paragraph(markup, st["label"]))
        else:
            story.append(Paragraph(_markup(para.text), st[para.kind]))
    return story


def _numbered_canvas(footer: str, size: float) -> type[rl_canvas.Canvas]:
    """A canvas that prints the footer and ``Page N of M`` once the page count is known."""

    class Numbered(rl_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._states: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's hook, hence the name
            self._states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._states)
            for state in self._states:
                self.__dict__.update(state)
                width = self._pagesize[0]
                self.setFont("Helvetica", size)
                self.drawCentredString(width / 2, 0.45 * inch, footer)
                self.setFont("Times-Roman", size)
                self.drawCentredString(
                    width / 2, 0.28 * inch, f"Page {self._pageNumber} of {total}"
                )
                super().showPage()
            super().save()

    return Numbered


def render(letter: Letter, layout: Layout | None = None, **doc_kwargs: Any) -> bytes:
    """The letter as PDF bytes; ``doc_kwargs`` go to reportlab (e.g. ``encrypt=``)."""
    layout = layout or Layout()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=layout.pagesize,
        leftMargin=layout.margin,
        rightMargin=layout.margin,
        topMargin=layout.margin,
        bottomMargin=layout.bottom_margin,
        title="IMR Final Determination",
        author="MAXIMUS Federal Services",
        **doc_kwargs,
    )
    footer = f"Final Determination Letter for IMR Case Number {letter.header.case_number}"
    doc.build(
        _flowables(letter, layout),
        canvasmaker=_numbered_canvas(footer, layout.body_size - 3),
    )
    return buf.getvalue()


def letter_pdf(path: Path, header: Header | None = None, layout: Layout | None = None) -> bytes:
    return render(corpus_letter(path, header), layout)


# ---- the broken and the odd --------------------------------------------------------------


def encrypted_pdf(path: Path) -> bytes:
    """A letter that opens only with a password."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    enc = StandardEncryption("user-secret", ownerPassword="owner-secret", strength=128)
    return render(corpus_letter(path), encrypt=enc)


def truncated_pdf(path: Path, keep: float = 0.6) -> bytes:
    """A letter PDF cut short, as an interrupted download leaves it."""
    data = letter_pdf(path)
    return data[: int(len(data) * keep)]


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that are only images, as a scanner makes them: no text layer at all."""
    from reportlab.lib.utils import ImageReader

    width, height = 5.5 * inch, 7.5 * inch
    # A small grey bitmap (raw PPM, so no imaging library is needed) stretched over the page.
    w, h = 40, 60
    pixels = bytes(
        (200 if (x // 4 + y // 6) % 2 else 40) for y in range(h) for x in range(w) for _ in range(3)
    )
    image = ImageReader(io.BytesIO(b"P6 %d %d 255\n" % (w, h) + pixels))
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(width, height))
    for _ in range(pages):
        c.drawImage(image, 20, 20, width - 40, height - 40)
        c.showPage()
    c.save()
    return buf.getvalue()


def not_imr_pdf() -> bytes:
    """A readable PDF with a text layer that is not an IMR letter."""
    body = ParagraphStyle("b", fontName="Times-Roman", fontSize=11, leading=14)
    bold = ParagraphStyle("h", parent=body, fontName="Helvetica-Bold")
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=(5.5 * inch, 7.5 * inch))
    story: list[Any] = [Paragraph("QUARTERLY BAKERY REPORT", bold)]
    story += [Paragraph("Sales of sourdough rose by a tenth. " * 12, body) for _ in range(6)]
    doc.build(story)
    return buf.getvalue()


def long_letter(path: Path, pages: int) -> Letter:
    """The letter with its rationale paragraphs repeated until the PDF runs to about ``pages``."""
    letter = corpus_letter(path)
    filler = [p for p in letter.paras if p.kind in ("body", "label") and len(p.text) > 400]
    extra = tuple(Para("body", filler[i % len(filler)].text) for i in range(pages * 27 // 10))
    return Letter(letter.header, letter.paras + extra)


def long_pdf(path: Path, pages: int = 300) -> bytes:
    return render(long_letter(path, pages))


def iter_corpus_pdfs() -> Iterator[tuple[Path, bytes]]:
    for path in corpus_letters():
        yield path, letter_pdf(path)


def flate_bomb_pdf(inflated: int = 1 << 30) -> bytes:
    """A one-page PDF whose content stream is a valid Flate stream of ``inflated`` zero bytes
    (a thousandth of that on disk). Made fast: after a full flush the compressor starts
    afresh, so every 16 MB of zeros compresses to the same bytes; the checksum is the whole's.
    """
    import struct
    import zlib

    chunk = bytes(16 << 20)
    count = max(2, inflated // len(chunk))
    deflate = zlib.compressobj(9)
    head = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    body = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush()[:-4]  # the final block, without the checksum of two chunks
    adler = 1
    for _ in range(count):
        adler = zlib.adler32(chunk, adler)
    stream = head + body * (count - 1) + end + struct.pack(">I", adler)
    return _hand_built(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


def _hand_built(objects: Sequence[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1, the first the catalog) with its xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def one_line_pdf(text: str, mediabox: tuple[int, int, int, int], baseline: int) -> bytes:
    """One line of Helvetica at ``baseline`` (PDF space) on a page with this media box."""
    content = b"BT /F1 12 Tf 72 %d Td (%s) Tj ET" % (baseline, text.encode("latin-1"))
    box = b" ".join(b"%d" % v for v in mediabox)
    return _hand_built(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>" % box,
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


# ---- the real letters' geometry ----------------------------------------------------------
# Measured on tests/real/pdf (Word to PDF, 2016-17): a Letter page with 72pt margins; body text
# Times 12 on a 13.8pt pitch, ragged right; paragraphs apart by a blank line (a drawn space);
# headings centred bold; an item line bold with its outcome regular; a field label bold with
# its text regular; the header table in Arial 11 (bold labels at x 72 and 328.9, values at
# 179.4 and 426.8, rows 13.1pt apart, a label or value too wide for its cell wrapped in it);
# no footer or page number in the text layer.

Run = tuple[str, bool]  # (text, bold)
# In a paragraph's text: where a line ends because the next word did not fit (so a test can
# put a given word last on a line) and where a page ends.
LINE_END = "\n"
PAGE_END = "\f"

_R_WIDTH, _R_HEIGHT = 612.0, 792.0
_R_LEFT, _R_RIGHT = 72.0, 540.0
_R_SIZE, _R_PITCH = 12.0, 13.8
_R_FIRST, _R_LAST = 83.0, 718.0  # baselines from the top: text from top 73.6 to bottom 720
_R_CELLS = ((72.0, 179.4, 328.9), (328.9, 426.8, _R_RIGHT))  # label x, value x, cell end


def _font(bold: bool) -> str:
    return "Times-Bold" if bold else "Times-Roman"


def real_lines(runs: Sequence[Run]) -> list[list[Run]]:
    """Runs wrapped into lines of words, Word's way; LINE_END and PAGE_END stay as words."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[list[Run]] = []
    line: list[Run] = []
    x = 0.0
    space = stringWidth(" ", "Times-Roman", _R_SIZE)
    for text, bold in runs:
        for word in re.findall(f"[^ {LINE_END}{PAGE_END}]+|[{LINE_END}{PAGE_END}]", text):
            words = [w for w in line if w[0] != PAGE_END]
            if word in (LINE_END, PAGE_END):
                if words:
                    lines.append(line)
                    line, x = [], 0.0
                if word == PAGE_END:
                    line = [(PAGE_END, False)]
                continue
            width = stringWidth(word, _font(bold), _R_SIZE)
            if words and x + space + width > _R_RIGHT - _R_LEFT:
                lines.append(line)
                line, x = [], 0.0
            x += (space if x else 0.0) + width
            line.append((word, bold))
    if line:
        lines.append(line)
    return lines


def real_pdf(
    header: Sequence[tuple[str, str | None]],
    paras: Sequence[Sequence[Run]],
    value_font: str = "Helvetica",
    overprint_bold: bool = False,
    word_gap: float | None = None,
    value_drop: float = 0.4,
) -> bytes:
    """A letter laid out as the published PDFs are. ``header``: (label, value) cells in the
    table's order, two a row after the first (value None: an empty cell); ``paras``: runs per
    paragraph, a paragraph whose text is a section heading set as one; ``value_font``: the
    header values' font (the labels are in Helvetica-Bold); ``overprint_bold``: bold faked as
    some producers do, the regular font drawn twice a hair apart; ``word_gap``: each word drawn
    on its own, this many ems after the one before and no space character between (as TeX and
    many producers draw words; 0.197 em is a Word space after a kerned "f"); ``value_drop``:
    how far below its label's baseline a header value's is set (points; the rows are 13.1
    apart)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(_R_WIDTH, _R_HEIGHT))
    c.setFillGray(0.5)  # the letterhead: an image, no text
    c.rect(461, _R_HEIGHT - 74, 123, 30, fill=1, stroke=0)
    c.setFillGray(0)

    def draw(font: str, size: float, x: float, y: float, text: str) -> None:
        if word_gap is None:
            one(font, size, x, y, text)
            return
        for word in text.split():
            one(font, size, x, y, word)
            x += stringWidth(word, font, size) + word_gap * size

    def one(font: str, size: float, x: float, y: float, text: str) -> None:
        if overprint_bold and font.endswith("-Bold"):
            font = {"Times-Bold": "Times-Roman", "Helvetica-Bold": "Helvetica"}[font]
            c.setFont(font, size)
            c.drawString(x + 0.3, y, text)
        c.setFont(font, size)
        c.drawString(x, y, text)

    def cell(text: str, font: str, x: float, end: float, y: float) -> int:
        """Draws ``text`` wrapped in its cell from baseline ``y``; the lines it took."""
        words, lines = text.split(), [""]
        for word in words:
            wider = f"{lines[-1]} {word}".strip()
            if lines[-1] and stringWidth(wider, font, 11) > end - x - 5:
                lines.append(word)
            else:
                lines[-1] = wider
        for i, line in enumerate(lines):
            draw(font, 11, x, _R_HEIGHT - (y + 13.1 * i), f"{line} ")
        return len(lines)

    y = 104.5
    rows = [header[:1], *(header[i : i + 2] for i in range(1, len(header), 2))]
    for row in rows:
        taken = 1
        for (label, value), (lx, vx, end) in zip(row, _R_CELLS, strict=False):
            taken = max(taken, cell(label, "Helvetica-Bold", lx, vx, y))
            if value is not None:
                taken = max(taken, cell(value, value_font, vx, end, y + value_drop))
        y += 13.1 * taken
    page_y = y

    def line_at(words: Sequence[Run], centre: bool = False) -> None:
        nonlocal page_y
        if page_y > _R_LAST:
            c.showPage()
            page_y = _R_FIRST
        x = _R_LEFT
        if centre:
            x = (_R_WIDTH - stringWidth(" ".join(w for w, _ in words), "Times-Bold", _R_SIZE)) / 2
        for word, bold in words:
            draw(
                _font(bold), _R_SIZE, x, _R_HEIGHT - page_y, f"{word} "
            )  # Word draws the space too
            x += stringWidth(f"{word} ", _font(bold), _R_SIZE)
        page_y += _R_PITCH

    line_at([(" ", False)])
    for para in paras:
        if "".join(t for t, _ in para) in HEADINGS:
            line_at(real_lines(para)[0], centre=True)
            page_y += 6.6
            continue
        for words in real_lines(para):
            if words[:1] == [(PAGE_END, False)]:
                c.showPage()
                page_y, words = _R_FIRST, words[1:]
            line_at(words)
        line_at([(" ", False)])
    c.showPage()
    c.save()
    return buf.getvalue()


REAL_HEADER = (
    ("Case Number:", "CM16-0241234"),
    ("Date Assigned:", "12/12/2016"),
    ("Date of Injury:", "03/14/2015"),
    ("Decision Date:", "01/10/2017"),
    ("UR Denial Date:", "11/28/2016"),
    ("Priority:", "Standard"),
    ("Application Received:", "12/05/2016"),
)


def real_letter(
    items: Sequence[tuple[str, str]],
    rationales: Sequence[str] = (),
    *,
    licensure: str = "California",
    specialty: str = "Family Practice",
    patient: str = "This is a 45 year old male",
) -> list[list[Run]]:
    """The paragraphs of a letter deciding ``items`` ((bold item text, outcome) each), in the
    real letters' words; the summary opens with ``patient`` ("... with a date of injury on
    03/14/2015"). A line of it runs to the margin (x 539), as some line of a real page does.
    ``rationales``: each item's rationale, where given (a real one most often names its item);
    else the same words for every item. ``licensure`` and ``specialty``: the credentials'
    lists as written."""
    role = "expert reviewer"
    paras: list[list[Run]] = [
        [(HEADINGS[0], True)],
        [
            (
                f"MAXIMUS Federal Services sent the complete case file to an {role}. He/she has "
                "no affiliation with the employer, employee, providers or the claims "
                "administrator.",
                False,
            )
        ],
        [
            ("The Expert Reviewer has the following credentials:", False),
            (f"{LINE_END}State(s) of Licensure: {licensure}", False),
            (f"{LINE_END}Certification(s)/Specialty: {specialty}", False),
        ],
        [(HEADINGS[1], True)],
        [
            (
                f"The {role} developed the following clinical case summary based on a review of "
                "the case file, including all medical records:",
                False,
            )
        ],
        [
            (
                f"{patient} with a date of injury on 03/14/2015. The mechanism "
                "of injury was lifting a heavy box at work. The current diagnoses are lumbar "
                "strain, cervical strain and right shoulder impingement. Treatment has included "
                "medications, physical therapy and chiropractic care. On the most recent progress "
                "report, the patient reported ongoing pain rated 6 out of 10, with tenderness "
                "over the paraspinal muscles and decreased range of motion. The treating provider "
                "requested the disputed items, which the Claims Administrator non-certified.",
                False,
            )
        ],
        [(HEADINGS[2], True)],
        [
            (
                "The Final Determination was based on decisions for the disputed items/services "
                "set forth below:",
                False,
            )
        ],
    ]
    guideline = "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids."
    rationale = (
        "The guidelines state that the treatment is recommended as an option for short term "
        "relief. The documentation submitted for review did not show functional improvement. "
    )
    for i, (text, outcome) in enumerate(items):
        paras += [
            [(text, True), (f" {outcome}", False)],
            [("Claims Administrator guideline: ", True), (guideline, False)],
            [("MAXIMUS guideline: ", True), (guideline, False)],
            [
                ("Decision rationale: ", True),
                (rationales[i] if rationales else rationale * 3, False),
            ],
        ]
    return paras
