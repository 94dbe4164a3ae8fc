"""Independence before collective, in real Chromium: while a rater owes a scorecard for a candidate
they see no other rater's ratings, notes, recommendations or totals for that candidate, anywhere."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.demo import OPENING_TITLE
from hiring.extensions import db
from hiring.interviews.models import Scorecard
from hiring.interviews.operations import assign
from hiring.openings.models import Opening
from hiring.scoreboards import opening_scoreboard
from tests.browser.test_demo import demo_user, load_the_demo, sign_in

pytestmark = pytest.mark.browser

LUCIA = "lucia.fernandez@example.com"
OWN_FINAL_NOTE = "Ines: a plan with a measure per goal and a monthly review ({})"


def _demo_people() -> tuple[Candidate, User, User]:
    lucia = db.session.scalar(select(Candidate).filter_by(email=LUCIA))
    ines = db.session.scalar(select(User).filter_by(email="interviewer@demo.hiring"))
    manager = db.session.scalar(select(User).filter_by(email=demo_user(Role.HIRING_MANAGER).email))
    return lucia, ines, manager


def _evidence(cards: list[Scorecard]) -> set[str]:
    return {r.note for card in cards for r in card.ratings if r.note}


def _recommendations(cards: list[Scorecard]) -> set[str]:
    return {card.recommendation.label for card in cards if card.recommendation}


def test_ines_sees_no_other_rating_of_lucia_until_she_submits_her_owed_final_scorecard(page: Page):
    load_the_demo()
    lucia, ines, _manager = _demo_people()
    cards = db.session.scalars(select(Scorecard).filter_by(candidate_id=lucia.id)).all()
    owed = [c for c in cards if c.rater_id == ines.id and not c.submitted]
    assert [c.stage.name for c in owed] == ["Final"], "the demo: Ines owes Lucía's Final scorecard"
    interviews = [c for c in cards if c.invitation_id is None]  # exercise reviews have their own test
    mine = [c for c in interviews if c.rater_id == ines.id and c.submitted]
    own_stages = {c.stage_id for c in mine}
    # What Ines may read once her Final is in: the panel's scorecards at the stages she rated too.
    theirs = [c for c in interviews if c.rater_id != ines.id and c.submitted and c.stage_id in own_stages]
    their_evidence = _evidence(theirs) - _evidence(mine)  # notes only the others wrote
    their_recommendations = _recommendations(theirs) - _recommendations(mine)
    assert theirs and their_evidence and "Strong yes" in their_recommendations, "the demo has something to hide"
    hidden = sum(1 for c in cards if c.rater_id != ines.id and c.submitted)

    page.goto("/login")
    sign_in(page, ines.email)
    page.get_by_role("link", name=OPENING_TITLE).click()
    page.get_by_role("region", name="Candidates").get_by_role("link", name=lucia.name).click()
    expect(page.get_by_role("heading", name=lucia.name, level=1)).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("You owe a Final scorecard for Lucía Fernández.")
    expect(main).to_contain_text(
        f"{hidden} submitted scorecards from other interviewers are hidden until you submit your own")
    # Only her own earlier scorecards are there: no other rater's, at any stage.
    headings = page.locator("article.scorecard h3")
    expect(headings).to_have_count(len(mine))
    for heading in headings.all():
        expect(heading).to_have_text(re.compile(f"^{re.escape(ines.name)} · "))
    for card in theirs:
        expect(page.locator(f"#scorecard-{card.id}")).to_have_count(0)
        expect(main).not_to_contain_text(card.rater.name)
    for note in their_evidence:
        expect(main).not_to_contain_text(note)
    for label in their_recommendations:
        expect(main.get_by_text(label, exact=True)).to_have_count(0)

    page.get_by_role("link", name="Fill it in").click()
    expect(page.get_by_role("heading", name=lucia.name, level=1)).to_be_visible()
    for criterion in ("Strategy", "Adaptability", "Analytics"):
        group = page.get_by_role("group", name=re.compile(criterion))
        group.locator("input[type=radio][value='4']").check()
        group.get_by_label(re.compile(f"Evidence for {criterion}")).fill(OWN_FINAL_NOTE.format(criterion))
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Submit scorecard").click()

    expect(page.get_by_text("Scorecard submitted. You can now see the panel's scores.")).to_be_visible()
    expect(page).to_have_url(re.compile(f"/candidates/{lucia.id}$"))
    expect(main).not_to_contain_text("hidden until you submit your own")
    expect(main).not_to_contain_text("You owe a")
    expect(main.get_by_text(OWN_FINAL_NOTE.format("Strategy"))).to_be_visible()
    for card in theirs:
        article = page.locator(f"#scorecard-{card.id}")
        expect(article).to_be_visible()
        expect(article.locator("h3")).to_have_text(f"{card.rater.name} · {card.stage.name}")
        expect(article).to_contain_text(card.recommendation.label)
        for rating in card.ratings:
            expect(article).to_contain_text(rating.note)
    expect(main.locator(".recommendation", has_text="Strong yes").first).to_be_visible()


def test_a_hiring_manager_who_owes_a_scorecard_sees_dashes_for_that_candidate(page: Page):
    load_the_demo()
    lucia, _ines, manager = _demo_people()
    opening = db.session.scalar(select(Opening).filter_by(title=OPENING_TITLE))
    jose = db.session.scalar(select(Candidate).filter_by(email="jose.martinez@example.com"))
    assign(None, lucia, next(s for s in opening.stages if s.name == "Final"), manager)
    db.session.commit()  # the live server sees the scorecard Maya now owes
    board = opening_scoreboard(opening)
    assert board.for_candidate(lucia.id) is not None and board.for_candidate(jose.id) is not None, (
        "both have figures to hide or show")

    page.goto("/login")
    sign_in(page, manager.email)
    page.get_by_role("link", name=OPENING_TITLE).click()
    rows = page.get_by_role("region", name="Candidates").get_by_role("row")
    row = rows.filter(has=page.get_by_role("link", name=lucia.name, exact=True))
    expect(row.locator("[data-label=Total]")).to_have_text("—")
    expect(row.locator("[data-label=Rank]")).to_have_text("—")
    expect(row.locator("[data-label=Raters]")).to_have_text("—")
    expect(row.locator("[data-label=Flags]")).to_have_text(
        "You owe a scorecard for this candidate: their figures are hidden until you submit yours.")
    other = rows.filter(has=page.get_by_role("link", name=jose.name, exact=True))
    expect(other.locator("[data-label=Total] .total-value")).to_have_text(re.compile(r"^\d\.\d\d$"))

    page.goto(f"/openings/{opening.id}/shortlist")
    rows = page.get_by_role("region", name="Ranked shortlist").get_by_role("row")
    row = rows.filter(has=page.get_by_role("link", name=lucia.name, exact=True))
    expect(row.locator("[data-label=Total]")).to_have_text("— you owe a scorecard for this candidate")
    expect(row.locator("[data-label=Raters]")).to_have_text("—")
    other = rows.filter(has=page.get_by_role("link", name=jose.name, exact=True))
    expect(other.locator("[data-label=Total] .total-value")).to_have_text(re.compile(r"^\d\.\d\d$"))

    page.goto(f"/openings/{opening.id}/compare?c={jose.id}&c={lucia.id}")
    totals = page.get_by_role("region", name="Totals side by side")
    names = [n.strip() for n in totals.locator("thead th a").all_inner_texts()]
    assert sorted(names) == sorted([jose.name, lucia.name])
    column = names.index(lucia.name)

    def cell(figure: str, index: int = column):
        row = totals.get_by_role("row").filter(has=page.get_by_role("rowheader", name=figure))
        return row.locator("td").nth(index)

    expect(cell("Total")).to_have_text("— you owe a scorecard for this candidate")
    expect(cell("Raters")).to_have_text("—")
    expect(cell("Recommendations")).to_have_text("none yet")
    expect(cell("Total", 1 - column).locator("strong")).to_have_text(re.compile(r"^\d\.\d\d$"))
    evidence = page.locator("details.evidence").first.locator(".evidence-grid > div").nth(column)
    expect(evidence).to_have_text(f"{lucia.name} No evidence noted.")
    expect(page.locator("main")).to_contain_text(f"You owe a scorecard for {lucia.name}: their figures, evidence "
                                                 "and recommendations are hidden until you submit yours")
