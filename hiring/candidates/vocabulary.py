"""The fixed words of a candidate record: how they would work with us, which language they read."""

from __future__ import annotations

import enum

from hiring.i18n import LANGUAGES  # noqa: F401  (candidates read their pages in one of these)


class CandidateType(enum.StrEnum):
    """How the person would work for us: the three ways small businesses staff social media."""

    IN_HOUSE = "in_house"
    FREELANCER = "freelancer"
    AGENCY = "agency"

    @property
    def label(self) -> str:
        return {"in_house": "In-house", "freelancer": "Freelancer", "agency": "Agency"}[self.value]


