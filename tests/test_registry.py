"""The registry: layouts come from entry points, are chosen by content, and can be forced."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import imrparse
from imrparse import plugins

FAKE_PLUGIN = '''
from imrparse import Block, Document, Format, hookimpl


class Memo(Format):
    """A made-up layout: 'IMR MEMO' then 'key = value' lines."""

    name = "memo"
    description = "test-only memo layout"

    def sniff(self, data: bytes) -> float:
        return 0.9 if data.startswith(b"IMR MEMO") else 0.0

    def read(self, data: bytes) -> Document:
        fields = dict(
            line.split(" = ", 1) for line in data.decode().splitlines()[1:] if " = " in line
        )
        return Document([
            Block(f"Case Number: {fields['case']}"),
            Block("CLINICAL CASE SUMMARY", heading=True),
            Block(fields["summary"]),
            Block("IMR ISSUES, DECISIONS AND RATIONALES", heading=True),
            Block(f"{fields['item']}: {fields['outcome']}"),
            Block(f"Decision rationale: {fields['why']}"),
        ])


@hookimpl
def register_formats(register):
    register(Memo())
'''

MEMO = b"""IMR MEMO
case = CM15-0000001
summary = This is a 50-year-old woman injured on 4/1/2014.
item = Acupuncture x6
outcome = Overturned
why = Meets the guideline.
"""


@pytest.fixture
def installed_fake_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Install a plugin the way pip would: a module plus dist-info with an entry point."""
    (tmp_path / "imrparse_memo.py").write_text(textwrap.dedent(FAKE_PLUGIN))
    info = tmp_path / "imrparse_memo-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: imrparse-memo\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text("[imrparse]\nmemo = imrparse_memo\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    plugins.load_entry_points(refresh=True)
    yield
    plugins.pm.unregister(name="memo")
    sys.modules.pop("imrparse_memo", None)


def test_a_plugin_defined_only_in_the_test_is_found_and_used(installed_fake_plugin: None) -> None:
    letter = imrparse.parse(MEMO)
    assert letter.source is not None and letter.source.format == "memo"
    assert letter.case_number == "CM15-0000001"
    assert letter.patient.age == 50 and letter.patient.sex == "female"
    assert str(letter.dates.injury) == "2014-04-01"
    assert [(d.item, d.outcome) for d in letter.determinations] == [
        ("Acupuncture x6", "overturned")
    ]
    infos = {i.format.name: i for i in plugins.format_infos()}
    assert infos["memo"].distribution == "imrparse-memo" and infos["memo"].version == "1.2.3"


def test_builtin_layouts_come_through_the_entry_point_group() -> None:
    infos = {i.format.name: i for i in plugins.format_infos()}
    assert infos["plain-text"].distribution == "imrparse"
    assert infos["plain-text"].plugin == "plain-text"  # the entry point's name


def test_layout_is_chosen_by_content_not_extension(
    tmp_path: Path, plain_letters: list[Path]
) -> None:
    renamed = tmp_path / "letter.html"
    renamed.write_bytes(plain_letters[0].read_bytes())
    letter = imrparse.parse(renamed)
    assert letter.source is not None and letter.source.format == "plain-text"
    assert letter.source.name == "letter.html"


def test_format_forces_a_layout(plain_letters: list[Path]) -> None:
    letter = imrparse.parse(plain_letters[0], format="plain-text")
    assert letter.source is not None and letter.source.format == "plain-text"
    with pytest.raises(imrparse.UnknownFormat, match="unknown layout 'nope'"):
        imrparse.parse(plain_letters[0], format="nope")


def test_parse_accepts_path_str_bytes_and_binary_file(plain_letters: list[Path]) -> None:
    path = plain_letters[1]
    records = [
        imrparse.parse(path),
        imrparse.parse(str(path)),
        imrparse.parse(path.read_bytes(), name=path.name),
    ]
    with path.open("rb") as fh:
        records.append(imrparse.parse(fh))
    assert all(r == records[0] for r in records)


def test_input_no_layout_claims_is_not_a_letter() -> None:
    with pytest.raises(imrparse.NotAnImrLetter, match="not an IMR letter"):
        imrparse.parse(b"Chocolate cake. Mix flour and sugar, bake 30 minutes.", name="cake.txt")


class _NotALayout:
    @staticmethod
    @imrparse.hookimpl
    def register_formats(register):  # type: ignore[no-untyped-def]
        register("plain text, please")


def test_every_way_to_list_layouts_refuses_what_is_no_layout() -> None:
    plugin = _NotALayout()
    plugins.pm.register(plugin, name="not-a-layout")
    try:
        with pytest.raises(TypeError, match="takes a Layout instance, not str"):
            plugins.get_layouts()
        with pytest.raises(TypeError, match="takes a Layout instance, not str"):
            plugins.layout_infos()
    finally:
        plugins.pm.unregister(plugin)


def test_the_first_releases_names_still_work() -> None:
    assert imrparse.Format is imrparse.Layout
    assert plugins.get_formats is plugins.get_layouts and plugins.get_format is plugins.get_layout
    assert "plain-text" in plugins.get_formats()
    info = plugins.format_infos()[0]
    assert isinstance(info, plugins.FormatInfo) and info.layout is info.format


def test_a_layout_is_forced_by_its_name_as_layout_or_format() -> None:
    letter = (
        Path(__file__).parent.parent
        / "plugins"
        / "imrparse_plaintext"
        / "examples"
        / "001_ae97dfca8d2e23cb.txt"
    )
    by_layout = imrparse.parse(letter, layout="layout-text")
    assert by_layout.source is not None and by_layout.source.format == "layout-text"
    assert imrparse.parse(letter, format="layout-text") == by_layout


def test_every_record_names_the_imrparse_and_plugin_versions_that_made_it() -> None:
    from imrparse.models import Parser

    root = Path(__file__).resolve().parent.parent
    letter = imrparse.parse(sorted(root.glob("plugins/*/examples/*.txt"))[0])
    assert letter.source is not None
    assert letter.source.parser == Parser(imrparse.__version__, "imrparse", imrparse.__version__)
    record = imrparse.to_dict(letter)
    assert record["source"]["parser"] == {
        "imrparse": imrparse.__version__,
        "plugin": "imrparse",
        "plugin_version": imrparse.__version__,
    }
    del record["source"]["parser"]  # JSON from before it was recorded still loads
    assert imrparse.from_dict(record).source.parser is None  # type: ignore[union-attr]
