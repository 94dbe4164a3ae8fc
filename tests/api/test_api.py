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
    assert abs(first["total"] - 13 / 3) < 1e-9
    assert first["interval"]["low"] <= first["total"] <= first["interval"]["high"]
    assert 0 <= first["p_above_next"] <= 1


def test_reliability_and_who_may_read_it(runner, browser, scene):
    url = f"/api/v1/openings/{scene.opening.id}/reliability"
    body = browser.get(url, headers=_bearer(_token(runner, scene.leader.email))).json
    assert {"overall", "criteria", "rubric"} <= set(body)
    assert browser.get(url, headers=_bearer(_token(runner, scene.interviewer.email))).status_code == 403
    assert browser.get(url, headers=_bearer(_token(runner, scene.outsider.email))).status_code == 403


def test_rater_adjusted_totals_remove_a_lenient_raters_offset(runner, browser, scene):
    from hiring.openings.operations import add_team_member

    lenient = make_user(Role.INTERVIEWER, name="Lenient Lee")
    add_team_member(None, scene.opening, lenient, Role.INTERVIEWER)
    second = make_candidate(scene.opening, name="Second")
    only_lee = make_candidate(scene.opening, name="Seen by Lee alone")
    stage = scene.opening.stages[0]
    # The scene's interviewer gave the scene's candidate 4 for copywriting; Lee is one point higher
    # on every candidate they share, and is the only one to see the third.
    submit_scorecard(lenient, scene.candidate, stage, {"copywriting": 5})
    submit_scorecard(scene.interviewer, second, stage, {"copywriting": 2})
    submit_scorecard(lenient, second, stage, {"copywriting": 3})
    submit_scorecard(lenient, only_lee, stage, {"copywriting": 5})
    token = _token(runner, scene.manager.email)
    url = f"/api/v1/openings/{scene.opening.id}/scores"
    raw = {c["id"]: c["total"] for c in browser.get(url, headers=_bearer(token)).json["candidates"]}
    body = browser.get(url + "?adjusted=1", headers=_bearer(token)).json
    adjusted = {c["id"]: c["total"] for c in body["candidates"]}
    assert body["rater_adjusted"] is True
    assert raw == {scene.candidate.id: 4.5, second.id: 2.5, only_lee.id: 5.0}
    # Offsets: Lee +1, the interviewer -1. Shared candidates keep their mean; Lee's lone 5 becomes 4.
    assert adjusted == {scene.candidate.id: 4.5, second.id: 2.5, only_lee.id: 4.0}
    browser.login(scene.manager)
    page = browser.get(f"/openings/{scene.opening.id}?adjusted=1").text
    assert "Rater-adjusted totals" in page and "Lenient Lee" in page
