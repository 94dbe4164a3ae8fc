"""A candidate in real Chromium: the X counter, autosave, a closed tab, submitting; then the blind review."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hiring.auth.models import Role
from hiring.exercises.platforms import measure
from hiring.openings.operations import add_team_member
from tests.helpers import PASSWORD, make_candidate, make_invitation, make_opening, make_user

pytestmark = pytest.mark.browser

MIXED = "新品上市！Refill Sunday 带上你的罐子 https://example.com/refill?utm=launch 🌱 #ZeroWaste"


def test_candidate_types_closes_the_tab_comes_back_submits_and_the_reviewer_sees_an_alias(chromium, live_server):
    manager = make_user(Role.HIRING_MANAGER)
    reviewer = make_user(Role.INTERVIEWER, name="Rita Reviewer")
    opening = make_opening(manager)
    add_team_member(None, opening, reviewer, Role.INTERVIEWER)
    candidate = make_candidate(opening, name="王芳")
    invitation, token = make_invitation(candidate, ("launch-posts",))

    phone = chromium.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(f"/i/{token}")
    page.get_by_role("button", name=re.compile("Start the exercises")).click()
    x_post = page.locator("textarea[data-platform=x]")
    x_post.fill(MIXED)
    counter = page.locator(f"[data-counter-for='{x_post.get_attribute('id')}']")
    expected = measure("x", MIXED).length  # what reviewers are shown
    expect(counter).to_contain_text(f"{expected} / 280")
    in_browser = page.evaluate("t => window.hiringCounter.measure('x', t).length", MIXED)
    assert in_browser == expected
    expect(page.locator("#save-state")).to_have_text(re.compile(r"Saved \d"), timeout=10_000)
    phone.close()  # the tab is closed halfway

    again = chromium.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    page = again.new_page()
    page.goto(f"/i/{token}")
    expect(page.locator("textarea[data-platform=x]")).to_have_value(MIXED)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile(r"1 of \d+ answered — submit anyway\?"))
    page.get_by_role("button", name="Submit anyway").click()
    expect(page.get_by_role("heading", name=re.compile("submitted"))).to_be_visible()
    assert page.url.endswith(f"/i/{token}/done")
    page.reload()  # a GET: nothing is posted again
    expect(page.get_by_role("heading", name=re.compile("submitted"))).to_be_visible()
    again.close()

    staff = chromium.new_context(base_url=live_server)
    page = staff.new_page()
    page.goto("/login")
    page.get_by_label("Email").fill(reviewer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Reviews").click()
    page.get_by_role("link", name=invitation.alias).click()
    expect(page.get_by_text("新品上市！Refill Sunday")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("王芳")
    expect(page.locator("main")).not_to_contain_text(candidate.email)
    staff.close()
