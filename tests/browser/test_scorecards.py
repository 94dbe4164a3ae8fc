"""Two interviewers in real Chromium: independent scoring, then the panel, then the dashboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hiring.auth.models import Role
from hiring.extensions import db
from hiring.interviews.operations import assign, set_kit
from hiring.openings.models import Opening
from hiring.openings.operations import add_team_member
from hiring.scoreboards import opening_scoreboard
from tests.helpers import PASSWORD, make_candidate, make_opening, make_user

pytestmark = pytest.mark.browser


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Openings", level=1)).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def score(page: Page, levels: dict[str, int], evidence: str) -> None:
    """Fill the scorecard the page shows: a level and the evidence per criterion, then submit."""
    for criterion, level in levels.items():
        group = page.get_by_role("group", name=re.compile(criterion))
        group.locator(f"input[type=radio][value='{level}']").check()
        group.get_by_label(re.compile(f"Evidence for {criterion}")).fill(f"{evidence} ({criterion})")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Submit scorecard").click()


def test_interviewer_b_sees_a_scores_only_after_submitting_and_the_dashboard_shows_both(page: Page):
    manager = make_user(Role.HIRING_MANAGER, name="Maya Manager")
    ana = make_user(Role.INTERVIEWER, name="Ana Interviewer")
    ben = make_user(Role.INTERVIEWER, name="Ben Interviewer")
    opening = make_opening(manager)
    for person in (ana, ben):
        add_team_member(None, opening, person, Role.INTERVIEWER)
    candidate = make_candidate(opening, name="王芳")
    panel = opening.stages[2]
    set_kit(None, panel, focus=["live_speaking", "strategy"], questions={})
    assign(None, candidate, panel, ana)
    assign(None, candidate, panel, ben)
    db.session.commit()  # the setup is done: the live server sees it

    sign_in(page, ana.email)
    page.get_by_role("link", name="My scorecards").click()
    page.get_by_role("link", name="王芳").click()
    score(page, {"Live speaking": 4, "Strategy": 5}, "Ana saw a clear plan")
    expect(page.get_by_text("Scorecard submitted")).to_be_visible()
    sign_out(page)

    sign_in(page, ben.email)
    page.goto(f"/candidates/{candidate.id}")
    expect(page.get_by_text("hidden until you submit your own")).to_be_visible()
    expect(page.get_by_text("Ana saw a clear plan")).to_have_count(0)
    page.get_by_role("link", name="Fill it in").click()
    score(page, {"Live speaking": 2, "Strategy": 4}, "Ben heard long pauses")
    expect(page.get_by_text("Ana saw a clear plan (Strategy)")).to_be_visible()
    expect(page.get_by_text("Ben heard long pauses (Strategy)")).to_be_visible()
    sign_out(page)

    sign_in(page, manager.email)
    page.goto(f"/openings/{opening.id}")
    row = page.get_by_role("region", name="Candidates").get_by_role("row").filter(has_text="王芳")
    # Both raters count: live speaking (4 + 2) / 2 = 3, strategy (5 + 4) / 2 = 4.5.
    db.session.commit()  # end the test's transaction: the live server wrote the scorecards
    total = opening_scoreboard(db.session.get(Opening, opening.id)).for_candidate(candidate.id)
    assert total.criteria["live_speaking"]["mean"] == 3 and total.criteria["strategy"]["mean"] == 4.5
    # The total is for the full rubric: the six criteria nobody rated are predicted, so the row is
    # incomplete and its total is no longer the mean of the two rated ones (4.00); it has an interval.
    assert total.incomplete and len(total.missing) == 6
    expect(row.locator("[data-label=Total]")).to_contain_text(f"{total.total:.2f}")
    expect(row.locator("[data-label=Total]")).to_contain_text(f"{total.low:.2f}–{total.high:.2f}")
    expect(row.locator("[data-label=Raters]")).to_have_text("2")
    expect(row).to_contain_text("incomplete (6 unrated)")
    expect(row).to_contain_text("raters disagree: Live speaking")
    raters = page.get_by_role("region", name="Raters and agreement")
    expect(raters).to_contain_text("Ana Interviewer")
    expect(raters).to_contain_text("Ben Interviewer")
