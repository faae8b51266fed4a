"""The plugin registry: entry points of the ``imrparse`` group, loaded once, asked for layouts.

Built-in layouts are found here the same way as anyone else's: through the entry-point group.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pluggy
from attrs import frozen

from . import hookspecs
from ._version import __version__
from .errors import UnknownFormat
from .formats import Layout
from .models import Parser

ENTRY_POINT_GROUP = "imrparse"

pm = pluggy.PluginManager("imrparse")
pm.add_hookspecs(hookspecs)

_lock = threading.Lock()
_loaded = False


@frozen
class LayoutInfo:
    """A registered layout and the plugin that provides it."""

    format: Layout
    plugin: str
    distribution: str | None
    version: str | None

    @property
    def layout(self) -> Layout:
        return self.format


def _checked(register: Callable[[Layout], None]) -> Callable[[Layout], None]:
    """The ``register`` callback a plugin's hook gets: it takes Layout instances only."""

    def checked(layout: Layout) -> None:
        if not isinstance(layout, Layout):
            raise TypeError(f"register() takes a Layout instance, not {type(layout).__name__}")
        register(layout)

    return checked


def load_entry_points(refresh: bool = False) -> None:
    """Register every installed plugin of the entry-point group (once per process).

    ``refresh=True`` looks again, for plugins installed since; known ones are not reloaded.
    """
    global _loaded
    with _lock:
        if refresh or not _loaded:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
            _loaded = True


def layout_infos() -> list[LayoutInfo]:
    """Every registered layout with the plugin and distribution that gives it."""
    load_entry_points()
    dists = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    infos: list[LayoutInfo] = []
    for impl in pm.hook.register_formats.get_hookimpls():
        found: list[Layout] = []
        impl.function(register=_checked(found.append))
        dist = dists.get(id(impl.plugin))
        for fmt in found:
            infos.append(
                LayoutInfo(
                    format=fmt,
                    plugin=impl.plugin_name,
                    distribution=dist.metadata["Name"] if dist else None,
                    version=dist.version if dist else None,
                )
            )
    return infos


_parsers: dict[tuple[frozenset[int], str], Parser] = {}


def parser_of(layout_name: str) -> Parser:
    """Who parses with the layout ``layout_name``: imrparse's version, the plugin and its
    version (None when the layout is not registered through a plugin distribution)."""
    load_entry_points()
    key = (frozenset(map(id, pm.get_plugins())), layout_name)  # changes as plugins do
    found = _parsers.get(key)
    if found is None:
        found = Parser(imrparse=__version__)
        for info in layout_infos():
            if info.layout.name == layout_name:
                found = Parser(__version__, info.distribution or info.plugin, info.version)
                break  # the most recently registered plugin wins, as in get_layouts()
        _parsers[key] = found
    return found


def get_layouts() -> dict[str, Layout]:
    """The registered layouts by name. A later registration of a name replaces an earlier one."""
    load_entry_points()
    layouts: dict[str, Layout] = {}

    def register(layout: Layout) -> None:
        # pluggy calls the most recently registered plugin first: it wins a name clash.
        layouts.setdefault(layout.name, layout)

    pm.hook.register_formats(register=_checked(register))
    return layouts


def get_layout(name: str) -> Layout:
    layouts = get_layouts()
    try:
        return layouts[name]
    except KeyError:
        known = ", ".join(sorted(layouts)) or "none"
        raise UnknownFormat(f"unknown layout {name!r} (installed: {known})") from None


# The names the first releases used.
FormatInfo = LayoutInfo
format_infos = layout_infos
get_formats = get_layouts
get_format = get_layout
