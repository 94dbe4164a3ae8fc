"""The pipeline board: stages as columns of cards; a hiring manager moves a card (form or script),
every move audited; figures follow the independence rule."""

from __future__ import annotations

import html

from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.candidates.models import Candidate
from hiring.extensions import db
from tests.helpers import make_candidate, make_opening


def test_the_board_has_a_column_per_stage_with_its_cards(browser, scene):
    make_candidate(scene.opening, name="王芳", stage=scene.opening.stages[2])
    browser.login(scene.manager)
    page = html.unescape(browser.get(f"/openings/{scene.opening.id}/board").text)
    for stage in scene.opening.stages:
        assert f'id="column-{stage.id}"' in page
    third = page[page.index(f'id="column-{scene.opening.stages[2].id}"'):]
    assert "王芳" in third[:third.index("</section>")]
    assert 'draggable="true"' in page and "js/board.js" in page


def test_a_manager_moves_a_card_with_its_menu_and_the_move_is_audited(browser, scene):
    candidate = make_candidate(scene.opening, name="Budi Santoso")
    target = scene.opening.stages[3]
    browser.login(scene.manager)
    response = browser.post(f"/candidates/{candidate.id}/move", {"stage": str(target.id)},
                            token_from=f"/openings/{scene.opening.id}/board")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#card-{candidate.id}")
    db.session.expire_all()
    assert db.session.get(Candidate, candidate.id).stage_id == target.id
    event = db.session.scalar(select(AuditEvent).filter_by(action="candidate.move", target_id=candidate.id))
    assert event.details["before"] == {"stage": scene.opening.stages[0].name}
    assert event.details["after"] == {"stage": target.name}


def test_a_script_gets_json_and_a_stage_of_another_opening_is_refused(browser, scene):
    candidate = make_candidate(scene.opening)
    other = make_opening(scene.manager, title="Community Lead")
    browser.login(scene.manager)
    moved = browser.post(f"/candidates/{candidate.id}/move", {"stage": str(scene.opening.stages[1].id)},
                         token_from=f"/openings/{scene.opening.id}/board", headers={"Accept": "application/json"})
    assert moved.status_code == 200 and moved.json["stage"] == scene.opening.stages[1].id
    refused = browser.post(f"/candidates/{candidate.id}/move", {"stage": str(other.stages[2].id)},
                           token_from=f"/openings/{scene.opening.id}/board", headers={"Accept": "application/json"})
    assert refused.status_code == 400 and "stages" in refused.json["error"]
    db.session.expire_all()
    assert db.session.get(Candidate, candidate.id).stage_id == scene.opening.stages[1].id


def test_leadership_sees_the_board_without_moving_and_an_interviewer_not_at_all(browser, scene):
    browser.login(scene.leader)
    page = browser.get(f"/openings/{scene.opening.id}/board")
    assert page.status_code == 200 and 'draggable="true"' not in page.text and "pipeline-move" not in page.text
    assert browser.post(f"/candidates/{scene.candidate.id}/move", {"stage": str(scene.opening.stages[1].id)},
                        token_from=f"/openings/{scene.opening.id}/board").status_code == 403
    browser.logout()
    browser.login(scene.interviewer)
    assert browser.get(f"/openings/{scene.opening.id}/board").status_code == 403
