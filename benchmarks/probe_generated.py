"""A held-out probe: letters never seen, laid out as the published PDFs, read by every extractor.

    python benchmarks/probe_generated.py [--letters 100] [--seed 1] [-v] [--wide [--unstopped R]]

Each letter is drawn by ``tests/pdf_fixtures.real_pdf`` in the published layout (its header
table, fonts, margins, page breaks and footer), with values drawn at random: the header's case
number, priority and five dates in the process's order; the reviewer's licence states and
specialties; the patient's age and sex, in the letters' words; 1 to 6 items named as
utilization-review requests are, a third of them partial authorisations in either of the
letters' wordings; rationales that name their item or not. ``--wide`` draws from wider lists:
about 80 requests, 20 openings and 22 amounts (a colon, a bracket, a date of service, a spinal
level, a dosage's abbreviation), 1 to 8 items, rationales of sentences drawn in turn (a quoted
guideline, a citation in brackets) and more patient sentences; ``--unstopped`` sets the share of
rationales that end without a stop ("... (Aker, 1996)"). Each PDF is read by imrparse itself
and turned into text by every extractor installed here: pdfminer.six, pdfplumber (its layout
mode too), pypdfium2; where present, pypdf's layout mode, PyMuPDF (its sorted and
blocks modes too), pymupdf4llm's Markdown, poppler's ``pdftotext`` (``-layout``, ``-raw``),
and HTML: MuPDF's XHTML and poppler's ``pdftohtml``. Each text is parsed.

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

# --wide: requests as utilization review words them in many more shapes (an opening, a
# request, an amount: a colon, a bracket, a date of service, a unit, a spinal level, a
# dosage's abbreviation), and rationales of sentences drawn in turn, some quoting a guideline
# or a citation.
_WIDE_OPENINGS = (
    *("",) * 4,
    "Retrospective request for ",
    "Prospective request for ",
    "1 prescription of ",
    "Pharmacy purchase of ",
    "Associated surgical service: ",
    "Associated Surgical Service: ",
    "Retro: ",
    "DME: ",
    "Labs to include: ",
    "Outpatient ",
    "Request for ",
    "Unknown prescription of ",
    "One ",
    "Additional ",
    "Post-operative ",
    "Decision for ",
)
_WIDE_REQUESTS = (
    *_REQUESTS,
    "Percocet 10/325 mg",
    "Gabapentin 600mg",
    "Ketoprofen 20% in cream base 240g",
    "Flurbiprofen 20%/Lidocaine 5% cream 180gm",
    "Terocin patch",
    "Tramadol HCL ER 150mg",
    "Ultracet 37.5/325mg",
    "Toradol 60mg IM injection",
    "Soma 350mg",
    "Right knee arthroscopy with partial medial meniscectomy and chondroplasty",
    "L4-L5 and L5-S1 transforaminal epidural steroid injection under fluoroscopic guidance",
    "Cervical facet radiofrequency ablation at C5-C6, C6-C7",
    "Trigger point injections x 4",
    "Extracorporeal shockwave therapy (ESWT) for the right shoulder, 3 sessions",
    "Physical therapy 2x6 for the lumbar spine",
    "Chiropractic manipulation 2 times per week for 3 weeks",
    "TENS unit purchase",
    "H-wave device, home use, 30 day trial",
    "Cold therapy unit, 7 day rental",
    "Interferential unit rental x 1 month",
    "Referral to pain management",
    "Consultation with Dr. Smith for the lumbar spine",
    "MRI of the left knee w/o contrast",
    "EMG/NCV of bilateral upper extremities",
    "X-rays of the right shoulder, 3 views",
    "Urine drug screen (UDS)",
    "CBC, CMP, PT/PTT, UA",
    "Home health care, 4 hours a day, 5 days a week for 6 weeks",
    "Gym membership x 6 months",
    "Transportation to and from medical appointments",
    "Functional restoration program, 160 hours",
    "Omeprazole DR 20mg",
    "Cognitive behavioral therapy, 6 sessions",
    "Hot/cold pack",
    "Spinal cord stimulator trial",
    "Total knee replacement, left",
    "Anterior cervical discectomy and fusion C5-6",
    "Pre-operative medical clearance",
    "Post-operative physical therapy x12 visits",
    "Assistant surgeon",
    "Compound cream: Flurbiprofen 20%, Baclofen 2%",
    "Walker with wheels",
    "Ondansetron ODT 8mg",
)
_WIDE_AMOUNTS = (
    *("",) * 3,
    " #60",
    " #90 with 2 refills",
    " (DOS: 10/12/2016)",
    " (date of service 11/03/2016)",
    ", QTY: 2",
    " x 12",
    " q.6h. #90",
    " 1 tab by mouth twice daily #60",
    " for the lumbar spine",
    " (unspecified quantity)",
    " QTY 1.00",
    " 30 day supply",
    " #30 (to initiate weaning)",
    " for the right shoulder",
    ", bilateral",
    " (retrospective)",
    " 2x4",
    " #120",
    " 1 month supply",
)
_SENTENCES = (
    "The guidelines state that the treatment is recommended as an option for short term relief. ",
    "The documentation submitted for review did not show functional improvement. ",
    'ODG states: "Recommended as an option for acute pain." The patient has chronic pain. ',
    "According to the MTUS, page 79, weaning is recommended when there is no improvement in "
    "function. ",
    "There is no documentation of a trial of first-line therapy (e.g., tricyclics or SNRIs). ",
    "Guidelines support up to 10 visits over 8 weeks for myalgia and myositis, unspecified. ",
    "The patient was previously authorized 6 sessions; the outcome of those sessions was not "
    "documented. ",
    "Therefore, the request is not medically necessary and appropriate. ",
    "The provider did not address the red flags noted by the prior reviewer (Aker, 1996). ",
    "MTUS/ACOEM guidelines recommend imaging for: emergence of a red flag; physiologic evidence "
    "of tissue insult. ",
)
# How a rationale may end without a stop (rare in the letters: see --unstopped).
_UNSTOPPED_ENDINGS = ("(Aker, 1996)", "Not recommended")

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
_WIDE_PATIENTS = (
    *_PATIENTS,
    ("This patient is a {age}-year-old {sex}", ("male", "female")),
    ("The patient is a {age} year-old right-hand dominant {sex}", ("male", "female")),
    ("This is a {age}-year-old obese {sex}", ("male", "female")),
    ("The claimant is a {age} year old {sex}", ("male", "female")),
    ("The injured worker is a {age} year old {sex} who", ("gentleman", "lady")),
    ("The applicant is a {age}-year-old {sex} former warehouse worker", ("male", "female")),
    ("This {age} year old {sex}", ("man", "woman")),
    ("The patient is a {age} y/o {sex}", ("male", "female")),
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


def _letter(
    rng: random.Random, wide: bool = False, unstopped: float = 0.0
) -> tuple[bytes, Expected, dict[str, Any]]:
    """A letter's PDF, its items' expected values and the other values drawn. ``wide``: draw
    from the wider word lists (see --wide), where a rationale ends without a stop at the rate
    ``unstopped``; the narrow draw makes the same letters for a seed as it always has."""

    def request() -> str:
        if wide:
            opening, name = rng.choice(_WIDE_OPENINGS), rng.choice(_WIDE_REQUESTS)
            return f"{opening}{name}{rng.choice(_WIDE_AMOUNTS)}".strip()
        return f"{rng.choice(_OPENINGS)}{rng.choice(_REQUESTS)} {rng.choice(_AMOUNTS)}".strip()

    def rationale(named: str) -> str:
        if not wide:
            return _RATIONALE * 2 + named + _RATIONALE
        before = "".join(rng.choice(_SENTENCES) for _ in range(rng.randint(1, 6)))
        after = "".join(rng.choice(_SENTENCES) for _ in range(rng.randint(0, 3)))
        end = rng.choice(_UNSTOPPED_ENDINGS) if rng.random() < unstopped else ""
        return before + named + after + end

    items: list[tuple[str, str]] = []
    rationales: list[str] = []
    expected: Expected = []
    for _ in range(rng.randint(1, 8 if wide else 6)):
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
        rationales.append(rationale(named))
        keys = ("item", "original_request", "authorized")
        expected.append({**dict(zip(keys, want, strict=True)), "outcome": outcome.lower()})
    cells, header = _header(rng)
    states = rng.sample(STATES, rng.choice((1, 1, 1, 2, 2, 3, 4)))
    specialties = rng.sample(_SPECIALTIES, rng.choice((1, 1, 2, 2, 3)))
    words, sexes = rng.choice(_WIDE_PATIENTS if wide else _PATIENTS)
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

    def plumber(layout: bool) -> Callable[[bytes, Path], str]:
        def read(data: bytes, _: Path) -> str:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return "\n".join(page.extract_text(layout=layout) for page in pdf.pages)

        return read

    tools["plumber"], tools["plumberlayout"] = plumber(False), plumber(True)
    try:
        import pypdf
    except ImportError:
        pass
    else:
        # (Its layout mode only: the plain one ends a line after each word that the generator
        # draws on its own, which the published PDFs do not, and the text is refused.)
        def pypdf_layout(data: bytes, _: Path) -> str:
            pages = pypdf.PdfReader(io.BytesIO(data)).pages
            return "\n".join(page.extract_text(extraction_mode="layout") for page in pages)

        tools["pypdflayout"] = pypdf_layout
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

        def mupdf_blocks(data: bytes, _: Path) -> str:
            doc = pymupdf.open(stream=data, filetype="pdf")
            return "\n".join(b[4] for page in doc for b in page.get_text("blocks"))

        tools["mupdfblocks"] = mupdf_blocks

        def xhtml(data: bytes, _: Path) -> str:
            # MuPDF's XHTML, as `mutool draw -F xhtml` writes it: a <div> a page.
            doc = pymupdf.open(stream=data, filetype="pdf")
            pages = "".join(page.get_text("xhtml") for page in doc)
            return f"<!DOCTYPE html><html><body>{pages}</body></html>"

        tools["mupdfxhtml"] = xhtml
    try:
        import pymupdf4llm
    except ImportError:
        pass
    else:
        tools["md"] = lambda _, path: pymupdf4llm.to_markdown(str(path), show_progress=False)
    if shutil.which("pdftotext"):
        for name, args in (
            ("pdftotext", []),
            ("pdftotextlayout", ["-layout"]),
            ("pdftotextraw", ["-raw"]),
        ):
            tools[name] = lambda _, path, args=args: (
                subprocess.run(
                    ["pdftotext", *args, "-enc", "UTF-8", str(path), "-"],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
    if shutil.which("pdftohtml"):
        tools["pdftohtml"] = lambda _, path: (
            subprocess.run(
                ["pdftohtml", "-s", "-i", "-noframes", "-stdout", str(path)],
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
    parser.add_argument(
        "--wide",
        action="store_true",
        help="draw requests, rationales and patient sentences from the wider lists",
    )
    parser.add_argument(
        "--unstopped",
        type=float,
        default=0.0,
        metavar="RATE",
        help="with --wide: the share of rationales that end without a stop (default 0)",
    )
    parser.add_argument(
        "--tools",
        metavar="NAMES",
        help="only these inputs, comma-separated (pdf for imrparse's own reading; default all)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tools = _extractors()
    inputs = ("pdf", *tools) if args.tools is None else tuple(args.tools.split(","))
    unknown = set(inputs) - {"pdf", *tools}
    if unknown:
        parser.error(f"no such input here: {', '.join(sorted(unknown))}")
    counts: Counter[tuple[str, str]] = Counter()
    with tempfile.TemporaryDirectory(prefix="imrparse-probe-") as tmp:
        path = Path(tmp) / "letter.pdf"
        for n in range(args.letters):
            data, expected, values = _letter(rng, args.wide, args.unstopped)
            path.write_bytes(data)
            for name in inputs:
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
    wide = f", wide (unstopped {args.unstopped})" if args.wide else ""
    print(f"{args.letters} letters, seed {args.seed}{wide}")
    for name in inputs:
        row = {k: counts[(name, k)] for k in ("right", "warned", "SILENT", "error")}
        print(f"{name:16} " + "  ".join(f"{k} {v:4}" for k, v in row.items()))


if __name__ == "__main__":
    main()
