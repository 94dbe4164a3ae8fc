"""In real Chromium: a hiring manager moves candidates on the pipeline board with the mouse (drag and
drop) and with the keyboard (the card's stage menu); the stage changes and each move is audited."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.candidates.models import Candidate
from hiring.extensions import db
from tests.browser.test_demo import demo_user, load_the_demo, sign_in

pytestmark = pytest.mark.browser


def _stage_of(email: str) -> int:
    db.session.commit()  # end the test's read snapshot: the live server wrote since
    return db.session.scalar(select(Candidate.stage_id).filter_by(email=email))


#: Tall enough that no column scrolls during a drag (a scroll between the press and the move would
#: start the drag on whatever card came under the pointer).
TALL = {"width": 1400, "height": 2200}


@pytest.mark.parametrize("viewport", [TALL], ids=["tall"])
def test_a_card_moves_by_mouse_and_by_keyboard(page: Page):
    load_the_demo()
    candidate = db.session.scalar(select(Candidate).filter_by(email="siti.rahmawati@example.com"))
    opening, stages = candidate.opening, candidate.opening.stages
    page.goto("/login")
    sign_in(page, demo_user(Role.HIRING_MANAGER).email)
    page.goto(f"/openings/{opening.id}/board")
    card = page.locator(f"#card-{candidate.id}")
    start = next(s for s in stages if s.id == candidate.stage_id)
    target = next(s for s in stages if s.id != start.id and s.position > start.position)
    expect(page.locator(f"[data-stage='{start.id}']").locator(f"#card-{candidate.id}")).to_be_visible()

    # The mouse: drag the card onto another column.
    card.drag_to(page.locator(f"[data-stage='{target.id}']"))
    expect(page.locator(f"[data-stage='{target.id}']").locator(f"#card-{candidate.id}")).to_be_visible()
    expect(page.locator("#board-status")).to_contain_text("Moved Siti Rahmawati to")
    assert _stage_of(candidate.email) == target.id

    # The keyboard: the card's stage menu, then its Move button (the page reloads on the card).
    menu = page.get_by_label("Stage for Siti Rahmawati")
    menu.focus()
    menu.select_option(str(start.id))
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Move Siti Rahmawati")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Moved Siti Rahmawati to {start.name}.")).to_be_visible()
    expect(page.locator(f"[data-stage='{start.id}']").locator(f"#card-{candidate.id}")).to_be_visible()
    assert _stage_of(candidate.email) == start.id
    moves = db.session.scalars(select(AuditEvent).filter_by(action="candidate.move", target_id=candidate.id)
                               .order_by(AuditEvent.id)).all()
    assert [m.details["after"]["stage"] for m in moves] == [target.name, start.name]
