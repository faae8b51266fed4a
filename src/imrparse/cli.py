"""The ``imrparse`` command: parse letters, list layouts, print the record's JSON Schema."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import __version__, batch, engines, plugins
from .convert import to_json
from .errors import ImrParseError, UnrecognisedInput, output_error
from .limits import MAX_TIMEOUT, MB, Limits
from .parse import internal_message, parse
from .schema import record_schema
from .writers import output_kind

INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug in imrparse or a plugin, not bad input


def _error_line(name: str, message: str) -> str:
    # One line, always: a message with newlines would break line-oriented logs.
    return f"imrparse: {name}: {' '.join(message.split())}"


def _error(name: str, message: str) -> None:
    print(_error_line(name, message), file=sys.stderr)


def _exit_code(codes: set[int]) -> int:
    """0 when nothing failed, the failures' own code when they agree, else 1."""
    failed = codes - {0}
    return failed.pop() if len(failed) == 1 else (1 if failed else 0)


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``imrparse: argument --timeout: ...`` and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"imrparse: {' '.join(message.split())} (see '{self.prog} --help')\n")


def _number(
    kind: Callable[[str], float], what: str, ok: Callable[[float], bool]
) -> Callable[[str], Any]:
    """An argparse type: ``kind(text)`` when ``ok`` of it, else a one-line error saying what
    the flag takes (argparse adds the flag's name)."""

    def convert(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and ok(value)):
            raise argparse.ArgumentTypeError(f"must be {what}, not {text!r}")
        return value

    convert.__name__ = what  # argparse names the type in some messages
    return convert


POSITIVE_INT = _number(int, "a whole number of at least 1", lambda v: v >= 1)
MEGABYTES = _number(float, "a size in MB of at least 1 byte", lambda v: v * MB >= 1)
SECONDS = _number(
    float,
    f"seconds, more than 0 and at most {MAX_TIMEOUT:g}, or 0 for no limit",
    lambda v: v == 0 or 0 < v <= MAX_TIMEOUT,
)


def limits_from(args: argparse.Namespace) -> Limits:
    return Limits(
        max_bytes=int(args.max_mb * MB),
        max_pages=args.max_pages,
        timeout=args.timeout or None,
    )


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    d = Limits()
    parser.add_argument(
        "--max-mb",
        type=MEGABYTES,
        default=d.max_bytes / MB,
        help="refuse larger inputs (default %(default)g MB)",
    )
    parser.add_argument(
        "--max-pages",
        type=POSITIVE_INT,
        default=d.max_pages,
        help="refuse PDFs with more pages (default %(default)d)",
    )
    parser.add_argument(
        "--timeout",
        type=SECONDS,
        default=d.timeout,
        help="seconds per letter, 0 for none (default %(default)g)",
    )
    parser.add_argument(
        "--pdf-engine",
        metavar="NAME",
        help="what reads PDFs: pypdfium2 (default) or pdfplumber",
    )


def _parse_one(
    arg: str, fmt: str | None, limits: Limits, pdf_engine: str | None = None
) -> tuple[str | None, int]:
    name = "<stdin>" if arg == "-" else arg
    try:
        if arg == "-":
            letter = parse(
                sys.stdin.buffer, format=fmt, name=name, limits=limits, pdf_engine=pdf_engine
            )
        else:
            path = Path(arg)
            letter = parse(path, format=fmt, name=path.name, limits=limits, pdf_engine=pdf_engine)
    except ImrParseError as err:
        _error(name, err.message)
        return None, err.exit_code
    except Exception as err:  # a bug: report it on one line, keep going with the other files
        _error(name, internal_message(err))
        return None, INTERNAL_ERROR
    return to_json(letter), 0


def cmd_parse(args: argparse.Namespace) -> int:
    codes: list[int] = []
    single = len(args.files) == 1
    limits = limits_from(args)
    for arg in args.files:
        text, code = _parse_one(arg, args.format, limits, args.pdf_engine)
        if text is not None:
            if single and not args.compact:
                text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
            print(text, flush=True)
        codes.append(code)
    return _exit_code(set(codes))


class _Progress:
    """The batch run's observer: a tqdm bar on a terminal, one stderr line per failure, and
    with ``verbose`` one per file skipped as not a letter."""

    def __init__(self, bar: bool, print_failures: bool, verbose: bool = False) -> None:
        self.show_bar = bar
        self.print_failures = print_failures
        self.verbose = verbose
        self.bar: Any = None

    def start(self, total: int) -> None:
        if self.show_bar:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="letter", file=sys.stderr, dynamic_ncols=True)

    def _say(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def done(self, path: Path | str, error: ImrParseError | None) -> None:
        if isinstance(error, UnrecognisedInput):
            if self.verbose:
                self._say(_error_line(str(path), f"skipped: {error.message}"))
        elif error is not None and self.print_failures:
            self._say(_error_line(str(path), error.message))
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def show_progress(quiet: bool, stream: TextIO | None = None) -> bool:
    """A bar only for a person watching: stderr is a terminal and --quiet was not given."""
    stream = stream or sys.stderr
    return not quiet and stream.isatty()


def read_path_list(name: str) -> list[str]:
    """The paths listed one per line in file ``name`` (``-``: stdin); blank lines skipped.

    Read as bytes and decoded as the OS decodes file names, so any name survives.
    """
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(name, "rb") as fh:
            data = fh.read()
    lines = (line.rstrip(b"\r") for line in data.split(b"\n"))
    return [os.fsdecode(line) for line in lines if line.strip()]


def cmd_batch(args: argparse.Namespace) -> int:
    out = Path(args.output)
    shown = "<stdout>" if args.output == batch.STDOUT else str(out)
    if args.output != batch.STDOUT:
        try:
            output_kind(out)
        except ValueError as err:
            _error(shown, str(err))
            return 2
    paths: list[str] = list(args.paths)
    if args.paths_from is not None:
        try:
            paths += read_path_list(args.paths_from)
        except OSError as err:
            _error(args.paths_from, f"cannot read the list of inputs: {err.strerror or err}")
            return 2
    if not paths:
        _error("batch", "no inputs: give PATH arguments or --from FILE")
        return 2
    progress = _Progress(
        bar=show_progress(args.quiet),
        print_failures=not (args.quiet or args.failures),
        verbose=args.verbose,
    )
    engine = None
    try:
        if args.dask:
            engine = engines.load("dask", args.dask, args.jobs)
        summary = batch.run(
            paths,
            out,
            jobs=args.jobs,
            limits=limits_from(args),
            format=args.format,
            failures=Path(args.failures) if args.failures else None,
            observer=progress,
            pdf_engine=args.pdf_engine,
            overwrite=args.overwrite,
            engine=engine,
        )
    except ImrParseError as err:  # bad arguments, no pyarrow, an output error
        progress.close()
        _error(err.source or shown, err.message)
        return err.exit_code
    except batch.Interrupted as stop:
        progress.close()
        n = stop.summary.written
        then = (
            "stdout has no resume"
            if args.output == batch.STDOUT
            else "rerun the same command to resume"
        )
        _error(
            shown,
            f"interrupted: {n} letter{'s' if n != 1 else ''} written to "
            f"{stop.saved_in} before Ctrl-C; {then}",
        )
        return 130
    finally:
        if engine is not None:
            engine.close()
    progress.close()
    for pattern in summary.unmatched:
        _error(pattern, "matches no files")
    print(f"imrparse: {shown}: {summary.line()}", file=sys.stderr)
    return _exit_code(set(summary.exit_codes))


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
    parser = _Parser(
        prog="imrparse",
        description="Parse California IMR final determination letters into JSON records.",
    )
    parser.add_argument("--version", action="version", version=f"imrparse {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="print each letter's record as JSON")
    p.add_argument("files", nargs="+", metavar="FILE", help="letter files; - reads stdin")
    p.add_argument(
        "--layout",
        "--format",
        dest="format",
        help="force a layout by name (see 'imrparse layouts')",
    )
    p.add_argument("--compact", action="store_true", help="one line of JSON even for a single file")
    add_limit_options(p)
    p.set_defaults(func=cmd_parse)

    b = sub.add_parser(
        "batch",
        help="parse many letters into one .jsonl, .csv, .parquet or .sqlite file (resumable)",
        description="Parse every letter PATH names (a file, a folder walked recursively, or a "
        "glob) into OUT; the extension of OUT picks the output. Rerunning with the same OUT "
        "skips letters already in it. Files no installed layout recognises are skipped and "
        "counted as not letters.",
    )
    b.add_argument("paths", nargs="*", metavar="PATH", help="letter files, folders or globs")
    b.add_argument(
        "--from",
        dest="paths_from",
        metavar="FILE",
        help="also read input paths from FILE, one per line (- reads stdin)",
    )
    b.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="OUT.jsonl (a record per letter), OUT.csv or OUT.parquet (a row per "
        "determination), OUT.sqlite (tables of letters, determinations, citations); - writes "
        "JSONL to stdout (no resume)",
    )
    b.add_argument(
        "--failures",
        metavar="FILE",
        help="write a JSON line per letter that failed (path, error, message)",
    )
    b.add_argument(
        "--jobs",
        "-j",
        type=POSITIVE_INT,
        default=None,
        help="worker processes (default: one per core; at most "
        f"{batch.JOBS_PER_CORE} per core and one per letter)",
    )
    b.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no progress bar and no line per failure; the summary still prints",
    )
    b.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="also print a line per file skipped as not a letter",
    )
    b.add_argument(
        "--layout",
        "--format",
        dest="format",
        help="force a layout by name (see 'imrparse layouts')",
    )
    b.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help="parse on a Dask cluster: its scheduler's address, or 'local' for one on this "
        "machine (--jobs workers); PATH may then be any fsspec URL (s3://, zip://, https://); "
        "needs pip install 'imrparse[dask]'",
    )
    b.add_argument(
        "--overwrite", action="store_true", help="start afresh: replace OUT rather than resume it"
    )
    add_limit_options(b)
    b.set_defaults(func=cmd_batch)

    f = sub.add_parser(
        "layouts",
        aliases=["formats"],
        help="list installed layouts: the plugin and version giving each, what it reads",
    )
    f.add_argument("--json", action="store_true", help="a JSON list instead of a table")
    f.set_defaults(func=cmd_formats)

    s = sub.add_parser("schema", help="print the JSON Schema of a record")
    s.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    batch.quiet_library_logs()
    try:
        code: int = args.func(args)
        sys.stdout.flush()  # here, not at exit, where a full disk would give a traceback
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `imrparse parse ... | head`
        sys.stderr.close()
        return 0
    except OSError as err:  # printing to stdout failed: `> /dev/full`, a full disk
        failed = output_error(err, "<stdout>", resumable=False)
        _error("<stdout>", failed.message)
        # Python flushes stdout again at exit; point it at /dev/null so that cannot fail.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return failed.exit_code
    return code


if __name__ == "__main__":
    sys.exit(main())
