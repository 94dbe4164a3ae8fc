"""The fixed words of a candidate record: how they would work with us, which language they read."""

from __future__ import annotations

import enum

from flask_babel import gettext

from hiring.i18n import LANGUAGES, N_  # noqa: F401  (LANGUAGES: candidates read their pages in one of these)


class CandidateType(enum.StrEnum):
    """How the person would work for us: the three ways small businesses staff social media."""

    IN_HOUSE = "in_house"
    FREELANCER = "freelancer"
    AGENCY = "agency"

    @property
    def label(self) -> str:
        """How they work, in the page's language."""
        return gettext({"in_house": N_("In-house"), "freelancer": N_("Freelancer"), "agency": N_("Agency")}[self.value])


