"""Hostile and broken input: only imrparse's typed errors may leave parse(), never a crash."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse import ImrParseError, Letter, from_dict, to_dict

from .conftest import PLAIN_EXAMPLES

LETTERS = sorted(PLAIN_EXAMPLES.glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in LETTERS]
# A letter as its lines (every line of the plain-text layout ends in " \n\n").
CHUNKS = [t.split(" \n\n") for t in TEXTS]


def outcome(data: bytes) -> Letter | ImrParseError:
    """Parse; any exception other than ImrParseError fails the test (pytest shows it)."""
    try:
        letter = imrparse.parse(data, name="fuzz")
    except ImrParseError as err:
        assert "\n" not in str(err), "error messages are one line"
        assert not isinstance(err, imrparse.InternalError), str(err)  # a bug, even if typed
        return err
    assert from_dict(to_dict(letter)) == letter
    return letter


@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    outcome(data)


@given(st.text(max_size=3000))
def test_random_text(text: str) -> None:
    outcome(text.encode("utf-8"))


@given(st.sampled_from(TEXTS), st.text(max_size=200))
def test_random_text_around_a_letter_heading(letter: str, noise: str) -> None:
    outcome((noise + "\nIMR ISSUES, DECISIONS AND RATIONALES\n" + noise + letter[:500]).encode())


@given(st.data())
def test_letters_with_paragraphs_deleted_duplicated_shuffled(data: st.DataObject) -> None:
    chunks = data.draw(st.sampled_from(CHUNKS))
    picked = data.draw(st.lists(st.sampled_from(chunks), max_size=2 * len(chunks)))
    outcome(" \n\n".join(picked).encode())


@given(st.data())
def test_letters_with_characters_inserted(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(TEXTS))
    for _ in range(data.draw(st.integers(1, 20))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.text(max_size=8)) + text[at:]
    outcome(text.encode("utf-8"))


def test_a_letter_cut_at_every_position() -> None:
    """Every prefix of a letter parses to a record or a typed error."""
    every = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
    for data in [t.encode() for t in (TEXTS if every else TEXTS[1:2])]:
        for end in range(len(data) + 1):
            outcome(data[:end])


def test_a_letter_cut_before_its_decisions_warns() -> None:
    text = TEXTS[2]
    letter = outcome(text[: text.index("IMR ISSUES")].encode())
    assert isinstance(letter, Letter)
    assert letter.determinations == ()
    assert "section IMR ISSUES, DECISIONS AND RATIONALES is missing" in letter.warnings


def test_shuffled_lines_never_invent_an_outcome() -> None:
    rng = random.Random(7)
    for chunks in CHUNKS:
        for _ in range(30):
            shuffled = chunks[:]
            rng.shuffle(shuffled)
            letter = outcome(" \n\n".join(shuffled).encode())
            if isinstance(letter, Letter):
                # Each outcome is read from an "...: Upheld|Overturned" line; none is made up.
                stated = sum(
                    1 for c in shuffled if re.search(r":\s*(Upheld|Overturned)\s*$", c.strip())
                )
                assert sum(d.outcome is not None for d in letter.determinations) <= stated


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", imrparse.NotAnImrLetter, "empty input"),
        (b"   \n\n  ", imrparse.NotAnImrLetter, "empty input"),
        (bytes(range(256)) * 8, imrparse.NotAnImrLetter, "binary data"),
        (
            b"Pancakes\n\n2 eggs, 1 cup flour. Whisk and fry.",
            imrparse.NotAnImrLetter,
            "not an IMR letter",
        ),
        (b"CLINICAL CASE SUMMARY\x00\x00\x01\x02", imrparse.NotAnImrLetter, "not an IMR letter"),
    ],
)
def test_typed_errors_with_clear_messages(
    data: bytes, error: type[ImrParseError], message: str
) -> None:
    with pytest.raises(error, match=message):
        imrparse.parse(data)


def test_limits(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"CLINICAL CASE SUMMARY\n" + b"x" * (32 * 1024 * 1024))
    with pytest.raises(
        imrparse.InputTooLarge, match=r"input too large: 32\.0 MB \(limit 20\.0 MB\)"
    ):
        imrparse.parse(big)
    small = imrparse.Limits(max_bytes=1000)
    with pytest.raises(imrparse.InputTooLarge):
        imrparse.parse(LETTERS[0], limits=small)
    with pytest.raises(ValueError):
        imrparse.Limits(timeout=0)


def test_time_limit_interrupts_a_slow_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    fmt = imrparse.plugins.get_format("plain-text")
    slow_read = fmt.read

    def read(data: bytes) -> imrparse.Document:
        time.sleep(5)
        return slow_read(data)

    monkeypatch.setattr(type(fmt), "read", lambda self, data: read(data))
    started = time.monotonic()
    with pytest.raises(imrparse.ParseTimeout, match=r"took longer than 0\.2 s"):
        imrparse.parse(LETTERS[0], limits=imrparse.Limits(timeout=0.2))
    assert time.monotonic() - started < 4
