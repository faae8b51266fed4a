"""The imrparse command: JSON out, one-line errors, no tracebacks, good files still printed."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import imrparse
from imrparse.cli import main
from imrparse.testing import without_parser

from .conftest import PLAIN_EXAMPLES

LETTERS = sorted(PLAIN_EXAMPLES.glob("*.txt"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_one_file_prints_its_record(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "parse", str(LETTERS[0]))
    expected = json.loads(LETTERS[0].with_suffix(".json").read_text())
    assert (code, err) == (0, "")
    assert without_parser(json.loads(out)) == expected


def test_parse_several_files_prints_one_object_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", *map(str, LETTERS))
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(LETTERS)
    assert [json.loads(line)["source"]["name"] for line in lines] == [p.name for p in LETTERS]


def test_a_bad_file_gets_one_line_and_the_others_still_print(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    junk = tmp_path / "recipe.txt"
    junk.write_text("Banana bread: mash three bananas, add flour, bake for an hour.")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run(
        capsys,
        "parse",
        str(LETTERS[0]),
        str(junk),
        str(tmp_path / "missing.txt"),
        str(empty),
        str(LETTERS[1]),
    )
    assert code != 0
    assert len(out.splitlines()) == 2
    errors = err.splitlines()
    assert len(errors) == 3
    assert errors[0] == f"imrparse: {junk}: not an IMR letter: no installed layout recognises it"
    assert errors[1].startswith(f"imrparse: {tmp_path / 'missing.txt'}: cannot read")
    assert errors[2] == f"imrparse: {empty}: empty input: nothing to parse"
    assert "Traceback" not in err


def test_parse_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(LETTERS[2].read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(capsys, "parse", "-", "--compact")
    rec = json.loads(out)
    assert code == 0 and rec["source"]["name"] == "<stdin>"
    assert rec["determinations"][0]["item"] == "Spine consultant w/non MPN"


def test_formats_lists_plugins(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "formats")
    header, *rows = [re.split(r" {2,}", line) for line in out.splitlines()]
    assert code == 0
    assert header == ["LAYOUT", "PLUGIN", "VERSION", "READS"]
    assert ["plain-text", "imrparse", imrparse.__version__] in [row[:3] for row in rows]
    assert ["html-header", "imrparse", imrparse.__version__] in [row[:3] for row in rows]
    assert all(len(row) == 4 for row in rows)


def test_formats_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "formats", "--json")
    rows = {row["layout"]: row for row in json.loads(out)}
    assert code == 0
    assert rows["plain-text"]["plugin"] == "imrparse"
    assert rows["plain-text"]["version"] == imrparse.__version__
    assert rows["plain-text"]["reads"].startswith("Text extracted")


def test_schema_validates_every_example_record(capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    _, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    for letter in LETTERS:
        jsonschema.validate(json.loads(letter.with_suffix(".json").read_text()), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"case_number": None}, schema)


def test_installed_console_script_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "imrparse", "parse", str(LETTERS[3]), "--compact"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["outcome"] == "overturned"
