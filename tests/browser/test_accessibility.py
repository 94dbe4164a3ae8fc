"""In real Chromium: what assistive technology needs from a page, such as focus on a form's errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hiring.auth.models import Role
from tests.helpers import PASSWORD, make_opening, make_user

pytestmark = pytest.mark.browser


def _sign_in(page, user):
    page.goto("/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_failed_sign_in_puts_focus_on_the_error_summary(page):
    user = make_user(Role.INTERVIEWER)
    page.goto("/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    expect(summary).to_contain_text("Email or password is incorrect.")
    # From the summary, the keyboard reaches the field to fix.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Password")).to_be_focused()


def test_a_staff_form_with_errors_puts_focus_on_the_summary_listing_each_field(page):
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    _sign_in(page, manager)
    page.goto(f"/openings/{opening.id}/candidates/new")
    page.get_by_role("button", name="Add candidate").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    assert links.count() >= 2, "name and email are both required"
    links.first.click()
    assert page.evaluate("document.activeElement.id") == links.first.get_attribute("href").lstrip("#")
