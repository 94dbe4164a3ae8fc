"""Shortlists, comparison, leadership decisions and exports, as the people who use them would."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pandas as pd
import pytest
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.extensions import db
from hiring.openings.operations import add_team_member
from hiring.shortlists.models import Decision, ShortlistEntry
from hiring.shortlists.operations import add_to_shortlist, record_decision
from hiring.validation import ValidationError
from tests.helpers import make_candidate, make_user, submit_scorecard

ALL = ("platform_knowledge", "copywriting", "design", "customer_service", "live_speaking", "analytics",
       "strategy", "adaptability")


@pytest.fixture()
def shortlist(scene):
    """Four shortlisted candidates rated by two raters: Ana (strong), 王芳 (analytics 5), José, Siti (weak)."""
    second = make_user(Role.INTERVIEWER, name="Budi Second")
    add_team_member(None, scene.opening, second, Role.INTERVIEWER)
    stage = scene.opening.stages[0]
    profiles = {
        "Ana Souza": {k: 4 for k in ALL},
        "王芳": {**{k: 3 for k in ALL}, "analytics": 5},
        "José Martínez": {**{k: 3 for k in ALL}, "analytics": 2, "strategy": 4},
        "Siti Rahmawati": {k: 2 for k in ALL},
    }
    people = {}
    for name, ratings in profiles.items():
        candidate = scene.candidate if name == "Ana Souza" else make_candidate(
            scene.opening, name=name, type="agency" if name == "José Martínez" else "in_house")
        for rater in (scene.interviewer, second):
            submit_scorecard(rater, candidate, stage, ratings, note=f"Evidence for {name} from {rater.name}.",
                             recommendation="strong_yes" if ratings["copywriting"] >= 4 else "no")
        add_to_shortlist(scene.manager, candidate)
        people[name] = candidate
    return people


def _percent(p: float) -> str:
    """A probability as the pages print it: never a certain-looking 0% or 100%."""
    return "&lt;1%" if p < 0.005 else "&gt;99%" if p >= 0.995 else f"{p * 100:.0f}%"


def _names_in_order(page: str, names) -> list[str]:
    ranked = page.split('id="ranked"', 1)[1].split('id="manage-heading"', 1)[0]
    return sorted((n for n in names if n in ranked), key=ranked.index)


def test_manager_adds_and_removes_a_shortlisted_candidate(browser, scene):
    other = make_candidate(scene.opening, name="Lucía Fernández")
    browser.login(scene.manager)
    url = f"/openings/{scene.opening.id}/shortlist"
    assert browser.post(f"/candidates/{other.id}/shortlist", {}, token_from=url).status_code == 302
    assert _names_in_order(browser.get(url).text, ["Lucía Fernández"]) == ["Lucía Fernández"]
    assert db.session.scalar(select(ShortlistEntry).filter_by(candidate_id=other.id)) is not None
    browser.post(f"/candidates/{other.id}/shortlist/remove", {}, token_from=url)
    assert db.session.scalar(select(ShortlistEntry).filter_by(candidate_id=other.id)) is None
    actions = db.session.scalars(select(AuditEvent.action).filter_by(target_id=other.id)).all()
    assert {"shortlist.add", "shortlist.remove"} <= set(actions)


def test_leadership_sees_the_shortlist_read_only(browser, scene, shortlist):
    browser.login(scene.leader)
    page = browser.get(f"/openings/{scene.opening.id}/shortlist").text
    assert "王芳" in page and "Change the shortlist" not in page
    target = shortlist["王芳"]
    refused = browser.post(f"/candidates/{target.id}/shortlist/remove", {},
                           token_from=f"/openings/{scene.opening.id}/shortlist")
    assert refused.status_code == 403
    assert db.session.scalar(select(ShortlistEntry).filter_by(candidate_id=target.id)) is not None


def test_ranked_view_orders_by_total_with_intervals(browser, scene, shortlist):
    from hiring.scoreboards import opening_scoreboard

    browser.login(scene.manager)
    page = browser.get(f"/openings/{scene.opening.id}/shortlist").text
    assert _names_in_order(page, shortlist) == ["Ana Souza", "王芳", "José Martínez", "Siti Rahmawati"]
    assert "4.00" in page and "Ahead of next" in page
    board = opening_scoreboard(scene.opening, candidates={c.id for c in shortlist.values()})
    assert board.k == 4  # the shortlist's size
    ranked = page.split('id="ranked"', 1)[1]
    assert "In top 4</th>" in ranked and "one rater" not in ranked
    for person in shortlist.values():
        score = board.for_candidate(person.id)
        row = ranked.split(f">{person.name}</a>", 1)[1].split("</tr>", 1)[0]
        assert f"{score.low:.2f}–{score.high:.2f}" in row  # the 90% interval under the total
        assert f"adjusted {score.adjusted.total:.2f}" in row  # the leniency-adjusted total beneath it
        assert f'data-label="In top 4">{_percent(score.p_top_k)}</td>' in row
    assert "“In top 4” is the probability that the candidate is among the whole opening's 4 best, " \
           "4 being the shortlist's size" in page
    assert "resampl" not in page and "bootstrap" not in page


def test_filters_by_type_and_must_have_minimum(browser, scene, shortlist):
    browser.login(scene.manager)
    base = f"/openings/{scene.opening.id}/shortlist"
    agencies = browser.get(f"{base}?type=agency").text
    assert _names_in_order(agencies, shortlist) == ["José Martínez"]
    analysts = browser.get(f"{base}?min_analytics=4").text
    assert _names_in_order(analysts, shortlist) == ["Ana Souza", "王芳"]


def test_what_if_weights_rerank_without_changing_the_opening(browser, scene, shortlist):
    browser.login(scene.manager)
    weights_before = dict(scene.opening.weights)
    # Analytics weighted 100×: 王芳's 5 in analytics beats Ana's 4s everywhere.
    page = browser.get(f"/openings/{scene.opening.id}/shortlist?w_analytics=100&partial=1").text
    assert _names_in_order(page, shortlist)[:2] == ["王芳", "Ana Souza"]
    assert "What-if weights" in page and '<html' not in page  # the fragment the live panel swaps in
    db.session.refresh(scene.opening)
    assert scene.opening.weights == weights_before


def test_compare_shows_the_candidates_side_by_side_with_a_radar(browser, scene, shortlist):
    browser.login(scene.leader)
    ids = [shortlist[n].id for n in ("Ana Souza", "王芳", "José Martínez")]
    page = browser.get(f"/openings/{scene.opening.id}/compare?" + "&".join(f"c={i}" for i in ids)).text
    radar = page.split('<figure class="card radar">', 1)[1].split("</figure>", 1)[0]
    assert "<svg" in radar and ("<polygon" in radar or "<path" in radar)
    for name in ("Ana Souza", "王芳", "José Martínez"):
        assert name in page
    assert "Evidence for 王芳 from Budi Second." in page
    assert "Strong yes" in page  # recommendation counts
    analytics = scene.opening.rubric.criterion("analytics")
    assert analytics.anchors[5].replace("'", "&#39;").replace('"', "&#34;") in page  # the anchor 王芳 reached
    # Totals with intervals, the adjusted total with its own, and both probabilities.
    from hiring.scoreboards import opening_scoreboard

    board = opening_scoreboard(scene.opening, candidates=set(ids))
    totals = page.split('aria-label="Totals side by side"', 1)[1].split("</table>", 1)[0]
    adjusted = totals.split("Adjusted for rater leniency", 1)[1].split("</tr>", 1)[0]
    for score in board.candidates:
        assert f"{score.low:.2f}–{score.high:.2f}" in totals
        assert f"{score.adjusted.total:.2f}" in adjusted
        assert f"{score.adjusted.low:.2f}–{score.adjusted.high:.2f}" in adjusted
    assert "Ahead of next</th>" in totals and "In top 4</th>" in totals
    assert "the range the candidate's true score" in page


def test_the_comparison_page_does_not_need_the_pdf_fonts(browser, scene, shortlist, monkeypatch, tmp_path):
    """A server without the PDF's fonts still shows the comparison and its radar (the browser draws
    the text); only the PDF download says the fonts are missing."""
    from hiring.reports import charts, fonts

    monkeypatch.setattr(fonts, "_registry", None)
    monkeypatch.setattr(fonts, "font_dirs", lambda: [str(tmp_path)])  # an empty folder: no fonts at all
    charts._svg_text.cache_clear()
    browser.login(scene.leader)
    url = f"/openings/{scene.opening.id}/compare?" + "&".join(f"c={shortlist[n].id}" for n in ("Ana Souza", "王芳"))
    page = browser.get(url)
    assert page.status_code == 200 and "<svg" in page.text and "王芳" in page.text
    pdf = browser.get(url.replace("/compare?", "/compare.pdf?"), follow_redirects=True)
    assert "its fonts are missing" in pdf.text


@pytest.mark.parametrize("count", [1, 7])
def test_compare_needs_two_to_six_candidates(browser, scene, shortlist, count):
    extra = [make_candidate(scene.opening, name=f"Extra {i}").id for i in range(3)]
    ids = ([c.id for c in shortlist.values()] + extra)[:count]
    browser.login(scene.manager)
    response = browser.get(f"/openings/{scene.opening.id}/compare?" + "&".join(f"c={i}" for i in ids),
                           follow_redirects=True)
    assert ("at least 2" in response.text) if count == 1 else ("at most 6" in response.text)


def test_compare_refuses_another_openings_candidate(browser, scene, shortlist):
    from tests.helpers import make_opening

    elsewhere = make_candidate(make_opening(scene.manager, title="Other"), name="Not Here")
    browser.login(scene.manager)
    url = f"/openings/{scene.opening.id}/compare?c={scene.candidate.id}&c={elsewhere.id}"
    assert browser.get(url).status_code == 404


def test_leadership_records_decisions_and_sees_the_history(browser, scene, shortlist):
    target = shortlist["王芳"]
    browser.login(scene.leader)
    compare = f"/openings/{scene.opening.id}/compare?c={target.id}&c={scene.candidate.id}"
    for kind, comment in (("hold", "Wait for the reference."), ("advance", "Reference <b>glowing</b>.")):
        response = browser.post(f"/candidates/{target.id}/decisions",
                                {f"d{target.id}-kind": kind, f"d{target.id}-comment": comment,
                                 f"d{target.id}-return_to": compare}, token_from=compare)
        assert response.status_code == 302 and response.headers["Location"].endswith(compare)
    page = browser.get(compare).text
    history = page.split("decision-history", 1)[1]
    assert history.index("Advance") < history.index("Hold")  # newest first
    assert "Reference &lt;b&gt;glowing&lt;/b&gt;." in page
    decisions = db.session.scalars(select(Decision).filter_by(candidate_id=target.id)).all()
    assert [d.decided_by_id for d in decisions] == [scene.leader.id, scene.leader.id]
    assert db.session.scalars(select(AuditEvent).filter_by(action="decision.record")).all()


def test_a_decision_needs_a_comment_and_a_known_kind(scene, shortlist):
    with pytest.raises(ValidationError, match="Say why"):
        record_decision(scene.leader, scene.candidate, "offer", "  ")
    with pytest.raises(ValidationError, match="Choose a decision"):
        record_decision(scene.leader, scene.candidate, "maybe", "Because.")


def test_a_decision_must_be_chosen_it_is_never_preselected(browser, scene, shortlist):
    target = shortlist["王芳"]
    browser.login(scene.leader)
    compare = f"/openings/{scene.opening.id}/compare?c={target.id}&c={scene.candidate.id}"
    select_html = browser.get(compare).text.split(f'id="d{target.id}-kind"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r"<option[^>]*selected[^>]*>([^<]*)", select_html) == ["Choose a decision…"]
    assert " required>" in select_html.split("<option", 1)[0]  # the browser asks for a choice too
    # Submitted without choosing (a browser without validation, or a script): nothing is recorded, and the
    # comparison comes back with the error at the field and the comment as typed.
    response = browser.post(f"/candidates/{target.id}/decisions",
                            {f"d{target.id}-comment": "Strong analytics, check references.",
                             f"d{target.id}-return_to": compare}, token_from=compare)
    assert response.status_code == 422
    before, after = response.text.split(f'id="d{target.id}-kind"', 1)
    assert 'aria-invalid="true"' in before.rsplit("<select", 1)[1] + after.split(">", 1)[0]
    form = after.split("</form>", 1)[0]
    assert f'id="d{target.id}-kind-error">Choose a decision: Advance, Hold, Reject, Offer.</p>' in form
    assert "Strong analytics, check references.</textarea>" in form
    assert target.name in before.rsplit('class="card decision-card"', 1)[1]  # in 王芳's card
    assert "the decision was not recorded" in response.text
    assert db.session.scalar(select(Decision.id).filter_by(candidate_id=target.id)) is None
    assert not db.session.scalars(select(AuditEvent).filter_by(action="decision.record")).all()


def test_decision_return_to_never_leaves_the_site(browser, scene, shortlist):
    browser.login(scene.leader)
    shortlist_url = f"/openings/{scene.opening.id}/shortlist"
    for target in ("https://evil.example/x", "//evil.example/openings/1/", "/login"):
        response = browser.post(f"/candidates/{scene.candidate.id}/decisions",
                                {f"d{scene.candidate.id}-kind": "hold", f"d{scene.candidate.id}-comment": "ok",
                                 f"d{scene.candidate.id}-return_to": target}, token_from=shortlist_url)
        assert response.headers["Location"].endswith(shortlist_url), target


def test_interviewer_cannot_record_a_decision(browser, scene, shortlist):
    browser.login(scene.interviewer)
    response = browser.post(f"/candidates/{scene.candidate.id}/decisions",
                            {f"d{scene.candidate.id}-kind": "offer", f"d{scene.candidate.id}-comment": "Hire!"})
    assert response.status_code == 403
    assert db.session.scalar(select(Decision.id)) is None


def test_decision_without_csrf_token_is_refused(browser, scene, shortlist):
    browser.login(scene.leader)
    response = browser.post_without_token(f"/candidates/{scene.candidate.id}/decisions",
                                          {f"d{scene.candidate.id}-kind": "offer",
                                           f"d{scene.candidate.id}-comment": "Hire!"})
    assert response.status_code == 400
    assert db.session.scalar(select(Decision.id)) is None


def test_exports_neutralise_formulas_and_keep_every_script(browser, scene, shortlist):
    evil = make_candidate(scene.opening, name="=HYPERLINK(\"http://x\")")
    submit_scorecard(scene.interviewer, evil, scene.opening.stages[0], {"copywriting": 3}, note="@SUM(A1) +1 -2")
    browser.login(scene.manager)
    base = f"/openings/{scene.opening.id}/export"
    scores = browser.get(f"{base}?table=scores&format=csv")
    assert scores.headers["Content-Disposition"].startswith("attachment")
    table = pd.read_csv(io.BytesIO(scores.data), encoding="utf-8-sig")
    assert "王芳" in set(table["candidate"]) and "'=HYPERLINK(\"http://x\")" in set(table["candidate"])
    ratings = pd.read_csv(io.BytesIO(browser.get(f"{base}?table=ratings&format=csv").data), encoding="utf-8-sig")
    assert "'@SUM(A1) +1 -2" in set(ratings["note"])
    assert {"candidate_email", "rater_email", "stage", "criterion", "rating", "note"} <= set(ratings.columns)
    workbook = pd.read_excel(io.BytesIO(browser.get(f"{base}?format=xlsx").data), sheet_name=None)
    assert set(workbook) == {"scores", "ratings"}
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in workbook["ratings"]["note"])
    assert db.session.scalars(select(AuditEvent).filter_by(action="report.export")).all()


def test_cli_export_and_report(runner, scene, shortlist, tmp_path):
    out = tmp_path / "scores.xlsx"
    result = runner.invoke(args=["export", str(scene.opening.id), "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheets = pd.read_excel(out, sheet_name=None)
    assert set(sheets) == {"scores", "ratings"}
    scores = sheets["scores"]
    # k is the shortlist's size: four candidates.
    assert {"interval_low", "interval_high", "adjusted_total", "adjusted_low", "adjusted_high",
            "p_above_next", "p_top_4"} <= set(scores.columns)
    assert (scores["interval_low"] <= scores["total"]).all() and (scores["total"] <= scores["interval_high"]).all()
    pdf = tmp_path / "shortlist.pdf"
    result = runner.invoke(args=["report", str(scene.opening.id), "--out", str(pdf)])
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF") and "4 candidates" in result.output
    chosen = [str(shortlist["王芳"].id), str(shortlist["Siti Rahmawati"].id)]
    result = runner.invoke(args=["report", str(scene.opening.id), "--out", str(pdf),
                                 *[a for c in chosen for a in ("--candidate", c)]])
    assert result.exit_code == 0 and "2 candidates" in result.output
    result = runner.invoke(args=["report", str(scene.opening.id), "--out", str(pdf), "--candidate", "99999",
                                 "--candidate", chosen[0]])
    assert result.exit_code == 1 and "99999" in result.output


def test_pdf_download_from_the_comparison_page(browser, scene, shortlist):
    browser.login(scene.leader)
    ids = [shortlist[n].id for n in ("王芳", "José Martínez")]
    response = browser.get(f"/openings/{scene.opening.id}/compare.pdf?c={ids[0]}&c={ids[1]}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert re.search(rb"/Title", response.data)


@pytest.fixture()
def split_panel(scene, shortlist):
    """Lucía Fernández, rated 4 on every criterion but copywriting, where one interviewer gave 2 and another
    3: a mean of exactly 2.50."""
    second = make_user(Role.INTERVIEWER, name="Citra Third")
    add_team_member(None, scene.opening, second, Role.INTERVIEWER)
    lucia = make_candidate(scene.opening, name="Lucía Fernández")
    for rater, rating in ((scene.interviewer, 2), (second, 3)):
        submit_scorecard(rater, lucia, scene.opening.stages[0], {**{k: 4 for k in ALL}, "copywriting": rating})
    add_to_shortlist(scene.manager, lucia)
    return lucia


BETWEEN = "Between 2 · Below the bar and 3 · Meets the bar"


def test_a_mean_halfway_between_levels_is_said_to_be_between_them_on_the_page(browser, scene, shortlist,
                                                                                split_panel):
    browser.login(scene.leader)
    page = browser.get(f"/openings/{scene.opening.id}/compare?c={split_panel.id}&c={scene.candidate.id}").text
    copywriting = page.split("criteria-table", 1)[1].split("</table>", 1)[0].split("Copywriting", 1)[1]
    ana_cell, lucia_cell = copywriting.split("</tr>", 1)[0].split("<td>")[1:]  # in rank order: Ana first
    assert "4.00" in ana_cell and "2.50" in lucia_cell and BETWEEN in lucia_cell
    anchors = scene.opening.rubric.criterion("copywriting").anchors
    for level in (2, 3):  # neither level's anchor is claimed
        assert anchors[level].replace("'", "&#39;").replace('"', "&#34;") not in page


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_a_mean_halfway_between_levels_is_said_to_be_between_them_in_the_pdf(browser, scene, shortlist,
                                                                               split_panel, tmp_path):
    browser.login(scene.leader)
    response = browser.get(f"/openings/{scene.opening.id}/compare.pdf?c={split_panel.id}&c={scene.candidate.id}")
    path = tmp_path / "comparison.pdf"
    path.write_bytes(response.data)
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    lucia = text.split("Lucía Fernández", 2)[-1]
    assert BETWEEN in lucia and "2–3" in lucia
    assert "Meets the bar:" not in lucia and "Below the bar:" not in lucia


def test_candidate_page_offers_the_invitation_and_the_shortlist_and_shows_decisions(browser, scene):
    record_decision(scene.leader, scene.candidate, "hold", "Waiting for the portfolio.")
    browser.login(scene.manager)
    page = browser.get(f"/candidates/{scene.candidate.id}").text
    assert f'href="/candidates/{scene.candidate.id}/invite"' in page
    assert "Add to shortlist" in page and "Waiting for the portfolio." in page
    browser.post(f"/candidates/{scene.candidate.id}/shortlist", {}, token_from=f"/candidates/{scene.candidate.id}")
    assert "Remove from shortlist" in browser.get(f"/candidates/{scene.candidate.id}").text
    browser.logout()
    browser.login(scene.interviewer)
    page = browser.get(f"/candidates/{scene.candidate.id}").text
    assert "Invite to exercises" not in page and "Waiting for the portfolio." not in page


def test_scoreboards_are_reused_until_a_rating_changes(scene, shortlist):
    from hiring.scoreboards import opening_scoreboard

    first = opening_scoreboard(scene.opening)
    assert opening_scoreboard(scene.opening) is first
    assert opening_scoreboard(scene.opening, {**scene.opening.weights, "analytics": 9.0}) is not first
    before = first.for_candidate(shortlist["Siti Rahmawati"].id).total
    late = make_user(Role.INTERVIEWER, name="Late Rater")
    add_team_member(None, scene.opening, late, Role.INTERVIEWER)
    submit_scorecard(late, shortlist["Siti Rahmawati"], scene.opening.stages[1], {k: 5 for k in ALL})
    after = opening_scoreboard(scene.opening)
    assert after is not first and after.for_candidate(shortlist["Siti Rahmawati"].id).total > before


def test_imported_ratings_refresh_the_reused_scoreboard(runner, scene, shortlist, tmp_path):
    from hiring.scoreboards import opening_scoreboard

    siti = shortlist["Siti Rahmawati"]
    before = opening_scoreboard(scene.opening).for_candidate(siti.id)
    late = make_user(Role.INTERVIEWER, name="Spreadsheet Rater")
    add_team_member(None, scene.opening, late, Role.INTERVIEWER)
    submit_scorecard(late, siti, scene.opening.stages[1], {"copywriting": 5})  # a scorecard to add to
    middle = opening_scoreboard(scene.opening).for_candidate(siti.id)
    sheet = tmp_path / "scores.csv"
    sheet.write_text("candidate_email,rater_email,stage,criterion,rating,note\n"
                     f"{siti.email},{late.email},{scene.opening.stages[1].name},analytics,5,Clear dashboard.\n")
    result = runner.invoke(args=["scores", "import", str(sheet), "--opening", str(scene.opening.id)])
    assert result.exit_code == 0, result.output
    after = opening_scoreboard(scene.opening).for_candidate(siti.id)
    assert before.total < middle.total < after.total
    assert after.criteria["analytics"]["n_raters"] == middle.criteria["analytics"]["n_raters"] + 1
