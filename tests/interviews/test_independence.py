"""Independent before collective: while a rater owes a scorecard for a candidate, at any stage, they see
nobody else's view of that candidate anywhere (pages, comparison, PDF, exports, API), whatever their role."""

from __future__ import annotations

import re
import subprocess

import pytest
from sqlalchemy import select

from hiring.auth.models import Role
from hiring.extensions import db
from hiring.interviews.models import Scorecard
from hiring.interviews.operations import assign
from hiring.openings.operations import add_team_member
from hiring.shortlists.operations import add_to_shortlist
from tests.helpers import make_candidate, make_user, submit_scorecard

ALL = ("platform_knowledge", "copywriting", "design", "customer_service", "live_speaking", "analytics",
       "strategy", "adaptability")
OWED = "you owe a scorecard for this candidate"


@pytest.fixture()
def rated(scene):
    """Ana (the scene's candidate) and 王芳, each rated on every criterion at the first two stages by the
    scene's interviewer and by Budi; only Budi says "Strong yes" (for Ana)."""
    budi = make_user(Role.INTERVIEWER, name="Budi Second")
    add_team_member(None, scene.opening, budi, Role.INTERVIEWER)
    wang = make_candidate(scene.opening, name="王芳")
    for stage in scene.opening.stages[:2]:
        for rater in (scene.interviewer, budi):
            submit_scorecard(rater, scene.candidate, stage, {k: 5 for k in ALL},
                             recommendation="strong_yes" if rater is budi else "yes",
                             note=f"Ana ran a flawless launch ({rater.name}, {stage.name}).")
            submit_scorecard(rater, wang, stage, {k: 2 for k in ALL}, recommendation="no",
                             note=f"Wang was unsure ({rater.name}).")
    add_to_shortlist(scene.manager, scene.candidate)
    add_to_shortlist(scene.manager, wang)
    return budi, wang


def _final(scene):
    return scene.opening.stages[-1]


def test_interviewer_who_owes_the_final_scorecard_sees_no_earlier_stage_of_another_rater(browser, scene, rated):
    budi, _wang = rated
    assign(None, scene.candidate, _final(scene), scene.interviewer)
    browser.login(scene.interviewer)
    page = browser.get(f"/candidates/{scene.candidate.id}").text
    assert "ran a flawless launch (Budi Second" not in page  # notes
    assert "Budi Second" not in page.split('id="scorecards-heading"', 1)[1]  # ratings at a glance
    assert "Strong yes" not in page  # Budi's recommendation
    assert "hidden until you submit your own" in page
    budi_cards = db.session.scalars(
        select(Scorecard.id).filter_by(candidate_id=scene.candidate.id, rater_id=budi.id)).all()
    assert all(browser.get(f"/scorecards/{i}").status_code == 403 for i in budi_cards)

    submit_scorecard(scene.interviewer, scene.candidate, _final(scene), {k: 4 for k in ALL})
    page = browser.get(f"/candidates/{scene.candidate.id}").text
    assert "ran a flawless launch (Budi Second" in page
    assert all(browser.get(f"/scorecards/{i}").status_code == 200 for i in budi_cards)


def _row(page: str, candidate_id: int) -> str:
    return page.split(f'href="/candidates/{candidate_id}"', 1)[1].split("</tr>", 1)[0]


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "comparison.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


@pytest.fixture()
def owing_manager(browser, scene, rated):
    """The hiring manager, asked for Ana's Final scorecard and not yet submitted, signed in."""
    assign(None, scene.candidate, _final(scene), scene.manager)
    browser.login(scene.manager)
    return scene.manager


def _submit_final(scene):
    submit_scorecard(scene.manager, scene.candidate, _final(scene), {k: 4 for k in ALL})


def test_manager_who_owes_a_scorecard_sees_no_total_for_that_candidate_on_the_dashboard(
        browser, scene, rated, owing_manager):
    ana, (_budi, wang) = scene.candidate, rated
    dashboard = browser.get(f"/openings/{scene.opening.id}").text
    assert OWED in _row(dashboard, ana.id).lower()
    assert "total-value" not in _row(dashboard, ana.id)
    assert "total-value" in _row(dashboard, wang.id)
    assert '<td class="num rank" data-label="Rank">1</td>' in dashboard.split(f'href="/candidates/{wang.id}"')[0]
    shortlist = browser.get(f"/openings/{scene.opening.id}/shortlist").text
    assert OWED in _row(shortlist, ana.id) and "total-value" not in _row(shortlist, ana.id)

    _submit_final(scene)
    assert "total-value" in _row(browser.get(f"/openings/{scene.opening.id}").text, ana.id)
    assert "total-value" in _row(browser.get(f"/openings/{scene.opening.id}/shortlist").text, ana.id)


def test_manager_who_owes_a_scorecard_gets_no_scores_for_that_candidate_from_the_api(
        browser, scene, rated, owing_manager):
    ana, (_budi, wang) = scene.candidate, rated
    scores = browser.get(f"/api/v1/openings/{scene.opening.id}/scores").json
    assert [(c["id"], c["rank"]) for c in scores["candidates"]] == [(wang.id, 1)]  # no gap where Ana stands
    assert scores["withheld"] == [{"id": ana.id, "name": ana.name, "reason": OWED}]

    _submit_final(scene)
    scores = browser.get(f"/api/v1/openings/{scene.opening.id}/scores").json
    assert [c["id"] for c in scores["candidates"]] == [ana.id, wang.id] and scores["withheld"] == []


def test_manager_who_owes_a_scorecard_sees_no_quotes_or_totals_for_that_candidate_when_comparing(
        browser, scene, rated, owing_manager, tmp_path):
    ana, (_budi, wang) = scene.candidate, rated
    compare_url = f"/openings/{scene.opening.id}/compare?c={ana.id}&c={wang.id}"
    compare = browser.get(compare_url).text
    assert "ran a flawless launch" not in compare and "Strong yes" not in compare
    assert "Wang was unsure" in compare
    total_row = compare.split('Total <span class="muted">', 1)[1].split("</tr>", 1)[0]
    totals = re.findall(r"<strong>(.*?)</strong>", total_row)
    assert totals[0] != "—" and totals[1] == "—"  # 王芳 ranked, Ana (owed) after her, without a total
    assert OWED in compare
    pdf = browser.get(compare_url.replace("/compare?", "/compare.pdf?"))
    assert pdf.status_code == 200
    text = _pdf_text(pdf.data, tmp_path)
    assert "ran a flawless launch" not in text
    assert "Wang was unsure" in text and OWED in text

    _submit_final(scene)
    compare = browser.get(compare_url).text
    assert "ran a flawless launch" in compare and "Strong yes" in compare and OWED not in compare
    text = _pdf_text(browser.get(compare_url.replace("/compare?", "/compare.pdf?")).data, tmp_path)
    assert "ran a flawless launch" in text and OWED not in text


def test_manager_who_owes_a_scorecard_exports_nobody_elses_view_of_that_candidate(
        browser, scene, rated, owing_manager):
    ana, (_budi, wang) = scene.candidate, rated
    url = f"/openings/{scene.opening.id}/export?format=csv&table="
    ratings, scores = browser.get(url + "ratings").text, browser.get(url + "scores").text
    assert "ran a flawless launch" not in ratings and "Wang was unsure" in ratings
    assert ana.email not in scores and wang.email in scores

    _submit_final(scene)
    ratings, scores = browser.get(url + "ratings").text, browser.get(url + "scores").text
    assert "ran a flawless launch" in ratings and ana.email in scores
