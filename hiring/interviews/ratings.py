"""What a rating needs, whoever enters it. Pure: no Flask, no database.

A rating stands on what the rater saw: a level without the evidence behind it is refused, with the
same words, by the scorecard form, ``save_scorecard`` and the score importer.
"""

from __future__ import annotations

from flask_babel import gettext

from hiring.i18n import N_

EVIDENCE_REQUIRED = N_("Write the evidence behind the rating.")


def evidence_problem(value: object, note: str | None) -> str | None:
    """EVIDENCE_REQUIRED if a rating (``value`` not None: a level was given) has an empty note."""
    if value is not None and not (note or "").strip():
        return gettext(EVIDENCE_REQUIRED)
    return None
