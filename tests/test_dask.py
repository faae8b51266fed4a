"""imrparse on Dask, against real parts: a distributed LocalCluster with two workers and an S3
endpoint served by moto's server mode on 127.0.0.1. Skipped only when the extras are missing."""

from __future__ import annotations

import json
import os
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import imrparse
from imrparse.cli import main
from imrparse.provenance import parquet_metadata
from imrparse.rows import NAMES, arrow_schema

from .batch_helpers import make_corpus, parsed

distributed = pytest.importorskip(
    "distributed", reason="the dask extra is not installed: pip install 'imrparse[dask]'"
)
pytest.importorskip(
    "dask.dataframe", reason="the dask extra is not installed: pip install 'imrparse[dask]'"
)
pq = pytest.importorskip(
    "pyarrow.parquet", reason="the dask extra is not installed: pip install 'imrparse[dask]'"
)

import imrparse.dask as idask  # noqa: E402  (after the skips: it needs the extra)

RECIPE = b"Banana bread: mash three bananas, add flour and sugar, bake for an hour.\n"
N = 24


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two in-process workers: real scheduling and transfer, no process start-up cost."""
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    )
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close(timeout=30)
        cluster.close(timeout=30)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("letters")
    make_corpus(folder / "in", N)
    (folder / "in" / "zz_recipe.txt").write_bytes(RECIPE)  # skipped as not a letter
    # A failure: a PDF cut short (over 1 KB, so the PDF layout claims it without its %%EOF).
    (folder / "in" / "zz_cut.pdf").write_bytes(b"%PDF-1.7\n" + b"1 0 obj garbage\n" * 100)
    return folder / "in"


@pytest.fixture(scope="module")
def s3(corpus: Path) -> Iterator[str]:
    """moto's S3 server on a free port of 127.0.0.1 holding the corpus under s3://imr/letters/."""
    moto_server = pytest.importorskip(
        "moto.server", reason="the s3 test dependency is not installed: pip install 'moto[server]'"
    )
    s3fs = pytest.importorskip(
        "s3fs", reason="the s3 extra is not installed: pip install 'imrparse[s3]'"
    )
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_S3": f"http://{host}:{port}",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        fs = s3fs.S3FileSystem(skip_instance_cache=True)
        fs.mkdir("imr")
        for path in sorted(corpus.iterdir()):
            fs.pipe(f"imr/letters/{path.name}", path.read_bytes())
        yield "s3://imr/letters/"
    finally:
        server.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def batch(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["batch", *argv])
    return code, capsys.readouterr().err


def letters_of(corpus: Path) -> list[imrparse.Letter]:
    return [imrparse.parse(p) for p in sorted(corpus.glob("0*.txt"))]


def test_read_letters_gives_the_records_of_a_local_glob(client: Any, corpus: Path) -> None:
    bag = idask.read_letters(str(corpus / "*.txt"))
    assert bag.npartitions > 1
    assert bag.compute() == letters_of(corpus)  # the recipe is not a letter: left out


def test_read_letters_raises_the_letters_error_when_asked(client: Any, corpus: Path) -> None:
    bag = idask.read_letters(str(corpus / "zz_*.txt"), errors="raise")
    with pytest.raises(imrparse.NotAnImrLetter):
        bag.compute()


def test_read_letters_opens_zip_members(client: Any, corpus: Path, tmp_path: Path) -> None:
    archive = tmp_path / "letters.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(corpus.glob("0*.txt"))[:5]:
            zf.write(path, f"inner/{path.name}")
    got = idask.read_letters(f"zip://inner/*.txt::{archive}").compute()
    assert got == letters_of(corpus)[:5]


def test_to_dataframe_has_the_parquet_outputs_columns_and_types(
    client: Any, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ddf = idask.to_dataframe(str(corpus))
    assert list(ddf.columns) == list(NAMES)
    ddf.to_parquet(tmp_path / "dask.parquet", write_index=False, custom_metadata=parquet_metadata())
    from_dask = pq.read_table(tmp_path / "dask.parquet")
    assert from_dask.schema.metadata[b"imrparse.parsers"] == parquet_metadata()[b"imrparse.parsers"]
    assert from_dask.schema.remove_metadata().equals(arrow_schema())
    code, _ = batch(capsys, str(corpus), "-o", str(tmp_path / "batch.parquet"), "-q")
    assert code == imrparse.DamagedDocument.exit_code  # the cut PDF
    local = pq.read_table(tmp_path / "batch.parquet")

    def key(r: dict[str, Any]) -> tuple[str, int]:
        return (r["sha256"], r["item_number"] or 0)

    assert sorted(from_dask.to_pylist(), key=key) == sorted(local.to_pylist(), key=key)
    assert from_dask.num_rows == local.num_rows > N


def test_a_batch_over_s3_on_dask_equals_the_local_batch_and_resumes(
    client: Any, corpus: Path, s3: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local, remote = tmp_path / "local.jsonl", tmp_path / "s3.jsonl"
    code, _ = batch(capsys, str(corpus), "-o", str(local), "--failures", str(tmp_path / "lf.jsonl"))
    assert code == imrparse.DamagedDocument.exit_code
    address = client.scheduler.address
    code, err = batch(
        capsys, s3, "-o", str(remote), "--dask", address, "--failures", str(tmp_path / "rf.jsonl")
    )
    assert code == imrparse.DamagedDocument.exit_code, err
    assert remote.read_bytes() == local.read_bytes()  # the same records, in the same order
    shas = [json.loads(line)["source"]["sha256"] for line in remote.read_text().splitlines()]
    assert len(shas) == len(set(shas)) == N  # each letter exactly once
    [failure] = [json.loads(line) for line in (tmp_path / "rf.jsonl").read_text().splitlines()]
    assert failure["path"] == "s3://imr/letters/zz_cut.pdf"
    assert failure["error"] == "DamagedDocument"
    assert parsed(err) == N
    assert err.strip().endswith(
        "1 failed, 1 skipped as not letters; 0 already in the output, 0 duplicates skipped"
    )
    code, err = batch(capsys, s3, "-o", str(remote), "--dask", address, "-q")
    assert err.strip().endswith(
        f"0 parsed, 0 parsed with warnings, 1 failed, 1 skipped as not letters; "
        f"{N} already in the output, 0 duplicates skipped"
    )
    assert remote.read_bytes() == local.read_bytes()


def test_read_letters_from_s3(client: Any, corpus: Path, s3: str) -> None:
    assert idask.read_letters(s3 + "*.txt").compute() == letters_of(corpus)


def test_a_missing_s3_key_is_one_failure_line(
    client: Any, s3: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = batch(
        capsys, s3 + "nope.txt", "-o", str(tmp_path / "o.jsonl"), "--dask", client.scheduler.address
    )
    assert code == imrparse.UnreadableInput.exit_code
    first = err.splitlines()[0]
    assert (
        first.startswith("imrparse: s3://imr/letters/nope.txt: cannot read:")
        and "Traceback" not in err
    )


def test_read_letters_over_https(client: Any, corpus: Path) -> None:
    pytest.importorskip(
        "aiohttp", reason="https:// needs aiohttp (the dask extra brings it with s3fs)"
    )
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(corpus))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        name = sorted(corpus.glob("0*.txt"))[3].name
        url = f"http://127.0.0.1:{server.server_address[1]}/{name}"
        assert idask.read_letters(url).compute() == [imrparse.parse(corpus / name)]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_the_core_never_imports_the_dask_adapter() -> None:
    import subprocess
    import sys

    code = (
        "import sys, imrparse, imrparse.cli, imrparse.batch, imrparse.writers; "
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'fsspec') "
        "or m == 'imrparse.dask']; print(loaded)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_dask_without_the_extra_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "imrparse.dask")
    monkeypatch.setitem(sys.modules, "dask", None)  # import dask now raises ImportError
    code, err = batch(capsys, str(tmp_path), "-o", str(tmp_path / "o.jsonl"), "--dask", "local")
    assert code == imrparse.MissingDependency.exit_code
    assert err == (
        f"imrparse: {tmp_path / 'o.jsonl'}: imrparse.dask needs dask and fsspec, which are "
        "not installed: pip install 'imrparse[dask]'\n"
    )


def test_a_letter_that_breaks_its_dask_task_fails_alone(
    client: Any, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = str(sorted(corpus.glob("0*.txt"))[5])
    real = idask._parse_chunk

    def chunk(files: list[Any], *args: Any) -> list[Any]:
        # A task that fails as a dead worker's does (KilledWorker): whenever it holds the bad one
        if any(idask.display_name(f) == bad for f in files):
            raise RuntimeError("worker died")
        return real(files, *args)

    monkeypatch.setattr(idask, "_parse_chunk", chunk)  # in-process workers see it
    engine = idask.DaskEngine(client.scheduler.address)
    try:
        names = engine.discover([str(corpus / "0*.txt")], [])
        answers = list(engine.answers(frozenset(), imrparse.Limits(), None))
    finally:
        engine.close()
    assert [name for name, _ in answers] == names == [str(p) for p in sorted(corpus.glob("0*.txt"))]
    assert [a[0] for _, a in answers] == ["error" if n == bad else "ok" for n in names]
    failed = dict(answers)[bad]
    assert failed[1] == ["InternalError"] and "RuntimeError: worker died" in failed[2]


def test_an_input_that_cannot_be_listed_is_one_failure_line(
    client: Any, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip(
        "aiohttp", reason="http:// needs aiohttp (the dask extra brings it with s3fs)"
    )
    refused = "http://127.0.0.1:9/letters/*.txt"  # the discard port: nothing listens there
    letter = sorted(corpus.glob("0*.txt"))[0]
    code, err = batch(
        capsys,
        refused,
        str(letter),
        "-o",
        str(tmp_path / "o.jsonl"),
        "--dask",
        client.scheduler.address,
    )
    assert code == imrparse.UnreadableInput.exit_code
    lines = err.splitlines()
    assert lines[0].startswith(f"imrparse: {refused}: cannot read:") and "Traceback" not in err
    assert parsed(lines[-1]) == 1
    assert lines[-1].endswith(
        "1 failed, 0 skipped as not letters; 0 already in the output, 0 duplicates skipped"
    )


def test_dask_local_starts_and_stops_its_own_cluster(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    letters = sorted(corpus.glob("0*.txt"))[:3]
    code, err = batch(
        capsys, *map(str, letters), "-o", str(tmp_path / "d.jsonl"), "--dask", "local", "-j", "1"
    )
    assert code == 0, err
    code, _ = batch(capsys, *map(str, letters), "-o", str(tmp_path / "l.jsonl"))
    assert (tmp_path / "d.jsonl").read_bytes() == (tmp_path / "l.jsonl").read_bytes()
    import multiprocessing

    assert not multiprocessing.active_children()  # the cluster's worker process is gone
