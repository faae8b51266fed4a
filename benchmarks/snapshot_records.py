"""Snapshot every input's record, to prove a grammar change keeps records byte-identical.

    python benchmarks/snapshot_records.py /tmp/before.json            (write)
    python benchmarks/snapshot_records.py /tmp/after.json --compare /tmp/before.json

Parses every letter in the repository (the plugins' examples, the real letters' text from
every tool and their PDFs with both engines, tests/data) and, for the text inputs, the same
text upper-cased, lower-cased and case-swapped, so a change to case-insensitive matching is
checked too. Each input maps to ``imrparse.to_json(record)`` or its error's class and message.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import imrparse

ROOT = Path(__file__).resolve().parent.parent
_TEXT = {".txt", ".md", ".html", ".htm"}


def inputs() -> list[Path]:
    found = [p for p in ROOT.glob("plugins/**/examples/**/*") if p.is_file()]
    found += ROOT.glob("tests/real/text/*/*.txt")
    found += ROOT.glob("tests/real/pdf/*.pdf")
    found += (p for p in ROOT.glob("tests/data/*") if p.is_file())
    return sorted(p for p in found if p.suffix != ".json")


def _record(data: bytes, name: str, **options: str) -> str:
    try:
        return imrparse.to_json(imrparse.parse(data, name=name, **options))  # type: ignore[arg-type]
    except imrparse.ImrParseError as err:
        return f"{type(err).__name__}: {err}"


def snapshot() -> dict[str, str]:
    records: dict[str, str] = {}
    for path in inputs():
        key = str(path.relative_to(ROOT))
        data = path.read_bytes()
        if path.suffix == ".pdf":
            for engine in ("pypdfium2", "pdfplumber"):
                records[f"{key} [{engine}]"] = _record(data, path.name, pdf_engine=engine)
            continue
        records[key] = _record(data, path.name)
        if path.suffix in _TEXT:
            text = data.decode("utf-8", errors="surrogateescape")
            for how in ("upper", "lower", "swapcase"):
                variant = getattr(text, how)().encode("utf-8", errors="surrogateescape")
                records[f"{key} [{how}]"] = _record(variant, path.name)
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path, help="a snapshot to compare against")
    args = parser.parse_args()
    records = snapshot()
    args.out.write_text(json.dumps(records, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{len(records)} records written to {args.out}")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        changed = sorted(
            k for k in before.keys() | records.keys() if before.get(k) != records.get(k)
        )
        for key in changed:
            print(f"DIFFERS: {key}")
        print(f"{len(changed)} of {len(before)} records differ")
        sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
