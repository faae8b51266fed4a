"""The one place imrparse's version is written (pyproject.toml reads it too)."""

__version__ = "0.2.0"
