"""Scorecards: kits, independence before collective, optimistic locking, audited edits."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.extensions import db
from hiring.interviews.models import Scorecard
from hiring.interviews.operations import (
    RatingInput,
    ScorecardConflict,
    assign,
    save_scorecard,
    set_kit,
)
from hiring.interviews.ratings import EVIDENCE_REQUIRED
from hiring.openings.operations import add_team_member
from hiring.validation import ValidationError
from tests.helpers import make_user, submit_scorecard


def _form(kit_keys, ratings: dict, *, recommendation="yes", submit=True, revision=1, notes=None) -> dict:
    data = {"revision": str(revision), "recommendation": recommendation or "", "summary": ""}
    for key in kit_keys:
        value = ratings.get(key)
        data[f"rating_{key}"] = "" if value is None else str(value)
        data[f"note_{key}"] = (notes or {}).get(key, "Evidence seen." if value is not None else "")
    data["submit" if submit else "save"] = "y"
    return data


@pytest.fixture()
def panel(scene):
    """A second interviewer on the team, each interviewer asked for a panel scorecard."""
    second = make_user(Role.INTERVIEWER, name="Budi Second")
    add_team_member(None, scene.opening, second, Role.INTERVIEWER)
    stage = scene.opening.stages[2]
    set_kit(None, stage, focus=["live_speaking", "strategy"], questions={})
    first_card = assign(None, scene.candidate, stage, scene.interviewer)
    second_card = assign(None, scene.candidate, stage, second)
    return stage, first_card, second, second_card


def test_interviewer_sees_the_kit_with_questions_and_every_anchor(browser, scene):
    stage = scene.opening.stages[0]
    set_kit(None, stage, focus=["copywriting"], questions={"copywriting": ["Write a bio for our shop."]})
    browser.login(scene.interviewer)
    page = browser.get(f"/openings/{scene.opening.id}/stages/{stage.id}/kit").text
    copywriting = scene.opening.rubric.criterion("copywriting")
    assert "Write a bio for our shop." in page
    for level in range(1, 6):
        assert copywriting.anchors[level].replace("'", "&#39;").replace('"', "&#34;") in page
    assert scene.opening.rubric.criterion("analytics").name not in page


def test_interviewer_cannot_see_panel_scores_before_submitting(browser, scene, panel):
    stage, first_card, second, second_card = panel
    submit_scorecard(second, scene.candidate, stage, {"live_speaking": 2, "strategy": 3},
                     note="Froze when the guest went quiet")
    browser.login(scene.interviewer)
    page = browser.get(f"/candidates/{scene.candidate.id}").text
    assert "Froze when the guest went quiet" not in page
    assert "hidden until you submit your own" in page
    assert browser.get(f"/scorecards/{second_card.id}").status_code == 403
    keys = ["live_speaking", "strategy"]
    page = browser.submit(f"/scorecards/{first_card.id}/edit",
                          _form(keys, {"live_speaking": 4, "strategy": 4}, revision=first_card.revision),
                          follow_redirects=True).text
    assert "Froze when the guest went quiet" in page
    assert browser.get(f"/scorecards/{second_card.id}").status_code == 200


def test_drafts_stay_private_even_from_managers(browser, scene, panel):
    _stage, first_card, *_ = panel
    browser.login(scene.interviewer)
    browser.submit(f"/scorecards/{first_card.id}/edit",
                   _form(["live_speaking", "strategy"], {"live_speaking": 3}, submit=False,
                         notes={"live_speaking": "Draft thought about pacing"}))
    browser.logout()
    browser.login(scene.manager)
    assert "Draft thought about pacing" not in browser.get(f"/candidates/{scene.candidate.id}").text
    assert browser.get(f"/scorecards/{first_card.id}").status_code == 403


def test_a_rating_needs_its_evidence_and_a_submission_needs_a_recommendation(browser, scene, panel):
    _, first_card, *_ = panel
    browser.login(scene.interviewer)
    page = browser.submit(f"/scorecards/{first_card.id}/edit",
                          _form(["live_speaking", "strategy"], {"live_speaking": 4}, recommendation=None,
                                notes={"live_speaking": ""}, revision=first_card.revision))
    assert page.status_code == 200
    assert EVIDENCE_REQUIRED in page.text
    assert "Choose a recommendation to submit." in page.text
    db.session.expire_all()
    assert not first_card.submitted and first_card.ratings == []


def test_submitting_with_most_focus_criteria_not_assessed_asks_first(browser, scene, panel):
    stage, card, *_ = panel
    keys = ["live_speaking", "strategy", "copywriting"]
    set_kit(None, stage, focus=keys, questions={})
    browser.login(scene.interviewer)
    partial = _form(keys, {"strategy": 3}, recommendation="no", revision=card.revision)
    asked = browser.submit(f"/scorecards/{card.id}/edit", partial)
    assert asked.status_code == 200
    assert "2 of 3 criteria not assessed — submit anyway?" in asked.text
    assert 'name="confirm" value="1"' in asked.text and "Submit anyway" in asked.text
    db.session.expire_all()
    assert not card.submitted and card.ratings == [], "nothing is stored until confirmed"

    confirmed = browser.submit(f"/scorecards/{card.id}/edit", {**partial, "confirm": "1"})
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert card.submitted
    assert {r.criterion: r.value for r in card.ratings}["strategy"] == 3


def test_half_the_focus_assessed_submits_without_asking(browser, scene, panel):
    _, card, *_ = panel
    browser.login(scene.interviewer)
    response = browser.submit(f"/scorecards/{card.id}/edit",
                              _form(["live_speaking", "strategy"], {"strategy": 3}, revision=card.revision))
    assert response.status_code == 302
    db.session.expire_all()
    assert card.submitted


def test_not_assessed_is_not_a_rating(scene, panel):
    stage, first_card, *_ = panel
    submit_scorecard(scene.interviewer, scene.candidate, stage, {"live_speaking": 4, "strategy": None})
    db.session.expire_all()
    assert first_card.rating_for("strategy").value is None
    with pytest.raises(ValidationError, match="Rate at least one criterion"):
        second = make_user(Role.INTERVIEWER)
        add_team_member(None, scene.opening, second, Role.INTERVIEWER)
        card = assign(None, scene.candidate, stage, second)
        save_scorecard(second, card, ratings={"strategy": RatingInput(None)}, recommendation="no",
                       submit=True, expected_revision=card.revision)


def test_two_editors_of_one_scorecard_exactly_one_wins(app, scene, panel):
    """Two sessions load the same revision, both save: the second gets a conflict, nothing is lost."""
    _, card, *_ = panel
    loaded = card.revision
    first = app.test_client()
    second = app.test_client()
    from tests.helpers import Browser

    alice, bob = Browser(first), Browser(second)
    alice.login(scene.interviewer)
    bob.login(scene.interviewer)
    keys = ["live_speaking", "strategy"]
    win = alice.submit(f"/scorecards/{card.id}/edit",
                       _form(keys, {"live_speaking": 5, "strategy": 5}, revision=loaded,
                             notes={"live_speaking": "Alice's evidence", "strategy": "Alice's evidence"}))
    lose = bob.submit(f"/scorecards/{card.id}/edit",
                      _form(keys, {"live_speaking": 1, "strategy": 1}, revision=loaded,
                            notes={"live_speaking": "Bob's evidence", "strategy": "Bob's evidence"}))
    assert win.status_code == 302
    assert lose.status_code == 200
    assert "Someone else saved this scorecard after you opened it" in lose.text
    db.session.expire_all()
    assert [r.value for r in card.ratings] == [5, 5]
    assert {r.note for r in card.ratings} == {"Alice's evidence"}


def test_stale_write_is_refused_by_the_database_too(scene, panel):
    """Even if two saves pass the revision check at once, the versioned UPDATE lets one through."""
    _, card, *_ = panel
    from sqlalchemy import update

    stale = card.revision
    db.session.execute(update(Scorecard).where(Scorecard.id == card.id).values(revision=stale + 1))
    with pytest.raises(ScorecardConflict):
        save_scorecard(scene.interviewer, card, ratings={"strategy": RatingInput(3, "x")},
                       recommendation="yes", submit=True, expected_revision=stale)


def test_the_edit_page_promises_the_panel_scores_only_before_submitting(browser, scene, panel):
    _stage, draft, _second, _second_card = panel
    browser.login(scene.interviewer)
    assert "once you submit yours" in browser.get(f"/scorecards/{draft.id}/edit").text
    page = browser.get(f"/scorecards/{scene.scorecard.id}/edit").text  # submitted in the scene
    assert "This scorecard is submitted" in page
    assert "once you submit yours" not in page


def test_editing_a_submitted_scorecard_is_audited_old_to_new(browser, scene):
    card = scene.scorecard
    browser.login(scene.interviewer)
    keys = [r.criterion for r in card.ratings]
    old = {r.criterion: r.value for r in card.ratings}
    response = browser.submit(f"/scorecards/{card.id}/edit",
                              _form(keys, {**old, "copywriting": 2}, revision=card.revision,
                                    notes={k: "Re-read the work sample." for k in keys}))
    assert response.status_code == 302
    event = db.session.scalar(select(AuditEvent).filter_by(action="scorecard.edit", target_id=card.id))
    assert event.actor_id == scene.interviewer.id
    assert event.details["before"]["ratings"]["copywriting"]["value"] == 4
    assert event.details["after"]["ratings"]["copywriting"]["value"] == 2


def test_a_scorecard_keeps_the_rubric_version_it_was_given_under(scene, rubrics_dir, browser):
    from hiring.openings.operations import upgrade_rubric

    path = rubrics_dir / "social-media-manager.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Copywriting", "Short-form writing", 1),
                    encoding="utf-8")
    old_version = scene.scorecard.rubric_version_id
    upgrade_rubric(scene.manager, scene.opening, rubrics_dir)
    db.session.expire_all()
    assert scene.opening.rubric_version_id != old_version
    assert scene.scorecard.rubric_version_id == old_version
    browser.login(scene.manager)
    page = browser.get(f"/scorecards/{scene.scorecard.id}").text
    assert "Copywriting" in page and "Short-form writing" not in page


def test_manager_asks_for_a_scorecard_and_the_dashboard_shows_who_owes_it(browser, scene):
    browser.login(scene.manager)
    stage = scene.opening.stages[1]
    browser.post(f"/candidates/{scene.candidate.id}/assign",
                 {"stage": str(stage.id), "rater": str(scene.interviewer.id)},
                 token_from=f"/candidates/{scene.candidate.id}")
    page = browser.get(f"/openings/{scene.opening.id}").text
    assert re.search(rf"{scene.interviewer.name}\s+owes", page)
    browser.logout()
    browser.login(scene.interviewer)
    assert scene.candidate.name in browser.get("/scorecards/").text


def test_only_the_rater_edits_their_scorecard(browser, scene):
    browser.login(scene.leader)
    assert browser.get(f"/scorecards/{scene.scorecard.id}/edit").status_code == 403
    assert browser.get(f"/scorecards/{scene.scorecard.id}").status_code == 200


def test_a_draft_is_private_to_its_rater_even_from_an_admin(browser, scene, panel):
    _stage, first_card, *_ = panel
    save_scorecard(scene.interviewer, first_card, ratings={"strategy": RatingInput(2, "Half-formed plan.")},
                   recommendation="no", submit=False, expected_revision=first_card.revision)
    browser.login(scene.admin)
    # The edit form shows everything the scorecard page does, so it answers as that page does.
    assert browser.get(f"/scorecards/{first_card.id}").status_code == 403
    edit = browser.get(f"/scorecards/{first_card.id}/edit")
    assert edit.status_code == 403 and "Half-formed plan." not in edit.text
    overwrite = browser.post(f"/scorecards/{first_card.id}/edit",
                             _form(["live_speaking", "strategy"], {"strategy": 5}, submit=False,
                                   revision=first_card.revision))
    assert overwrite.status_code == 403
    db.session.expire_all()
    assert [(r.criterion, r.value) for r in first_card.ratings if r.value is not None] == [("strategy", 2)]
    browser.logout()
    browser.login(scene.interviewer)  # the rater still works on it
    assert "Half-formed plan." in browser.get(f"/scorecards/{first_card.id}/edit").text


def test_a_save_overtaken_between_check_and_write_is_a_conflict_not_an_error(scene):
    """Another worker saves after this one checked the revision: the versioned UPDATE refuses it."""
    from sqlalchemy import text

    card = scene.scorecard
    seen = card.revision
    with db.engine.begin() as other_worker:
        other_worker.execute(text("UPDATE scorecards SET revision = revision + 1 WHERE id = :id"), {"id": card.id})
    with pytest.raises(ScorecardConflict):
        save_scorecard(scene.interviewer, card, ratings={"copywriting": RatingInput(2, "Changed my mind.")},
                       recommendation="no", submit=True, expected_revision=seen)
    db.session.expire_all()
    stored = db.session.get(Scorecard, card.id)
    assert stored.rating_for("copywriting").value == 4  # nothing of the overtaken save was written


def test_a_tampered_revision_is_a_conflict_not_an_error(browser, scene):
    card = assign(None, scene.candidate, scene.opening.stages[1], scene.interviewer)
    db.session.commit()
    browser.login(scene.interviewer)
    page = browser.submit(f"/scorecards/{card.id}/edit", {"revision": "abc", "recommendation": "yes",
                                                          "rating_copywriting": "4", "note_copywriting": "Clear.",
                                                          "save": "y"})
    assert page.status_code == 200 and "changed" in page.text.lower()
    db.session.expire_all()
    assert db.session.get(Scorecard, card.id).ratings == []
