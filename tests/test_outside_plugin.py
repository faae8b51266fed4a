"""The worked example installs and works as an outside plugin, exactly as docs/plugins.md says.

A fresh virtual environment, then the guide's own command (``pip install . plugins/imrparse-mpr``
from the repository root), then the installed ``imrparse`` command and the plugin's own tests.
Nothing else in this test suite needs the plugin. It needs pip to reach an index (or the pip
cache) for imrparse's dependencies and the build backend, and takes a minute or so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import ROOT

PLUGIN = ROOT / "plugins" / "imrparse-mpr"
EXAMPLES = PLUGIN / "src" / "imrparse_mpr" / "examples"


def _run(*cmd: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with imrparse and the plugin installed by the guide's command."""
    home = tmp_path_factory.mktemp("outside") / "venv"
    venv.EnvBuilder(with_pip=True).create(home)
    bindir = home / ("Scripts" if sys.platform == "win32" else "bin")
    # docs/plugins.md, "Install it": from the repository root. "[test]" adds pytest for the
    # plugin's own tests below; it installs nothing else.
    _run(bindir / "python", "-m", "pip", "install", "--quiet", ".", "plugins/imrparse-mpr[test]")
    return bindir


def test_formats_lists_the_installed_plugin(fresh_env: Path) -> None:
    rows = json.loads(_run(fresh_env / "imrparse", "formats", "--json").stdout)
    mine = [row for row in rows if row["layout"] == "medical-professional-review"]
    assert mine and mine[0]["plugin"] == "imrparse-mpr" and mine[0]["version"] == "0.1.0"
    table = _run(fresh_env / "imrparse", "formats").stdout
    assert any(
        line.split()[:3] == ["medical-professional-review", "imrparse-mpr", "0.1.0"]
        for line in table.splitlines()
    )


def test_installed_command_parses_the_plugin_examples(fresh_env: Path) -> None:
    letters = sorted(p for p in EXAMPLES.iterdir() if p.suffix == ".txt")
    assert len(letters) >= 2
    out = _run(fresh_env / "imrparse", "parse", "--compact", *letters).stdout.splitlines()
    assert len(out) == len(letters)
    for letter, line in zip(letters, out, strict=True):
        expected = json.loads(letter.with_suffix(".json").read_text(encoding="utf-8"))
        assert json.loads(line) == expected, letter.name


def test_the_plugin_own_tests_pass_against_the_installed_package(fresh_env: Path) -> None:
    # From the plugin's folder, as its author runs them; the code under test is the installed
    # wheel (examples included), not the source tree.
    _run(fresh_env / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=PLUGIN)
