"""The held-out probe (benchmarks/probe_generated.py) draws letters this parser reads right.

A few of its letters, read as PDFs and through pdfplumber's text, must give every value the
probe drew: so the probe keeps working as the code changes, and a rule that breaks plain
generated letters fails here before a probe run shows it.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from types import ModuleType

import pytest

import imrparse

from .conftest import ROOT


@pytest.fixture(scope="module")
def probe() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "probe_generated", ROOT / "benchmarks" / "probe_generated.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# (--wide: its requests' colons, brackets, dates of service and spinal levels, and its
# rationales' quoted guidelines and bracketed citations.)
@pytest.mark.parametrize(("wide", "seed"), [(False, 11), (True, 13)])
def test_the_probe_letters_read_right_from_the_pdf_and_its_text(
    probe: ModuleType, tmp_path: Path, wide: bool, seed: int
) -> None:
    rng = random.Random(seed)
    plumber = probe._extractors()["plumber"]
    for _ in range(4):
        data, expected, values = probe._letter(rng, wide)
        for letter in (imrparse.parse(data), imrparse.parse_text(plumber(data, tmp_path))):
            assert probe._judge(imrparse.to_dict(letter), expected, values) == ("right", [])


def test_the_probe_says_a_wrong_value(probe: ModuleType) -> None:
    data, expected, values = probe._letter(random.Random(12))
    record = imrparse.to_dict(imrparse.parse(data))
    verdict, diffs = probe._judge(record, expected, {**values, "priority": "Other"})
    assert verdict == "SILENT" and diffs == [("priority", record["priority"], "Other")]
