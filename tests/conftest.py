from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
PLAIN_EXAMPLES = ROOT / "plugins" / "imrparse_plaintext" / "examples"


@pytest.fixture
def plain_letters() -> list[Path]:
    return sorted(PLAIN_EXAMPLES.glob("*.txt"))


# Property tests: a fixed, bounded number of examples in CI; `tox -e fuzz` runs many more.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.register_profile(
    "fuzz", max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
