"""Submitting with most of it empty, in real Chromium: the candidate and the interviewer are asked first.

A candidate who submits with answers left empty gets a page saying how many are answered, can go back
or submit anyway, and lands on a thank-you page reached by a 303 (a GET: reloading it posts nothing).
An interviewer who leaves most of the stage's focus "not assessed" is asked before the scorecard is in.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hiring.auth.models import Role
from hiring.exercises.models import Invitation
from hiring.exercises.operations import answered
from hiring.extensions import db
from hiring.interviews.models import Scorecard
from hiring.interviews.operations import assign, set_kit
from hiring.openings.operations import add_team_member
from tests.helpers import PASSWORD, make_candidate, make_invitation, make_opening, make_user

pytestmark = pytest.mark.browser

ANSWER = "Our oat granola is here! 20% off your first fill this weekend 🥣 https://fillandco.example/granola"

#: What the candidate reads, in English and in Spanish (the catalogue's own wording).
WORDING = {
    "en": {
        "start": "Start the exercises", "heading": "Your exercises", "submit": "Submit my answers",
        "dialog": "Submit your answers? You cannot change them afterwards.",
        "empty": "Some answers are empty", "count": "{} of {} answered — submit anyway?",
        "back": "Back to my answers", "anyway": "Submit anyway", "done": "Thank you, your answers are submitted",
    },
    "es": {
        "start": "Comenzar los ejercicios", "heading": "Sus ejercicios", "submit": "Enviar mis respuestas",
        "dialog": "¿Desea enviar sus respuestas? Después no podrá modificarlas.",
        "empty": "Algunas respuestas están vacías", "count": "{} de {} respondidas: ¿enviar de todos modos?",
        "back": "Volver a mis respuestas", "anyway": "Enviar de todos modos",
        "done": "Gracias, sus respuestas se han enviado",
    },
}


def _submit_posts(page: Page) -> list[int]:
    """Record the status of every POST to the submit URL the page makes from now on."""
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status)
            if r.request.method == "POST" and r.url.endswith("/submit") else None)
    return statuses


def _press_submit(page: Page, words: dict[str, str]) -> None:
    """Press the work page's submit button and accept the browser's own confirm, checking its words."""
    dialogs: list[str] = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name=words["submit"]).click()
    expect(page.get_by_role("heading", name=words["empty"], level=1)).to_be_visible()
    assert dialogs == [words["dialog"]]


@pytest.mark.parametrize("language", ["en", "es"])
def test_candidate_with_most_answers_empty_is_asked_first_and_the_done_page_survives_a_reload(
        page: Page, language: str):
    opening = make_opening()
    candidate = make_candidate(opening, name="Lucía Fernández", language=language)
    invitation, token = make_invitation(candidate, ("launch-posts", "community-replies"))
    _, total = answered(invitation)
    assert total > 4, "most answers will be empty"
    words = WORDING[language]
    posts = _submit_posts(page)

    page.goto(f"/i/{token}")
    page.get_by_role("button", name=re.compile(words["start"])).click()
    expect(page.get_by_role("heading", name=words["heading"], level=1)).to_be_visible()
    page.locator("textarea[data-platform=x]").fill(ANSWER)

    _press_submit(page, words)
    expect(page.get_by_role("alert")).to_have_text(words["count"].format(1, total))
    assert posts == [200], "the question is a page, not a redirect"
    db.session.commit()  # end the test's read snapshot: the live server saved the answer since
    assert db.session.get(Invitation, invitation.id).submitted_at is None, "nothing is submitted yet"

    page.get_by_role("link", name=words["back"]).click()
    expect(page).to_have_url(re.compile(f"/i/{token}/work$"))
    expect(page.locator("textarea[data-platform=x]")).to_have_value(ANSWER)
    expect(page.locator("textarea[data-platform=x]")).to_be_editable()

    _press_submit(page, words)
    expect(page.get_by_role("alert")).to_have_text(words["count"].format(1, total))
    page.get_by_role("button", name=words["anyway"]).click()
    expect(page.get_by_role("heading", name=words["done"], level=1)).to_be_visible()
    assert page.url.endswith(f"/i/{token}/done")
    assert posts == [200, 200, 303], "submitted once, then redirected to the thank-you page"
    db.session.commit()
    submitted_at = db.session.get(Invitation, invitation.id).submitted_at
    assert submitted_at is not None

    with page.expect_request(lambda r: r.url.endswith(f"/i/{token}/done")) as reloaded:
        page.reload()  # no resubmission dialog: the page was reached by a GET
    assert reloaded.value.method == "GET"
    expect(page.get_by_role("heading", name=words["done"], level=1)).to_be_visible()
    assert page.url.endswith(f"/i/{token}/done")
    assert posts == [200, 200, 303], "the reload posted nothing"
    db.session.commit()
    assert db.session.get(Invitation, invitation.id).submitted_at == submitted_at


def test_interviewer_leaving_most_of_the_focus_not_assessed_is_asked_then_submits(page: Page):
    manager = make_user(Role.HIRING_MANAGER)
    interviewer = make_user(Role.INTERVIEWER, name="Ines Interviewer")
    opening = make_opening(manager)
    add_team_member(None, opening, interviewer, Role.INTERVIEWER)
    candidate = make_candidate(opening, name="Lucía Fernández")
    final = opening.stages[3]
    set_kit(None, final, focus=["strategy", "adaptability", "analytics"], questions={})
    scorecard = assign(None, candidate, final, interviewer)
    db.session.commit()  # the setup is done: the live server sees it

    page.goto("/login")
    page.get_by_label("Email").fill(interviewer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="My scorecards").click()
    page.get_by_role("link", name=candidate.name).click()
    strategy = page.get_by_role("group", name=re.compile("Strategy"))
    strategy.locator("input[type=radio][value='4']").check()
    evidence = strategy.get_by_label(re.compile("Evidence for Strategy"))
    evidence.fill("Tied the plan to lead goals with a metric each.")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Submit scorecard").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "2 of 3 criteria not assessed — submit anyway? Nothing was saved yet.")
    # What was entered is still there, to complete or to submit as it is.
    expect(strategy.locator("input[type=radio][value='4']")).to_be_checked()
    expect(evidence).to_have_value("Tied the plan to lead goals with a metric each.")
    analytics = page.get_by_role("group", name=re.compile("Analytics"))
    expect(analytics.locator("input[type=radio][value='']")).to_be_checked()
    db.session.commit()  # end the test's read snapshot
    asked = db.session.get(Scorecard, scorecard.id)
    assert not asked.submitted and asked.ratings == [] and asked.recommendation is None, "nothing saved yet"

    page.get_by_role("button", name="Submit anyway").click()
    expect(page.get_by_text("Scorecard submitted. You can now see the panel's scores.")).to_be_visible()
    expect(page).to_have_url(re.compile(f"/candidates/{candidate.id}$"))
    db.session.commit()
    done = db.session.get(Scorecard, scorecard.id)
    db.session.refresh(done)
    assert done.submitted and done.recommendation.value == "yes"
    assert {r.criterion: r.value for r in done.ratings} == {"strategy": 4, "adaptability": None, "analytics": None}
