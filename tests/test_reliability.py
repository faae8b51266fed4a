"""Issue 13's red-team findings as tests: outputs never destroyed, one run per OUT, bounded
workers, folder walking that survives loops, odd names, unreadable folders and special files,
and one line with its own exit code for every output-side OS error.

Real faults where this machine allows them: /dev/full (ENOSPC), a directory or a path under a
file as OUT (EISDIR, ENOTDIR), a small tmpfs (full, then remounted read-only) when the tests run
as root and may mount. EACCES cannot be provoked as root (permissions do not bind), so that
case, and ENOSPC/EROFS where mounting is not allowed, patch ``os.open``/``os.write`` at the OS
boundary instead.
"""

from __future__ import annotations

import errno
import json
import math
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import imrparse
from imrparse import batch, writers
from imrparse.cli import main

from .batch_helpers import EXAMPLES, batch_command, make_corpus, parsed

MPR_LETTER = (
    Path(__file__).resolve().parent.parent
    / "plugins/imrparse-mpr/src/imrparse_mpr/examples/mpr_03_outcome_not_stated.txt"
)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["batch", *argv])
    return code, capsys.readouterr().err


def command(*argv: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "imrparse", *argv], capture_output=True, text=True, timeout=300, **kw
    )


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


# ---- 13.1 outputs are never destroyed --------------------------------------------------------


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_failures_naming_the_output_is_refused_and_touches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    out = tmp_path / f"out{suffix}"
    cli(capsys, *map(str, EXAMPLES), "-o", str(out))
    before = out.read_bytes()
    code, err = cli(capsys, *map(str, EXAMPLES), "-o", str(out), "--failures", str(out))
    assert code == 2
    assert (
        one_line(err) == f"imrparse: {out}: --failures names the output itself; choose another file"
    )
    assert out.read_bytes() == before
    journal = tmp_path / f"out{suffix}.partial.jsonl"
    if suffix == ".csv":  # the journal beside a table is the output too
        code, err = cli(capsys, str(EXAMPLES[0]), "-o", str(out), "--failures", str(journal))
        assert code == 2 and not journal.exists()


def test_failures_naming_an_input_letter_is_refused_and_the_letter_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    letters = make_corpus(folder, 3)
    before = letters[1].read_bytes()
    code, err = cli(
        capsys, str(folder), "-o", str(tmp_path / "o.jsonl"), "--failures", str(letters[1])
    )
    assert code == 2 and "--failures names one of the input letters" in one_line(err)
    assert letters[1].read_bytes() == before
    assert not (tmp_path / "o.jsonl").exists()


def test_a_second_run_on_the_same_output_is_refused_while_the_first_holds_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o.jsonl"
    with writers.OutputLock(out):  # what a first run holds for its whole length
        code, err = cli(capsys, str(EXAMPLES[0]), "-o", str(out))
        assert code == 2
        assert one_line(err) == (
            f"imrparse: {out}: another imrparse batch is writing this output "
            "(it holds o.jsonl.lock); wait for it to finish"
        )
        assert not out.exists()
    code, _ = cli(capsys, str(EXAMPLES[0]), "-o", str(out))  # free again: runs
    assert code == 0 and len(out.read_text().splitlines()) == 1
    assert not (tmp_path / "o.jsonl.lock").exists()  # removed at the end of each run


def test_two_runs_at_once_on_one_csv_lose_no_letter(tmp_path: Path) -> None:
    # Before the lock, the first run to finish removed the shared journal and the other
    # run's letters vanished from the CSV; now the second is refused and reruns cleanly.
    make_corpus(tmp_path / "in", 300)
    out = tmp_path / "o.csv"
    argv = batch_command(str(tmp_path / "in"), "-o", str(out), "-q", "-j", "1")
    first = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True)
    lock = tmp_path / "o.csv.lock"
    deadline = time.monotonic() + 60
    while not lock.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    second = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert (
        second.returncode == 2 and "another imrparse batch is writing this output" in second.stderr
    )
    rerun = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0 and "300 already in the output" in rerun.stderr
    assert len(out.read_text().splitlines()) - 1 == sum(
        max(1, len(imrparse.parse(p).determinations)) for p in sorted((tmp_path / "in").iterdir())
    )


def test_the_failures_file_is_replaced_whole_at_the_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fail = tmp_path / "fail.jsonl"
    fail.write_text("an earlier run's list\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    cli(
        capsys,
        str(EXAMPLES[0]),
        str(empty),
        "-o",
        str(tmp_path / "o.jsonl"),
        "--failures",
        str(fail),
    )
    [row] = [json.loads(line) for line in fail.read_text().splitlines()]
    assert row["path"] == str(empty)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# ---- 13.3 workers ----------------------------------------------------------------------------


def test_workers_are_capped_by_letters_and_cores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cores = batch.default_jobs()
    assert batch.cap_jobs(1000, 5) == min(5, batch.JOBS_PER_CORE * cores)
    assert batch.cap_jobs(1000) == batch.JOBS_PER_CORE * cores
    assert batch.cap_jobs(None, 1) == 1 and batch.cap_jobs(3, 0) == 1
    started: list[int] = []
    real = batch.ordered_map

    def spy(*args: object, jobs: int, **kw: object) -> object:
        started.append(jobs)
        return real(*args, jobs=jobs, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "ordered_map", spy)
    code, _ = cli(
        capsys, *map(str, EXAMPLES[:2]), "-o", str(tmp_path / "o.jsonl"), "--jobs", "1000"
    )
    assert code == 0 and started == [2]


# ---- 13.4 folder walking ---------------------------------------------------------------------


def test_symlink_loops_odd_names_and_special_files_do_not_stop_a_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, 2)
    (folder / "self.txt").symlink_to(folder / "self.txt")  # a file loop
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)  # a folder loop: not followed
    os.mkfifo(folder / "pipe.txt")  # would block forever if opened
    odd = os.fsdecode(os.fsencode(str(folder)) + b"/caf\xe9.txt")  # Latin-1 name, not UTF-8
    Path(odd).write_bytes(EXAMPLES[2].read_bytes())
    out, fail = tmp_path / "o.jsonl", tmp_path / "fail.jsonl"
    code, err = cli(capsys, str(folder), "-o", str(out), "--failures", str(fail))
    assert "Traceback" not in err
    records = [json.loads(line) for line in out.read_bytes().decode("utf-8").splitlines()]
    names = [r["source"]["name"] for r in records]
    assert names[-1] == Path(odd).name  # the surrogate-escaped name comes back exactly
    assert os.fsencode(names[-1]) == b"caf\xe9.txt" and len(records) == 3
    failures = {Path(r["path"]).name: r for r in map(json.loads, fail.read_text().splitlines())}
    assert set(failures) == {"self.txt", "pipe.txt"}
    assert failures["pipe.txt"]["message"] == "is a FIFO, not a file; not read"
    assert "Too many levels of symbolic links" in failures["self.txt"]["message"]
    assert code == imrparse.UnreadableInput.exit_code
    # A resumed run hashes files in the parent: it must not open the FIFO either.
    done = command("batch", str(folder), "-o", str(out), "-q")
    assert "3 already in the output" in done.stderr


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_an_odd_file_name_reaches_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    odd = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/\xff\xfe.txt"))
    odd.write_bytes(EXAMPLES[1].read_bytes())
    out = tmp_path / f"o{suffix}"
    code, err = cli(capsys, str(odd), "-o", str(out))
    assert code == 0, err
    if suffix == ".csv":  # the name's own bytes (lossless)
        assert b"\xff\xfe.txt" in out.read_bytes()
        code, err = cli(capsys, str(odd), str(EXAMPLES[0]), "-o", str(out))  # resume reads it back
        assert code == 0 and "1 already in the output" in err
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        assert pq.read_table(out).column("source_name").to_pylist()[0] == "\\udcff\\udcfe.txt"


def test_an_unreadable_folder_is_a_failure_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root, chmod 000 does not stop reading: refuse the folder at os.scandir, which os.walk
    # calls, exactly as the kernel's EACCES would.
    folder = tmp_path / "in"
    make_corpus(folder, 2)
    locked = folder / "locked"
    make_corpus(locked, 2)
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    fail = tmp_path / "fail.jsonl"
    code, err = cli(capsys, str(folder), "-o", str(tmp_path / "o.jsonl"), "--failures", str(fail))
    [row] = [json.loads(line) for line in fail.read_text().splitlines()]
    assert row == {
        "path": str(locked),
        "error": "UnreadableInput",
        "message": "cannot read folder: Permission denied",
    }
    assert parsed(err) == 2 and code == imrparse.UnreadableInput.exit_code


# ---- issue 14.2: only letters, and an empty input set is an error ----------------------------


def test_a_letter_of_an_unknown_layout_is_a_failure_not_an_empty_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A 2013 MEDICAL PROFESSIONAL REVIEW letter without its plugin: plain text claims it and
    # finds neither a case number nor an item in it.
    if any(info.plugin.endswith("mpr") for info in imrparse.plugins.format_infos()):
        pytest.skip("the MPR plugin is installed here, so its letters are read")
    letter = imrparse.parse(MPR_LETTER)
    assert letter.source is not None and letter.source.format == "plain-text"
    assert letter.case_number is None and letter.determinations == ()
    fail = tmp_path / "fail.jsonl"
    out = tmp_path / "o.jsonl"
    cli(capsys, str(MPR_LETTER), "-o", str(out), "--failures", str(fail))
    [row] = [json.loads(line) for line in fail.read_text().splitlines()]
    assert row["error"] == "NotAnImrLetter"
    assert "found no case number and no items" in row["message"]
    assert out.read_text() == ""


def test_an_empty_input_set_and_an_empty_glob(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    code, err = cli(capsys, str(tmp_path / "empty"), "-o", str(tmp_path / "o.jsonl"))
    assert code == 2 and one_line(err).endswith(": no input files found")
    assert not (tmp_path / "o.jsonl").exists()
    pattern = str(tmp_path / "nothing*.pdf")
    code, err = cli(capsys, str(EXAMPLES[0]), pattern, "-o", str(tmp_path / "o.jsonl"))
    assert code == 0
    assert err.splitlines()[0] == f"imrparse: {pattern}: matches no files"


# ---- issue 14.4: stdout, a list of paths, Ctrl-C ---------------------------------------------


def test_output_dash_writes_jsonl_to_stdout(tmp_path: Path) -> None:
    done = command("batch", *map(str, EXAMPLES), "-o", "-")
    assert done.returncode == 0, done.stderr
    names = [json.loads(line)["source"]["name"] for line in done.stdout.splitlines()]
    assert names == [p.name for p in EXAMPLES]
    assert done.stderr.startswith("imrparse: <stdout>: ") and parsed(done.stderr) == 5


def test_from_reads_the_inputs_from_a_file_or_stdin(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(map(str, EXAMPLES[:2])) + "\n\n")
    done = command("batch", "--from", str(listing), "-o", "-")
    assert [json.loads(x)["source"]["name"] for x in done.stdout.splitlines()] == [
        p.name for p in EXAMPLES[:2]
    ]
    done = command("batch", str(EXAMPLES[3]), "--from", "-", "-o", "-", input=f"{EXAMPLES[4]}\n")
    assert [json.loads(x)["source"]["name"] for x in done.stdout.splitlines()] == [
        EXAMPLES[3].name,
        EXAMPLES[4].name,
    ]
    done = command("batch", "-o", "-")
    assert done.returncode == 2 and "no inputs" in one_line(done.stderr)


def _wait_for_lines(path: Path, n: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return
        time.sleep(0.01)
    raise AssertionError("the run ended or stalled before it could be interrupted")


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_ctrl_c_stops_cleanly_says_what_was_written_and_a_rerun_resumes(
    tmp_path: Path, suffix: str
) -> None:
    make_corpus(tmp_path / "in", 1500)
    out = tmp_path / f"o{suffix}"
    journal = out if suffix == ".jsonl" else tmp_path / f"o{suffix}.partial.jsonl"
    argv = batch_command(str(tmp_path / "in"), "-o", str(out), "-q", "-j", "2")
    proc = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True)
    _wait_for_lines(journal, 20, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    line = one_line(err)
    written = int(line.split("interrupted: ")[1].split()[0])
    assert line == (
        f"imrparse: {out}: interrupted: {written} letters written to {journal} before "
        "Ctrl-C; rerun the same command to resume"
    )
    assert journal.read_bytes().count(b"\n") == written
    rerun = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0 and f"{written} already in the output" in rerun.stderr


# ---- 13.6 output-side OS errors: one line, own code, the output whole --------------------------


def test_a_directory_as_output_is_eisdir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "o.jsonl").mkdir()
    code, err = cli(capsys, str(EXAMPLES[0]), "-o", str(tmp_path / "o.jsonl"))
    assert code == imrparse.OutputIsADirectory.exit_code == 17
    assert one_line(err).startswith(
        f"imrparse: {tmp_path / 'o.jsonl'}: cannot write: Is a directory (EISDIR)"
    )


def test_an_output_under_a_file_is_enotdir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("x")
    code, err = cli(capsys, str(EXAMPLES[0]), "-o", str(tmp_path / "file" / "o.csv"))
    assert code == imrparse.OutputNotADirectory.exit_code == 18
    assert "cannot write: Not a directory (ENOTDIR)" in one_line(err)


@pytest.mark.parametrize("target", ["fifo", "/dev/zero"])
def test_an_output_that_is_not_a_file_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    out = tmp_path / "o.jsonl"
    if target == "fifo":
        os.mkfifo(out)  # recovering it would block forever
    else:
        out.symlink_to(target)  # recovering it would read without end
    code, err = cli(capsys, str(EXAMPLES[0]), "-o", str(out))
    assert code == imrparse.BadOutput.exit_code
    assert "not a regular file; choose a file" in one_line(err)


def test_failures_to_dev_full_is_enospc_and_the_output_stays_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "o.jsonl"
    code, err = cli(
        capsys,
        str(EXAMPLES[0]),
        str(empty),
        str(EXAMPLES[1]),
        "-o",
        str(out),
        "--failures",
        "/dev/full",
    )
    assert code == imrparse.OutputDiskFull.exit_code == 16
    assert one_line(err) == (
        "imrparse: /dev/full: cannot write: No space left on device (ENOSPC); "
        "what was written before is kept, a rerun resumes"
    )
    assert [json.loads(x)["source"]["name"] for x in out.read_text().splitlines()] == [
        EXAMPLES[0].name
    ]
    code, err = cli(capsys, str(EXAMPLES[0]), str(empty), str(EXAMPLES[1]), "-o", str(out))
    assert parsed(err) == 1 and "1 already in the output" in err


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB tmpfs, when this process may mount one (root with CAP_SYS_ADMIN)."""
    where = tmp_path / "mnt"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here; the patched-os tests below cover these errors")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_full_disk_is_enospc_and_a_rerun_elsewhere_resumes(
    tmp_path: Path, small_tmpfs: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    letters = make_corpus(tmp_path / "in", 200)  # ~ 2 MB of records: cannot fit in 256 KB
    out = small_tmpfs / f"o{suffix}"
    code, err = cli(capsys, str(tmp_path / "in"), "-o", str(out), "-j", "1")
    assert code == imrparse.OutputDiskFull.exit_code == 16
    assert "cannot write: No space left on device (ENOSPC)" in one_line(err)
    journal = out if suffix == ".jsonl" else small_tmpfs / f"o{suffix}.partial.jsonl"
    data = journal.read_bytes()
    assert data.endswith(b"\n") and all(json.loads(x) for x in data.splitlines())  # whole lines
    assert [p.name for p in small_tmpfs.iterdir() if p.name.endswith((".tmp", ".lock"))] == []
    kept = data.count(b"\n")
    assert 0 < kept < len(letters)


def test_a_read_only_mount_is_erofs(
    tmp_path: Path, small_tmpfs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(small_tmpfs)], check=True)
    code, err = cli(capsys, str(EXAMPLES[0]), "-o", str(small_tmpfs / "o.jsonl"))
    assert code == imrparse.OutputReadOnly.exit_code == 15
    assert "cannot write: Read-only file system (EROFS)" in one_line(err)


@pytest.mark.parametrize(
    ("number", "cls", "code"),
    [
        (errno.EACCES, imrparse.OutputPermissionDenied, 14),
        (errno.EROFS, imrparse.OutputReadOnly, 15),
        (errno.ENOSPC, imrparse.OutputDiskFull, 16),
    ],
)
def test_os_errors_at_the_write_boundary_keep_the_output_whole(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    number: int,
    cls: type[imrparse.OutputError],
    code: int,
) -> None:
    # The third record's write fails halfway (a short write, then the error), as a disk that
    # fills up mid-line does; the log must be cut back to its two whole lines.
    make_corpus(tmp_path / "in", 5)
    out = tmp_path / "o.jsonl"
    real_write = os.write
    calls = {"n": 0}

    def write(fd: int, data: bytes) -> int:
        if data.startswith(b'{"case_number"'):  # a record's line, not a pipe to a worker
            calls["n"] += 1
            if calls["n"] == 3:
                real_write(fd, data[: len(data) // 2])
                raise OSError(number, os.strerror(number))
        return real_write(fd, data)

    monkeypatch.setattr(writers.os, "write", write)
    status, err = cli(capsys, str(tmp_path / "in"), "-o", str(out), "-j", "1")
    assert status == cls.exit_code == code
    assert f"cannot write: {os.strerror(number)} ({errno.errorcode[number]})" in one_line(err)
    lines = out.read_bytes().splitlines(keepends=True)
    assert len(lines) == 2 and all(line.endswith(b"\n") and json.loads(line) for line in lines)
    monkeypatch.undo()
    status, err = cli(capsys, str(tmp_path / "in"), "-o", str(out), "-j", "1")
    assert status == 0 and parsed(err) == 3 and "2 already in the output" in err


def test_eacces_when_creating_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def deny(path: object, flags: int, *args: int) -> int:
        if str(path).startswith(str(tmp_path / "o.jsonl")):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(writers.os, "open", deny)
    code, err = cli(capsys, str(EXAMPLES[0]), "-o", str(tmp_path / "o.jsonl"))
    assert code == imrparse.OutputPermissionDenied.exit_code == 14
    assert "cannot write: Permission denied (EACCES)" in one_line(err)


# ---- 13.7 CSV cells a spreadsheet would run -----------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(start: str) -> None:
    from imrparse.rows import csv_cell

    assert csv_cell(f'{start}HYPERLINK("http://x")') == f'\'{start}HYPERLINK("http://x")'
    assert csv_cell("Lumbar MRI") == "Lumbar MRI" and csv_cell([1, 2]) == "[1, 2]"


def test_a_formula_in_a_letter_reaches_the_csv_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    source = next(p for p in EXAMPLES if p.name.startswith("003_"))
    letter = source.read_bytes().replace(b"Spine consultant w/non MPN", b"=cmd|' /C calc'!A0", 1)
    path = tmp_path / "formula.txt"
    path.write_bytes(letter)
    assert imrparse.parse(path).determinations[0].item == "=cmd|' /C calc'!A0"
    cli(capsys, str(path), "-o", str(tmp_path / "o.csv"))
    with (tmp_path / "o.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["item"] == "'=cmd|' /C calc'!A0"


# ---- 13.7 / 14.1 numeric limits are checked by argparse --------------------------------------


BAD_NUMBERS = [
    ("--timeout", "-1"),
    ("--timeout", "nan"),
    ("--timeout", "inf"),
    ("--timeout", "1e308"),
    ("--timeout", "soon"),
    ("--max-mb", "0"),
    ("--max-mb", "nan"),
    ("--max-mb", "inf"),
    ("--max-mb", "1e-9"),
    ("--max-mb", "-5"),
    ("--max-pages", "0"),
    ("--max-pages", "2.5"),
    ("--jobs", "0"),
    ("--jobs", "-3"),
    ("--jobs", "many"),
]


@pytest.mark.parametrize(
    ("sub", "flag", "value"),
    [("batch", f, v) for f, v in BAD_NUMBERS]
    + [("parse", f, v) for f, v in BAD_NUMBERS if f != "--jobs"],
)
def test_a_bad_number_is_one_line_naming_the_flag(
    capsys: pytest.CaptureFixture[str], sub: str, flag: str, value: str
) -> None:
    extra = ["-o", "-"] if sub == "batch" else []
    with pytest.raises(SystemExit) as info:
        main([sub, str(EXAMPLES[0]), *extra, f"{flag}={value}"])
    out, err = capsys.readouterr()
    assert info.value.code == 2 and out == ""
    line = one_line(err)
    assert line.startswith(f"imrparse: argument {flag}") and f"not {value!r}" in line


def test_timeout_zero_means_no_limit() -> None:
    done = command("parse", str(EXAMPLES[0]), "--timeout", "0", "--compact")
    assert done.returncode == 0 and json.loads(done.stdout)


# ---- 13.8 a library's log line does not reach stderr -------------------------------------------


def test_a_pdfminer_log_record_stays_off_stderr() -> None:
    # In a fresh interpreter: pytest's own log handlers would hide Python's last-resort one.
    # The plain-text reader is made to log as pdfminer does on odd PDFs.
    source = next(p for p in EXAMPLES if p.name.startswith("003_"))
    script = f"""
import logging, sys
import imrparse
from imrparse.cli import main
fmt = type(imrparse.plugins.get_formats()["plain-text"])
real = fmt.read
def read(self, data):
    logging.getLogger("pdfminer.pdfinterp").warning("Cannot set gray non-stroke color")
    return real(self, data)
fmt.read = read
sys.exit(main(["parse", "--compact", {str(source)!r}]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and json.loads(done.stdout)
    assert done.stderr == ""


def test_a_glob_over_a_folder_with_a_symlink_loop_ends(tmp_path: Path) -> None:
    # glob.glob('**') follows symlinked folders: two links back up made it run for ever.
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "up").symlink_to(tmp_path)
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "f.txt").write_text("x")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, imrparse.batch as b; print(b.discover([sys.argv[1]]))",
            str(tmp_path / "**" / "*.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.strip() == repr([tmp_path / "a" / "f.txt"])


def test_output_dash_into_a_pipe_closed_early_ends_quietly(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", 200)
    head = subprocess.run(
        f"{' '.join(map(repr, batch_command(str(tmp_path / 'in'), '-o', '-', '-j', '1')))} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=300,
        executable="/bin/bash",
    )
    assert len(head.stdout.splitlines()) == 1 and json.loads(head.stdout)
    assert "Traceback" not in head.stderr and "cannot write" not in head.stderr


def test_limits_refuse_values_no_timer_can_hold() -> None:
    for bad in (math.nan, math.inf, 1e308, -1.0, 0.0):
        with pytest.raises(ValueError, match="timeout must be"):
            imrparse.Limits(timeout=bad)
    assert imrparse.Limits(timeout=None).timeout is None


@pytest.mark.parametrize("argv", [["parse", str(EXAMPLES[0])], ["schema"], ["formats"]])
def test_stdout_on_a_full_disk_is_one_line_with_the_enospc_code(argv: list[str]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "imrparse", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == imrparse.OutputDiskFull.exit_code
    assert (
        one_line(done.stderr)
        == "imrparse: <stdout>: cannot write: No space left on device (ENOSPC)"
    )


def test_run_takes_str_paths_for_its_files(tmp_path: Path) -> None:
    summary = batch.run([str(EXAMPLES[0])], str(tmp_path / "o.csv"), failures=str(tmp_path / "f"))
    assert summary.written == 1 and (tmp_path / "o.csv").exists() and (tmp_path / "f").exists()
