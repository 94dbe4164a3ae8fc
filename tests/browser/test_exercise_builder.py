"""In real Chromium, issue 15's exercise story: a hiring manager copies the shipped community-replies
exercise, adds a comment, saves it as version 1 of its own key, previews it as a Spanish-reading
candidate sees it, and the invitation page of an opening on that rubric offers it."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from hiring.auth.models import Role
from hiring.exercises.store import latest_version
from hiring.extensions import db
from tests.browser.test_rubric_builder import sign_in
from tests.helpers import make_candidate, make_opening, make_user

pytestmark = pytest.mark.browser


def test_a_manager_copies_an_exercise_adds_a_comment_previews_it_in_spanish_and_can_invite_to_it(page: Page):
    manager = make_user(Role.HIRING_MANAGER, name="Maya Manager")
    opening = make_opening(manager, title="Community lead")
    candidate = make_candidate(opening, name="Lucía Fernández")
    db.session.commit()

    sign_in(page, manager.email)
    page.goto("/exercises/")
    page.get_by_role("row").filter(has_text="community-replies").get_by_role("link", name=re.compile("^Copy")).click()
    page.get_by_label("Key", exact=True).first.fill("community-replies-jakarta")
    page.get_by_label("Title").fill("Answering the comments, Jakarta")
    page.get_by_role("button", name="Add a comment").click()
    comment = page.locator("fieldset.builder-item").last
    comment.get_by_label("Key").fill("cocoa")
    comment.get_by_label("Author").fill("@cocoa_fan")
    comment.get_by_label("Kind").select_option("question")
    comment.get_by_label("The comment").fill("Any chance of a cocoa granola soon?")

    page.get_by_role("button", name="Español").click()
    preview = page.locator(".candidate-preview")
    expect(preview).to_have_attribute("lang", "es")
    expect(preview.get_by_text("Su respuesta").first).to_be_visible()  # the candidate page's words, in Spanish
    # Texts it shares with community-replies borrow that exercise's Spanish; its new title has none yet.
    expect(preview.get_by_text(re.compile("^Usted lleva las cuentas en redes sociales"))).to_be_visible()
    expect(preview.locator("h2 [lang=en]").first).to_have_text("Answering the comments, Jakarta")
    new_comment = preview.get_by_text("Any chance of a cocoa granola soon?")
    expect(new_comment).to_have_attribute("lang", "en")  # no Spanish for it yet: English, marked, with a note
    expect(preview.get_by_text("(not translated yet)").first).to_be_visible()
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS"], "exercise-builder.png"), full_page=True)

    page.get_by_label("What changed, and why").fill("A copy for Jakarta, with a question about flavours.")
    page.get_by_role("button", name="Save the exercise").click()
    expect(page.get_by_text("Saved as version 1 of Answering the comments, Jakarta.")).to_be_visible()
    db.session.commit()  # read what the live server committed
    saved = latest_version("community-replies-jakarta")
    assert saved.number == 1 and saved.exercise.comments[-1].key == "cocoa"

    page.goto(f"/candidates/{candidate.id}/invite")
    expect(page.get_by_label(re.compile("Answering the comments, Jakarta"))).to_be_checked()


@pytest.mark.parametrize("path", ["/exercises/", "/exercises/campaign-analysis/edit", "/exercises/new?type=upload",
                                  "/exercises/launch-posts/versions", "/exercises/upload",
                                  "/exercises/launch-posts/translations/hi",
                                  "/exercises/campaign-analysis/translations/zh",
                                  "/rubrics/social-media-manager/translations/id"])
def test_the_exercise_builder_fits_a_phone(page: Page, path):
    admin = make_user(Role.ADMIN, name="Ada Admin")
    db.session.commit()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, admin.email)
    page.goto(path)
    expect(page.locator("h1")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a 390px phone"
