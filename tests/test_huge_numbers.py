"""Numbers no record can have, in URLs, query strings and the autosave: a plain 404 or 400, never a
500 (SQLite overflows beyond 64 bits; PostgreSQL's INTEGER ids and OFFSET have their own range)."""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from hiring.ids import MAX_ID
from tests.helpers import CandidateBrowser, make_invitation

HUGE = "99999999999999999999"  # beyond 64 bits
ID_RANGE_EDGES = [HUGE, "9223372036854775807", str(MAX_ID + 1)]


def _urls_with_ids(app, number: str) -> list[tuple[str, str]]:
    """(method, URL) for every route with an id in it, each id set to `number` (other values: "x")."""
    found = []
    for rule in app.url_map.iter_rules():
        ids = {name for name, converter in rule._converters.items() if isinstance(converter, IntegerConverter)}
        if ids:
            _, path = rule.build({name: int(number) if name in ids else "x" for name in rule.arguments})
            method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS", "HEAD"})[0]
            found.append((method, path))
    return found


@pytest.mark.parametrize("number", ID_RANGE_EDGES)
def test_every_route_answers_an_id_no_record_can_have_with_404(app, browser, scene, number):
    browser.login(scene.admin)
    urls = _urls_with_ids(app, number)
    assert len(urls) > 30, "the walk found the routes with ids"
    failures = []
    for method, url in urls:
        response = browser.client.open(url, method=method)
        if response.status_code != 404:
            failures.append((method, url, response.status_code))
    assert failures == []


def test_the_api_answers_an_impossible_id_with_json(browser, scene):
    browser.login(scene.manager)
    for url in (f"/api/v1/openings/{HUGE}/scores", "/api/v1/openings/2147483647/scores"):
        response = browser.get(url)
        assert response.status_code == 404
        assert response.is_json and response.json["error"] == "Not found"


def test_an_existing_id_still_opens_its_page(browser, scene):
    browser.login(scene.manager)
    assert browser.get(f"/candidates/{scene.candidate.id}").status_code == 200


@pytest.mark.parametrize("query", [f"page={2**63 - 1}", f"page={HUGE}", "page=-5", f"target_id={HUGE}",
                                   f"target_id={2**63 - 1}", "target_id=²", "target_type=Candidate&target_id=1"])
def test_the_audit_trail_takes_any_page_and_record_number(browser, scene, query):
    browser.login(scene.admin)
    page = browser.get(f"/admin/audit/?{query}")
    assert page.status_code == 200


@pytest.mark.parametrize("body", [[1], "x", 7, {"answers": "x"}, {"answers": [1]}, {"answers": [{"item": "x"}]},
                                  {"answers": [{"exercise": "launch-posts", "item": "x", "text": None}]}])
def test_an_autosave_body_the_page_never_sends_is_refused_with_a_message(app, scene, body):
    _, token = make_invitation(scene.candidate, ("launch-posts",))
    candidate = CandidateBrowser(app.test_client(), token)
    candidate.start()
    response = candidate.client.open(f"/i/{token}/answers", method="POST", json=body,
                                     headers={"X-Page-Token": candidate.page_token()})
    assert response.status_code == 400
    assert "could not be read" in response.json["error"]


@pytest.mark.parametrize("signal", ['"active_seconds": 1e400', '"largest_paste": -1e400', '"active_seconds": NaN',
                                    '"active_seconds": 1' + "0" * 400, '"active_seconds": "many"'])
def test_an_autosave_with_an_impossible_count_is_refused(app, scene, signal):
    _, token = make_invitation(scene.candidate, ("launch-posts",))
    candidate = CandidateBrowser(app.test_client(), token)
    candidate.start()
    body = '{"answers": [{"exercise": "launch-posts", "item": "x", "text": "hello", ' + signal + "}]}"
    response = candidate.client.open(f"/i/{token}/answers", method="POST", data=body,
                                     content_type="application/json",
                                     headers={"X-Page-Token": candidate.page_token()})
    assert response.status_code == 400
    assert "could not be read" in response.json["error"]
