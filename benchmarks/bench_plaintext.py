"""Median time to parse one plain-text letter, in process: python benchmarks/bench_plaintext.py

Prints figures; it is not a pass/fail test, since shared machines are noisy. Each letter is
parsed in rounds of many calls; the median of the per-call means is reported.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import imrparse

EXAMPLES = Path(__file__).resolve().parent.parent / "plugins" / "imrparse_plaintext" / "examples"


def bench(data: bytes, rounds: int, calls: int) -> list[float]:
    per_call = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            imrparse.parse(data)
        per_call.append((time.perf_counter() - start) / calls)
    return per_call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args()
    letters = sorted(EXAMPLES.glob("*.txt"))
    imrparse.parse(letters[0].read_bytes())  # load plugins outside the timing
    medians = []
    for path in letters:
        data = path.read_bytes()
        times = bench(data, args.rounds, args.calls)
        med = statistics.median(times)
        medians.append(med)
        print(f"{path.name:32} {len(data):6d} bytes  median {med * 1e6:8.1f} us/letter")
    print(f"plain-text: median over letters {statistics.median(medians) * 1e6:.1f} us/letter "
          f"({args.rounds} rounds x {args.calls} calls each)")


if __name__ == "__main__":
    main()
