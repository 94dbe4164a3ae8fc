"""Blind review of exercise submissions: aliases, a personal order, independence, integrity signals."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from hiring.auth.models import Role
from hiring.exercises import operations as exercise_ops
from hiring.exercises.review import LARGE_PASTE
from hiring.extensions import db
from hiring.interviews.models import Scorecard
from hiring.openings.operations import add_team_member
from hiring.scoreboards import ratings_frame
from hiring.timeutil import utcnow
from tests.helpers import CandidateBrowser, make_candidate, make_invitation, make_user, submitted_invitation

SHARED = ("Big news for early risers: our oat latte is back, now with a refill card. Tag a friend who needs "
          "it! Every tenth cup is on us until the end of the month, in every shop and on the app. "
          "Show this post at the counter for a free pastry on Monday.")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 120, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def _submitted_posts(candidate, text: str, *, paste: int = 0):
    invitation, _token = make_invitation(candidate, ("launch-posts",))
    now, grace = utcnow(), timedelta(seconds=60)
    exercise_ops.start(invitation, now, grace)
    exercise_ops.save_answers(invitation, [exercise_ops.AnswerInput("launch-posts", "x", text, active_seconds=90,
                                                                    largest_paste=paste)], now, grace)
    exercise_ops.submit(invitation, now, grace)
    return invitation


@pytest.fixture()
def submissions(scene):
    """Six submitted invitations of six named candidates (the scene's own is one of them)."""
    invitations = [scene.invitation]
    for n in range(5):
        invitations.append(submitted_invitation(make_candidate(scene.opening, name=f"Named Person {n}"))[0])
    return invitations


def _queue_aliases(browser, user) -> list[str]:
    browser.login(user)
    page = browser.get("/reviews/").text
    browser.logout()
    return re.findall(r'href="/reviews/\d+">([^<]+)</a>', page)


def test_queue_is_blind_and_ordered_differently_for_each_reviewer(browser, scene, submissions):
    second = make_user(Role.INTERVIEWER)
    add_team_member(None, scene.opening, second, Role.INTERVIEWER)
    first_order, second_order = _queue_aliases(browser, scene.interviewer), _queue_aliases(browser, second)
    assert sorted(first_order) == sorted(i.alias for i in submissions)
    assert first_order != second_order
    assert _queue_aliases(browser, scene.interviewer) == first_order  # stable for one reviewer
    browser.login(scene.interviewer)
    page = browser.get("/reviews/").text
    assert "Named Person" not in page and scene.candidate.name not in page


def test_review_page_hides_the_candidate_and_the_files_metadata(browser, scene, submissions):
    browser.login(scene.interviewer)
    page = browser.get(f"/reviews/{scene.invitation.id}").text
    assert scene.invitation.alias in page
    assert scene.candidate.name not in page and scene.candidate.email not in page
    download = browser.get(f"/reviews/{scene.invitation.id}/files/"
                           f"{next(a.id for a in scene.invitation.answers if a.file_name)}")
    assert scene.invitation.alias.replace(" ", "-") in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_work_in_progress_and_its_uploads_stay_out_of_reach_until_the_candidate_submits(app, browser, scene):
    candidate = make_candidate(scene.opening, name="Still Working")
    invitation, token = make_invitation(candidate, ("visual-brief",))
    working = CandidateBrowser(app.test_client(), token)
    working.start()
    assert working.upload("visual-brief", _png(), "draft.png").status_code == 200
    db.session.refresh(invitation)
    design = f"/reviews/{invitation.id}/files/{next(a.id for a in invitation.answers if a.file_name)}"
    browser.login(scene.interviewer)
    # One rule for the review page and the files in it: nothing of the work until it is final.
    assert browser.get(f"/reviews/{invitation.id}").status_code == 404
    assert browser.get(design).status_code == 404
    assert working.submit(confirm=True).status_code == 303  # the rationale is empty: confirmed
    assert browser.get(f"/reviews/{invitation.id}").status_code == 200
    assert browser.get(design).headers["Content-Type"] == "image/png"


def test_other_reviews_stay_hidden_until_the_reviewer_submits_and_feed_the_engine(browser, scene, submissions):
    second = make_user(Role.INTERVIEWER, name="Rita Reviewer")
    add_team_member(None, scene.opening, second, Role.INTERVIEWER)
    url = f"/reviews/{scene.invitation.id}"

    def review(user, rating: int, note: str):
        browser.login(user)
        form = {"revision": "0", "recommendation": "yes", "summary": "", "submit": "y",
                "rating_design": str(rating), "note_design": note}
        assert browser.submit(url, form).status_code == 302
        browser.logout()

    review(second, 2, "Rita: text too small on a phone.")
    browser.login(scene.interviewer)
    before = browser.get(url).text
    assert "Rita: text too small" not in before and "1 other review is hidden" in before
    browser.logout()
    review(scene.interviewer, 4, "Ines: clear focal point.")
    browser.login(scene.interviewer)
    assert "Rita: text too small on a phone." in browser.get(url).text
    frame = ratings_frame(scene.opening)
    design = frame[(frame["candidate"] == scene.candidate.id) & (frame["criterion"] == "design")]
    assert sorted(design["rating"]) == [2.0, 4.0]
    cards = db.session.scalars(select(Scorecard).filter_by(invitation_id=scene.invitation.id)).all()
    assert {c.stage_id for c in cards} == {scene.invitation.stage_id}


def test_integrity_signals_show_identical_answers_and_large_pastes(browser, scene):
    assert len(SHARED) >= LARGE_PASTE
    first = _submitted_posts(make_candidate(scene.opening, name="First"), SHARED, paste=len(SHARED))
    second = _submitted_posts(make_candidate(scene.opening, name="Second"), SHARED.upper())
    own = _submitted_posts(make_candidate(scene.opening, name="Third"), "Something written from scratch, " * 3)
    browser.login(scene.manager)
    page = browser.get(f"/reviews/{first.id}").text
    assert f"identical to {second.alias}" in page
    assert re.search(r"large paste: x \(\d+ chars\)", page)
    assert "1.5 min active" in page
    assert "identical to" not in browser.get(f"/reviews/{own.id}").text
