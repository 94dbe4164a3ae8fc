"""The fixed words of a candidate record: how they would work with us, which language they read."""

from __future__ import annotations

import enum


class CandidateType(enum.StrEnum):
    """How the person would work for us: the three ways small businesses staff social media."""

    IN_HOUSE = "in_house"
    FREELANCER = "freelancer"
    AGENCY = "agency"

    @property
    def label(self) -> str:
        return {"in_house": "In-house", "freelancer": "Freelancer", "agency": "Agency"}[self.value]


#: Languages the candidate pages are offered in (BCP 47 tags → names in that language).
LANGUAGES = {
    "en": "English",
    "zh": "中文",
    "es": "Español",
    "hi": "हिन्दी",
    "id": "Bahasa Indonesia",
}
