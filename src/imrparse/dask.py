"""imrparse on Dask: letters from any fsspec URL, parsed on a Dask cluster.

``pip install 'imrparse[dask]'`` (and ``imrparse[s3]`` for ``s3://``). This module imports the
core; the core never imports it (``imrparse batch --dask`` finds it through the
``imrparse.engines`` entry point).

- :func:`read_letters` gives a dask bag of :class:`imrparse.Letter` records;
- :func:`to_dataframe` a dask DataFrame with exactly the Parquet output's columns and types, so
  ``ddf.to_parquet(...)`` writes the same table as ``imrparse batch -o OUT.parquet``;
- :class:`DaskEngine` runs ``imrparse batch`` on a cluster (``--dask ADDRESS`` or ``local``).

URLs are anything fsspec opens: local paths, globs (``**`` too), folders (walked), ``s3://``,
``zip://*.txt::letters.zip``, ``https://``. A letter's ``source.name`` is its base name, as in a
local batch, so the records are the same.

Time limits: the worker checks ``--timeout`` between steps; Dask cannot stop a task stuck in C
code, so a letter stuck there holds its worker thread (the local pool kills such a worker).
"""

from __future__ import annotations

import glob
import hashlib
import json
import posixpath
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import batch
from .convert import from_dict
from .errors import ImrParseError, MissingDependency, UnreadableInput
from .limits import Limits
from .models import Letter
from .parse import parse
from .pool import default_jobs
from .rows import optional_module, to_rows

try:
    import dask.bag as dbag
    import dask.dataframe as dd
    import fsspec
    from dask.delayed import delayed
    from fsspec.core import OpenFile
except ImportError:  # one line saying which extra, not a traceback
    raise MissingDependency(
        "imrparse.dask needs dask and fsspec, which are not installed: pip install 'imrparse[dask]'"
    ) from None

if TYPE_CHECKING:
    import pandas as pd
    from distributed import Client, Future

StorageOptions = dict[str, Any]
# A worker's answer for one URL: batch's answer, or ("skip", None, sha256) when resuming.
Answer = tuple[str, Any, Any]
CHUNK = 16  # letters per Dask task: amortises scheduling, small enough to spread the work


def _filesystem(url: str, storage_options: StorageOptions | None) -> tuple[Any, str]:
    try:
        fs, path = fsspec.core.url_to_fs(url, **(storage_options or {}))
    except ImportError as err:  # s3fs, aiohttp, ... for that protocol
        protocol = url.split("://", 1)[0]
        extra = "s3" if protocol in ("s3", "s3a") else "dask"
        raise MissingDependency(
            f"{protocol}:// needs a package that is not installed ({err}): "
            f"pip install 'imrparse[{extra}]'",
            url,
        ) from None
    return fs, str(path)


def display_name(of: OpenFile) -> str:
    """A local file by its path (as a local batch names it), anything else by its URL."""
    local = "file" in (of.fs.protocol if isinstance(of.fs.protocol, tuple) else (of.fs.protocol,))
    return str(of.path) if local else str(of.full_name)


def _expand(fs: Any, path: str) -> list[str]:
    if glob.has_magic(path):
        paths: list[str] = []
        for match, info in sorted(fs.glob(path, detail=True).items()):
            paths += sorted(fs.find(match)) if info.get("type") == "directory" else [match]
        return paths or [path]
    if fs.isfile(path):
        return [path]
    if fs.isdir(path):
        return sorted(fs.find(path))
    return [path]


def list_files(
    urlpath: str | Sequence[str],
    storage_options: StorageOptions | None = None,
    exclude: Iterable[str] = (),
) -> list[OpenFile]:
    """The files ``urlpath`` names, in order, as :class:`fsspec.core.OpenFile` objects: a file
    as given, a folder walked (sorted), a glob expanded (sorted). A name that matches nothing is
    kept, to be reported as unreadable. ``exclude`` lists full URLs to leave out."""
    urls = [urlpath] if isinstance(urlpath, str) else list(urlpath)
    skip = set(exclude)
    files: list[OpenFile] = []
    seen: set[str] = set()
    for url in urls:
        fs, path = _filesystem(url, storage_options)
        try:
            paths = _expand(fs, path)
        except Exception:  # no credentials, no such bucket, no network: reading it says why
            paths = [path]
        for p in paths:
            of = OpenFile(fs, p)
            if of.full_name not in seen and of.full_name not in skip:
                seen.add(of.full_name)
                files.append(of)
    return files


def _parse_file(
    of: OpenFile,
    limits: Limits,
    fmt: str | None,
    skip: frozenset[str],
    pdf_engine: str | None = None,
) -> Answer:
    """Read and parse one letter on a worker; never raises."""
    name = posixpath.basename(of.path.rstrip("/")) or of.path

    def read() -> bytes:
        try:
            with of as fh:
                data: bytes = fh.read(limits.max_bytes + 1)  # parse() refuses the oversized
        except IsADirectoryError:
            raise UnreadableInput("is a directory", name) from None
        except Exception as err:  # OSError, or a remote store's own error types
            message = " ".join(str(err).split()) or type(err).__name__
            raise UnreadableInput(f"cannot read: {message}", name) from None
        return data

    try:
        data = read()
    except ImrParseError as err:
        return batch.error_answer(err)
    sha = hashlib.sha256(data).hexdigest() if skip else ""
    if sha in skip:
        return ("skip", None, sha)
    return batch.answer(
        lambda: parse(data, format=fmt, name=name, limits=limits, pdf_engine=pdf_engine)
    )


def _parse_chunk(
    files: list[OpenFile],
    limits: Limits,
    fmt: str | None,
    skip: frozenset[str],
    pdf_engine: str | None = None,
) -> list[Answer]:
    return [_parse_file(of, limits, fmt, skip, pdf_engine) for of in files]


def _letter(of: OpenFile, limits: Limits, fmt: str | None, errors: str) -> list[Letter]:
    kind, value, extra = _parse_file(of, limits, fmt, frozenset())
    if kind == "ok":
        return [from_dict(json.loads(value))]
    if errors == "raise":
        raise batch.error_from(value, extra, of.full_name)
    return []


def read_letters(
    urlpath: str | Sequence[str],
    *,
    storage_options: StorageOptions | None = None,
    format: str | None = None,
    limits: Limits | None = None,
    errors: Literal["skip", "raise"] = "skip",
    partition_size: int = CHUNK,
) -> dbag.Bag:
    """A dask bag of the records of every letter ``urlpath`` names, in order.

    A file that is not a letter or cannot be read is left out (``errors="skip"``) or raises its
    :class:`imrparse.ImrParseError` when computed (``errors="raise"``); ``imrparse batch --dask``
    lists such files instead.
    """
    files = list_files(urlpath, storage_options)
    chosen = limits or Limits()
    bag = dbag.from_sequence(files, partition_size=partition_size)
    letters: dbag.Bag = bag.map(_letter, chosen, format, errors).flatten()
    return letters


def _frame(letters: Iterable[Letter]) -> pd.DataFrame:
    pd_mod: Any = optional_module("pandas", "dask", "imrparse.dask.to_dataframe()")
    pa: Any = optional_module("pyarrow", "dask", "imrparse.dask.to_dataframe()")
    from .rows import arrow_schema

    rows = [row for letter in letters for row in to_rows(letter)]
    frame: pd.DataFrame = pa.Table.from_pylist(rows, schema=arrow_schema()).to_pandas(
        types_mapper=pd_mod.ArrowDtype
    )
    return frame


def to_dataframe(letters: dbag.Bag | str | Sequence[str], **read_options: Any) -> dd.DataFrame:
    """A dask DataFrame of the rows (one per determination) of a bag of letters, or of the
    letters a URL names (``read_options`` go to :func:`read_letters`).

    The columns and their Arrow types are the Parquet output's, so
    ``ddf.to_parquet(path, write_index=False)`` writes the table ``imrparse batch`` writes.
    """
    bag = letters if isinstance(letters, dbag.Bag) else read_letters(letters, **read_options)
    parts = [delayed(_frame)(part) for part in bag.to_delayed()]
    frame: dd.DataFrame = dd.from_delayed(parts, meta=_frame([]), verify_meta=False)
    return frame


class DaskEngine:
    """``imrparse batch --dask``: the batch's letters parsed on a Dask cluster, answers in
    input order, a bounded number of chunks in flight."""

    def __init__(
        self, address: str, jobs: int | None = None, storage_options: StorageOptions | None = None
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise MissingDependency(
                "--dask needs distributed, which is not installed: pip install 'imrparse[dask]'"
            ) from None
        self.storage_options = storage_options
        self.cluster: LocalCluster | None = None
        if address == "local":
            self.cluster = LocalCluster(
                n_workers=jobs or default_jobs(),
                threads_per_worker=1,  # parsing holds the GIL: one letter per process at a time
                processes=True,
                dashboard_address=":0",  # a free port: never clash with another cluster
            )
            self.client: Client = Client(self.cluster)
        else:
            try:
                self.client = Client(address, timeout="30s")
            except OSError as err:
                raise UnreadableInput(f"cannot reach the Dask scheduler: {err}", address) from None

    def discover(self, paths: Sequence[str], exclude: Sequence[Path]) -> list[str]:
        skip = [OpenFile(fsspec.filesystem("file"), str(p.resolve())).full_name for p in exclude]
        self._files = list_files(list(paths), self.storage_options, exclude=skip)
        return [display_name(of) for of in self._files]

    def answers(
        self,
        done: frozenset[str],
        limits: Limits,
        format: str | None,
        pdf_engine: str | None = None,
    ) -> Iterator[tuple[str, Answer]]:
        """(url, answer) for every discovered file, in order."""
        files = self._files
        # Sent to every worker once, not with every task ([done]: scatter splits a collection).
        skip = self.client.scatter([done], broadcast=True)[0] if done else frozenset()
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        # Small runs in smaller chunks, so that every worker gets some.
        size = max(1, min(CHUNK, len(files) // (4 * workers)))
        chunks = [files[i : i + size] for i in range(0, len(files), size)]
        window = 4 * workers
        pending: deque[tuple[list[OpenFile], Future[list[Answer]]]] = deque()

        def submit(chunk: list[OpenFile]) -> Future[list[Answer]]:
            return self.client.submit(
                _parse_chunk, chunk, limits, format, skip, pdf_engine, pure=False
            )

        def collect(chunk: list[OpenFile], future: Future[list[Answer]]) -> list[Answer]:
            try:
                result: list[Answer] = future.result()
                return result
            except Exception as err:  # a worker died (KilledWorker): try each letter alone
                if len(chunk) == 1:
                    return [batch.died_answer(f"Dask task failed: {type(err).__name__}: {err}")]
                singles = [(of, submit([of])) for of in chunk]
                return [collect([of], f)[0] for of, f in singles]
            finally:
                future.release()

        todo = iter(chunks)
        for chunk in todo:
            pending.append((chunk, submit(chunk)))
            if len(pending) < window:
                continue
            chunk0, future0 = pending.popleft()
            yield from zip(map(display_name, chunk0), collect(chunk0, future0), strict=True)
        while pending:
            chunk0, future0 = pending.popleft()
            yield from zip(map(display_name, chunk0), collect(chunk0, future0), strict=True)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def engine(address: str, jobs: int | None = None) -> DaskEngine:
    """The ``imrparse.engines`` entry point: ``imrparse batch --dask ADDRESS``."""
    return DaskEngine(address, jobs)
