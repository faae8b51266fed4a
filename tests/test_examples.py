"""The juriscraper-style shared test: every installed layout's examples parse to their records.

The built-in layouts are checked with the same kit an outside plugin's tests call.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from imrparse import Block, Document, Format, plugins
from imrparse.testing import (
    check_declines,
    check_example,
    check_junk,
    check_plugin,
    example_pairs,
)

CASES = [
    pytest.param(letter, expected, id=f"{name}/{letter.name}")
    for name, fmt in sorted(plugins.get_formats().items())
    if fmt.examples is not None
    for letter, expected in example_pairs(Path(fmt.examples))
]


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("plain-text", True),
        ("column-text", True),
        ("layout-text", True),
        ("html-header", False),
        ("markdown", False),
    ],
)
def test_builtin_layout_passes_the_plugin_kit(name: str, generic: bool) -> None:
    # The text shapes answer for any IMR text of their shape (an MPR letter's header is
    # side by side too), so they only have to rank below the owning layout.
    assert check_plugin(plugins.get_format(name), generic=generic) >= 1


@pytest.mark.parametrize(("letter", "expected"), CASES)
def test_example_parses_to_its_record(letter: Path, expected: Path) -> None:
    check_example(letter, expected)


def test_check_example_reports_a_difference(tmp_path: Path) -> None:
    letter, expected = example_pairs(plugins.get_format("plain-text").examples)[0]  # type: ignore[arg-type]
    wrong = tmp_path / expected.name
    wrong.write_text(expected.read_text().replace('"overturned"', '"upheld"', 1))
    with pytest.raises(AssertionError, match="outcome"):
        check_example(letter, wrong)


class _Greedy(Format):
    name = "greedy"

    def sniff(self, data: bytes) -> float:
        return 1.0

    def read(self, data: bytes) -> Document:
        return Document([Block(data.decode())])  # UnicodeDecodeError on binary input


def test_kit_catches_a_layout_that_claims_everything() -> None:
    with pytest.raises(AssertionError, match="non-letter"):
        check_declines(_Greedy())


def test_kit_catches_a_layout_that_crashes_on_junk() -> None:
    with pytest.raises(AssertionError, match="read raised UnicodeDecodeError"):
        check_junk(_Greedy())
