"""Determinations: each disputed item, its outcome, the two guidelines and the rationale.

An item is the text before a final ``: Upheld`` or ``: Overturned`` (the item may hold colons
and wrap across lines); the labels that follow it start at the beginning of a line.
"""

from __future__ import annotations

import re
from typing import Literal

from attrs import define, field

from ..models import Determination, Outcome
from .citations import read_guideline
from .clean import Line, unwrap

Kind = Literal["item", "claims", "maximus", "rationale", "text"]

_LABELS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    ("claims", re.compile(r"Claims\s+Administrator(?:'s)?\s+guidelines?\s*:\s*", re.I)),
    ("maximus", re.compile(r"MAXIMUS\s+guidelines?\s*:\s*", re.I)),
    ("rationale", re.compile(r"Decision\s+rationale\s*:\s*", re.I)),
)
_OUTCOME_END = re.compile(r"(?:^|:)\s*(upheld|overturned)\s*\.?$", re.IGNORECASE)
_ITEM = re.compile(r"^(?P<item>.*?\S)\s*:\s*(?P<outcome>upheld|overturned)\s*\.?$", re.I | re.S)
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?$")
_INTRO = re.compile(r"^The\s+Final\s+Determination\s+was\s+based\s+on\s+decisions", re.I)


@define
class _Unit:
    kind: Kind
    lines: list[str] = field(factory=list)

    @property
    def text(self) -> str:
        return unwrap(self.lines)


def _ends_outcome(lines: list[str], line: str) -> bool:
    """True when ``line`` closes an item heading (``...: Upheld`` or a lone ``Upheld``)."""
    m = _OUTCOME_END.search(line)
    if not m:
        return False
    if m.group(0).lstrip().startswith(":"):
        return True
    # A lone "Upheld" line closes an item only when the line before ends with a colon.
    return line.strip().lower().rstrip(".") == m[1].lower() and bool(lines) and (
        lines[-1].rstrip().endswith(":")
    )


def _units(lines: list[Line]) -> list[_Unit]:
    """Group the section's lines into labelled fields, item headings and plain paragraphs."""
    units: list[_Unit] = []
    for line in lines:
        text = line.text
        for kind, label in _LABELS:
            m = label.match(text)
            if m:
                units.append(_Unit(kind, [text[m.end() :]]))
                break
        else:
            if line.para_start or not units or units[-1].kind == "item":
                units.append(_Unit("text", [text]))
            else:
                units[-1].lines.append(text)
        current = units[-1]
        if current.kind != "item" and _ends_outcome(current.lines[:-1], text):
            _split_item(units)
    return units


def _split_item(units: list[_Unit]) -> None:
    """Move the trailing item-heading lines of the last unit into a unit of their own.

    The heading starts after the last line that ends a sentence (where a layout lost the
    paragraph break between a rationale and the next item) or at the unit's start.
    """
    current = units[-1]
    labelled = current.kind != "text"
    start = len(current.lines) - 1
    while start > (1 if labelled else 0) and not _SENTENCE_END.search(
        current.lines[start - 1].rstrip()
    ):
        start -= 1
    if labelled and start == 0:
        return  # the label's own line: "Decision rationale: ...: Upheld" is not an item
    item = _Unit("item", current.lines[start:])
    del current.lines[start:]
    if not current.lines:
        units.pop()
    units.append(item)


@define
class _Draft:
    item: str
    outcome: Outcome | None
    fields: dict[Kind, list[str]] = field(factory=dict)
    last: Kind | None = None


def read_determinations(lines: list[Line], warnings: list[str]) -> list[Determination]:
    """The determinations of the IMR ISSUES, DECISIONS AND RATIONALES section, in order."""
    units = _units(lines)
    drafts: list[_Draft] = []
    for i, unit in enumerate(units):
        if unit.kind == "item":
            m = _ITEM.match(unit.text)
            if m is None:  # a lone "Upheld" after "item:" joins as "item: Upheld"
                continue
            outcome: Outcome = "upheld" if m["outcome"].lower() == "upheld" else "overturned"
            drafts.append(_Draft(m["item"], outcome))
            continue
        if unit.kind == "text":
            draft = drafts[-1] if drafts else None
            nxt = units[i + 1].kind if i + 1 < len(units) else None
            intro = draft is None and _INTRO.match(unit.text)
            guideline_next = nxt in ("claims", "maximus")
            if not intro and guideline_next and (draft is None or nxt in draft.fields):
                # A guideline follows text that is no item heading: an item whose outcome
                # cannot be read. Keep the item, say so, never make an outcome up. Either
                # guideline may come first: some layouts have no Claims Administrator one.
                name = unit.text.rstrip(":").strip()
                warnings.append(f"item without a readable outcome: {name!r}")
                drafts.append(_Draft(name, None))
            elif draft is not None and draft.last is not None:
                draft.fields[draft.last].append(unit.text)  # a field's next paragraph
            elif draft is not None:
                warnings.append(f"text after item {draft.item!r} without a label was ignored")
            elif not intro:
                warnings.append("text before the first item was ignored")
            continue
        if not drafts:
            warnings.append(f"a {unit.kind} paragraph appears before any item; ignored")
            continue
        draft = drafts[-1]
        if unit.kind in draft.fields:
            warnings.append(f"item {draft.item!r} has more than one {unit.kind} paragraph")
        draft.fields.setdefault(unit.kind, []).append(unit.text)
        draft.last = unit.kind
    _warn_missing_fields(drafts, warnings)
    return [_finish(d) for d in drafts]


def _warn_missing_fields(drafts: list[_Draft], warnings: list[str]) -> None:
    """Say which items lack a field; once for the letter when none of several items has it.

    Some layouts never give a field (MEDICAL PROFESSIONAL REVIEW letters have no Claims
    Administrator guideline): one plain sentence says that better than one per item.
    """
    for kind, name in (
        ("claims", "Claims Administrator guideline"),
        ("maximus", "MAXIMUS guideline"),
        ("rationale", "Decision rationale"),
    ):
        lacking = [d.item for d in drafts if kind not in d.fields]
        if len(drafts) > 1 and len(lacking) == len(drafts):
            warnings.append(f"the letter gives no {name} for any of its {len(drafts)} items")
        else:
            warnings += [f"item {item!r} has no {name}" for item in lacking]


def _finish(draft: _Draft) -> Determination:
    def text(kind: Kind) -> str | None:
        return " ".join(t for t in draft.fields.get(kind, []) if t) or None

    return Determination(
        item=draft.item,
        outcome=draft.outcome,
        claims_administrator_guideline=read_guideline(text("claims")),
        maximus_guideline=read_guideline(text("maximus")),
        rationale=text("rationale"),
    )
