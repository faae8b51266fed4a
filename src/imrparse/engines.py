"""Engines a batch can run on besides the local pool, found by name through the
``imrparse.engines`` entry-point group: the core never imports an engine's module (nor its heavy
dependencies) unless asked for it."""

from __future__ import annotations

from importlib.metadata import entry_points

from .batch import Engine
from .errors import MissingDependency

GROUP = "imrparse.engines"


def load(name: str, address: str, jobs: int | None) -> Engine:
    """Start engine ``name`` (``dask``) at ``address``; MissingDependency when not installed."""
    found = entry_points(group=GROUP, name=name)
    if not found:
        raise MissingDependency(f"no {name!r} engine is installed: pip install 'imrparse[{name}]'")
    factory = next(iter(found)).load()  # the module raises MissingDependency itself
    engine: Engine = factory(address, jobs)
    return engine
