"""The plugin registry: entry points of the ``imrparse`` group, loaded once, asked for layouts.

Built-in layouts are found here the same way as anyone else's: through the entry-point group.
"""

from __future__ import annotations

import threading

import pluggy
from attrs import frozen

from . import hookspecs
from ._version import __version__
from .errors import UnknownFormat
from .formats import Format
from .models import Parser

ENTRY_POINT_GROUP = "imrparse"

pm = pluggy.PluginManager("imrparse")
pm.add_hookspecs(hookspecs)

_lock = threading.Lock()
_loaded = False


@frozen
class FormatInfo:
    """A registered layout and the plugin that provides it."""

    format: Format
    plugin: str
    distribution: str | None
    version: str | None


def load_entry_points(refresh: bool = False) -> None:
    """Register every installed plugin of the entry-point group (once per process).

    ``refresh=True`` looks again, for plugins installed since; known ones are not reloaded.
    """
    global _loaded
    with _lock:
        if refresh or not _loaded:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
            _loaded = True


def format_infos() -> list[FormatInfo]:
    """Every registered layout with the plugin and distribution that gives it."""
    load_entry_points()
    dists = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    infos: list[FormatInfo] = []
    for impl in pm.hook.register_formats.get_hookimpls():
        found: list[Format] = []
        impl.function(register=found.append)
        dist = dists.get(id(impl.plugin))
        for fmt in found:
            infos.append(
                FormatInfo(
                    format=fmt,
                    plugin=impl.plugin_name,
                    distribution=dist.metadata["Name"] if dist else None,
                    version=dist.version if dist else None,
                )
            )
    return infos


_parsers: dict[tuple[frozenset[int], str], Parser] = {}


def parser_of(format_name: str) -> Parser:
    """Who parses with the layout ``format_name``: imrparse's version, the plugin and its
    version (None when the layout is not registered through a plugin distribution)."""
    load_entry_points()
    key = (frozenset(id(p) for p in pm.get_plugins()), format_name)  # changes as plugins do
    found = _parsers.get(key)
    if found is None:
        found = Parser(imrparse=__version__)
        for info in format_infos():
            if info.format.name == format_name:
                found = Parser(__version__, info.distribution or info.plugin, info.version)
                break  # the most recently registered plugin wins, as in get_formats()
        _parsers[key] = found
    return found


def get_formats() -> dict[str, Format]:
    """The registered layouts by name. A later registration of a name replaces an earlier one."""
    load_entry_points()
    formats: dict[str, Format] = {}

    def register(fmt: Format) -> None:
        if not isinstance(fmt, Format):
            raise TypeError(f"register() takes a Format instance, not {type(fmt).__name__}")
        # pluggy calls the most recently registered plugin first: it wins a name clash.
        formats.setdefault(fmt.name, fmt)

    pm.hook.register_formats(register=register)
    return formats


def get_format(name: str) -> Format:
    formats = get_formats()
    try:
        return formats[name]
    except KeyError:
        known = ", ".join(sorted(formats)) or "none"
        raise UnknownFormat(f"unknown format {name!r} (installed: {known})") from None
