"""The live segment run sheet printed from real Chromium: A4 landscape, only the sheet, a few pages."""

from __future__ import annotations

import io

import pikepdf
import pytest
from playwright.sync_api import Page, expect

from hiring.auth.models import Role
from hiring.demo import OPENING_TITLE
from tests.browser.test_demo import demo_user, load_the_demo, sign_in

pytestmark = pytest.mark.browser

A4_LANDSCAPE = (841.89, 595.28)  # points


def test_an_interviewer_prints_the_run_sheet_from_the_panel_kit(page: Page):
    load_the_demo()
    page.goto("/")
    sign_in(page, demo_user(Role.INTERVIEWER).email)
    page.goto("/openings/")
    page.get_by_role("link", name=OPENING_TITLE).first.click()
    page.get_by_role("region", name="Interview kits").get_by_role("link", name="Panel interview").click()
    expect(page.get_by_role("heading", name="Live segment: the granola launch stream")).to_be_visible()
    page.get_by_role("link", name="Print the run sheet").click()
    expect(page.get_by_role("button", name="Print")).to_be_visible()  # shown by the script, which prints
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_role("columnheader", name="Rater 2: notes")).to_be_visible()

    pdf = pikepdf.open(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert 1 <= len(pdf.pages) <= 4  # ten minutes of moments, not a page per moment
    for printed in pdf.pages:
        width, height = (float(value) for value in printed.mediabox[2:])
        assert abs(width - A4_LANDSCAPE[0]) < 2 and abs(height - A4_LANDSCAPE[1]) < 2


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}])
def test_the_run_sheet_reads_on_a_phone_without_sideways_scrolling(page: Page, viewport):
    load_the_demo()
    page.goto("/")
    sign_in(page, demo_user(Role.INTERVIEWER).email)
    page.goto("/openings/")
    page.get_by_role("link", name=OPENING_TITLE).first.click()
    page.get_by_role("region", name="Interview kits").get_by_role("link", name="Panel interview").click()
    expect(page.get_by_role("heading", name="A critical comment at 5:00")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name="Print the run sheet").click()
    expect(page.get_by_role("columnheader", name="Rater 1: notes")).to_be_attached()
    # The wide table scrolls inside its own box; the page does not.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
