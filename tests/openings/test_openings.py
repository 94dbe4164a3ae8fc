"""Opening roles: rubric pinning, weights, stages and the hiring team."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hiring.auth.models import Role
from hiring.extensions import db
from hiring.openings.models import Opening
from hiring.openings.operations import set_weights
from hiring.validation import ValidationError
from tests.helpers import make_candidate, make_opening, make_user


def test_manager_opens_a_role_and_joins_its_team(browser):
    manager = make_user(Role.HIRING_MANAGER)
    browser.login(manager)
    page = browser.submit("/openings/new", {"title": "Community Lead", "location": "Jakarta",
                                            "rubric": "social-media-manager",
                                            "stages": "Screen\nPortfolio review\nPanel"})
    assert page.status_code == 302
    opening = db.session.scalar(select(Opening).filter_by(title="Community Lead"))
    assert [s.name for s in opening.stages] == ["Screen", "Portfolio review", "Panel"]
    assert opening.member(manager).role == Role.HIRING_MANAGER
    assert set(opening.weights) == set(opening.rubric.criterion_keys)
    assert "Community Lead" in browser.get("/openings/").text


def test_cli_creates_an_opening_with_weight_overrides_and_prints_its_id(runner):
    result = runner.invoke(args=["openings", "create", "--title", "Social Lead", "--rubric",
                                 "social-media-manager", "--weight", "analytics=3",
                                 "--weight", "design=0.5"])
    assert result.exit_code == 0, result.output
    opening = db.session.get(Opening, int(result.output.strip()))
    assert opening.weights["analytics"] == 3.0 and opening.weights["design"] == 0.5
    assert opening.weights["copywriting"] == opening.rubric.criterion("copywriting").weight


@pytest.mark.parametrize("weight, message", [
    ("analytics=0", "analytics"), ("analytics=-1", "analytics"), ("charisma=2", "charisma"),
])
def test_cli_refuses_bad_weights_naming_the_criterion(runner, weight, message):
    result = runner.invoke(args=["openings", "create", "--title", "X", "--rubric",
                                 "social-media-manager", "--weight", weight])
    assert result.exit_code == 1
    assert message in result.output
    assert db.session.scalar(select(Opening)) is None


def test_cli_refuses_an_unknown_rubric(runner):
    result = runner.invoke(args=["openings", "create", "--title", "X", "--rubric", "nope"])
    assert result.exit_code == 1
    assert "no rubric with key 'nope'" in result.output


def test_weights_must_cover_every_criterion_and_be_positive(scene):
    weights = dict(scene.opening.weights)
    del weights["analytics"]
    with pytest.raises(ValidationError, match="analytics"):
        set_weights(None, scene.opening, weights)
    with pytest.raises(ValidationError, match="copywriting"):
        set_weights(None, scene.opening, {**scene.opening.weights, "copywriting": 0})


def test_weights_form_saves_and_rejects_zero_on_the_field(browser, scene):
    browser.login(scene.manager)
    url = f"/openings/{scene.opening.id}/weights"
    good = {key: "1" for key in scene.opening.weights} | {"strategy": "2.5"}
    assert browser.submit(url, good).status_code == 302
    db.session.expire_all()
    assert scene.opening.weights["strategy"] == 2.5
    page = browser.submit(url, good | {"design": "0"})
    assert page.status_code == 200
    assert "The weight must be a number from 0.01 to 100, not 0." in page.text
    db.session.expire_all()
    assert scene.opening.weights["design"] == 1.0, "a refused form changes nothing"


def test_team_is_managed_and_keeps_a_hiring_manager(browser, scene):
    browser.login(scene.manager)
    newcomer = make_user(Role.INTERVIEWER, name="Dewi Lestari")
    url = f"/openings/{scene.opening.id}/team"
    assert browser.submit(url, {"user": str(newcomer.id), "role": "interviewer"}).status_code == 302
    assert "Dewi Lestari" in browser.get(url).text
    page = browser.submit(url, {"user": str(make_user(Role.INTERVIEWER).id), "role": "hiring_manager"})
    assert "only hiring managers can manage an opening" in page.text
    own = scene.opening.member(scene.manager)
    page = browser.post(f"/openings/{scene.opening.id}/team/{own.id}/remove", {},
                        follow_redirects=True)
    assert "keeps at least one hiring manager" in page.text
    db.session.expire_all()
    assert scene.opening.member(scene.manager) is not None


def test_a_removed_team_member_loses_access(browser, scene):
    browser.login(scene.interviewer)
    assert browser.get(f"/openings/{scene.opening.id}").status_code == 200
    browser.logout()
    browser.login(scene.manager)
    browser.post(f"/openings/{scene.opening.id}/team/{scene.interviewer_member.id}/remove", {})
    browser.logout()
    browser.login(scene.interviewer)
    assert browser.get(f"/openings/{scene.opening.id}").status_code == 403
    assert browser.get(f"/candidates/{scene.candidate.id}").status_code == 403


def test_stages_can_be_renamed_but_not_removed_while_candidates_are_in_them(browser, scene):
    browser.login(scene.manager)
    url = f"/openings/{scene.opening.id}/edit"
    base = {"title": scene.opening.title, "location": ""}
    page = browser.submit(url, base | {"stages": "Work sample\nPanel interview\nFinal"})
    assert "still has 1 candidate" in page.text
    assert browser.submit(url, base | {"stages": "Screen\nWork sample\nFinal\nOffer"}).status_code == 302
    db.session.expire_all()
    assert [s.name for s in scene.opening.stages] == ["Screen", "Work sample", "Final", "Offer"]
    assert scene.candidate.stage.name == "Screen"


def test_interviewers_see_only_openings_they_are_on(browser, scene):
    other = make_opening(title="Brand Designer")
    make_candidate(other, name="Hidden Person")
    browser.login(scene.interviewer)
    page = browser.get("/openings/").text
    assert scene.opening.title in page and "Brand Designer" not in page
    assert browser.get(f"/openings/{other.id}").status_code == 403


def test_a_manager_who_leaves_the_team_lands_on_their_openings(browser, scene):
    second = make_user(Role.HIRING_MANAGER)
    from hiring.openings.operations import add_team_member

    add_team_member(None, scene.opening, second, Role.HIRING_MANAGER)
    own = scene.opening.member(scene.manager)
    browser.login(scene.manager)
    page = browser.post(f"/openings/{scene.opening.id}/team/{own.id}/remove", {})
    assert page.headers["Location"] == "/openings/"
