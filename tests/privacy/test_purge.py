"""The retention purge: candidates not hired are anonymised once their retention period has passed."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select, update

from hiring.audit.models import AuditEvent
from hiring.candidates.models import Candidate
from hiring.exercises.models import Answer
from hiring.extensions import db
from hiring.interviews.models import Rating, Scorecard
from hiring.privacy.operations import set_retention
from hiring.shortlists.models import Decision
from hiring.shortlists.operations import record_decision
from hiring.timeutil import utcnow
from tests.helpers import make_candidate, make_opening
from tests.privacy.conftest import NAME, audit_text


def _age(candidate: Candidate, days: int) -> None:
    db.session.execute(update(Candidate).where(Candidate.id == candidate.id)
                       .values(created_at=utcnow() - timedelta(days=days)))
    db.session.commit()


def _snapshot() -> list:
    people = db.session.execute(select(Candidate.id, Candidate.name, Candidate.email, Candidate.anonymised_at)
                                .order_by(Candidate.id)).all()
    return [people, db.session.scalar(select(func.count()).select_from(AuditEvent)), audit_text()]


def _ids(output: str) -> set[int]:
    return {int(m) for m in re.findall(r"^#(\d+) ", output, re.M)}


def test_purge_anonymises_old_candidates_who_were_not_hired(runner, scene, person):
    hired = make_candidate(scene.opening, name="Hired Person")
    record_decision(scene.leader, hired, "reject", "Not now.")
    record_decision(scene.leader, hired, "offer", "Changed our minds: offer.")
    unhired = make_candidate(scene.opening, name="Offer Withdrawn")
    record_decision(scene.leader, unhired, "offer", "Offer.")
    record_decision(scene.leader, unhired, "reject", "Offer withdrawn.")
    recent = make_candidate(scene.opening, name="Recent Person")
    for c in (person.candidate, person.other, hired, unhired):
        _age(c, 400)
    _age(recent, 10)
    rating_values = sorted(db.session.execute(select(Rating.id, Rating.value).join(Scorecard)
                                              .where(Scorecard.candidate_id == person.candidate.id)).all())

    before = _snapshot()
    dry = runner.invoke(args=["purge", "--older-than", "365", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert _ids(dry.output) == {person.candidate.id, person.other.id, unhired.id}
    assert f"opening #{scene.opening.id} Social Media Manager" in dry.output and NAME in dry.output
    assert "3 candidates would be anonymised; nothing changed" in dry.output
    db.session.expire_all()
    assert _snapshot() == before
    assert person.file_path.is_file()

    result = runner.invoke(args=["purge", "--older-than", "365"])
    assert result.exit_code == 0, result.output
    assert "Anonymised 3 candidates; removed 2 files." in result.output
    db.session.expire_all()
    zoe = db.session.get(Candidate, person.candidate.id)
    tag = re.fullmatch(r"Erased candidate ([0-9a-f]{8})", zoe.name).group(1)
    assert zoe.email == f"erased-{tag}@invalid"
    assert (zoe.phone, zoe.source, zoe.notes) == ("", "", "")
    assert zoe.anonymised_at is not None
    assert not person.file_path.exists() and not person.other_file.exists()
    answers = db.session.scalars(select(Answer).where(Answer.invitation_id.in_(person.invitation_ids))).all()
    assert answers and all(a.text == "" and a.file_name is None for a in answers)
    ratings = db.session.scalars(select(Rating).join(Scorecard).where(Scorecard.candidate_id == zoe.id)).all()
    assert sorted((r.id, r.value) for r in ratings) == rating_values  # the numbers stay: statistics stay honest
    assert all(r.note == "" for r in ratings)
    [decision] = db.session.scalars(select(Decision).filter_by(candidate_id=zoe.id)).all()
    assert (decision.kind.value, decision.comment) == ("advance", "")
    text = audit_text()
    for secret in person.secrets:
        assert secret not in text
    assert "Offer withdrawn." not in text and "other@example.org" not in text
    assert "Changed our minds: offer." in text  # the hired candidate keeps everything
    assert db.session.get(Candidate, hired.id).name == "Hired Person"
    assert db.session.get(Candidate, recent.id).name == "Recent Person"
    events = db.session.scalars(select(AuditEvent).filter_by(action="candidate.anonymise")).all()
    assert sorted(e.target_id for e in events) == sorted([zoe.id, person.other.id, unhired.id])
    assert all(e.details == {"retention_days": 365} for e in events)
    assert db.session.scalar(select(AuditEvent).filter_by(action="privacy.purge")).details["anonymised"] == 3

    after = _snapshot()
    again = runner.invoke(args=["purge", "--older-than", "365"])
    assert again.exit_code == 0 and "Anonymised 0 candidates" in again.output
    db.session.expire_all()
    assert _snapshot()[0] == after[0]  # idempotent: nobody renamed twice


def test_an_openings_own_retention_replaces_the_default(runner, scene):
    keep_long = make_opening(scene.manager, title="Archive role")
    short = make_opening(scene.manager, title="Short role")
    assert runner.invoke(args=["openings", "retention", str(keep_long.id), "--days", "730"]).exit_code == 0
    result = runner.invoke(args=["openings", "retention", str(short.id), "--days", "30"])
    assert result.exit_code == 0 and "retention 30 days" in result.output
    kept = make_candidate(keep_long, name="Kept Longer")
    due_early = make_candidate(short, name="Due Early")
    default = make_candidate(scene.opening, name="Default Rule")
    _age(kept, 400)
    _age(due_early, 40)
    _age(default, 400)
    dry = runner.invoke(args=["purge", "--older-than", "365", "--dry-run"])
    assert _ids(dry.output) == {due_early.id, default.id}  # the scene's candidate is new
    assert "retention 30 d" in dry.output

    assert runner.invoke(args=["openings", "retention", str(keep_long.id), "--clear"]).exit_code == 0
    dry = runner.invoke(args=["purge", "--older-than", "365", "--dry-run"])
    assert _ids(dry.output) == {kept.id, due_early.id, default.id}
    event = db.session.scalars(select(AuditEvent).filter_by(action="opening.retention")
                               .order_by(AuditEvent.id.desc())).first()
    assert event.details == {"before": {"retention_days": 730}, "after": {"retention_days": None}}


def test_retention_and_purge_refuse_nonsense(runner, scene):
    assert runner.invoke(args=["openings", "retention", str(scene.opening.id), "--days", "0"]).exit_code == 1
    assert runner.invoke(args=["openings", "retention", str(scene.opening.id)]).exit_code == 1
    assert runner.invoke(args=["purge", "--older-than", "0"]).exit_code == 1
    assert set_retention(None, scene.opening, 90).retention_days == 90


def test_managers_set_an_openings_retention_on_its_edit_page(browser, scene):
    browser.login(scene.manager)
    url = f"/openings/{scene.opening.id}/edit"
    base = {"title": scene.opening.title, "location": "", "stages": "\n".join(s.name for s in scene.opening.stages)}
    assert 'name="retention_days"' in browser.get(url).text
    for bad in ("0", "36501", "a year"):
        page = browser.submit(url, base | {"title": "Renamed", "retention_days": bad})
        assert page.status_code == 200 and "retention_days-error" in page.text, bad
        db.session.expire_all()
        assert scene.opening.retention_days is None and scene.opening.title != "Renamed", "nothing saved"
    assert browser.submit(url, base | {"retention_days": "90"}).status_code == 302
    db.session.expire_all()
    assert scene.opening.retention_days == 90
    assert 'value="90"' in browser.get(url).text
    assert browser.submit(url, base | {"retention_days": ""}).status_code == 302  # empty: the purge's default
    db.session.expire_all()
    assert scene.opening.retention_days is None
    events = db.session.scalars(select(AuditEvent).filter_by(action="opening.retention").order_by(AuditEvent.id)).all()
    assert [e.details["after"]["retention_days"] for e in events] == [90, None]
    assert all(e.actor_id == scene.manager.id for e in events)
    browser.logout()
    browser.login(scene.interviewer)
    assert browser.submit(url, base | {"retention_days": "1"}).status_code == 403
