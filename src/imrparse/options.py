"""Reader options a caller passes through ``parse()`` to the layout plugins.

``parse(x, pdf_engine="pdfplumber")`` sets ``pdf_engine`` for the duration of the call, as
:mod:`imrparse.limits` does for limits; a plugin reads it with :func:`option`, so an option
reaches the layout without changing the plugin hook. Unset options are ``None``: the
plugin's default.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from types import MappingProxyType

_current: ContextVar[Mapping[str, str]] = ContextVar(
    "imrparse_options", default=MappingProxyType({})
)


def option(name: str) -> str | None:
    """The value of option ``name`` in the current ``parse()`` call, None when not given."""
    return _current.get().get(name)


@contextlib.contextmanager
def applied(**options: str | None) -> Iterator[None]:
    token = _current.set({k: v for k, v in options.items() if v is not None})
    try:
        yield
    finally:
        _current.reset(token)
