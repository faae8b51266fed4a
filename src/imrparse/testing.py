"""A test kit for layout plugins: example letters against their expected records, and the
invariants every layout keeps.

A plugin ships example letters with the record each must parse to, side by side
(``letter.txt`` + ``letter.json``; any extension but ``.json`` is a letter). In a plugin's
own test suite::

    from imrparse.testing import check_plugin
    def test_plugin():
        check_plugin(MyLayout())

``check_plugin`` runs :func:`check_examples` (each example parses to its expected JSON, whole
but for ``source.parser``, the versions that made it;
the record survives ``to_dict``/``from_dict``; its JSON has the shape of
``imrparse.schema.record_schema()``), :func:`check_declines` (``sniff`` is 0.0 for non-letters
and never outranks another installed layout on that layout's own examples) and
:func:`check_junk` (``sniff``, ``read`` and ``parse`` on empty, random and truncated input
raise nothing but :class:`imrparse.ImrParseError` subclasses). imrparse's own test suite runs
the same checks over its built-in layouts.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import plugins
from .convert import from_dict, to_dict
from .document import Document
from .errors import ImrParseError, InternalError
from .formats import Format
from .parse import parse
from .schema import record_schema


def example_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(letter, expected JSON) pairs in ``folder``, sorted by name."""
    pairs = []
    for letter in sorted(folder.iterdir()):
        if letter.suffix == ".json" or letter.name.startswith(".") or not letter.is_file():
            continue
        expected = letter.with_suffix(".json")
        if expected.exists():
            pairs.append((letter, expected))
    return pairs


def _differences(got: Any, want: Any, path: str = "") -> list[str]:
    if isinstance(got, dict) and isinstance(want, dict):
        out: list[str] = []
        for key in [*want, *(k for k in got if k not in want)]:
            if key not in got:
                out.append(f"{path}.{key}: missing")
            elif key not in want:
                out.append(f"{path}.{key}: unexpected key")
            else:
                out += _differences(got[key], want[key], f"{path}.{key}")
        return out
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        pairs = enumerate(zip(got, want, strict=True))
        return [d for i, (g, w) in pairs for d in _differences(g, w, f"{path}[{i}]")]
    return [] if got == want else [f"{path or '.'}: got {got!r}, expected {want!r}"]


def without_parser(record: Any) -> Any:
    """A record's JSON without ``source.parser``, to compare records across versions."""
    if isinstance(record, dict) and isinstance(record.get("source"), dict):
        source = {k: v for k, v in record["source"].items() if k != "parser"}
        return {**record, "source": source}
    return record


def check_example(letter: Path, expected: Path, format: str | None = None) -> None:
    """Parse ``letter`` and compare its whole record with ``expected``; AssertionError if not."""
    record = parse(letter, format=format)
    got = to_dict(record)
    want = json.loads(expected.read_text(encoding="utf-8"))
    # source.parser names the versions that made the record; they change every release, so
    # an example's expected JSON need not carry it (and is not compared on it when it does).
    if got != want and without_parser(got) != without_parser(want):
        diffs = "\n  ".join(_differences(without_parser(got), without_parser(want))[:20])
        raise AssertionError(f"{letter.name} does not parse to {expected.name}:\n  {diffs}")
    if from_dict(got) != record:
        raise AssertionError(f"{letter.name}: the record does not survive to_dict/from_dict")
    problems = schema_problems(got)
    if problems:
        raise AssertionError(f"{letter.name}: not the record's shape: {'; '.join(problems[:5])}")


def write_expected(letter: Path, format: str | None = None) -> Path:
    """Write the record ``letter`` parses to beside it, as its expected JSON; return that path.

    For a new example or after a deliberate change of the grammar: read the diff before
    committing it, since the file is what :func:`check_example` will hold the parser to.
    """
    expected = letter.with_suffix(".json")
    # Without source.parser: versions change every release and check_example ignores them.
    record = without_parser(to_dict(parse(letter, format=format)))
    expected.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return expected


def check_examples(fmt: Format) -> int:
    """Check every example the layout ships; returns how many were checked (at least one)."""
    if fmt.examples is None:
        raise AssertionError(f"layout {fmt.name!r} ships no examples folder")
    pairs = example_pairs(Path(fmt.examples))
    if not pairs:
        raise AssertionError(f"layout {fmt.name!r}: no example letters in {fmt.examples}")
    # Recognition is checked too: each expected record names its layout in source.format.
    for letter, expected in pairs:
        check_example(letter, expected)
    return len(pairs)


def schema_problems(value: Any, schema: dict[str, Any] | None = None) -> list[str]:
    """Where ``value`` (a record's JSON) departs from ``record_schema()``; [] when it fits.

    A structural check of the few schema words record_schema() uses, so that jsonschema
    need not be a dependency of imrparse or of a plugin's tests.
    """
    root = record_schema()
    return _problems(value, schema or root, root["$defs"], "")


_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def _problems(value: Any, schema: dict[str, Any], defs: dict[str, Any], path: str) -> list[str]:
    where = path or "."
    if "$ref" in schema:
        return _problems(value, defs[schema["$ref"].rsplit("/", 1)[-1]], defs, path)
    if "anyOf" in schema:
        if any(not _problems(value, option, defs, path) for option in schema["anyOf"]):
            return []
        return [f"{where}: {value!r} fits none of the allowed types"]
    if "enum" in schema:
        return [] if value in schema["enum"] else [f"{where}: {value!r} not in {schema['enum']}"]
    kind = schema.get("type")
    if kind is not None:
        ok = isinstance(value, _TYPES[kind]) and not (
            kind in ("integer", "number") and isinstance(value, bool)
        )
        if not ok:
            return [f"{where}: {value!r} is not of type {kind}"]
    out: list[str] = []
    if kind == "object":
        props = schema.get("properties", {})
        out += [f"{path}.{k}: missing" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            out += [f"{path}.{k}: unexpected key" for k in value if k not in props]
        for key, sub in props.items():
            if key in value:
                out += _problems(value[key], sub, defs, f"{path}.{key}")
    elif kind == "array" and "items" in schema:
        for i, item in enumerate(value):
            out += _problems(item, schema["items"], defs, f"{path}[{i}]")
    return out


# Inputs that are no IMR letter of any layout: every layout's sniff must answer 0.0.
NON_LETTERS: dict[str, bytes] = {
    "empty": b"",
    "blank": b" \n\n\t\n",
    "prose": b"Chocolate cake. Mix flour and sugar, bake 30 minutes.\n" * 20,
    "csv": b"case,item,outcome\nCM13-1,physical therapy,upheld\n",
    "html page": b"<html><body><h1>Welcome</h1><p>Nothing to see here.</p></body></html>",
    "pdf header": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "random bytes": random.Random(7).randbytes(4096),
    "nul bytes": b"\x00" * 1024,
    "utf-16 prose": "Nothing to see here.\n".encode("utf-16"),
}


def other_examples(fmt: Format) -> list[tuple[Format, Path]]:
    """The example letters of every other installed layout, with the layout that owns each."""
    found = []
    for other in plugins.get_formats().values():
        if other.name != fmt.name and other.examples is not None:
            found += [(other, letter) for letter, _ in example_pairs(Path(other.examples))]
    return found


def check_declines(
    fmt: Format, other_letters: Iterable[Path | bytes] = (), *, generic: bool = False
) -> None:
    """``fmt.sniff`` declines what is not its own.

    It answers 0.0 for :data:`NON_LETTERS` and for ``other_letters`` (letters of layouts it
    does not read, that you supply). For the examples of every other installed layout it
    answers 0.0 too, or, for a ``generic`` reader that answers for any IMR text (as
    plain-text does), less than the layout owning the letter, so it never takes it over.
    """
    for name, data in NON_LETTERS.items():
        score = _sniff(fmt, data, name)
        if score != 0.0:
            raise AssertionError(f"{fmt.name}: sniff gives {score} for a non-letter ({name})")
    for item in other_letters:
        data = item if isinstance(item, bytes) else Path(item).read_bytes()
        name = "bytes" if isinstance(item, bytes) else Path(item).name
        score = _sniff(fmt, data, name)
        if score != 0.0:
            raise AssertionError(f"{fmt.name}: sniff gives {score} for another layout's {name}")
    for owner, letter in other_examples(fmt):
        data = letter.read_bytes()
        score = _sniff(fmt, data, letter.name)
        limit = owner.sniff(data) if generic else 0.0
        if score > limit or (generic and score == limit > 0.0):
            raise AssertionError(
                f"{fmt.name}: sniff gives {score} for {owner.name}'s example {letter.name}"
                f" (the most allowed: {'less than ' if generic else ''}{limit})"
            )


def _sniff(fmt: Format, data: bytes, name: str) -> float:
    try:
        score = fmt.sniff(data)
    except Exception as err:
        raise AssertionError(f"{fmt.name}: sniff raised {type(err).__name__} on {name}") from err
    if not isinstance(score, (int, float)) or not 0.0 <= score <= 1.0:
        raise AssertionError(f"{fmt.name}: sniff gave {score!r} on {name}, not 0.0 to 1.0")
    return float(score)


def junk_inputs(fmt: Format) -> dict[str, bytes]:
    """Empty, random and damaged inputs, and the layout's own examples cut short."""
    junk = dict(NON_LETTERS)
    rng = random.Random(fmt.name)
    junk["random text"] = bytes(rng.choice(b"abc :\n\t\r\f#*<>/-0123456789") for _ in range(3000))
    if fmt.examples is not None:
        for letter, _ in example_pairs(Path(fmt.examples)):
            data = letter.read_bytes()
            for cut in (1, 64, len(data) // 3, len(data) // 2, len(data) - 1):
                junk[f"{letter.name} cut at {cut}"] = data[:cut]
            junk[f"{letter.name} with NUL bytes"] = data[: len(data) // 2] + b"\x00" + data
            junk[f"{letter.name} reversed"] = data[::-1]
    return junk


def check_junk(fmt: Format, inputs: dict[str, bytes] | None = None) -> int:
    """``sniff``, ``read`` and ``parse`` raise only ImrParseError subclasses on junk input."""
    inputs = junk_inputs(fmt) if inputs is None else inputs
    for name, data in inputs.items():
        _sniff(fmt, data, name)
        for step in ("read", "parse"):
            try:
                if step == "read":
                    got: Any = fmt.read(data)
                    ok = isinstance(got, Document)
                else:
                    got = parse(data, format=fmt.name, name=name)
                    ok = not schema_problems(to_dict(got))
            except InternalError as err:  # parse() wraps a plugin's bug: still a bug
                raise AssertionError(f"{fmt.name}: {step} on {name}: {err.message}") from err
            except ImrParseError:
                continue
            except Exception as err:
                raise AssertionError(
                    f"{fmt.name}: {step} raised {type(err).__name__} on {name}, "
                    "not an imrparse error"
                ) from err
            if not ok:
                raise AssertionError(f"{fmt.name}: {step} on {name} returned {type(got).__name__}")
    return len(inputs)


def check_plugin(
    fmt: Format, other_letters: Iterable[Path | bytes] = (), *, generic: bool = False
) -> int:
    """Every check of this kit on one layout; returns how many examples were checked."""
    count = check_examples(fmt)
    check_declines(fmt, other_letters, generic=generic)
    check_junk(fmt)
    return count
