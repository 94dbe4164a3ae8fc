"""Exercise files as a hiring team writes them: what is accepted, what is refused and why.

Pure tests of ``hiring.exercises.schema``: no app, no database. Broken files are small edits of one
valid exercise per type, so each test shows the edit a person made and the message they get back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hiring.exercises.platforms import PLATFORMS
from hiring.exercises.schema import (
    COMMENT_KINDS,
    EXERCISE_TYPES,
    PLATFORM_KEYS,
    TYPES,
    Exercise,
    ExerciseError,
    ExerciseProblem,
    Item,
    check_exercise_paths,
    exercises_for,
    load_exercise,
    parse_exercise,
)
from hiring.rubrics.schema import load_rubric, parse_rubric

REPO = Path(__file__).resolve().parents[2]
EXERCISES = REPO / "rubrics" / "exercises"
RUBRIC = load_rubric(REPO / "rubrics" / "social-media-manager.yaml")
FILE = "rubrics/exercises/mine.yaml"

COPY = """\
key: launch-posts
title: Launch posts
type: copy
rubric: social-media-manager
criteria: [copywriting, platform_knowledge]
time_limit_minutes: 20
instructions: |
  Write one post per network.
platforms:
  - platform: x
    prompt: Announce the launch.
  - platform: tiktok
    prompt: Give the hook, then the caption.
    limit: 300
"""

REPLY = """\
key: replies
title: Replies
type: reply
rubric: social-media-manager
criteria: [customer_service]
time_limit_minutes: 15
instructions: Answer each comment.
comments:
  - key: late-order
    author: "@maria_r"
    kind: complaint
    text: Still waiting for my order.
  - key: hives
    author: "@tom"
    kind: crisis
    text: My son had a reaction.
"""

ANALYSIS = """\
key: numbers
title: Numbers
type: analysis
rubric: social-media-manager
criteria: [analytics, strategy]
time_limit_minutes: 25
instructions: Download the data set.
dataset:
  platforms: [instagram, tiktok]
  posts_per_platform: 6
  weeks: 2
questions:
  - key: er-instagram
    prompt: Engagement rate on Instagram?
    check: engagement_rate:instagram
    tolerance: 0.1
  - key: best
    prompt: Best platform?
    check: best_platform
recommendation: What would you change next month?
"""

UPLOAD = """\
key: visual
title: Visual
type: upload
rubric: social-media-manager
criteria: [design]
time_limit_minutes: 30
instructions: Make the launch visual.
upload:
  accept: [png, jpeg]
  max_megabytes: 10
  max_pixels: 40000000
  rationale: Explain your choices.
"""

SCENARIO = """\
key: scenarios
title: Scenarios
type: scenario
rubric: social-media-manager
criteria: [adaptability]
time_limit_minutes: 15
instructions: Answer each prompt.
prompts:
  - key: reach-drop
    text: Reach fell by 40% overnight. What now?
  - key: video
    text: Move the team to short video in a month.
"""

BY_TYPE = {"copy": COPY, "reply": REPLY, "analysis": ANALYSIS, "upload": UPLOAD, "scenario": SCENARIO}


# --- helpers -------------------------------------------------------------------------------------


def edit(old: str, new: str, text: str = COPY) -> str:
    """A valid exercise with one edit, as a person would make it in their editor."""
    assert text.count(old) == 1, f"edit target {old!r} must occur exactly once"
    return text.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line where ``fragment`` first appears (so tests need not count lines)."""
    return text[: text.index(fragment)].count("\n") + 1


def problems(text: str, rubric=RUBRIC) -> list[ExerciseProblem]:
    with pytest.raises(ExerciseError) as caught:
        parse_exercise(text, FILE, rubric)
    return caught.value.problems


def assert_problem(text: str, line_fragment: str, message: str, rubric=RUBRIC) -> None:
    """Exactly one problem, in our file, on the line of ``line_fragment``, saying ``message``."""
    found = problems(text, rubric)
    assert len(found) == 1, "\n".join(map(str, found))
    problem = found[0]
    assert problem.file == FILE
    assert problem.line == line_of(text, line_fragment), str(problem)
    assert message in problem.message, str(problem)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the shipped exercise set ----------------------------------------------------------------------


def test_every_shipped_exercise_parses_against_the_shipped_rubric():
    exercises, found = check_exercise_paths([EXERCISES], {RUBRIC.key: RUBRIC})

    assert found == []
    assert sorted(e.key for e in exercises) == [
        "adaptability-scenarios", "campaign-analysis", "community-replies",
        "launch-posts", "quarter-plan", "visual-brief",
    ]  # fmt: skip


def test_shipped_exercises_cover_every_criterion_except_live_speaking():
    covered = {key for exercise in exercises_for(EXERCISES, RUBRIC) for key in exercise.criteria}

    assert covered == set(RUBRIC.criterion_keys) - {"live_speaking"}


def test_every_type_is_shipped_at_least_once():
    assert {exercise.type for exercise in exercises_for(EXERCISES, RUBRIC)} == set(TYPES)


def test_shipped_exercises_fit_the_brief():
    shipped = {exercise.key: exercise for exercise in exercises_for(EXERCISES, RUBRIC)}

    copy = shipped["launch-posts"]
    assert [task.platform for task in copy.platforms] == ["x", "instagram", "linkedin", "tiktok"]
    assert sorted(comment.kind for comment in shipped["community-replies"].comments) == sorted(COMMENT_KINDS)
    analysis = shipped["campaign-analysis"]
    assert analysis.dataset.platforms == ("instagram", "tiktok", "linkedin", "x")
    assert (analysis.dataset.posts_per_platform, analysis.dataset.weeks) == (6, 2)
    assert 5 <= len(analysis.questions) <= 6
    assert len({question.check.partition(":")[0] for question in analysis.questions}) >= 5
    assert analysis.recommendation
    assert shipped["visual-brief"].upload.accept == ("png", "jpeg", "pdf")
    for exercise in shipped.values():
        assert 10 <= exercise.time_limit_minutes <= 30, exercise.key
        assert "no trick" in exercise.instructions, exercise.key


def test_exercises_for_lists_the_rubrics_exercises_sorted_by_key():
    keys = [exercise.key for exercise in exercises_for(EXERCISES, RUBRIC)]

    assert keys == sorted(keys)
    assert len(keys) == 6


def test_the_examples_in_the_readme_are_valid_exercises_of_every_type():
    readme = (EXERCISES / "README.md").read_text(encoding="utf-8")
    sections = readme.split("\n### `")[1:]
    examples = [section.split("```yaml\n", 1)[1].split("```", 1)[0] for section in sections]

    parsed = [parse_exercise(example, "rubrics/exercises/README.md", RUBRIC) for example in examples]

    assert [exercise.type for exercise in parsed] == list(TYPES)


# --- valid files ---------------------------------------------------------------------------------


def test_a_copy_exercise_reads_its_platform_tasks():
    exercise = parse_exercise(COPY, FILE, RUBRIC)

    assert exercise.key == "launch-posts"
    assert exercise.criteria == ("copywriting", "platform_knowledge")
    assert exercise.instructions == "Write one post per network."
    assert [(t.platform, t.limit) for t in exercise.platforms] == [("x", None), ("tiktok", 300)]
    assert exercise.comments == () and exercise.dataset is None and exercise.upload is None


def test_an_upload_exercise_counts_megabytes_in_binary_units():
    upload = parse_exercise(UPLOAD, FILE, RUBRIC).upload

    assert upload.max_bytes == 10 * 1024 * 1024
    assert upload.max_pixels == 40_000_000
    assert upload.accept == ("png", "jpeg")


def test_an_analysis_question_is_numeric_unless_it_asks_for_a_choice():
    questions = parse_exercise(ANALYSIS, FILE, RUBRIC).questions

    assert [(q.check, q.numeric, q.tolerance) for q in questions] == [
        ("engagement_rate:instagram", True, 0.1),
        ("best_platform", False, None),
    ]


@pytest.mark.parametrize(
    "check",
    [
        "engagement_rate:tiktok",
        "click_through_rate:instagram",
        "follower_growth:tiktok",
        "week_over_week:impressions",
        "week_over_week:reach",
        "week_over_week:engagements",
        "week_over_week:clicks",
    ],
)
def test_every_numeric_check_of_the_grammar_is_accepted(check):
    exercise = parse_exercise(edit("engagement_rate:instagram", check, ANALYSIS), FILE, RUBRIC)

    assert exercise.questions[0].check == check
    assert exercise.questions[0].numeric


def test_best_post_is_a_choice_check():
    exercise = parse_exercise(edit("check: best_platform", "check: best_post", ANALYSIS), FILE, RUBRIC)

    assert not exercise.questions[1].numeric


def test_without_a_rubric_criteria_are_only_checked_for_shape():
    text = edit("[copywriting, platform_knowledge]", "[storytelling]")

    assert parse_exercise(text, FILE).criteria == ("storytelling",)


# --- one problem at a time -----------------------------------------------------------------------


def test_a_yaml_syntax_error_points_at_the_line():
    text = edit("    prompt: Announce the launch.", "    prompt: [Announce the launch.")

    found = problems(text)
    assert len(found) == 1
    assert found[0].file == FILE
    assert found[0].line == line_of(text, "  - platform: tiktok")  # where PyYAML noticed
    assert "not valid YAML" in found[0].message


def test_an_unknown_field_is_reported_with_a_guess():
    text = edit("time_limit_minutes: 20", "time_limit: 20")

    found = problems(text)
    assert [(p.line, p.message.split(";")[0]) for p in found] == [
        (1, "missing required field 'time_limit_minutes'"),
        (line_of(text, "time_limit:"), "unknown field 'time_limit' (did you mean 'time_limit_minutes'?)"),
    ]


def test_a_missing_field_is_reported_at_the_top_of_the_mapping():
    text = edit("title: Launch posts\n", "")

    assert_problem(text, "key: launch-posts", "missing required field 'title'")


def test_a_field_given_twice_is_reported_not_silently_overwritten():
    text = edit("title: Launch posts\n", "title: Launch posts\ntitle: Other posts\n")

    assert_problem(text, "title: Other posts", "duplicate field 'title' (first on line 2)")


def test_a_field_of_another_type_is_refused():
    text = COPY + "prompts:\n  - key: extra\n    text: Why?\n"

    assert_problem(text, "prompts:", "field 'prompts' is only for scenario exercises, not copy")


@pytest.mark.parametrize(
    ("kind", "field"),
    [("copy", "platforms"), ("reply", "comments"), ("upload", "upload"), ("scenario", "prompts")],
)
def test_the_field_of_the_type_is_required(kind, field):
    text = BY_TYPE[kind]
    text = text[: text.index(f"{field}:")]

    assert_problem(text, "key:", f"missing required field '{field}' ({kind} exercises need it)")


def test_an_analysis_needs_its_dataset_questions_and_recommendation():
    text = ANALYSIS[: ANALYSIS.index("dataset:")]

    assert [p.message for p in problems(text)] == [
        "missing required field 'dataset' (analysis exercises need it)",
        "missing required field 'questions' (analysis exercises need it)",
        "missing required field 'recommendation' (analysis exercises need it)",
    ]


def test_an_unknown_type_is_refused():
    text = edit("type: copy", "type: video")

    assert_problem(
        text, "type: video", "type must be 'copy', 'reply', 'analysis', 'upload' or 'scenario', not 'video'"
    )


def test_an_unknown_type_still_gets_its_other_fields_checked():
    text = edit("type: copy", "type: video", edit("  - platform: x", "  - platform: myspace"))

    assert [p.line for p in problems(text)] == [line_of(text, "type: video"), line_of(text, "myspace")]


def test_a_criterion_must_be_in_the_rubric():
    text = edit("[copywriting, platform_knowledge]", "[copywriting, storytelling]")

    assert_problem(text, "criteria:", "criterion 'storytelling' is not in rubric 'social-media-manager'")


def test_a_criterion_may_be_listed_only_once():
    text = edit("criteria: [copywriting, platform_knowledge]", "criteria:\n  - copywriting\n  - copywriting")

    first = line_of(text, "  - copywriting")

    assert [(p.line, p.message) for p in problems(text)] == [
        (first + 1, f"duplicate criterion 'copywriting' (first on line {first})")
    ]


def test_criteria_must_list_at_least_one():
    text = edit("[copywriting, platform_knowledge]", "[]")

    assert_problem(text, "criteria:", "criteria must list at least one criterion")


def test_an_exercise_of_another_rubric_is_refused_when_checked_against_this_one():
    text = edit("rubric: social-media-manager", "rubric: community-manager")

    assert_problem(
        text, "rubric:", "unknown rubric 'community-manager' (known rubrics: social-media-manager)"
    )


@pytest.mark.parametrize(
    ("check", "message"),
    [
        ("engagement_rate", "check 'engagement_rate' needs a platform, e.g. 'engagement_rate:instagram'"),
        ("week_over_week", "check 'week_over_week' needs a metric, e.g. 'week_over_week:reach'"),
        ("week_over_week:likes", "the metric must be 'impressions', 'reach', 'engagements' or 'clicks'"),
        (
            "reach_rate:instagram",
            "check 'reach_rate:instagram' is not a check; use one of engagement_rate:<pl",
        ),
        ("Engagement_Rate:instagram", "is not a check"),
        ("engagement_rate:myspace", "platform 'myspace' is not in dataset.platforms (instagram, tiktok)"),
    ],
)
def test_a_check_outside_the_grammar_is_refused(check, message):
    text = edit("check: engagement_rate:instagram", f"check: {check}", ANALYSIS)

    assert_problem(text, f"check: {check}", message)


def test_a_check_may_only_name_a_platform_of_the_dataset():
    text = edit("check: engagement_rate:instagram", "check: click_through_rate:linkedin", ANALYSIS)

    assert_problem(
        text, "check: click", "platform 'linkedin' is not in dataset.platforms (instagram, tiktok)"
    )


def test_a_choice_check_takes_no_argument():
    text = edit("check: best_platform", "check: best_platform:instagram", ANALYSIS)

    assert_problem(text, "check: best_platform", "check 'best_platform' takes nothing after it")


def test_a_numeric_check_needs_a_tolerance():
    text = edit("    tolerance: 0.1\n", "", ANALYSIS)

    assert_problem(
        text,
        "  - key: er-instagram",
        "question 'er-instagram': check 'engagement_rate:instagram' has a number for an answer, "
        "so it needs a tolerance",
    )


def test_a_choice_check_refuses_a_tolerance():
    text = edit("    check: best_platform\n", "    check: best_platform\n    tolerance: 1\n", ANALYSIS)

    assert_problem(
        text, "    tolerance: 1", "check 'best_platform' has a choice for an answer; remove the tolerance"
    )


@pytest.mark.parametrize(
    ("tolerance", "message"),
    [
        ("0", "tolerance must be greater than 0, not 0"),
        ("-0.5", "greater than 0"),
        ("a lot", "must be a number"),
    ],
)
def test_a_tolerance_is_a_positive_number(tolerance, message):
    text = edit("tolerance: 0.1", f"tolerance: {tolerance}", ANALYSIS)

    assert_problem(text, "tolerance:", message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "time_limit_minutes must be from 1 to 240, not 0"),
        ("-5", "time_limit_minutes must be from 1 to 240, not -5"),
        ("241", "time_limit_minutes must be from 1 to 240, not 241"),
        ("20.5", "time_limit_minutes must be a whole number, not the number 20.5"),
        ("twenty", "time_limit_minutes must be a whole number, not the text 'twenty'"),
        ("true", "time_limit_minutes must be a whole number, not true/false (true)"),
        ("", "time_limit_minutes must be a whole number, not empty"),
    ],
)
def test_the_time_limit_is_a_positive_whole_number_of_minutes(value, message):
    text = edit("time_limit_minutes: 20", f"time_limit_minutes: {value}")

    assert_problem(text, "time_limit_minutes:", message)


@pytest.mark.parametrize(
    ("kind", "first", "second", "message"),
    [
        ("reply", "  - key: late-order", "  - key: hives", "duplicate comment key 'late-order'"),
        ("analysis", "  - key: er-instagram", "  - key: best", "duplicate question key 'er-instagram'"),
        ("scenario", "  - key: reach-drop", "  - key: video", "duplicate prompt key 'reach-drop'"),
        ("copy", "  - platform: x", "  - platform: tiktok", "duplicate platform 'x'"),
    ],
)
def test_keys_within_an_exercise_are_unique(kind, first, second, message):
    first_line, second_line = line_of(BY_TYPE[kind], first), line_of(BY_TYPE[kind], second)
    text = BY_TYPE[kind].replace(second, first)  # a copied block whose key was not changed

    found = problems(text)
    assert [(p.line, p.message) for p in found] == [(second_line, f"{message} (first on line {first_line})")]


def test_the_recommendation_key_is_reserved_in_an_analysis():
    text = edit("  - key: best\n", "  - key: recommendation\n", ANALYSIS)

    assert_problem(
        text, "  - key: recommendation", "key 'recommendation' is taken by the recommendation answer"
    )


@pytest.mark.parametrize(
    ("accept", "message"),
    [
        ("[png, gif]", "upload: accept must be 'png', 'jpeg' or 'pdf', not 'gif'"),
        ("[jpg]", "upload: accept must be 'png', 'jpeg' or 'pdf', not 'jpg'"),
        ("[svg]", "not 'svg'"),
        ("[]", "upload: accept must list at least one file type"),
        ("png", "upload: accept must be a list, not the text 'png'"),
    ],
)
def test_an_upload_accepts_only_png_jpeg_and_pdf(accept, message):
    text = edit("accept: [png, jpeg]", f"accept: {accept}", UPLOAD)

    assert_problem(text, "accept:", message)


def test_an_upload_may_not_list_a_file_type_twice():
    text = edit("accept: [png, jpeg]", "accept: [png, png]", UPLOAD)

    assert_problem(text, "accept:", "upload: duplicate file type 'png'")


@pytest.mark.parametrize(
    ("old", "new", "fragment", "message"),
    [
        (
            "max_megabytes: 10",
            "max_megabytes: 16",
            "max_megabytes",
            "upload: max_megabytes must be from 1 to 15, not 16",
        ),
        (
            "max_megabytes: 10",
            "max_megabytes: 0",
            "max_megabytes",
            "upload: max_megabytes must be from 1 to 15, not 0",
        ),
        (
            "max_pixels: 40000000",
            "max_pixels: 1e9",
            "max_pixels",
            "upload: max_pixels must be a whole number",
        ),
        ("  rationale: Explain your choices.\n", "", "upload:", "upload: missing required field 'rationale'"),
    ],
)
def test_upload_limits_are_checked(old, new, fragment, message):
    text = edit(old, new, UPLOAD)

    assert_problem(text, fragment, message)


@pytest.mark.parametrize(
    ("old", "new", "fragment", "message"),
    [
        ("weeks: 2", "weeks: 1", "weeks:", "dataset: weeks must be from 2 to 12, not 1"),
        (
            "weeks: 2",
            "weeks: 7",
            "posts_per_platform:",
            "dataset: posts_per_platform (6) must be at least weeks (7)",
        ),
        (
            "posts_per_platform: 6",
            "posts_per_platform: 51",
            "posts_per_platform:",
            "must be from 1 to 50, not 51",
        ),
        (
            "[instagram, tiktok]",
            "[instagram, instagram]",
            "  platforms:",
            "dataset: duplicate platform 'instagram'",
        ),
        (
            "[instagram, tiktok]",
            "[instagram, twitter]",
            "  platforms:",
            "dataset: platform must be 'x', 'instagram', ",
        ),
        ("[instagram, tiktok]", "[]", "  platforms:", "dataset: platforms must list at least one platform"),
    ],
)
def test_the_dataset_is_checked(old, new, fragment, message):
    text = edit(old, new, ANALYSIS)

    assert_problem(text, fragment, message)


@pytest.mark.parametrize(
    ("old", "new", "fragment", "message"),
    [
        (
            "kind: complaint",
            "kind: praise",
            "kind: praise",
            "comment 'late-order': kind must be 'complaint', ",
        ),
        (
            '    author: "@maria_r"\n',
            "",
            "  - key: late-order",
            "comment 'late-order': missing required field",
        ),
        ("text: Still waiting for my order.", "text:", "    text:\n", "comment 'late-order': text is empty"),
        (
            "key: late-order",
            "key: Late Order",
            "Late Order",
            "comment 'Late Order': key 'Late Order' must match",
        ),
    ],
)
def test_comments_are_checked(old, new, fragment, message):
    text = edit(old, new, REPLY)

    assert_problem(text, fragment, message)


@pytest.mark.parametrize(
    ("old", "new", "fragment", "message"),
    [
        ("limit: 300", "limit: 0", "limit:", "platform 'tiktok': limit must be from 1 to 100000, not 0"),
        ("limit: 300", "limit: lots", "limit:", "platform 'tiktok': limit must be a whole number"),
        ("prompt: Announce the launch.", "prompt: ''", "prompt: ''", "platform 'x': prompt is empty"),
        (
            "platform: x",
            "platform: twitter",
            "twitter",
            "platform 'twitter': platform must be 'x', 'instagram'",
        ),
    ],
)
def test_platform_tasks_are_checked(old, new, fragment, message):
    text = edit(old, new)

    assert_problem(text, fragment, message)


def test_many_problems_are_reported_together_top_to_bottom_as_file_line_message():
    text = edit("type: copy", "type: video", edit("time_limit_minutes: 20", "time_limit_minutes: 0"))
    text = edit("key: launch-posts", "key: Launch Posts", text)

    with pytest.raises(ExerciseError) as caught:
        parse_exercise(text, FILE, RUBRIC)

    error = caught.value
    assert [problem.line for problem in error.problems] == [1, 3, 6]
    assert str(error).splitlines() == [
        f"{FILE}:1: key 'Launch Posts' must match [a-z0-9-]+",
        f"{FILE}:3: type must be 'copy', 'reply', 'analysis', 'upload' or 'scenario', not 'video'",
        f"{FILE}:6: time_limit_minutes must be from 1 to 240, not 0",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty; an exercise needs key, title, type, rubric, criteria"),
        ("- a list\n", "an exercise must be a mapping of fields, not a list"),
    ],
)
def test_a_file_that_is_not_an_exercise_at_all(text, message):
    found = problems(text)

    assert len(found) == 1 and message in found[0].message


def test_a_file_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(COPY.replace("Announce the launch.", "Annonce café.").encode("latin-1"))

    with pytest.raises(ExerciseError) as caught:
        load_exercise(path, RUBRIC)

    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == (str(path), line_of(COPY, "Announce the launch."))
    assert "not UTF-8" in problem.message


# --- folders -------------------------------------------------------------------------------------


def test_check_exercise_paths_reports_a_key_used_by_two_files_and_an_unknown_rubric(tmp_path):
    write(tmp_path, "a.yaml", COPY)
    second = write(tmp_path, "b.yaml", edit("title: Launch posts", "title: Other"))
    other = write(tmp_path, "c.yaml", edit("rubric: social-media-manager", "rubric: barista", REPLY))
    write(tmp_path, "README.md", "# not an exercise")

    exercises, found = check_exercise_paths([tmp_path], {RUBRIC.key: RUBRIC})

    assert [exercise.key for exercise in exercises] == ["launch-posts"]
    assert [str(problem) for problem in found] == [
        f"{second}: exercise key 'launch-posts' is already used by {tmp_path / 'a.yaml'}",
        f"{other}:4: unknown rubric 'barista' (known rubrics: social-media-manager)",
    ]


def test_check_exercise_paths_reports_missing_paths_and_empty_folders(tmp_path):
    exercises, found = check_exercise_paths([tmp_path, tmp_path / "gone"], {RUBRIC.key: RUBRIC})

    assert exercises == []
    assert sorted(problem.message for problem in found) == [
        "no *.yaml or *.yml exercise files in this folder",
        "no such file or folder",
    ]


def test_exercises_for_skips_other_rubrics_quietly_and_broken_files_with_a_warning(tmp_path, caplog):
    write(tmp_path, "b.yaml", REPLY)
    write(tmp_path, "a.yaml", SCENARIO)
    write(
        tmp_path,
        "other.yaml",
        edit("key: launch-posts", "key: barista", edit("rubric: social", "rubric: cafe")),
    )
    write(tmp_path, "broken.yaml", edit("type: copy", "type: video"))

    found = exercises_for(tmp_path, RUBRIC)

    assert [exercise.key for exercise in found] == ["replies", "scenarios"]
    assert [record.getMessage() for record in caplog.records] == [
        f"exercise skipped: {tmp_path / 'broken.yaml'}:3: "
        "type must be 'copy', 'reply', 'analysis', 'upload' or 'scenario', not 'video'"
    ]


def test_exercises_for_a_missing_folder_is_empty(tmp_path):
    assert exercises_for(tmp_path / "none", RUBRIC) == []


def test_exercises_are_validated_against_the_rubric_they_name(tmp_path):
    small = parse_rubric(
        (REPO / "rubrics" / "social-media-manager.yaml")
        .read_text(encoding="utf-8")
        .replace("key: social-media-manager", "key: small-team")
    )
    write(tmp_path, "a.yaml", edit("rubric: social-media-manager", "rubric: small-team"))
    write(tmp_path, "b.yaml", REPLY)

    exercises, found = check_exercise_paths([tmp_path], {RUBRIC.key: RUBRIC, small.key: small})

    assert found == []
    assert {exercise.key: exercise.rubric for exercise in exercises} == {
        "launch-posts": "small-team",
        "replies": "social-media-manager",
    }


# --- answer slots ----------------------------------------------------------------------------------


def test_a_copy_exercise_has_one_text_item_per_platform_labelled_with_its_name():
    assert parse_exercise(COPY).items() == [
        Item("x", PLATFORMS["x"].name, "text"),
        Item("tiktok", PLATFORMS["tiktok"].name, "text"),
    ]


def test_a_reply_exercise_has_one_text_item_per_comment():
    assert parse_exercise(REPLY).items() == [
        Item("late-order", "@maria_r", "text", "Reply to %(label)s"),
        Item("hives", "@tom", "text", "Reply to %(label)s"),
    ]


def test_an_analysis_has_a_number_or_choice_item_per_question_and_a_recommendation():
    assert parse_exercise(ANALYSIS).items() == [
        Item("er-instagram", "Engagement rate on Instagram?", "number"),
        Item("best", "Best platform?", "choice"),
        Item("recommendation", "What would you change next month?", "text"),
    ]


def test_an_upload_has_a_file_item_and_a_rationale():
    assert parse_exercise(UPLOAD).items() == [
        Item("file", "", "file", "Your design"),
        Item("rationale", "Explain your choices.", "text"),
    ]


def test_a_scenario_has_one_text_item_per_prompt():
    assert parse_exercise(SCENARIO).items() == [
        Item("reach-drop", "Reach fell by 40% overnight. What now?", "text"),
        Item("video", "Move the team to short video in a month.", "text"),
    ]


# --- snapshots and identity ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", TYPES)
def test_to_dict_round_trips_exactly_through_json(kind):
    exercise = parse_exercise(BY_TYPE[kind], FILE, RUBRIC)

    stored = json.loads(json.dumps(exercise.to_dict()))

    assert Exercise.from_dict(stored) == exercise
    assert Exercise.from_dict(stored).content_hash == exercise.content_hash


def test_every_shipped_exercise_round_trips():
    for exercise in exercises_for(EXERCISES, RUBRIC):
        assert Exercise.from_dict(json.loads(json.dumps(exercise.to_dict()))) == exercise, exercise.key


def test_a_snapshot_holds_only_the_fields_of_its_type():
    assert set(parse_exercise(UPLOAD).to_dict()) == {
        "key", "title", "type", "rubric", "criteria", "time_limit_minutes", "instructions", "upload",
    }  # fmt: skip


def test_the_content_hash_ignores_layout_and_comments():
    reformatted = (
        "# a comment\n"
        + edit(
            "criteria: [copywriting, platform_knowledge]",
            "criteria:\n  - copywriting\n  - platform_knowledge",
        )
        + "# trailing comment\n"
    )
    reordered = "title: Launch posts\n" + edit("title: Launch posts\n", "")

    assert parse_exercise(reformatted).content_hash == parse_exercise(COPY).content_hash
    assert parse_exercise(reordered).content_hash == parse_exercise(COPY).content_hash


def test_the_content_hash_changes_with_any_change_of_meaning():
    original = parse_exercise(COPY).content_hash

    assert parse_exercise(edit("limit: 300", "limit: 301")).content_hash != original
    assert parse_exercise(edit("Announce the launch.", "Announce the launch!")).content_hash != original


def test_the_content_hash_is_stable_across_runs_and_versions():
    exercise = parse_exercise(SCENARIO)

    assert len(exercise.content_hash) == 64
    assert exercise.content_hash == "a99cb22a2add080be3a075b7fdab4ce6e47d17342909afef0778dae75a336a48"


# What `to_dict` gave before the schema was pydantic dataclasses: snapshots like these are stored in
# invitations, and must still load into the same exercise with the same hash.
STORED_UPLOAD = {
    "key": "visual", "title": "Visual", "type": "upload", "rubric": "social-media-manager", "criteria": ["design"],
    "time_limit_minutes": 30, "instructions": "Make the launch visual.",
    "upload": {"accept": ["png", "jpeg"], "max_bytes": 10485760, "max_pixels": 40000000,
               "rationale": "Explain your choices."},
}  # fmt: skip
STORED_ANALYSIS = {
    "key": "numbers", "title": "Numbers", "type": "analysis", "rubric": "social-media-manager",
    "criteria": ["analytics", "strategy"], "time_limit_minutes": 25, "instructions": "Download the data set.",
    "dataset": {"platforms": ["instagram", "tiktok"], "posts_per_platform": 6, "weeks": 2},
    "questions": [
        {"key": "er-instagram", "prompt": "Engagement rate on Instagram?", "check": "engagement_rate:instagram",
         "tolerance": 0.1},
        {"key": "best", "prompt": "Best platform?", "check": "best_platform", "tolerance": None},
    ],
    "recommendation": "What would you change next month?",
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "stored", "content_hash"),
    [
        (UPLOAD, STORED_UPLOAD, "e8c45544672d0ab10eaaa812505b8023be515e6d2ce876e9fbccbb0816d4435b"),
        (ANALYSIS, STORED_ANALYSIS, "bd0f2225c96870a294584b5f554d80e966d7f11e064daff17e6899ecc599d441"),
    ],
)
def test_a_snapshot_stored_by_the_old_reader_still_loads_unchanged(text, stored, content_hash):
    exercise = Exercise.from_dict(stored)

    assert exercise == parse_exercise(text, FILE, RUBRIC)
    assert exercise.to_dict() == stored
    assert exercise.content_hash == content_hash


@pytest.mark.parametrize("kind", TYPES)
def test_each_type_is_its_own_class_and_has_no_fields_of_the_others(kind):
    exercise = parse_exercise(BY_TYPE[kind], FILE, RUBRIC)

    assert type(exercise) is EXERCISE_TYPES[kind]
    assert type(Exercise.from_dict(exercise.to_dict())) is EXERCISE_TYPES[kind]
    if kind != "analysis":
        assert exercise.dataset is None and exercise.questions == () and exercise.question("best") is None
    if kind != "upload":
        assert exercise.upload is None


def test_exercises_are_immutable_and_hashable():
    exercise = parse_exercise(ANALYSIS)

    with pytest.raises(AttributeError):
        exercise.title = "Changed"  # type: ignore[misc]
    assert len({exercise, parse_exercise(ANALYSIS)}) == 1


def test_platform_keys_cover_the_networks_of_the_brief():
    assert set(PLATFORM_KEYS) >= {"x", "instagram", "linkedin", "tiktok", "facebook", "youtube"}
