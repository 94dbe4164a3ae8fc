"""The debrief and calibration pages on a 390 px phone: the demo's debriefs (its closed one and one at
the re-score stage, seen by the manager and by a rater with the re-score form), the team's
calibration, a rater's result and the set to score; no page scrolls sideways, in English and Hindi."""

from __future__ import annotations

import re

import pytest
from flask import current_app
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.auth.models import Role, User
from hiring.calibration.models import CalibrationAttempt
from hiring.candidates.models import Candidate
from hiring.debriefs import operations as debrief_ops
from hiring.debriefs.models import Debrief, DebriefStatus
from hiring.debriefs.queries import ready_to_debrief
from hiring.demo import DEMO_PASSWORD, load_demo
from hiring.extensions import db
from hiring.openings.models import Opening
from hiring.transactions import unit_of_work
from tests.browser.test_demo import demo_user

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _demo_with_a_debrief_at_the_rescore_stage(language: str) -> tuple[Opening, Debrief, User]:
    with unit_of_work():
        load_demo(current_app.config["RUBRICS_DIR"])
        opening = db.session.scalars(select(Opening).order_by(Opening.id)).first()
        manager = db.session.scalars(select(User).filter_by(email=demo_user(Role.HIRING_MANAGER).email)).one()
        ids = list(db.session.scalars(select(Candidate.id).filter_by(opening_id=opening.id)))
        candidate = db.session.get(Candidate, sorted(ready_to_debrief(opening, ids))[0])
        debrief = debrief_ops.open_debrief(manager, candidate)
        for stage in (DebriefStatus.REVEALED, DebriefStatus.DISCUSSED, DebriefStatus.RESCORE):
            debrief_ops.advance(manager, debrief, stage)
        rater = debrief.ratings[0].rater
        for user in (manager, rater):
            user.language = language
    return opening, debrief, rater


def _overflow(page: Page, email: str, paths: list[str]) -> dict[str, int]:
    page.goto("about:blank")  # nothing of the last page still in flight to set a session cookie again
    page.context.clear_cookies()
    page.goto("/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).not_to_have_url(re.compile(r"/login"))
    wide = {}
    for path in paths:
        assert page.goto(path).status == 200, path
        expect(page.locator("h1")).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            wide[path] = overflow
    return wide


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
@pytest.mark.parametrize("language", ["en", "hi"])
def test_the_debrief_and_calibration_pages_fit_a_phone(page: Page, language):
    opening, debrief, rater = _demo_with_a_debrief_at_the_rescore_stage(language)
    closed = db.session.scalars(select(Debrief).filter_by(status=DebriefStatus.CLOSED)).first()
    attempt = db.session.scalars(select(CalibrationAttempt).order_by(CalibrationAttempt.id)).all()[-1]
    manager_pages = [f"/openings/{opening.id}/debriefs", f"/debriefs/{closed.id}", f"/debriefs/{debrief.id}",
                     f"/openings/{opening.id}/calibration/team", f"/calibration/{attempt.id}"]
    wide = _overflow(page, demo_user(Role.HIRING_MANAGER).email, manager_pages)
    wide |= {f"{path} (rater)": px for path, px in _overflow(page, rater.email, [
        f"/openings/{opening.id}/calibration", f"/debriefs/{debrief.id}"]).items()}
    assert page.locator(f"form[action$='/debriefs/{debrief.id}/ratings/{debrief.ratings[0].id}']").count() == 1
    assert not wide, f"wider than a 390px phone: {wide}"
