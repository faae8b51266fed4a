"""Helpers for the batch tests that worker processes must import by name (they are spawned)."""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
import time
from pathlib import Path

EXAMPLES = sorted(Path(__file__).resolve().parent.parent.glob("plugins/*/examples/*.txt"))


def unique_copy(data: bytes, i: int) -> bytes:
    """The letter with ``i`` written as trailing blanks: a new sha256, the same record."""
    return data + b"\n" + format(i, "b").replace("0", " ").replace("1", "\t").encode() + b"\n"


def make_corpus(folder: Path, n: int) -> list[Path]:
    """``n`` distinct copies of the example letters, named in order."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [(p.name, p.read_bytes()) for p in EXAMPLES]
    paths = []
    for i in range(n):
        name, data = sources[i % len(sources)]
        path = folder / f"{i:05d}_{name}"
        path.write_bytes(unique_copy(data, i))
        paths.append(path)
    return paths


def batch_command(*args: str) -> list[str]:
    """The argv of ``imrparse batch ARGS...`` run by this interpreter."""
    return [sys.executable, "-m", "imrparse", "batch", *args]


def echo_or_hang(item: str) -> str:
    """Work for the pool tests: "hang" blocks SIGALRM and sleeps, as code stuck in C would."""
    if item == "hang":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    if item == "die":
        os._exit(3)
    if item == "suicide":  # answer, then die before the next task: the worker dies while idle
        threading.Timer(0.05, os._exit, (4,)).start()
    return item.upper()


def note_or_echo(item: str) -> str:
    """Work for the pool tests: given a path, write this worker's pid there, answer, then die
    while idle; else echo the item."""
    if os.sep not in item:
        return item.upper()
    Path(item).write_text(str(os.getpid()))
    threading.Timer(0.05, os._exit, (4,)).start()
    return "noted"


def fail_to_start() -> None:
    """A worker initializer that kills its worker, as a broken install would."""
    os._exit(5)


def overdue(item: str) -> str:
    return f"overdue:{item}"


def died(item: str, how: str) -> str:
    return f"died:{item}:{how}"


def alarm_armed_while_parsing(_item: str) -> float:
    """Work for the pool tests: the SIGALRM timer a parse's limits would arm in this process."""
    from imrparse import limits

    with limits.applied(limits.Limits(timeout=30)):
        return signal.getitimer(signal.ITIMER_REAL)[0]


def parsed(summary: str) -> int:
    """Letters parsed, with or without warnings, from a batch's summary line."""
    m = re.search(r"(\d+) parsed, (\d+) parsed with warnings", summary)
    assert m is not None, summary
    return int(m[1]) + int(m[2])
