"""Item names checked against the letter's other words: a name an extractor or OCR spelled
otherwise than the letter.

An extractor may drop a space or a hyphen inside a name where the page broke a line; the
rationale, which most often repeats the name, restores it (a partial authorisation's names,
the clinical summary too). OCR puts spaces in and leaves them
out, splits a capital off its word and loses digits: a name showing that is warned of, and a
partial authorisation's other names so misread are left empty. No name is made up: a name is
only ever respelled as the letter itself spells it elsewhere.
"""

from __future__ import annotations

import re
import string
from itertools import pairwise

from attrs import evolve

from .. import vocabulary as vocab
from ..models import Determination

# Real item names run to about 150 characters and hold no sentence break.
LONGEST_ITEM = 300


def spaced_apart(one: str, other: str) -> bool:
    """Whether two texts hold the same characters but not the same words: a space one of
    them has inside a word, or lacks between two (OCR's "A cute", "(FC E)")."""
    words, others = one.split(), other.split()
    return words != others and "".join(words) == "".join(others)


def _squeezed(text: str) -> str:
    """``text`` without spaces and hyphens (str.replace: many times cheaper than a regex)."""
    return text.replace(" ", "").replace("-", "")


def _respelled(name: str, rationale: str, absent: bool = False) -> str:
    """``name`` as its rationale spells it, where the two differ only by spaces or hyphens
    missing from ``name``: the rationale ("The request for Shower chair is ...") restores what
    the extractor dropped in the heading. Else ``name``.

    What an extractor may drop inside a name: a space (PyMuPDF's sorted text glues the last
    word of a page to the first of the next, "Shower" + "chair") or a hyphen ending a line
    (pymupdf4llm and pdftotext join "Post-" + "operative" as "Postoperative"). Case counts: a
    rationale's "the request for x-ray" must not recase the heading's "X-Ray".

    ``absent``: the caller has found that the rationale does not hold ``name`` as written.
    """
    if len(name) < 6 or (not absent and name in rationale):
        return name
    # Only where the rationale holds the name's opening letters (at most three, before any
    # space or hyphen: the rationale may have one where the name lost it) can it spell it.
    anchor = name[:3].split(" ")[0].split("-")[0]
    # The name's first letter in either case: a rationale names it mid-sentence ("Therefore,
    # the retrospective request for ..."). The name keeps its own.
    # (Its whole first word there: three letters, "dic", would stop at every "medical" of a
    # rationale for "Diclofenac", each place costing a microsecond.)
    first, rest = name[0], name[1:]
    swapped = first.swapcase() + rest.split(" ")[0].split("-")[0]
    squeezed_rest = ""  # (squeezed where the rationale holds an opening: most hold neither)
    for opening in () if not anchor else (anchor,) if swapped == anchor else (anchor, swapped):
        at = rationale.find(opening)
        while at >= 0:
            if rationale.startswith(rest, at + 1):
                return name  # the rationale's spelling but for the first letter's case
            stretch = rationale[at + 1 : at + 2 * len(name)]
            # (An anchor opens the name, which so opens with neither a space nor a hyphen.)
            squeezed_rest = squeezed_rest or _squeezed(rest)
            if _squeezed(stretch).startswith(squeezed_rest):
                near = first + stretch
                # Each space of the name must stay; between two other characters one may be
                # added, but not before a stop, a comma, a colon or a closing bracket, nor
                # after an opening one: no line breaks there ("QTY : 2" is OCR's, "QTY: 2" the
                # name). Nor after a hyphen: a line broken there keeps the hyphen, and the
                # space after it is an extractor's join (pymupdf4llm's "x- ray"), not a word
                # the name lost.
                words = (_breakable(word) for word in name.split())
                m = re.compile(r"\s+".join(words)).match(near)
                if m is None:
                    return name
                respelled = " ".join(m[0].split())
                # A partial authorisation's closing verb glued onto its name ("30 day
                # supplyis: Upheld", see vocab.PARTIAL_AUTHORISATIONS): the rationale's "...
                # supply is not ..." parts it, and no name ends in the word.
                verb = respelled.rsplit(" ", 1)[-1]
                return respelled[: -len(verb) - 1] if verb in _CLOSING_VERBS else respelled
            at = rationale.find(opening, at + 1)
    return name


_CLOSING_VERBS = ("is", "are")


def _breakable(word: str) -> str:
    """A regex source for ``word`` with a space or hyphen allowed where a line may break."""
    source = re.escape(word[0])
    for before, char in pairwise(word):
        gap = before not in _NO_BREAK_AFTER and char not in _NO_BREAK_BEFORE
        source += (r"[\s-]?" if gap else "") + re.escape(char)
    return source


_NO_BREAK_BEFORE = frozenset(".,;:)]")
_NO_BREAK_AFTER = frozenset("([-")


def _spelled_as_rationale(name: str, rationale: str) -> tuple[str, str | None]:
    """``name`` as its rationale spells it (see _respelled), and where the two still differ,
    how: spaced otherwise (see _misspaced_in) or a letter or two otherwise (see _misread_in),
    one of them misread by OCR, and which is not told."""
    if name in rationale or len(name) > LONGEST_ITEM:
        return name, None  # the usual case, the quickest test; or no name (warned of)
    respelled = _respelled(name, rationale, absent=True)
    if respelled != name:
        return respelled, None
    if _oddly_spaced(name) and _misspaced_in(name, rationale):
        return name, "is spaced otherwise where its rationale names it"
    other = _misread_in(name, rationale)
    if other is not None:
        return name, f"reads {other!r} where its rationale names it"
    return name, None


def _oddly_spaced(name: str) -> bool:
    """Whether ``name`` shows spacing OCR gives a name and a typist does not: a letter alone
    ("A cute", "(FC E)"), a space before a comma, stop, colon, bracket or per cent sign or
    after a bracket, a capital inside a lower-case word ("withoutContrast"). Only a name
    showing one is compared with its rationale's copy in any case, the slow test (a name like
    "Vitamin D" passes it)."""
    # (Two patterns that open with the characters they need, so that ``re`` skips to them: one
    # pattern of the four alternatives is tried at every character, twice the cost. The name's
    # ends are NULs for the letter alone, a non-word character that no other test reads.)
    return bool(_ODD_MARK.search(name) or _LETTER_ALONE.search(f"\0{name}\0"))


_ODD_MARK = re.compile(r"[,.;:)\]%(\[A-Z](?:(?<=[a-z][A-Z]|\s[,.;:)\]%])|(?<=[(\[])(?=\s))")
_LETTER_ALONE = re.compile(r"\W[A-Za-z]\W")


_MOST_MISREAD = 2  # letters OCR may misread in a name its rationale names (at 8 a letter)
_ANCHOR = 6  # characters of a name's start or end looked for in the rationale
# Characters OCR takes for one another, lower case: alike in shape. Other differences are the
# letter's own (a typist's "w/non MPR" for "MPN"), read as written.
_LOOKALIKES = frozenset(
    frozenset(pair)
    for pair in (
        "ef",
        "ce",
        "co",
        "eo",
        "ao",
        "il",
        "l1",
        "i1",
        "o0",
        "s5",
        "b8",
        "z2",
        "hb",
        "nh",
        "uv",
        "g9",
        "tf",
    )
)


def _misread_in(name: str, rationale: str) -> str | None:
    """The rationale's copy of ``name`` where the two differ only in a letter or two, read
    against each other ("(ECE)" for "(FCE)": OCR misreads a letter in one of them), else None.
    Only characters alike in shape count (_LOOKALIKES): "#60" beside an earlier "#90" is a
    real difference, and so is a word for another (they differ in more letters)."""
    size = len(name)
    if size < 2 * _ANCHOR:
        return None
    # The name's opening and its end, as written: one of them is found where OCR misread
    # the other. (Two searches of the rationale: this runs for most items; most find neither.)
    head, tail = name[:_ANCHOR], name[-_ANCHOR:]
    first, last = rationale.find(head), rationale.find(tail)
    if first < 0 and last < 0:
        return None
    low = name.lower()
    rest = size - _ANCHOR
    for anchor, offset, at, i in ((head, 0, first, _ANCHOR), (tail, rest, last, 0)):
        # (Quick tests first: most copies found so are the name in other case, or other words,
        # which differ from it in each third of what the anchor leaves: in three letters at
        # least, more than _MOST_MISREAD.)
        j, k, end = i + rest // 3, i + rest * 2 // 3, i + rest
        while at >= 0:
            copy = rationale[at - offset : at - offset + size] if at >= offset else ""
            if len(copy) == size:
                other = copy.lower()
                if other != low and (
                    len(other) != len(low)
                    or low[i:j] == other[i:j]
                    or low[j:k] == other[j:k]
                    or low[k:end] == other[k:end]
                ):
                    apart = [(a, b) for a, b in zip(low, other, strict=True) if a != b]
                    if 0 < len(apart) <= min(_MOST_MISREAD, size // 8) and all(
                        frozenset(pair) in _LOOKALIKES for pair in apart
                    ):
                        return copy
            at = rationale.find(anchor, at + 1)
    return None


def _misspaced_in(item: str, rationale: str) -> bool:
    """Whether ``rationale`` names ``item`` only with other spacing (a rationale most often
    repeats its item's name): a space inside a word or between two, which OCR puts in and
    leaves out ("(FC E)" for "(FCE)"); no typist spells a name so."""
    name, text = " ".join(item.lower().split()), rationale.lower()
    if name in text or name.replace(" ", "") not in text.replace(" ", ""):
        return False  # (most rationales word the request otherwise: two quick searches)
    return name not in " ".join(text.split())


# What OCR makes of a name that no letter writes: a capital split off its word ("C old
# compression", "C yclobenzaprine"), a count sign that lost its number ("320.5/30/16mg #,").
# (The capital first, the lookbehind after it: ``re`` then skips to the capitals.)
_SPLIT_CAPITAL = re.compile(r"([A-Z])(?<![\w'.-][A-Z]) ([a-z]{2,})")
_NO_COUNT = re.compile(r"#(?!\s*\d)")
# And what PyMuPDF's sorted text makes of a name a page breaks: the page's last word glued to
# the next page's first, a word onto a count ("12sessions", "treatment12 visits", "for30"). A
# unit is shorter ("10mg", "2x6") or one of vocab.UNITS_ON_NUMBERS, and a name may run a
# capitalised one onto its number ("Norco10/325"); a word of three letters or more glued so,
# where the section uses it alone or where two lines were joined ("1month"), is misread.
# (The first digit opens the pattern, so that ``re`` skips to the digits; a lower-case word
# before the count is read back from there: see _glued_word.)
# A count may follow a multiplier's "x" ("x12visits").
_GLUED_COUNT = re.compile(
    r"\d(?:(?<![^\WxX]\d)(?<!\w[xX]\d)\d*([A-Za-z]{3,})\b|(?<=[a-z]{3}\d)\d*(?:[a-z]{1,2})?\b)"
)
# And a word glued on after a colon, a comma or a semicolon, where a line broke after it
# ("Associated surgical service:Functional capacity evaluation", "#60,Omeprazole"), or a
# count after a comma ("treatments,6 sessions"), a word after a closing bracket ("(NCV)study"):
# a letter's typist spaces them, after a per cent sign too ("Flurbiprofen 20%,Baclofen 2%").
# Typed so are a number's "1,000", spinal levels ("L4-5,L5-S1") and a label's value
# ("DOS:10/12/2016").
# (The mark first, the lookbehinds after it: ``re`` then skips to the marks.)
_GLUED_PUNCTUATION = re.compile(
    r"[,;:)](?:(?<=[A-Za-z0-9)%][,;:])(?=\(|[A-Za-z](?![0-9]))|(?<=[A-Za-z)][,;])(?=\d)"
    r"|(?<=\))(?=[A-Za-z]{2}))"
)
# And a spinal level glued onto the word after it ("L5-S1transforaminal"): no typist runs a
# level into a word, so this is a sign even where nothing else spells the word.
_GLUED_LEVEL = re.compile(r"[CLST](?<![A-Za-z0-9][CLST])\d{1,2}[a-z]{3,}")
# And a word run into a capitalised one ("recommendedRequest for ...", "AdditionalPre-
# operative"), where PyMuPDF's sorted text joined a line onto the next barely over a wrap in,
# which the join rule does not read: a sign where the letter uses the first word alone, or
# requests are named in it. No real letter's text writes a word so; a brand may ("OxyContin",
# "LidoPro"), but its first part is no word of the letter's. (The capital first, the
# lookbehind after it: see _SPLIT_CAPITAL.)
_CAMEL_GLUE = re.compile(r"[A-Z](?<=[a-z]{3}[A-Z])(?=[a-z])")
# And a multiplier's "x" run onto the word before it ("Gym membershipx 6 months"), which a
# typist writes onto the count or apart ("x 6", "x6", "6x"); or "w/o" or a count sign so
# ("kneew/o contrast", "twice daily#60"): a sign where the letter uses the word alone, or
# requests are named in it (a word ending in x, "reflex", "Botox", is neither). (The
# shorthand first, the lookbehind after it.)
_GLUED_SHORTHANDS = _GLUED_X, _GLUED_WITHOUT, _GLUED_COUNT_SIGN = (
    re.compile(r"x(?<=[a-z]{4}x)(?= ?\d)"),
    re.compile(r"w/o\b(?<=[a-z]{3}w/o)"),
    re.compile(r"#(?<=[a-z]{3}#)(?=\d)"),
)
# And a quantity's label run into its count ("QTY1.00"): the letters write "QTY: 2". (The
# word boundary is read back after the label: a pattern that opens with letters is scanned
# for in C, one that opens with "\b" is tried at every character.)
_GLUED_QUANTITY = re.compile(r"(?:QTY|Qty|qty)(?<!\w...)\d")


def check_names(
    determinations: list[Determination], texts: list[str], warnings: list[str], elsewhere: str = ""
) -> list[Determination]:
    """The determinations with their names as their rationales spell them, where an extractor
    lost a space or hyphen (see _respelled); and say which names OCR misread: an item spaced
    otherwise where its rationale names it, a count sign without its number, or a capital
    split off its word, where the two joined make a word the section uses elsewhere or one
    requests are named in ("cyclobenzaprine", "cold"; "Vitamin D tablets" joins to none); or
    an extractor glued, a word onto a count, where the section uses the word alone
    ("12sessions"), a word onto a colon or a comma ("service:Functional"), a spinal level onto
    a word ("L5-S1transforaminal"), a quantity's label onto its count ("QTY1.00"), or two
    words where two lines were joined ("forthree", "rightshoulder": see _joined_words), or two
    words requests are named in, anywhere ("unspecifiedquantity": see _two_request_words). An
    item keeps its name (every item has one); a partial authorisation's other names are left
    empty, as where its two namings of the request disagree.

    ``elsewhere``: the letter's other text that may name its items (the clinical summary,
    which often tells the utilization review's decision): a partial authorisation's name its
    rationale does not spell may be spelled there, and a glued word's two parts used there."""
    names = "\n".join(filter(None, (n for d in determinations for n in _names(d))))
    joined = _joined_words(texts)
    # (The usual case: a quick scan of the letter's few names finds no sign.)
    signs = bool(
        (joined and not joined.isdisjoint(names.split()))
        or _NO_COUNT.search(names)
        or _SPLIT_CAPITAL.search(names)
        or _GLUED_COUNT.search(names)
        or _GLUED_PUNCTUATION.search(names)
        or _GLUED_LEVEL.search(names)
        or _GLUED_QUANTITY.search(names)
        or _CAMEL_GLUE.search(names)
        or _GLUED_X.search(names)  # (_GLUED_SHORTHANDS one by one: no generator)
        or _GLUED_WITHOUT.search(names)
        or _GLUED_COUNT_SIGN.search(names)
        # (A name's long words are mostly request words themselves: set aside at C speed.)
        or any(map(_two_request_words, _long_words(names.lower()) - vocab.REQUEST_WORDS))
    )
    section = "\n".join(texts).lower() if signs else ""
    words: set[str] = set()  # the section's and ``elsewhere``'s words, where a name needs them

    def known_before(name: str, m: re.Match[str]) -> bool:
        """Whether the word of ``name`` that the match ``m`` is glued onto is one the letter
        uses alone or one requests are named in."""
        if not words:
            words.update(_words(section), _words(elsewhere.lower()))
        word = name[name.rfind(" ", 0, m.start()) + 1 : m.start()].lstrip(_OPENING).lower()
        return word in words or word in vocab.REQUEST_WORDS

    def misread(name: str) -> str | None:
        if _NO_COUNT.search(name):
            return "a count sign ('#') without its count"
        for m in _SPLIT_CAPITAL.finditer(name):
            whole = f"{m[1].lower()}{m[2]}"
            if whole in vocab.REQUEST_WORDS or re.search(rf"\b{whole}", section):
                return f"{m[0]!r} reads as one word misread apart"
        for m in _GLUED_COUNT.finditer(name):
            glued, word = _glued_word(name, m)
            # Where the section uses the word alone, or two lines were joined there; a small
            # word no name's word ends in ("#90with") or a word requests are named in
            # ("2refills"), anywhere.
            if (
                word
                and word not in vocab.UNITS_ON_NUMBERS
                and (
                    word in vocab.GLUED_LAST_WORDS
                    or word in vocab.REQUEST_WORDS
                    or _token_at(name, m) in joined
                    or re.search(rf"\b{word}\b", section)
                )
            ):
                return f"{glued!r} reads as a word and a count glued together"
        for word in name.split():
            if (
                word in joined
                and section.count(word.lower()) < 2
                and word.strip(_AROUND_WORD).lower() not in vocab.COMPOUND_WORDS
            ):
                if not words:
                    words.update(_words(section), _words(elsewhere.lower()))
                parts = _two_words(word, words)
                if parts:
                    return f"{word!r} reads as {parts!r} glued where two lines were joined"
                if _GLUED_SHAPE.search(word):
                    return f"{word!r} reads as two words glued where two lines were joined"
        for m in _LONG_WORD.finditer(name):
            parts = _two_request_words(m[0])
            if parts:
                return f"{_token_at(name, m)!r} reads as {parts!r} glued together"
        for pattern in _GLUED_SHORTHANDS:
            for m in pattern.finditer(name):
                if known_before(name, m):
                    return f"{_token_at(name, m)!r} reads as a word and {m[0]!r} glued together"
        for m in _CAMEL_GLUE.finditer(name):
            if known_before(name, m):
                return f"{_token_at(name, m)!r} reads as two words glued together"
        mark = _GLUED_PUNCTUATION.search(name)
        if mark:
            return f"{_token_at(name, mark)!r} reads as two words glued at {mark[0]!r}"
        level = _GLUED_LEVEL.search(name)
        if level:
            return f"{_token_at(name, level)!r} reads as a spinal level and a word glued together"
        quantity = _GLUED_QUANTITY.search(name)
        if quantity:
            return f"{_token_at(name, quantity)!r} reads as a quantity's label and count glued"
        return None

    checked = []
    for d in determinations:
        if d.rationale is not None or elsewhere:
            d = _respelled_names(d, d.rationale or "", elsewhere, warnings)
        named = _names(d)
        partial = named[1] is not None or named[2] is not None
        for key, name in zip(_NAME_FIELDS, named, strict=True) if signs or partial else ():
            said = (misread(name) if signs and name else None) or (
                _glued_apart(name, named) if partial and name else None
            )
            if said is None:
                continue
            warnings.append(
                f"{key} {name!r}: {said}" + ("" if key == "item" else f"; {key} left empty")
            )
            if key == "original_request":
                d = evolve(d, original_request=None)
            elif key == "authorized":
                d = evolve(d, authorized=None)
        checked.append(d)
    return checked


def _token_at(name: str, m: re.Match[str]) -> str:
    """The space-delimited token of ``name`` that holds the match ``m``."""
    end = name.find(" ", m.end())
    return name[name.rfind(" ", 0, m.start()) + 1 : end if end >= 0 else len(name)]


def _joined_words(texts: list[str]) -> frozenset[str]:
    """The words of the lines that may be several lines joined with nothing between (PyMuPDF's
    sorted text joins a page's last line and the next page's first so), at where one of the
    lines joined would have ended: in wrapped text, a line longer than the text's wrap holds
    ``m`` lines, the ``j``-th join at most ``j`` wraps in and at most ``m - j`` from its end."""
    lengths = sorted(map(len, texts))
    if len(lengths) < 10:
        return frozenset()
    wrap = lengths[len(lengths) * 9 // 10] + 5  # (the longest lines; a wrapped line's end)
    # None such, or text not wrapped (a paragraph a line: most lines far from the longest).
    if lengths[-1] * 20 <= wrap * 21 or lengths[len(lengths) // 2] * 4 < wrap * 3:
        return frozenset()
    words: set[str] = set()
    for text in texts:
        n = len(text)
        if n * 20 <= wrap * 21 or n > _MOST_JOINED * wrap:
            continue  # (more lines than a page's joins give: a paragraph a line, not glued)
        joined = -(-n // wrap)  # the fewest lines it can hold
        for j in range(1, joined):
            low, high = n - (joined - j) * wrap, j * wrap
            for m in _WORD.finditer(text):
                if m.end() > low and m.start() < high:
                    # (A name stops before the comma or colon after it: "(quantity),".)
                    words.update((m[0], m[0].rstrip(_AFTER_NAME)))
    return frozenset(words)


_MOST_JOINED = 4  # lines a joined line may hold (the sorted text's glue two or three)
# A word of a joined line that is two glued where neither is spelled elsewhere in the letter:
# a lower-case word onto an abbreviation ("OutpatientMRI", "180gmQTY"), a count sign or an
# opening bracket onto the word before ("600mg#120", "extremities(unspecified"; a plural's
# "(s)" is typed so), or a word onto a small word no name's word ends in
# (vocab.GLUED_LAST_WORDS: "arthroscopywith", "MRIof").
_GLUED_SHAPE = re.compile(
    r"[a-z]{2}[A-Z]{2,}(?![a-z])|\w#\d|\w\((?!s\))|[A-Za-z]{3,}(?<!o)(?:"
    + "|".join(vocab.GLUED_LAST_WORDS)
    + r")(?![A-Za-z])"
)
_WORD = re.compile(r"\S+")
_AROUND_WORD = "\"'()[],.:;!?"  # what the words of a text may have around them
_OPENING = "(["
_AFTER_NAME = ",;:"  # what may follow a name's last word in a heading


def _words(text: str) -> set[str]:
    """The words of ``text``, without the punctuation around them."""
    return {w.strip(_AROUND_WORD) for w in text.split()}


# A word of a name long enough to be two words requests are named in, glued.
_LONG_WORD = re.compile(r"[A-Za-z]{6,}")
_SHORTEST_PART = 3  # letters of each
# Their first and last three letters: most words of a name (a drug's, a body part's) start or
# end as none does, and are ruled out without a cut.
_REQUEST_HEADS = frozenset(w[:_SHORTEST_PART] for w in vocab.REQUEST_WORDS)
_REQUEST_TAILS = frozenset(w[-_SHORTEST_PART:] for w in vocab.REQUEST_WORDS)
# _LONG_WORD's words of a lower-cased text (no character lower-cases to a capital), each found
# from the character before it, so that ``re`` skips to the non-letters: _LONG_WORD is tried
# at every letter, and again a letter on in a shorter word.
_LOWER_LONG_WORD = re.compile(r"[^a-z]([a-z]{6,})")


def _long_words(low: str) -> set[str]:
    """The words _LONG_WORD finds in ``low``, a lower-cased text."""
    return set(_LOWER_LONG_WORD.findall(f" {low}"))


def _two_request_words(word: str) -> str | None:
    """``word`` (letters only) cut into two words requests are named in ("unspecifiedquantity":
    "unspecified quantity"), which an extractor glued where a line broke, however long the
    line it made: PyMuPDF's sorted text joins a line onto the next one's few words at the
    wrap ("... 10/325mg (unspecified" / "quantity) is: Upheld"), whose length then tells no
    join. None for a word that is one of them or one of vocab.COMPOUND_WORDS ("healthcare"),
    and for other words: few English words are two of them, and the test of the real letters'
    words keeps it so."""
    low = word.lower()
    known = vocab.REQUEST_WORDS
    if (
        low[:_SHORTEST_PART] not in _REQUEST_HEADS
        or low[-_SHORTEST_PART:] not in _REQUEST_TAILS
        or low in known
        or low in vocab.COMPOUND_WORDS
    ):
        return None
    for cut in range(_SHORTEST_PART, len(low) - _SHORTEST_PART + 1):
        if low[:cut] in known and low[cut:] in known:
            return f"{word[:cut]} {word[cut:]}"
    return None


def _two_words(token: str, words: set[str]) -> str | None:
    """``token`` cut into two of ``words`` (lower case: "thelumbar": "the lumbar", "q.6h.#90":
    "q.6h. #90"), or two words requests are named in ("rightshoulder", see _request_words),
    or one of ``words`` and a capitalised word ("forMRI": "for MRI", "AssociatedSurgical"; no
    name's word runs a word of the letter onto a capital: a brand's "LidoPro" starts with
    none); None where no cut makes two ("a" the only word of one letter that counts)."""
    token = token.strip(_AROUND_WORD)
    low = token.lower()
    for cut in range(1, len(token) - 1):
        first, second = low[:cut].rstrip(_AROUND_WORD), low[cut:].lstrip(_AROUND_WORD)
        if (
            # (A stop goes with the first, "q.6h. #90"; a bracket with the second.)
            (token[cut] not in _AROUND_WORD or token[cut] in _OPENING)
            and token[cut - 1] not in _OPENING
            and (len(first) > 1 or first == "a")
            and len(second) > 1
            and not _unit_on_number(first, second)  # ("10/325mg": typed so as often)
            and (
                (first in words and second in words)
                or _request_words(first, second)
                or (
                    first in words
                    and token[cut].isupper()
                    and token[:cut].isalpha()
                    and token[1:cut].islower()
                )
            )
        ):
            return f"{token[:cut]} {token[cut:]}"
    return None


def _request_words(first: str, second: str) -> bool:
    """Whether two words (lower case) are words requests are named in, or one such and a
    joining word (see vocab.REQUEST_WORDS)."""
    known, joining = vocab.REQUEST_WORDS, vocab.JOINING_WORDS
    return (
        (first in known or first in joining)
        and (second in known or second in joining)
        and (first in known or second in known)
    )


def _glued_word(name: str, m: re.Match[str]) -> tuple[str, str]:
    """A _GLUED_COUNT match's whole token, and its word lower-cased ("" where the lower-case
    letters before a count are the end of a longer word: "Norco10")."""
    if m[1] is not None:
        return m[0], m[1].lower()  # the word after the count
    start = m.start()
    while start and name[start - 1] in string.ascii_lowercase:
        start -= 1
    if start and (name[start - 1].isalnum() or name[start - 1] == "_"):
        return m[0], ""
    return name[start : m.end()], name[start : m.start()]


def _glued_apart(name: str, named: tuple[str, str | None, str | None]) -> str | None:
    """Why a word of ``name`` reads as two glued, where another name of its partial
    authorisation's heading spells it as two ("Acupuncturetreatments, 6 sessions" beside the
    original request's "Acupuncture treatments"): PyMuPDF's sorted text glues the words a page
    break parts. None where no word does."""
    words = {w.rstrip(_AFTER_WORD) for w in name.split()}
    for other in named:
        if other is None or other == name:
            continue
        parts = other.split()
        for first, second in pairwise(parts):
            second = second.rstrip(_AFTER_WORD)
            joined = first + second
            # (A letter alone is OCR's split, not a word: "C yclobenzaprine" misreads the
            # other name, not this one.)
            if (
                joined in words
                and joined not in parts
                and min(len(first), len(second)) > 1
                and not _unit_on_number(first, second)
            ):
                return f"{joined!r} reads as {first + ' ' + second!r} glued together"
    return None


def _unit_on_number(number: str, unit: str) -> bool:
    """Whether ``unit`` is a unit that a typist writes onto ``number`` or apart from it, in
    the same heading as often as not ("Percocet 10/325 mg" / "Percocet 10/325mg"): a unit of
    two letters at most (see _GLUED_COUNT) or one of vocab.UNITS_ON_NUMBERS."""
    return number[-1:].isdigit() and (
        (len(unit) <= 2 and unit.isalpha()) or unit.lower() in vocab.UNITS_ON_NUMBERS
    )


_AFTER_WORD = ",;:."  # what may follow a word in a name ("Acupuncture treatments, 6 sessions")


def _respelled_names(
    d: Determination, rationale: str, elsewhere: str, warnings: list[str]
) -> Determination:
    """``d`` with its names as its rationale spells them; a partial authorisation's, where
    it does not, as the letter's other text (``elsewhere``) does (a summary tells the
    utilization review's decision in the same words); an item spaced otherwise where its
    rationale names it warned of."""
    item, misread = _spelled_as_rationale(d.item, rationale)
    if misread:
        warnings.append(f"item {item!r} {misread}: one of the two is misread")
    original, authorized = d.original_request, d.authorized
    if original is None or authorized is None:
        return d if item == d.item else evolve(d, item=item)  # (the usual case)
    if not misread and item == d.item:
        item = _respelled_elsewhere(item, rationale, elsewhere)  # (the rationale's tried)
    original, authorized = (
        _respelled_either(n, rationale, elsewhere) for n in (original, authorized)
    )
    if (item, original, authorized) == _names(d):
        return d
    return evolve(d, item=item, original_request=original, authorized=authorized)


def _respelled_either(name: str, rationale: str, elsewhere: str) -> str:
    """``name`` as its rationale spells it, or where that does not, as ``elsewhere`` does."""
    respelled = _respelled(name, rationale)
    return respelled if respelled != name else _respelled_elsewhere(name, rationale, elsewhere)


def _respelled_elsewhere(name: str, rationale: str, elsewhere: str) -> str:
    """``name``, which its rationale does not respell, as ``elsewhere`` spells it, where the
    rationale does not name it as it is."""
    if not elsewhere or name in rationale or len(name) > LONGEST_ITEM:
        return name
    return _respelled(name, elsewhere)


_NAME_FIELDS = ("item", "original_request", "authorized")


def _names(d: Determination) -> tuple[str, str | None, str | None]:
    return d.item, d.original_request, d.authorized
