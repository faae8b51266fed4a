"""The plain-text layout: the corpus letters as published and in the variants users meet."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
import imrparse.formats
import imrparse.plugins
from imrparse import to_dict

from .conftest import PLAIN_EXAMPLES

LETTERS = sorted(PLAIN_EXAMPLES.glob("*.txt"))
FOOTER = "Final Determination Letter for IMR Case Number CM13-0034567"


def record(data: bytes) -> dict[str, Any]:
    rec = to_dict(imrparse.parse(data))
    assert rec.pop("source")["format"] == "plain-text"
    return rec


def original(path: Path) -> dict[str, Any]:
    return record(path.read_bytes())


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode()


def single_spaced(text: str) -> bytes:
    return text.replace("\n\n", "\n").encode()


def curly(text: str) -> bytes:
    return typographic(text).encode()


def typographic(text: str) -> str:
    """Curly quotes and no-break spaces, as a word processor writes them."""
    count = 0

    def quote(_m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return "\u201c" if count % 2 else "\u201d"

    text = re.sub('"', quote, text).replace("'", "\u2019")
    return text.replace("  ", "\u00a0 ").replace(" the ", " the\u00a0")


def windows_1252(text: str) -> bytes:
    return typographic(text).encode("cp1252")


def utf16(text: str) -> bytes:
    return text.encode("utf-16")


def page_breaks(text: str) -> bytes:
    """Form feeds, footers and page numbers inside paragraphs, between lines and mid-line."""
    lines = text.split("\n")
    out: list[str] = []
    page = 1
    seen = 0
    for line in lines:
        out.append(line)
        if line.strip():
            seen += 1
        if seen % 19 == 10 and line.strip():  # after a text line: the page ends mid-paragraph
            page += 1
            out += ["", f"\f{FOOTER} ", "", f"Page {page} of 9 ", ""]
        elif seen % 19 == 15 and line.strip():  # the footer leaked into the middle of a line
            out[-1] = line.replace(" ", f" {FOOTER} [REDACTED] ", 1)
    return "\n".join(out).encode()


VARIANTS = {
    "crlf": crlf,
    "single-spaced": single_spaced,
    "curly-quotes-nbsp": curly,
    "windows-1252": windows_1252,
    "utf-16": utf16,
    "page-breaks": page_breaks,
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("path", LETTERS, ids=lambda p: p.stem[:3])
def test_variant_gives_the_same_record(path: Path, variant: str) -> None:
    text = path.read_text(encoding="utf-8")
    data = VARIANTS[variant](text)
    assert data != path.read_bytes()
    assert record(data) == original(path)


def test_page_break_variant_really_has_furniture_inside_paragraphs() -> None:
    data = page_breaks(LETTERS[3].read_text()).decode()
    assert data.count("\f") >= 2 and f"{FOOTER} [REDACTED]" in data
    assert "Page 2 of 9" in data


HEADER_PAIRS = (
    "Case Number: CM13-0034567 Date Assigned: 11/02/2015 \n\n"
    "Date of Injury: 2/25/2002 Decision Date: 11/20/2015 \n\n"
    "UR Denial Date: 10/21/2015 Priority: Standard \n\n"
    "Application Received: 10/30/2015 \n\n \n\n"
)
HEADER_LINES = "".join(
    f"{line.strip()} \n\n"
    for pair in HEADER_PAIRS.split(" \n\n")
    for line in re.split(r"(?<=\d) (?=[A-Z])", pair)
    if line.strip()
)


@pytest.mark.parametrize("header", [HEADER_PAIRS, HEADER_LINES], ids=["pairs", "one-per-line"])
def test_plain_text_case_header(header: str) -> None:
    path = LETTERS[0]
    rec = record((header + path.read_text()).encode())
    expected = original(path)
    expected.update(case_number="CM13-0034567", priority="Standard", warnings=[])
    expected["dates"] = {
        "assigned": "2015-11-02",
        "injury": "2002-02-25",
        "decision": "2015-11-20",
        "ur_denial": "2015-10-21",
        "application_received": "2015-10-30",
    }
    assert rec == expected


def test_header_injury_date_wins_over_the_summary() -> None:
    path = LETTERS[0]
    letter = imrparse.parse(("Date of Injury: 01/01/2001\n\n" + path.read_text()).encode())
    assert letter.dates.injury == date(2001, 1, 1)


def test_sniff_claims_letters_and_declines_other_text() -> None:
    fmt = imrparse.plugins.get_format("plain-text")
    assert all(fmt.sniff(p.read_bytes()) > 0 for p in LETTERS)
    assert fmt.sniff(b"Dear customer, your order has shipped.") == 0.0
    assert fmt.sniff(b"\x00\x01\x02binary") == 0.0


def test_letter_cut_before_its_decisions_parses_with_a_warning() -> None:
    text = LETTERS[1].read_text()
    cut = text[: text.index("IMR ISSUES, DECISIONS")]
    letter = imrparse.parse(cut.encode())
    assert letter.determinations == () and letter.outcome is None
    assert "section IMR ISSUES, DECISIONS AND RATIONALES is missing" in letter.warnings


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("HOW THE IMR FINAL DETERMINATION WAS MADE", True),
        ("how  the imr\nfinal determination was made", True),
        ("Clinical Case\tSummary", True),
        ("x" * 3000 + " maximus federal services", True),  # past the fast path's start
        ("\u00e9 CLINICAL CASE SUMMARY", True),  # non-ASCII start: the case-folding scan
        ("the clinical case summary:", True),
        ("clinical summary of the case", False),
        ("", False),
    ],
)
def test_has_marker_finds_the_phrases_in_any_case_and_spacing(text: str, found: bool) -> None:
    assert imrparse.has_marker(text) is found


def test_has_marker_takes_the_layouts_own_space() -> None:
    space = r"(?:\s|&nbsp;)+"
    assert imrparse.has_marker("Clinical&NBSP;Case&nbsp;Summary", space)
    assert not imrparse.has_marker("Clinical&NBSP;Case&nbsp;Summary")


def _every_input() -> list[bytes]:
    root = Path(__file__).resolve().parent.parent
    paths = [p for p in (root / "plugins").rglob("examples/**/*") if p.suffix != ".json"]
    paths += (root / "tests" / "real" / "text").rglob("*.txt")
    return [p.read_bytes() for p in sorted(paths) if p.is_file()]


def test_every_layout_sniffs_the_same_when_the_answers_are_shared() -> None:
    # choose_format sniffs inside imrparse.formats.sniffing(), where sniff_head and has_marker
    # answer a question once for all layouts: each layout's score must be the one it gives alone.
    layouts = list(imrparse.plugins.get_formats().values())
    inputs = _every_input()
    assert len(inputs) > 400
    for data in inputs:
        alone = [layout.sniff(data) for layout in layouts]
        with imrparse.formats.sniffing():
            shared = [layout.sniff(data) for layout in layouts]
        assert shared == alone


def test_a_shared_answer_is_never_given_for_other_bytes() -> None:
    # Kept answers hold on to what they were about, so no other object takes its id meanwhile
    # (slices made and dropped in turn would otherwise reuse one).
    text = LETTERS[1].read_bytes()
    with imrparse.formats.sniffing():
        for i in range(300):
            part = text[i : i + 3000]
            head = imrparse.sniff_head(part, 2000)
            assert head is not None and head == imrparse.formats._sniff_head(part, 2000)
            assert imrparse.has_marker(head) is imrparse.formats._has_marker(head, r"\s+")


def _feeds_end_lines(lines: list[str]) -> list[str]:
    """Each line cut before every form feed that follows other text on it: a page break."""
    out = []
    for line in lines:
        start = 0
        for i in range(1, len(line)):
            if line[i] == "\f" and line[i - 1] != "\f":
                out.append(line[start:i])
                start = i
        out.append(line[start:])
    return out


def _blocks_line_by_line(text: str) -> list[tuple[str, ...]]:
    """text_blocks' rule spelled out line by line, the oracle for its bulk version."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line for line in _feeds_end_lines(text.split("\n")) if line != "\f"]
    double_spaced = sum(1 for line in lines if not line) * 10 >= len(lines) * 4
    blocks: list[tuple[str, ...]] = []
    current: list[str] = []
    for line in lines:
        bare = line.replace("\f", "")
        if not bare.strip():
            if (bare or not double_spaced) and current:
                blocks.append(tuple(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append(tuple(current))
    return blocks


@given(
    st.lists(st.sampled_from(["a b", "", " ", "\t", "\f", "\f\f", " \f", "x\fy", "\u2028", "\x85"]))
)
def test_text_blocks_split_as_the_line_by_line_rule(pieces: list[str]) -> None:
    for end in ("\n", "\r\n"):
        text = end.join(pieces)
        assert [b.lines for b in imrparse.text_blocks(text)] == _blocks_line_by_line(text)
