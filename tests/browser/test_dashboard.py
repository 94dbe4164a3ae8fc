"""The dashboard's D-study line in real Chromium: visible with its numbers on a laptop and on a phone."""

from __future__ import annotations

import pytest
from flask import current_app
from playwright.sync_api import Page, expect

from hiring.auth.models import Role
from hiring.demo import OPENING_TITLE, load_demo
from hiring.openings.models import Opening
from hiring.reports.dstudy import d_study_sentence, next_panel
from hiring.scoreboards import opening_scoreboard
from hiring.transactions import unit_of_work
from tests.browser.conftest import DESKTOP
from tests.browser.test_demo import demo_user, sign_in

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone-390"])
def test_hiring_manager_sees_how_many_raters_are_enough(page: Page, viewport):
    with unit_of_work():  # committed, so the live server sees it
        opening: Opening = load_demo(current_app.config["RUBRICS_DIR"])
    study = opening_scoreboard(opening).d_study
    ahead = next_panel(study)

    page.goto("/")
    sign_in(page, demo_user(Role.HIRING_MANAGER).email)
    page.get_by_role("link", name=OPENING_TITLE).click()
    expect(page.get_by_role("heading", name=OPENING_TITLE, level=1)).to_be_visible()

    card = page.get_by_role("region", name="How many raters are enough")
    line = card.locator("#d-study")
    line.scroll_into_view_if_needed()
    expect(line).to_be_visible()
    expect(line).to_have_text(d_study_sentence(study))
    raters = f"{round(study.current_raters, 1):g}"
    for figure in (f"With {raters} raters per candidate", f"is {study.current:.2f}",
                   f"90% interval {study.current_low:.2f}–{study.current_high:.2f}",
                   f"{ahead} raters would reach {study.by_raters[ahead]:.2f}",
                   f"0.80 needs {study.needed_for_80} raters"):
        expect(line).to_contain_text(figure)

    sizes = card.get_by_role("list", name="Reliability of the total by raters per candidate").get_by_role("listitem")
    expect(sizes).to_have_count(8)
    for n in (1, 8):
        item = sizes.nth(n - 1)
        expect(item).to_be_visible()
        expect(item).to_contain_text(f"{study.by_raters[n]:.2f}")
        box = item.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box

    # Nothing on the page makes it scroll sideways, on the phone either.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow}px of horizontal overflow at {viewport['width']}px"
    line_box = line.bounding_box()
    assert line_box is not None and line_box["x"] + line_box["width"] <= viewport["width"], line_box
