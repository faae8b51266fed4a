"""Compare a record with the facts a real letter must hold (tests/real/facts/*.json).

Shared by tests/test_real_letters.py and benchmarks/eval_real.py, so the test and the accuracy
table measure the same thing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import imrparse

REAL = Path(__file__).resolve().parent / "real"
TOOLS = sorted(p.name for p in (REAL / "text").iterdir() if p.is_dir())


def facts(case: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REAL / "facts" / f"{case}.json").read_text())
    return data


def facts_with_item(case: str, name: str, index: int = 1) -> dict[str, Any]:
    """``case``'s facts with item ``index`` named ``name``, its whitespace collapsed as a
    record's is (for a test that renames a real letter's item)."""
    want = facts(case)  # (read afresh: the caller may change it)
    want["determinations"][index]["item"] = " ".join(name.split())
    return want


def cases() -> list[str]:
    return sorted(p.stem for p in (REAL / "facts").glob("*.json"))


def inputs() -> list[tuple[str, str, Path]]:
    """(case, tool, path) for every real input: the PDF and each extractor's text."""
    out = [(c, "pdf", REAL / "pdf" / f"{c}.pdf") for c in cases()]
    out += [(c, t, REAL / "text" / t / f"{c}.txt") for t in TOOLS for c in cases()]
    return out


def record_of(text: str) -> dict[str, Any]:
    """The record of a letter given as text, as JSON-ready data."""
    return imrparse.to_dict(imrparse.parse_text(text))


def varied_records(
    case: str, anchor: str, change: Callable[[str], str]
) -> list[tuple[str, dict[str, Any]]]:
    """(tool, record) for every text input of ``case`` where the regex ``anchor`` occurs,
    with ``change`` applied to the text."""
    out = []
    for c, tool, path in inputs():
        if c != case or tool == "pdf":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(anchor, text) is None:
            continue
        out.append((tool, record_of(change(text))))
    assert len(out) >= 5, f"the anchor {anchor!r} occurs in too few inputs"
    return out


# A variant of a real text: (varied text, the facts it must give[, a warning it must give]),
# or None where its anchor does not occur.
Variant = Callable[
    [str, dict[str, Any]],
    "tuple[str, dict[str, Any]] | tuple[str, dict[str, Any], str | None] | None",
]


def varied_wrongs(texts: list[tuple[str, str, Path]], vary: Variant) -> tuple[int, list[str]]:
    """``vary`` applied to every (case, name, path) text: how many it changed, and for each
    record that misses its facts (or the warning the variant asks for) a line saying how."""
    wrong = []
    varied_texts = 0
    for case, name, path in texts:
        varied = vary(path.read_text(encoding="utf-8"), facts(case))
        if varied is None:
            continue
        varied_texts += 1
        text, want, *rest = varied
        record = record_of(text)
        warning = rest[0] if rest else None
        if diff := compare(record, want):
            wrong.append(f"{name}: {diff}")
        elif warning and not any(warning in w for w in record["warnings"]):
            wrong.append(f"{name}: no warning {warning!r} in {record['warnings']}")
    return varied_texts, wrong


def assert_most_varied_hold_their_facts(texts: list[tuple[str, str, Path]], vary: Variant) -> None:
    """``vary`` must reach nine texts in ten (a variant reaching none passes nothing), and
    every varied record must hold its varied facts."""
    varied_texts, wrong = varied_wrongs(texts, vary)
    assert varied_texts >= len(texts) * 9 // 10, f"the variant changes only {varied_texts} texts"
    assert not wrong, f"{len(wrong)} of {varied_texts} records wrong:\n" + "\n".join(wrong[:10])


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def compare(record: dict[str, Any], expected: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Field path -> (got, expected) for every fact the record does not hold."""
    wrong: dict[str, tuple[Any, Any]] = {}

    def check(path: str, got: Any, want: Any) -> None:
        if _norm(got) != _norm(want):
            wrong[path] = (got, want)

    check("case_number", record.get("case_number"), expected["case_number"])
    check("priority", record.get("priority"), expected["priority"])
    for key, want in expected["dates"].items():
        check(f"dates.{key}", record["dates"].get(key), want)
    for key, want in expected["patient"].items():
        check(f"patient.{key}", record["patient"].get(key), want)
    for key, want in expected["reviewer"].items():
        check(f"reviewer.{key}", record["reviewer"].get(key), want)
    got_items = record.get("determinations", [])
    want_items = expected["determinations"]
    check("determinations.count", len(got_items), len(want_items))
    for i, want in enumerate(want_items):
        got = got_items[i] if i < len(got_items) else {}
        for key, value in want.items():
            check(f"determinations[{i}].{key}", got.get(key), value)
    check("outcome", record.get("outcome"), expected["outcome"])
    return wrong


def field_count(expected: dict[str, Any]) -> int:
    n = 2 + len(expected["dates"]) + len(expected["patient"]) + len(expected["reviewer"]) + 2
    return n + sum(len(d) for d in expected["determinations"])
