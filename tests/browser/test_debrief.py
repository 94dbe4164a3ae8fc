"""A debrief in real Chromium (issue 16, acceptance): locked → closed with one re-score and its reason;
the audit trail and the comparison PDF show it; the independent scores stay unchanged in the API."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import Page, expect

from hiring.auth.models import Role
from hiring.extensions import db
from hiring.openings.operations import add_team_member
from tests.browser.conftest import DESKTOP, TIMEOUT_MS
from tests.helpers import PASSWORD, _committed, make_candidate, make_opening, make_user, submit_scorecard

pytestmark = pytest.mark.browser

REASON = "Her analytics answer named the metric behind the goal; I had missed it."


@pytest.fixture()
def tabs(chromium, live_server):
    """A new tab per person, each in its own context (its own session), closed after the test."""
    contexts = []

    def open_as(user) -> Page:
        context = chromium.new_context(base_url=live_server, viewport=DESKTOP, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        tab = context.new_page()
        tab.goto("/login")
        tab.get_by_label("Email").fill(user.email)
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        expect(tab.get_by_role("button", name="Sign out")).to_have_count(1)
        return tab

    yield open_as
    for context in contexts:
        context.close()


def _next_stage(page: Page, stage: str) -> None:
    page.get_by_role("button", name=f"Move to “{stage}”").click()
    expect(page.get_by_text(f"The debrief is now at the stage “{stage}”.")).to_be_visible()


def test_a_debrief_runs_from_locked_to_closed_with_one_rescore(tabs, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the downloaded PDF")
    admin = make_user(Role.ADMIN)
    manager = make_user(Role.HIRING_MANAGER, name="Maya Manager")
    interviewer = make_user(Role.INTERVIEWER, name="Ines Interviewer")
    opening = make_opening(manager)
    _committed(add_team_member)(None, opening, interviewer, Role.INTERVIEWER)
    stage = opening.stages[2]
    lucia = make_candidate(opening, name="Lucía Fernández")
    other = make_candidate(opening, name="Budi Santoso")
    for candidate, (mine, theirs) in ((lucia, (2, 4)), (other, (3, 3))):
        submit_scorecard(interviewer, candidate, stage, {"copywriting": 4, "analytics": mine})
        submit_scorecard(manager, candidate, stage, {"copywriting": 3, "analytics": theirs})
    db.session.commit()
    lucia_id, opening_id = lucia.id, opening.id

    page = tabs(manager)
    page.goto(f"/candidates/{lucia_id}")
    page.get_by_role("button", name="Open a debrief").click()
    expect(page.get_by_role("heading", name="Debrief of Lucía Fernández")).to_be_visible()
    expect(page.get_by_text(re.compile("independent scores are frozen"))).to_be_visible()
    debrief_url = page.url
    _next_stage(page, "Revealed")
    criteria = page.locator("#criteria h3")
    expect(criteria.first).to_contain_text("Analytics")  # 2 against 4: the largest disagreement first
    _next_stage(page, "Discussed")
    page.get_by_label("Discussion notes").first.fill("The dashboard example decides it.")
    page.get_by_role("button", name="Save the notes").click()
    _next_stage(page, "Re-score")

    page = tabs(interviewer)
    page.goto(debrief_url)
    form = page.locator(".rescore-form").filter(has_text="Analytics")
    form.get_by_label("New rating").select_option("3")
    form.get_by_label("Reason (required)").fill(REASON)
    form.get_by_role("button", name="Change the rating").click()
    expect(page.get_by_text("Rating changed; your independent rating is kept beside it.")).to_be_visible()

    page = tabs(manager)
    page.goto(debrief_url)
    page.get_by_label("The team's recommendation").select_option("yes")
    page.get_by_label("Summary").fill("Advance to the final.")
    _next_stage(page, "Closed")
    expect(page.get_by_text(REASON)).to_be_visible()

    # Independent scores unchanged in the API: the interviewer's 2 and the manager's 4.
    scores = page.request.get(f"/api/v1/openings/{opening_id}/scores").json()
    (entry,) = [c for c in scores["candidates"] if c["id"] == lucia_id]
    assert entry["criteria"]["analytics"]["mean"] == 3.0
    debriefs = page.request.get(f"/api/v1/openings/{opening_id}/debriefs").json()
    (changed,) = [r for d in debriefs["debriefs"] for r in d["ratings"] if r["rescored"] is not None]
    assert (changed["independent"], changed["rescored"], changed["reason"]) == (2, 3, REASON)

    with page.expect_download() as download:
        page.goto(f"/openings/{opening_id}/compare?c={lucia_id}&c={other.id}")
        expect(page.get_by_role("heading", name="Debriefs")).to_be_visible()
        page.get_by_role("link", name="Download PDF").click()
    pdf = tmp_path / "comparison.pdf"
    download.value.save_as(pdf)
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert REASON in text and "Ines Interviewer · Analytics · Panel interview · 2 → 3" in text

    page = tabs(admin)
    page.goto("/admin/audit/?action=debrief.")
    audit = page.get_by_role("region", name="Audit events")
    for action in ("debrief.open", "debrief.stage", "debrief.rescore", "debrief.close"):
        expect(audit.get_by_text(action, exact=True).first).to_be_visible()
    expect(audit.get_by_text(REASON)).to_be_visible()
