"""PDF layout speed and memory: python benchmarks/bench_pdf.py [--memory]

Speed: on the same PDFs (the corpus letters rendered in the published layout by
tests/pdf_fixtures.py), the median time of ``imrparse.parse(pdf_bytes)`` against pdfplumber
opening the same bytes and calling ``page.extract_text()`` on every page. The two are timed
round by round, interleaved and in alternating order, so a busy machine slows both alike; the
per-letter medians and the median ratio are printed (target: at most 1.25).

Memory (``--memory``): peak RSS (``resource.getrusage``) of fresh subprocesses that parse
one PDF of 3, 30 and 300 pages, that read the 300-page one the usual pdfplumber way (pages
left open until the PDF closes) for comparison, and that parse 2,000 letters in one loop.

Prints figures; not a pass/fail test, since shared machines are noisy.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pdfplumber

import imrparse

ROOT = Path(__file__).resolve().parent.parent


def fixtures() -> ModuleType:
    """tests/pdf_fixtures.py, imported by path (tests/ is not a package on sys.path)."""
    spec = importlib.util.spec_from_file_location(
        "pdf_fixtures", ROOT / "tests" / "pdf_fixtures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pdf_fixtures"] = module
    spec.loader.exec_module(module)
    return module


def extract_text(data: bytes) -> None:
    """The bare baseline: pdfplumber's own text of every page, nothing else."""
    pdf = pdfplumber.open(io.BytesIO(data))
    for page in pdf.pages:
        page.extract_text()


def parse(data: bytes) -> None:
    imrparse.parse(data)


def timed(fn: Callable[[bytes], None], data: bytes, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn(data)
    return (time.perf_counter() - start) / calls


def speed(rounds: int, calls: int, long: int) -> None:
    fx = fixtures()
    letters = fx.corpus_letters()
    pdfs = [(path.name, fx.letter_pdf(path)) for path in letters]
    if long:
        pdfs.append(
            (f"{letters[2].name[:3]} padded to ~{long} pages", fx.long_pdf(letters[2], long))
        )
    for _, data in pdfs:  # load plugins, fonts and caches outside the timing
        parse(data)
        extract_text(data)
    ratios = []
    print(f"{'letter':28} {'pages':>5} {'parse ms':>9} {'extract_text ms':>16} {'ratio':>6}")
    for name, data in pdfs:
        ours: list[float] = []
        bare: list[float] = []
        for r in range(rounds):
            pair = [(ours, parse), (bare, extract_text)]
            for times, fn in pair if r % 2 == 0 else reversed(pair):
                times.append(timed(fn, data, calls))
        ratio = statistics.median(o / b for o, b in zip(ours, bare, strict=True))
        ratios.append(ratio)
        pages = imrparse.parse(data).source.pages  # type: ignore[union-attr]
        print(
            f"{name:28} {pages:5d} {statistics.median(ours) * 1e3:9.2f} "
            f"{statistics.median(bare) * 1e3:16.2f} {ratio:6.3f}"
        )
    print(
        f"pdf: median ratio parse / extract_text = {statistics.median(ratios):.3f} "
        f"(target <= 1.25; {rounds} interleaved rounds x {calls} calls per letter)"
    )


# ---- memory: each measurement in a fresh interpreter, so peaks do not mix ----------------

CHILD = r"""
import gc, io, json, resource, sys
from pathlib import Path
import imrparse, pdfplumber

def rss_mb():  # the high-water mark
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def resident_mb():  # now (Linux); the high-water mark elsewhere
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return rss_mb()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024

mode, target, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
files = sorted((target if target.is_dir() else target.parent).glob("letter-*.pdf"))
imrparse.parse(files[0].read_bytes())  # imports, plugins and fonts before the mark
gc.collect()
before = resident_mb()
if mode == "parse":
    pages = imrparse.parse(target.read_bytes(), limits=imrparse.Limits(timeout=None)).source.pages
    print(json.dumps({"before": before, "peak": rss_mb(), "pages": pages}))
elif mode == "heap":  # Python's own peak allocation during the parse, precisely
    import tracemalloc
    data = target.read_bytes()
    tracemalloc.start()
    pages = imrparse.parse(data, limits=imrparse.Limits(timeout=None)).source.pages
    print(json.dumps({"heap": tracemalloc.get_traced_memory()[1] / 2**20, "pages": pages}))
elif mode == "naive":  # the usual loop: pages kept open until the PDF is closed
    with pdfplumber.open(io.BytesIO(target.read_bytes())) as pdf:
        pages = len([page.extract_text() for page in pdf.pages])
    print(json.dumps({"before": before, "peak": rss_mb(), "pages": pages}))
else:
    pdfs = [f.read_bytes() for f in files]
    marks = {}
    for i in range(1, count + 1):
        imrparse.parse(pdfs[i % len(pdfs)])
        if i in (10, 100, 1000, count) or i % 1000 == 0:
            marks[i] = rss_mb()
    print(json.dumps({"before": before, "marks": marks}))
"""


def child(mode: str, target: Path, count: int = 0) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(target), str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def memory(letters: int) -> None:
    fx = fixtures()
    corpus = fx.corpus_letters()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for path in corpus:
            (folder / f"letter-{path.stem}.pdf").write_bytes(fx.letter_pdf(path))
        for pages in (30, 300):
            (folder / f"long-{pages}.pdf").write_bytes(fx.long_pdf(corpus[2], pages))
        targets = [folder / f"letter-{corpus[2].stem}.pdf", folder / "long-30.pdf"]
        targets.append(folder / "long-300.pdf")
        for target in targets:
            got = child("parse", target)
            heap = child("heap", target)["heap"]
            print(
                f"imrparse.parse {got['pages']:4d} pages ({target.stat().st_size // 1024} KB):"
                f" peak RSS {got['peak']:6.1f} MB (resident before: {got['before']:.1f} MB);"
                f" Python heap peak during the parse {heap:5.1f} MB"
            )
        got = child("naive", targets[-1])
        print(
            f"pdfplumber, pages left open {got['pages']:4d} pages: peak RSS {got['peak']:6.1f} MB"
            f" (resident before: {got['before']:.1f} MB)"
        )
        got = child("loop", folder, letters)
        marks = ", ".join(f"{v:.1f} MB after {k}" for k, v in got["marks"].items())
        print(
            f"imrparse.parse of {letters} letters in one process: peak RSS {marks} "
            f"(resident before: {got['before']:.1f} MB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--long", type=int, default=0, help="add a letter of about N pages")
    parser.add_argument("--memory", action="store_true", help="measure peak RSS instead")
    parser.add_argument("--letters", type=int, default=2000, help="letters in the memory loop")
    args = parser.parse_args()
    if args.memory:
        memory(args.letters)
    else:
        speed(args.rounds, args.calls, args.long)


if __name__ == "__main__":
    main()
