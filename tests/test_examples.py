"""The juriscraper-style shared test: every installed layout's examples parse to their records."""

from __future__ import annotations

from pathlib import Path

import pytest

from imrparse import plugins
from imrparse.testing import check_example, check_examples, example_pairs

CASES = [
    pytest.param(letter, expected, id=f"{name}/{letter.name}")
    for name, fmt in sorted(plugins.get_formats().items())
    if fmt.examples is not None
    for letter, expected in example_pairs(Path(fmt.examples))
]


def test_every_builtin_layout_ships_examples() -> None:
    for name in ("plain-text", "html-header"):
        assert check_examples(plugins.get_format(name)) >= 1


@pytest.mark.parametrize(("letter", "expected"), CASES)
def test_example_parses_to_its_record(letter: Path, expected: Path) -> None:
    check_example(letter, expected)


def test_check_example_reports_a_difference(tmp_path: Path) -> None:
    letter, expected = example_pairs(plugins.get_format("plain-text").examples)[0]  # type: ignore[arg-type]
    wrong = tmp_path / expected.name
    wrong.write_text(expected.read_text().replace('"overturned"', '"upheld"', 1))
    with pytest.raises(AssertionError, match="outcome"):
        check_example(letter, wrong)
