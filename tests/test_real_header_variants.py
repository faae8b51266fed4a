"""The real letters' header table as other letters of the era fill it.

Each variant rewrites one cell of the real texts' header (the text before the first heading) in
every extractor's shape: side by side, column by column (pdfminer, pdftotext: all labels, then
all values, where an odd or blank cell could shift values onto the wrong labels), layout and
Markdown. A date is never put under the wrong label: a cell that holds no one date leaves its
date empty with a warning naming it, and the dates that can still be paired are read.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from imrparse.grammar.header import read_header

from .real_facts import facts, inputs, record_of

TEXTS = [(case, f"{tool}/{case}", path) for case, tool, path in inputs() if tool != "pdf"]
_COLUMN_TOOLS = ("pdfminer", "pdftotext")
_LABELS = {
    "assigned": "Date Assigned",
    "injury": "Date of Injury",
    "decision": "Decision Date",
    "ur_denial": "UR Denial Date",
    "application_received": "Application Received",
}


def _written(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{month}/{day}/{year}"


def _with_cell(key: str, cell: str) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(name, tool, record, facts) for every text whose header writes dates[key] once, with
    that date's cell holding ``cell`` ({} the date) instead."""
    out = []
    for case, name, path in TEXTS:
        want = facts(case)
        text = path.read_text(encoding="utf-8")
        end = text.find("HOW THE IMR")
        written = _written(want["dates"][key])
        if text.count(written, 0, end) != 1:
            continue
        # Markdown breaks a line inside a cell with <br>, as pymupdf4llm writes it.
        filled = cell.replace("\n", "<br>") if name.startswith("md/") else cell
        varied = text[:end].replace(written, filled.format(written)) + text[end:]
        out.append((name, name.split("/")[0], record_of(varied), want))
    return out


@pytest.mark.parametrize(
    "cell",
    [
        "N/A",
        "Unknown",
        "Various",
        "Multiple",
        "Not provided",
        "CT 01/01/2015 - {}",
        "01/01/2015 to {}",
        "CT 01/01/2015 -\n{}",  # the range wrapped in its cell
        "01/01/2015, {}",
        "01/01/2015; {}",  # a list
    ],
)
def test_an_injury_cell_without_one_date_leaves_the_other_dates_read(cell: str) -> None:
    """Column by column, such a cell used to break the count of dates and left all five
    empty; now it is one value that is no date: only the injury date is left to the summary."""
    varied = _with_cell("injury", cell)
    assert len(varied) >= 200, len(varied)
    tools = set()
    for name, tool, record, want in varied:
        tools.add(tool)
        assert record["dates"]["injury"] in (None, want["dates"]["injury"]), name
        assert any(w.startswith("header Date of Injury:") for w in record["warnings"]), name
        others = {k: v for k, v in want["dates"].items() if k != "injury"}
        assert {k: record["dates"][k] for k in others} == others, name
    assert set(_COLUMN_TOOLS) <= tools


@pytest.mark.parametrize("key", list(_LABELS))
def test_a_blank_date_cell_never_shifts_a_date_and_says_what_it_left(key: str) -> None:
    """A blank cell: its date is empty with a warning naming it. Column by column, the dates of
    its column cannot be told apart and are empty, each warned of; the other column's are read."""
    varied = _with_cell(key, "")
    assert len(varied) >= 180, len(varied)
    for name, tool, record, want in varied:
        for other, iso in want["dates"].items():
            got = record["dates"][other]
            if other == key and other != "injury":
                assert got is None, name
            if got != iso:
                assert got is None or other == "injury", (name, other, got)
                label = _LABELS[other]
                assert any(w.startswith(f"header {label}:") for w in record["warnings"]), name
        if tool in _COLUMN_TOOLS:
            # The other column's dates are read: the left holds Date Assigned and Decision Date.
            left = {"assigned", "decision"}
            kept = set(_LABELS) - left if key in left else left
            assert {k: record["dates"][k] for k in kept} == {
                k: v for k, v in want["dates"].items() if k in kept
            }, name


_COLUMNS = (
    "Case Number:\nDate Assigned:\nDecision Date:\nPriority:\n\n"
    "CM16-0229336\n{assigned}\n{decision}\nStandard\n\n"
    "Date of Injury:\nUR Denial Date:\nApplication\nReceived:\n\n{injury}\n{ur}\n{received}\n"
)
_DATES = {
    "assigned": "12/05/2016",
    "decision": "12/30/2016",
    "injury": "10/20/2016",
    "ur": "10/28/2016",
    "received": "11/28/2016",
}


def test_column_by_column_header_pairs_each_column_apart() -> None:
    h = read_header(_COLUMNS.format(**{**_DATES, "injury": "N/A"}))
    assert h.dates == {
        "assigned": date(2016, 12, 5),
        "decision": date(2016, 12, 30),
        "ur_denial": date(2016, 10, 28),
        "application_received": date(2016, 11, 28),
    }
    assert h.warnings == ["header Date of Injury: 'N/A' is not a date; left empty"]
    assert (h.case_number, h.priority) == ("CM16-0229336", "Standard")
    # A blank cell in the left column: neither of its dates is guessed; the right's are read.
    h = read_header(_COLUMNS.format(**{**_DATES, "assigned": ""}))
    assert h.dates == {
        "injury": date(2016, 10, 20),
        "ur_denial": date(2016, 10, 28),
        "application_received": date(2016, 11, 28),
    }
    assert [w.split(":")[0] for w in h.warnings] == ["header Date Assigned", "header Decision Date"]
    # A range in the right column is one value, no date.
    h = read_header(_COLUMNS.format(**{**_DATES, "injury": "CT 01/01/2015 - 10/20/2016"}))
    assert "injury" not in h.dates and len(h.dates) == 4
    assert h.warnings == [
        "header Date of Injury: '01/01/2015 - 10/20/2016' is not a date; left empty"
    ]


def test_a_letter_without_its_header_says_which_fields_that_leaves_empty() -> None:
    # Plain text taken without the header table (as letters 001-004) left priority and three
    # dates empty with nothing said; only the case number and decision date were warned of.
    for case, name, path in TEXTS:
        text = path.read_text(encoding="utf-8")
        at = text.find("HOW THE IMR")
        if not 0 < at < 2000:
            continue  # (Markdown and page-joined texts put it elsewhere)
        record = record_of(text[at:])
        # The injury date, where the summary states it, is read there ("a history of an
        # occupational claim from <date>" is no such statement: in CM16-0248698 that date is
        # not the injury's), and then not named.
        injury = record["dates"]["injury"]
        assert injury in (None, facts(case)["dates"]["injury"]), name
        fields = "Date Assigned, " + ("Date of Injury, " if injury is None else "")
        said = (
            f"no case header was found: {fields}UR Denial Date, Priority and Application "
            "Received left empty"
        )
        assert said in record["warnings"], (name, record["warnings"])
