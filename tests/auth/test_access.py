"""Who may open which page: a table of route × role, checked against the app's own URL map.

Adding a route without adding it here fails `test_every_route_is_in_the_table`, so no route can be
left unprotected by accident.
"""

from __future__ import annotations

import pytest
from flask import current_app
from sqlalchemy import select

from hiring.auth.operations import reset_token
from hiring.calibration.models import CalibrationAttempt, CalibrationRating
from hiring.debriefs.models import Debrief
from hiring.debriefs.operations import open_debrief
from hiring.extensions import db
from hiring.notifications.models import Notification
from hiring.outbox.models import MessageStatus, OutboxMessage
from tests.helpers import Scene

# Who is asking: anonymous, or a scene member. The outsider is a hiring manager not on the team.
ROLES = ("anonymous", "admin", "manager", "interviewer", "leader", "outsider")
OK, LOGIN, FORBIDDEN = "ok", "login", 403

EVERYONE_SIGNED_IN = {"anonymous": LOGIN, **{r: OK for r in ROLES[1:]}}
ADMIN_ONLY = {"anonymous": LOGIN, "admin": OK, "manager": FORBIDDEN, "interviewer": FORBIDDEN,
              "leader": FORBIDDEN, "outsider": FORBIDDEN}
OPENING_TEAM = {"anonymous": LOGIN, "admin": OK, "manager": OK, "interviewer": OK, "leader": OK,
                "outsider": FORBIDDEN}
OPENING_MANAGERS = {"anonymous": LOGIN, "admin": OK, "manager": OK, "interviewer": FORBIDDEN,
                    "leader": FORBIDDEN, "outsider": FORBIDDEN}
CREATORS = {"anonymous": LOGIN, "admin": OK, "manager": OK, "interviewer": FORBIDDEN,
            "leader": FORBIDDEN, "outsider": OK}
PUBLIC = {r: OK for r in ROLES}
BY_TOKEN = {r: "token" for r in ROLES}
REVIEWERS = {"anonymous": LOGIN, "admin": OK, "manager": OK, "interviewer": OK, "leader": FORBIDDEN,
             "outsider": FORBIDDEN}
SCORE_READERS = {"anonymous": LOGIN, "admin": OK, "manager": OK, "interviewer": FORBIDDEN, "leader": OK,
                 "outsider": FORBIDDEN}

EXPECTED = {
    "main.index": PUBLIC,
    "main.favicon": PUBLIC,
    "auth.login": PUBLIC,
    "auth.request_reset": PUBLIC,
    "auth.reset_password": PUBLIC,  # the link's token decides, and it is checked in test_reset.py
    "auth.logout": EVERYONE_SIGNED_IN,
    "auth.profile": EVERYONE_SIGNED_IN,
    "auth.users": ADMIN_ONLY,
    "auth.new_user": ADMIN_ONLY,
    "auth.edit_user": ADMIN_ONLY,
    "openings.index": EVERYONE_SIGNED_IN,
    "openings.new": CREATORS,
    "openings.show": OPENING_TEAM,
    "openings.edit": OPENING_MANAGERS,
    "openings.weights": OPENING_MANAGERS,
    "openings.team": OPENING_MANAGERS,
    "openings.remove_member": OPENING_MANAGERS,
    "openings.upgrade_rubric": OPENING_MANAGERS,  # GET previews, POST applies
    "candidates.new": OPENING_MANAGERS,
    "candidates.import_file": OPENING_MANAGERS,
    "candidates.show": OPENING_TEAM,
    "candidates.search": EVERYONE_SIGNED_IN,
    "candidates.move": OPENING_MANAGERS,
    "openings.board": SCORE_READERS,
    "openings.bulk": OPENING_MANAGERS,
    "builder.new": CREATORS,
    "builder.edit": ADMIN_ONLY,  # the shipped rubric: managers edit only those they created (test_builder.py)
    "builder.autosave": CREATORS,
    "builder.discard": CREATORS,
    "translations.rubric": ADMIN_ONLY,  # who edits the rubric translates it: tests/rubrics/test_translation_editor.py
    "translations.rubric_file": EVERYONE_SIGNED_IN,
    "translations.exercise": ADMIN_ONLY,  # a shipped exercise: tests/exercises/test_translation_editor.py
    "translations.exercise_file": CREATORS,
    "candidate_mail.index": OPENING_MANAGERS,
    "candidate_mail.edit": OPENING_MANAGERS,
    "candidate_mail.reset": OPENING_MANAGERS,  # results limited to the openings one is on: test_search.py
    "candidates.edit": OPENING_MANAGERS,
    "interviews.my_scorecards": EVERYONE_SIGNED_IN,
    "interviews.show_scorecard": OPENING_TEAM,  # the scene's scorecard is submitted
    "interviews.edit_scorecard": {"anonymous": LOGIN, "admin": OK, "manager": FORBIDDEN,
                                  "interviewer": OK, "leader": FORBIDDEN, "outsider": FORBIDDEN},
    "interviews.kit": OPENING_TEAM,
    "interviews.edit_kit": OPENING_MANAGERS,
    "interviews.print_runsheet": OPENING_TEAM,  # the scene's first stage assesses every criterion: it has one
    "interviews.assign": OPENING_MANAGERS,
    "interviews.import_scores": OPENING_MANAGERS,
    "api.openings": {**EVERYONE_SIGNED_IN, "anonymous": 401},
    "api.scores": {**SCORE_READERS, "anonymous": 401},
    "api.reliability_figures": {**SCORE_READERS, "anonymous": 401},
    "api.raters": {**SCORE_READERS, "anonymous": 401},
    "api.debriefs": {**SCORE_READERS, "anonymous": 401},
    "api.calibration": {**SCORE_READERS, "anonymous": 401},
    "exercises.invite": OPENING_MANAGERS,
    "exercises.revoke": OPENING_MANAGERS,
    "exercises.queue": EVERYONE_SIGNED_IN,
    "exercises.review_submission": REVIEWERS,
    "exercises.file": REVIEWERS,
    "exercises.reveal": REVIEWERS,
    # The candidate's pages: the link's token is the credential, whoever is signed in.
    "take.welcome": BY_TOKEN,
    "take.start": BY_TOKEN,
    "take.work": BY_TOKEN,
    "take.save": BY_TOKEN,
    "take.upload": BY_TOKEN,
    "take.dataset": BY_TOKEN,
    "take.submit": BY_TOKEN,
    "take.done": BY_TOKEN,
    "shortlists.show": SCORE_READERS,
    "shortlists.add": OPENING_MANAGERS,
    "shortlists.remove": OPENING_MANAGERS,
    "shortlists.compare": SCORE_READERS,
    "shortlists.compare_pdf": SCORE_READERS,
    "shortlists.decide": SCORE_READERS,
    "shortlists.export": SCORE_READERS,
    "audit.index": ADMIN_ONLY,
    "outbox.index": ADMIN_ONLY,
    "outbox.act": ADMIN_ONLY,
    "privacy.erase": OPENING_MANAGERS,
    "privacy.data_export": OPENING_MANAGERS,
    "notifications.index": EVERYONE_SIGNED_IN,
    "notifications.read_all": EVERYONE_SIGNED_IN,
    # One's own notification only (the interviewer's, here): anyone else's is not found.
    "notifications.open_one": {"anonymous": LOGIN, "admin": 404, "manager": 404, "interviewer": OK, "leader": 404,
                               "outsider": 404},
    "rubrics.index": EVERYONE_SIGNED_IN,
    "rubrics.version": EVERYONE_SIGNED_IN,
    "rubrics.diff": EVERYONE_SIGNED_IN,  # the scene's rubric has one version: the page says so
    "rubrics.download": EVERYONE_SIGNED_IN,
    "rubrics.upload": CREATORS,  # which rubrics: tests/rubrics/test_files.py
    "exercise_builder.index": CREATORS,
    "exercise_builder.versions": CREATORS,
    "exercise_builder.download": CREATORS,
    "exercise_builder.new": CREATORS,
    "exercise_builder.edit": ADMIN_ONLY,  # a shipped exercise: managers edit only those they created
    "exercise_builder.autosave": CREATORS,
    "exercise_builder.discard": CREATORS,
    "exercise_builder.upload": CREATORS,  # which exercises: tests/exercises/test_builder.py
    "debriefs.open_one": OPENING_MANAGERS,
    "debriefs.open_shortlist": OPENING_MANAGERS,
    "debriefs.index": SCORE_READERS,
    # The scene's debrief is of the candidate the interviewer rated: they take part in it.
    "debriefs.show": OPENING_TEAM,
    "debriefs.advance": OPENING_MANAGERS,
    "debriefs.order": OPENING_MANAGERS,
    "debriefs.notes": OPENING_MANAGERS,
    # Only a rater of the candidate changes a rating, and only their own (tests/debriefs).
    "debriefs.rescore": {"anonymous": LOGIN, "admin": FORBIDDEN, "manager": FORBIDDEN, "interviewer": OK,
                         "leader": FORBIDDEN, "outsider": FORBIDDEN},
    "calibration.take": OPENING_TEAM,  # anyone on the team may calibrate, any number of times
    "calibration.result": OPENING_TEAM,  # the interviewer's own attempt; others' only for score readers
    "calibration.team": SCORE_READERS,
    "static": PUBLIC,
}


def _url_args(scene: Scene, endpoint: str) -> dict[str, int | str]:
    if endpoint == "auth.reset_password":  # a working reset link, not the candidate's token
        return {"token": reset_token(scene.interviewer, current_app.config["SECRET_KEY"])}
    if endpoint == "notifications.open_one":  # the interviewer's, asked for a scorecard
        note = Notification(user=scene.interviewer, kind="scorecard_requested", path="/scorecards/",
                            params={"asker": "Maya", "stage": "Screen", "candidate": "Ana Souza"})
        db.session.add(note)
        db.session.commit()
        return {"notification_id": note.id}
    if endpoint == "outbox.act":  # a message that failed, which an admin may give up on
        message = OutboxMessage(kind="invitation", to_address="someone@example.com", subject="Your exercises",
                                body="Hello", status=MessageStatus.FAILED)
        db.session.add(message)
        db.session.commit()
        return {"message_id": message.id, "action": "drop"}
    if endpoint == "calibration.result":  # the interviewer's attempt
        attempt = CalibrationAttempt(opening=scene.opening, rater=scene.interviewer, set_key="social-media-manager",
                                     set_hash="0" * 64, language="en", tolerance=0.5)
        attempt.ratings.append(CalibrationRating(item="launch-x-low", criterion="copywriting", level=2, agreed=1,
                                                 evidence="Over the limit."))
        db.session.add(attempt)
        db.session.commit()
        return {"attempt_id": attempt.id}
    debrief = _debrief(scene) if endpoint.startswith("debriefs.") and endpoint != "debriefs.open_one" else None
    return {
        "debrief_id": debrief.id if debrief else 0,
        "rating_id": debrief.ratings[0].id if debrief else 0,
        "opening_id": scene.opening.id,
        "candidate_id": scene.candidate.id,
        "user_id": scene.interviewer.id,
        "member_id": scene.interviewer_member.id,
        "version_id": scene.opening.rubric_version_id,
        "scorecard_id": scene.scorecard.id,
        "stage_id": scene.opening.stages[0].id,
        "filename": "css/app.css",
        "invitation_id": scene.invitation.id,
        "answer_id": next(a.id for a in scene.invitation.answers if a.file_name),
        "token": scene.token,
        "exercise_key": "visual-brief",
        "number": 1,
        "key": "social-media-manager",
        "kind": "rejection",
        "language": "es",
    }


def _debrief(scene: Scene) -> Debrief:
    """The debrief of the scene's candidate (the interviewer's scorecard is in), opened once."""
    found = db.session.scalar(select(Debrief).filter_by(candidate_id=scene.candidate.id))
    if found is None:
        found = open_debrief(None, scene.candidate)
        db.session.commit()
    return found


def _rules(app):
    return {rule.endpoint: rule for rule in app.url_map.iter_rules()}


def test_every_route_is_in_the_table(app):
    assert set(_rules(app)) == set(EXPECTED), "add new routes to EXPECTED with who may open them"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_route_answers_each_role_as_the_table_says(app, browser, scene, endpoint, role):
    rule = _rules(app)[endpoint]
    url = rule.build({k: v for k, v in _url_args(scene, endpoint).items() if k in rule.arguments})[1]
    if role != "anonymous":
        assert browser.login(getattr(scene, role)).status_code == 302
    expected = EXPECTED[endpoint][role]
    methods = ["GET"] if "GET" in rule.methods else ["POST"]
    if expected != OK and "POST" in rule.methods:
        methods.append("POST")  # a refused user must not get through by posting either
    for method in dict.fromkeys(methods):
        response = browser.get(url) if method == "GET" else browser.post(url, {})
        if expected == "token":
            # The candidate's link answers the same to everyone: never a sign-in, never an error.
            assert response.status_code < 500 and "/login" not in response.headers.get("Location", "")
        elif expected == OK:
            assert response.status_code in (200, 302), f"{method} {url} as {role}"
            assert "/login" not in response.headers.get("Location", "") or endpoint in (
                "main.index", "auth.logout")
        elif expected == LOGIN:
            assert response.status_code == 302, f"{method} {url} as {role}"
            assert "/login" in response.headers["Location"]
        else:
            assert response.status_code == expected, f"{method} {url} as {role}"
