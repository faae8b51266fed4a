"""The patient, the reviewer and the header as other 2016-17 letters state them (round 5).

Found on synthetic letters in the published layout whose pools were widened to the ways other
letters of the era word these facts; each case here failed before its fix.
"""

from __future__ import annotations

import pytest

from imrparse.grammar.summary import read_patient

from .real_facts import assert_most_varied_hold_their_facts
from .test_real_patient_variants import TEXTS, _patient


@pytest.mark.parametrize(
    ("text", "age", "sex"),
    [
        # Another person's age as an object's, where the worker's is not stated: not the
        # worker's (it was read as the worker's, silently).
        (
            "The injured worker is a female janitor who was injured on 3-27-2008 when she was"
            " assaulted by a 17-year-old student.",
            None,
            None,
        ),
        ("This woman was injured on 1-2-2015 while lifting a 85 year old patient.", None, None),
        ("The nurse was hurt transferring an 80-year-old resident to a chair.", None, None),
        # The worker's own age after such an object's still counts.
        (
            "While lifting a 85 year old patient on 1-2-2015, the injured worker, a 45 year old"
            " female nurse, sustained an industrial injury.",
            45,
            "female",
        ),
    ],
)
def test_an_age_after_a_preposition_or_a_handling_verb_is_another_persons(
    text: str, age: int | None, sex: str | None
) -> None:
    p = read_patient(text)
    assert (p.age, p.sex) == (age, sex)


VARIANTS = {
    "an object's age, the worker's not stated": _patient(
        "a worker", sex_stated=False, extra="{he} was assaulted by a 19-year-old inmate."
    ),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_real_letter_in_other_words_gives_the_varied_facts(variant: str) -> None:
    assert_most_varied_hold_their_facts(TEXTS, VARIANTS[variant])


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("The injured worker is a 45 year old male.", []),
        ("The injured worker is a 45 year old who fell.", ["sex"]),
        ("The injured worker fell.", ["age", "sex"]),
    ],
)
def test_a_patient_fact_the_summary_does_not_state_is_warned_of(
    text: str, warned: list[str]
) -> None:
    warnings: list[str] = []
    read_patient(text, warnings)
    assert [w.split(":")[0] for w in warnings] == [f"patient {name}" for name in warned]
