"""What counts towards an opening's figures when its rubric changes under it."""

from __future__ import annotations

import re
from pathlib import Path

from hiring.auth.models import Role
from hiring.extensions import db
from hiring.openings.operations import upgrade_rubric
from hiring.scoreboards import opening_scoreboard, ratings_frame
from tests.helpers import make_candidate, make_opening, make_user, submit_scorecard

RUBRIC = "social-media-manager.yaml"


def _rescale_to_zero_four(folder: Path) -> None:
    """The rubric file with its 1–5 scale renumbered 0–4 (labels and anchors moved down a level)."""
    path = folder / RUBRIC
    text = path.read_text(encoding="utf-8")
    text = text.replace("scale:\n  min: 1\n  max: 5\n", "scale:\n  min: 0\n  max: 4\n", 1)
    text = re.sub(r"(?m)^(\s+)([1-5]):", lambda m: f"{m.group(1)}{int(m.group(2)) - 1}:", text)
    path.write_text(text, encoding="utf-8")


def test_ratings_given_on_an_earlier_scale_keep_their_place_on_the_new_one(app, rubrics_dir):
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    candidate = make_candidate(opening)
    stage = opening.stages[0]
    submit_scorecard(manager, candidate, stage, {"copywriting": 5, "analytics": 2})
    _rescale_to_zero_four(rubrics_dir)
    upgrade_rubric(manager, opening, rubrics_dir)
    db.session.commit()
    assert (opening.rubric.scale.min, opening.rubric.scale.max) == (0, 4)
    frame = ratings_frame(opening).set_index("criterion")["rating"]
    assert frame.to_dict() == {"copywriting": 4.0, "analytics": 1.0}, "5 of 1–5 is 4 of 0–4"
    board = opening_scoreboard(opening)
    [score] = board.candidates
    assert 0 <= score.low <= score.total <= score.high <= 4
    assert score.criteria["copywriting"]["mean"] == 4.0
