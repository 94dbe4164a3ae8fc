"""In real Chromium, issue 15's story: a hiring manager makes "Community manager" from a copy of the
shipped rubric, adds a criterion with five anchors, reweights, saves version 2, compares it with
version 1, opens a role on it; an interviewer scores with it; the YAML download passes `rubrics
check` and, uploaded again, is the same version (same hash)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.auth.models import Role
from hiring.extensions import db
from hiring.interviews.models import Scorecard, ScorecardStatus
from hiring.interviews.operations import assign
from hiring.openings.models import Opening
from hiring.openings.operations import add_team_member
from hiring.rubrics.store import latest_version
from tests.browser.test_scorecards import score, sign_out
from tests.helpers import PASSWORD, _committed, make_candidate, make_user

pytestmark = pytest.mark.browser

ANCHORS = ["Could not name a way the community gives feedback.",
           "Named feedback channels, no example of acting on one.",
           "Calmed one heated thread with a clear, kind reply.",
           "Set house rules with members and kept a thread civil for weeks.",
           "Built a volunteer moderator team and a reply playbook others use."]


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_manager_builds_a_rubric_an_interviewer_scores_with_it_and_its_file_round_trips(page: Page, runner,
                                                                                            tmp_path):
    manager = make_user(Role.HIRING_MANAGER, name="Maya Manager")
    interviewer = make_user(Role.INTERVIEWER, name="Iwan Interviewer")
    db.session.commit()

    sign_in(page, manager.email)
    page.goto("/rubrics/")
    page.get_by_role("link", name=re.compile("^Copy")).first.click()
    page.get_by_label("Key", exact=True).first.fill("community-manager")
    page.get_by_label("Title").fill("Community manager")
    page.get_by_label("What changed, and why").fill("A copy for the Jakarta community role.")
    page.get_by_role("button", name="Save the rubric").click()
    expect(page.get_by_text("Saved as version 1 of Community manager.")).to_be_visible()

    # Version 2: a new criterion with five anchors, and a weight changed.
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_role("button", name="Add a criterion").click()
    block = page.locator("fieldset.builder-criterion").last
    block.get_by_label("Key").fill("community")
    block.get_by_label("Name").fill("Community building")
    block.get_by_label("Weight").fill("2")
    block.get_by_label("Description").fill("Grows a community and keeps it civil.")
    for level, anchor in enumerate(ANCHORS, start=1):
        block.get_by_label(re.compile(f"^Level {level}:")).fill(anchor)
    block.get_by_label("Interview questions").fill("Tell me about a heated thread you calmed.")
    page.locator("fieldset.builder-criterion").filter(has_text="Copywriting").get_by_label("Weight").fill("3")
    page.get_by_role("button", name="Preview as an interviewer").click()
    expect(page.get_by_text(ANCHORS[4]).last).to_be_visible()
    page.get_by_label("What changed, and why").fill("Community building added; copywriting counts more.")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Saved as version 2 of Community manager.")).to_be_visible()
    db.session.commit()  # read what the live server committed
    second = latest_version("community-manager")
    assert second.number == 2 and second.english.criterion("copywriting").weight == 3

    # What changed since version 1, word by word.
    page.get_by_role("link", name="Compare with version 1").first.click()
    expect(page.locator("ins").filter(has_text="Community building").first).to_be_visible()
    expect(page.get_by_text("weight of Copywriting: 1.25 → 3").first).to_be_visible()

    # A role on it; the manager asks the interviewer for a scorecard.
    page.goto("/openings/new")
    page.get_by_label("Title").fill("Community manager, Jakarta")
    page.get_by_label("Rubric").select_option("community-manager")
    page.get_by_role("button", name="Open the role").click()
    db.session.commit()
    opening = db.session.scalar(select(Opening).filter_by(title="Community manager, Jakarta"))
    assert opening.rubric_version_id == second.id
    _committed(add_team_member)(None, opening, interviewer, Role.INTERVIEWER)
    candidate = make_candidate(opening, name="Siti Rahmawati")
    _committed(assign)(None, candidate, opening.stages[0], interviewer)

    # The YAML of version 2: `rubrics check` accepts it; uploaded again it is the same version.
    page.goto(f"/rubrics/versions/{second.id}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as YAML").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    checked = runner.invoke(args=["rubrics", "check", "--languages", "en", str(saved)])
    assert checked.exit_code == 0, checked.output
    assert f"community-manager 2 (9 criteria, {second.content_hash[:10]})" in checked.output
    page.goto("/rubrics/upload")
    page.get_by_label("Rubric file").set_input_files(str(saved))
    page.get_by_role("button", name=re.compile("Upload")).click()
    expect(page.get_by_text("identical to version 2")).to_be_visible()

    sign_out(page)
    sign_in(page, interviewer.email)
    page.goto(f"/candidates/{candidate.id}")
    page.get_by_role("link", name="Fill it in").click()
    score(page, {"Community building": 4, "Copywriting": 3}, "Seen in the interview")
    page.get_by_role("button", name="Submit anyway").click()  # the other criteria: not assessed
    expect(page.get_by_text("Scorecard submitted")).to_be_visible()
    db.session.commit()
    card = db.session.scalar(select(Scorecard).filter_by(candidate_id=candidate.id))
    assert card.status == ScorecardStatus.SUBMITTED and card.rubric_version_id == second.id
    assert {r.criterion: r.value for r in card.ratings if r.value is not None} == {"community": 4, "copywriting": 3}


@pytest.mark.parametrize("path", ["/rubrics/new?copy={id}", "/openings/{opening}/emails/invitation/hi",
                                  "/openings/{opening}/board"])
def test_the_builder_and_the_email_editor_fit_a_phone(page: Page, path):
    from tests.helpers import make_opening

    admin = make_user(Role.ADMIN, name="Ada Admin")
    opening = make_opening(admin)
    make_candidate(opening, name="प्रिया शर्मा", language="hi")
    db.session.commit()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, admin.email)
    page.goto(path.format(id=opening.rubric_version_id, opening=opening.id))
    expect(page.locator("h1")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a 390px phone"
