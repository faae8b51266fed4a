"""A held-out probe: letters never seen, laid out as the published PDFs, read by every extractor.

    python benchmarks/probe_generated.py [--letters 100] [--seed 1] [-v]

Each letter is drawn by ``tests/pdf_fixtures.real_pdf`` in the published layout (its header
table, fonts, margins, page breaks and footer), with values drawn at random: the header's case
number, priority and five dates in the process's order; the reviewer's licence states and
specialties; the patient's age and sex, in the letters' words; 1 to 6 items named as
utilization-review requests are, a third of them partial authorisations in either of the
letters' wordings; rationales that name their item or not. Each PDF is read by imrparse itself
and turned into text by every extractor installed here (pdfminer.six and pdfplumber,
pypdfium2; PyMuPDF, its sorted mode too, pymupdf4llm's Markdown and poppler's ``pdftotext``
where present), and each text parsed.

Per input tool it prints how many records hold all those values: right, wrong with a warning,
or wrong without one (silent: the worst), and lists the silent ones. The letters change with
``--seed``; a fix tuned to one seed is checked on another. Figures only: a probe, not a test.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import pdf_fixtures as fx

import imrparse
from imrparse.grammar.states import STATES

_REQUESTS = (
    "Norco 10/325mg",
    "Hydrocodone/APAP 10/325mg",
    "Acupuncture treatments",
    "Physical therapy",
    "Occupational therapy sessions for the lumbar spine",
    "Chiropractic treatment for the cervical and lumbar spine",
    "Tramadol ER 150mg",
    "Lidoderm 5% patches",
    "Cognitive behavioral therapy",
    "MRI of the lumbar spine without contrast",
    "Electromyography (EMG) of the bilateral upper extremities",
    "Nerve conduction velocity (NCV) study of the bilateral lower extremities",
    "Omeprazole 20mg",
    "Cyclobenzaprine 7.5mg",
    "Urine drug screen",
    "Functional capacity evaluation",
    "Right shoulder arthroscopy with subacromial decompression",
    "Transforaminal epidural steroid injection at L4-L5 and L5-S1",
    "Consultation with Dr. Patel",
    "Home health care 4 hours per day",
    "Cold therapy unit",
    "Voltaren gel 1%",
    "X-ray of the cervical spine",
)
_AMOUNTS = (
    "",
    "#60",
    "#120",
    "(unspecified quantity)",
    "12 sessions",
    "x 8",
    "2 times a week for 6 weeks",
    "for the right knee",
    "for the left shoulder and cervical spine",
    "q.6h. #90",
    "1 month supply",
    "rental for 30 days",
)
_OPENINGS = ("", "", "", "Retrospective request for ", "Associated surgical service: ")
_RATIONALE = (
    "The guidelines state that the treatment is recommended as an option for short term relief. "
    "The documentation submitted for review did not show functional improvement. "
)

_SPECIALTIES = (
    "Family Practice",
    "Family Medicine",
    "Internal Medicine",
    "Occupational Medicine",
    "Preventive Medicine",
    "Physical Medicine & Rehabilitation",
    "Public Health & General Preventive Medicine",
    "Hospice & Palliative Medicine",
    "Obstetrics & Gynecology",
    "Allergy and Immunology",
    "Child and Adolescent Psychiatry",
    "Orthopedic Surgery",
    "Neurological Surgery",
    "Hand Surgery",
    "Sports Medicine",
    "Anesthesiology",
    "Pain Management",
    "Pain Medicine",
    "Emergency Medicine",
    "Neurology",
    "Psychiatry",
    "Psychology",
    "Chiropractic",
    "Acupuncture",
    "Physical Therapy",
    "Rheumatology",
    "Podiatry",
    "Plastic Surgery",
    "Surgery",
    "Surgical Critical Care",
    "Dermatology",
    "Pulmonary Disease",
    "Diagnostic Radiology",
)
# The summary's opening as the letters word it: (words, the sex word for male and female).
_PATIENTS = (
    ("This is a {age} year old {sex}", ("male", "female")),
    ("The injured worker is a {age}-year-old {sex}", ("male", "female")),
    ("The patient is a {age} year old {sex}", ("man", "woman")),
    ("This {age}-year-old {sex} patient presented", ("male", "female")),
    ("The applicant is a {age} year-old {sex}", ("male", "female")),
    ("This is a {age}-year-old {sex}", ("gentleman", "woman")),
)

Expected = list[dict[str, str | None]]
_LABELS = (
    ("Case Number:", "case_number"),
    ("Date Assigned:", "assigned"),
    ("Date of Injury:", "injury"),
    ("Decision Date:", "decision"),
    ("UR Denial Date:", "ur_denial"),
    ("Priority:", "priority"),
    ("Application Received:", "application_received"),
)


def _header(rng: random.Random) -> tuple[list[tuple[str, str | None]], dict[str, str]]:
    """The header table's cells in the published order, and the values the record must hold:
    dates in the process's order (injury, UR denial, application, assignment, decision)."""
    day = date(2016, 1, 1) + timedelta(days=rng.randrange(500))
    when = {"injury": day - timedelta(days=rng.randrange(30, 4000))}
    for key in ("ur_denial", "application_received", "assigned", "decision"):
        day += timedelta(days=rng.randrange(1, 40))
        when[key] = day
    year = when["assigned"].year % 100
    values = {
        "case_number": f"CM{year:02d}-{rng.randrange(10**7):07d}",
        "priority": rng.choice(("Standard", "Standard", "Expedited")),
        **{k: d.isoformat() for k, d in when.items()},
    }
    cells: list[tuple[str, str | None]] = []
    for label, key in _LABELS:
        value = values[key]
        if key in when:
            value = f"{when[key]:%m/%d/%Y}"
        cells.append((label, value))
    return cells, values


def _letter(rng: random.Random) -> tuple[bytes, Expected, dict[str, Any]]:
    def request() -> str:
        return f"{rng.choice(_OPENINGS)}{rng.choice(_REQUESTS)} {rng.choice(_AMOUNTS)}".strip()

    items: list[tuple[str, str]] = []
    rationales: list[str] = []
    expected: Expected = []
    for _ in range(rng.randint(1, 6)):
        outcome = rng.choice(("Upheld", "Overturned"))
        whole, part, authorized = request(), request(), request()
        shape = rng.random()
        if shape < 0.67:
            heading, want = f"{whole}:", (whole, None, None)
        elif shape < 0.84:
            heading = (
                f"{whole} was the original request. {authorized} was authorized by the Claims "
                f"Administrator. The remaining IMR eligible portion of the original request, "
                f"{part} is:"
            )
            want = (part, whole, authorized)
        else:
            heading = (
                f"{whole} was the original request. The Claims Administrator authorized "
                f"{authorized}, leaving the original request IMR eligible. The original "
                f"request, {whole} is:"
            )
            want = (whole, whole, authorized)
        items.append((heading, outcome))
        named = (
            f"The request for {want[0]} is not medically necessary. " if rng.random() < 0.7 else ""
        )
        rationales.append(_RATIONALE * 2 + named + _RATIONALE)
        keys = ("item", "original_request", "authorized")
        expected.append({**dict(zip(keys, want, strict=True)), "outcome": outcome.lower()})
    cells, header = _header(rng)
    states = rng.sample(STATES, rng.choice((1, 1, 1, 2, 2, 3, 4)))
    specialties = rng.sample(_SPECIALTIES, rng.choice((1, 1, 2, 2, 3)))
    words, sexes = rng.choice(_PATIENTS)
    age, male = rng.randrange(19, 80), rng.random() < 0.6
    patient = words.format(age=age, sex=sexes[0] if male else sexes[1])
    values = {
        **header,
        "licensed_in": states,
        "specialties": specialties,
        "age": age,
        "sex": "male" if male else "female",
    }
    paras = fx.real_letter(
        items,
        rationales,
        licensure=", ".join(states),
        specialty=", ".join(specialties),
        patient=patient,
    )
    return fx.real_pdf(cells, paras), expected, values


def _extractors() -> dict[str, Callable[[bytes, Path], str]]:
    """Each installed extractor: a PDF's bytes (and its file) -> its text."""
    tools: dict[str, Callable[[bytes, Path], str]] = {}
    from pdfminer.high_level import extract_text

    tools["pdfminer"] = lambda data, _: extract_text(io.BytesIO(data))

    import pdfplumber

    def plumber(data: bytes, _: Path) -> str:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "\n".join(page.extract_text() for page in pdf.pages)

    tools["plumber"] = plumber
    import pypdfium2

    def pdfium(data: bytes, _: Path) -> str:
        pdf = pypdfium2.PdfDocument(data)
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))

    tools["pdfium"] = pdfium
    try:
        import pymupdf
    except ImportError:
        pass
    else:

        def mupdf(sort: bool) -> Callable[[bytes, Path], str]:
            def read(data: bytes, _: Path) -> str:
                doc = pymupdf.open(stream=data, filetype="pdf")
                return "".join(page.get_text("text", sort=sort) for page in doc)

            return read

        tools["mupdf"], tools["mupdfsort"] = mupdf(False), mupdf(True)
    try:
        import pymupdf4llm
    except ImportError:
        pass
    else:
        tools["md"] = lambda _, path: pymupdf4llm.to_markdown(str(path), show_progress=False)
    if shutil.which("pdftotext"):
        for name, args in (("pdftotext", []), ("pdftotextlayout", ["-layout"])):
            tools[name] = lambda _, path, args=args: (
                subprocess.run(
                    ["pdftotext", *args, "-enc", "UTF-8", str(path), "-"],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
    return tools


def _judge(
    record: dict[str, Any], expected: Expected, values: dict[str, Any]
) -> tuple[str, list[Any]]:
    """right, warned or SILENT, and what differs: ``expected``, the items; ``values``, the
    header's, the reviewer's lists and the patient's."""
    keys = ("item", "original_request", "authorized", "outcome")
    got = [
        {k: " ".join(v.split()) if isinstance(v, str) else v for k, v in d.items() if k in keys}
        for d in record["determinations"]
    ]
    read = {
        **record["dates"],
        **{k: record[k] for k in ("case_number", "priority")},
        **{k: record["reviewer"][k] for k in ("licensed_in", "specialties")},
        **record["patient"],
    }
    diffs: list[Any] = [(k, read[k], v) for k, v in values.items() if read[k] != v]
    if got == expected and not diffs:
        return "right", []
    if len(got) != len(expected):
        diffs.append(("items", len(got), len(expected)))
    diffs += [
        (i, k, g.get(k), w[k])
        for i, (g, w) in enumerate(zip(got, expected, strict=False))
        for k in keys
        if g.get(k) != w[k]
    ]
    return ("warned" if record["warnings"] else "SILENT"), diffs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-v", action="store_true", help="list the warned records too")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tools = _extractors()
    counts: Counter[tuple[str, str]] = Counter()
    with tempfile.TemporaryDirectory(prefix="imrparse-probe-") as tmp:
        path = Path(tmp) / "letter.pdf"
        for n in range(args.letters):
            data, expected, values = _letter(rng)
            path.write_bytes(data)
            for name in ("pdf", *tools):
                try:
                    if name == "pdf":
                        letter = imrparse.parse(data)
                    else:
                        letter = imrparse.parse_text(tools[name](data, path))
                    record = imrparse.to_dict(letter)
                except imrparse.ImrParseError as err:
                    counts[(name, "error")] += 1
                    print(f"error   {name:16} letter {n}: {err}")
                    continue
                verdict, diffs = _judge(record, expected, values)
                counts[(name, verdict)] += 1
                if verdict == "SILENT" or (verdict == "warned" and args.v):
                    print(f"{verdict:7} {name:16} letter {n}: {diffs[:3]}")
    print(f"{args.letters} letters, seed {args.seed}")
    for name in ("pdf", *tools):
        row = {k: counts[(name, k)] for k in ("right", "warned", "SILENT", "error")}
        print(f"{name:16} " + "  ".join(f"{k} {v:4}" for k, v in row.items()))


if __name__ == "__main__":
    main()
