"""What changed between two rubric versions, as a reader of the diff sees it.

Pure tests of ``hiring.rubrics.diff``: no app, no database. Each new version is the shipped rubric
with one edit a person would make, so each test shows the edit and what the diff says of it.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from hiring.rubrics.diff import (
    Carry,
    Piece,
    carry,
    diff_rubrics,
    new_text,
    old_text,
    tokens,
    word_diff,
)
from hiring.rubrics.schema import Rubric, Scale, load_rubric

SHIPPED = Path(__file__).resolve().parents[2] / "rubrics" / "social-media-manager.yaml"
OLD = load_rubric(SHIPPED)


def edited(edit) -> Rubric:
    """The shipped rubric after `edit(data)` changed its stored form."""
    data: dict[str, Any] = copy.deepcopy(OLD.to_dict())
    edit(data)
    return Rubric.from_dict(data)


def criterion(data: dict, key: str) -> dict:
    return next(c for c in data["criteria"] if c["key"] == key)


def parts(pieces) -> list[tuple[str, str]]:
    return [(p.part.value, p.text) for p in pieces]


def test_a_version_compared_with_itself_has_no_changes():
    diff = diff_rubrics(OLD, OLD)
    assert not diff.changed
    assert not diff.added and not diff.removed and not diff.moved and not diff.changed_criteria
    assert len(diff.unchanged_criteria) == len(OLD.criteria)


def test_added_removed_and_moved_criteria_are_named():
    def edit(data):
        kept = [c for c in data["criteria"] if c["key"] != "design"]
        community = copy.deepcopy(criterion(data, "customer_service"))
        community.update(key="community_building", name="Community building")
        strategy = next(c for c in kept if c["key"] == "strategy")
        kept.remove(strategy)
        data["criteria"] = [strategy, *kept, community]  # strategy moved to the top

    diff = diff_rubrics(OLD, edited(edit))
    assert [c.key for c in diff.added] == ["community_building"]
    assert [c.key for c in diff.removed] == ["design"]
    assert [c.key for c in diff.moved] == ["strategy"], "only the criterion that moved, not those it passed"
    [strategy] = diff.moved
    assert (strategy.old_position, strategy.new_position) == (OLD.criterion_keys.index("strategy") + 1, 1)
    assert [c.key for c in diff.changed_criteria] == ["strategy"]


def test_a_weight_change_gives_old_and_new_weight():
    diff = diff_rubrics(OLD, edited(lambda data: criterion(data, "analytics").update(weight=2.5)))
    [changed] = diff.weights_changed
    assert changed.key == "analytics"
    assert (changed.weight.old, changed.weight.new) == (OLD.criterion("analytics").weight, 2.5)
    assert changed.anchors_reworded == 0 and not changed.name.changed


def test_a_reworded_anchor_shows_the_words_that_changed():
    def edit(data):
        anchors = criterion(data, "copywriting")["anchors"]
        anchors["3"] = anchors["3"].replace("ends with one clear", "closes with a single", 1)

    old = "The caption fits the limit and ends with a call to action."
    new = "The caption fits the limit and closes with one clear call to action."
    diff = word_diff(old, new)
    assert parts(diff.pieces) == [
        ("same", "The caption fits the limit and "), ("removed", "ends"), ("inserted", "closes"),
        ("same", " with "), ("removed", "a"), ("inserted", "one clear"), ("same", " call to action."),
    ]
    rubric_diff = diff_rubrics(OLD, edited(edit))
    [changed] = rubric_diff.changed_criteria
    assert changed.key == "copywriting" and changed.anchors_reworded == 1 and rubric_diff.anchors_reworded == 1
    [anchor] = [a for a in changed.anchors if a.changed]
    assert (anchor.old_level, anchor.new_level) == (3, 3)
    assert [p for p in parts(anchor.text.pieces) if p[0] != "same"] == [
        ("removed", "ends"), ("inserted", "closes"), ("removed", "one clear"), ("inserted", "a single")]
    assert old_text(anchor.text.pieces) == OLD.criterion("copywriting").anchors[3]


def test_chinese_text_is_compared_character_by_character():
    old = "能清楚说明每个平台的内容形式。"
    new = "能准确说明每个平台的内容形式和限制。"
    diff = word_diff(old, new)
    assert parts(diff.pieces) == [
        ("same", "能"), ("removed", "清楚"), ("inserted", "准确"), ("same", "说明每个平台的内容形式"),
        ("inserted", "和限制"), ("same", "。"),
    ]
    assert old_text(diff.pieces) == old and new_text(diff.pieces) == new


def test_words_keep_their_marks_and_inner_punctuation():
    assert tokens("प्रिया शर्मा") == ["प्रिया", " ", "शर्मा"], "a Devanagari vowel sign stays in its word"
    assert tokens("Don't follow-up, ok?") == ["Don't", " ", "follow-up", ",", " ", "ok", "?"]
    assert tokens("在 Instagram 上") == ["在", " ", "Instagram", " ", "上"]


def test_a_lone_space_between_two_changes_joins_them():
    assert parts(word_diff("the quick brown fox", "a slow brown fox").pieces) == [
        ("removed", "the quick"), ("inserted", "a slow"), ("same", " brown fox")]


@given(st.text(), st.text())
def test_the_pieces_give_back_both_texts_exactly(old, new):
    assert "".join(tokens(old)) == old
    diff = word_diff(old, new)
    assert old_text(diff.pieces) == old and new_text(diff.pieces) == new
    assert all(isinstance(p, Piece) and p.text for p in diff.pieces)


def test_a_text_only_in_one_version_is_wholly_inserted_or_removed():
    assert parts(word_diff(None, "Why now?").pieces) == [("inserted", "Why now?")]
    assert parts(word_diff("Why now?", None).pieces) == [("removed", "Why now?")]
    assert not word_diff("Same.", "Same.").changed


def test_questions_reworded_added_and_removed():
    def edit(data):
        questions = criterion(data, "analytics")["questions"]
        questions[0] = questions[0].replace("?", " this quarter?", 1)
        questions.append("Which metric would you stop reporting, and why?")

    [changed] = diff_rubrics(OLD, edited(edit)).changed_criteria
    changes = [q for q in changed.questions if q.changed]
    assert len(changes) == 2 and changed.questions_changed == 2
    reworded, added = changes
    assert reworded.old is not None and reworded.new is not None
    assert ("inserted", " this quarter") in parts(reworded.pieces)
    assert added.old is None and added.new == "Which metric would you stop reporting, and why?"


def test_name_kind_and_description_changes():
    def edit(data):
        design = criterion(data, "design")
        design.update(name="Visual Design", kind="trait", description=design["description"] + " On brand.")

    diff = diff_rubrics(OLD, edited(edit))
    [changed] = diff.changed_criteria
    assert changed.name.changed and (changed.kind.old, changed.kind.new) == ("skill", "trait")
    assert parts(changed.name.pieces) == [("inserted", "Visual "), ("same", "Design")]
    assert changed.description.changed and diff.renamed == 1 and diff.kinds_changed == 1
    assert diff.descriptions_reworded == 1


def test_a_scale_of_more_levels_is_a_change_no_rating_survives():
    def edit(data):
        data["scale"] = {"min": 1, "max": 7, "labels": {str(n): f"Level {n}" for n in range(1, 8)}}
        for c in data["criteria"]:
            c["anchors"] = {str(n): c["anchors"].get(str(n), f"Seen at level {n}.") for n in range(1, 8)}

    diff = diff_rubrics(OLD, edited(edit))
    assert diff.scale.bounds_changed and diff.scale.carry == Carry.LOST
    levels = {(lv.old_level, lv.new_level) for lv in diff.scale.levels}
    assert (None, 6) in levels and (None, 7) in levels and (3, 3) in levels
    assert diff.scale.labels_reworded == 5  # "Not shown" → "Level 1"…
    copywriting = next(c for c in diff.kept if c.key == "copywriting")
    added_anchor = next(a for a in copywriting.anchors if a.new_level == 7)
    assert added_anchor.old_level is None and added_anchor.text.new == "Seen at level 7."


def test_a_renumbered_scale_pairs_levels_by_place():
    def edit(data):
        data["scale"] = {"min": 0, "max": 4,
                         "labels": {str(int(k) - 1): v for k, v in data["scale"]["labels"].items()}}
        for c in data["criteria"]:
            c["anchors"] = {str(int(k) - 1): v for k, v in c["anchors"].items()}

    diff = diff_rubrics(OLD, edited(edit))
    assert diff.scale.carry == Carry.RENUMBERED
    assert [(lv.old_level, lv.new_level) for lv in diff.scale.levels] == [(1, 0), (2, 1), (3, 2), (4, 3), (5, 4)]
    assert diff.scale.labels_reworded == 0 and diff.anchors_reworded == 0, "the same words at the same places"


def test_what_ratings_on_the_old_scale_become():
    one_to_five = OLD.scale
    assert carry(one_to_five, one_to_five) == Carry.SAME
    assert carry(one_to_five, Scale(0, 4, {n: str(n) for n in range(5)})) == Carry.RENUMBERED
    assert carry(one_to_five, Scale(1, 10, {n: str(n) for n in range(1, 11)})) == Carry.LOST
    assert carry(one_to_five, Scale(1, 4, {n: str(n) for n in range(1, 5)})) == Carry.LOST
