"""In real Chromium: on an opening that requires calibration, a new interviewer is led through the
calibration set, sees the agreed levels beside their own, then scores a candidate."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hiring.auth.models import Role
from hiring.extensions import db
from hiring.interviews.models import Scorecard
from hiring.interviews.operations import assign, set_kit
from hiring.openings.operations import add_team_member
from tests.browser.test_scorecards import score, sign_in
from tests.calibration.test_pages import answers
from tests.helpers import make_candidate, make_opening, make_user

pytestmark = pytest.mark.browser


def test_a_new_interviewer_calibrates_compares_then_scores_a_candidate(page: Page):
    manager = make_user(Role.HIRING_MANAGER, name="Maya Manager")
    nina = make_user(Role.INTERVIEWER, name="Nina New")
    opening = make_opening(manager)
    opening.calibration_required = True
    add_team_member(None, opening, nina, Role.INTERVIEWER)
    candidate = make_candidate(opening, name="Ana Souza")
    panel = opening.stages[2]
    set_kit(None, panel, focus=["live_speaking", "strategy"], questions={})
    scorecard = assign(None, candidate, panel, nina)
    db.session.commit()

    sign_in(page, nina.email)
    page.get_by_role("link", name="My scorecards").click()
    page.get_by_role("link", name="Ana Souza").click()
    expect(page.get_by_text("Calibrate first")).to_be_visible()  # sent to the set; the scorecard waits
    expect(page.get_by_role("heading", name="Item 1 of 26")).to_be_visible()
    expect(page.get_by_text("Ten hashtags and no link")).to_have_count(0)  # blind

    for name, value in answers("en", {"copywriting": 1}).items():
        if name.startswith("level_"):
            page.locator(f"input[name='{name}'][value='{value}']").check()
        else:
            page.locator(f"textarea[name='{name}']").fill(value)
    page.get_by_role("button", name="Submit and compare").click()

    expect(page.get_by_text("Calibration submitted")).to_be_visible()
    expect(page.get_by_text("Ten hashtags and no link").first).to_be_visible()  # the agreed rationale
    expect(page.locator("#figures-copywriting")).to_contain_text("No")  # one level high on copywriting…
    page.get_by_role("link", name="Calibrate again").click()  # …so again, on the agreed levels
    for name, value in answers("en").items():
        if name.startswith("level_"):
            page.locator(f"input[name='{name}'][value='{value}']").check()
        else:
            page.locator(f"textarea[name='{name}']").fill(value)
    page.get_by_role("button", name="Submit and compare").click()
    expect(page.locator("#figures-copywriting")).to_contain_text("Yes")

    page.get_by_role("link", name="My scorecards").click()
    page.get_by_role("link", name="Ana Souza").click()
    score(page, {"Live speaking": 3, "Strategy": 4}, "Nina saw it")
    expect(page.get_by_text("Scorecard submitted")).to_be_visible()
    db.session.rollback()  # end the test's own read, to see what the server committed
    assert db.session.get(Scorecard, scorecard.id).submitted
