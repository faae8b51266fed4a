"""Issue 6's list, through the real command: each bad input gets one line and its exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import PLAIN_EXAMPLES

LETTER = (PLAIN_EXAMPLES / "002_dbfc6dcde667e7b2.txt").read_text(encoding="utf-8")


def imrparse(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "imrparse", *args], capture_output=True, text=True, check=False
    )


def _big(path: Path) -> None:
    with path.open("wb") as fh:
        fh.write(b"CLINICAL CASE SUMMARY\n")
        fh.truncate(32 * 1024 * 1024)


BAD: dict[str, tuple[Callable[[Path], object], int, str]] = {
    "empty": (lambda p: p.write_bytes(b""), 3, "empty input: nothing to parse"),
    "random-bytes": (
        lambda p: p.write_bytes(os.urandom(4096)),
        3,
        "not an IMR letter: binary data that no installed layout reads",
    ),
    "recipe": (
        lambda p: p.write_text("Banana bread\n\nMash three bananas, add flour, bake an hour.\n"),
        3,
        "not an IMR letter: no installed layout recognises it",
    ),
    "web-page": (
        lambda p: p.write_text(
            "<!DOCTYPE html><html><head><title>News</title></head>"
            "<body><h1>Weather</h1><p>Sunny &amp; warm.</p></body></html>"
        ),
        3,
        "not an IMR letter: no installed layout recognises it",
    ),
    "32-mb-text": (_big, 8, "input too large: 32.0 MB (limit 20.0 MB)"),
    "directory": (lambda p: p.mkdir(), 10, "is a directory"),
    "missing": (lambda p: None, 10, "cannot read: No such file or directory"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_gets_one_line_and_its_exit_code(case: str, tmp_path: Path) -> None:
    make, code, message = BAD[case]
    path = tmp_path / f"{case}.txt"
    make(path)
    proc = imrparse("parse", str(path))
    assert proc.stdout == ""
    assert proc.stderr == f"imrparse: {path}: {message}\n"
    assert proc.returncode == code


def test_a_bad_file_among_good_ones_loses_none_of_them(tmp_path: Path) -> None:
    bad = tmp_path / "random.bin"
    bad.write_bytes(os.urandom(4096))
    good = sorted(PLAIN_EXAMPLES.glob("*.txt"))
    proc = imrparse("parse", str(good[0]), str(bad), str(good[1]))
    assert proc.returncode == 3
    assert [json.loads(line)["source"]["name"] for line in proc.stdout.splitlines()] == [
        good[0].name,
        good[1].name,
    ]
    assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr


def test_a_letter_cut_before_its_decisions_parses_with_a_warning(tmp_path: Path) -> None:
    cut = tmp_path / "cut.txt"
    cut.write_text(LETTER[: LETTER.index("IMR ISSUES")], encoding="utf-8")
    proc = imrparse("parse", str(cut))
    assert (proc.returncode, proc.stderr) == (0, "")
    record = json.loads(proc.stdout)
    assert record["determinations"] == [] and record["outcome"] is None
    assert record["warnings"] == [
        "section IMR ISSUES, DECISIONS AND RATIONALES is missing",
        "no case number was found",
        "no decision date was found",
        "no disputed item with an outcome was found",
        "no case header was found: Date Assigned, Date of Injury, UR Denial Date, Priority and "
        "Application Received left empty",
        # (Letter 002's summary states neither.)
        "patient age: the summary states none that could be read",
        "patient sex: the summary states none that could be read",
    ]
