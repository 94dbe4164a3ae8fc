"""Exercises and the rubric in the reader's language: a candidate reads the exercises in their
invitation's language, an interviewer the kit in theirs; data sets, keys and grading are the same in
every language. Translations whose English changed since are reported and not shown."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from hiring.config import PROJECT_ROOT
from hiring.exercises import operations as exercise_ops
from hiring.exercises.analysis import generate_dataset
from hiring.extensions import db
from hiring.rubrics.schema import load_rubric
from hiring.rubrics.translations import CONTENT_LANGUAGES, load_translation, source_hash
from hiring.timeutil import utcnow
from tests.helpers import Browser, CandidateBrowser, make_candidate, make_invitation

ALL = ("launch-posts", "community-replies", "campaign-analysis", "visual-brief", "adaptability-scenarios",
       "quarter-plan")
EXERCISES = PROJECT_ROOT / "rubrics" / "exercises"


def _text(folder: Path, language: str, key: str, path: str) -> str:
    return load_translation(folder, language, key).texts[path].text


@pytest.mark.parametrize("language", CONTENT_LANGUAGES)
def test_a_candidate_reads_every_exercise_in_the_invitations_language(app, scene, language):
    candidate = make_candidate(scene.opening, name="Lin", language=language)
    invitation, token = make_invitation(candidate, ALL)
    assert invitation.language == language
    english = {e.key: e for e in invitation.exercise_list}
    shown = {e.key: e for e in invitation.shown_list}
    assert list(shown) == list(english)
    for key, exercise in shown.items():
        assert exercise.title == _text(EXERCISES, language, key, "title") != english[key].title
        # The same answer slots, limits and data set: only the words differ.
        assert [(i.key, i.kind) for i in exercise.items()] == [(i.key, i.kind) for i in english[key].items()]
        assert exercise.time_limit_minutes == english[key].time_limit_minutes
        assert exercise.dataset == english[key].dataset
        assert [q.check for q in exercise.questions] == [q.check for q in english[key].questions]
    page = CandidateBrowser(app.test_client(), token)
    welcome = page.get("")
    assert f'<html lang="{language}">' in welcome.text
    assert shown["launch-posts"].title in welcome.text and english["launch-posts"].title not in welcome.text
    page.start()
    work = page.get("/work").text
    prompt = _text(EXERCISES, language, "launch-posts", "platforms.x.prompt")
    assert prompt in work and english["launch-posts"].platforms[0].prompt not in work
    author = _text(EXERCISES, language, "community-replies", "comments.hives.author")
    assert author in work


def _rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_data_set_has_the_same_numbers_in_every_language_and_headers_in_the_candidates(app, scene):
    rows = {}
    for language in ("en", "zh", "hi"):
        candidate = make_candidate(scene.opening, language=language)
        invitation, token = make_invitation(candidate, ("campaign-analysis",))
        invitation.seed = 12345  # the same seed: the same data set
        db.session.commit()
        page = CandidateBrowser(app.test_client(), token)
        page.start()
        response = page.get("/data/campaign-analysis.csv")
        assert response.status_code == 200
        assert response.data.startswith(b"\xef\xbb\xbf") == (language != "en")  # a BOM for spreadsheets
        rows[language] = _rows(response.data)
    assert rows["en"][0] == ["post_id", "platform", "date", "impressions", "reach", "engagements", "clicks",
                             "followers"]
    assert rows["zh"][0] == ["帖子ID", "平台", "日期", "曝光量", "触达人数", "互动量", "点击量", "粉丝数"]
    assert rows["hi"][0][0] == "पोस्ट आईडी"
    assert rows["en"][1:] == rows["zh"][1:] == rows["hi"][1:]
    frame = generate_dataset(12345, ["instagram", "tiktok", "linkedin", "x"], 6, 2)
    assert len(rows["zh"]) == len(frame) + 1


def test_a_translated_analysis_is_graded_exactly_as_the_english_one(app, scene):
    """The questions' checks come from the English snapshot: the same answer is right in any language."""
    graded = {}
    for language in ("en", "id"):
        candidate = make_candidate(scene.opening, language=language)
        invitation, _token = make_invitation(candidate, ("campaign-analysis",))
        invitation.seed = 777
        now, grace = utcnow(), exercise_ops.timedelta(seconds=60)
        exercise_ops.start(invitation, now, grace)
        exercise_ops.save_answers(invitation, [exercise_ops.AnswerInput("campaign-analysis", "er-instagram", "4.2"),
                                               exercise_ops.AnswerInput("campaign-analysis", "best-platform",
                                                                        "tiktok")], now, grace)
        db.session.commit()
        from hiring.exercises.review import grades

        graded[language] = [(key, [(q, g.correct, g.expected) for q, g in found])
                            for key, found in grades(invitation).items()]
    assert graded["en"] == graded["id"] and graded["en"]


def test_the_review_page_shows_the_exercises_as_the_candidate_read_them_marked_with_their_language(
        app, scene):
    candidate = make_candidate(scene.opening, name="王芳", language="zh")
    invitation, token = make_invitation(candidate, ("launch-posts",))
    page = CandidateBrowser(app.test_client(), token)
    page.start()
    page.save("launch-posts", "x", "周末带上空罐来装麦片，首次装填立减 20%！")
    page.submit(confirm=True)
    browser = Browser(app.test_client())
    browser.login(scene.manager)
    review = browser.get(f"/reviews/{invitation.id}")
    assert review.status_code == 200
    title = _text(EXERCISES, "zh", "launch-posts", "title")
    assert f'<h2 id="rev-launch-posts" lang="zh">{title}</h2>' in review.text
    assert "周末带上空罐来装麦片" in review.text
    assert '<html lang="en">' in review.text  # the manager's own language for everything else


@pytest.mark.parametrize("language", ["hi", "es"])
def test_an_interviewer_reads_the_kit_and_the_scorecard_in_their_language(app, scene, language):
    scene.interviewer.language = language
    db.session.commit()
    browser = Browser(app.test_client())
    browser.login(scene.interviewer)
    rubrics = PROJECT_ROOT / "rubrics"
    stage = scene.opening.stages[0]
    kit = browser.get(f"/openings/{scene.opening.id}/stages/{stage.id}/kit").text
    name = _text(rubrics, language, "social-media-manager", "criteria.copywriting.name")
    anchor = _text(rubrics, language, "social-media-manager", "criteria.copywriting.anchors.3")
    question = _text(rubrics, language, "social-media-manager", "criteria.copywriting.questions.1")
    english = load_rubric(rubrics / "social-media-manager.yaml").criterion("copywriting")
    for text in (name, anchor, question):
        assert text in kit
    assert english.anchors[3] not in kit and english.questions[0] not in kit
    card = browser.get(f"/scorecards/{scene.scorecard.id}").text
    assert name in card and _text(rubrics, language, "social-media-manager", "scale.labels.4") in card


def test_an_invitation_keeps_the_words_it_was_sent_with(app, scene):
    """The snapshot is what the candidate reads: a later change of a translation file does not move it."""
    candidate = make_candidate(scene.opening, language="es")
    invitation, _token = make_invitation(candidate, ("quarter-plan",))
    title = invitation.shown_list[0].title
    assert title == _text(EXERCISES, "es", "quarter-plan", "title")
    db.session.expire_all()
    assert invitation.shown_list[0].title == title and invitation.exercise_list[0].title != title


@pytest.fixture()
def copied(tmp_path):
    """The shipped rubrics folder, to edit."""
    folder = tmp_path / "rubrics"
    shutil.copytree(PROJECT_ROOT / "rubrics", folder)
    return folder


def test_rubrics_check_reports_a_translation_whose_english_changed_at_its_line(runner, copied):
    assert runner.invoke(args=["rubrics", "check", str(copied)]).exit_code == 0
    rubric = copied / "social-media-manager.yaml"
    text = rubric.read_text(encoding="utf-8")
    rubric.write_text(text.replace("    name: Copywriting\n", "    name: Copywriting and editing\n"), encoding="utf-8")
    result = runner.invoke(args=["rubrics", "check", str(copied)])
    assert result.exit_code == 1
    for language in CONTENT_LANGUAGES:
        translation = copied / "translations" / language / "social-media-manager.yaml"
        line = next(number for number, line in enumerate(translation.read_text(encoding="utf-8").splitlines(), 1)
                    if line.strip() == "criteria.copywriting.name:")
        assert (f"{translation}:{line}: 'criteria.copywriting.name' is stale: its English text changed since it "
                f"was translated; translate it again and set source: {source_hash('Copywriting and editing')}"
                ) in result.output
    assert result.output.count("is stale") == len(CONTENT_LANGUAGES)
    listed = runner.invoke(args=["rubrics", "translations", "zh", str(copied)])
    assert "criteria.copywriting.name:" in listed.output and "english: Copywriting and editing" in listed.output


def test_rubrics_check_reports_a_missing_text_and_a_broken_translation_file(runner, copied):
    translation = copied / "exercises" / "translations" / "hi" / "quarter-plan.yaml"
    lines = translation.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "prompts.goals.text:")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  ") and not lines[i].startswith("    "))
    translation.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    broken = copied / "exercises" / "translations" / "es" / "visual-brief.yaml"
    broken.write_text("language: es\ntexts:\n  title:\n    source: nothex\n    text: Pieza\n", encoding="utf-8")
    result = runner.invoke(args=["rubrics", "check", str(copied)])
    assert result.exit_code == 1
    assert f"{translation}: 'prompts.goals.text' is not translated" in result.output
    assert f"{broken}:4: text 'title': source 'nothex' must match [0-9a-f]{{12}}" in result.output
    assert str(broken) + ": 'instructions'" not in result.output  # a file that cannot be read: its problem only


def test_a_stale_translation_is_not_shown_the_english_is(app, scene, tmp_path, monkeypatch):
    """Words that translate other words would mislead: the page shows the current English instead."""
    folder = Path(app.config["RUBRICS_DIR"])
    rubric_file = folder / "social-media-manager.yaml"
    original = rubric_file.read_text(encoding="utf-8")
    changed = original.replace("    name: Copywriting\n", "    name: Copywriting and editing\n")
    rubric_file.write_text(changed, encoding="utf-8")
    try:
        from hiring.rubrics.language import rubric_in

        rubric = load_rubric(rubric_file)
        shown = rubric_in(rubric, "zh")
        assert shown.criterion("copywriting").name == "Copywriting and editing"
        assert shown.criterion("analytics").name == _text(folder, "zh", "social-media-manager",
                                                           "criteria.analytics.name")
        assert shown.content_hash != rubric.content_hash and shown.criterion_keys == rubric.criterion_keys
    finally:
        rubric_file.write_text(original, encoding="utf-8")


def test_the_demos_candidates_get_their_exercises_in_their_own_language(app, runner):
    from sqlalchemy import select

    from hiring.exercises.models import Invitation

    assert runner.invoke(args=["demo"]).exit_code == 0
    invitations = db.session.scalars(select(Invitation)).all()
    languages = {invitation.candidate.language for invitation in invitations}
    assert {"zh", "es", "hi", "en"} <= languages
    for invitation in invitations:
        language = invitation.candidate.language
        assert invitation.language == language
        for shown, english in zip(invitation.shown_list, invitation.exercise_list, strict=True):
            if language == "en":
                assert shown == english
            else:
                assert shown.title == _text(EXERCISES, language, shown.key, "title") != english.title
