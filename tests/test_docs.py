"""docs/record.md against the code: every key of the JSON Schema is documented, and nothing else."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from imrparse.schema import record_schema

RECORD_MD = Path(__file__).resolve().parent.parent / "docs" / "record.md"
# Keys the lead is adding to Determination in the same release; documented ahead of the code.
PENDING = {"determinations[].original_request", "determinations[].authorized"}


def schema_keys() -> set[str]:
    schema = record_schema()
    defs = schema["$defs"]
    keys: set[str] = set()

    def refs(node: dict[str, Any]) -> list[tuple[str, str]]:
        """(suffix, definition) for the objects a property holds: itself or its list items."""
        if "$ref" in node:
            return [("", node["$ref"].rsplit("/", 1)[-1])]
        if "anyOf" in node:
            return [r for option in node["anyOf"] for r in refs(option)]
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            return [("[]" + s, d) for s, d in refs(node["items"])]
        return []

    def walk(prefix: str, definition: str) -> None:
        for name, node in defs[definition]["properties"].items():
            path = f"{prefix}{name}"
            keys.add(path)
            for suffix, child in refs(node):
                walk(f"{path}{suffix}.", child)

    walk("", schema["$ref"].rsplit("/", 1)[-1])
    return keys


def documented_keys() -> set[str]:
    keys: set[str] = set()
    for line in RECORD_MD.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `([^`]+)` \|", line)
        if m:
            key = m.group(1)
            # `*_guideline` stands for both sides' guideline keys.
            for side in ("claims_administrator", "maximus"):
                keys.add(key.replace("*_guideline", f"{side}_guideline"))
    return keys


def test_the_record_doc_lists_every_schema_key_and_no_other() -> None:
    documented = documented_keys()
    in_schema = schema_keys()
    # An object's key (`dates`) is documented through its own keys (`dates.assigned`).
    parents = {k for k in in_schema if any(o.startswith((f"{k}.", f"{k}[].")) for o in in_schema)}
    assert in_schema - parents - documented == set(), "keys in the schema but not in docs/record.md"
    assert documented - in_schema - PENDING == set(), "keys in docs/record.md but not in the schema"


def test_the_record_doc_example_has_the_schema_shape() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    text = RECORD_MD.read_text(encoding="utf-8")
    example = json.loads(
        text[text.index("```json") + 7 : text.index("```", text.index("```json") + 7)]
    )
    known = schema_keys()
    for item in example["determinations"]:  # not in the schema until the lead's change lands
        for key in ("original_request", "authorized"):
            if f"determinations[].{key}" not in known:
                item.pop(key)
    jsonschema.validate(example, record_schema())
