"""Rubric files as a hiring team writes them: what is accepted, what is refused and why.

Pure tests of ``hiring.rubrics.schema``: no app, no database. Broken files are small variations of
one valid rubric, so each test shows exactly the edit a person made and the message they get back.
"""

from __future__ import annotations

import json
import math
import pickle
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from hiring.rubrics.schema import (
    Rubric,
    RubricError,
    RubricProblem,
    check_paths,
    find_rubric_files,
    load_rubric,
    parse_rubric,
    weights_problems,
)

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "rubrics" / "social-media-manager.yaml"
FILE = "rubrics/team.yaml"

VALID = """\
key: team-social
title: Social media lead
version: "1"
scale:
  min: 1
  max: 3
  labels:
    1: Not shown
    2: Meets the bar
    3: Sets the bar
criteria:
  - key: copywriting
    name: Copywriting
    kind: skill
    weight: 1.5
    description: Writes short posts that say one thing.
    anchors:
      1: The caption runs over the limit.
      2: The caption fits the limit and ends with a call to action.
      3: Offers two opening lines and says how to test them.
    questions:
      - Rewrite this caption in 100 characters.
  - key: adaptability
    name: Adaptability
    kind: trait
    weight: 1
    description: Changes approach when the field changes.
    anchors:
      1: Gives no example of changing approach.
      2: Changed approach only when told to.
      3: Noticed a change early and tested a new format.
    questions:
      - Tell me about a time a network changed its feed.
"""


# --- helpers -------------------------------------------------------------------------------------


def edit(old: str, new: str, text: str = VALID) -> str:
    """The valid rubric with one edit, as a person would make it in their editor."""
    assert text.count(old) == 1, f"edit target {old!r} must occur exactly once"
    return text.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line where ``fragment`` first appears (so tests need not count lines)."""
    return text[: text.index(fragment)].count("\n") + 1


def problems(text: str) -> list[RubricProblem]:
    """Everything wrong with ``text``, read as ``rubrics/team.yaml``."""
    with pytest.raises(RubricError) as caught:
        parse_rubric(text, FILE)
    return caught.value.problems


def only_problem(text: str) -> RubricProblem:
    found = problems(text)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def assert_problem(text: str, line_fragment: str, message: str) -> None:
    """Exactly one problem, in our file, on the line of ``line_fragment``, saying ``message``."""
    problem = only_problem(text)
    assert problem.file == FILE
    assert problem.line == line_of(text, line_fragment), str(problem)
    assert message in problem.message, str(problem)


# --- the shipped rubric --------------------------------------------------------------------------


def test_shipped_rubric_has_the_eight_criteria_of_the_brief():
    rubric = load_rubric(SHIPPED)

    assert rubric.key == "social-media-manager"
    assert rubric.criterion_keys == [
        "platform_knowledge", "copywriting", "design", "customer_service",
        "live_speaking", "analytics", "strategy", "adaptability",
    ]  # fmt: skip
    kinds = {criterion.key: criterion.kind for criterion in rubric.criteria}
    assert kinds.pop("adaptability") == "trait"
    assert set(kinds.values()) == {"skill"}


def test_shipped_rubric_anchors_every_level_and_asks_questions_for_every_criterion():
    rubric = load_rubric(SHIPPED)

    assert rubric.scale.values == [1, 2, 3, 4, 5]
    assert all(rubric.scale.label(value) for value in rubric.scale.values)
    for criterion in rubric.criteria:
        assert list(criterion.anchors) == [1, 2, 3, 4, 5], criterion.key
        assert len(set(criterion.anchors.values())) == 5, f"{criterion.key}: repeated anchor"
        assert 2 <= len(criterion.questions) <= 4, criterion.key
        assert criterion.description


def test_shipped_rubric_weights_goal_driven_skills_highest():
    weights = load_rubric(SHIPPED).default_weights()

    assert all(weight > 0 for weight in weights.values())
    heaviest = max(weights.values())
    assert {key for key, weight in weights.items() if weight == heaviest} == {
        "strategy",
        "analytics",
    }
    assert weights["copywriting"] > weights["design"]


def test_the_annotated_example_in_the_readme_is_a_valid_rubric():
    readme = (REPO / "rubrics" / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]

    rubric = parse_rubric(example, "rubrics/README.md")

    assert rubric.criterion("analytics").anchors[2].startswith("Reports follower counts")


def test_shipped_rubrics_folder_checks_clean():
    rubrics, found = check_paths([REPO / "rubrics"])

    assert found == []
    assert "social-media-manager" in [rubric.key for rubric in rubrics]


# --- a valid file --------------------------------------------------------------------------------


def test_valid_rubric_reads_into_values():
    rubric = parse_rubric(VALID, FILE)

    assert (rubric.key, rubric.title, rubric.version) == ("team-social", "Social media lead", "1")
    assert rubric.description == ""
    assert rubric.scale.label(2) == "Meets the bar"
    copywriting = rubric.criterion("copywriting")
    assert copywriting.weight == 1.5
    assert copywriting.anchors[3] == "Offers two opening lines and says how to test them."
    assert copywriting.questions == ("Rewrite this caption in 100 characters.",)
    assert rubric.default_weights() == {"copywriting": 1.5, "adaptability": 1.0}


def test_asking_for_an_unknown_criterion_or_level_is_an_error():
    rubric = parse_rubric(VALID, FILE)

    with pytest.raises(KeyError):
        rubric.criterion("design")
    with pytest.raises(ValueError):
        rubric.scale.label(4)


def test_version_label_keeps_the_text_as_written():
    # Unquoted 2026.10 would be the float 2026.1 to plain YAML; the label must stay as typed.
    rubric = parse_rubric(edit('version: "1"', "version: 2026.10"), FILE)

    assert rubric.version == "2026.10"


def test_rubric_description_is_optional_and_may_be_left_empty():
    assert parse_rubric(edit('version: "1"', 'version: "1"\ndescription:'), FILE).description == ""


def test_levels_may_be_quoted_numbers():
    text = edit("    1: Not shown\n    2: Meets", '    "1": Not shown\n    "2": Meets')

    assert parse_rubric(text, FILE).scale.label(1) == "Not shown"


def test_anchors_and_questions_are_frozen():
    rubric = parse_rubric(VALID, FILE)

    with pytest.raises(TypeError):
        rubric.criterion("copywriting").anchors[1] = "changed behind the hash's back"
    assert isinstance(rubric.criterion("copywriting").questions, tuple)


def test_rubric_survives_pickle_and_can_be_hashed():
    rubric = parse_rubric(VALID, FILE)

    assert pickle.loads(pickle.dumps(rubric)) == rubric
    assert len({rubric, parse_rubric(VALID, FILE)}) == 1


# --- one problem at a time -----------------------------------------------------------------------


def test_yaml_syntax_error_points_at_the_line():
    text = edit("    name: Adaptability", "    name: [Adaptability")

    problem = only_problem(text)
    assert problem.file == FILE
    assert problem.line == line_of(text, "    kind: trait")  # where PyYAML noticed
    assert "not valid YAML" in problem.message


def test_bad_indentation_is_a_syntax_error():
    text = edit("    kind: trait", "   kind: trait")

    assert_problem(text, "   kind: trait", "not valid YAML")


@pytest.mark.parametrize(
    ("old", "new", "fragment", "message"),
    [
        pytest.param(
            'version: "1"', 'version: "1"\ncolour: blue', "colour",
            "unknown field 'colour'; allowed at the top level: key, title, version, description",
            id="top level",
        ),
        pytest.param(
            "  max: 3", "  max: 3\n  step: 1", "step",
            "scale: unknown field 'step'; allowed here: min, max, labels",
            id="scale",
        ),
        pytest.param(
            "    weight: 1.5", "    weigth: 1.5", "weigth",
            "criterion 'copywriting': unknown field 'weigth' (did you mean 'weight'?)",
            id="criterion",
        ),
    ],
)  # fmt: skip
def test_unknown_field_names_the_field_and_what_is_allowed(old, new, fragment, message):
    text = edit(old, new)
    found = problems(text)

    unknown = [problem for problem in found if "unknown field" in problem.message]
    assert len(unknown) == 1
    assert unknown[0].line == line_of(text, fragment)
    assert message in unknown[0].message


def test_missing_top_level_field_points_at_the_start_of_the_file():
    text = edit("title: Social media lead\n", "")

    assert_problem(text, "key: team-social", "missing required field 'title'")


def test_missing_scale_field_points_at_the_scale():
    text = edit("  max: 3\n", "")

    assert_problem(text, "scale:", "scale: missing required field 'max'")


def test_missing_criterion_field_points_at_the_criterion():
    text = edit("    weight: 1\n", "")

    assert_problem(text, "  - key: adaptability", "criterion 'adaptability': missing required field 'weight'")


def test_duplicate_top_level_key_is_refused_not_silently_overwritten():
    text = edit('version: "1"', 'version: "1"\ntitle: Community lead')

    assert_problem(text, "title: Community lead", "duplicate field 'title' (first on line 2)")


def test_duplicate_key_inside_a_criterion():
    text = edit("    weight: 1.5", "    weight: 1.5\n    weight: 3")

    assert_problem(text, "weight: 3", "criterion 'copywriting': duplicate field 'weight'")


def test_duplicate_anchor_level():
    text = edit("      2: Changed approach", "      1: Told to.\n      2: Changed approach")

    assert_problem(text, "1: Told to.", "criterion 'adaptability': anchors: level 1 given twice")


def test_duplicate_criterion_key():
    text = edit("  - key: adaptability", "  - key: copywriting  # pasted from above")

    first_line = line_of(text, "  - key: copywriting")
    assert_problem(
        text,
        "# pasted",
        f"duplicate criterion key 'copywriting' (first on line {first_line})",
    )


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("0", "weight must be a number from 0.01 to 100, not 0"),
        ("-2", "weight must be a number from 0.01 to 100, not -2"),
        ("0.0", "weight must be a number from 0.01 to 100, not 0"),
        ("150", "weight must be a number from 0.01 to 100, not 150"),
        ("heavy", "weight must be a number, not the text 'heavy'"),
        ('"2"', "weight must be a number, not the text '2'"),
        ("true", "weight must be a number, not true/false"),
        (".nan", "weight must be a number from 0.01 to 100, not nan"),
        (".inf", "weight must be a number from 0.01 to 100, not inf"),
        ("", "weight must be a number, not empty"),
    ],
)
def test_weight_must_be_a_number_within_the_weight_rule(weight, message):
    text = edit("    weight: 1.5", f"    weight: {weight}")

    assert_problem(text, "    weight: ", f"criterion 'copywriting': {message}")


def test_anchors_missing_for_levels_name_the_levels():
    text = edit(
        "      2: The caption fits the limit and ends with a call to action.\n"
        "      3: Offers two opening lines and says how to test them.\n",
        "",
    )

    problem = only_problem(text)
    assert str(problem) == (
        f"{FILE}:{line_of(text, '    anchors:')}: criterion 'copywriting': anchors missing for level(s) 2, 3"
    )


def test_anchor_for_a_level_outside_the_scale():
    text = edit("      3: Noticed", "      4: Would rewrite the whole plan.\n      3: Noticed")

    assert_problem(text, "4: Would", "criterion 'adaptability': anchors: level 4 is outside the scale 1-3")


def test_anchor_level_that_is_not_a_number():
    text = edit("      3: Noticed", "      high: Noticed")

    found = problems(text)
    assert [(problem.line, problem.message) for problem in found] == [
        (
            line_of(text, "anchors:\n      1: Gives"),
            "criterion 'adaptability': anchors missing for level(s) 3",
        ),
        (
            line_of(text, "high:"),
            "criterion 'adaptability': anchors: 'high' is not a level (a whole number)",
        ),
    ]


@pytest.mark.parametrize(("mean", "levels"), [
    (2.5, (2, 3)), (1.5, (1, 2)), (4.5, (4, 5)),  # exactly halfway: between, not rounded either way
    (2.49, (2,)), (2.51, (3,)), (3.0, (3,)), (sum([2, 3, 2, 3, 2, 3]) / 6, (2, 3)),
    (0.5, (1,)), (5.5, (5,)),  # off the scale: the nearest end, never a level that does not exist
])
def test_the_level_a_mean_corresponds_to(mean, levels):
    assert load_rubric(SHIPPED).scale.levels_of_mean(mean) == levels


def test_scale_min_must_be_below_max():
    text = edit("  min: 1\n  max: 3", "  min: 3\n  max: 3")

    assert_problem(text, "  min: 3", "scale: min (3) must be less than max (3)")


def test_scale_bounds_must_be_whole_numbers():
    text = edit("  max: 3", "  max: 3.5")

    assert_problem(text, "  max: 3.5", "scale: max must be a whole number, not the number 3.5")


def test_scale_label_missing_for_a_level():
    text = edit("    2: Meets the bar\n", "")

    assert_problem(text, "  labels:", "scale: labels missing for level(s) 2")


def test_a_scale_too_fine_to_anchor_is_refused():
    text = edit("  max: 3", "  max: 50")

    assert_problem(text, "  max: 50", "scale: 50 levels is too many to anchor; use at most 11")


def test_kind_must_be_skill_or_trait():
    text = edit("    kind: trait", "    kind: talent")

    assert_problem(
        text,
        "kind: talent",
        "criterion 'adaptability': kind must be 'skill' or 'trait', not 'talent'",
    )


@pytest.mark.parametrize(
    ("old", "new", "fragment", "message"),
    [
        pytest.param(
            "scale:\n  min: 1\n  max: 3\n  labels:\n    1: Not shown\n    2: Meets the bar\n"
            "    3: Sets the bar\n",
            "scale: 1 to 3\n", "scale:",
            "scale: must be a mapping of fields, not the text '1 to 3'",
            id="scale as text",
        ),
        pytest.param(
            "    anchors:\n      1: Gives no example of changing approach.\n"
            "      2: Changed approach only when told to.\n"
            "      3: Noticed a change early and tested a new format.\n",
            "    anchors:\n      - Gives no example.\n      - Told to.\n      - Tested.\n",
            "anchors:\n      - Gives",
            "criterion 'adaptability': anchors must be a mapping of level: text, not a list",
            id="anchors as list",
        ),
        pytest.param(
            "    questions:\n      - Rewrite this caption in 100 characters.\n",
            "    questions: Rewrite this caption in 100 characters.\n",
            "questions: Rewrite",
            "criterion 'copywriting': questions must be a list, not the text 'Rewrite",
            id="questions as text",
        ),
        pytest.param(
            "    name: Copywriting", "    name:\n      short: Copy", "    name:",
            "criterion 'copywriting': name must be text, not a mapping",
            id="name as mapping",
        ),
    ],
)  # fmt: skip
def test_wrong_type_says_what_was_expected_and_what_was_found(old, new, fragment, message):
    text = edit(old, new)

    assert_problem(text, fragment, message)


def test_criteria_as_a_mapping_is_refused():
    text = VALID[: VALID.index("criteria:")] + "criteria:\n  copywriting: 1\n"

    assert_problem(text, "criteria:", "criteria must be a list, not a mapping")


def test_criterion_that_is_not_a_mapping_is_named_by_position():
    text = edit("  - key: adaptability", "  - adaptability\n  - key: adaptability")

    problem = only_problem(text)
    assert problem.line == line_of(text, "  - adaptability")
    assert problem.message == "criterion #2: must be a mapping of fields, not the text 'adaptability'"


@pytest.mark.parametrize(
    ("old", "new", "fragment", "message"),
    [
        ('title: Social media lead', 'title: ""', "title:", "title is empty"),
        ('title: Social media lead', "title:", "title:", "title is empty"),
        ("    name: Adaptability", "    name: '   '", "name: '", "criterion 'adaptability': name is empty"),
        (
            "      - Tell me about a time a network changed its feed.",
            "      - Tell me about a time a network changed its feed.\n      -",
            "      -\n", "criterion 'adaptability': question 2 is empty",
        ),
        ("    1: Not shown", "    1: ''", "1: ''", "scale: label for level 1 is empty"),
    ],
)  # fmt: skip
def test_empty_text_is_refused(old, new, fragment, message):
    text = edit(old, new)

    assert_problem(text, fragment, message)


def test_empty_criteria_list_is_refused():
    text = VALID[: VALID.index("criteria:")] + "criteria: []\n"

    assert_problem(text, "criteria: []", "criteria must list at least one criterion")


def test_criterion_without_questions_is_refused():
    text = edit("    questions:\n      - Rewrite this caption in 100 characters.\n", "    questions: []\n")

    assert_problem(
        text, "questions: []", "criterion 'copywriting': questions must list at least one question"
    )


def test_keys_must_be_url_and_code_friendly():
    text = edit("key: team-social", "key: Team Social")
    text = edit("  - key: copywriting", "  - key: Copy-writing", text)

    found = problems(text)
    assert [problem.line for problem in found] == [1, line_of(text, "Copy-writing")]
    assert "key 'Team Social' must match [a-z0-9-]+" in found[0].message
    assert "key 'Copy-writing' must match [a-z][a-z0-9_]*" in found[1].message


def test_empty_file_and_a_list_instead_of_a_rubric():
    assert str(only_problem("# nothing yet\n")) == (
        f"{FILE}: the file is empty; a rubric needs key, title, version, scale and criteria"
    )
    assert str(only_problem("- key: x\n")) == f"{FILE}:1: a rubric must be a mapping of fields, not a list"


# --- many problems at once -----------------------------------------------------------------------


def test_every_problem_is_reported_at_once_in_file_order():
    text = edit("title: Social media lead", "title: ''")
    text = edit("    weight: 1.5", "    weight: 0", text)
    text = edit("    kind: trait", "    kind: talent", text)
    text = edit("      3: Noticed a change early and tested a new format.\n", "", text)

    with pytest.raises(RubricError) as caught:
        parse_rubric(text, FILE)

    error = caught.value
    assert [(problem.line, problem.message) for problem in error.problems] == [
        (2, "title is empty"),
        (
            line_of(text, "weight: 0"),
            "criterion 'copywriting': weight must be a number from 0.01 to 100, not 0",
        ),
        (
            line_of(text, "kind: talent"),
            "criterion 'adaptability': kind must be 'skill' or 'trait', not 'talent'",
        ),
        (
            line_of(text, "anchors:\n      1: Gives"),
            "criterion 'adaptability': anchors missing for level(s) 3",
        ),
    ]
    assert str(error).splitlines() == [str(problem) for problem in error.problems]
    assert str(error).startswith(f"{FILE}:2: title is empty\n")


def test_a_broken_scale_does_not_drown_the_anchors_in_follow_up_errors():
    text = edit("  max: 3", "  max: one")

    found = problems(text)
    assert [problem.message for problem in found] == ["scale: max must be a whole number, not the text 'one'"]


# --- versions: the content hash ------------------------------------------------------------------

SAME_CONTENT_REWRITTEN = """\
# Same rubric: comments, flow style, other key order, quotes and folding. Same meaning.
title: 'Social media lead'
key: "team-social"
version: '1'
criteria:
  - name: Copywriting
    key: copywriting
    weight: 1.50          # a float written differently
    kind: skill
    questions: ["Rewrite this caption in 100 characters."]
    description: >
      Writes short posts
      that say one thing.
    anchors: {3: Offers two opening lines and says how to test them.,
              2: The caption fits the limit and ends with a call to action.,
              1: The caption runs over the limit.}
  - key: adaptability
    name: Adaptability
    kind: trait
    weight: 1.0
    description: |
      Changes approach when the field changes.
    anchors:
      "1": Gives no example of changing approach.
      "2": Changed approach only when told to.
      "3": Noticed a change early and tested a new format.
    questions:
      - Tell me about a time a network changed its feed.
scale: {max: 3, min: 1, labels: {1: Not shown, 2: Meets the bar, 3: Sets the bar}}
"""


def test_reformatting_a_file_keeps_its_content_hash():
    original = parse_rubric(VALID, FILE)
    rewritten = parse_rubric(SAME_CONTENT_REWRITTEN, FILE)

    assert rewritten == original
    assert rewritten.content_hash == original.content_hash


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("3: Noticed a change early", "3: Noticed a change early on", id="anchor text"),
        pytest.param("    weight: 1.5", "    weight: 1.25", id="weight"),
        pytest.param("kind: trait", "kind: skill", id="kind"),
        pytest.param("3: Sets the bar", "3: Raises the bar", id="scale label"),
        pytest.param("in 100 characters.", "in 80 characters.", id="question"),
    ],
)
def test_any_change_of_meaning_gives_a_new_content_hash(old, new):
    before = parse_rubric(VALID, FILE).content_hash

    assert parse_rubric(edit(old, new), FILE).content_hash != before


def test_content_hash_is_pinned_so_stored_versions_keep_their_identity():
    # If this fails, the canonical form changed: every stored rubric would look like a new version.
    assert parse_rubric(VALID, FILE).content_hash == (
        "58b1db323331b222e71950e483bbaacb4982e2d497d423e054fb77c9c382e478"
    )


def test_the_shipped_rubric_keeps_the_content_hash_it_had_before_the_pydantic_schema():
    # Openings pin the stored version with this hash; a reader that read the same file differently
    # would show them a "new version". (Editing the shipped file on purpose changes it, as it should.)
    assert load_rubric(SHIPPED).content_hash == "d0f0064bc8ffae20b01f1023ad2dad50786c4568d45b8569c201e157ec0d1fb2"


def test_the_format_the_files_are_read_with_also_gives_a_json_schema_for_an_editor():
    schema = TypeAdapter(Rubric).json_schema()

    assert set(schema["required"]) == {"key", "title", "version", "scale", "criteria"}
    assert schema["$defs"]["Criterion"]["properties"]["anchors"]["type"] == "object"


def test_to_dict_is_plain_json_and_from_dict_reads_it_back():
    rubric = parse_rubric(VALID, FILE)
    stored = json.loads(json.dumps(rubric.to_dict()))  # what a JSON column gives back

    assert stored["criteria"][0]["anchors"]["2"].startswith("The caption fits")
    restored = Rubric.from_dict(stored)
    assert restored == rubric
    assert restored.content_hash == rubric.content_hash
    assert restored.criterion("copywriting").anchors[2] == rubric.criterion("copywriting").anchors[2]


UNICODE = """\
key: shemei-jingli
title: 社交媒体经理
version: "二〇二六"
description: सोशल मीडिया प्रबंधक के लिए रूब्रिक — Café crème
scale:
  min: 1
  max: 2
  labels: {1: 未见到, 2: दिखा}
criteria:
  - key: kehu_fuwu
    name: 客户服务
    kind: skill
    weight: 1
    description: 在公开评论中回应投诉。
    anchors:
      1: उत्तर में ग्राहक को दोषी ठहराया।
      2: 点名具体问题，并把订单细节转到私信。
    questions: [有位顾客在我们的帖子下发了损坏商品的照片，你接下来一小时做什么？]
"""


def test_unicode_rubric_round_trips_and_hashes_stably():
    rubric = parse_rubric(UNICODE, "rubrics/中文.yaml")
    through_json = Rubric.from_dict(json.loads(json.dumps(rubric.to_dict(), ensure_ascii=True)))

    assert rubric.title == "社交媒体经理"
    assert rubric.criterion("kehu_fuwu").anchors[1] == "उत्तर में ग्राहक को दोषी ठहराया।"
    assert through_json == rubric
    assert through_json.content_hash == rubric.content_hash == parse_rubric(UNICODE).content_hash


def test_visually_identical_unicode_hashes_the_same():
    # An editor may save "é" as one code point or as "e" plus a combining accent.
    decomposed = UNICODE.replace("Café", unicodedata.normalize("NFD", "Café"))
    assert decomposed != UNICODE

    assert parse_rubric(decomposed).content_hash == parse_rubric(UNICODE).content_hash


anchor_text = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40
).filter(lambda text: text.strip())


@given(anchor=anchor_text)
def test_any_anchor_text_survives_writing_to_yaml_and_reading_back(anchor):
    data = parse_rubric(VALID).to_dict()
    data["criteria"][0]["anchors"]["2"] = anchor

    rubric = parse_rubric(yaml.safe_dump(data, allow_unicode=True))

    assert rubric.criterion("copywriting").anchors[2] == unicodedata.normalize("NFC", anchor).strip()
    assert Rubric.from_dict(rubric.to_dict()).content_hash == rubric.content_hash


# --- files and folders ---------------------------------------------------------------------------


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_load_rubric_names_the_file_in_problems(tmp_path):
    path = write(tmp_path, "broken.yaml", edit("kind: trait", "kind: talent"))

    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert caught.value.problems[0].file == str(path)


def test_load_rubric_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(VALID.replace("title: Social media lead", "title: Café").encode("latin-1"))

    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert str(caught.value) == f"{path}:2: not UTF-8 text; save the file as UTF-8"


def test_find_rubric_files_reads_a_folder_but_not_its_subfolders(tmp_path):
    write(tmp_path, "b.yml", VALID)
    write(tmp_path, "a.yaml", VALID)
    write(tmp_path, "notes.md", "not a rubric")
    write(tmp_path, ".a.yaml.swp.yaml", "editor junk")
    write(tmp_path, "exercises/analytics.yaml", "an exercise, not a rubric")
    single = write(tmp_path / "elsewhere", "one.yaml", VALID)

    found = find_rubric_files([tmp_path, single, tmp_path / "a.yaml"])

    assert found == [tmp_path / "a.yaml", tmp_path / "b.yml", single]


def test_check_paths_reports_every_broken_file_and_missing_path(tmp_path):
    write(tmp_path, "good.yaml", VALID)
    write(tmp_path, "bad.yaml", edit("kind: trait", "kind: talent"))

    rubrics, found = check_paths([tmp_path, tmp_path / "gone.yaml"])

    assert [rubric.key for rubric in rubrics] == ["team-social"]
    assert [(problem.file, problem.line) for problem in found] == [
        (str(tmp_path / "gone.yaml"), None),
        (str(tmp_path / "bad.yaml"), line_of(VALID, "kind: trait")),
    ]
    assert found[0].message == "no such file or folder"


def test_check_paths_reports_a_rubric_key_used_by_two_files(tmp_path):
    first = write(tmp_path, "a.yaml", VALID)
    second = write(tmp_path, "b.yaml", edit("title: Social media lead", "title: Copy"))

    rubrics, found = check_paths([tmp_path])

    assert len(rubrics) == 1
    assert [str(problem) for problem in found] == [
        f"{second}: rubric key 'team-social' is already used by {first}"
    ]


def test_check_paths_reports_a_folder_without_rubrics(tmp_path):
    rubrics, found = check_paths([tmp_path])

    assert rubrics == []
    assert [problem.message for problem in found] == ["no *.yaml or *.yml rubric files in this folder"]


# --- per-opening weights -------------------------------------------------------------------------


@pytest.fixture
def rubric() -> Rubric:
    return parse_rubric(VALID, FILE)


def test_default_weights_are_acceptable_overrides(rubric):
    assert weights_problems(rubric, rubric.default_weights()) == []
    assert weights_problems(rubric, {"copywriting": 3, "adaptability": 0.5}) == []


def test_weights_must_cover_every_criterion(rubric):
    assert weights_problems(rubric, {"copywriting": 2}) == ["missing weight for criterion 'adaptability'"]


def test_weights_for_unknown_criteria_are_refused(rubric):
    weights = {**rubric.default_weights(), "design": 1}

    assert weights_problems(rubric, weights) == ["unknown criterion 'design'"]


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (0, "must be a number from 0.01 to 100, not 0"),
        (-1.5, "must be a number from 0.01 to 100, not -1.5"),
        (150, "must be a number from 0.01 to 100, not 150"),
        (math.nan, "must be a number from 0.01 to 100, not nan"),
        (math.inf, "must be a number from 0.01 to 100, not inf"),
        (True, "must be a number, not True"),
        ("2", "must be a number, not '2'"),
        (None, "must be a number, not None"),
    ],
)
def test_weights_must_be_numbers_within_the_weight_rule(rubric, weight, message):
    weights = {**rubric.default_weights(), "copywriting": weight}

    assert weights_problems(rubric, weights) == [f"weight for criterion 'copywriting' {message}"]
