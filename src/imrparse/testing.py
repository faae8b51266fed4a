"""A test kit for layout plugins: check example letters against their expected records.

A plugin ships example letters with the record each must parse to, side by side
(``letter.txt`` + ``letter.json``; any extension but ``.json`` is a letter). In a plugin's
own test suite::

    from imrparse.testing import check_examples
    def test_examples():
        check_examples(MyLayout())

imrparse's own test suite runs the same check over every installed plugin.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .convert import from_dict, to_dict
from .formats import Format
from .parse import parse


def example_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(letter, expected JSON) pairs in ``folder``, sorted by name."""
    pairs = []
    for letter in sorted(folder.iterdir()):
        if letter.suffix == ".json" or letter.name.startswith(".") or not letter.is_file():
            continue
        expected = letter.with_suffix(".json")
        if expected.exists():
            pairs.append((letter, expected))
    return pairs


def _differences(got: Any, want: Any, path: str = "") -> list[str]:
    if isinstance(got, dict) and isinstance(want, dict):
        out: list[str] = []
        for key in [*want, *(k for k in got if k not in want)]:
            if key not in got:
                out.append(f"{path}.{key}: missing")
            elif key not in want:
                out.append(f"{path}.{key}: unexpected key")
            else:
                out += _differences(got[key], want[key], f"{path}.{key}")
        return out
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        pairs = enumerate(zip(got, want, strict=True))
        return [d for i, (g, w) in pairs for d in _differences(g, w, f"{path}[{i}]")]
    return [] if got == want else [f"{path or '.'}: got {got!r}, expected {want!r}"]


def check_example(letter: Path, expected: Path, format: str | None = None) -> None:
    """Parse ``letter`` and compare its whole record with ``expected``; AssertionError if not."""
    record = parse(letter, format=format)
    got = to_dict(record)
    want = json.loads(expected.read_text(encoding="utf-8"))
    if got != want:
        diffs = "\n  ".join(_differences(got, want)[:20])
        raise AssertionError(f"{letter.name} does not parse to {expected.name}:\n  {diffs}")
    if from_dict(got) != record:
        raise AssertionError(f"{letter.name}: the record does not survive to_dict/from_dict")


def check_examples(fmt: Format) -> int:
    """Check every example the layout ships; returns how many were checked (at least one)."""
    if fmt.examples is None:
        raise AssertionError(f"layout {fmt.name!r} ships no examples folder")
    pairs = example_pairs(Path(fmt.examples))
    if not pairs:
        raise AssertionError(f"layout {fmt.name!r}: no example letters in {fmt.examples}")
    # Recognition is checked too: each expected record names its layout in source.format.
    for letter, expected in pairs:
        check_example(letter, expected)
    return len(pairs)
