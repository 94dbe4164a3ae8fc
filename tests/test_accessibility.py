"""Page structure an assistive technology relies on, checked in the HTML the app sends."""

from __future__ import annotations

import re

from tests.helpers import CandidateBrowser, make_invitation

_FLASHES = re.compile(r'<div class="flashes-region" role="(\w+)" aria-live="(\w+)">\s*<ul class="flashes">(.*?)</ul>',
                      re.S)


def test_flash_messages_are_one_live_region_holding_plain_list_items(browser, scene):
    browser.login(scene.manager)
    page = browser.logout()
    page = browser.get(page.headers["Location"])
    region = _FLASHES.search(page.text)
    assert region, "the flashes sit in one live region"
    assert region.group(1, 2) == ("status", "polite")
    items = re.findall(r"<li\b[^>]*>", region.group(3))
    assert items and all("role=" not in item for item in items), "list items keep their list role"
    assert "You are signed out." in region.group(3)


def test_candidate_work_page_has_one_h1_in_their_language(app, scene):
    scene.candidate.language = "es"
    _, token = make_invitation(scene.candidate, ("launch-posts",))
    candidate = CandidateBrowser(app.test_client(), token)
    candidate.start()
    page = candidate.get("/work")
    assert page.status_code == 200
    assert re.findall(r"<h1\b[^>]*>(.*?)</h1>", page.text) == ["Sus ejercicios"]


def test_browsers_default_favicon_request_gets_an_icon(browser, scene):
    icon = browser.get("/favicon.ico", follow_redirects=True)
    assert icon.status_code == 200 and icon.mimetype.startswith("image/") and icon.data[:4] == b"\0\0\1\0"
    for page in (browser.get("/login"), CandidateBrowser(browser.client, scene.token).get("/done")):
        links = re.findall(r'<link rel="icon" href="([^"]+)"', page.text)
        assert "/favicon.ico" in links and "/static/favicon.svg" in links
    svg = browser.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
