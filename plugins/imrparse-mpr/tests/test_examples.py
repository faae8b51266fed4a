"""The plugin's own tests: only imrparse's test kit, as any plugin's would be."""

from __future__ import annotations

from imrparse_mpr import MedicalProfessionalReview

from imrparse.testing import check_plugin


def test_plugin() -> None:
    # Examples parse to their expected records; sniff, read and parse keep the invariants.
    check_plugin(MedicalProfessionalReview())
