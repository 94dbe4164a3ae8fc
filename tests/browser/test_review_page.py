"""A reviewer in real Chromium reads a demo submission on a phone and on a laptop, and scores it.

The demo's submissions are the real thing: every shipped exercise, long answers, the auto-graded
analysis table and an uploaded design.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hiring.auth.models import Role
from tests.browser.test_demo import load_the_demo, sign_in
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
REVIEWER = "interviewer2@demo.hiring"  # Chen Wei still owes reviews of most demo submissions


def open_first_submission(page: Page) -> str:
    """Sign the demo reviewer in and open the first submission of their queue; returns its URL."""
    load_the_demo()
    page.goto("/login")
    sign_in(page, REVIEWER)
    page.goto("/reviews/")
    page.locator("a[href^='/reviews/']").filter(has_text="Candidate").first.click()
    expect(page.get_by_role("heading", name="Your review")).to_be_visible()
    return page.url


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_reviewer_on_a_phone_reads_every_answer_without_sideways_scrolling(page: Page):
    open_first_submission(page)
    expect(page.get_by_role("heading", name="Auto-graded").first).to_be_visible()
    for summary in page.locator("main details > summary").all():  # instructions hold a table too
        summary.click()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"
    # Scoring is one tap away, not thirteen thousand pixels of answers away.
    page.get_by_role("link", name="Go to scoring").click()
    expect(page.get_by_role("heading", name="Your review")).to_be_in_viewport()


@pytest.mark.parametrize("viewport", [LAPTOP], ids=["laptop"])
def test_reviewer_on_a_laptop_sees_the_scoring_form_beside_the_answers(page: Page):
    open_first_submission(page)
    form = page.locator("form.scorecard-form").bounding_box()
    answers = page.locator(".review-answers").bounding_box()
    assert form["y"] < LAPTOP["height"], f"the scoring form starts {form['y']:.0f} px down"
    assert answers["x"] + answers["width"] <= form["x"], "answers and the form should sit side by side"
    page.mouse.wheel(0, 6000)  # reading further down the answers, the form stays in view
    expect(page.locator("form.scorecard-form")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]


def test_the_uploaded_design_shows_on_the_page_and_not_to_an_outsider(page: Page, chromium, live_server):
    open_first_submission(page)
    design = page.get_by_role("img", name=re.compile("design for"))
    design.scroll_into_view_if_needed()  # it loads lazily, as the reviewer scrolls to it
    expect(design).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=design.element_handle())
    source = design.get_attribute("src")
    response = page.request.get(source)
    assert response.headers["content-type"] == "image/png"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.headers["x-content-type-options"] == "nosniff"

    outsider = make_user(Role.HIRING_MANAGER)  # a hiring manager, but not on this opening's team
    other = chromium.new_context(base_url=live_server)
    try:
        tab = other.new_page()
        tab.goto("/login")
        sign_in(tab, outsider.email, PASSWORD)
        assert tab.request.get(source).status == 403
    finally:
        other.close()
