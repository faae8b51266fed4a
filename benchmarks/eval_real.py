"""Accuracy on the real letters: fields right and letters wrong without a warning, per input tool.

python benchmarks/eval_real.py [-v]     (-v lists every wrong field)
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from real_facts import compare, facts, field_count, inputs

import imrparse


def main() -> None:
    verbose = "-v" in sys.argv
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    silent: dict[str, int] = defaultdict(int)
    wrong_letters: dict[str, int] = defaultdict(int)
    for case, tool, path in inputs():
        want = facts(case)
        n = field_count(want)
        total[tool] += n
        try:
            letter = imrparse.parse(path)
        except imrparse.ImrParseError as err:
            if verbose:
                print(f"{tool:16} {case} ERROR {err}")
            wrong_letters[tool] += 1
            continue
        record = imrparse.to_dict(letter)
        wrong = compare(record, want)
        right[tool] += n - len(wrong)
        if wrong:
            wrong_letters[tool] += 1
            if not record["warnings"]:
                silent[tool] += 1
        if verbose:
            for key, (got, exp) in wrong.items():
                print(f"{tool:16} {case} {key}: got {got!r} want {exp!r}")
            if wrong and record["warnings"]:
                print(f"{tool:16} {case} warnings: {record['warnings']}")
    print(f"{'input':16} {'fields right':>12} {'letters wrong':>14} {'silent':>7}")
    for tool in sorted(total):
        pct = 100 * right[tool] / total[tool]
        print(f"{tool:16} {pct:11.1f}% {wrong_letters[tool]:14} {silent[tool]:7}")
    all_right = sum(right.values()) / sum(total.values())
    print(
        f"{'all':16} {100 * all_right:11.1f}% {sum(wrong_letters.values()):14} "
        f"{sum(silent.values()):7}"
    )


if __name__ == "__main__":
    main()
