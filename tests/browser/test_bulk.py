"""In real Chromium: a hiring manager rejects three candidates at once; each gets the rejection email
in their own language (a real SMTP server receives them) and each has a decision recorded."""

from __future__ import annotations

import pytest
from flask import current_app
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.auth.models import Role
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.outbox import worker
from hiring.shortlists.models import Decision, DecisionKind
from tests.browser.test_demo import demo_user, load_the_demo, sign_in

pytestmark = pytest.mark.browser

CHOSEN = ("li.na@example.com", "arjun.mehta@example.com", "budi.santoso@example.com")


def test_a_bulk_rejection_of_three_sends_three_emails_and_records_three_decisions(page: Page, smtp):
    load_the_demo()
    people = {c.email: c for c in db.session.scalars(select(Candidate).where(Candidate.email.in_(CHOSEN)))}
    page.goto("/login")
    sign_in(page, demo_user(Role.HIRING_MANAGER).email)
    page.goto(f"/openings/{people[CHOSEN[0]].opening_id}")
    for email in CHOSEN:
        page.get_by_label(f"Select {people[email].name}").check()
    page.get_by_label("With the selected candidates").select_option("reject")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Reject, with an email")).to_be_visible()
    for email in CHOSEN:
        expect(page.locator(".bulk-names")).to_contain_text(people[email].name)
    page.get_by_label("Why (recorded with each decision)").fill("Other candidates fit the role better.")
    page.get_by_role("button", name="Reject 3 candidates and send 3 emails").click()
    expect(page.get_by_text("Rejected 3 candidates; 3 rejection emails queued.")).to_be_visible()

    worker.run_once(current_app.config)
    received = {m["To"]: m for m in smtp.inbox.messages if m["To"] in CHOSEN}
    assert set(received) == set(CHOSEN)
    assert "您好" in received["li.na@example.com"].get_content()  # 李娜 reads Chinese
    assert "नमस्ते" in received["arjun.mehta@example.com"].get_content()
    assert received["budi.santoso@example.com"].get_content().startswith("Halo Budi Santoso,")
    db.session.commit()
    decisions = db.session.scalars(select(Decision).where(
        Decision.candidate_id.in_([c.id for c in people.values()]), Decision.kind == DecisionKind.REJECT)).all()
    assert len(decisions) == 3 and {d.comment for d in decisions} == {"Other candidates fit the role better."}
