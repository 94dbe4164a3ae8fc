"""A rating needs the evidence behind it: the scorecard form, save_scorecard and the score importer
refuse a rating without a note in the same words."""

from __future__ import annotations

import pytest

from hiring.interviews.operations import RatingInput, assign, save_scorecard
from hiring.validation import ValidationError

EVIDENCE = "Write the evidence behind the rating."


def test_the_scorecard_form_asks_for_the_evidence(browser, scene):
    card = assign(None, scene.candidate, scene.opening.stages[1], scene.interviewer)
    browser.login(scene.interviewer)
    keys = [f"rating_{key}" for key in scene.opening.rubric.criterion_keys]
    page = browser.submit(f"/scorecards/{card.id}/edit", {
        "revision": str(card.revision), "recommendation": "yes", "summary": "", "submit": "y",
        **{field: "" for field in keys}, "rating_copywriting": "4", "note_copywriting": "  ",
    })
    assert page.status_code == 200
    assert EVIDENCE in page.text


def test_save_scorecard_asks_for_the_evidence(scene):
    card = assign(None, scene.candidate, scene.opening.stages[1], scene.interviewer)
    with pytest.raises(ValidationError, match=f"^Copywriting: {EVIDENCE}$"):
        save_scorecard(scene.interviewer, card, ratings={"copywriting": RatingInput(4, " ")},
                       recommendation="yes", submit=True, expected_revision=card.revision)


def test_the_score_importer_asks_for_the_evidence(runner, scene, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("candidate_email,rater_email,stage,criterion,rating,note\n"
                    f"{scene.candidate.email},{scene.interviewer.email},Screen,design,3,\n", encoding="utf-8")
    result = runner.invoke(args=["scores", "import", str(path), "--opening", str(scene.opening.id)])
    assert result.exit_code == 1
    assert f"row 2, column 'note': {EVIDENCE}" in result.output
