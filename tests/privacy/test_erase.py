"""Erasing a candidate on request: rows, files and the personal data in the audit trail go."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.candidates.models import Candidate
from hiring.exercises.models import Answer, Invitation
from hiring.extensions import db
from hiring.interviews.models import Rating, Scorecard
from hiring.shortlists.models import Decision, ShortlistEntry
from tests.privacy.conftest import NAME, audit_text


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_manager_erases_a_candidate_and_every_trace_of_them(browser, scene, person):
    candidate_id = person.candidate.id
    browser.login(scene.manager)
    page = browser.get(f"/candidates/{candidate_id}")
    assert f'action="/candidates/{candidate_id}/erase"' in page.text
    assert re.search(r'<button[^>]*data-confirm="Erase [^"]*cannot be undone[^"]*"[^>]*>Erase</button>', page.text)

    events_before = _count(AuditEvent)
    response = browser.post(f"/candidates/{candidate_id}/erase", {}, token_from=f"/candidates/{candidate_id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/openings/{scene.opening.id}")

    assert db.session.get(Candidate, candidate_id) is None
    assert _count(Scorecard, Scorecard.id.in_(person.scorecard_ids)) == 0
    assert _count(Rating, Rating.scorecard_id.in_(person.scorecard_ids)) == 0
    assert _count(Invitation, Invitation.id.in_(person.invitation_ids)) == 0
    assert _count(Answer, Answer.invitation_id.in_(person.invitation_ids)) == 0
    assert _count(ShortlistEntry, ShortlistEntry.candidate_id == candidate_id) == 0
    assert _count(Decision, Decision.candidate_id == candidate_id) == 0
    assert not person.file_path.exists()

    text = audit_text()
    for secret in person.secrets:
        assert secret not in text
    erasure = db.session.scalar(select(AuditEvent).filter_by(action="candidate.erase"))
    ref = erasure.details["ref"]
    assert re.fullmatch(r"erased-[0-9a-f]{8}", ref)
    assert (erasure.actor_id, erasure.target_type, erasure.target_id) == (scene.manager.id, "Opening", scene.opening.id)
    assert erasure.details["rows"]["scorecards"] == 2 and erasure.details["files"] == 1
    # The earlier events stay (who did what when), about the anonymous reference only.
    earlier = db.session.scalars(select(AuditEvent).where(AuditEvent.details["ref"].as_string() == ref,
                                                          AuditEvent.id != erasure.id)).all()
    assert {"candidate.create", "candidate.update", "decision.record", "shortlist.add", "scorecard.assign",
            "invitation.create"} <= {e.action for e in earlier}
    assert all(e.details == {"erased": True, "ref": ref} for e in earlier)
    assert all(e.target_id is None for e in earlier)
    assert _count(AuditEvent, AuditEvent.target_type == "Candidate", AuditEvent.target_id == candidate_id) == 0
    assert _count(AuditEvent) == events_before + 1  # nothing deleted from the trail, the erasure added
    assert ref in browser.get(f"/openings/{scene.opening.id}").text  # the flash message
    assert NAME not in browser.get(f"/openings/{scene.opening.id}").text


def test_erasing_one_candidate_leaves_the_others_alone(browser, scene, person):
    other_events = _count(AuditEvent, AuditEvent.target_type == "Candidate", AuditEvent.target_id == person.other.id)
    browser.login(scene.admin)
    browser.post(f"/candidates/{person.candidate.id}/erase", {}, token_from=f"/candidates/{person.candidate.id}")
    assert db.session.get(Candidate, person.other.id).name == "Other Person"
    assert person.other_file.is_file()
    assert _count(Scorecard, Scorecard.candidate_id == person.other.id) == 1
    assert "other@example.org" in audit_text()
    assert _count(AuditEvent, AuditEvent.target_type == "Candidate",
                  AuditEvent.target_id == person.other.id) == other_events


def test_interviewer_and_leader_cannot_erase(browser, scene, person):
    for user in (scene.interviewer, scene.leader, scene.outsider):
        browser.login(user)
        assert browser.post(f"/candidates/{person.candidate.id}/erase", {}).status_code == 403
        browser.logout()
    assert db.session.get(Candidate, person.candidate.id) is not None
    assert person.file_path.is_file()


def test_erase_from_the_command_line(runner, scene, person):
    candidate_id = person.candidate.id
    refused = runner.invoke(args=["candidates", "erase", str(candidate_id)], input="n\n")
    assert refused.exit_code == 1 and db.session.get(Candidate, candidate_id) is not None
    result = runner.invoke(args=["candidates", "erase", str(candidate_id), "--yes"])
    assert result.exit_code == 0, result.output
    assert re.search(r"calls them erased-[0-9a-f]{8}\. Removed 1 file\.", result.output)
    db.session.expire_all()
    assert db.session.get(Candidate, candidate_id) is None
    assert not person.file_path.exists()
    assert NAME not in audit_text()
