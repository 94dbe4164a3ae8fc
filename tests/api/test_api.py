"""The read-only JSON API: tokens, access and the figures it returns."""

from __future__ import annotations

from hiring.auth.models import Role
from hiring.extensions import db
from tests.helpers import make_candidate, make_user, submit_scorecard


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _token(runner, email: str) -> str:
    result = runner.invoke(args=["tokens", "create", "--email", email, "--name", "test"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_a_token_reads_the_openings_it_may_see(runner, browser, scene):
    token = _token(runner, scene.leader.email)
    response = browser.get("/api/v1/openings", headers=_bearer(token))
    assert response.status_code == 200
    [opening] = response.json["openings"]
    assert opening["id"] == scene.opening.id
    assert opening["rubric"]["hash"] == scene.opening.rubric_version.content_hash
    assert "Set-Cookie" not in response.headers, "a token request opens no session"
    assert browser.get("/api/v1/openings", headers=_bearer("hir_wrong")).status_code == 401
    assert browser.get("/api/v1/openings").json["error"] == "authentication required"


def test_a_disabled_users_token_stops_working(runner, browser, scene):
    token = _token(runner, scene.manager.email)
    scene.manager.active = False
    db.session.commit()
    assert browser.get("/api/v1/openings", headers=_bearer(token)).status_code == 401


def test_scores_give_totals_intervals_and_per_criterion_stats(runner, browser, scene):
    second = make_candidate(scene.opening, name="王芳")
    stage = scene.opening.stages[0]
    raters = [scene.interviewer, scene.manager, make_user(Role.INTERVIEWER)]
    from hiring.openings.operations import add_team_member

    add_team_member(None, scene.opening, raters[2], Role.INTERVIEWER)
    for rater, (a, b) in zip(raters, [(4, 2), (5, 2), (4, 1)], strict=True):
        submit_scorecard(rater, scene.candidate, stage, {"copywriting": a, "analytics": a})
        submit_scorecard(rater, second, stage, {"copywriting": b, "analytics": b})
    body = browser.get(f"/api/v1/openings/{scene.opening.id}/scores",
                      headers=_bearer(_token(runner, scene.manager.email))).json
    first, last = body["candidates"]
    assert first["id"] == scene.candidate.id and first["rank"] == 1
    assert last["name"] == "王芳"
    assert first["n_raters"] == 3 and first["incomplete"] is True
    assert "strategy" in first["missing"]
    # copywriting: the scene's scorecard said 4, then the three raters said 4, 5, 4 (the scene's
    # interviewer rated again at the same stage, which replaces their earlier rating)
    assert first["criteria"]["copywriting"]["n_raters"] == 3
    assert abs(first["criteria"]["copywriting"]["mean"] - 13 / 3) < 1e-9
    # Six criteria nobody rated: the total is for the full rubric, those six predicted from the two
    # rated (13/3 each), so it lies between the opening's mean and 13/3, with an interval that
    # allows for what the prediction may miss.
    assert 2.0 < first["total"] < 13 / 3
    assert first["interval"]["low"] <= first["total"] <= first["interval"]["high"]
    for view in ("as_rated", "adjusted"):
        estimate = first[view]
        assert estimate["interval"]["low"] <= estimate["total"] <= estimate["interval"]["high"]
    assert first["as_rated"]["total"] == first["total"]
    assert 0 <= first["p_above_next"] <= 1
    assert body["k"] == first["k"] == 2  # no shortlist: k = 5, clipped to the two candidates
    assert first["p_top_k"] == 1.0


def test_reliability_and_who_may_read_it(runner, browser, scene):
    url = f"/api/v1/openings/{scene.opening.id}/reliability"
    body = browser.get(url, headers=_bearer(_token(runner, scene.leader.email))).json
    assert {"overall", "criteria", "rubric", "d_study", "interval_level"} <= set(body)
    assert browser.get(url, headers=_bearer(_token(runner, scene.interviewer.email))).status_code == 403
    assert browser.get(url, headers=_bearer(_token(runner, scene.outsider.email))).status_code == 403


def _panel(scene, lenient_by: int = 1):
    """Eight candidates rated by the scene's interviewer, the manager and Lenient Lee on two
    criteria; Lee rates `lenient_by` higher than the interviewer every time, the manager follows the
    interviewer but for a few points. One more candidate is seen by Lee alone."""
    from hiring.openings.operations import add_team_member

    lee = make_user(Role.INTERVIEWER, name="Lenient Lee")
    add_team_member(None, scene.opening, lee, Role.INTERVIEWER)
    stage = scene.opening.stages[0]
    levels = [2, 3, 4, 3, 2, 4, 3, 2]
    analytics = [0, 1, 0, -1, 0, 0, 1, 0]
    manager = [0, 0, 1, 0, -1, 0, 0, 1]
    people = [scene.candidate] + [make_candidate(scene.opening, name=f"Candidate {i}") for i in range(1, 8)]
    for person, level, extra, own in zip(people, levels, analytics, manager, strict=True):
        base = {"copywriting": level, "analytics": level + extra}
        submit_scorecard(scene.interviewer, person, stage, base)
        submit_scorecard(scene.manager, person, stage, {"copywriting": level + own, "analytics": level + extra})
        submit_scorecard(lee, person, stage, {k: v + lenient_by for k, v in base.items()})
    only_lee = make_candidate(scene.opening, name="Seen by Lee alone")
    submit_scorecard(lee, only_lee, stage, {"copywriting": 5, "analytics": 5})
    return lee, people, only_lee


def test_reliability_gives_intervals_and_how_many_raters_are_enough(runner, browser, scene):
    _panel(scene)
    body = browser.get(f"/api/v1/openings/{scene.opening.id}/reliability",
                       headers=_bearer(_token(runner, scene.leader.email))).json
    copy = body["criteria"]["copywriting"]
    assert copy["ci"]["low"] <= copy["icc2_k"] <= copy["ci"]["high"]
    assert copy["ci"]["low"] >= 0 and copy["ci"]["high"] <= 1
    overall = body["overall"]
    assert overall["ci"]["low"] <= overall["dependability"] <= overall["ci"]["high"]
    study = body["d_study"]
    by = {int(n): v for n, v in study["reliability"].items()}
    assert sorted(by) == list(range(1, 9))
    assert all(by[n] < by[n + 1] for n in range(1, 8)), "more raters, more reliable"
    assert abs(study["raters_per_candidate"] - 27 / 9.5) < 0.5  # 8 candidates with 3 raters, one with 1
    needed = study["raters_for_80"]
    assert needed is not None and (needed > 8 or by[needed] >= 0.8) and (needed == 1 or by[needed - 1] < 0.8)


def test_raters_give_leniency_with_intervals_and_who_may_read_them(runner, browser, scene):
    lee, _, _ = _panel(scene)
    url = f"/api/v1/openings/{scene.opening.id}/raters"
    body = browser.get(url, headers=_bearer(_token(runner, scene.manager.email))).json
    by_id = {r["id"]: r for r in body["raters"]}
    assert set(by_id) == {lee.id, scene.interviewer.id, scene.manager.id}
    assert body["raters"][0]["id"] == lee.id, "most lenient first"
    lee_row, interviewer = by_id[lee.id], by_id[scene.interviewer.id]
    assert lee_row["name"] == "Lenient Lee" and lee_row["email"] == lee.email
    # Lee is exactly one point above the interviewer on everything they share: unbiased, not 1.5.
    assert abs((lee_row["leniency"] - interviewer["leniency"]) - 1.0) < 1e-6
    assert lee_row["interval"]["low"] <= lee_row["leniency"] <= lee_row["interval"]["high"]
    assert lee_row["interval"]["low"] > 0, "a rater one point above on 16 shared ratings is lenient"
    assert (lee_row["n_ratings"], lee_row["n_candidates"]) == (18, 9)
    for role_user in (scene.interviewer, scene.outsider):
        assert browser.get(url, headers=_bearer(_token(runner, role_user.email))).status_code == 403


def test_rater_adjusted_totals_remove_a_lenient_raters_offset(runner, browser, scene):
    _, people, only_lee = _panel(scene)
    token = _token(runner, scene.manager.email)
    url = f"/api/v1/openings/{scene.opening.id}/scores"
    raw = {c["id"]: c for c in browser.get(url, headers=_bearer(token)).json["candidates"]}
    body = browser.get(url + "?adjusted=1", headers=_bearer(token)).json
    adjusted = {c["id"]: c for c in body["candidates"]}
    assert body["rater_adjusted"] is True
    # Lee's lone 5s lose most of Lee's leniency (2/3 of a point against the panel's mean); on the
    # full rubric (six criteria predicted from those two) the total moves by somewhat less.
    assert 0.3 < raw[only_lee.id]["total"] - adjusted[only_lee.id]["total"] < 2 / 3
    assert adjusted[only_lee.id]["total"] == raw[only_lee.id]["adjusted"]["total"]
    # Candidates all three rated barely move: the panel's leniency averages out.
    for person in people:
        assert abs(adjusted[person.id]["total"] - raw[person.id]["total"]) < 0.05
    lone = adjusted[only_lee.id]
    assert lone["interval"]["low"] <= lone["total"] <= lone["interval"]["high"]
    browser.login(scene.manager)
    page = browser.get(f"/openings/{scene.opening.id}?adjusted=1").text
    assert "Lenient Lee" in page


def test_a_token_opens_the_api_and_no_web_page(runner, browser, scene):
    """API tokens authenticate /api/ only: on the web pages the header is ignored, as if absent."""
    token = _bearer(_token(runner, scene.manager.email))
    assert browser.get("/api/v1/openings", headers=token).status_code == 200
    for url in (f"/candidates/{scene.candidate.id}", f"/openings/{scene.opening.id}/export?table=ratings&format=csv",
                f"/openings/{scene.opening.id}"):
        response = browser.get(url, headers=token)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
