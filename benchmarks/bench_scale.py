"""Local pool against Dask: python benchmarks/bench_scale.py (needs imrparse[dask])

Prints letters/s of ``batch.run`` over the same corpus with the local pebble pool and with a
Dask ``LocalCluster`` (``imrparse batch --dask local``), each with 1 and 2 workers: the median
of ``--rounds`` runs, from the call to the last letter written, and each run's figure. The
local pool starts its workers in every run (as every ``imrparse batch`` does); the Dask
cluster is started once per worker count, before its rounds (as a running cluster is used),
and its start-up time is printed apart. Figures, not a pass/fail test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from imrparse import batch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import (  # a sibling script, not a package
    PLAIN,
    Clock,
    load_pdf_fixtures,
    pdf_copy,
    text_copy,
    write_corpus,
)


def rounds(n: int, run: Callable[[Clock], object], out: Path) -> str:
    """The median letters/s of ``n`` runs, then each run's."""
    rates = []
    for _ in range(n):
        out.unlink(missing_ok=True)
        clock = Clock()
        start = time.perf_counter()
        run(clock)
        rates.append(len(clock.times) / (clock.times[-1] - start))
    each = ", ".join(f"{r:.1f}" for r in rates)
    return f"{statistics.median(rates):8.1f} letters/s (runs: {each})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--text", type=int, default=1000, help="plain-text letters")
    parser.add_argument("--pdf", type=int, default=60, help="PDF letters (0: none)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from imrparse.dask import DaskEngine

    with tempfile.TemporaryDirectory(prefix="imrparse-scale-") as tmp:
        base = Path(tmp)
        sets = {
            "text": write_corpus(
                base / "text", [p.read_bytes() for p in PLAIN], args.text, text_copy, ".txt"
            )
        }
        fixtures = load_pdf_fixtures()
        if fixtures is not None and args.pdf:
            pdfs = [data for _, data in fixtures.iter_corpus_pdfs()]
            sets["pdf"] = write_corpus(base / "pdf", pdfs, args.pdf, pdf_copy, ".pdf")
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        print(f"letters/s, median of {args.rounds} runs of batch.run(DIR, OUT.jsonl) ({when})")
        for jobs in (1, 2):
            for kind in sets:
                out = base / f"{kind}-local-{jobs}.jsonl"
                figures = rounds(
                    args.rounds,
                    lambda c, k=kind, o=out, j=jobs: batch.run([base / k], o, jobs=j, observer=c),
                    out,
                )
                print(f"local pool  workers={jobs} {kind:5} ({len(sets[kind])}): {figures}")
            start = time.perf_counter()
            engine = DaskEngine("local", jobs)
            print(
                f"dask local  workers={jobs}: cluster started in "
                f"{time.perf_counter() - start:.1f} s"
            )
            try:
                for kind in sets:
                    out = base / f"{kind}-dask-{jobs}.jsonl"
                    figures = rounds(
                        args.rounds,
                        lambda c, k=kind, o=out, e=engine: batch.run(
                            [str(base / k)], o, observer=c, engine=e
                        ),
                        out,
                    )
                    print(f"dask local  workers={jobs} {kind:5} ({len(sets[kind])}): {figures}")
            finally:
                engine.close()


if __name__ == "__main__":
    main()
