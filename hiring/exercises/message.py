"""The invitation message: the one text a candidate receives, emailed or pasted by the hiring manager.

`templates/exercises/invitation_email.txt` is rendered once, in the candidate's language; its first
line is the subject and the rest (after a blank line) the body. The email carries exactly that
subject and body, and the invited page shows the same text to copy, so what a candidate reads
never depends on whether SMTP worked.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale

from hiring.candidates.models import Candidate
from hiring.exercises.models import Invitation
from hiring.timeutil import shown


@dataclass(frozen=True)
class InvitationMessage:
    subject: str
    body: str

    @property
    def text(self) -> str:
        """Subject and body as one text to paste into any mail or chat."""
        return f"{self.subject}\n\n{self.body}"


def invitation_message(candidate: Candidate, invitation: Invitation, link: str) -> InvitationMessage:
    """The message inviting `candidate` to `invitation` through `link`, in the candidate's language."""
    language = invitation.language or "en"
    # The last moment to start, where the day was picked (`Invitation.time_zone`), the zone named.
    valid_until = shown(invitation.expires_at, invitation.time_zone, language)
    with force_locale(language):
        text = render_template("exercises/invitation_email.txt", candidate=candidate, invitation=invitation,
                               link=link, valid_until=valid_until)
    subject, _, body = text.strip().partition("\n")
    return InvitationMessage(subject=subject.strip(), body=body.strip() + "\n")
