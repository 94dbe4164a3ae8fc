"""Importing scores kept in spreadsheets."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from hiring.auth.models import Role, User
from hiring.extensions import db
from hiring.interviews.models import Rating, Scorecard, ScorecardStatus
from tests.helpers import make_candidate

HEADER = "candidate_email,rater_email,stage,criterion,rating,note\n"


def _csv(scene, *rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_cli_imports_good_rows_as_submitted_scorecards_and_reports_bad_ones(runner, scene, tmp_path):
    other = make_candidate(scene.opening, name="Lucía Fernández", email="lucia@example.com")
    c, r = scene.candidate.email, scene.interviewer.email
    path = tmp_path / "scores.csv"
    path.write_bytes(_csv(
        scene,
        f"lucia@example.com,{r},Panel interview,strategy,4,Tied the plan to lead goals",   # row 2
        f"lucia@example.com,{r},Panel interview,analytics,5,Engagement rate per platform",  # row 3
        f"{c},{r},Screen,copywriting,3,Duplicate of the scene's scorecard",                   # row 4
        f"nobody@example.com,{r},Screen,copywriting,3,x",                                     # row 5
        "lucia@example.com,ghost@example.com,Screen,copywriting,3,x",                        # row 6
        f"lucia@example.com,{r},Onsite,copywriting,3,x",                                      # row 7
        f"lucia@example.com,{r},Screen,charisma,3,x",                                         # row 8
        f"lucia@example.com,{r},Screen,design,7,x",                                           # row 9
        f"lucia@example.com,{r},Screen,design,3.5,x",                                         # row 10
        f"lucia@example.com,{r},Screen,design,3,",                                            # row 11
        f"lucia@example.com,{r},Panel interview,strategy,2,Same rating again",               # row 12
    ))
    result = runner.invoke(args=["scores", "import", str(path), "--opening", str(scene.opening.id)])
    assert result.exit_code == 1
    for expected in ["row 5, column 'candidate_email'", "row 6, column 'rater_email'",
                     "row 7, column 'stage'", "row 8, column 'criterion'", "row 9, column 'rating'",
                     "row 10, column 'rating'", "row 11, column 'note'"]:
        assert expected in result.output, expected
    assert "row 4: duplicate" in result.output and "row 12: duplicate (same rating as row 2)" in result.output
    assert "Imported 2 ratings; 7 rows with problems; 2 duplicates." in result.output
    card = db.session.scalar(select(Scorecard).filter_by(candidate_id=other.id))
    assert card.status == ScorecardStatus.SUBMITTED
    assert card.rubric_version_id == scene.opening.rubric_version_id
    assert {r.criterion: r.value for r in card.ratings} == {"strategy": 4, "analytics": 5}


def test_unknown_raters_can_be_created_as_interviewers(runner, scene, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(_csv(scene, f"{scene.candidate.email},new.rater@example.com,Screen,design,4,Clean grid"))
    refused = runner.invoke(args=["scores", "import", str(path), "--opening", str(scene.opening.id)])
    assert refused.exit_code == 1 and "create raters" in refused.output
    created = runner.invoke(args=["scores", "import", str(path), "--opening", str(scene.opening.id),
                                  "--create-raters"])
    assert created.exit_code == 0, created.output
    rater = db.session.scalar(select(User).filter_by(email="new.rater@example.com"))
    assert rater.role == Role.INTERVIEWER
    assert scene.opening.member(rater).role == Role.INTERVIEWER


def test_upload_in_the_ui_reports_rows(browser, scene):
    browser.login(scene.manager)
    data = _csv(scene, f"{scene.candidate.email},{scene.manager.email},Final,strategy,5,Clear plan",
                f"{scene.candidate.email},{scene.manager.email},Final,strategy,9,Off the scale")
    page = browser.submit(f"/openings/{scene.opening.id}/scores/import",
                          {"file": (io.BytesIO(data), "scores.csv")}, content_type="multipart/form-data")
    assert "Imported 1 rating; 1 row with problems, 0 duplicates skipped." in page.text
    assert "is not a whole number from 1 to 5" in page.text
    given = select(func.count()).select_from(Rating).where(Rating.value.is_not(None))
    assert db.session.scalar(given) == 2  # the scene's one and this one
