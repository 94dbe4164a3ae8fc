"""The invitation's date is the last day to start: a candidate who started has their full time,
even past it (what a hiring manager promises a candidate who began in good faith)."""

from __future__ import annotations

from datetime import timedelta

from hiring.extensions import db
from hiring.timeutil import utcnow
from tests.helpers import CandidateBrowser, make_candidate, make_invitation


def _invited(app, scene, language: str = "en"):
    candidate = make_candidate(scene.opening, name="Lucía Pérez", language=language)
    invitation, token = make_invitation(candidate, ("launch-posts",))
    return invitation, CandidateBrowser(app.test_client(), token)


def test_a_started_exercise_keeps_its_full_time_past_the_start_by_date(app, scene):
    invitation, candidate = _invited(app, scene)
    assert candidate.start().status_code in (200, 302)
    invitation.expires_at = utcnow() - timedelta(minutes=1)  # the date passes while they work
    db.session.commit()
    saved = candidate.save("launch-posts", "x", "Nuestro lanzamiento: hoy a las 9.")
    assert saved.status_code == 200, saved.text
    assert candidate.get("/work").status_code == 200


def test_a_link_not_started_by_its_date_has_expired(app, scene):
    invitation, candidate = _invited(app, scene)
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert candidate.get().status_code == 410


def test_the_candidate_and_the_manager_are_told_the_date_is_to_start_by(app, browser, scene):
    invitation, candidate = _invited(app, scene, language="es")
    welcome = candidate.get().text
    assert "Empiece antes del" in welcome
    assert "Una vez que empiece, tendrá todo el tiempo, aunque pase de esta fecha." in welcome
    browser.login(scene.manager)
    page = browser.get(f"/candidates/{invitation.candidate_id}/invite").text
    assert "Start by" in page and "Once started they have the full time limit" in page
