from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLAIN_EXAMPLES = ROOT / "plugins" / "imrparse_plaintext" / "examples"


@pytest.fixture
def plain_letters() -> list[Path]:
    return sorted(PLAIN_EXAMPLES.glob("*.txt"))
