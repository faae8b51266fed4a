"""Ordered work over worker processes, with a parent-side deadline per item.

``multiprocessing.Pool`` and ``ProcessPoolExecutor`` cannot stop one stuck worker without
breaking the whole pool, so this is a small pool of our own: each worker has its own pipe,
takes a few items ahead, and answers each one in turn. The parent yields the answers in input
order, keeps a bounded number of items in flight (memory stays flat however long the input),
and kills and replaces a worker whose current item runs past the deadline or that dies.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_READY = "ready"


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _serve(conn: Connection, work: Callable[[Any], Any], init: Callable[[], None] | None) -> None:
    # Ctrl-C reaches the whole process group; the parent handles it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        if init is not None:
            init()  # warm up (imports, plugins) before the first item's clock starts
        conn.send(_READY)
        while True:
            message = conn.recv()
            if message is None:
                return
            index, item = message
            conn.send((index, work(item)))
    except (EOFError, OSError):  # the parent is gone (killed, crashed): nothing left to do
        return


class _Worker(Generic[T]):
    def __init__(
        self, ctx: SpawnContext, work: Callable[[T], Any], init: Callable[[], None] | None
    ) -> None:
        self.conn, child = ctx.Pipe()
        self.proc: BaseProcess = ctx.Process(target=_serve, args=(child, work, init), daemon=True)
        self.proc.start()
        child.close()  # so that the parent sees EOF when the worker dies
        self.ready = False
        self.tasks: deque[tuple[int, T]] = deque()
        self.since: float | None = None  # when the item at the head of ``tasks`` started

    def give(self, task: tuple[int, T]) -> bool:
        """Queue ``task`` on this worker; False when it has died and could not take it."""
        try:
            self.conn.send(task)
        except OSError:  # it died since the last wait(); the loop sees its EOF next
            return False
        self.tasks.append(task)
        if len(self.tasks) == 1:
            self.since = time.monotonic()
        return True

    def finished_one(self, now: float) -> tuple[int, T]:
        task = self.tasks.popleft()
        self.since = now if self.tasks else None
        return task

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()

    def stop(self) -> None:
        if self.tasks or not self.proc.is_alive():
            self.kill()
            return
        with contextlib.suppress(OSError):  # it died meanwhile: join() below reaps it
            self.conn.send(None)
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.kill()
        self.conn.close()


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
    replaced; an item whose worker died gets ``on_died(item, how)``. ``items`` is read lazily.
    """
    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    # spawn, not fork: the parent may run threads (a progress bar), and fork copies locks.
    ctx = mp.get_context("spawn")
    source = enumerate(items)
    retry: deque[tuple[int, T]] = deque()
    results: dict[int, tuple[T, R]] = {}
    window = max(16, jobs * prefetch * 4)  # items taken but not yet yielded, at most
    state = {"next_out": 0, "issued": 0, "exhausted": False}

    def next_task() -> tuple[int, T] | None:
        if retry:
            return retry.popleft()
        if state["exhausted"] or state["issued"] - state["next_out"] >= window:
            return None
        try:
            task = next(source)
        except StopIteration:
            state["exhausted"] = True
            return None
        state["issued"] += 1
        return task

    workers: list[_Worker[T]] = [_Worker(ctx, work, init) for _ in range(jobs)]

    def replace(i: int, died: str | None) -> None:
        """Kill worker ``i``; its current item gets on_died (``died`` says how) or on_overdue."""
        w = workers[i]
        w.kill()
        if w.tasks:
            index, item = w.tasks.popleft()
            results[index] = (item, on_overdue(item) if died is None else on_died(item, died))
            retry.extendleft(reversed(w.tasks))  # the rest were never started: run them again
        workers[i] = _Worker(ctx, work, init)

    try:
        while True:
            while state["next_out"] in results:
                value = results.pop(state["next_out"])
                state["next_out"] += 1
                yield value
            for w in workers:
                while w.ready and len(w.tasks) < prefetch:
                    task = next_task()
                    if task is None:
                        break
                    if not w.give(task):
                        retry.appendleft(task)  # never sent: not the item that killed it
                        break
            if state["exhausted"] and not retry and not any(w.tasks for w in workers):
                return  # every item answered, and the loop above yielded them all
            timeout = None
            if deadline is not None:
                started = [w.since for w in workers if w.since is not None]
                if started:
                    timeout = max(0.0, min(started) + deadline - time.monotonic())
            ready = wait([w.conn for w in workers], timeout)
            now = time.monotonic()
            for i, w in enumerate(list(workers)):
                if w.conn not in ready:
                    continue
                try:
                    message = w.conn.recv()
                except (EOFError, OSError):
                    w.proc.join()
                    if not w.ready:
                        raise RuntimeError(
                            f"a worker process could not start (exit code {w.proc.exitcode})"
                        ) from None
                    replace(i, f"worker process died (exit code {w.proc.exitcode})")
                    continue
                if message == _READY:
                    w.ready = True
                    continue
                index, value = message
                _, item = w.finished_one(now)
                results[index] = (item, value)
            if deadline is not None:
                for i, w in enumerate(workers):
                    if w.since is not None and now - w.since > deadline:
                        replace(i, None)
    finally:
        for w in workers:
            w.stop()
