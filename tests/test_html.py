"""The HTML-header layout: letter 000 as distributed, as a saved web page, and hostile HTML."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
import imrparse.plugins
from imrparse import ImrParseError, Letter, to_dict
from imrparse.parse import choose_format
from imrparse.testing import without_parser

from .conftest import PLAIN_EXAMPLES, ROOT

LETTER = ROOT / "plugins" / "imrparse_html" / "examples" / "000_ca114c6d53d10e36.txt"
EXPECTED: dict[str, Any] = json.loads(LETTER.with_suffix(".json").read_text(encoding="utf-8"))
PAGE = Path(__file__).parent / "data" / "000_page.html"
TEXT = LETTER.read_text(encoding="utf-8")
HTML = PAGE.read_text(encoding="utf-8")
HTML_FORMAT = imrparse.plugins.get_format("html-header")


def record(data: bytes) -> dict[str, Any]:
    """The record without ``source``, after checking the HTML-header layout read it."""
    rec = to_dict(imrparse.parse(data))
    assert rec.pop("source")["format"] == "html-header"
    return rec


def without_source(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rec.items() if k != "source"}


def test_letter_000_parses_to_its_record() -> None:
    assert without_parser(to_dict(imrparse.parse(LETTER))) == EXPECTED


def test_the_reader_hands_lines_and_headings_to_the_core() -> None:
    blocks = HTML_FORMAT.read(LETTER.read_bytes()).blocks
    assert blocks[0].lines == ("Case Number:\tCM13-0012313",)
    assert blocks[1].lines == ("Date Assigned:\t12/04/2013\tDate of Injury:\t06/03/2011",)
    headings = [b.lines[0] for b in blocks if b.heading]
    assert headings == [
        "HOW THE IMR FINAL DETERMINATION WAS MADE",
        "CLINICAL CASE SUMMARY",
        "IMR ISSUES, DECISIONS AND RATIONALES",
    ]
    lines = [line for b in blocks for line in b.lines]
    assert "spine surgeon second opinion consultation: Overturned" in lines
    assert not any("<" in line or "**" in line or "#" in line for line in lines)


def test_the_page_fixture_is_a_whole_web_page_with_decoys() -> None:
    head = HTML[: HTML.index("<body>")]
    assert HTML.startswith("<!DOCTYPE html>") and "<table" in HTML and "<strong>" in HTML
    assert all(e in HTML for e in ("&amp;", "&#39;", "&nbsp;", "<br>"))
    for decoy in ("Upheld", "Case Number:"):
        assert all(decoy in part for part in (head.split("<title>")[1], head.split("<script")[1]))


def test_saved_web_page_gives_the_same_record() -> None:
    assert record(PAGE.read_bytes()) == without_source(EXPECTED)


def test_script_style_title_and_comments_are_never_letter_content() -> None:
    lines = [line for b in HTML_FORMAT.read(PAGE.read_bytes()).blocks for line in b.lines]
    text = "\n".join(lines)
    for decoy in ("CM13-0099999", "CM00-0000000", "decoy", "font-family", "Acupuncture", "1999"):
        assert decoy not in text
    assert text.count("Upheld") == 0 and text.count("Case Number:") == 1


VARIANTS: dict[str, Callable[[str], bytes]] = {
    "crlf": lambda t: t.replace("\n", "\r\n").encode(),
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("text", [TEXT, HTML], ids=["text", "page"])
def test_encodings_and_line_ends_give_the_same_record(text: str, variant: str) -> None:
    assert record(VARIANTS[variant](text)) == without_source(EXPECTED)


def expedited_header(text: str, start: str) -> str:
    """The letter with Priority Expedited and unpadded header dates (the summary unchanged)."""
    cut = text.index(start)
    header = text[:cut]
    for old, new in [
        ("Standard", "Expedited"),
        ("12/04/2013", "3/5/2014"),
        ("06/03/2011", "6/3/2011"),
        ("01/14/2014", "4/7/2014"),
        ("07/31/2013", "1/2/2014"),
        ("08/12/2013", "2/9/2014"),
    ]:
        assert old in header
        header = header.replace(old, new)
    return header + text[cut:]


@pytest.mark.parametrize(("text", "start"), [(TEXT, "###"), (HTML, "<h3>")], ids=["text", "page"])
def test_expedited_priority_and_unpadded_dates(text: str, start: str) -> None:
    rec = record(expedited_header(text, start).encode())
    assert rec["priority"] == "Expedited"
    assert rec["dates"] == {
        "assigned": "2014-03-05",
        "injury": "2011-06-03",
        "decision": "2014-04-07",
        "ur_denial": "2014-01-02",
        "application_received": "2014-02-09",
    }
    assert rec["determinations"] == EXPECTED["determinations"]


def test_sniff_picks_html_header_for_000_and_its_page() -> None:
    for path in (LETTER, PAGE):
        data = path.read_bytes()
        assert HTML_FORMAT.sniff(data) > imrparse.plugins.get_format("plain-text").sniff(data)
        assert choose_format(data).name == "html-header"


@pytest.mark.parametrize("path", sorted(PLAIN_EXAMPLES.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_sniff_leaves_plain_text_letters_alone(path: Path) -> None:
    data = path.read_bytes()
    assert HTML_FORMAT.sniff(data) == 0.0
    assert choose_format(data).name == "plain-text"


def test_sniff_declines_html_that_is_not_a_letter() -> None:
    page = b"<!DOCTYPE html><html><body><p>Case Number: 12 Upheld</p></body></html>"
    assert HTML_FORMAT.sniff(page) == 0.0
    assert HTML_FORMAT.sniff(b"\x00\x01<b>CLINICAL CASE SUMMARY</b>") == 0.0


def test_letter_inside_100000_nested_divs() -> None:
    body = HTML.index("<body>") + len("<body>")
    end = HTML.index("</body>")
    deep = HTML[:body] + "<div>" * 100_000 + HTML[body:end] + "</div>" * 100_000 + HTML[end:]
    started = time.monotonic()
    assert record(deep.encode()) == without_source(EXPECTED)
    assert time.monotonic() - started < 30


SIZE = 19 * 1024 * 1024  # just under the default 20 MB input limit, so the reader sees it
START = "<!DOCTYPE html><html><body><h3>CLINICAL CASE SUMMARY</h3>"


def fill(unit: str, tail: str = "") -> str:
    return START + unit * ((SIZE - len(START) - len(tail)) // len(unit)) + tail


HOSTILE: dict[str, Callable[[], str]] = {
    "20 MB of tags": lambda: fill("<div>"),
    "20 MB of paragraphs": lambda: fill("<p>x</p>\n"),
    "a wall of <": lambda: fill("<"),
    "a start tag never closed": lambda: fill("<a "),
    "one tag with millions of attributes": lambda: fill("b ", ">").replace("<h3>", "<h3><a ", 1),
    "a comment never closed": lambda: fill("-").replace("</h3>", "</h3><!--", 1),
    "millions of text lines": lambda: fill("x\n").replace(
        START, "<b>Case Number:</b>\n### CLINICAL CASE SUMMARY\n"
    ),
    "millions of line breaks": lambda: fill("x<br>\n"),
    "20 MB of entities": lambda: fill("&amp;"),
}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=list(HOSTILE))
def test_huge_hostile_html_ends_quickly_with_a_record_or_typed_error(
    make: Callable[[], str],
) -> None:
    data = make().encode()
    assert len(data) > 18 * 1024 * 1024
    assert choose_format(data).name == "html-header"
    started = time.monotonic()
    try:
        letter = imrparse.parse(data)
    except ImrParseError as err:
        assert "\n" not in str(err)
    else:
        assert isinstance(letter, Letter)
    assert time.monotonic() - started < 30


def test_20_mb_of_tags_is_a_typed_error() -> None:
    with pytest.raises(imrparse.InputTooLarge, match="too much HTML markup"):
        imrparse.parse(fill("<div>").encode())


def test_a_large_inline_script_is_skipped_whole() -> None:
    script = "if (a < b && c > d) { s = '<p>Upheld</p>'; }\n" * 100_000
    page = HTML.replace("</script>", script + "</script>", 1)
    assert record(page.encode()) == without_source(EXPECTED)


def test_letter_cut_inside_a_tag_parses_what_came_before() -> None:
    cut = HTML[: HTML.index("<p><strong>Decision rationale:")] + '<p class="x'
    rec = record(cut.encode())
    assert rec["case_number"] == "CM13-0012313"
    assert rec["determinations"][0]["rationale"] is None


TOKENS = [
    "<div>", "</div>", "<p>", "</p>", "<br>", "<br/>", "<b>", "</b>", "<td>", "<tr>", "</tr>",
    "<h3>", "</h3>", "<pre>", "</pre>", "<script>", "</script>", "<style>", "<!--", "-->",
    "<![CDATA[", "]]>", "<!DOCTYPE", "<?xml", "<", ">", "&amp;", "&#39;", "&#", "&", "\n",
    "###", "**", "\t", " ", '"', "'", "=", "Upheld", ": Overturned",
]  # fmt: skip


@given(
    st.sampled_from([TEXT, HTML]),
    st.lists(st.tuples(st.floats(0, 1), st.sampled_from(TOKENS)), max_size=12),
)
def test_tag_soup_inside_a_letter_gives_a_record_or_a_typed_error(
    text: str, inserts: list[tuple[float, str]]
) -> None:
    for where, token in inserts:
        at = int(where * len(text))
        text = text[:at] + token + text[at:]
    try:
        imrparse.parse(text.encode(), format="html-header")
    except ImrParseError as err:
        assert "\n" not in str(err)


def test_a_header_table_with_bold_values_gives_the_same_record() -> None:
    # Bold after plain type sets a block apart (an item heading after a rationale), but not
    # inside a table: a bold value beside its plain label stays in the label's row.
    swapped = re.sub(
        r"<th><b>([^<]*)</b></th>(\s*)<td>([^<]*)</td>", r"<th>\1</th>\2<td><b>\3</b></td>", HTML
    )
    assert swapped.count("<td><b>") == 7
    assert record(swapped.encode()) == without_source(EXPECTED)
