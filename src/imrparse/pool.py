"""Ordered work over worker processes, with a per-item deadline: pebble's ``ProcessPool``.

pebble kills and replaces a worker whose task runs past its timeout or that dies, and fails
only that task (``TimeoutError``, ``ProcessExpired``); the pool goes on. This module adds what a
batch needs on top: answers in input order, a bounded number of items in flight (memory stays
flat however long the input), a new pool when pebble declares one broken (no letter is lost to
a race between a worker's death and its task's start), and a clear error when a script would
start workers without an ``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import ast
import multiprocessing as mp
import multiprocessing.context
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import synchronize
from pathlib import Path
from types import FrameType
from typing import Generic, TypeVar

from pebble import ProcessExpired, ProcessPool

T = TypeVar("T")
R = TypeVar("R")

_STOP_WAIT = 10.0  # seconds to wait for the workers to exit at the end of a run


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _guarded_lines(path: str) -> list[tuple[int, int]]:
    """Line ranges of the module-level ``if __name__ == "__main__":`` blocks of a script."""
    try:
        tree = ast.parse(Path(path).read_bytes(), path)
    except (OSError, SyntaxError, ValueError):
        return []
    ranges = []
    for node in tree.body:
        if (
            isinstance(node, ast.If)
            and "__main__" in ast.unparse(node.test)
            and ("__name__" in ast.unparse(node.test))
        ):
            ranges.append((node.lineno, node.end_lineno or node.lineno))
    return ranges


def _main_frame(frame: FrameType | None) -> FrameType | None:
    """The frame running the ``__main__`` script's top-level code, if it is on the stack."""
    main = sys.modules.get("__main__")
    main_file = getattr(main, "__file__", None)
    # What a spawned child re-runs, as multiprocessing.spawn decides it: a module run with -m
    # by its name (but never a package's __main__), else a script by its path.
    name = getattr(getattr(main, "__spec__", None), "name", None)
    if name is not None and (name == "__main__" or name.endswith(".__main__")):
        return None
    while frame is not None:
        if (
            frame.f_code.co_name == "<module>"
            and frame.f_globals.get("__name__") in ("__main__", "__mp_main__")
            and main_file is not None
            and os.path.abspath(frame.f_code.co_filename) == os.path.abspath(main_file)
        ):
            return frame
        frame = frame.f_back
    return None


def check_main_guard(what: str) -> None:
    """RuntimeError (one line) when called from a script's top level outside a main guard.

    Workers are spawned: each imports the ``__main__`` script again, so unguarded top-level
    code would start workers of its own (multiprocessing refuses that with a long traceback
    from every worker). Checked in the parent before any worker starts.
    """
    frame = _main_frame(sys._getframe(1))
    if frame is None:  # an interactive session, python -c, a notebook, a test runner
        return
    line = frame.f_lineno
    if any(start <= line <= end for start, end in _guarded_lines(frame.f_code.co_filename)):
        return
    name = os.path.basename(frame.f_code.co_filename)
    raise RuntimeError(
        f"{what} starts worker processes, which import {name} again: put the code that calls "
        f'it (line {line}) under `if __name__ == "__main__":`'
    )


_POLL = 1.0  # seconds between checks that the pool still runs, while waiting for an answer
_TRIES = 2  # schedulings of one item, at most, when pebble declares its pool broken


class _LocksOutliveWorkers(mp.context.SpawnContext):
    """spawn, holding every lock pebble makes until :meth:`_Pool.stop` has stopped the workers.

    pebble drops a pool's channel locks (named semaphores) before it stops its workers. A
    worker still reading its start-up data (a slow import on a loaded machine) then cannot open
    them and prints a ``FileNotFoundError`` traceback on the user's terminal.
    """

    def __init__(self) -> None:
        super().__init__()
        self.locks: list[synchronize.RLock] = []

    def RLock(self) -> synchronize.RLock:
        lock = super().RLock()
        self.locks.append(lock)
        return lock


class _Pool:
    """The pebble pool of a run, started again when pebble declares it broken.

    pebble breaks the whole pool ("All workers expired") when a worker dies and it finds no
    task running: a worker killed while idle, or one that dies before its task's start is
    read. Every task in flight then fails with ``BrokenProcessPool`` (or, still queued, never
    ends), and the pool refuses new work. The letters themselves are not at fault.
    """

    def __init__(self, jobs: int, init: Callable[[], None] | None) -> None:
        self._jobs = jobs
        self._init = init
        self._start()

    def _start(self) -> None:
        # spawn, not fork: the parent runs threads (pebble's, a progress bar); fork copies locks.
        self._context = _LocksOutliveWorkers()
        self.pool = ProcessPool(
            max_workers=self._jobs, initializer=self._init, context=self._context
        )

    def restart(self) -> None:
        self.stop()
        self._start()

    def stop(self) -> None:
        # stop() rather than close(): a consumer that stops early leaves nothing running.
        self.pool.stop()  # type: ignore[no-untyped-call]  # pebble leaves stop() unannotated
        self.pool.join(timeout=_STOP_WAIT)  # returns once every worker has exited
        self._context.locks.clear()


@dataclass(slots=True)
class _Job(Generic[T, R]):
    """An item in flight: its future, how many times it was scheduled, the pool running it."""

    item: T
    future: Future[R]
    tries: int
    pool: ProcessPool

    def broken(self) -> bool:
        """Whether the task failed with its pool rather than on its own."""
        if not self.future.done():
            return not self.pool.active  # queued when the pool broke: pebble never ends it
        failed = not self.future.cancelled() and self.future.exception()
        return isinstance(failed, BrokenProcessPool)


def ordered_map(
    work: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int,
    on_overdue: Callable[[T], R],
    on_died: Callable[[T, str], R],
    deadline: float | None = None,
    init: Callable[[], None] | None = None,
    prefetch: int = 2,
) -> Iterator[tuple[T, R]]:
    """``(item, work(item))`` for every item, in ``jobs`` worker processes, in input order.

    ``work`` and ``init`` must be importable module-level functions (workers are spawned, so
    they import it); ``work`` should return plain data rather than raise. An item still running
    ``deadline`` seconds after it started gets ``on_overdue(item)`` instead and its worker is
    replaced; an item whose worker died gets ``on_died(item, how)``. When pebble declares the
    whole pool broken, a new pool runs the items in flight again; an item in flight when two
    pools broke gets ``on_died``. ``items`` is read lazily.
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    window = max(16, jobs * prefetch * 4)  # items scheduled but not yet yielded, at most
    workers = _Pool(jobs, init)
    pending: deque[_Job[T, R]] = deque()

    def schedule(item: T, tries: int) -> _Job[T, R]:
        future = workers.pool.schedule(work, args=(item,), timeout=deadline)
        return _Job(item, future, tries + 1, workers.pool)

    def recover() -> None:
        """A new pool for the items the broken one failed; the others keep their answers."""
        workers.restart()
        for n, job in enumerate(pending):
            if job.tries < _TRIES and job.broken():
                job.future.cancel()
                pending[n] = schedule(job.item, job.tries)

    def answer(job: _Job[T, R]) -> R:
        while True:
            try:
                # Waits as result() would; pebble's deadline is returned here, not raised.
                job.future.exception(timeout=_POLL)
            except FutureTimeout:  # only this wait's
                if job.pool.active:
                    continue
            except CancelledError:
                pass
            if not job.broken():
                return settled(job)
            if job.tries >= _TRIES:
                return on_died(job.item, f"the worker pool broke {job.tries} times while it ran")
            pending.appendleft(job)
            recover()
            job = pending.popleft()

    def settled(job: _Job[T, R]) -> R:
        """The answer for an item whose task ended on its own."""
        try:
            return job.future.result(timeout=0)
        except FutureTimeout:  # pebble's deadline
            return on_overdue(job.item)
        except ProcessExpired as err:
            return on_died(job.item, f"worker process died (exit code {err.exitcode})")
        except (CancelledError, Exception) as err:  # a result that did not pickle
            return on_died(job.item, f"{type(err).__name__}: {err}")

    try:
        for item in items:
            try:
                pending.append(schedule(item, 0))
            except RuntimeError:  # pebble refuses new work once it has broken its pool
                if workers.pool.active:
                    raise
                recover()
                pending.append(schedule(item, 0))
            if len(pending) >= window:
                job = pending.popleft()
                yield job.item, answer(job)
        while pending:
            job = pending.popleft()
            yield job.item, answer(job)
    finally:
        workers.stop()
