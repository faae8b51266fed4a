"""CPU instructions per text letter, by callgrind: python benchmarks/bench_instructions.py

Counts what ``parse_document`` (the shared grammar, as ``bench_plaintext.py`` times it) executes
on each of the benchmark's text letters (the plain-text seeds and the 20 real letters' pypdf
text), in thousands of instructions (kIr). Unlike a time, a count does not move with the
machine's load, so two trees can be compared on a busy shared machine; it is not a time
(memory stalls and the CPU's own speed are left out, and valgrind hides SHA extensions, so
the sha256 of the input counts several times its real share).

``--against REV`` counts git revision REV too (its ``src`` and ``plugins``, from ``git
archive``) and prints both medians, their ratio and the median of the per-letter ratios.
Needs ``valgrind`` on the PATH; figures only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_plaintext import letters  # noqa: E402  (a sibling script, not a package)

CALLS = 5  # each letter's count is the mean of this many calls, after one to warm up


def _measure() -> None:
    """Run under callgrind: a getppid() call marks where each letter's calls start."""
    from imrparse.parse import choose_format, parse_document

    calls = []
    for path in letters():
        data = path.read_bytes()
        fmt = choose_format(data)
        document = fmt.read(data)
        calls.append(lambda d=document, f=fmt.name, b=data: parse_document(d, format=f, data=b))
    for call in calls:
        call()
    for call in calls:
        os.getppid()
        for _ in range(CALLS):
            call()
    os.getppid()


def count(tree: Path) -> list[float]:
    """kIr per call for each letter, with ``tree``'s src and plugins first on the path."""
    with tempfile.TemporaryDirectory(prefix="bench-ir-") as tmp:
        out = Path(tmp) / "cg.out"
        env = dict(os.environ, PYTHONPATH=f"{tree / 'src'}{os.pathsep}{tree / 'plugins'}")
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--dump-before=getppid",
                f"--callgrind-out-file={out}",
                sys.executable,
                __file__,
                "--measure",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        # Dump 1 is everything before the first mark; dumps 2.. are the letters in order.
        dumps = sorted(Path(tmp).glob("cg.out.*"), key=lambda p: int(p.suffix[1:]))
        counts = []
        for dump in dumps[1 : 1 + len(letters())]:
            for line in dump.read_text().splitlines():
                if line.startswith(("summary:", "totals:")):
                    counts.append(int(line.split()[1]) / CALLS / 1000)
                    break
        return counts


def _export(rev: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src", "plugins"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", metavar="REV", help="also count git revision REV")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure()
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("bench_instructions: valgrind is not installed")
    names = [p.name for p in letters()]
    mine = count(ROOT)
    if not args.against:
        for name, n in zip(names, mine, strict=True):
            print(f"{name:40} {n:9.1f} kIr")
        print(f"median over {len(names)} letters {statistics.median(mine):9.1f} kIr/letter")
        return
    with tempfile.TemporaryDirectory(prefix="bench-rev-") as tmp:
        _export(args.against, Path(tmp))
        theirs = count(Path(tmp))
    for name, n, o in zip(names, mine, theirs, strict=True):
        print(f"{name:40} {n:9.1f} / {o:9.1f} kIr = {n / o:.3f}")
    mid_mine, mid_theirs = statistics.median(mine), statistics.median(theirs)
    ratios = [n / o for n, o in zip(mine, theirs, strict=True)]
    print(
        f"median over {len(names)} letters: this tree {mid_mine:.1f} / {args.against} "
        f"{mid_theirs:.1f} kIr = {mid_mine / mid_theirs:.3f} "
        f"(per-letter ratios: median {statistics.median(ratios):.3f})"
    )


if __name__ == "__main__":
    main()
