"""SQLite output (normalised tables) and resume by the versions that made each record."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import attrs
import pytest

import imrparse
from imrparse.cli import main
from imrparse.models import Determination, Letter

from .batch_helpers import EXAMPLES, make_corpus, parsed


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["batch", *argv])
    return code, capsys.readouterr().err


def rows(db: Path, sql: str) -> list[sqlite3.Row]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return list(con.execute(sql))
    finally:
        con.close()


def test_sqlite_holds_letters_determinations_and_citations_with_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "corpus.sqlite"
    code, _ = cli(capsys, *map(str, EXAMPLES), "-o", str(out))
    assert code == 0
    letters = [imrparse.parse(p) for p in EXAMPLES]
    by_sha = {x.source.sha256: x for x in letters if x.source}
    got = rows(out, "SELECT * FROM letters ORDER BY id")
    assert len(got) == len(letters)
    for row in got:
        letter = by_sha[row["source_sha256"]]
        assert row["case_number"] == letter.case_number
        assert row["outcome"] == letter.outcome
        decision = letter.dates.decision
        assert row["dates_decision"] == (decision.isoformat() if decision else None)
        assert json.loads(row["reviewer_specialties"]) == list(letter.reviewer.specialties)
        assert row["patient_age"] == letter.patient.age
        assert row["source_parser_imrparse"] == imrparse.__version__
        assert row["source_parser_plugin"] == "imrparse"
        dets = rows(
            out, f"SELECT * FROM determinations WHERE letter_id = {row['id']} ORDER BY position"
        )
        assert [(d["item"], d["outcome"]) for d in dets] == [
            (d.item, d.outcome) for d in letter.determinations
        ]
        for d_row, det in zip(dets, letter.determinations, strict=True):
            assert d_row["rationale"] == det.rationale
            assert d_row["maximus_guideline_text"] == det.maximus_guideline.text
            for field in ("claims_administrator_guideline", "maximus_guideline"):
                cites = rows(
                    out,
                    f"SELECT * FROM citations WHERE determination_id = {d_row['id']} "
                    f"AND field = '{field}' ORDER BY position",
                )
                want = getattr(det, field).citations
                assert [(c["text"], bool(c["mtus"]), json.loads(c["pages"])) for c in cites] == [
                    (c.text, c.mtus, list(c.pages)) for c in want
                ]
    n_cites = sum(
        len(g.citations)
        for x in letters
        for d in x.determinations
        for g in (d.claims_administrator_guideline, d.maximus_guideline)
    )
    assert len(rows(out, "SELECT id FROM citations")) == n_cites > 0
    indexes = {r["name"] for r in rows(out, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {
        "letters_case_number",
        "letters_outcome",
        "letters_dates_decision",
        "determinations_outcome",
    } <= indexes


def test_sqlite_columns_follow_the_attrs_classes() -> None:
    # Every scalar field of a determination is a column, so a key added to the model (e.g.
    # original_request) appears without touching the writer.
    from imrparse import sqlite_out

    tables = {t.name: t.keys() for t in sqlite_out._tables().values()}
    scalar = [
        f.name
        for f in attrs.fields(Determination)
        if not attrs.has(f.type or object)
        and f.name not in ("claims_administrator_guideline", "maximus_guideline")
    ]
    assert set(scalar) <= set(tables["determinations"])
    assert "claims_administrator_guideline_text" in tables["determinations"]
    assert {
        "case_number",
        "dates_decision",
        "source_sha256",
        "source_parser_plugin_version",
        "documents_reviewed",
        "warnings",
    } <= set(tables["letters"])
    assert "determinations" not in tables["letters"]
    assert tables["citations"][:4] == ["id", "determination_id", "position", "field"]
    assert len(attrs.fields(Letter)) > 5


def test_an_sqlite_file_that_is_not_ours_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "notes.sqlite"
    con = sqlite3.connect(out)
    con.execute("CREATE TABLE letters (name TEXT)")
    con.commit()
    con.close()
    code, err = cli(capsys, str(EXAMPLES[0]), "-o", str(out))
    assert code == imrparse.BadOutput.exit_code
    assert err == f"imrparse: {out}: exists with other columns; choose a new output file\n"


def _age_jsonl(out: Path, n: int) -> None:
    lines = out.read_text().splitlines()
    for i in range(n):
        record = json.loads(lines[i])
        record["source"]["parser"]["plugin_version"] = "0.0.1"
        lines[i] = json.dumps(record)
    out.write_text("\n".join(lines) + "\n")


def _age_sqlite(out: Path, n: int) -> None:
    con = sqlite3.connect(out)
    con.execute(f"UPDATE letters SET source_parser_imrparse = '0.0.1' WHERE id <= {n}")
    con.commit()
    con.close()


def _age_parquet(out: Path, n: int) -> str:
    """Say one layout present in ``out`` was made by an older plugin; return that layout."""
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(out)
    meta = dict(table.schema.metadata)
    parsers = json.loads(meta[b"imrparse.parsers"])
    aged: str = sorted(set(table.column("source_format").to_pylist()))[0]
    parsers[aged]["plugin_version"] = "0.0.1"
    meta[b"imrparse.parsers"] = json.dumps(parsers).encode()
    pq.write_table(table.replace_schema_metadata(meta), out)
    return aged


@pytest.mark.parametrize("suffix", [".jsonl", ".sqlite", ".parquet"])
def test_resume_parses_again_what_other_versions_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, 8)
    out = tmp_path / f"out{suffix}"
    code, _ = cli(capsys, str(folder), "-o", str(out))
    assert code == 0
    fresh = out.read_bytes()
    if suffix == ".jsonl":
        _age_jsonl(out, 3)
        stale = 3
    elif suffix == ".sqlite":
        _age_sqlite(out, 3)
        stale = 3
    else:
        aged = _age_parquet(out, 0)
        pq = pytest.importorskip("pyarrow.parquet")
        stale = len(
            {r["sha256"] for r in pq.read_table(out).to_pylist() if r["source_format"] == aged}
        )
        assert 0 < stale < 8
    code, err = cli(capsys, str(folder), "-o", str(out))
    assert code == 0
    # Parsed again: the stale letters, with or without warnings (seed letters warn of their
    # missing case header).
    m = re.search(
        r"(\d+) parsed, (\d+) parsed with warnings, 0 failed, 0 skipped as not "
        r"letters; (\d+) already in the output, 0 duplicates skipped$",
        err.strip(),
    )
    assert m is not None, err
    assert (int(m[1]) + int(m[2]), int(m[3])) == (stale, 8 - stale)
    if suffix == ".jsonl":
        records = [json.loads(x) for x in out.read_text().splitlines()]
        assert len({r["source"]["sha256"] for r in records}) == len(records) == 8
        assert sorted(out.read_bytes().splitlines()) == sorted(fresh.splitlines())
    elif suffix == ".sqlite":
        assert len(rows(out, "SELECT id FROM letters")) == 8
        assert not rows(out, "SELECT id FROM letters WHERE source_parser_imrparse = '0.0.1'")
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        assert len({r["sha256"] for r in pq.read_table(out).to_pylist()}) == 8
        meta = json.loads(pq.read_schema(out).metadata[b"imrparse.parsers"])
        assert all(p["plugin_version"] == imrparse.__version__ for p in meta.values())
    code, err = cli(capsys, str(folder), "-o", str(out), "--overwrite")
    assert code == 0 and parsed(err) == 8 and "0 already in the output" in err
