"""Resource limits for one parse: input size, PDF pages, time.

``parse()`` sets them for the duration of a call; layout plugins read them through
:func:`current` and call :func:`check_time` / :func:`check_pages` in their loops, so a limit
holds without changing the plugin hook's signature.
"""

from __future__ import annotations

import contextlib
import math
import signal
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from types import FrameType

from attrs import field, frozen, validators

from .errors import InputTooLarge, ParseTimeout

MB = 1024 * 1024
# setitimer overflows near 1e9 s and the parent's deadline arithmetic loses meaning long before;
# a day per letter is already "no limit" in practice.
MAX_TIMEOUT = 86_400.0


def _positive_or_none(_inst: object, _attr: object, value: float | None) -> None:
    if value is not None and not (0 < value <= MAX_TIMEOUT and math.isfinite(value)):
        raise ValueError(f"timeout must be more than 0 and at most {MAX_TIMEOUT:g} s, or None")


@frozen
class Limits:
    """``max_bytes`` of input, ``max_pages`` of a PDF, ``timeout`` s per letter (None: none)."""

    max_bytes: int = field(default=20 * MB, validator=validators.gt(0))
    max_pages: int = field(default=500, validator=validators.gt(0))
    timeout: float | None = field(default=60.0, validator=_positive_or_none)


DEFAULT = Limits()
_current: ContextVar[Limits] = ContextVar("imrparse_limits", default=DEFAULT)
_deadline: ContextVar[float | None] = ContextVar("imrparse_deadline", default=None)
_notes: ContextVar[list[str] | None] = ContextVar("imrparse_notes", default=None)


def note(message: str) -> None:
    """Add a warning to the record being parsed (e.g. from decoding, which has no record)."""
    notes = _notes.get()
    if notes is not None and message not in notes:
        notes.append(message)


@contextlib.contextmanager
def noting() -> Iterator[list[str]]:
    """Collect the :func:`note` calls made inside the block, for the parse to add to warnings."""
    notes: list[str] = []
    token = _notes.set(notes)
    try:
        yield notes
    finally:
        _notes.reset(token)


_alarm_allowed = True


def disable_alarm() -> None:
    """Never use SIGALRM in this process: a pool worker, whose parent enforces the limit."""
    global _alarm_allowed
    _alarm_allowed = False


def current() -> Limits:
    return _current.get()


def check_size(size: int) -> None:
    limit = current().max_bytes
    if size > limit:
        raise InputTooLarge(f"input too large: {size / MB:.1f} MB (limit {limit / MB:.1f} MB)")


def check_pages(pages: int) -> None:
    limit = current().max_pages
    if pages > limit:
        raise InputTooLarge(f"too many pages: {pages} (limit {limit})")


def check_time() -> None:
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise ParseTimeout(f"took longer than {current().timeout:g} s")


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    raise ParseTimeout(f"took longer than {current().timeout:g} s")


@contextlib.contextmanager
def applied(limits: Limits) -> Iterator[None]:
    """Apply ``limits`` for the block.

    The deadline is checked cooperatively between steps and by plugins. In the main thread,
    when no other interval timer runs, SIGALRM also interrupts a step that runs too long.
    """
    token = _current.set(limits)
    deadline = time.monotonic() + limits.timeout if limits.timeout else None
    dtoken = _deadline.set(deadline)
    alarm = (
        _alarm_allowed
        and limits.timeout is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    previous = None
    if alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.timeout or 0.0)
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0.0)
            signal.signal(signal.SIGALRM, previous)
        _deadline.reset(dtoken)
        _current.reset(token)
