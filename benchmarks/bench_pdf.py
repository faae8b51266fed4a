"""PDF layout speed, memory and start-up: python benchmarks/bench_pdf.py [--memory] [--imports]

Speed (default): on the 20 real published letters in tests/real/pdf, in one process, round
by round and in rotating order (so a busy machine slows all alike), the time of

- ``imrparse.parse(pdf)`` with the default engine, pypdfium2 (``ours``);
- pdfplumber opening the same bytes and calling ``page.extract_text()`` on every page
  (``plumber``; target: ours / plumber <= 0.15, aim 0.05);
- pypdfium2 opening them and calling ``textpage.get_text_range()`` on every page (``floor``:
  the least any PDFium reader can cost);
- ``imrparse.parse(pdf, pdf_engine="pdfplumber")`` (``ours-plumber``, the reference engine).

The ratios are taken per round, their median per letter, and the median over the letters is
printed.

Memory (``--memory``): peak RSS (``getrusage``) of fresh processes that parse N letters in one
loop (the real PDFs cycled), for N = 100 and 2,000; the two should be within 10%.

Start-up (``--imports``): what a batch worker imports before its first letter (``import
imrparse`` and the layouts), timed in fresh processes, and which PDF libraries that loads.

Prints figures; not a pass/fail test, since shared machines are noisy.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted((ROOT / "tests" / "real" / "pdf").glob("*.pdf"))


def ours(data: bytes) -> None:
    import imrparse

    imrparse.parse(data)


def ours_plumber(data: bytes) -> None:
    import imrparse

    imrparse.parse(data, pdf_engine="pdfplumber")


def plumber(data: bytes) -> None:
    """The bare baseline: pdfplumber's own text of every page, nothing else."""
    import pdfplumber

    pdf = pdfplumber.open(io.BytesIO(data))
    for page in pdf.pages:
        page.extract_text()


def floor(data: bytes) -> None:
    """PDFium's own text of every page: no positions, no fonts, no layout."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    pdf.close()


FNS: dict[str, Callable[[bytes], None]] = {
    "ours": ours,
    "plumber": plumber,
    "floor": floor,
    "ours-plumber": ours_plumber,
}


def timed(fn: Callable[[bytes], None], data: bytes, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn(data)
    return (time.perf_counter() - start) / calls


def speed(rounds: int, calls: int) -> None:
    pdfs = [(p.stem, p.read_bytes()) for p in REAL]
    for _, data in pdfs:  # imports, plugins and fonts outside the timing
        for fn in FNS.values():
            fn(data)
    names = list(FNS)
    per_letter: dict[str, list[float]] = {"plumber": [], "floor": [], "ours-plumber": []}
    medians: dict[str, list[float]] = {n: [] for n in names}
    print(
        f"{'letter':14} {'ours ms':>8} {'plumber ms':>11} {'floor ms':>9} "
        f"{'ours-plumber ms':>16} {'ours/plumber':>13} {'ours/floor':>11}"
    )
    for name, data in pdfs:
        times: dict[str, list[float]] = {n: [] for n in names}
        for r in range(rounds):
            order = names[r % len(names) :] + names[: r % len(names)]
            for n in order:
                times[n].append(timed(FNS[n], data, calls))
        for base in per_letter:
            ratios = [o / b for o, b in zip(times["ours"], times[base], strict=True)]
            per_letter[base].append(statistics.median(ratios))
        for n in names:
            medians[n].append(statistics.median(times[n]))
        print(
            f"{name:14} {medians['ours'][-1] * 1e3:8.1f} {medians['plumber'][-1] * 1e3:11.1f} "
            f"{medians['floor'][-1] * 1e3:9.1f} {medians['ours-plumber'][-1] * 1e3:16.1f} "
            f"{per_letter['plumber'][-1]:13.3f} {per_letter['floor'][-1]:11.2f}"
        )
    med = {k: statistics.median(v) for k, v in per_letter.items()}
    print(
        f"median per letter: ours {statistics.median(medians['ours']) * 1e3:.1f} ms, "
        f"plumber {statistics.median(medians['plumber']) * 1e3:.1f} ms, "
        f"floor {statistics.median(medians['floor']) * 1e3:.1f} ms, "
        f"ours-plumber {statistics.median(medians['ours-plumber']) * 1e3:.1f} ms"
    )
    print(
        f"pdf: median ratio imrparse(pypdfium2) / pdfplumber extract_text = "
        f"{med['plumber']:.3f} (target <= 0.15, aim 0.05)"
    )
    print(f"pdf: median ratio imrparse(pypdfium2) / pypdfium2 get_text_range = {med['floor']:.2f}")
    print(
        f"pdf: median ratio imrparse(pypdfium2) / imrparse(pdfplumber) = {med['ours-plumber']:.3f}"
    )
    print(f"({len(pdfs)} real letters, {rounds} interleaved rounds x {calls} calls each)")


# ---- memory and start-up: each measurement in a fresh interpreter ------------------------

LOOP = r"""
import json, resource, sys
from pathlib import Path
import imrparse
count, engine = int(sys.argv[1]), sys.argv[2]
pdfs = [p.read_bytes() for p in sorted(Path(sys.argv[3]).glob("*.pdf"))]
for i in range(count):
    imrparse.parse(pdfs[i % len(pdfs)], pdf_engine=engine)
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def memory(counts: list[int], engines: list[str]) -> None:
    for engine in engines:
        peaks = {}
        for count in counts:
            out = subprocess.run(
                [sys.executable, "-c", LOOP, str(count), engine, str(REAL[0].parent)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            peaks[count] = json.loads(out)["peak_mb"]
            print(
                f"imrparse.parse x {count:5d} real letters ({engine}): "
                f"peak RSS {peaks[count]:.1f} MB",
                flush=True,
            )
        lo, hi = peaks[counts[0]], peaks[counts[-1]]
        print(
            f"{engine}: peak RSS for {counts[-1]} letters / for {counts[0]}: {hi / lo:.3f} "
            "(target <= 1.10)"
        )


STARTUP = r"""
import json, sys, time
start = time.perf_counter()
import imrparse, imrparse.plugins
imrparse.plugins.get_formats()
ready = time.perf_counter() - start
heavy = sorted({m.split(".")[0] for m in sys.modules} & {
    "pdfplumber", "pdfminer", "pypdfium2", "pandas", "pyarrow", "reportlab"})
start = time.perf_counter()
imrparse.parse(sys.argv[1])
first = time.perf_counter() - start
after = sorted({m.split(".")[0] for m in sys.modules} & {
    "pdfplumber", "pdfminer", "pypdfium2", "pandas", "pyarrow"})
print(json.dumps({"ready": ready, "heavy": heavy, "first": first, "after": after}))
"""


def imports(runs: int) -> None:
    got = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", STARTUP, str(REAL[0])],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(runs)
    ]
    ready = statistics.median(g["ready"] for g in got) * 1e3
    first = statistics.median(g["first"] for g in got) * 1e3
    print(
        f"worker start-up (import imrparse + layouts): median {ready:.0f} ms over {runs} "
        f"fresh processes; loads {got[0]['heavy'] or 'no PDF, pandas or pyarrow library'}"
    )
    print(f"first PDF parse in that process: median {first:.0f} ms; then loaded: {got[0]['after']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=1)
    parser.add_argument("--memory", action="store_true", help="peak RSS for 100 vs 2,000 PDFs")
    parser.add_argument("--counts", type=int, nargs="+", default=[100, 2000])
    parser.add_argument("--engines", nargs="+", default=["pypdfium2"])
    parser.add_argument("--imports", action="store_true", help="a worker's start-up")
    parser.add_argument("--runs", type=int, default=9, help="fresh processes for --imports")
    args = parser.parse_args()
    if args.memory:
        memory(args.counts, args.engines)
    elif args.imports:
        imports(args.runs)
    else:
        speed(args.rounds, args.calls)


if __name__ == "__main__":
    main()
