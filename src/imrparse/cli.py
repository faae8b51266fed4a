"""The ``imrparse`` command: parse letters, list layouts, print the record's JSON Schema."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, plugins
from .convert import to_json
from .errors import ImrParseError, UnreadableInput
from .limits import MB, Limits
from .parse import parse
from .schema import record_schema

INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug in imrparse or a plugin, not bad input


def _error(name: str, message: str) -> None:
    # One line, always: a message with newlines would break line-oriented logs.
    print(f"imrparse: {name}: {' '.join(message.split())}", file=sys.stderr)


def limits_from(args: argparse.Namespace) -> Limits:
    return Limits(
        max_bytes=int(args.max_mb * MB),
        max_pages=args.max_pages,
        timeout=args.timeout or None,
    )


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    d = Limits()
    parser.add_argument("--max-mb", type=float, default=d.max_bytes / MB,
                        help="refuse larger inputs (default %(default)g MB)")
    parser.add_argument("--max-pages", type=int, default=d.max_pages,
                        help="refuse PDFs with more pages (default %(default)d)")
    parser.add_argument("--timeout", type=float, default=d.timeout,
                        help="seconds per letter, 0 for none (default %(default)g)")


def _parse_one(arg: str, fmt: str | None, limits: Limits) -> tuple[str | None, int]:
    name = "<stdin>" if arg == "-" else arg
    try:
        if arg == "-":
            letter = parse(sys.stdin.buffer, format=fmt, name=name, limits=limits)
        else:
            path = Path(arg)
            if path.is_dir():
                raise UnreadableInput("is a directory")
            letter = parse(path, format=fmt, name=path.name, limits=limits)
    except ImrParseError as err:
        _error(name, err.message)
        return None, err.exit_code
    except Exception as err:  # a bug: report it on one line, keep going with the other files
        _error(name, f"internal error: {type(err).__name__}: {err} (please report this)")
        return None, INTERNAL_ERROR
    return to_json(letter), 0


def cmd_parse(args: argparse.Namespace) -> int:
    codes: list[int] = []
    single = len(args.files) == 1
    limits = limits_from(args)
    for arg in args.files:
        text, code = _parse_one(arg, args.format, limits)
        if text is not None:
            if single and not args.compact:
                text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
            print(text, flush=True)
        codes.append(code)
    failed = {c for c in codes if c}
    return failed.pop() if len(failed) == 1 else (1 if failed else 0)


def cmd_formats(args: argparse.Namespace) -> int:
    rows = [
        {
            "layout": info.format.name,
            "plugin": info.distribution or info.plugin,
            "version": info.version,
            "reads": info.format.description,
        }
        for info in sorted(plugins.format_infos(), key=lambda i: i.format.name)
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    # An aligned table: readable, and split by runs of two or more spaces for scripts.
    table = [["LAYOUT", "PLUGIN", "VERSION", "READS"]]
    table += [[str(r[k] or "-") for k in ("layout", "plugin", "version", "reads")] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[3]]).rstrip())
    return 0


def cmd_schema(_args: argparse.Namespace) -> int:
    print(json.dumps(record_schema(), indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imrparse",
        description="Parse California IMR final determination letters into JSON records.",
    )
    parser.add_argument("--version", action="version", version=f"imrparse {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="print each letter's record as JSON")
    p.add_argument("files", nargs="+", metavar="FILE", help="letter files; - reads stdin")
    p.add_argument("--format", help="force a layout by name (see 'imrparse formats')")
    p.add_argument(
        "--compact", action="store_true", help="one line of JSON even for a single file"
    )
    add_limit_options(p)
    p.set_defaults(func=cmd_parse)

    f = sub.add_parser(
        "formats", help="list installed layouts: the plugin and version giving each, what it reads"
    )
    f.add_argument("--json", action="store_true", help="a JSON list instead of a table")
    f.set_defaults(func=cmd_formats)

    s = sub.add_parser("schema", help="print the JSON Schema of a record")
    s.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `imrparse parse ... | head`
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
