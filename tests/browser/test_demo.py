"""A person in real Chromium: signing in, opening the demo role, using the app on a phone."""

from __future__ import annotations

import re

import pytest
from flask import current_app
from playwright.sync_api import Page, expect

from hiring.auth.models import Role
from hiring.demo import CANDIDATES, DEMO_PASSWORD, OPENING_TITLE, USERS, load_demo
from hiring.transactions import unit_of_work

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


def demo_user(role: Role):
    return next(u for u in USERS if u.role == role)


def load_the_demo() -> None:
    """Load the demo as `flask demo` does: one unit of work, committed, so the live server sees it."""
    with unit_of_work():
        load_demo(current_app.config["RUBRICS_DIR"])


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_hiring_manager_signs_in_and_opens_the_demo_opening(page: Page):
    load_the_demo()
    manager = demo_user(Role.HIRING_MANAGER)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    sign_in(page, manager.email)
    expect(page.get_by_role("heading", name="Openings", level=1)).to_be_visible()
    expect(page.get_by_text(manager.name)).to_be_visible()

    page.get_by_role("link", name=OPENING_TITLE).click()
    expect(page.get_by_role("heading", name=OPENING_TITLE, level=1)).to_be_visible()

    candidates = page.get_by_role("region", name="Candidates")
    for name in ("王芳", "प्रिया शर्मा", "José Martínez", "Siti Rahmawati"):
        expect(candidates.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(candidates.get_by_role("row")).to_have_count(len(CANDIDATES) + 1)  # and the header

    team = page.get_by_role("region", name="Hiring team")
    for person in USERS:
        if person.role != Role.ADMIN:
            member = team.get_by_role("listitem").filter(has_text=person.name)
            expect(member).to_be_visible()
            expect(member).to_contain_text(person.role.label)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_phone_width_navigation_works(page: Page):
    load_the_demo()
    page.goto("/login")
    sign_in(page, demo_user(Role.ADMIN).email)
    expect(page.get_by_role("heading", name="Openings", level=1)).to_be_visible()

    menu = page.get_by_role("button", name="Menu")
    users_link = page.get_by_role("link", name="Users", exact=True)
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(users_link).to_be_hidden()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(users_link).to_be_visible()

    users_link.click()
    expect(page).to_have_url(re.compile(r"/admin/users$"))
    expect(page.get_by_role("heading", name="Users", level=1)).to_be_visible()
    for person in USERS:
        expect(page.get_by_role("cell", name=person.email, exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_wrong_password_shows_inline_error(page: Page):
    load_the_demo()
    manager = demo_user(Role.HIRING_MANAGER)
    page.goto("/login")

    sign_in(page, manager.email, password="not-the-password")

    password = page.get_by_label("Password")
    field = page.locator(".field", has=password)
    error = field.locator(".field-error")
    expect(error).to_have_text("Email or password is incorrect.")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile("Email or password is incorrect"))
    expect(password).to_have_value("")
    expect(page.get_by_label("Email")).to_have_value(manager.email)
    expect(page.get_by_role("heading", name="Openings")).to_have_count(0)
