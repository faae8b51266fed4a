"""A worker initializer whose module every worker but the first imports slowly, deaf to SIGTERM
meanwhile: a worker still starting when the run ends, as on a loaded machine.

Spawned workers import this module while they read their start-up data from the parent, just
before they open the pool's semaphores by name. The test sets ``SLOW_START_DIR`` after the
parent has imported it, so only workers see it.
"""

from __future__ import annotations

import os
import signal
import time

_DIR = os.environ.get("SLOW_START_DIR")
if _DIR is not None:
    try:
        os.close(os.open(os.path.join(_DIR, "first"), os.O_CREAT | os.O_EXCL))
    except FileExistsError:  # not the first worker: start late
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        time.sleep(2.0)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def init() -> None:
    """Nothing: the work is in this module's import."""
