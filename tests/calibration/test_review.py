"""Review of issue 16's calibration pages: another rater's result, another opening, bad input."""

from __future__ import annotations

from sqlalchemy import select

from hiring.auth.models import Role
from hiring.calibration.models import CalibrationAttempt
from hiring.extensions import db
from hiring.openings.operations import add_team_member
from tests.calibration.test_pages import answers
from tests.helpers import _committed, make_user


def test_another_interviewer_of_the_team_cannot_read_a_raters_result(browser, scene):
    browser.login(scene.interviewer)
    url = browser.submit(f"/openings/{scene.opening.id}/calibration", answers("en")).headers["Location"]
    browser.logout()
    colleague = make_user(Role.INTERVIEWER)
    _committed(add_team_member)(None, scene.opening, colleague, Role.INTERVIEWER)
    for person, status in [(colleague, 403), (scene.outsider, 403), (scene.leader, 200), (scene.manager, 200)]:
        browser.login(person)
        assert browser.get(url).status_code == status, person
        browser.logout()


def test_nonsense_levels_and_overlong_evidence_are_field_errors(browser, scene):
    browser.login(scene.interviewer)
    url = f"/openings/{scene.opening.id}/calibration"
    data = answers("en")
    data["level_0_0"] = "abc"
    data["level_1_0"] = "9"
    data["evidence_2_0"] = "x" * 20_001
    page = browser.submit(url, data)
    assert page.status_code == 200 and "Nothing was saved yet." in page.text
    assert browser.submit(url, {}).status_code == 200
    assert db.session.scalar(select(CalibrationAttempt)) is None


def test_a_deactivated_team_member_is_not_listed_as_still_to_calibrate(browser, scene):
    scene.leader.active = False
    db.session.commit()
    browser.login(scene.manager)
    team = browser.get(f"/openings/{scene.opening.id}/calibration/team").text
    assert f"Not calibrated yet: {scene.manager.name}, {scene.interviewer.name}." in team
