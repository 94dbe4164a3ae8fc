"""The debrief as the team walks it in the app, and as the API reports it."""

from __future__ import annotations

import re

from sqlalchemy import select

from hiring.debriefs.models import Debrief
from hiring.extensions import db
from tests.debriefs.helpers import scored


def _stage(browser, debrief, stage, **extra):
    response = browser.post(f"/debriefs/{debrief.id}/stage", {"stage": stage, **extra},
                            token_from=f"/debriefs/{debrief.id}")
    assert response.status_code == 302


def test_a_debrief_walked_from_locked_to_closed_in_the_app(browser, scene):
    story = scored(scene)
    browser.login(scene.manager)
    page = browser.get(f"/candidates/{story.candidate.id}").text
    assert "Open a debrief" in page
    response = browser.post(f"/candidates/{story.candidate.id}/debrief", {},
                            token_from=f"/candidates/{story.candidate.id}")
    debrief = db.session.scalar(select(Debrief).filter_by(candidate_id=story.candidate.id))
    assert response.headers["Location"].endswith(f"/debriefs/{debrief.id}")
    browser.logout()

    browser.login(scene.interviewer)  # locked: only their own ratings
    page = browser.get(f"/debriefs/{debrief.id}").text
    assert "independent scores are frozen" in page and "Side by side" not in page
    browser.logout()

    browser.login(scene.manager)
    _stage(browser, debrief, "revealed")
    page = browser.get(f"/debriefs/{debrief.id}").text
    # Copywriting (4, 3, 5: spread 2) before analytics (2, 3, 3: spread 1).
    assert page.index("spread 2") < page.index("spread 1")
    assert "Saw it in the interview." in page
    _stage(browser, debrief, "closed")  # stages are not skipped
    assert db.session.get(Debrief, debrief.id).status.value == "revealed"
    _stage(browser, debrief, "discussed")
    browser.post(f"/debriefs/{debrief.id}/notes", {"note-analytics": "The dashboard example."},
                 token_from=f"/debriefs/{debrief.id}")
    _stage(browser, debrief, "rescore")
    browser.logout()

    browser.login(scene.interviewer)
    rating = next(r for r in db.session.get(Debrief, debrief.id).ratings
                  if r.rater_id == scene.interviewer.id and r.criterion == "analytics")
    url = f"/debriefs/{debrief.id}/ratings/{rating.id}"
    refused = browser.post(url, {"value": "3", "reason": ""}, token_from=f"/debriefs/{debrief.id}",
                           follow_redirects=True)
    assert "Say why you change the rating" in refused.text
    browser.post(url, {"value": "3", "reason": "The dashboard example was evidence I missed."},
                 token_from=f"/debriefs/{debrief.id}")
    others = next(r for r in db.session.get(Debrief, debrief.id).ratings if r.rater_id == scene.manager.id)
    assert browser.post(f"/debriefs/{debrief.id}/ratings/{others.id}", {"value": "1", "reason": "Mine now."},
                        token_from=f"/debriefs/{debrief.id}").status_code == 302
    browser.logout()

    browser.login(scene.manager)
    _stage(browser, debrief, "closed", recommendation="yes", summary="Hire: strong copy, analytics will grow.")
    page = browser.get(f"/debriefs/{debrief.id}").text
    assert "The dashboard example was evidence I missed." in page and "Mine now." not in page
    assert re.search(r"recommendation-yes", page)
    api = browser.get(f"/api/v1/openings/{scene.opening.id}/debriefs").get_json()
    (entry,) = [d for d in api["debriefs"] if d["id"] == debrief.id]
    assert entry["status"] == "closed" and entry["recommendation"] == "yes"
    changed = [r for r in entry["ratings"] if r["rescored"] is not None]
    assert changed == [{**changed[0], "independent": 2, "rescored": 3, "criterion": "analytics",
                        "reason": "The dashboard example was evidence I missed."}]
    assert api["influence"]["changed"] == 1 and api["influence"]["ratings"] == 6
    scores = browser.get(f"/api/v1/openings/{scene.opening.id}/scores").get_json()
    (mine,) = [c for c in scores["candidates"] if c["id"] == story.candidate.id]
    assert mine["criteria"]["analytics"]["mean"] == (2 + 3 + 3) / 3  # the independent ratings


def test_the_opening_lists_its_debriefs_with_their_influence(browser, scene):
    story = scored(scene)
    browser.login(scene.manager)
    browser.post(f"/candidates/{story.candidate.id}/debrief", {}, token_from=f"/candidates/{story.candidate.id}")
    page = browser.get(f"/openings/{scene.opening.id}/debriefs").text
    assert "Lucía Fernández" in page and "Debrief influence" in page
    assert f"/openings/{scene.opening.id}/debriefs" in browser.get(f"/openings/{scene.opening.id}").text


def test_the_comparison_and_its_pdf_show_what_the_debrief_changed_why_and_who(browser, scene):
    import shutil
    import subprocess

    import pytest

    from hiring.debriefs.models import DebriefStatus
    from tests.debriefs.helpers import advance, open_debrief, rescore, walk_to

    story = scored(scene)
    debrief = walk_to(open_debrief(scene.manager, story.candidate), DebriefStatus.RESCORE, scene.manager)
    rating = next(r for r in debrief.ratings if r.rater_id == scene.interviewer.id and r.criterion == "analytics")
    rescore(scene.interviewer, rating, 3, "The dashboard example was evidence I missed.")
    advance(scene.manager, debrief, DebriefStatus.CLOSED, recommendation="yes", summary="Hire.")
    browser.login(scene.leader)
    query = f"c={story.candidate.id}&c={scene.candidate.id}"
    page = browser.get(f"/openings/{scene.opening.id}/compare?{query}").text
    section = page[page.index('id="debriefs-heading"'):]
    assert "The dashboard example was evidence I missed." in section
    assert scene.interviewer.name in section and "2 → <strong>3</strong>" in section
    if not shutil.which("pdftotext"):
        pytest.skip("needs pdftotext (poppler-utils)")
    pdf = browser.get(f"/openings/{scene.opening.id}/compare.pdf?{query}").data
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                                   check=True).stdout.decode().split())
    assert "Debrief: Closed" in text and "the team's recommendation: Yes" in text
    assert "The dashboard example was evidence I missed." in text
    assert f"{scene.interviewer.name} · Analytics · Panel interview · 2 → 3" in text


def test_the_scorecard_form_says_it_is_locked_while_the_debrief_runs(browser, scene):
    from hiring.interviews.models import Scorecard
    from tests.debriefs.helpers import open_debrief

    story = scored(scene)
    open_debrief(scene.manager, story.candidate)
    card = db.session.scalar(select(Scorecard).filter_by(candidate_id=story.candidate.id,
                                                         rater_id=scene.interviewer.id))
    browser.login(scene.interviewer)
    page = browser.get(f"/scorecards/{card.id}/edit").text
    assert "the scorecards are locked until it closes" in page


def test_the_manager_debriefs_the_whole_shortlist_from_the_debriefs_page(browser, scene):
    from hiring.shortlists.models import ShortlistEntry

    first, second = scored(scene, "Ana Lima").candidate, scored(scene, "Budi Santoso").candidate
    db.session.add_all([ShortlistEntry(candidate=first), ShortlistEntry(candidate=second)])
    db.session.commit()
    browser.login(scene.manager)
    page = f"/openings/{scene.opening.id}/debriefs"
    assert "Debrief the shortlist" in browser.get(page).text
    done = browser.post(f"/openings/{scene.opening.id}/debriefs/shortlist", {}, token_from=page,
                        follow_redirects=True)
    assert "Opened 2 debriefs" in done.text
    assert sorted(db.session.scalars(select(Debrief.candidate_id))) == sorted([first.id, second.id])
    assert "Debrief the shortlist" not in done.text


def test_a_post_without_the_csrf_token_changes_nothing(browser, scene):
    from tests.debriefs.helpers import open_debrief

    debrief = open_debrief(scene.manager, scored(scene).candidate)
    browser.login(scene.manager)
    refused = browser.post_without_token(f"/debriefs/{debrief.id}/stage", {"stage": "revealed"})
    assert refused.status_code == 400
    assert db.session.get(Debrief, debrief.id).status.value == "locked"
