"""The second speed round's fast paths in cleaning, checked against their plain forms."""

from __future__ import annotations

import random

from imrparse.grammar import clean

_ALPHABET = "ab-. \n\t\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u2003\u3000é"


def test_single_spaced_is_split_and_join() -> None:
    # Each whitespace character alone, then random mixes of them.
    for ch in clean.OTHER_ASCII_SPACES + " \n\x85\xa0\u2003":
        text = f" a{ch}b {ch}"
        assert clean._single_spaced(text) == " ".join(text.split())
    rng = random.Random(2)
    for _ in range(20_000):
        text = "".join(rng.choices(_ALPHABET, k=rng.randint(0, 24)))
        assert clean._single_spaced(text) == " ".join(text.split()), repr(text)
