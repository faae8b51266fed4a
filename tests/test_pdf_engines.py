"""The two PDF engines (pypdfium2, the default, and pdfplumber) side by side: the same records
on every PDF of the tests, the same typed errors, and the limits that bound their memory."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import imrparse
import imrparse.plugins
from imrparse import Document, HeaderField, ImrParseError, to_dict
from imrparse.cli import main
from imrparse.options import applied
from imrparse.vocabulary import HEADER_LABELS, fold

from . import pdf_fixtures as fx

ENGINES = ("pypdfium2", "pdfplumber")
REAL = sorted((Path(__file__).parent / "real" / "pdf").glob("*.pdf"))
LETTERS = fx.corpus_letters()
PDF = imrparse.plugins.get_format("pdf")


@cache
def generated(name: str) -> bytes:
    kind, _, index = name.partition(":")
    path = LETTERS[int(index)]
    if kind == "solid":
        return fx.letter_pdf(path, layout=fx.Layout(para_space=0))
    if kind == "letterhead":
        head = ("MAXIMUS FEDERAL SERVICES, INC.", "INDEPENDENT MEDICAL REVIEW")
        return fx.letter_pdf(path, layout=fx.Layout(letterhead=head))
    return fx.letter_pdf(path)


GENERATED = [f"{k}:{i}" for k in ("published", "solid") for i in range(len(LETTERS))]
GENERATED.append("letterhead:0")
ALL = [pytest.param(p.read_bytes, id=p.stem) for p in REAL] + [
    pytest.param((lambda n=n: generated(n)), id=n) for n in GENERATED
]


def read(data: bytes, engine: str) -> Document:
    with applied(pdf_engine=engine):
        return PDF.read(data)


@pytest.mark.parametrize("make", ALL)
def test_both_engines_give_the_same_record(make: Callable[[], bytes]) -> None:
    data = make()
    records = [to_dict(imrparse.parse(data, pdf_engine=e)) for e in ENGINES]
    assert records[0] == records[1]
    # What the layout hands the grammar is the same too, so this is no accident of the grammar.
    assert read(data, ENGINES[0]) == read(data, ENGINES[1])


def test_there_are_20_real_pdfs() -> None:
    assert len(REAL) == 20


@pytest.mark.parametrize("engine", ENGINES)
def test_the_wrapped_application_received_label_is_one_header_field(engine: str) -> None:
    doc = read(REAL[0].read_bytes(), engine)  # "Application" / "Received:" in one cell
    assert HeaderField("Application Received:", "11/28/2016") in doc.header
    assert [fold(f.label) for f in doc.header] == [
        "CASE NUMBER",
        "DATE ASSIGNED",
        "DATE OF INJURY",
        "DECISION DATE",
        "UR DENIAL DATE",
        "PRIORITY",
        "APPLICATION RECEIVED",
    ]
    assert all(fold(f.label) in HEADER_LABELS and f.value for f in doc.header)
    # Until the grammar reads Document.header, the rows are also lines it can read.
    assert doc.blocks[3].lines == ("Priority:\tStandard\tApplication Received:\t11/28/2016",)
    letter = imrparse.parse(REAL[0], pdf_engine=engine)
    assert str(letter.dates.application_received) == "2016-11-28"


def test_every_real_letter_gets_all_its_header_fields() -> None:
    for path in REAL:
        doc = read(path.read_bytes(), "pypdfium2")
        facts = json.loads((path.parent.parent / "facts" / f"{path.stem}.json").read_text())
        assert len(doc.header) == 7, path.name
        got = {HEADER_LABELS[fold(f.label)]: f.value for f in doc.header}
        assert got["case_number"] == facts["case_number"], path.name


def test_generated_header_table_is_paired_in_its_order() -> None:
    doc = read(generated("published:0"), "pypdfium2")
    header = fx.corpus_letter(LETTERS[0]).header
    want = [pair for row in header.rows() for pair in row if pair[1] is not None]
    assert [(f.label, f.value) for f in doc.header] == want


@pytest.mark.parametrize("case", ["CM16-0237844", "CM16-0238676"])
def test_an_outcome_alone_on_its_line_stays_with_its_item(case: str) -> None:
    doc = read((REAL[0].parent / f"{case}.pdf").read_bytes(), "pypdfium2")
    item = next(b for b in doc.blocks if b.lines[-1] == "Upheld")
    assert item.lines[0].endswith(":") and not item.heading and len(item.lines) >= 2


def test_a_hyphen_pdfium_marks_as_a_line_end_is_a_hyphen() -> None:
    # pypdfium2's own text gives "follow\ufffeup" for this letter.
    lines = [
        ln
        for b in read((REAL[0].parent / "CM16-0238676.pdf").read_bytes(), "pypdfium2").blocks
        for ln in b.lines
    ]
    assert any(ln.endswith("follow-") for ln in lines)
    assert not any("\ufffe" in ln for ln in lines)


@pytest.mark.parametrize(
    ("mediabox", "baseline"),
    [((0, 0, 612, 792), 692), ((0, -792, 612, 0), -100), ((0, 100, 612, 892), 792)],
)
def test_positions_count_from_the_media_box_top(
    mediabox: tuple[int, int, int, int], baseline: int
) -> None:
    from imrparse_pdf import engines

    data = fx.one_line_pdf("Hello world", mediabox, baseline)
    pages = [next(engines.get(e).pages(data)) for e in ENGINES]
    tops = [page.chars[0].bottom for page in pages]
    assert abs(tops[0] - tops[1]) < 0.5 and 100 < tops[0] < 105  # 100 pt below the top edge
    assert [p.height for p in pages] == [792, 792]


def test_pdfium_from_many_threads_gives_the_same_records() -> None:
    """PDFium is not thread-safe; the engine's lock makes threads safe, not just lucky."""
    from concurrent.futures import ThreadPoolExecutor

    datas = [p.read_bytes() for p in REAL[:6]] * 4
    alone = [to_dict(imrparse.parse(d)) for d in datas]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda d: to_dict(imrparse.parse(d)), datas))
    assert together == alone


# ---- choosing an engine ------------------------------------------------------------------


def test_an_unknown_engine_is_a_typed_error() -> None:
    with pytest.raises(imrparse.UnknownFormat, match="unknown PDF engine 'pdfminer'"):
        imrparse.parse(generated("published:1"), pdf_engine="pdfminer")


def test_cli_pdf_engine_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(REAL[0].read_bytes())
    records = []
    for engine in ENGINES:
        assert main(["parse", "--compact", "--pdf-engine", engine, str(path)]) == 0
        records.append(capsys.readouterr().out)
    assert records[0] == records[1] and json.loads(records[0])["case_number"] == "CM16-0229336"
    out = tmp_path / "out.jsonl"
    assert (
        main(["batch", str(path), "-o", str(out), "-j", "1", "-q", "--pdf-engine", "pdfplumber"])
        == 0
    )
    assert json.loads(out.read_text())["case_number"] == "CM16-0229336"
    assert main(["parse", "--pdf-engine", "nope", str(path)]) == imrparse.UnknownFormat.exit_code


def test_the_default_engine_never_imports_pdfplumber() -> None:
    code = (
        "import sys, imrparse; imrparse.parse(sys.argv[1]);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pdfplumber', 'pdfminer')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(REAL[0])], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# ---- errors: the same typed error whatever the engine -------------------------------------

BROKEN: list[Any] = [
    pytest.param(lambda: fx.encrypted_pdf(LETTERS[1]), imrparse.EncryptedDocument, id="encrypted"),
    pytest.param(lambda: fx.truncated_pdf(LETTERS[1]), imrparse.DamagedDocument, id="truncated"),
    pytest.param(
        lambda: fx.truncated_pdf(LETTERS[1], 0.3) + b"\n%%EOF\n",
        imrparse.DamagedDocument,
        id="truncated-with-eof",
    ),
    pytest.param(
        lambda: b"%PDF-1.7\n" + b"\x8f garbage " * 200 + b"\n%%EOF",
        imrparse.DamagedDocument,
        id="garbage",
    ),
    pytest.param(fx.scanned_pdf, imrparse.NoTextLayer, id="scan"),
    pytest.param(fx.not_imr_pdf, imrparse.NotAnImrLetter, id="not-imr"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("make", "kind"), BROKEN)
def test_broken_pdfs_give_the_same_typed_error(
    engine: str, make: Callable[[], bytes], kind: type[ImrParseError]
) -> None:
    with pytest.raises(kind) as info:
        imrparse.parse(make(), name="x.pdf", pdf_engine=engine)
    assert "\n" not in str(info.value) and str(info.value).startswith("x.pdf: ")


@pytest.mark.parametrize("engine", ENGINES)
def test_scan_message_names_the_images(engine: str) -> None:
    with pytest.raises(imrparse.NoTextLayer, match="images only, a scan"):
        imrparse.parse(fx.scanned_pdf(), pdf_engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_page_limit(engine: str) -> None:
    with pytest.raises(imrparse.InputTooLarge, match=r"too many pages: 3 \(limit 2\)"):
        imrparse.parse(
            generated("published:3"), limits=imrparse.Limits(max_pages=2), pdf_engine=engine
        )


# ---- memory: bounded by limits, not by the compressed size --------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_characters_per_page_are_capped(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from imrparse_pdf import engines

    monkeypatch.setattr(engines, "MAX_PAGE_CHARS", 500)
    with pytest.raises(
        imrparse.InputTooLarge, match=r"too many characters on a page: .* \(limit 500\)"
    ):
        imrparse.parse(generated("published:0"), pdf_engine=engine)


def test_pdfminer_inflating_is_capped_too() -> None:
    """The pdfplumber engine's own inflate stops at the cap (an encrypted stream is only
    inflated after decryption, where the raw check cannot see it)."""
    from imrparse_pdf.engines import inflate

    inflate.cap_pdfminer_inflate()
    import pdfminer.pdftypes as pdftypes

    bomb = zlib.compress(bytes(inflate.MAX_STREAM + 1))
    with pytest.raises(imrparse.InputTooLarge, match="a stream inflates past the 32 MB limit"):
        pdftypes.zlib.decompress(bomb)  # type: ignore[attr-defined]
    assert pdftypes.zlib.decompress(zlib.compress(b"BT ET")) == b"BT ET"  # type: ignore[attr-defined]


def test_streams_together_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    from imrparse_pdf.engines import inflate

    monkeypatch.setattr(inflate, "MAX_STREAM", 1 << 20)
    monkeypatch.setattr(inflate, "MAX_TOTAL", 1 << 20)
    stream = zlib.compress(bytes(600_000))
    one = b"1 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream\nendobj\n"
    inflate.check_streams(b"%PDF-1.4\n" + one)
    with pytest.raises(imrparse.InputTooLarge, match="its streams together inflate past the 1 MB"):
        inflate.check_streams(b"%PDF-1.4\n" + one + one.replace(b"1 0 obj", b"2 0 obj"))
    image = one.replace(b"/Filter", b"/Subtype /Image /Filter")
    inflate.check_streams(b"%PDF-1.4\n" + one + image)  # images are never inflated to read text


def test_a_flate_stream_wrapped_in_ascii85_is_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    import base64

    from imrparse_pdf.engines import inflate

    monkeypatch.setattr(inflate, "MAX_STREAM", 1 << 20)
    stream = base64.a85encode(zlib.compress(bytes(2 << 20))) + b"~>"
    pdf = (
        b"%PDF-1.4\n1 0 obj\n<< /Filter [/ASCII85Decode /FlateDecode] >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\n"
    )
    with pytest.raises(imrparse.InputTooLarge, match="a stream inflates past the 1 MB limit"):
        inflate.check_streams(pdf)


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_streams_are_decrypted_and_counted(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF that opens without a password (as the real letters do) still has its streams
    encrypted: the raw check cannot inflate them, so they are decrypted and counted."""
    from imrparse_pdf.engines import inflate
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = fx.render(
        fx.corpus_letter(LETTERS[1]),
        encrypt=StandardEncryption("", ownerPassword="owner", strength=128),
    )
    assert imrparse.parse(data, pdf_engine=engine).case_number is not None
    monkeypatch.setattr(inflate, "MAX_STREAM", 2000)
    with pytest.raises(imrparse.InputTooLarge, match="a stream inflates past the 0 MB limit"):
        imrparse.parse(data, pdf_engine=engine)


# The peak is VmHWM (this process image only): getrusage's ru_maxrss also keeps the peak of
# the parent it was forked from, which under pytest is itself hundreds of MB.
RSS_CHILD = r"""
import json, resource, sys, time
import imrparse
start = time.monotonic()
try:
    imrparse.parse(sys.argv[1], pdf_engine=sys.argv[2])
    error = None
except imrparse.ImrParseError as err:
    error = [type(err).__name__, err.message]
try:
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"error": error, "seconds": time.monotonic() - start, "peak_mb": peak}))
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_a_1mb_pdf_inflating_to_1gb_fails_fast_in_bounded_memory(
    engine: str, tmp_path: Path
) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(fx.flate_bomb_pdf(1 << 30))
    assert path.stat().st_size < 1.1e6
    out = subprocess.run(
        [sys.executable, "-c", RSS_CHILD, str(path), engine],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    got = json.loads(out)
    assert got["error"][0] == "InputTooLarge" and "inflates past the 32 MB limit" in got["error"][1]
    assert got["peak_mb"] <= 512
    assert got["seconds"] < 10


@pytest.mark.parametrize(
    ("after", "gap", "spaced"),
    [
        (":", 0.16, False),  # cairo's "QTY: 2" without the letter's fonts: a hair over a word's gap
        (",", 0.2, False),
        (":", 0.25, True),  # a drawn space in Times: the letters of 2013 space some colons
        ("o", 0.16, True),  # between two words, the word gap
        ("o", 0.14, False),
    ],
)
def test_a_gap_before_closing_punctuation_parts_words_only_when_a_space_wide(
    after: str, gap: float, spaced: bool
) -> None:
    from imrparse_pdf.engines import Char
    from imrparse_pdf.layout import Bold, make_line

    size = 12.0
    chars = [
        Char("Y", 0.0, 8.0, 0.0, size, size, "Arial"),
        Char(after, 8 + gap * size, 12.0 + gap * size, 0.0, size, size, "Arial"),
    ]
    line = make_line(chars, Bold())
    assert line is not None
    assert line.text == ("Y " if spaced else "Y") + after
