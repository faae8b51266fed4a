"""What imrparse.parse accepts (bytes, paths, file objects), parse_text, decoding, typed errors."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

import imrparse

from .conftest import PLAIN_EXAMPLES

LETTER = PLAIN_EXAMPLES / "002_dbfc6dcde667e7b2.txt"


def test_bytes_paths_file_objects_and_text_give_one_record() -> None:
    data = LETTER.read_bytes()
    by_path = imrparse.parse(LETTER)
    assert imrparse.parse(str(LETTER)) == by_path
    assert imrparse.parse(io.BytesIO(data), name=LETTER.name) == by_path
    assert imrparse.parse(data, name=LETTER.name) == by_path
    assert imrparse.parse_text(data.decode("utf-8"), name=LETTER.name) == by_path


def test_a_str_that_is_not_a_path_gets_one_short_line_naming_parse_text() -> None:
    text = LETTER.read_text(encoding="utf-8")
    with pytest.raises(imrparse.UnreadableInput) as info:
        imrparse.parse(text)
    message = str(info.value)
    assert "\n" not in message and len(message) < 200
    assert "no such file" in message and "imrparse.parse_text" in message
    with pytest.raises(imrparse.UnreadableInput, match="no such file"):
        imrparse.parse("nul\x00inside")


def test_parse_refuses_other_types_as_a_programming_error() -> None:
    with pytest.raises(TypeError, match="parse\\(\\) takes"):
        imrparse.parse(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="parse_text\\(\\) takes"):
        imrparse.parse_text(b"bytes")  # type: ignore[arg-type]


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "letter.txt"
    os.mkfifo(fifo)
    with pytest.raises(imrparse.UnreadableInput, match="is a FIFO, not a file"):
        imrparse.parse(fifo)  # the test would hang here if the FIFO were opened for reading


def test_a_character_device_is_refused_not_read() -> None:
    with pytest.raises(imrparse.UnreadableInput, match="is a character device"):
        imrparse.parse(Path("/dev/zero"))  # unbounded if read


def test_one_invalid_byte_in_utf8_is_replaced_with_a_warning_not_mojibake() -> None:
    summary = b"The California MTUS/ACOEM Practice Guidelines state"
    data = LETTER.read_bytes().replace(summary, "José Núñez said \xff. ".encode() + summary, 1)
    data = data.replace(b"\xc3\xbf", b"\xff")  # one raw 0xFF byte: invalid in UTF-8
    letter = imrparse.parse(data)
    assert letter.clinical_summary is not None
    assert letter.clinical_summary.startswith("José Núñez said \ufffd. The California")
    assert "Ã" not in imrparse.to_json(letter)  # never cp1252 mojibake
    assert (
        letter.warnings[-1] == "1 invalid UTF-8 byte sequence(s) replaced with U+FFFD in the text"
    )
    assert "1 invalid" not in " ".join(letter.warnings[:-1])


def test_windows_1252_text_without_utf8_is_still_read_as_windows_1252() -> None:
    assert imrparse.decode_text("José".encode("cp1252")) == "José"


def test_decoding_notes_appear_once_even_when_decoded_twice() -> None:
    data = "José \xff".encode().replace(b"\xc3\xbf", b"\xff") + b" text"
    from imrparse import limits

    with limits.noting() as notes:
        imrparse.decode_text(data)
        imrparse.decode_text(data)
    assert notes == ["1 invalid UTF-8 byte sequence(s) replaced with U+FFFD in the text"]


def test_a_plugin_bug_leaves_parse_as_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    parse_module = sys.modules["imrparse.parse"]  # imrparse.parse is the function

    def broken(_document: object, **_kw: object) -> None:
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")

    monkeypatch.setattr(parse_module, "parse_document", broken)
    with pytest.raises(imrparse.InternalError, match="internal error: ValueError: Exceeds") as info:
        imrparse.parse(LETTER)
    assert info.value.exit_code == 70 and info.value.source == LETTER.name


def test_check_junk_still_fails_on_a_bug_that_parse_wraps(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from imrparse.testing import check_junk

    def broken(_document: object, **_kw: object) -> None:
        raise ValueError("a bug in the grammar")

    monkeypatch.setattr(sys.modules["imrparse.parse"], "parse_document", broken)
    fmt = imrparse.plugins.get_formats()["plain-text"]
    with pytest.raises(AssertionError, match="internal error: ValueError: a bug in the grammar"):
        check_junk(fmt, {"letter": LETTER.read_bytes()})


def test_a_numeric_entity_of_5000_digits_is_a_damaged_document() -> None:
    # It raised a bare ValueError (int() refuses over 4,300 digits) out of imrparse.parse.
    page = (
        b"<html><body><b>Case Number:</b> CM13-0012313<br>&#" + b"1" * 5000 + b";"
        b"<p>IMR ISSUES, DECISIONS AND RATIONALES</p></body></html>"
    )
    with pytest.raises(imrparse.DamagedDocument, match="character reference too long"):
        imrparse.parse(page)
