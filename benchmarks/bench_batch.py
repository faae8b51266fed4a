"""Batch throughput and memory: python benchmarks/bench_batch.py (or tox -e bench)

Prints, in one run:

- letters per second for plain-text, HTML and PDF letters with ``jobs=1`` and ``jobs=2``
  (``imrparse.parse_many`` over distinct copies of the example letters in a temporary folder;
  "steady" counts from the first letter out to the last, so worker start-up is left out, "wall"
  includes it);
- peak RSS of ``imrparse batch`` over 100 and over 2,000 letters (each run in a fresh
  process; the parent's own peak and the largest worker's, from ``getrusage``).

PDFs are built with ``tests/pdf_fixtures.py`` (reportlab) when that module and the ``pdf``
layout are installed; otherwise they are skipped with a note. Figures, not a pass/fail test.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import imrparse
from imrparse import batch, plugins

ROOT = Path(__file__).resolve().parent.parent
PLAIN = sorted((ROOT / "plugins" / "imrparse_plaintext" / "examples").glob("*.txt"))
HTML = sorted((ROOT / "plugins" / "imrparse_html" / "examples").glob("*.txt"))


def text_copy(data: bytes, i: int) -> bytes:
    # ``i`` as trailing blanks: every copy has its own sha256 and the same record.
    return data + b"\n" + format(i, "b").replace("0", " ").replace("1", "\t").encode() + b"\n"


def pdf_copy(data: bytes, i: int) -> bytes:
    return data + b"\n%% copy %d\n" % i  # a comment after %%EOF: readers ignore it


def write_corpus(
    folder: Path, sources: list[bytes], n: int, copy: Callable[[bytes, int], bytes], suffix: str
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{i:05d}{suffix}"
        path.write_bytes(copy(sources[i % len(sources)], i))
        paths.append(path)
    return paths


def load_pdf_fixtures() -> ModuleType | None:
    path = ROOT / "tests" / "pdf_fixtures.py"
    if not path.exists() or "pdf" not in plugins.get_formats():
        return None
    spec = importlib.util.spec_from_file_location("pdf_fixtures", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pdf_fixtures"] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


class Clock:
    """A batch.run observer that notes when the first and the last letter came out."""

    def __init__(self) -> None:
        self.times: list[float] = []

    def start(self, total: int) -> None:
        pass

    def done(self, path: Path, error: imrparse.ImrParseError | None) -> None:
        if error is not None:
            raise SystemExit(f"benchmark letter failed: {error}")
        self.times.append(time.perf_counter())


def throughput(folder: Path, out: Path, jobs: int) -> tuple[float, float, int]:
    """(steady letters/s, wall letters/s, letters) of what `imrparse batch` runs."""
    clock = Clock()
    start = time.perf_counter()
    batch.run([folder], out, jobs=jobs, observer=clock)
    t = clock.times
    steady = (len(t) - 1) / (t[-1] - t[0]) if len(t) > 1 and t[-1] > t[0] else float("nan")
    return steady, len(t) / (t[-1] - start), len(t)


_RSS = """
import json, resource, sys
from imrparse.cli import main
code = main(sys.argv[1:])
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": code, "parent_kb": me, "worker_kb": kids}))
"""


def peak_rss(folder: Path, out: Path, jobs: int) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", _RSS, "batch", str(folder), "-o", str(out), "-j", str(jobs), "-q"],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--text", type=int, default=2000, help="plain-text letters per run")
    parser.add_argument("--html", type=int, default=1000, help="HTML letters per run")
    parser.add_argument("--pdf", type=int, default=100, help="PDF letters per run")
    parser.add_argument("--rss", default="100,2000", help="corpus sizes for peak RSS")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="imrparse-bench-") as tmp:
        base = Path(tmp)
        sets: dict[str, list[Path]] = {
            "text": write_corpus(
                base / "text", [p.read_bytes() for p in PLAIN], args.text, text_copy, ".txt"
            ),
            "html": write_corpus(
                base / "html", [p.read_bytes() for p in HTML], args.html, text_copy, ".txt"
            ),
        }
        fixtures = load_pdf_fixtures()
        if fixtures is None:
            print(
                "pdf: skipped (needs the 'pdf' layout and tests/pdf_fixtures.py; "
                "not on this branch)"
            )
        else:
            pdfs = [data for _, data in fixtures.iter_corpus_pdfs()]
            sets["pdf"] = write_corpus(base / "pdf", pdfs, args.pdf, pdf_copy, ".pdf")

        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        print(f"letters/s of `imrparse batch DIR -o OUT.jsonl --jobs N` (in process; {when})")
        for kind in sets:
            rates = {}
            for jobs in (1, 2):
                out = base / f"{kind}-{jobs}.jsonl"
                steady, wall, n = throughput(base / kind, out, jobs)
                rates[jobs] = steady
                print(
                    f"{kind:5} jobs={jobs}: {steady:8.1f} letters/s steady, {wall:8.1f} wall "
                    f"({n} letters)"
                )
            print(
                f"{kind:5} speed-up 2 jobs / 1 job: {rates[2] / rates[1]:.2f}"
                + (" (target >= 1.7)" if kind == "pdf" else "")
            )

        print("peak RSS of `imrparse batch DIR -o OUT -j 2 -q` (KB)")
        for size in (int(s) for s in args.rss.split(",")):
            folder = base / f"rss{size}"
            write_corpus(folder, [p.read_bytes() for p in PLAIN + HTML], size, text_copy, ".txt")
            for suffix in (".jsonl", ".parquet"):
                rss = peak_rss(folder, base / f"rss{size}{suffix}", 2)
                print(
                    f"{size:6d} letters -> {suffix:8}: parent {rss['parent_kb']:7d} KB, "
                    f"largest worker {rss['worker_kb']:7d} KB"
                )


if __name__ == "__main__":
    main()
