"""The hooks a plugin may implement. Deliberately tiny: one hook, with a register callback."""

from __future__ import annotations

from collections.abc import Callable

import pluggy

from .formats import Format

hookspec = pluggy.HookspecMarker("imrparse")
hookimpl = pluggy.HookimplMarker("imrparse")


@hookspec
def register_formats(register: Callable[[Format], None]) -> None:
    """Register letter layouts by calling ``register(SomeFormat())`` once for each."""
