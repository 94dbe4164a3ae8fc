"""Blind review stays blind until the reviewer presses *Reveal identity*, which is on record."""

from __future__ import annotations

from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.extensions import db
from hiring.openings.operations import add_team_member
from tests.helpers import make_user


def _review(browser, scene, reviewer, rating: int = 4, note: str = "Clear focal point.") -> None:
    browser.login(reviewer)
    form = {"revision": "0", "recommendation": "yes", "summary": "", "submit": "y",
            "rating_design": str(rating), "note_design": note}
    assert browser.submit(f"/reviews/{scene.invitation.id}", form).status_code == 302


def _reveals() -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "review.reveal")))


def test_a_submitted_review_stays_under_the_alias_until_the_reviewer_reveals(browser, scene):
    name, alias = scene.candidate.name, scene.invitation.alias
    _review(browser, scene, scene.interviewer)

    mine = browser.get("/scorecards/").text
    assert alias in mine
    assert f">{name}</a>" in mine  # the interview scorecard the scene submitted names the candidate…
    assert mine.count(f">{name}</a>") == 1  # …but the review does not
    page = browser.get(f"/reviews/{scene.invitation.id}").text
    assert name not in page and "Reveal identity" in page
    candidate_page = browser.get(f"/candidates/{scene.candidate.id}").text
    assert "Clear focal point." not in candidate_page, "the review is not shown beside the name"
    assert _reveals() == []

    revealed = browser.post(f"/reviews/{scene.invitation.id}/reveal", {}, token_from=f"/reviews/{scene.invitation.id}",
                            follow_redirects=True)
    assert revealed.status_code == 200 and f"{alias} is {name}" in revealed.text
    (event,) = _reveals()
    assert (event.actor_id, event.target_type, event.target_id) == (scene.interviewer.id, "Invitation",
                                                                    scene.invitation.id)
    assert event.details["review"] == "submitted"
    assert browser.get("/scorecards/").text.count(f">{name}</a>") == 2
    assert "Clear focal point." in browser.get(f"/candidates/{scene.candidate.id}").text

    browser.post(f"/reviews/{scene.invitation.id}/reveal", {}, token_from=f"/reviews/{scene.invitation.id}")
    assert len(_reveals()) == 1, "revealing again keeps the first time"


def test_the_hiring_manager_sees_which_reviews_were_revealed_before_and_after_scoring(browser, scene):
    second = make_user(Role.INTERVIEWER, name="Rita Reviewer")
    add_team_member(None, scene.opening, second, Role.INTERVIEWER)
    db.session.commit()
    _review(browser, scene, scene.interviewer, 4, "Ines: clear focal point.")
    browser.post(f"/reviews/{scene.invitation.id}/reveal", {}, token_from="/reviews/")  # after scoring
    browser.logout()

    browser.login(second)
    browser.post(f"/reviews/{scene.invitation.id}/reveal", {}, token_from="/reviews/")  # before scoring
    (before,) = [e for e in _reveals() if e.actor_id == second.id]
    assert before.details["review"] == "none"
    browser.logout()
    _review(browser, scene, second, 2, "Rita: text too small on a phone.")
    browser.logout()

    browser.login(scene.manager)
    page = browser.get(f"/candidates/{scene.candidate.id}").text
    ines = page.index("Ines: clear focal point.")
    rita = page.index("Rita: text too small")
    after_label = "Scored blind; identity revealed afterwards"
    before_label = "Identity revealed before scoring"
    assert after_label in page and before_label in page
    # Each label sits in its own review's card, above that review's evidence.
    assert page.rfind(after_label, 0, ines) > page.rfind("<article", 0, ines)
    assert page.rfind(before_label, 0, rita) > page.rfind("<article", 0, rita)


def test_reveal_follows_the_review_rule(browser, scene):
    """Only someone who may review the submission can reveal it."""
    browser.login(scene.outsider)
    response = browser.post(f"/reviews/{scene.invitation.id}/reveal", {}, token_from="/")
    assert response.status_code in (403, 404)
    assert _reveals() == []
