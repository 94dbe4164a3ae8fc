"""What pages compute from an opening's ratings is reused until a submitted rating changes.

`Opening.scores_version` takes a new value in the same transaction as every change that moves a
score, and none for changes that do not (a draft autosave), so a remembered scoreboard is never
stale and not thrown away for nothing.
"""

from __future__ import annotations

import pytest

from hiring.auth.models import Role
from hiring.extensions import db
from hiring.interviews.operations import RatingInput, assign, save_scorecard
from hiring.openings import views as opening_views
from hiring.openings.operations import add_team_member
from hiring.privacy.operations import erase_candidate
from hiring.scoreboards import opening_scoreboard
from tests.helpers import make_candidate, make_user, submit_scorecard

ALL = ("platform_knowledge", "copywriting", "design", "customer_service", "live_speaking", "analytics",
       "strategy", "adaptability")


def _version(opening) -> int:
    db.session.refresh(opening)
    return opening.scores_version


@pytest.fixture()
def rated(scene):
    """Three rated candidates with different totals (the scene's candidate is rated too)."""
    people = {}
    for name, level in (("Rated High", 5), ("Rated Middle", 3), ("Rated Low", 1)):
        people[name] = make_candidate(scene.opening, name=name)
        submit_scorecard(scene.interviewer, people[name], scene.opening.stages[0], {k: level for k in ALL})
    return people


def test_a_draft_save_keeps_the_remembered_scoreboard(scene, rated):
    board, version = opening_scoreboard(scene.opening), _version(scene.opening)
    draft = assign(None, rated["Rated Low"], scene.opening.stages[1], scene.interviewer)
    save_scorecard(scene.interviewer, draft, ratings={"copywriting": RatingInput(5, "Draft note.")},
                   recommendation=None, submit=False, expected_revision=draft.revision)
    assert _version(scene.opening) == version
    assert opening_scoreboard(scene.opening) is board


def test_submitting_editing_and_removing_ratings_each_give_a_new_version(scene, rated, tmp_path):
    seen = [_version(scene.opening)]
    board = opening_scoreboard(scene.opening)
    low = rated["Rated Low"]
    middle_id, high_id = rated["Rated Middle"].id, rated["Rated High"].id

    card = submit_scorecard(scene.manager, low, scene.opening.stages[1], {k: 5 for k in ALL})  # submit
    seen.append(_version(scene.opening))
    after_submit = opening_scoreboard(scene.opening)
    assert after_submit is not board
    assert after_submit.for_candidate(low.id).total > board.for_candidate(low.id).total

    save_scorecard(scene.manager, card, ratings={k: RatingInput(4, "Second look.") for k in ALL},  # edit
                   recommendation="yes", submit=True, expected_revision=card.revision)
    seen.append(_version(scene.opening))
    assert opening_scoreboard(scene.opening).for_candidate(low.id).total < after_submit.for_candidate(low.id).total

    db.session.delete(rated["Rated Middle"])  # an ORM delete; the ratings go with the candidate
    db.session.commit()
    seen.append(_version(scene.opening))
    assert opening_scoreboard(scene.opening).for_candidate(middle_id) is None

    erase_candidate(scene.admin, rated["Rated High"])  # Core deletes
    seen.append(_version(scene.opening))
    assert opening_scoreboard(scene.opening).for_candidate(high_id) is None
    assert len(set(seen)) == len(seen), seen


def test_dashboard_lists_the_ranked_first_then_the_unrated_by_name(browser, scene, rated, monkeypatch):
    monkeypatch.setattr(opening_views, "PER_PAGE", 2)
    for name in ("Zora Unrated", "Adam Unrated"):
        make_candidate(scene.opening, name=name)
    browser.login(scene.manager)
    url = f"/openings/{scene.opening.id}"
    pages = [browser.get(f"{url}?page={n}").text for n in (1, 2, 3)]
    board = opening_scoreboard(scene.opening)
    names = {c.id: c.name for c in [scene.candidate, *rated.values()]}
    ranked = [names[s.candidate] for s in board.candidates]
    expected = [*ranked, "Adam Unrated", "Zora Unrated"]
    shown = []
    for page in pages:
        rows = [n for n in expected if f">{n}<" in page]
        shown += sorted(rows, key=page.index)
    assert shown == expected
    assert ranked.index("Rated High") < ranked.index("Rated Middle") < ranked.index("Rated Low")
    assert "Candidates 5–6 of 6" in pages[2]


def test_a_new_team_member_does_not_need_a_new_version(scene, rated):
    board, version = opening_scoreboard(scene.opening), _version(scene.opening)
    add_team_member(None, scene.opening, make_user(Role.INTERVIEWER, name="New Rater"), Role.INTERVIEWER)
    assert _version(scene.opening) == version and opening_scoreboard(scene.opening) is board


def test_what_was_computed_for_an_earlier_state_is_let_go(scene, rated):
    from hiring.scoreboards import queries

    opening_scoreboard(scene.opening)
    opening_scoreboard(scene.opening, adjust_leniency=True)
    old_version = _version(scene.opening)
    submit_scorecard(scene.manager, rated["Rated Low"], scene.opening.stages[1], {k: 5 for k in ALL})
    opening_scoreboard(scene.opening)
    kept = [k for k in queries._REMEMBERED if k[1] == scene.opening.id]
    assert kept and all(k[3] == _version(scene.opening) != old_version for k in kept)


def test_the_raters_and_agreement_panel_names_raters_who_have_left_the_team(browser, scene, rated):
    from hiring.openings.models import TeamMember
    from hiring.openings.operations import remove_team_member

    leaver = make_user(Role.INTERVIEWER, name="Left Company")
    add_team_member(None, scene.opening, leaver, Role.INTERVIEWER)
    for person in rated.values():
        submit_scorecard(leaver, person, scene.opening.stages[0], {k: 4 for k in ALL})
    remove_team_member(None, db.session.scalar(db.select(TeamMember).filter_by(user_id=leaver.id)))
    browser.login(scene.manager)
    page = browser.get(f"/openings/{scene.opening.id}").text
    assert 'id="raters-heading"' in page
    panel = page.split('id="raters-heading"', 1)[1]
    assert "Left Company" in panel and scene.interviewer.name in panel
