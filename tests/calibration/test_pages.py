"""A rater calibrates: scores the opening's set blind on the scorecard's levels and anchors, then sees
the agreed levels and rationales beside their own; the hiring manager sees the team's calibration."""

from __future__ import annotations

import re

from hiring.calibration.models import CalibrationAttempt
from hiring.calibration.schema import parse_calibration_set
from hiring.config import PROJECT_ROOT
from hiring.extensions import db

SET = parse_calibration_set((PROJECT_ROOT / "rubrics" / "calibration" / "social-media-manager.yaml").read_text("utf-8"))


def answers(language: str, shift: dict[str, int] | None = None, evidence: str = "Saw it in the text.") -> dict:
    """The form data of a rater who scores every item of the set in `language` at the agreed level,
    plus `shift[criterion]` (kept on the scale)."""
    data = {}
    for index, item in enumerate(SET.items_in(language)):
        for position, (criterion, score) in enumerate(item.scores.items()):
            level = min(5, max(1, score.level + (shift or {}).get(criterion, 0)))
            data[f"level_{index}_{position}"] = str(level)
            data[f"evidence_{index}_{position}"] = evidence
    return data


def test_an_interviewer_scores_the_set_blind_then_compares_with_the_agreed_levels(browser, scene):
    browser.login(scene.interviewer)
    url = f"/openings/{scene.opening.id}/calibration"
    page = browser.get(url)
    assert page.status_code == 200
    assert "reads from notes without looking up" in page.text  # the scorecard's anchors
    assert "Ten hashtags and no link" not in page.text  # blind: no rationale before submitting
    assert 'name="level_0_0"' in page.text and "Exciting news!!!" in page.text

    response = browser.submit(url, answers("en", {"analytics": 1}))
    assert response.status_code == 302
    attempt = db.session.scalars(db.select(CalibrationAttempt)).one()
    assert attempt.rater_id == scene.interviewer.id and attempt.language == "en" and attempt.tolerance == 0.5
    assert len(attempt.ratings) == sum(len(item.scores) for item in SET.items_in("en"))

    result = browser.get(response.headers["Location"])
    assert result.status_code == 200
    assert "Ten hashtags and no link" in result.text  # the agreed rationale beside one's own
    analytics = re.search(r'<tr id="figures-analytics">(.*?)</tr>', result.text, re.S).group(1)
    assert "+0.80" in analytics and "badge-warn" in analytics  # one up on 4 of 5 (the 5 stays 5)
    copywriting = re.search(r'<tr id="figures-copywriting">(.*?)</tr>', result.text, re.S).group(1)
    assert "+0.00" in copywriting and "badge-ok" in copywriting


def test_nothing_is_saved_when_a_level_or_its_evidence_is_missing(browser, scene):
    browser.login(scene.interviewer)
    url = f"/openings/{scene.opening.id}/calibration"
    data = answers("en")
    del data["level_0_0"]
    data["evidence_1_0"] = "  "
    page = browser.submit(url, data)
    assert page.status_code == 200
    assert "Choose a level." in page.text and "Nothing was saved yet." in page.text
    assert data["evidence_2_0"] in page.text  # what was typed is kept
    assert db.session.scalars(db.select(CalibrationAttempt)).first() is None


def test_a_chinese_reader_scores_the_chinese_posts_and_english_for_the_rest(browser, scene):
    scene.interviewer.language = "zh"
    db.session.commit()
    browser.login(scene.interviewer)
    url = f"/openings/{scene.opening.id}/calibration"
    page = browser.get(url)
    assert "自家格兰诺拉麦片正式上市" in page.text and 'lang="en"' in page.text
    assert "Maria, ten days is far too long" not in page.text  # customer service: the Chinese replies
    response = browser.submit(url, answers("zh"))
    assert response.status_code == 302
    result = browser.get(response.headers["Location"])
    assert "锚定描述" in result.text  # the rationales in Chinese


def test_the_hiring_manager_sees_who_calibrated_and_how_far_off_but_an_interviewer_does_not(browser, scene):
    browser.login(scene.interviewer)
    response = browser.submit(f"/openings/{scene.opening.id}/calibration", answers("en", {"strategy": -1}))
    attempt_url = response.headers["Location"]
    browser.logout()
    browser.login(scene.manager)
    team = browser.get(f"/openings/{scene.opening.id}/calibration/team")
    assert team.status_code == 200 and scene.interviewer.name in team.text and "-0.75" in team.text  # the 1 stays 1
    assert f"Not calibrated yet: {scene.manager.name}, {scene.leader.name}." in team.text
    assert browser.get(attempt_url).status_code == 200
    browser.logout()
    browser.login(scene.interviewer)
    assert browser.get(f"/openings/{scene.opening.id}/calibration/team").status_code == 403


def test_with_calibration_required_a_new_interviewer_calibrates_before_their_scorecard_opens(browser, scene):
    from hiring.interviews.operations import assign

    browser.login(scene.manager)
    edit = f"/openings/{scene.opening.id}/edit"
    form = browser.get(edit).text
    assert "Raters must calibrate before their first scorecard" in form
    saved = browser.submit(edit, {"title": scene.opening.title, "location": "", "stages": "\n".join(
        s.name for s in scene.opening.stages), "calibration_required": "y", "calibration_tolerance": "0.5"})
    assert saved.status_code == 302
    db.session.refresh(scene.opening)
    assert scene.opening.calibration_required and scene.opening.calibration_tolerance == 0.5
    browser.logout()

    draft = assign(None, scene.candidate, scene.opening.stages[1], scene.interviewer)
    db.session.commit()
    browser.login(scene.interviewer)
    waiting = browser.get(f"/scorecards/{draft.id}/edit")
    assert waiting.status_code == 302 and waiting.headers["Location"].endswith(
        f"/openings/{scene.opening.id}/calibration")
    off = browser.submit(f"/openings/{scene.opening.id}/calibration", answers("en", {"analytics": 1}))
    assert off.status_code == 302
    assert browser.get(f"/scorecards/{draft.id}/edit").status_code == 302  # off on analytics: still waiting
    browser.submit(f"/openings/{scene.opening.id}/calibration", answers("en"))  # calibrating again
    assert browser.get(f"/scorecards/{draft.id}/edit").status_code == 200  # history kept, the newest counts
    assert db.session.scalars(db.select(CalibrationAttempt)).all().__len__() == 2


def test_a_tolerance_outside_0_to_2_is_refused_with_the_field_named(browser, scene):
    browser.login(scene.manager)
    edit = f"/openings/{scene.opening.id}/edit"
    page = browser.submit(edit, {"title": scene.opening.title, "location": "", "stages": "\n".join(
        s.name for s in scene.opening.stages), "calibration_tolerance": "3"})
    assert page.status_code == 200 and "Give a number from 0 to 2." in page.text


def test_the_demo_has_two_raters_calibrated_one_of_them_off_on_analytics(runner):
    from hiring.calibration.queries import attempt_results

    runner.invoke(args=["demo"])
    runner.invoke(args=["demo"])  # idempotent
    attempts = db.session.scalars(db.select(CalibrationAttempt).order_by(CalibrationAttempt.id)).all()
    assert [(a.rater.email, a.language) for a in attempts] == [("interviewer@demo.hiring", "en"),
                                                               ("interviewer2@demo.hiring", "zh")]
    ines, chen = ({r.criterion: r for r in attempt_results(a)} for a in attempts)
    assert all(r.calibrated and r.leniency == 0 for r in ines.values())
    assert not chen["analytics"].calibrated and chen["analytics"].leniency > 0.5
    assert all(r.calibrated for key, r in chen.items() if key != "analytics")


def test_the_api_gives_each_raters_newest_calibration_with_the_access_of_the_scores(browser, scene):
    browser.login(scene.interviewer)
    browser.submit(f"/openings/{scene.opening.id}/calibration", answers("en", {"design": -1}))
    browser.submit(f"/openings/{scene.opening.id}/calibration", answers("en", {"design": 1}))
    assert browser.get(f"/api/v1/openings/{scene.opening.id}/calibration").status_code == 403
    browser.logout()
    browser.login(scene.manager)
    body = browser.get(f"/api/v1/openings/{scene.opening.id}/calibration").json
    assert body["required"] is False and body["tolerance"] == 0.5
    [rater] = body["raters"]
    assert rater["id"] == scene.interviewer.id and rater["attempts"] == 2 and rater["language"] == "en"
    design = rater["criteria"]["design"]  # the newest: one up on the 1 and the 3, the 5 stays 5
    assert design == {"items": 3, "leniency": 2 / 3, "mean_absolute": 2 / 3, "largest_miss": 1, "calibrated": False}
    assert rater["criteria"]["copywriting"]["calibrated"] is True and rater["when"].endswith("+00:00")
