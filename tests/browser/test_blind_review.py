"""A reviewer in real Chromium scores a submission blind, then reveals whose it is, on record."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.extensions import db
from tests.browser.test_demo import sign_in
from tests.helpers import PASSWORD, Scene

pytestmark = pytest.mark.browser


def test_reviewer_scores_blind_then_reveals_the_identity_on_record(page: Page):
    scene = Scene.build()
    name, alias = scene.candidate.name, scene.invitation.alias
    page.goto("/login")
    sign_in(page, scene.interviewer.email, PASSWORD)
    page.goto("/reviews/")
    page.get_by_role("link", name=alias).click()
    expect(page.get_by_role("heading", name=alias, level=1)).to_be_visible()
    assert name not in page.content()

    page.get_by_role("radio", name=re.compile("^4")).first.check()
    page.locator("textarea[name='note_design']").fill("Clear focal point; legible on a phone.")
    page.get_by_role("radio", name="Yes", exact=True).check()
    page.get_by_role("button", name=re.compile("^Submit")).click()
    expect(page.get_by_text(re.compile("Review submitted"))).to_be_visible()
    assert name not in page.content(), "submitting does not reveal the candidate"

    page.get_by_role("link", name="My scorecards").click()
    expect(page.get_by_role("link", name=alias)).to_be_visible()

    page.goto(f"/reviews/{scene.invitation.id}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reveal identity").click()
    expect(page.get_by_role("link", name=name)).to_be_visible()
    db.session.commit()  # end the test's read snapshot: the live server wrote since
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "review.reveal")).all()
    assert [(e.actor_id, e.target_id, e.details["review"]) for e in events] == [
        (scene.interviewer.id, scene.invitation.id, "submitted")]
