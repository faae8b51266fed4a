"""The record of one letter: frozen, slotted attrs classes whose JSON is SPEC.md's contract.

Lists are tuples so that records are immutable and hashable; JSON writes them as arrays.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Literal

from attrs import Attribute, field, frozen, validators

Outcome = Literal["upheld", "overturned"]
LetterOutcome = Literal["upheld", "overturned", "mixed"]
Role = Literal["physician reviewer", "expert reviewer"]
Sex = Literal["male", "female"]

# Validators: records are built by the dozen per letter, and attrs' composed validators
# (optional(in_(...)) and the like) cost a Python call per layer. Each check below accepts at
# once, in one call, the plain values (exact type) its attrs validator accepts, and hands
# every other value to that validator: what it accepts and the errors it raises are attrs'.
Validator = Callable[[Any, "Attribute[Any]", Any], None]


def _one_of(options: tuple[str, ...]) -> Validator:
    full = validators.optional(validators.in_(options))

    def check(inst: Any, attribute: Attribute[Any], value: Any) -> None:
        if value is not None and not (value.__class__ is str and value in options):
            full(inst, attribute, value)

    return check


_full_date = validators.optional(validators.instance_of(date))
_full_age = validators.optional([validators.instance_of(int), validators.ge(0), validators.le(130)])
_SHA256 = r"[0-9a-f]{64}"
_full_sha256 = validators.matches_re(_SHA256)
_sha256 = re.compile(_SHA256).fullmatch


def _opt_date(inst: Any, attribute: Attribute[Any], value: Any) -> None:
    if value is not None and value.__class__ is not date:
        _full_date(inst, attribute, value)


def _age(inst: Any, attribute: Attribute[Any], value: Any) -> None:
    if value is not None and not (value.__class__ is int and 0 <= value <= 130):
        _full_age(inst, attribute, value)


def _sha256_hex(inst: Any, attribute: Attribute[Any], value: Any) -> None:
    if not (value.__class__ is str and _sha256(value)):
        _full_sha256(inst, attribute, value)


# Typed converters: the mypy attrs plugin reads a field's type from its converter.
def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


def _citations(value: Iterable[Citation]) -> tuple[Citation, ...]:
    return tuple(value)


def _determinations(value: Iterable[Determination]) -> tuple[Determination, ...]:
    return tuple(value)


def _name(attribute: object) -> str:
    return str(getattr(attribute, "name", "?"))


# SPEC: a missing value is null, never "".
def _text(_inst: object, attribute: object, value: str) -> None:
    if not value.strip():
        raise ValueError(f"{_name(attribute)} must be null rather than empty")


def _opt_text(_inst: object, attribute: object, value: str | None) -> None:
    if value is not None and not value.strip():
        raise ValueError(f"{_name(attribute)} must be null rather than empty")


def _texts(_inst: object, attribute: object, value: tuple[str, ...]) -> None:
    for v in value:  # a plain loop: any() over a generator costs more on short tuples
        if not v.strip():
            raise ValueError(f"{_name(attribute)} must not hold empty strings")


@frozen
class Dates:
    assigned: date | None = field(default=None, validator=_opt_date)
    injury: date | None = field(default=None, validator=_opt_date)
    decision: date | None = field(default=None, validator=_opt_date)
    ur_denial: date | None = field(default=None, validator=_opt_date)
    application_received: date | None = field(default=None, validator=_opt_date)


@frozen
class Reviewer:
    role: Role | None = field(
        default=None, validator=_one_of(("physician reviewer", "expert reviewer"))
    )
    specialties: tuple[str, ...] = field(default=(), converter=_strs, validator=_texts)
    subspecialties: tuple[str, ...] = field(default=(), converter=_strs, validator=_texts)
    licensed_in: tuple[str, ...] = field(default=(), converter=_strs, validator=_texts)


@frozen
class Patient:
    age: int | None = field(default=None, validator=_age)
    sex: Sex | None = field(default=None, validator=_one_of(("male", "female")))


@frozen
class Citation:
    """One "Decision based on ..." clause of a guideline."""

    text: str = field(validator=_text)
    mtus: bool
    pages: tuple[int, ...] = field(default=(), converter=_ints)


@frozen
class Guideline:
    """A guideline paragraph: its words and the citations found in them."""

    text: str | None = field(default=None, validator=_opt_text)
    citations: tuple[Citation, ...] = field(default=(), converter=_citations)


@frozen
class Determination:
    """One disputed item and what the reviewer decided about it."""

    item: str = field(validator=_text)
    outcome: Outcome | None = field(validator=_one_of(("upheld", "overturned")))
    claims_administrator_guideline: Guideline = field(factory=Guideline)
    maximus_guideline: Guideline = field(factory=Guideline)
    rationale: str | None = field(default=None, validator=_opt_text)
    # A partial authorisation: what was asked for, and what the claims administrator already
    # authorised; ``item`` is then the remaining part the letter decides. Null otherwise.
    original_request: str | None = field(default=None, validator=_opt_text)
    authorized: str | None = field(default=None, validator=_opt_text)


@frozen
class Parser:
    """Which software made the record: imrparse's version, and the plugin giving the layout."""

    imrparse: str
    plugin: str | None = None  # the distribution (or plugin name) registering the layout
    plugin_version: str | None = None


@frozen
class Source:
    """Where the record came from: the layout plugin, the input's name and its hash."""

    format: str
    name: str | None
    sha256: str = field(validator=_sha256_hex)
    pages: int | None = None
    # None in records written before imrparse recorded it; "optional": not required in the
    # JSON Schema either, so such records stay valid.
    parser: Parser | None = field(default=None, metadata={"optional": True})


def letter_outcome(determinations: tuple[Determination, ...]) -> LetterOutcome | None:
    """``upheld``/``overturned`` when every item agrees, ``mixed`` otherwise, None without items.

    An item whose outcome could not be read makes the letter's outcome unknown (None) unless the
    readable ones already disagree.
    """
    # One pass, no sets (run twice a letter: the default, then its validator): the first
    # readable outcome, "mixed" at the first that disagrees with it.
    first: Outcome | None = None
    unread = False
    for d in determinations:
        outcome = d.outcome
        if outcome is None:
            unread = True
        elif first is None:
            first = outcome
        elif outcome != first:
            return "mixed"
    return None if unread else first


def _check_outcome(inst: Letter, _attribute: object, value: LetterOutcome | None) -> None:
    expected = letter_outcome(inst.determinations)
    if value != expected:
        raise ValueError(f"outcome {value!r} disagrees with the determinations ({expected!r})")


@frozen
class Letter:
    """One IMR final determination letter. ``imrparse.to_dict`` gives SPEC.md's JSON."""

    case_number: str | None = field(default=None, validator=_opt_text)
    priority: str | None = field(default=None, validator=_opt_text)
    dates: Dates = field(factory=Dates)
    reviewer: Reviewer = field(factory=Reviewer)
    patient: Patient = field(factory=Patient)
    clinical_summary: str | None = field(default=None, validator=_opt_text)
    documents_reviewed: tuple[str, ...] = field(default=(), converter=_strs, validator=_texts)
    determinations: tuple[Determination, ...] = field(default=(), converter=_determinations)
    outcome: LetterOutcome | None = field(validator=_check_outcome)
    source: Source | None = None
    warnings: tuple[str, ...] = field(default=(), converter=_strs)

    @outcome.default
    def _outcome_default(self) -> LetterOutcome | None:
        return letter_outcome(self.determinations)
