"""Calibration-set files as the people who agree the scores write them: what is accepted, what is
refused and where. Pure tests of ``hiring.calibration.schema`` (no app, no database): each broken
file is one edit of a small valid set, checked against the shipped rubric and exercises."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiring.calibration.schema import (
    CalibrationError,
    CalibrationSet,
    check_calibration_paths,
    parse_calibration_set,
    quotes_anchor,
    rubric_pin,
    sets_for,
)
from hiring.config import PROJECT_ROOT
from hiring.exercises.schema import check_exercise_paths
from hiring.rubrics.schema import load_rubric

RUBRIC = load_rubric(PROJECT_ROOT / "rubrics" / "social-media-manager.yaml")
RUBRICS = {RUBRIC.key: RUBRIC}
EXERCISES = {e.key: e for e in check_exercise_paths([PROJECT_ROOT / "rubrics" / "exercises"], RUBRICS)[0]}
FILE = "rubrics/calibration/team.yaml"

VALID = f"""\
key: team
title: Team calibration
rubric: social-media-manager
rubric_version: "2026.1"
rubric_hash: {rubric_pin(RUBRIC)}
items:
  - key: reply-low
    kind: written
    language: en
    exercise: community-replies
    slot: late-order
    material: Sorry for any inconvenience!
    scores:
      customer_service:
        level: 2
        rationale: The anchor's "polite but generic" reply, and nothing about her order.
  - key: opening-low
    kind: excerpt
    language: en
    question: live_speaking.1
    material: "Candidate: [reads] Hello. Um."
    scores:
      live_speaking:
        level: 1
        rationale: It "reads from notes without looking up".
"""


def parse(text: str) -> CalibrationSet:
    return parse_calibration_set(text, FILE, RUBRICS, EXERCISES)


def problems(text: str) -> list[str]:
    with pytest.raises(CalibrationError) as error:
        parse(text)
    return [str(problem) for problem in error.value.problems]


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_valid_set_reads_into_items_with_agreed_scores():
    calibration = parse(VALID)
    assert [item.key for item in calibration.items] == ["reply-low", "opening-low"]
    assert calibration.item("reply-low").scores["customer_service"].level == 2
    assert calibration.items_for("live_speaking")[0].question == "live_speaking.1"
    assert CalibrationSet.from_dict(calibration.to_dict()) == calibration


def test_the_shipped_set_reads_and_covers_every_criterion_from_low_to_high():
    calibration = parse((PROJECT_ROOT / "rubrics" / "calibration" / "social-media-manager.yaml").read_text("utf-8"))
    coverage = calibration.coverage(RUBRIC)
    assert len(calibration.items) >= 24
    for criterion, levels in coverage.items():
        assert len(levels) >= 3, criterion
        assert min(levels) <= 2 and 3 in levels and max(levels) >= 4, (criterion, levels)
    for task in ("launch-posts", "community-replies"):  # copywriting and customer service in every language
        assert {item.language for item in calibration.items if item.exercise == task} == {"en", "zh", "es", "hi", "id"}


def test_a_criterion_a_team_added_has_no_calibration_material_yet():
    custom = dataclasses.replace(RUBRIC, criteria=(*RUBRIC.criteria, dataclasses.replace(
        RUBRIC.criteria[0], key="tiktok_shop", name="TikTok Shop")))
    calibration = parse(VALID)
    assert calibration.coverage(custom)["tiktok_shop"] == []
    assert "tiktok_shop" in calibration.without_material(custom)
    assert calibration.without_material(custom)[-1] == "tiktok_shop"  # the rubric's order


@pytest.mark.parametrize(("edit", "fragment", "message"), [
    (("rubric_version: \"2026.1\"", "rubric_version: \"2025.9\""), "rubric_version",
     "rubric_version '2025.9' is not the version of rubric 'social-media-manager' ('2026.1')"),
    ((f"rubric_hash: {rubric_pin(RUBRIC)}", "rubric_hash: 0123456789ab"), "rubric_hash",
     f"rubric 'social-media-manager' has changed since this set was agreed (content hash {rubric_pin(RUBRIC)}"),
    (("rubric: social-media-manager", "rubric: barista"), "rubric: barista", "unknown rubric 'barista'"),
    (("exercise: community-replies", "exercise: launch-videos"), "exercise:",
     "item 'reply-low': unknown exercise 'launch-videos'"),
    (("slot: late-order", "slot: refund"), "slot:",
     "item 'reply-low': slot 'refund' is not a written answer of exercise 'community-replies' "
     "(its written answers: late-order, greenwashing, own-jar, hives)"),
    (("question: live_speaking.1", "question: live_speaking.4"), "question:",
     "item 'opening-low': question 'live_speaking.4': criterion 'live_speaking' has 3 kit questions"),
    (("question: live_speaking.1", "question: live speaking"), "question:",
     "item 'opening-low': question 'live speaking' must be <criterion>.<number>"),
    (("      customer_service:\n        level: 2", "      customer_service:\n        level: 6"), "level: 6",
     "item 'reply-low': score for 'customer_service': level 6 is outside the scale 1-5"),
    (("      customer_service:\n", "      design:\n"), "design:",
     "item 'reply-low': score for 'design': criterion 'design' is not evidenced by exercise 'community-replies'"),
    (("      live_speaking:\n", "      live_streaming:\n"), "live_streaming:",
     "item 'opening-low': score for 'live_streaming': criterion 'live_streaming' is not in rubric"),
    (("The anchor's \"polite but generic\" reply", "A polite but generic reply"), "A polite but generic",
     "item 'reply-low': score for 'customer_service': the rationale must quote, in double quotes, at least 3 "
     "words of the level-2 anchor it relies on (it begins \"The reply is polite but generic\")"),
    (("    kind: excerpt\n", "    kind: excerpt\n    exercise: launch-posts\n"), "exercise: launch-posts",
     "item 'opening-low': an excerpt answers a kit question, not an exercise"),
    (("    language: en\n    exercise", "    language: fr\n    exercise"), "language: fr",
     "item 'reply-low': language must be 'en', 'zh', 'es', 'hi' or 'id', not 'fr'"),
    (("    material: Sorry for any inconvenience!\n", ""), "- key: reply-low", "item 'reply-low': material is empty"),
    (("        level: 1\n", "        level: 1\n        levle: 2\n"), "levle",
     "item 'opening-low': score for 'live_speaking': unknown field 'levle'; a score has level and rationale"),
    (("  - key: opening-low", "  - key: reply-low"), "  - key: reply-low",
     "duplicate item key 'reply-low' (first on line 7)"),
])
def test_a_broken_set_is_reported_at_the_line_to_fix(edit, fragment, message):
    old, new = edit
    assert VALID.count(old) == 1
    text = VALID.replace(old, new)
    line = max(number for number, written in enumerate(text.splitlines(), 1) if fragment in written)
    found = problems(text)
    assert any(problem.startswith(f"{FILE}:{line}: {message}") for problem in found), found


def test_a_written_item_needs_an_exercise_and_a_slot_and_an_excerpt_a_question():
    text = VALID.replace("    exercise: community-replies\n    slot: late-order\n", "").replace(
        "    question: live_speaking.1\n", "")
    found = problems(text)
    assert f"{FILE}:7: item 'reply-low': a written item needs exercise (the key of the exercise it answers) " \
           "and slot" in found
    assert any(p.startswith(f"{FILE}:{line_of(text, '- key: opening-low')}: item 'opening-low': an excerpt needs "
                            "question") for p in found), found


def test_only_written_answers_can_be_a_slot_not_an_upload_or_a_number():
    for slot in ("file", "er-instagram"):
        text = VALID.replace("exercise: community-replies", "exercise: visual-brief" if slot == "file"
                             else "exercise: campaign-analysis").replace("slot: late-order", f"slot: {slot}")
        assert any(f"slot '{slot}' is not a written answer" in p for p in problems(text))


def test_every_problem_of_a_file_is_reported_at_once():
    text = VALID.replace("slot: late-order", "slot: refund").replace("question: live_speaking.1", "question: x.9")
    assert len(problems(text)) == 2


@pytest.mark.parametrize(("rationale", "quotes"), [
    ('It "moves order or account details to a private message".', True),
    ('It “Moves ORDER or account details” quietly.', True),  # curly quotes, any case
    ('It "names the customer\'s specific problem … gives a concrete next step".', True),  # an ellipsis
    ('It "moves order details" there.', False),  # not the anchor's words in a row
    ('It "private message".', False),  # two words prove nothing
    ("It moves order or account details to a private message.", False),  # not quoted
])
def test_a_rationale_quotes_the_words_of_its_anchor(rationale, quotes):
    anchor = RUBRIC.criterion("customer_service").anchors[3]
    assert quotes_anchor(rationale, anchor) is quotes


@given(st.integers(0, 40), st.integers(3, 12))
def test_any_run_of_three_or_more_words_of_an_anchor_quoted_counts(start, length):
    words = RUBRIC.criterion("strategy").anchors[4].split()
    phrase = " ".join(words[start % (len(words) - 3):][:length])
    assert quotes_anchor(f'Because "{phrase}".', RUBRIC.criterion("strategy").anchors[4])


def test_sets_for_a_rubric_skip_other_rubrics_and_sets_agreed_on_another_version(tmp_path):
    folder = tmp_path / "calibration"
    folder.mkdir()
    (folder / "team.yaml").write_text(VALID, encoding="utf-8")
    (folder / "old.yaml").write_text(VALID.replace("key: team", "key: old").replace(
        f"rubric_hash: {rubric_pin(RUBRIC)}", "rubric_hash: 0123456789ab"), encoding="utf-8")
    assert [s.key for s in sets_for(folder, RUBRIC, EXERCISES)] == ["team"]
    found, reported = check_calibration_paths([folder], RUBRICS, EXERCISES)
    assert [s.key for s in found] == ["team"] and len(reported) == 1
    assert sets_for(tmp_path / "none", RUBRIC, EXERCISES) == []


def test_two_files_with_one_key_are_refused(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(VALID, encoding="utf-8")
    _found, reported = check_calibration_paths([tmp_path], RUBRICS, EXERCISES)
    assert [str(p) for p in reported] == [f"{Path(tmp_path / 'b.yaml')}: calibration set key 'team' is already used "
                                          f"by {tmp_path / 'a.yaml'}"]


def test_a_reader_scores_the_items_in_their_language_and_english_for_the_criteria_those_miss():
    calibration = parse((PROJECT_ROOT / "rubrics" / "calibration" / "social-media-manager.yaml").read_text("utf-8"))
    english = calibration.items_in("en")
    assert {item.language for item in english} == {"en"} and len(english) == 26
    chinese = calibration.items_in("zh")
    assert {item.key for item in chinese if item.language == "zh"} == {
        "launch-x-zh-low", "launch-instagram-zh-mid", "launch-tiktok-zh-high",
        "reply-late-order-zh-mid", "reply-hives-zh-low", "reply-greenwashing-zh-high",
        "analysis-rec-zh-low", "analysis-rec-zh-mid", "analysis-rec-zh-high",
        "plan-channels-zh-low", "plan-goals-zh-mid", "plan-channels-zh-high",
        "adapt-move-to-video-zh-low", "adapt-early-change-zh-mid", "adapt-reach-drop-zh-high",
        "visual-rationale-zh-low", "visual-rationale-zh-mid", "visual-rationale-zh-high"}
    # The criteria only English material covers: platform knowledge (its posts) and live speaking.
    assert {criterion for item in chinese if item.language == "en" for criterion in item.scores} == {
        "platform_knowledge", "copywriting", "live_speaking"}
    covered = {criterion for item in chinese for criterion in item.scores}
    assert covered == set(RUBRIC.criterion_keys)  # every criterion still scored
    # English customer-service replies are not needed: the Chinese ones cover that criterion.
    assert not [item for item in chinese if item.language == "en" and set(item.scores) == {"customer_service"}]
