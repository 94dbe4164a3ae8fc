"""Upgrading an opening's rubric, previewed first: what changes, how each candidate's total and rank
would move, which ratings cannot carry over; then applied, to the version that was previewed."""

from __future__ import annotations

import copy
import html
import re

from flask import current_app
from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.candidates.models import Candidate
from hiring.demo import DEMO_PASSWORD, load_demo
from hiring.extensions import db
from hiring.interviews.models import Rating, Scorecard, ScorecardStatus
from hiring.interviews.operations import assign
from hiring.openings.models import Opening
from hiring.rubrics import store
from hiring.rubrics.schema import Rubric
from hiring.scoreboards import opening_scoreboard, top_k
from tests.helpers import _committed, make_candidate, make_opening, make_user, submit_scorecard

KEY = "social-media-manager"


def criterion(data: dict, key: str) -> dict:
    return next(c for c in data["criteria"] if c["key"] == key)


@_committed
def save_new_version(edit):
    """A new version of the rubric, saved as the builder saves one: its newest, offered to openings."""
    data = copy.deepcopy(store.latest_version(KEY).data)
    edit(data)
    return store.save_version(None, Rubric.from_dict(data), "edited in a test", origin="builder")[0]


def rows(page: str) -> dict[int, dict[str, str]]:
    """The preview's candidate rows: candidate id → {rank-before, total-before, rank-after, total-after}."""
    found = {}
    for candidate, row in re.findall(r'<tr data-candidate="(\d+)">(.*?)</tr>', page, re.S):
        cells = {}
        for name in ("rank-before", "total-before", "rank-after", "total-after"):
            match = re.search(rf'<td class="num {name}"[^>]*>(.*?)</td>', row, re.S)
            value = match and re.search(r'<strong class="total-value">([^<]+)</strong>', match.group(1))
            cells[name] = value.group(1) if value else (html.unescape(match.group(1)).strip() if match else None)
        found[int(candidate)] = cells
    return found


def test_the_demo_openings_upgrade_preview_shows_each_candidates_total_before_and_after(app, browser, rubrics_dir):
    opening = load_demo(current_app.config["RUBRICS_DIR"])
    db.session.commit()

    def edit(data):  # design goes, community building comes, analytics' anchor 3 is reworded
        community = copy.deepcopy(criterion(data, "customer_service"))
        community.update(key="community_building", name="Community building", weight=2.0)
        data["criteria"] = [c for c in data["criteria"] if c["key"] != "design"] + [community]
        anchors = criterion(data, "analytics")["anchors"]
        anchors["3"] = "Picks the metric that fits the goal. " + anchors["3"]

    new = save_new_version(edit)
    before = opening_scoreboard(opening, k=top_k(opening))
    weights = dict(opening.weights)
    design_ratings = db.session.scalar(
        select(func.count()).select_from(Rating).join(Rating.scorecard).join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Rating.criterion == "design", Rating.value.is_not(None),
               Scorecard.status == ScorecardStatus.SUBMITTED))
    assert design_ratings > 0

    browser.login("manager@demo.hiring", DEMO_PASSWORD)
    dashboard = browser.get(f"/openings/{opening.id}").text
    assert f'href="/openings/{opening.id}/upgrade-rubric"' in dashboard, "the banner links to the preview"
    page = browser.get(f"/openings/{opening.id}/upgrade-rubric").text
    assert "1 criterion added" in page and "1 criterion removed" in page and "1 anchor reworded" in page
    assert f'href="/rubrics/{KEY}/diff?from=1&amp;to={new.number}"' in page
    lost = re.search(r'<table class="table upgrade-lost">(.*?)</table>', page, re.S).group(1)
    assert re.search(rf"<td>Design</td><td class=\"num\">{design_ratings}</td>", lost)
    assert "The scale stays 1–5: every rating keeps its level." in page
    db.session.expire_all()
    assert opening.rubric_version.number == 1, "a preview changes nothing"

    shown = rows(page)
    assert set(shown) == {s.candidate for s in before.candidates}
    for score in before.candidates:
        assert shown[score.candidate]["rank-before"] == str(score.rank)
        assert shown[score.candidate]["total-before"] == f"{score.total:.2f}"

    upgraded = browser.post(f"/openings/{opening.id}/upgrade-rubric", {"version": str(new.id)},
                            token_from=f"/openings/{opening.id}/upgrade-rubric")
    assert upgraded.status_code == 302 and upgraded.headers["Location"].endswith(f"/openings/{opening.id}")
    db.session.expire_all()
    opening = db.session.get(Opening, opening.id)
    assert opening.rubric_version_id == new.id
    assert opening.weights == {**{k: w for k, w in weights.items() if k != "design"}, "community_building": 2.0}
    after = opening_scoreboard(opening, k=top_k(opening))  # the board the upgraded opening shows
    assert {s.candidate for s in after.candidates} == set(shown)
    for score in after.candidates:
        assert shown[score.candidate]["rank-after"] == str(score.rank)
        assert shown[score.candidate]["total-after"] == f"{score.total:.2f}"
    assert any(shown[s.candidate]["total-after"] != shown[s.candidate]["total-before"] for s in after.candidates)
    event = db.session.scalar(select(AuditEvent).filter_by(action="opening.upgrade_rubric"))
    assert event.details["before"]["number"] == 1 and event.details["after"]["number"] == new.number
    assert "design" in event.details["before"]["weights"] and "design" not in event.details["after"]["weights"]


def test_an_upgrade_applies_only_the_version_that_was_previewed(browser, rubrics_dir):
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    previewed = save_new_version(lambda data: criterion(data, "strategy").update(weight=3))
    browser.login(manager)
    preview = f"/openings/{opening.id}/upgrade-rubric"
    assert f'name="version" value="{previewed.id}"' in browser.get(preview).text
    newer = save_new_version(lambda data: criterion(data, "strategy").update(weight=4))
    response = browser.post(preview, {"version": str(previewed.id)}, token_from=preview)
    assert response.status_code == 302 and response.headers["Location"].endswith(preview)
    db.session.expire_all()
    assert opening.rubric_version.number == 1, "nothing applied"
    assert "The rubric has had a newer version since you looked" in browser.get(preview).text
    assert f'name="version" value="{newer.id}"' in browser.get(preview).text


def test_a_scale_with_more_levels_is_refused_while_the_opening_has_scorecards(browser, rubrics_dir):
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    candidate = make_candidate(opening)
    submit_scorecard(manager, candidate, opening.stages[0], {"copywriting": 4, "analytics": 2})

    def seven_levels(data):
        data["scale"] = {"min": 1, "max": 7, "labels": {str(n): f"Level {n}" for n in range(1, 8)}}
        for c in data["criteria"]:
            c["anchors"] = {str(n): c["anchors"].get(str(n), f"Seen at level {n}.") for n in range(1, 8)}

    save_new_version(seven_levels)
    browser.login(manager)
    preview = f"/openings/{opening.id}/upgrade-rubric"
    page = browser.get(preview).text
    assert "scale 1–5 → 1–7" in page
    assert "The opening has 1 scorecard, given or still owed, on 1–5" in page and "the upgrade is refused" in page
    assert 'name="version"' not in page, "no upgrade button"
    rows_shown = rows(page)
    assert rows_shown[candidate.id]["total-after"] == "—"
    browser.post(preview, {}, token_from=f"/openings/{opening.id}")
    db.session.expire_all()
    assert opening.rubric_version.number == 1


def test_a_scale_with_more_levels_is_taken_by_an_opening_with_no_scorecard_yet(browser, rubrics_dir):
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)

    def three_levels(data):
        data["scale"] = {"min": 1, "max": 3, "labels": {"1": "Below", "2": "Meets", "3": "Above"}}
        for c in data["criteria"]:
            c["anchors"] = {str(n): c["anchors"][str(n)] for n in range(1, 4)}

    new = save_new_version(three_levels)
    browser.login(manager)
    page = browser.get(f"/openings/{opening.id}/upgrade-rubric").text
    assert "The opening has no scorecard yet, so no rating is lost." in page
    assert "No candidate has a total yet." in page
    browser.post(f"/openings/{opening.id}/upgrade-rubric", {"version": str(new.id)},
                 token_from=f"/openings/{opening.id}/upgrade-rubric")
    db.session.expire_all()
    assert opening.rubric_version_id == new.id


def test_a_renumbered_scale_moves_each_rating_to_the_level_in_its_place(browser, rubrics_dir):
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    candidate = make_candidate(opening)
    submit_scorecard(manager, candidate, opening.stages[0], {"copywriting": 5, "analytics": 2})

    def zero_to_four(data):
        data["scale"] = {"min": 0, "max": 4, "labels": {str(int(k) - 1): v for k, v in data["scale"]["labels"].items()}}
        for c in data["criteria"]:
            c["anchors"] = {str(int(k) - 1): v for k, v in c["anchors"].items()}

    save_new_version(zero_to_four)
    browser.login(manager)
    page = browser.get(f"/openings/{opening.id}/upgrade-rubric").text
    assert "every one of the 2 ratings given so far was given on 1–5" in page
    assert "(1 becomes 0, 5 becomes 4)" in page
    shown = rows(page)[candidate.id]
    before = opening_scoreboard(opening).for_candidate(candidate.id)
    assert shown["total-before"] == f"{before.total:.2f}"
    assert float(shown["total-after"]) < float(shown["total-before"]), "the same ratings, one level lower each"


def test_a_manager_who_owes_a_scorecard_sees_no_figures_for_that_candidate(browser, scene, rubrics_dir):
    second = make_candidate(scene.opening, name="Budi Santoso")
    submit_scorecard(scene.interviewer, second, scene.opening.stages[0], {"copywriting": 2})
    _committed(assign)(None, scene.candidate, scene.opening.stages[1], scene.manager)
    save_new_version(lambda data: criterion(data, "copywriting").update(weight=3))
    browser.login(scene.manager)
    page = browser.get(f"/openings/{scene.opening.id}/upgrade-rubric").text
    shown = rows(page)
    assert shown[second.id]["rank-before"] == "1", "ranked among the others only, as on the dashboard"
    assert re.fullmatch(r"\d\.\d\d", shown[second.id]["total-before"])
    owed = re.search(rf'<tr data-candidate="{scene.candidate.id}">(.*?)</tr>', page, re.S).group(1)
    assert "You owe a scorecard for this candidate" in owed and "total-value" not in owed


def test_an_opening_on_the_current_version_has_nothing_to_preview(browser, scene):
    browser.login(scene.manager)
    page = browser.get(f"/openings/{scene.opening.id}/upgrade-rubric")
    assert page.status_code == 200
    assert "This opening already uses the rubric's current version" in html.unescape(page.text)
    assert 'name="version"' not in page.text


def test_the_preview_pages_through_candidates_ranked_over_all_of_them(browser, rubrics_dir, monkeypatch):
    from hiring.openings import views as opening_views
    from hiring.openings.upgrade import upgrade_preview

    monkeypatch.setattr(opening_views, "PER_PAGE", 2)
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    people = [make_candidate(opening, name=f"Person {i}") for i in range(5)]
    for i, person in enumerate(people):
        submit_scorecard(manager, person, opening.stages[0], {"copywriting": 1 + i, "analytics": 5 - i})
    save_new_version(lambda data: criterion(data, "copywriting").update(weight=3))
    everyone = upgrade_preview(opening, store.latest_version(KEY))
    assert [m.after.rank for m in everyone.moves] == [1, 2, 3, 4, 5] and everyone.pages == 1
    browser.login(manager)
    url = f"/openings/{opening.id}/upgrade-rubric"
    shown = []
    for page_number in (1, 2, 3):
        page = browser.get(f"{url}?page={page_number}").text
        on_page = rows(page)
        assert len(on_page) == (2 if page_number < 3 else 1)
        first = 2 * page_number - 1
        assert f"Candidates {first}–{first + len(on_page) - 1} of 5" in html.unescape(page)
        shown += list(on_page.items())
    assert [candidate for candidate, _cells in shown] == [m.candidate.id for m in everyone.moves], \
        "the pages, one after the other, are the whole ranking"
    assert [cells["rank-after"] for _c, cells in shown] == ["1", "2", "3", "4", "5"]
    page_two = browser.get(f"{url}?page=2").text
    assert 'rel="prev"' in page_two and f'href="{url}?page=3"' in page_two
    assert rows(browser.get(f"{url}?page=99").text).keys() == {shown[4][0]}, "past the end: the last page"
