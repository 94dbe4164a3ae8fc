"""A debrief is personal data like the scorecards it copied: exported, anonymised, erased."""

from __future__ import annotations

from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.debriefs.models import Debrief, DebriefRating, DebriefStatus
from hiring.extensions import db
from hiring.privacy.operations import anonymise_candidate, candidate_data, erase_candidate
from hiring.timeutil import utcnow
from tests.debriefs.helpers import advance, open_debrief, rescore, scored, walk_to
from tests.helpers import _committed

REASON = "Her answer on the recall named the customer."


def _debriefed(scene):
    story = scored(scene)
    debrief = walk_to(open_debrief(scene.manager, story.candidate), DebriefStatus.RESCORE, scene.manager)
    rescore(scene.interviewer, debrief.ratings[0], 5, REASON)
    advance(scene.manager, debrief, DebriefStatus.CLOSED, recommendation="yes", summary="Hire her.")
    return story.candidate, debrief


def test_the_data_export_holds_the_debrief(scene):
    candidate, _debrief = _debriefed(scene)
    data, _files = candidate_data(candidate)
    (entry,) = data["debriefs"]
    assert entry["status"] == "closed" and entry["summary"] == "Hire her."
    assert any(r["reason"] == REASON and r["rescored"] == 5 for r in entry["ratings"])


def test_anonymising_keeps_the_numbers_and_drops_the_words(scene):
    candidate, debrief = _debriefed(scene)
    _committed(anonymise_candidate)(None, candidate, retention_days=30, now=utcnow())
    db.session.expire_all()
    debrief = db.session.get(Debrief, debrief.id)
    assert debrief.summary == "" and debrief.notes == {}
    assert all(r.note == "" and r.reason == "" for r in debrief.ratings)
    assert [r.rescored_value for r in debrief.ratings if r.rescored] == [5]
    events = db.session.scalars(select(AuditEvent).filter_by(target_type="Debrief")).all()
    assert events and all(REASON not in str(e.details) for e in events)


def test_erasing_the_candidate_erases_their_debrief(scene):
    candidate, _debrief = _debriefed(scene)
    _committed(erase_candidate)(None, candidate)
    assert db.session.scalar(select(func.count()).select_from(Debrief)) == 0
    assert db.session.scalar(select(func.count()).select_from(DebriefRating)) == 0
    events = db.session.scalars(select(AuditEvent).filter_by(target_type="Debrief")).all()
    assert events and all(e.target_id is None and REASON not in str(e.details) for e in events)
