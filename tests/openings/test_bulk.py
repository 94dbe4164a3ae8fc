"""Bulk actions on a selection of the candidate list: a confirmation page naming the count and what
will be sent, then one transaction, each change audited, and a summary."""

from __future__ import annotations

import html

from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.interviews.models import Scorecard
from hiring.outbox.models import OutboxMessage
from hiring.shortlists.models import Decision, DecisionKind, ShortlistEntry
from tests.helpers import make_candidate, make_opening


def _bulk(browser, opening, ids, action, **extra):
    data = {"action": action, "c": [str(i) for i in ids], **extra}
    return browser.post(f"/openings/{opening.id}/bulk", data, token_from=f"/openings/{opening.id}")


def test_the_list_offers_a_checkbox_per_candidate_and_the_actions_to_managers_only(browser, scene):
    browser.login(scene.manager)
    page = browser.get(f"/openings/{scene.opening.id}").text
    assert f'name="c" value="{scene.candidate.id}" form="bulk-form"' in page and 'id="bulk-form"' in page
    browser.logout()
    browser.login(scene.leader)
    assert 'id="bulk-form"' not in browser.get(f"/openings/{scene.opening.id}").text
    assert _bulk(browser, scene.opening, [scene.candidate.id], "shortlist", confirmed="1").status_code == 403


def test_a_bulk_rejection_confirms_then_records_a_decision_and_queues_an_email_each(browser, scene):
    people = [make_candidate(scene.opening, name=n, language=lang)
              for n, lang in (("王芳", "zh"), ("José Martínez", "es"), ("Budi Santoso", "id"))]
    ids = [p.id for p in people]
    browser.login(scene.manager)
    asked = html.unescape(_bulk(browser, scene.opening, ids, "reject").text)
    assert "3 candidates will be rejected" in asked and "Reject 3 candidates and send 3 emails" in asked
    assert "王芳，您好" in asked  # the email as the first will get it, in Chinese
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 0, "nothing happens before confirming"
    missing = _bulk(browser, scene.opening, ids, "reject", confirmed="1", comment="")
    assert "Say why" in html.unescape(missing.text)
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 0, "all or nothing"
    done = _bulk(browser, scene.opening, ids, "reject", confirmed="1", comment="Other candidates fit better.")
    assert done.status_code == 302
    decisions = db.session.scalars(select(Decision).where(Decision.candidate_id.in_(ids))).all()
    assert sorted(d.candidate_id for d in decisions) == sorted(ids)
    assert {(d.kind, d.comment) for d in decisions} == {(DecisionKind.REJECT, "Other candidates fit better.")}
    emails = db.session.scalars(select(OutboxMessage).filter_by(kind="rejection")).all()
    by_to = {m.to_address: m for m in emails}
    assert set(by_to) == {p.email for p in people}
    assert by_to[people[0].email].subject == f"关于您应聘“{scene.opening.title}”一事"
    assert by_to[people[1].email].body.startswith("Hola, José Martínez:")
    assert by_to[people[2].email].body.startswith("Halo Budi Santoso,")
    assert "Rejected 3 candidates; 3 rejection emails queued." in html.unescape(browser.get(
        f"/openings/{scene.opening.id}").text)


def test_move_shortlist_and_scorecards_for_a_selection(browser, scene):
    people = [make_candidate(scene.opening, name=f"Person {i}") for i in range(3)]
    ids = [p.id for p in people]
    target = scene.opening.stages[2]
    browser.login(scene.manager)
    assert _bulk(browser, scene.opening, ids, "move", stage=str(target.id), confirmed="1").status_code == 302
    assert {c.stage_id for c in db.session.scalars(select(Candidate).where(Candidate.id.in_(ids)))} == {target.id}
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).filter_by(action="candidate.move")) == 3
    assert _bulk(browser, scene.opening, ids, "shortlist", confirmed="1").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ShortlistEntry)
                             .where(ShortlistEntry.candidate_id.in_(ids))) == 3
    ask = {"stage": str(target.id), "rater": str(scene.interviewer.id), "confirmed": "1"}
    assert _bulk(browser, scene.opening, ids, "scorecards", **ask).status_code == 302
    assert _bulk(browser, scene.opening, ids, "scorecards", **ask).status_code == 302  # twice: no duplicates
    cards = db.session.scalars(select(Scorecard).where(Scorecard.candidate_id.in_(ids))).all()
    assert len(cards) == 3 and {c.rater_id for c in cards} == {scene.interviewer.id}
    assert "Asked" in html.unescape(browser.get(f"/openings/{scene.opening.id}").text)


def test_a_selection_from_another_opening_is_refused_whole(browser, scene):
    other = make_candidate(make_opening(scene.manager, title="Community Lead"))
    mine = make_candidate(scene.opening)
    browser.login(scene.manager)
    response = _bulk(browser, scene.opening, [mine.id, other.id], "shortlist", confirmed="1")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ShortlistEntry)) == 0
    assert "not in this opening" in html.unescape(browser.get(f"/openings/{scene.opening.id}").text)


def test_the_board_offers_the_same_selection_and_actions_to_managers_only(browser, scene):
    browser.login(scene.manager)
    board = browser.get(f"/openings/{scene.opening.id}/board").text
    assert 'id="bulk-form"' in board and f'name="c" value="{scene.candidate.id}" form="bulk-form"' in board
    assert 'value="invite"' in board and 'value="reject"' in board
    browser.logout()
    browser.login(scene.leader)
    assert 'id="bulk-form"' not in browser.get(f"/openings/{scene.opening.id}/board").text
