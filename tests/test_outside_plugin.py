"""The worked example installs and works as an outside plugin, exactly as docs/plugins.md says.

A fresh virtual environment, then the guide's own command (``pip install . plugins/imrparse-mpr``
from the repository root), then the installed ``imrparse`` command and the plugin's own tests.
The guide's tutorial plugin is built there too, from the code in docs/plugins.md itself.
Nothing else in this test suite needs the plugin. It needs pip to reach an index (or the pip
cache) for imrparse's dependencies and the build backend, and takes a minute or so.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from imrparse import __version__ as imrparse_version

from .conftest import ROOT

GUIDE = ROOT / "docs" / "plugins.md"
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
        got = json.loads(line)
        parser = got["source"].pop("parser")
        assert parser == {
            "imrparse": imrparse_version,
            "plugin": "imrparse-mpr",
            "plugin_version": "0.1.0",
        }
        assert got == expected, letter.name


def test_the_plugin_own_tests_pass_against_the_installed_package(fresh_env: Path) -> None:
    # From the plugin's folder, as its author runs them; the code under test is the installed
    # wheel (examples included), not the source tree.
    _run(fresh_env / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=PLUGIN)


def _guide_block(after: str, lang: str = "") -> str:
    """The first fenced block of docs/plugins.md (of language ``lang``) after the text ``after``."""
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(after)
    m = re.compile(rf"^```{lang}\n(.*?)^```", re.M | re.S).search(text, start)
    assert m is not None, f"no ```{lang} block after {after!r} in {GUIDE.name}"
    return m[1]


def test_the_guide_tutorial_works_as_written(fresh_env: Path, tmp_path: Path) -> None:
    # The tutorial's files, taken from docs/plugins.md itself, then its commands.
    project = tmp_path / "imrparse-worksheet"
    module = project / "src" / "imrparse_worksheet"
    (module / "examples").mkdir(parents=True)
    (project / "tests").mkdir()
    (project / "pyproject.toml").write_text(_guide_block("### 2.", "toml"))
    (module / "__init__.py").write_text(_guide_block("### 3.", "python"))
    letter = module / "examples" / "worksheet_01.txt"
    letter.write_text(
        _guide_block("Save this as `src/imrparse_worksheet/examples/worksheet_01.txt`")
    )
    (project / "tests" / "test_examples.py").write_text(_guide_block("### 7.", "python"))

    _run(fresh_env / "python", "-m", "pip", "install", "--quiet", "-e", ".[test]", cwd=project)
    table = _run(fresh_env / "imrparse", "formats", cwd=project).stdout
    assert any(
        line.split()[:3] == ["reviewer-worksheet", "imrparse-worksheet", "0.1.0"]
        for line in table.splitlines()
    )
    record = json.loads(_run(fresh_env / "imrparse", "parse", letter, cwd=project).stdout)
    # What step 6 tells the reader to check by hand.
    assert record["case_number"] == "CM14-0000001"
    assert record["dates"]["injury"] == "2014-04-01"
    assert record["patient"] == {"age": 50, "sex": "female"}
    assert [(d["item"], d["outcome"]) for d in record["determinations"]] == [
        ("Acupuncture x6", "overturned")
    ]
    assert record["determinations"][0]["maximus_guideline"]["citations"][0]["pages"] == [8]
    assert record["source"]["format"] == "reviewer-worksheet"
    letter.with_suffix(".json").write_text(json.dumps(record))
    _run(fresh_env / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
