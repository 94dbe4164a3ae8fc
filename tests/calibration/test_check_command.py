"""`rubrics check` on calibration sets: the shipped set passes with its translations; a broken set, a
set agreed on an older rubric and a stale rationale translation are named at their line; a custom
rubric's criteria without items are listed as having no calibration material yet."""

from __future__ import annotations

import shutil

import pytest

from hiring.calibration.schema import rubric_pin
from hiring.config import PROJECT_ROOT
from hiring.rubrics.schema import load_rubric
from hiring.rubrics.translations import CONTENT_LANGUAGES

SHIPPED = PROJECT_ROOT / "rubrics"


@pytest.fixture()
def copied(tmp_path):
    """The shipped rubrics folder, to edit."""
    folder = tmp_path / "rubrics"
    shutil.copytree(SHIPPED, folder)
    return folder


def test_the_shipped_calibration_set_passes_with_every_translation(runner):
    for path in (SHIPPED, SHIPPED / "calibration", SHIPPED / "calibration" / "social-media-manager.yaml"):
        result = runner.invoke(args=["rubrics", "check", str(path)])
        assert result.exit_code == 0, result.output
        assert "ok  calibration social-media-manager (98 items in en, zh, es, hi, id; rubric " \
               "social-media-manager 2026.1)" in result.output
        assert "no calibration material yet" not in result.output


def test_a_set_agreed_on_an_older_rubric_is_reported_until_its_scores_are_checked_again(runner, copied):
    rubric_file = copied / "social-media-manager.yaml"
    rubric_file.write_text(rubric_file.read_text("utf-8").replace(
        "Copy runs over the network's limit", "Copy runs past the network's limit"), encoding="utf-8")
    new_pin = rubric_pin(load_rubric(rubric_file))
    result = runner.invoke(args=["rubrics", "check", "--languages", "en", str(copied)])
    assert result.exit_code == 1
    calibration = copied / "calibration" / "social-media-manager.yaml"
    line = calibration.read_text("utf-8").splitlines().index("rubric_hash: d0f0064bc8ff") + 1
    assert (f"{calibration}:{line}: rubric 'social-media-manager' has changed since this set was agreed "
            f"(content hash {new_pin}, the set was agreed on d0f0064bc8ff): check every agreed score against "
            f"the current anchors, then set rubric_hash: {new_pin}") in result.output
    assert "ok  calibration" not in result.output


def test_a_broken_set_is_named_at_its_line_and_checked_as_calibration_not_as_a_rubric(runner, copied):
    calibration = copied / "calibration" / "social-media-manager.yaml"
    text = calibration.read_text("utf-8")
    broken = copied / "calibration" / "broken.yaml"
    broken.write_text(text.replace("key: social-media-manager\ntitle", "key: broken\ntitle").replace(
        "    slot: linkedin\n", "    slot: youtube\n", 1), encoding="utf-8")  # the first LinkedIn item
    line = text.splitlines().index("    slot: linkedin") + 1
    for path in (broken, broken.parent, copied):
        result = runner.invoke(args=["rubrics", "check", "--languages", "en", str(path)])
        assert result.exit_code == 1, result.output
        problems = [entry for entry in result.output.splitlines() if "broken.yaml:" in entry]
        assert problems == [f"{broken}:{line}: item 'launch-linkedin-low': slot 'youtube' is not a written answer "
                            "of exercise 'launch-posts' (its written answers: x, instagram, linkedin, tiktok)"]


def test_a_rationale_whose_english_changed_is_stale_in_every_language(runner, copied):
    calibration = copied / "calibration" / "social-media-manager.yaml"
    old = "argument they came for."
    calibration.write_text(calibration.read_text("utf-8").replace(old, "fight they wanted."), encoding="utf-8")
    result = runner.invoke(args=["rubrics", "check", str(copied)])
    assert result.exit_code == 1
    path = "items.reply-greenwashing-low.scores.customer_service.rationale"
    assert result.output.count(f"'{path}' is stale") == len(CONTENT_LANGUAGES)
    for language in CONTENT_LANGUAGES:
        translation = copied / "calibration" / "translations" / language / "social-media-manager.yaml"
        line = translation.read_text("utf-8").splitlines().index(f"  {path}:") + 1
        assert f"{translation}:{line}: '{path}' is stale" in result.output
    listed = runner.invoke(args=["rubrics", "translations", "es", str(copied / "calibration")])
    assert f"{path}:" in listed.output and "fight they wanted." in listed.output
    assert "# 1 texts to translate into Español" in listed.output


def test_a_custom_rubric_lists_the_criteria_with_no_calibration_material_yet(runner, tmp_path):
    folder = tmp_path / "rubrics"
    (folder / "calibration").mkdir(parents=True)
    rubric_text = (SHIPPED / "social-media-manager.yaml").read_text("utf-8").replace(
        "key: social-media-manager", "key: team-social")
    (folder / "team-social.yaml").write_text(rubric_text, encoding="utf-8")
    rubric = load_rubric(folder / "team-social.yaml")
    (folder / "calibration" / "team.yaml").write_text(f"""\
key: team
title: Our set
rubric: team-social
rubric_version: "2026.1"
rubric_hash: {rubric_pin(rubric)}
items:
  - key: opening-low
    kind: excerpt
    language: en
    question: live_speaking.1
    material: "Candidate: [reads] Hello. Um."
    scores:
      live_speaking:
        level: 1
        rationale: It "reads from notes without looking up".
""", encoding="utf-8")
    result = runner.invoke(args=["rubrics", "check", "--languages", "en", str(folder)])
    assert result.exit_code == 0, result.output
    assert "ok  calibration team (1 items in en; rubric team-social 2026.1)" in result.output
    assert ("    no calibration material yet: platform_knowledge, copywriting, design, customer_service, "
            "analytics, strategy, adaptability") in result.output.splitlines()
