"""Review of issue 16's debriefs: who may read and change what on the server, and bad input."""

from __future__ import annotations

from sqlalchemy import select

from hiring.auth.models import Role
from hiring.debriefs.models import Debrief, DebriefRating, DebriefStatus
from hiring.extensions import db
from hiring.openings.models import TeamMember
from hiring.openings.operations import remove_team_member
from tests.debriefs.helpers import open_debrief, scored, walk_to
from tests.helpers import _committed, make_candidate, make_opening, submit_scorecard


def _at_rescore(scene):
    story = scored(scene)
    debrief = open_debrief(scene.manager, story.candidate)
    return walk_to(debrief, DebriefStatus.RESCORE, scene.manager)


def _rating(debrief: Debrief, rater, criterion: str = "analytics") -> DebriefRating:
    return next(r for r in db.session.get(Debrief, debrief.id).ratings
                if r.rater_id == rater.id and r.criterion == criterion)


def test_a_rater_removed_from_the_team_neither_reads_the_debrief_nor_rescores(browser, scene):
    debrief = _at_rescore(scene)
    rating = _rating(debrief, scene.interviewer)
    member = db.session.scalar(select(TeamMember).filter_by(opening_id=scene.opening.id,
                                                             user_id=scene.interviewer.id))
    _committed(remove_team_member)(scene.manager, member)
    browser.login(scene.interviewer)
    assert browser.get(f"/debriefs/{debrief.id}").status_code == 403
    response = browser.post(f"/debriefs/{debrief.id}/ratings/{rating.id}", {"value": "5", "reason": "Gone."})
    assert response.status_code == 403
    assert db.session.get(DebriefRating, rating.id).rescored_value is None


def test_a_rating_of_another_debrief_in_the_url_is_not_found(browser, scene):
    debrief = _at_rescore(scene)
    other_opening = make_opening(scene.manager, title="Community lead")
    other_candidate = make_candidate(other_opening, name="Bo")
    from hiring.openings.operations import add_team_member
    _committed(add_team_member)(None, other_opening, scene.interviewer, Role.INTERVIEWER)
    submit_scorecard(scene.interviewer, other_candidate, other_opening.stages[0], {"copywriting": 2}, "no")
    other = walk_to(open_debrief(scene.manager, other_candidate), DebriefStatus.RESCORE, scene.manager)
    theirs = _rating(other, scene.interviewer, "copywriting")
    browser.login(scene.interviewer)
    response = browser.post(f"/debriefs/{debrief.id}/ratings/{theirs.id}", {"value": "4", "reason": "Via the other."},
                            token_from=f"/debriefs/{debrief.id}")
    assert response.status_code == 404
    assert db.session.get(DebriefRating, theirs.id).rescored_value is None


def test_a_rater_cannot_rescore_someone_elses_rating(browser, scene):
    debrief = _at_rescore(scene)
    managers = _rating(debrief, scene.manager)
    browser.login(scene.leader)
    page = browser.post(f"/debriefs/{debrief.id}/ratings/{managers.id}", {"value": "5", "reason": "I know best."},
                        token_from=f"/debriefs/{debrief.id}", follow_redirects=True)
    assert page.status_code == 200 and "Only the rater who gave a rating may change it." in page.text
    assert db.session.get(DebriefRating, managers.id).rescored_value is None


def test_bad_rescore_input_is_a_message_never_a_500(browser, scene):
    debrief = _at_rescore(scene)
    rating = _rating(debrief, scene.interviewer)
    url = f"/debriefs/{debrief.id}/ratings/{rating.id}"
    browser.login(scene.interviewer)
    for data, message in [({"value": "three", "reason": "x"}, "Choose a level from 1 to 5."),
                          ({"value": "9", "reason": "x"}, "Choose a level from 1 to 5."),
                          ({"value": "-1", "reason": "x"}, "Choose a level from 1 to 5."),
                          ({"value": "4", "reason": "   "}, "Say why you change the rating"),
                          ({}, "Choose a level from 1 to 5.")]:
        page = browser.post(url, data, token_from=f"/debriefs/{debrief.id}", follow_redirects=True)
        assert page.status_code == 200 and message in page.text, data
    assert db.session.get(DebriefRating, rating.id).rescored_value is None


def test_bad_manager_input_is_a_message_never_a_500(browser, scene):
    debrief = _at_rescore(scene)
    browser.login(scene.manager)
    show = f"/debriefs/{debrief.id}"
    for url, data in [(f"{show}/stage", {}), (f"{show}/stage", {"stage": "nonsense"}),
                      (f"{show}/stage", {"stage": "closed"}), (f"{show}/order", {"position-1": "x"}),
                      (f"{show}/notes", {"note-analytics": "n" * 6000})]:
        page = browser.post(url, data, token_from=show, follow_redirects=True)
        assert page.status_code == 200, (url, data)
    assert db.session.get(Debrief, debrief.id).status == DebriefStatus.RESCORE


def test_after_the_debrief_closes_the_debriefed_scorecards_stay_as_submitted(browser, scene):
    """"Frozen and kept for ever": a rater cannot carry the discussion back into the independent
    scores the statistics read, by the form or by the score import; a later stage's scorecard is free."""
    from hiring.interviews import operations as interview_ops
    from hiring.interviews.models import Rating, Scorecard
    from hiring.interviews.operations import RatingInput
    from tests.debriefs.helpers import advance, refused, rescore

    debrief = _at_rescore(scene)
    rescore(scene.interviewer, _rating(debrief, scene.interviewer), 3, "Persuaded.")
    advance(scene.manager, debrief, DebriefStatus.CLOSED, recommendation="yes")
    card = db.session.scalar(select(Scorecard).filter_by(candidate_id=debrief.candidate_id,
                                                         rater_id=scene.interviewer.id))
    message = refused(interview_ops.save_scorecard, scene.interviewer, card,
                      ratings={"copywriting": RatingInput(4, "Saw it."), "analytics": RatingInput(3, "Persuaded.")},
                      recommendation="yes", submit=True, expected_revision=card.revision)
    assert "debrief" in message
    browser.login(scene.interviewer)
    page = browser.get(f"/scorecards/{card.id}/edit")
    assert page.status_code == 302 and page.headers["Location"].endswith(f"/scorecards/{card.id}")
    kept = db.session.scalar(select(Rating.value).where(Rating.scorecard_id == card.id,
                                                        Rating.criterion == "analytics"))
    assert kept == 2

    later = _committed(interview_ops.assign)(scene.manager, debrief.candidate, scene.opening.stages[3],
                                             scene.interviewer)
    _committed(interview_ops.save_scorecard)(scene.interviewer, later,
                                             ratings={"analytics": RatingInput(3, "Final round.")},
                                             recommendation="yes", submit=True, expected_revision=later.revision)
    assert db.session.get(Scorecard, later.id).submitted


def test_the_score_import_does_not_add_to_a_debriefed_scorecard(browser, scene):
    import io

    debrief = walk_to(open_debrief(scene.manager, scored(scene).candidate), DebriefStatus.CLOSED, scene.manager)
    data = ("candidate_email,rater_email,stage,criterion,rating,note\n"
            f"{debrief.candidate.email},{scene.interviewer.email},Panel interview,strategy,4,Afterwards\n").encode()
    browser.login(scene.manager)
    page = browser.submit(f"/openings/{scene.opening.id}/scores/import",
                          {"file": (io.BytesIO(data), "scores.csv")}, content_type="multipart/form-data")
    assert page.status_code == 200 and "a debriefed scorecard stays as it was submitted" in page.text


def test_the_debriefs_api_gives_its_times_in_utc_as_the_calibration_api_does(browser, scene):
    from tests.debriefs.helpers import advance, rescore

    debrief = _at_rescore(scene)
    rescore(scene.interviewer, _rating(debrief, scene.interviewer), 3, "Persuaded.")
    advance(scene.manager, debrief, DebriefStatus.CLOSED, recommendation="yes")
    browser.login(scene.manager)
    (entry,) = browser.get(f"/api/v1/openings/{scene.opening.id}/debriefs").get_json()["debriefs"]
    times = [entry["opened_at"], entry["closed_at"], *(r["rescored_at"] for r in entry["ratings"] if r["rescored_at"])]
    assert len(times) == 3 and all(t.endswith("+00:00") for t in times), times


def test_erasing_or_anonymising_the_candidate_leaves_no_notification_naming_them(scene):
    from hiring.notifications.models import Notification
    from hiring.privacy.operations import anonymise_candidate, erase_candidate
    from hiring.timeutil import utcnow

    first = scored(scene)
    open_debrief(scene.manager, first.candidate)  # tells the raters, naming the candidate
    second = scored(scene, name="Bruno Díaz")
    open_debrief(scene.manager, second.candidate)

    def naming(name: str) -> list[Notification]:
        return [n for n in db.session.scalars(select(Notification)) if name in str(n.params)]

    assert naming("Lucía Fernández") and naming("Bruno Díaz")
    _committed(erase_candidate)(None, first.candidate)
    _committed(anonymise_candidate)(None, second.candidate, retention_days=30, now=utcnow())
    db.session.expire_all()
    assert naming("Lucía Fernández") == [] and naming("Bruno Díaz") == []
    assert naming(db.session.get(type(second.candidate), second.candidate.id).name)  # kept, under the new name
