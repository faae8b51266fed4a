"""Median time to parse one text letter, in process: python benchmarks/bench_plaintext.py

The letters: the plain-text seeds and the 20 real letters' pypdf text. Two figures each:
the shared grammar alone (``parse_document`` on the letter's already-read Document) and the
whole ``imrparse.parse`` of its bytes. Each letter is timed in rounds of many calls; a
letter's figure is the median of its per-call means, and the summary is the median over
letters.

``--against REV`` times this tree and git revision REV (its ``src`` and ``plugins``, exported
with ``git archive``) in two worker processes, round by round in turn, so both see the same
machine load; it prints both medians and their ratio. Figures only: shared machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import imrparse
from imrparse.parse import choose_format, parse_document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "plugins" / "imrparse_plaintext" / "examples"
REAL = ROOT / "tests" / "real" / "text" / "pypdf"
STEPS = ("grammar", "parse")


def letters() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) + sorted(REAL.glob("*.txt"))


def _timers(data: bytes) -> dict[str, Callable[[], object]]:
    fmt = choose_format(data)
    document = fmt.read(data)
    return {
        "grammar": lambda: parse_document(document, format=fmt.name, data=data),
        "parse": lambda: imrparse.parse(data),
    }


def one_round(timers: list[dict[str, Callable[[], object]]], calls: int) -> dict[str, list[float]]:
    """One round: each step of each letter called ``calls`` times; the mean per call."""
    out: dict[str, list[float]] = {step: [] for step in STEPS}
    for timer in timers:
        for step in STEPS:
            run = timer[step]
            start = time.perf_counter()
            for _ in range(calls):
                run()
            out[step].append((time.perf_counter() - start) / calls)
    return out


def _serve(paths: list[Path], calls: int) -> None:
    """Worker for --against: one round per line read, its times written as one JSON line."""
    timers = [_timers(p.read_bytes()) for p in paths]
    one_round(timers, 1)  # warm up outside the timing
    for _ in sys.stdin:
        print(json.dumps(one_round(timers, calls)), flush=True)


def _per_letter(rounds: list[dict[str, list[float]]], step: str) -> list[float]:
    return [statistics.median(r[step][i] for r in rounds) for i in range(len(rounds[0][step]))]


def _report(names: list[str], rounds: list[dict[str, list[float]]], calls: int) -> None:
    for i, name in enumerate(names):
        cells = "  ".join(f"{step} {_per_letter(rounds, step)[i] * 1e6:8.1f} us" for step in STEPS)
        print(f"{name:40} {cells}")
    for step in STEPS:
        med = statistics.median(_per_letter(rounds, step))
        print(
            f"{step:8} median over {len(names)} letters {med * 1e6:8.1f} us/letter "
            f"({len(rounds)} rounds x {calls} calls each)"
        )


def _export(rev: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src", "plugins"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def _against(rev: str, paths: list[Path], rounds: int, calls: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-rev-") as tmp:
        _export(rev, Path(tmp))
        trees = {"this tree": ROOT, rev: Path(tmp)}
        workers = {}
        for label, tree in trees.items():
            env = dict(os.environ, PYTHONPATH=f"{tree / 'src'}{os.pathsep}{tree / 'plugins'}")
            workers[label] = subprocess.Popen(
                [sys.executable, __file__, "--serve", "--calls", str(calls)],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        results: dict[str, list[dict[str, list[float]]]] = {label: [] for label in trees}
        order = list(workers.items())
        for _ in range(rounds):
            order.reverse()  # in turn, first one then the other first, so both see the same load
            for label, worker in order:
                assert worker.stdin is not None and worker.stdout is not None
                worker.stdin.write("round\n")
                worker.stdin.flush()
                results[label].append(json.loads(worker.stdout.readline()))
        for worker in workers.values():
            assert worker.stdin is not None
            worker.stdin.close()
            worker.wait()
    names = [p.name for p in paths]
    for label, runs in results.items():
        print(f"--- {label}")
        _report(names, runs, calls)
    print(f"--- ratio this tree / {rev}")
    for step in STEPS:
        new, old = (_per_letter(results[label], step) for label in trees)
        ratios = [n / o for n, o in zip(new, old, strict=True)]
        mid_new, mid_old = statistics.median(new), statistics.median(old)
        print(
            f"{step:8} median {mid_new * 1e6:8.1f} / {mid_old * 1e6:8.1f} us = "
            f"{mid_new / mid_old:.3f}  (per-letter ratios: median {statistics.median(ratios):.3f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--against", metavar="REV", help="also time git revision REV, interleaved")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    paths = letters()
    if args.serve:
        _serve(paths, args.calls)
    elif args.against:
        _against(args.against, paths, args.rounds, args.calls)
    else:
        timers = [_timers(p.read_bytes()) for p in paths]
        one_round(timers, 1)  # load plugins and warm up outside the timing
        rounds = [one_round(timers, args.calls) for _ in range(args.rounds)]
        _report([p.name for p in paths], rounds, args.calls)


if __name__ == "__main__":
    main()
