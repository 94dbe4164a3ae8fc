"""With "raters must calibrate" on, no way round it: not the exercise review, not a scorecard saved
by calling the operation, not the score import (issue 16, review). And an opening whose rubric has
no calibration set cannot require it (nobody could ever score)."""

from __future__ import annotations

import io
import re
import shutil

from sqlalchemy import select

from hiring.extensions import db
from hiring.interviews import operations as interview_ops
from hiring.interviews.models import Scorecard
from hiring.interviews.operations import RatingInput
from tests.calibration.test_pages import answers
from tests.debriefs.helpers import refused
from tests.helpers import _committed, make_candidate


def _require(scene) -> None:
    scene.opening.calibration_required = True
    db.session.commit()


def _review_form(browser, invitation_id: int) -> dict:
    page = browser.get(f"/reviews/{invitation_id}", follow_redirects=False)
    revision = re.search(r'name="revision"[^>]*value="(\d+)"', page.text)
    return {"revision": revision[1] if revision else "0", "recommendation": "yes", "summary": "",
            "rating_design": "3", "note_design": "Clear focal point.", "submit": "y"}


def test_an_uncalibrated_reviewer_cannot_submit_an_exercise_review(browser, scene):
    _require(scene)
    browser.login(scene.interviewer)
    url = f"/reviews/{scene.invitation.id}"
    page = browser.get(url)
    assert page.status_code == 302 and page.headers["Location"].endswith(f"/openings/{scene.opening.id}/calibration")
    posted = browser.post(url, {"revision": "0", "recommendation": "yes", "summary": "", "rating_design": "3",
                                "note_design": "Clear focal point.", "submit": "y"}, token_from="/reviews/")
    assert posted.status_code == 302 and posted.headers["Location"].endswith(
        f"/openings/{scene.opening.id}/calibration")
    assert db.session.scalar(select(Scorecard).filter_by(invitation_id=scene.invitation.id)) is None

    browser.submit(f"/openings/{scene.opening.id}/calibration", answers("en"))  # calibrated now
    assert browser.get(url).status_code == 200
    assert browser.submit(url, _review_form(browser, scene.invitation.id)).status_code == 302
    assert db.session.scalar(select(Scorecard).filter_by(invitation_id=scene.invitation.id)).submitted


def test_the_operation_refuses_a_scorecard_of_an_uncalibrated_rater(scene):
    _require(scene)
    draft = _committed(interview_ops.assign)(None, scene.candidate, scene.opening.stages[1], scene.interviewer)
    message = refused(interview_ops.save_scorecard, scene.interviewer, draft,
                      ratings={"copywriting": RatingInput(3, "Plain and clear.")}, recommendation="yes",
                      submit=True, expected_revision=draft.revision)
    assert "calibrat" in message.lower()
    assert not db.session.get(Scorecard, draft.id).submitted


HEADER = "candidate_email,rater_email,stage,criterion,rating,note\n"


def _import(browser, scene, email: str):
    data = (HEADER + f"{scene.candidate.email},{email},Panel interview,strategy,4,Tied the plan to goals\n").encode()
    return browser.submit(f"/openings/{scene.opening.id}/scores/import",
                          {"file": (io.BytesIO(data), "scores.csv")}, content_type="multipart/form-data")


def test_the_score_import_refuses_the_scores_of_a_rater_who_has_not_calibrated(browser, scene):
    _require(scene)
    browser.login(scene.manager)
    page = _import(browser, scene, scene.interviewer.email)
    assert page.status_code == 200
    assert scene.interviewer.name in page.text and "Nothing was imported" in page.text
    panel = scene.opening.stages[2]
    assert db.session.scalar(select(Scorecard).filter_by(stage_id=panel.id)) is None

    browser.logout()
    browser.login(scene.interviewer)
    browser.submit(f"/openings/{scene.opening.id}/calibration", answers("en"))
    browser.logout()
    browser.login(scene.manager)
    assert "Imported 1 rating" in _import(browser, scene, scene.interviewer.email).text


def test_the_score_import_of_a_candidate_under_debrief_says_why_instead_of_failing(browser, scene):
    from tests.debriefs.helpers import open_debrief, scored

    story = scored(scene)
    open_debrief(scene.manager, story.candidate)
    browser.login(scene.manager)
    data = (HEADER + f"{story.candidate.email},{scene.interviewer.email},Panel interview,strategy,4,Later\n").encode()
    page = browser.submit(f"/openings/{scene.opening.id}/scores/import",
                          {"file": (io.BytesIO(data), "scores.csv")}, content_type="multipart/form-data")
    assert page.status_code == 200 and "Nothing was imported" in page.text


def test_an_opening_without_a_calibration_set_cannot_require_calibration(browser, scene, rubrics_dir):
    shutil.rmtree(rubrics_dir / "calibration")
    browser.login(scene.manager)
    edit = f"/openings/{scene.opening.id}/edit"
    page = browser.submit(edit, {"title": scene.opening.title, "location": "", "stages": "\n".join(
        s.name for s in scene.opening.stages), "calibration_required": "y", "calibration_tolerance": "0.5"})
    assert page.status_code == 200 and "no calibration set" in page.text
    db.session.refresh(scene.opening)
    assert not scene.opening.calibration_required


def test_a_required_calibration_whose_set_is_gone_holds_nobody_back(browser, scene, rubrics_dir):
    _require(scene)
    shutil.rmtree(rubrics_dir / "calibration")
    draft = _committed(interview_ops.assign)(None, make_candidate(scene.opening, name="Bo"), scene.opening.stages[1],
                                             scene.interviewer)
    browser.login(scene.interviewer)
    assert browser.get(f"/scorecards/{draft.id}/edit").status_code == 200
