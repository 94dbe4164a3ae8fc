"""In real Chromium: a hiring manager copies the invitation link and message, with or without the Clipboard API."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hiring.auth.models import Role
from tests.helpers import PASSWORD, make_candidate, make_opening, make_user

pytestmark = pytest.mark.browser

#: Chromium without the Clipboard API (an http:// address other than localhost has none either).
NO_CLIPBOARD = "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"


def _sign_in(page, user):
    page.goto("/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _invite(page, candidate):
    page.goto(f"/candidates/{candidate.id}/invite")
    page.get_by_role("button", name="Create the invitation").click()
    expect(page.get_by_role("heading", name="Invitation created")).to_be_visible()


def test_manager_copies_the_link_and_the_message_with_the_keyboard(chromium, live_server):
    manager = make_user(Role.HIRING_MANAGER)
    candidate = make_candidate(make_opening(manager), name="Siti Rahayu", language="id")
    context = chromium.new_context(base_url=live_server, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    _sign_in(page, manager)
    _invite(page, candidate)

    link = page.locator("#invitation-link").input_value()
    assert "/i/" in link
    page.get_by_role("button", name="Copy link").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#invitation-link-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == link

    message = page.locator("#invitation-message").input_value()
    assert message.split("\n\n")[1] == "Halo Siti Rahayu," and link in message.splitlines()
    page.get_by_role("button", name="Copy message").focus()
    page.keyboard.press("Space")
    expect(page.locator("#invitation-message-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == message
    context.close()


def test_without_the_clipboard_api_copy_selects_the_whole_message(chromium, live_server):
    manager = make_user(Role.HIRING_MANAGER)
    candidate = make_candidate(make_opening(manager), language="zh")
    context = chromium.new_context(base_url=live_server)
    context.add_init_script(NO_CLIPBOARD)
    page = context.new_page()
    _sign_in(page, manager)
    _invite(page, candidate)

    page.get_by_role("button", name="Copy message").click()
    expect(page.locator("#invitation-message")).to_be_focused()
    selected = page.evaluate("(() => { const f = document.activeElement;"
                             " return f.value.slice(f.selectionStart, f.selectionEnd); })()")
    assert selected == page.locator("#invitation-message").input_value()
    assert "您好" in selected
    expect(page.locator("#invitation-message-status")).not_to_be_empty()
    context.close()
