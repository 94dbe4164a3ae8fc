"""A candidate with something of every kind stored about them, and a look into the audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.candidates.models import Candidate
from hiring.candidates.operations import update_candidate
from hiring.exercises.models import Invitation, StoredFile
from hiring.extensions import db
from hiring.interviews.models import Scorecard
from hiring.shortlists.operations import add_to_shortlist, record_decision
from tests.helpers import Scene, make_candidate, submit_scorecard, submitted_invitation

NAME, EMAIL = "Zoë Privatperson", "zoe.private@example.org"
NOTES, COMMENT = "Met at the Jakarta meetup; phone after 6pm.", "Strong writer; Zoë declined the first date."
EVIDENCE = "Zoë rewrote the launch thread in five minutes."


@dataclass
class Person:
    """The scene's candidate, with a phone, notes, a second scorecard, a shortlist entry, a decision."""

    candidate: Candidate
    scorecard_ids: list[int]
    invitation_ids: list[int]
    file_path: StoredUpload
    other: Candidate  # another candidate of the same opening, who must not be touched
    other_file: StoredUpload

    @property
    def secrets(self) -> list[str]:
        return [NAME, EMAIL, "+62 812 5555", NOTES, COMMENT, EVIDENCE, "Green for trust."]


@dataclass(frozen=True)
class StoredUpload:
    """An answer's uploaded file, where it is kept: in the database (`stored_files`)."""

    answer_id: int
    name: str

    def _row(self):
        db.session.commit()  # read what the request or command just committed
        return db.session.scalar(select(StoredFile).filter_by(answer_id=self.answer_id))

    def exists(self) -> bool:
        return self._row() is not None

    is_file = exists

    def read_bytes(self) -> bytes:
        return self._row().data

    def unlink(self) -> None:
        db.session.delete(self._row())
        db.session.commit()


def stored_file(invitation: Invitation) -> StoredUpload:
    answer = next(a for a in invitation.answers if a.file_name)
    return StoredUpload(answer.id, answer.file_name)


def audit_text() -> str:
    return json.dumps([e.details for e in db.session.scalars(select(AuditEvent))], ensure_ascii=False)


@pytest.fixture()
def person(scene: Scene) -> Person:
    candidate = scene.candidate
    update_candidate(scene.manager, candidate, name=NAME, email=EMAIL, phone="+62 812 5555", source="Meetup",
                     type="freelancer", language="id", stage=candidate.stage, notes=NOTES)
    submit_scorecard(scene.manager, candidate, scene.opening.stages[1], {"copywriting": 5}, note=EVIDENCE)
    add_to_shortlist(scene.manager, candidate)
    record_decision(scene.leader, candidate, "advance", COMMENT)
    other = make_candidate(scene.opening, name="Other Person", email="other@example.org")
    submit_scorecard(scene.interviewer, other, scene.opening.stages[0], {"copywriting": 3})
    other_invitation, _ = submitted_invitation(other)
    scorecards = list(db.session.scalars(select(Scorecard.id).filter_by(candidate_id=candidate.id)))
    invitations = list(db.session.scalars(select(Invitation.id).filter_by(candidate_id=candidate.id)))
    person = Person(candidate, scorecards, invitations, stored_file(scene.invitation), other,
                    stored_file(other_invitation))
    assert person.file_path.is_file() and person.other_file.is_file()
    assert NAME in audit_text() and COMMENT in audit_text()  # so the scrubbing below means something
    return person
