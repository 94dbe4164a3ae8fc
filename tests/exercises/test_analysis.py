"""The analysis exercise: generated data set and auto-grading.

Expected answers are recomputed here from the downloaded CSV with plain loops, independently of the
module's pandas helpers, and the grader must agree with them.
"""

from __future__ import annotations

import io
import itertools
from collections import defaultdict
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiring.exercises.analysis import (
    CHECK_PATTERN,
    COLUMNS,
    DEFAULT_TOLERANCE,
    Expected,
    answer_keys,
    choices_for,
    dataset_csv,
    expected_answer,
    generate_dataset,
    grade_answer,
    grade_expected,
    parse_number,
)


@pytest.fixture(autouse=True)
def _clean_database():
    """Overrides the suite-wide fixture of the same name: this module is pure (no app, no database), so
    there is nothing to empty and no reason to build the app just to run these tests."""
    yield


SIX = ("Instagram", "TikTok", "LinkedIn", "X", "Facebook", "YouTube")
CONFIGS = [  # (platforms, posts_per_platform, weeks)
    (SIX, 10, 2),
    (("TikTok", "LinkedIn"), 2, 2),
    (("Threads", "Pinterest", "Mastodon", "Instagram"), 9, 3),
]
WEEK_1_MONDAY = date(2026, 3, 2)


def rows_from_csv(frame: pd.DataFrame) -> list[dict]:
    return pd.read_csv(io.BytesIO(dataset_csv(frame))).to_dict("records")


def independent_answers(rows: list[dict]) -> dict[str, float | str]:
    """Every check's answer, from the CSV rows, with plain Python."""
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    first: dict[str, tuple[str, int]] = {}
    last: dict[str, tuple[str, int]] = {}
    week_totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    best_post, best_post_rate = None, -1.0
    for row in rows:
        platform = row["platform"]
        for column in ("impressions", "reach", "engagements", "clicks"):
            sums[platform][column] += row[column]
        if platform not in first or row["date"] < first[platform][0]:
            first[platform] = (row["date"], row["followers"])
        if platform not in last or row["date"] > last[platform][0]:
            last[platform] = (row["date"], row["followers"])
        week = (date.fromisoformat(row["date"]) - WEEK_1_MONDAY).days // 7 + 1
        for column in ("impressions", "reach", "engagements", "clicks"):
            week_totals[week][column] += row[column]
        rate = row["engagements"] / row["impressions"]
        if rate > best_post_rate:
            best_post, best_post_rate = row["post_id"], rate

    answers: dict[str, float | str] = {}
    best_platform, best_platform_rate = None, -1.0
    for platform, total in sums.items():
        engagement_rate = 100 * total["engagements"] / total["impressions"]
        answers[f"engagement_rate:{platform}"] = engagement_rate
        answers[f"click_through_rate:{platform}"] = 100 * total["clicks"] / total["impressions"]
        start, end = first[platform][1], last[platform][1]
        answers[f"follower_growth:{platform}"] = 100 * (end - start) / start
        if engagement_rate > best_platform_rate:
            best_platform, best_platform_rate = platform, engagement_rate
    for metric in ("impressions", "reach", "engagements", "clicks"):
        week1, week2 = week_totals[1][metric], week_totals[2][metric]
        answers[f"week_over_week:{metric}"] = 100 * (week2 - week1) / week1
    answers["best_platform"] = best_platform
    answers["best_post"] = best_post
    return answers


# ------------------------------------------------------------------------------------------- data set

@pytest.mark.parametrize(("platforms", "posts", "weeks"), CONFIGS)
def test_same_seed_same_frame_and_csv(platforms, posts, weeks):
    a = generate_dataset(42, platforms, posts, weeks)
    b = generate_dataset(42, list(platforms), posts, weeks)
    pd.testing.assert_frame_equal(a, b)
    assert dataset_csv(a) == dataset_csv(b)


def test_different_seeds_give_different_numbers():
    frames = [generate_dataset(seed, SIX, 10, 2) for seed in range(25)]
    for a, b in itertools.combinations(frames, 2):
        assert not a["impressions"].equals(b["impressions"])
        assert not a["engagements"].equals(b["engagements"])
    assert len({expected_answer(f, "engagement_rate:Instagram").value for f in frames}) == 25
    assert len({expected_answer(f, "best_platform").value for f in frames}) > 1, "the winner should vary"


@pytest.mark.parametrize(("platforms", "posts", "weeks"), CONFIGS)
@pytest.mark.parametrize("seed", [0, 1, 7, 2026, 2**40 + 3])
def test_invariants(seed, platforms, posts, weeks):
    frame = generate_dataset(seed, platforms, posts, weeks)
    assert tuple(frame.columns) == COLUMNS
    assert len(frame) == len(platforms) * posts
    assert frame["post_id"].is_unique
    for column in ("impressions", "reach", "engagements", "clicks", "followers"):
        assert str(frame[column].dtype) == "int64"
    assert (frame["clicks"] >= 0).all()
    assert (frame["reach"] >= 1).all()
    assert (frame["reach"] <= frame["impressions"]).all()
    assert (frame["engagements"] <= frame["reach"]).all()
    assert (frame["clicks"] <= frame["engagements"]).all()

    rows = rows_from_csv(frame)
    keys = [(row["date"], row["platform"]) for row in rows]
    assert keys == sorted(keys), "sorted by date then platform"
    last_day = (weeks * 7) - 1
    per_platform = defaultdict(list)
    for row in rows:
        offset = (date.fromisoformat(row["date"]) - WEEK_1_MONDAY).days
        assert 0 <= offset <= last_day
        per_platform[row["platform"]].append((offset, row))
    assert set(per_platform) == set(platforms)
    for platform, posts_of_platform in per_platform.items():
        assert len(posts_of_platform) == posts
        assert {offset // 7 for offset, _ in posts_of_platform} == set(range(weeks)), "posts every week"
        prefix = posts_of_platform[0][1]["post_id"].split("-")[0]
        assert all(row["post_id"].startswith(prefix + "-") for _, row in posts_of_platform)
        followers_on = {}
        for offset, row in posts_of_platform:
            assert followers_on.setdefault(offset, row["followers"]) == row["followers"], "one count per day"
        counts = [followers_on[day] for day in sorted(followers_on)]
        for before, after in itertools.pairwise(counts):
            assert after >= before * 0.97, f"{platform}: followers drop too sharply {before} → {after}"
        assert counts[-1] > counts[0] * 0.97


def test_readable_prefixes():
    frame = generate_dataset(3, ("Instagram", "TikTok", "LinkedIn", "X/Twitter", "Mastodon", "Masto"), 2, 2)
    prefixes = {row["platform"]: row["post_id"].split("-")[0] for row in rows_from_csv(frame)}
    assert prefixes == {"Instagram": "IG", "TikTok": "TT", "LinkedIn": "LI", "X/Twitter": "X",
                        "Mastodon": "MA", "Masto": "MA2"}
    assert sorted(frame.loc[frame["platform"] == "TikTok", "post_id"]) == ["TT-01", "TT-02"]


def test_platform_character_shows_in_the_numbers():
    """Across data sets, TikTok reaches far more per post; LinkedIn turns more impressions into clicks."""
    tiktok_more_reach = linkedin_higher_ctr = 0
    for seed in range(20):
        frame = generate_dataset(seed, SIX, 10, 2)
        answers = independent_answers(rows_from_csv(frame))
        reach = frame.groupby("platform")["reach"].median()
        tiktok_more_reach += reach["TikTok"] > reach["LinkedIn"] * 5
        linkedin_higher_ctr += answers["click_through_rate:LinkedIn"] > answers["click_through_rate:TikTok"]
    assert tiktok_more_reach == 20
    assert linkedin_higher_ctr >= 18


@pytest.mark.parametrize(("platforms", "posts", "weeks", "message"), [
    ((), 4, 2, "at least one platform"),
    (("Instagram", "instagram"), 4, 2, "unique"),
    (("Instagram", "Face:book"), 4, 2, "colon"),
    (("Instagram",), 4, 1, "weeks must be at least 2"),
    (("Instagram",), 2, 3, "posts_per_platform"),
])
def test_bad_arguments(platforms, posts, weeks, message):
    with pytest.raises(ValueError, match=message):
        generate_dataset(1, platforms, posts, weeks)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**63), config=st.sampled_from(CONFIGS))
def test_single_best_platform_and_post(seed, config):
    platforms, posts, weeks = config
    rows = rows_from_csv(generate_dataset(seed, platforms, posts, weeks))
    totals = defaultdict(lambda: [0, 0])
    for row in rows:
        totals[row["platform"]][0] += row["engagements"]
        totals[row["platform"]][1] += row["impressions"]
    platform_rates = sorted((100 * e / i for e, i in totals.values()), reverse=True)
    post_rates = sorted((100 * row["engagements"] / row["impressions"] for row in rows), reverse=True)
    # A lead of more than 0.1 points survives anyone rounding the rates to one decimal.
    assert platform_rates[0] - platform_rates[1] > 0.1
    assert post_rates[0] - post_rates[1] > 0.1


# ------------------------------------------------------------------------------------------- grading

@pytest.mark.parametrize(("platforms", "posts", "weeks"), CONFIGS)
@pytest.mark.parametrize("seed", [0, 99, 123456789])
def test_grader_agrees_with_independent_answers(seed, platforms, posts, weeks):
    frame = generate_dataset(seed, platforms, posts, weeks)
    answers = independent_answers(rows_from_csv(frame))
    assert len(answers) == 3 * len(platforms) + 4 + 2
    for check, value in answers.items():
        assert CHECK_PATTERN.fullmatch(check)
        expected = expected_answer(frame, check)
        if isinstance(value, str):
            assert expected == Expected(check, value, "choice", "")
            assert grade_answer(frame, check, value, None).correct
            assert grade_answer(frame, check, f"  {value.upper()} ", None).correct
            wrong = next(option for option in choices_for(frame, check) if option != value)
            grade = grade_answer(frame, check, wrong, None)
            assert not grade.correct
            assert grade.note == f"expected {value}, got {wrong}"
            continue
        assert expected.kind == "number" and expected.unit == "%"
        assert expected.value == pytest.approx(value, abs=1e-9)
        assert grade_answer(frame, check, repr(value), 0).correct, "the exact value, no tolerance"
        assert grade_answer(frame, check, f"{value:.1f}", 0.05).correct, "rounded to 1 decimal"
        assert grade_answer(frame, check, f"{value:.2f} %", 0.005).correct, "rounded to 2 decimals"
        assert not grade_answer(frame, check, f"{value + 0.02:.2f}", 0.005).correct
        for tolerance in (0.05, 0.5):
            assert grade_answer(frame, check, f"{value + tolerance * 0.9:.4f}", tolerance).correct
            for off in (value + tolerance + 0.01, value - tolerance - 0.01):
                grade = grade_answer(frame, check, f"{off:.4f}", tolerance)
                assert not grade.correct, (check, value, off, tolerance)
                assert grade.tolerance == tolerance and grade.expected == expected.value


@pytest.mark.parametrize(("platforms", "posts", "weeks"), CONFIGS[:2])
def test_remembered_answer_keys_grade_exactly_as_the_data_set_does(platforms, posts, weeks):
    frame = generate_dataset(7, platforms, posts, weeks)
    checks = list(independent_answers(rows_from_csv(frame)))
    keys = answer_keys(7, platforms, posts, weeks, checks)
    assert answer_keys(7, list(platforms), posts, weeks, checks) is keys, "the second call is remembered"
    assert answer_keys(8, platforms, posts, weeks, checks) != keys, "another seed, other answers"
    for check, key in zip(checks, keys, strict=True):
        assert key.expected == expected_answer(frame, check) and list(key.choices) == choices_for(frame, check)
        for answer in ("", "4.2", "0.042", "abc", str(key.expected.value), platforms[0]):
            assert grade_expected(key.expected, key.choices, answer, 0.05) == grade_answer(frame, check, answer, 0.05)


def test_rounding_half_up_to_one_decimal_passes_with_tolerance_005():
    """A hand-made frame whose engagement rate is exactly 4.35 %: both 4.3 and 4.4 are correct roundings."""
    frame = pd.DataFrame({
        "post_id": ["A-01", "A-02"], "platform": ["A", "A"], "date": ["2026-03-02", "2026-03-10"],
        "impressions": [1000, 1000], "reach": [900, 900], "engagements": [40, 47], "clicks": [4, 5],
        "followers": [500, 510],
    })
    assert expected_answer(frame, "engagement_rate:A").value == pytest.approx(4.35)
    assert grade_answer(frame, "engagement_rate:A", "4.4", 0.05).correct
    assert grade_answer(frame, "engagement_rate:A", "4.3", 0.05).correct
    assert not grade_answer(frame, "engagement_rate:A", "4.41", 0.05).correct
    assert expected_answer(frame, "follower_growth:A").value == pytest.approx(2.0)
    assert expected_answer(frame, "week_over_week:engagements").value == pytest.approx(17.5)


def test_grade_notes_and_defaults():
    frame = generate_dataset(11, SIX, 10, 2)
    value = expected_answer(frame, "engagement_rate:Instagram").value
    shown = f"{value:.2f}"
    grade = grade_answer(frame, "engagement_rate:Instagram", f"{value + 0.3:.1f}", 0.1)
    assert not grade.correct
    assert grade.note == f"expected {shown} % ± 0.1, got {value + 0.3:.1f}"
    grade = grade_answer(frame, "engagement_rate:Instagram", f"{value:.1f}", None)
    assert grade.correct and grade.tolerance == DEFAULT_TOLERANCE

    fraction = grade_answer(frame, "engagement_rate:Instagram", f"{value / 100:.4f}", 0.1)
    assert not fraction.correct and "looks like a fraction" in fraction.note

    for blank in ("", "   ", "\t"):
        grade = grade_answer(frame, "engagement_rate:Instagram", blank, 0.1)
        assert (grade.correct, grade.note, grade.given) == (False, "no answer", "")
        assert grade_answer(frame, "best_post", blank, None).note == "no answer"

    grade = grade_answer(frame, "engagement_rate:Instagram", "about 4 %", 0.1)
    assert not grade.correct and grade.note == "could not read 'about 4 %' as a number"

    grade = grade_answer(frame, "best_post", "IG-99", None)
    assert not grade.correct and grade.note.endswith("(not one of the options)")

    with pytest.raises(ValueError, match="non-negative"):
        grade_answer(frame, "engagement_rate:Instagram", "4", -0.1)


def test_platform_in_a_check_is_matched_ignoring_case_and_must_exist():
    frame = generate_dataset(4, SIX, 10, 2)
    lower = expected_answer(frame, "engagement_rate:tiktok")
    assert lower.value == expected_answer(frame, "engagement_rate:TikTok").value
    assert lower.check == "engagement_rate:tiktok"
    with pytest.raises(ValueError, match=r"'Snapchat' is not in the data set \(platforms: "):
        expected_answer(frame, "follower_growth:Snapchat")


def test_choices():
    frame = generate_dataset(8, ("TikTok", "LinkedIn", "Instagram"), 3, 2)
    assert choices_for(frame, "best_platform") == ["Instagram", "LinkedIn", "TikTok"]
    assert choices_for(frame, "best_post") == [
        "IG-01", "IG-02", "IG-03", "LI-01", "LI-02", "LI-03", "TT-01", "TT-02", "TT-03"]
    assert choices_for(frame, "engagement_rate:TikTok") == []
    assert expected_answer(frame, "best_post").value in choices_for(frame, "best_post")


@pytest.mark.parametrize(("text", "number"), [
    ("4.21", 4.21), ("4.21%", 4.21), (" 4,21 ", 4.21), ("+12.5 %", 12.5), ("-3%", -3.0),
    ("−3.5", -3.5), ("- 3", -3.0), ("0", 0.0), (".5", 0.5), ("4.", 4.0), ("12", 12.0),
    ("４．２１％", 4.21), ("4,2 %", 4.2),
])
def test_numbers_people_write(text, number):
    assert parse_number(text) == pytest.approx(number)


@pytest.mark.parametrize("text", ["", "abc", "4.2.1", "1,234.5", "4 2", "1e3", "%4", "4%%", "4.2 pp", "--3"])
def test_numbers_not_read(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("check", [
    "engagement_rate:Instagram", "click_through_rate:X/Twitter", "follower_growth:Google My Business",
    "week_over_week:impressions", "week_over_week:clicks", "best_platform", "best_post",
])
def test_check_pattern_accepts(check):
    assert CHECK_PATTERN.fullmatch(check)


@pytest.mark.parametrize("check", [
    "engagement_rate", "engagement_rate:", "engagement_rate: Instagram", "engagement_rate:a:b",
    "week_over_week:followers", "week_over_week", "best_platform:TikTok", "best_posts", "ctr:TikTok", "",
])
def test_unknown_checks(check):
    frame = generate_dataset(2, ("Instagram", "TikTok"), 2, 2)
    assert not CHECK_PATTERN.fullmatch(check)
    with pytest.raises(ValueError, match="unknown check"):
        expected_answer(frame, check)
    with pytest.raises(ValueError, match="unknown check"):
        grade_answer(frame, check, "1", 0.1)
