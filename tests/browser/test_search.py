"""In real Chromium: the header's search box finds people across the openings one is on."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hiring.auth.models import Role
from tests.browser.test_demo import demo_user, load_the_demo, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _search(page: Page, query: str) -> None:
    box = page.get_by_role("searchbox", name="Find a candidate by name or email")
    box.fill(query)
    box.press("Enter")
    expect(page.get_by_role("heading", name="Find a candidate", level=1)).to_be_visible()


def test_the_header_search_finds_jose_without_the_accent_and_wang_fang_by_one_character(page: Page):
    load_the_demo()
    page.goto("/login")
    sign_in(page, demo_user(Role.HIRING_MANAGER).email)
    _search(page, "jose")
    results = page.get_by_role("region", name="Results")
    expect(results.get_by_role("link", name="José Martínez")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("1 candidate found for “jose”")
    _search(page, "王")
    expect(page.get_by_role("region", name="Results").get_by_role("link", name="王芳")).to_be_visible()
    page.get_by_role("link", name="王芳").click()
    expect(page.get_by_role("heading", name="王芳", level=1)).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_on_a_phone_the_search_box_is_in_the_menu(page: Page):
    load_the_demo()
    page.goto("/login")
    sign_in(page, demo_user(Role.INTERVIEWER).email)
    box = page.get_by_role("searchbox", name="Find a candidate by name or email")
    expect(box).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(box).to_be_visible()
    _search(page, "SITI")
    expect(page.get_by_role("link", name="Siti Rahmawati")).to_be_visible()
    page.wait_for_load_state("load")  # laid out with its stylesheet and script, not mid-navigation
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    expect(page).to_have_url(re.compile(r"/search\?q=SITI"))
