"""Batch runs: discovery, parse_many, rows, CSV/Parquet/JSONL outputs, resume, failures, limits."""

from __future__ import annotations

import csv
import datetime
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import imrparse
from imrparse import batch, pool
from imrparse.cli import main
from imrparse.rows import NAMES

from . import slow_start_helper
from .batch_helpers import (
    EXAMPLES,
    alarm_armed_while_parsing,
    batch_command,
    died,
    echo_or_hang,
    fail_to_start,
    make_corpus,
    note_or_echo,
    overdue,
)

ROOT = Path(__file__).resolve().parent.parent
RECIPE = b"Banana bread: mash three bananas, add flour and sugar, bake for an hour.\n"


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["batch", *argv])
    return code, capsys.readouterr().err


def jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def sqlite_letters(path: Path) -> list[tuple[object, ...]]:
    """The letters in a SQLite output, without the row ids, sorted."""
    import sqlite3

    db = sqlite3.connect(path)
    try:
        return sorted((tuple(row[1:]) for row in db.execute("SELECT * FROM letters")), key=repr)
    finally:
        db.close()


def expected_rows(letters: list[imrparse.Letter]) -> int:
    return sum(max(1, len(x.determinations)) for x in letters)


# ---- finding the files -----------------------------------------------------------------------


def test_discover_takes_files_folders_and_globs_in_order(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    for name in ("a1.txt", "a2.txt", "b/z.txt", "b/deep/y.txt", "c.html"):
        (tmp_path / name).write_text("x")
    found = batch.find_inputs(
        [
            tmp_path / "c.html",  # a file, as given
            tmp_path / "b",  # a folder, walked recursively and sorted
            str(tmp_path / "a*.txt"),  # a glob, sorted
            str(tmp_path / "**" / "y.txt"),  # ** reaches into folders; y.txt is listed once
            tmp_path / "missing.txt",  # kept, to be reported as unreadable
            str(tmp_path / "none*.pdf"),  # a glob that matches nothing is listed apart
        ],
        exclude=[tmp_path / "a2.txt"],
    )
    rel = [p.relative_to(tmp_path).as_posix() for p in found.files]
    assert rel == ["c.html", "b/deep/y.txt", "b/z.txt", "a1.txt", "missing.txt"]
    assert found.unmatched == [str(tmp_path / "none*.pdf")] and found.problems == []


# ---- parse_many ------------------------------------------------------------------------------


def test_parse_many_keeps_input_order_and_reports_errors_as_values(tmp_path: Path) -> None:
    recipe = tmp_path / "recipe.txt"
    recipe.write_bytes(RECIPE)
    paths = [EXAMPLES[0], recipe, tmp_path / "missing.txt", *EXAMPLES[1:]]
    for jobs in (1, 2):
        results = list(imrparse.parse_many(paths, jobs=jobs))
        assert [r.path for r in results] == paths
        assert isinstance(results[1].error, imrparse.NotAnImrLetter)
        assert isinstance(results[2].error, imrparse.UnreadableInput)
        good = [r for i, r in enumerate(results) if i not in (1, 2)]
        assert all(r.error is None and r.letter is not None for r in good)
        assert [r.letter for r in good] == [imrparse.parse(p) for p in paths if p in EXAMPLES]


def test_a_letter_over_the_time_limit_is_a_timeout_failure(tmp_path: Path) -> None:
    # A letter with megabytes of summary takes far longer to parse than a millisecond.
    data = EXAMPLES[1].read_bytes()
    big = tmp_path / "big.txt"
    big.write_bytes(
        data.replace(
            b"CLINICAL CASE SUMMARY",
            b"CLINICAL CASE SUMMARY\n" + b"The patient walked. " * 150_000,
            1,
        )
    )
    limits = imrparse.Limits(timeout=0.001)
    [result] = imrparse.parse_many([big], jobs=1, limits=limits)
    assert isinstance(result.error, imrparse.ParseTimeout)


def test_the_cli_sends_a_timeout_to_the_failures_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = EXAMPLES[1].read_bytes()
    (tmp_path / "in").mkdir()
    # About 1.4 s to parse, against a limit of 0.25 s: ok.txt (a millisecond) keeps a wide
    # margin on a loaded machine, where a 0.05 s limit once failed it too. A sentence a line:
    # the same 12 MB as one paragraph parsed in 0.3 s once the grammar got quicker, and the
    # test failed on a fast spell of the machine (2026-12-02).
    summary = b"CLINICAL CASE SUMMARY\n" + b"The patient walked.\n" * 600_000
    (tmp_path / "in" / "big.txt").write_bytes(data.replace(b"CLINICAL CASE SUMMARY", summary, 1))
    (tmp_path / "in" / "ok.txt").write_bytes(data)
    code, _ = cli(
        capsys,
        str(tmp_path / "in"),
        "-o",
        str(tmp_path / "out.jsonl"),
        "--timeout",
        "0.25",
        "--failures",
        str(tmp_path / "fail.jsonl"),
        "--jobs",
        "1",
    )
    [failure] = jsonl(tmp_path / "fail.jsonl")
    assert failure["error"] == "ParseTimeout" and str(failure["path"]).endswith("big.txt")
    assert code == imrparse.ParseTimeout.exit_code


# ---- the pool: order, a worker stuck in C, a worker that dies --------------------------------


def test_pool_keeps_order_and_replaces_a_stuck_or_dead_worker() -> None:
    items = ["a", "b", "hang", "c", "die", "d", "e", "f"]
    start = time.monotonic()
    out = list(
        pool.ordered_map(
            echo_or_hang, items, jobs=2, deadline=1.0, on_overdue=overdue, on_died=died
        )
    )
    assert time.monotonic() - start < 120  # did not hang; no tighter bound on a shared machine
    assert [item for item, _ in out] == items
    values = [value for _, value in out]
    assert values[:2] == ["A", "B"] and values[3] == "C" and values[5:] == ["D", "E", "F"]
    assert values[2] == "overdue:hang"
    assert values[4].startswith("died:die:worker process died (exit code 3)")


def test_a_worker_that_dies_while_idle_does_not_break_the_run() -> None:
    # pebble restarts a worker killed between tasks; the items before and after still run.
    items = ["a", "suicide", "b", "c", "d"]
    out = list(
        pool.ordered_map(
            echo_or_hang, items, jobs=1, deadline=30.0, on_overdue=overdue, on_died=died
        )
    )
    assert [v for _, v in out] == ["A", "SUICIDE", "B", "C", "D"]


def _after_the_worker_died(note: Path) -> Iterator[str]:
    """The note, then more items only once its worker has died and been reaped (pebble then
    finds no task running and declares its whole pool broken)."""
    yield str(note)
    stop = time.monotonic() + 120
    while not note.exists() and time.monotonic() < stop:
        time.sleep(0.05)
    pid = int(note.read_text())
    while time.monotonic() < stop:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    time.sleep(0.5)  # pebble's manager loop wakes every 0.1 s
    yield from ["b", "c"]


def test_a_worker_dying_while_the_pool_is_idle_costs_no_later_item(tmp_path: Path) -> None:
    # pebble breaks the pool ("All workers expired") and refuses new work; a new pool runs the
    # rest. Before, the run stopped with "RuntimeError: Unexpected error within the Pool".
    note = tmp_path / "pid"
    out = list(
        pool.ordered_map(
            note_or_echo,
            _after_the_worker_died(note),
            jobs=1,
            deadline=30.0,
            on_overdue=overdue,
            on_died=died,
        )
    )
    assert [v for _, v in out] == ["noted", "B", "C"]


def test_workers_that_cannot_start_fail_each_item_and_the_run_ends() -> None:
    # Every pool breaks at once; each item is tried on two pools, then reported, none hangs.
    items = [str(n) for n in range(20)]
    out = list(
        pool.ordered_map(
            echo_or_hang,
            items,
            jobs=2,
            deadline=30.0,
            on_overdue=overdue,
            on_died=died,
            init=fail_to_start,
        )
    )
    assert out == [(n, f"died:{n}:the worker pool broke 2 times while it ran") for n in items]


def test_a_run_that_ends_while_a_worker_starts_prints_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    # pebble drops the pool's semaphores before it stops the workers; one still reading its
    # start-up data then failed to open them and printed a FileNotFoundError traceback on the
    # user's terminal (CI, 2026-12-02). The semaphores now outlive every worker.
    monkeypatch.setenv("SLOW_START_DIR", str(tmp_path))
    out = list(
        pool.ordered_map(
            echo_or_hang,
            ["a"],
            jobs=2,
            deadline=30.0,
            on_overdue=overdue,
            on_died=died,
            init=slow_start_helper.init,
        )
    )
    assert out == [("a", "A")]
    assert (tmp_path / "first").exists()  # the test ran as meant: one worker started late
    err = capfd.readouterr().err
    assert "Traceback" not in err, err


def test_pool_workers_arm_no_alarm() -> None:
    # In process, parse() arms SIGALRM for its time limit; a batch worker leaves that to the pool.
    assert alarm_armed_while_parsing("here") > 0
    out = list(
        pool.ordered_map(
            alarm_armed_while_parsing,
            ["a", "b"],
            jobs=1,
            on_overdue=overdue,
            on_died=died,
            init=batch._warm_up,
        )
    )
    assert [value for _, value in out] == [0.0, 0.0]


SCRIPT = """
import sys
import imrparse
{body}
"""


@pytest.mark.parametrize("guarded", [False, True])
def test_parse_many_from_a_script_with_or_without_a_main_guard(
    tmp_path: Path, guarded: bool
) -> None:
    call = f"results = list(imrparse.parse_many([{str(EXAMPLES[0])!r}], jobs=2))\nprint(len(results), results[0].error)"
    body = (
        ("if __name__ == '__main__':\n" + "\n".join("    " + line for line in call.splitlines()))
        if guarded
        else call
    )
    script = tmp_path / "myscript.py"
    script.write_text(SCRIPT.format(body=body))
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    if guarded:
        assert done.returncode == 0, done.stderr
        assert done.stdout == "1 None\n"
    else:
        assert done.returncode == 1 and done.stdout == ""
        last = done.stderr.strip().splitlines()[-1]
        assert last == (
            "RuntimeError: parse_many() starts worker processes, which import myscript.py again: "
            'put the code that calls it (line 4) under `if __name__ == "__main__":`'
        )
        assert "bootstrapping phase" not in done.stderr  # no worker started


# ---- rows and the table outputs --------------------------------------------------------------


def test_to_rows_gives_one_row_per_determination_with_the_letter_repeated() -> None:
    for path in EXAMPLES:
        letter = imrparse.parse(path)
        rows = imrparse.to_rows(letter)
        assert len(rows) == len(letter.determinations) >= 1
        for n, (row, det) in enumerate(zip(rows, letter.determinations, strict=True), 1):
            assert tuple(row) == NAMES
            assert row["item_number"] == n and row["item"] == det.item
            assert row["outcome"] == det.outcome
            assert row["sha256"] == letter.source.sha256 if letter.source else False
            assert row["case_number"] == letter.case_number
            assert row["date_decision"] == letter.dates.decision
            assert row["claims_administrator_pages"] == [
                p for c in det.claims_administrator_guideline.citations for p in c.pages
            ]


def test_a_letter_without_determinations_still_gets_a_row() -> None:
    letter = imrparse.parse(EXAMPLES[0])
    bare = imrparse.from_dict({**imrparse.to_dict(letter), "determinations": [], "outcome": None})
    [row] = imrparse.to_rows(bare)
    assert row["item"] is None and row["outcome"] is None and row["item_number"] is None
    assert row["sha256"] == letter.source.sha256 if letter.source else False
    assert row["maximus_pages"] == []


def test_to_dataframe() -> None:
    letters = [imrparse.parse(p) for p in EXAMPLES]
    df = imrparse.to_dataframe(letters)
    assert list(df.columns) == list(NAMES)
    assert len(df) == expected_rows(letters)
    assert str(df["date_decision"].dtype) == "date32[day][pyarrow]"  # dates, not timestamps
    assert all(isinstance(v, datetime.date) for v in df["date_decision"].dropna())
    assert str(df["patient_age"].dtype) == "int32[pyarrow]"  # nullable integers
    assert isinstance(df["reviewer_specialties"].iloc[0], list)


def test_parquet_read_back_is_the_same_frame_as_to_dataframe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pd = pytest.importorskip("pandas")
    by_sha: dict[str, imrparse.Letter] = {}
    for x in map(imrparse.parse, EXAMPLES):  # a second copy of the same bytes is written once
        by_sha.setdefault(x.source.sha256 if x.source else "", x)
    letters = list(by_sha.values())
    assert any(x.patient.age is None for x in letters)  # a null age stays an integer column
    cli(capsys, *map(str, EXAMPLES), "-o", str(tmp_path / "o.parquet"))
    back = pd.read_parquet(tmp_path / "o.parquet", dtype_backend="pyarrow")
    pd.testing.assert_frame_equal(back, imrparse.to_dataframe(letters))
    assert back["patient_age"].isna().any() and str(back["patient_age"].dtype) == "int32[pyarrow]"


def test_csv_has_a_row_per_determination_and_json_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = cli(capsys, *map(str, EXAMPLES), "-o", str(tmp_path / "out.csv"))
    assert code == 0
    with (tmp_path / "out.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        assert tuple(next(reader)) == NAMES
        rows = [dict(zip(NAMES, r, strict=True)) for r in reader]
    letters = [imrparse.parse(p) for p in EXAMPLES]
    assert len(rows) == expected_rows(letters)
    expected = [r for x in letters for r in imrparse.to_rows(x)]
    for got, want in zip(rows, expected, strict=True):
        assert json.loads(got["claims_administrator_pages"]) == want["claims_administrator_pages"]
        assert json.loads(got["reviewer_specialties"]) == want["reviewer_specialties"]
        assert json.loads(got["maximus_mtus"]) == want["maximus_mtus"]
        assert got["date_decision"] == (
            want["date_decision"].isoformat() if want["date_decision"] else ""
        )
        assert got["patient_age"] == (
            "" if want["patient_age"] is None else str(want["patient_age"])
        )
    assert not (tmp_path / "out.csv.partial.jsonl").exists()


def test_parquet_keeps_lists_and_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    code, _ = cli(capsys, *map(str, EXAMPLES), "-o", str(tmp_path / "out.parquet"))
    assert code == 0
    table = pq.read_table(tmp_path / "out.parquet")
    assert tuple(table.column_names) == NAMES
    assert str(table.schema.field("date_decision").type) == "date32[day]"
    assert str(table.schema.field("maximus_pages").type) == "list<element: int32>"
    assert str(table.schema.field("reviewer_licensed_in").type) == "list<element: string>"
    letters = [imrparse.parse(p) for p in EXAMPLES]
    assert table.num_rows == expected_rows(letters)
    assert table.to_pylist() == [r for x in letters for r in imrparse.to_rows(x)]
    assert all(isinstance(v, datetime.date) for v in table.column("date_decision").to_pylist() if v)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet", ".sqlite"])
def test_one_or_two_jobs_give_the_same_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    make_corpus(tmp_path / "in", 40)
    (tmp_path / "in" / "recipe.txt").write_bytes(RECIPE)
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}{suffix}"
        cli(capsys, str(tmp_path / "in"), "-o", str(out), "--jobs", jobs, "-q")
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


# ---- a folder of good and bad files ----------------------------------------------------------


def test_a_mixed_folder_writes_the_good_letters_and_lists_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "downloads"
    good = make_corpus(folder / "letters", 10)
    (folder / "damaged.pdf").write_bytes(os.urandom(4000))
    (folder / "random.bin").write_bytes(os.urandom(3000))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "recipe.txt").write_bytes(RECIPE)
    (folder / "tool.py").write_text("import os\nprint(os.getcwd())\n")
    (folder / "broken-link.txt").symlink_to(folder / "gone.txt")  # unreadable
    out, fail = tmp_path / "out.jsonl", tmp_path / "failures.jsonl"
    code, err = cli(capsys, str(folder), "-o", str(out), "--failures", str(fail), "-j", "2")
    assert code != 0
    records = jsonl(out)
    assert [r["source"]["name"] for r in records] == [p.name for p in good]  # type: ignore[index]
    failures = jsonl(fail)
    # Files no layout recognises are skipped as not letters, not failures.
    assert sorted(Path(str(f["path"])).name for f in failures) == ["broken-link.txt", "empty.txt"]
    by_name = {Path(str(f["path"])).name: f for f in failures}
    assert by_name["broken-link.txt"]["error"] == "UnreadableInput"
    assert by_name["empty.txt"]["error"] == "NotAnImrLetter"
    assert all(f["message"] for f in failures)
    assert err.strip().splitlines()[-1] == (
        f"imrparse: {out}: 0 parsed, 10 parsed with warnings, 2 failed, 4 skipped as not letters; "
        "0 already in the output, 0 duplicates skipped"
    )
    assert "Traceback" not in err


def test_without_a_failures_file_each_failure_is_one_stderr_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    recipe = tmp_path / "recipe.txt"
    recipe.write_bytes(RECIPE)
    args = (str(EXAMPLES[0]), str(empty), str(recipe), "-o", str(tmp_path / "o.jsonl"))
    code, err = cli(capsys, *args)
    assert code == imrparse.NotAnImrLetter.exit_code
    lines = err.splitlines()
    assert lines[0] == f"imrparse: {empty}: empty input: nothing to parse"
    assert lines[1].endswith(
        "0 parsed, 1 parsed with warnings, 1 failed, 1 skipped as not letters; 0 already in the output, 0 duplicates skipped"
    )
    assert len(lines) == 2
    # --verbose also lists what was skipped as not a letter
    code, err = cli(capsys, *args, "--verbose", "-o", str(tmp_path / "o2.jsonl"))
    assert (
        f"imrparse: {recipe}: skipped: not an IMR letter: no installed layout recognises it"
        in err.splitlines()
    )


def test_a_second_copy_of_a_letter_is_written_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_bytes(EXAMPLES[0].read_bytes())
    code, err = cli(capsys, str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"))
    assert code == 0 and len(jsonl(tmp_path / "o.jsonl")) == 1
    assert "1 duplicates skipped" in err


# ---- resume ----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet", ".sqlite"])
def test_rerun_skips_letters_already_in_the_output_and_retries_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, 6)
    late = folder / "late.txt"
    late.write_bytes(b"")  # not downloaded yet: fails now, is retried on the rerun
    out = tmp_path / f"out{suffix}"
    code, err = cli(capsys, str(folder), "-o", str(out))
    # Every example warns (the seed letters have no case header; the HTML letter's summary
    # states no sex): "parsed with warnings".
    assert code != 0 and "0 parsed, 6 parsed with warnings, 1 failed" in err
    late.write_bytes(EXAMPLES[2].read_bytes())
    code, err = cli(capsys, str(folder), "-o", str(out))
    assert code == 0
    assert err.strip().endswith(
        "0 parsed, 1 parsed with warnings, 0 failed, 0 skipped as not letters; 6 already in the output, 0 duplicates skipped"
    )
    fresh = tmp_path / f"fresh{suffix}"
    cli(capsys, str(folder), "-o", str(fresh))
    # The same records; the late letter comes last, after the earlier run's.
    if suffix in (".jsonl", ".csv"):
        assert sorted(out.read_text().splitlines()) == sorted(fresh.read_text().splitlines())
    elif suffix == ".sqlite":
        assert sqlite_letters(out) == sqlite_letters(fresh)
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        key = lambda r: (r["sha256"], r["item_number"] or 0)  # noqa: E731
        assert sorted(pq.read_table(out).to_pylist(), key=key) == sorted(
            pq.read_table(fresh).to_pylist(), key=key
        )


def test_a_torn_last_line_is_cut_off_and_the_letter_written_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_corpus(tmp_path / "in", 5)
    whole = tmp_path / "whole.jsonl"
    cli(capsys, str(tmp_path / "in"), "-o", str(whole))
    lines = whole.read_bytes().splitlines(keepends=True)
    torn = tmp_path / "torn.jsonl"
    torn.write_bytes(b"".join(lines[:2]) + lines[2][: len(lines[2]) // 2])  # killed mid-write
    code, err = cli(capsys, str(tmp_path / "in"), "-o", str(torn))
    assert code == 0 and "2 already in the output" in err
    assert torn.read_bytes() == whole.read_bytes()


def test_an_output_that_is_not_ours_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "notes.csv"
    out.write_text("name,age\nann,3\n")
    code, err = cli(capsys, str(EXAMPLES[0]), "-o", str(out))
    assert code == imrparse.BadOutput.exit_code
    assert err == f"imrparse: {out}: exists with other columns; choose a new output file\n"
    assert out.read_text() == "name,age\nann,3\n"


def _lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet", ".sqlite"])
def test_a_run_killed_midway_resumes_to_the_same_bytes(tmp_path: Path, suffix: str) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, 1500)
    out = tmp_path / f"out{suffix}"
    journal = out if suffix == ".jsonl" else tmp_path / f"out{suffix}.partial.jsonl"
    command = batch_command(str(folder), "-o", str(out), "-j", "2", "-q")
    proc = subprocess.Popen(command, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _lines(journal) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the run finished before it could be killed; use more letters"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    proc.stderr.close()  # type: ignore[union-attr]
    written = journal.read_bytes()
    assert 20 <= written.count(b"\n") < 1500
    if suffix != ".jsonl":
        assert not out.exists()  # the table appears whole at the end, or not at all
    # Every line written is whole: a killed run leaves no torn line (at worst a torn tail,
    # which the resume cuts off).
    complete = written[: written.rfind(b"\n") + 1]
    assert all(json.loads(line) for line in complete.splitlines())

    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "already in the output" in done.stderr
    reference = tmp_path / f"reference{suffix}"
    subprocess.run(
        [*command[:5], str(folder), "-o", str(reference), "-j", "1", "-q"], check=True, timeout=300
    )
    assert out.read_bytes() == reference.read_bytes()
    if suffix == ".jsonl":
        shas = [json.loads(line)["source"]["sha256"] for line in out.read_text().splitlines()]
        assert len(shas) == len(set(shas)) == 1500


# ---- the command's surface: progress bar, optional extras, bad arguments ---------------------


def test_progress_bar_only_on_a_terminal_and_not_with_quiet() -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    class Pipe:
        def isatty(self) -> bool:
            return False

    from imrparse.cli import show_progress

    assert show_progress(False, Tty())  # type: ignore[arg-type]
    assert not show_progress(True, Tty())  # type: ignore[arg-type]
    assert not show_progress(False, Pipe())  # type: ignore[arg-type]


def test_progress_bar_draws_on_a_terminal(tmp_path: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    make_corpus(tmp_path / "in", 8)
    primary, secondary = pty.openpty()
    # A terminal 100 columns wide (a new pty has none, and a bar needs a width).
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen(
        batch_command(str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl")),
        stderr=secondary,
        stdout=subprocess.DEVNULL,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(primary)
    text = b"".join(chunks).decode(errors="replace")
    assert "8/8" in text and "letter" in text


def test_a_piped_run_prints_only_the_summary(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", 3)
    done = subprocess.run(
        batch_command(str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"imrparse: {tmp_path / 'o.jsonl'}: 0 parsed, 3 parsed with warnings, 0 failed, "
        "0 skipped as not letters; "
        "0 already in the output, 0 duplicates skipped"
    ]


def test_parquet_without_pyarrow_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    code, err = cli(capsys, str(EXAMPLES[0]), "-o", str(tmp_path / "o.parquet"))
    assert code == imrparse.MissingDependency.exit_code
    assert err == (
        f"imrparse: {tmp_path / 'o.parquet'}: Parquet output needs pyarrow, which is not "
        "installed: pip install 'imrparse[parquet]'\n"
    )


def test_to_dataframe_without_pandas_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(imrparse.MissingDependency, match=r"imrparse\[pandas\]") as info:
        imrparse.to_dataframe([imrparse.parse(EXAMPLES[0])])
    assert isinstance(info.value, ImportError)


def test_an_unknown_format_is_one_line_before_any_parsing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = cli(capsys, str(EXAMPLES[0]), "-o", str(tmp_path / "o.jsonl"), "--format", "fax")
    assert code == imrparse.UnknownFormat.exit_code
    assert (
        err.startswith(f"imrparse: {tmp_path / 'o.jsonl'}: unknown layout 'fax'")
        and err.count("\n") == 1
    )


def test_an_unknown_output_type_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = cli(capsys, str(EXAMPLES[0]), "-o", str(tmp_path / "out.xlsx"))
    assert code == 2 and err.count("\n") == 1 and ".jsonl, .csv, .parquet or .sqlite" in err
