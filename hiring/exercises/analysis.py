"""The `analysis` exercise: a small social-metrics data set generated per invitation, and its auto-grader.

Pure numpy/pandas: no Flask, no database. The caller stores the seed (and ideally the CSV itself, see
below) with the invitation and passes plain values in.

The data set
------------
`generate_dataset(seed, platforms, posts_per_platform, weeks)` returns one row per post:

=============  =======================================================================================
post_id        platform prefix and a number in date order, e.g. ``IG-03`` (unique)
platform       the platform's name as given
date           ISO date; week 1 is Monday 2 March 2026 to Sunday 8 March, week 2 the next 7 days, ...
impressions    times the post was shown (integer)
reach          distinct accounts that saw it (≤ impressions)
engagements    likes, comments, shares, saves (≤ reach)
clicks         link clicks (≤ engagements)
followers      the account's follower count on that platform that day (same for every post of the
               platform on the same date; grows, with the odd small drop)
=============  =======================================================================================

Rows are sorted by date, then platform, then post_id. Magnitudes follow each platform's character
(TikTok reaches far beyond its followers, LinkedIn has few followers but many clicks per engagement, ...),
with a per-data-set twist so the best platform differs from candidate to candidate.

Every platform posts in every week, so week-over-week changes and follower growth are always defined,
and the data set always has one best platform and one best post by a margin of at least
`CHOICE_MARGIN` percentage points, so a candidate comparing rates rounded to one decimal still sees a
single winner (the generator re-draws or nudges the leading post until it does).

Reproducibility: the same arguments give the same frame. Only `numpy.random.Generator.random` (uniform
doubles, the most stable part of numpy's stream) is used; normal variates come from Box-Muller here.
NumPy still does not promise identical streams across versions, so store the CSV (or at least the
numpy version) with the invitation if a candidate's data must survive an upgrade byte for byte.

Checks
------
An exercise question names one check (`CHECK_PATTERN`); all numeric answers are percentages:

* ``engagement_rate:<platform>``   100 × Σ engagements / Σ impressions over the platform's posts
* ``click_through_rate:<platform>`` 100 × Σ clicks / Σ impressions over the platform's posts
* ``follower_growth:<platform>``   % change of followers from the platform's first post date to its last
* ``week_over_week:<metric>``      % change of the metric's total over all platforms, week 1 → week 2
                                   (metric: impressions, reach, engagements or clicks)
* ``best_platform``                choice: the platform with the highest engagement rate (as above)
* ``best_post``                    choice: the post_id with the highest engagements / impressions
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from hiring.i18n import ENGLISH, N_, Translator

START_DATE = date(2026, 3, 2)  # a Monday: week 1 runs Monday 2 March to Sunday 8 March 2026
COLUMNS = ("post_id", "platform", "date", "impressions", "reach", "engagements", "clicks", "followers")
METRICS = ("impressions", "reach", "engagements", "clicks")
CHOICE_MARGIN = 0.15  # percentage points between the best and the runner-up (platform and post)
DEFAULT_TOLERANCE = 0.05  # percentage points, used when a numeric check states no tolerance
_EPSILON = 1e-9  # floating-point slack on the tolerance comparison
_MAX_DRAWS = 200

CHECK_PATTERN = re.compile(
    r"(?P<rate>engagement_rate|click_through_rate|follower_growth):(?P<platform>[^:\s](?:[^:]*[^:\s])?)"
    r"|week_over_week:(?P<metric>impressions|reach|engagements|clicks)"
    r"|(?P<choice>best_platform|best_post)"
)
"""The check grammar; use ``CHECK_PATTERN.fullmatch(check)``. A platform name is anything without a
colon and without surrounding whitespace (it must also name a platform of the data set to grade)."""


# --------------------------------------------------------------------------------------------- data set

@dataclass(frozen=True)
class _Profile:
    prefix: str
    followers: tuple[int, int]  # starting follower count, uniform in [low, high)
    daily_growth: tuple[float, float]  # mean and sd of the daily relative follower change
    reach_per_follower: tuple[float, float]  # median and log-sd of reach / followers per post
    impressions_per_reach: tuple[float, float]  # uniform range
    engagement_per_reach: float  # median engagements / reach
    clicks_per_engagement: tuple[float, float]  # uniform range


_PROFILES = {
    "facebook": _Profile("FB", (12_000, 40_000), (0.0004, 0.0008), (0.08, 0.45),
                         (1.15, 1.5), 0.030, (0.08, 0.16)),
    "instagram": _Profile("IG", (8_000, 30_000), (0.0015, 0.0015), (0.30, 0.40),
                          (1.2, 1.6), 0.055, (0.02, 0.05)),
    "tiktok": _Profile("TT", (15_000, 60_000), (0.0040, 0.0030), (1.60, 0.80),
                       (1.2, 1.5), 0.075, (0.005, 0.02)),
    "linkedin": _Profile("LI", (2_000, 8_000), (0.0020, 0.0010), (0.25, 0.35),
                         (1.3, 1.8), 0.035, (0.18, 0.32)),
    "x": _Profile("X", (3_000, 15_000), (0.0005, 0.0015), (0.18, 0.50),
                  (1.1, 1.4), 0.020, (0.10, 0.20)),
    "youtube": _Profile("YT", (5_000, 25_000), (0.0020, 0.0015), (0.50, 0.60),
                        (1.5, 3.0), 0.060, (0.02, 0.05)),
    "threads": _Profile("TH", (1_500, 9_000), (0.0030, 0.0020), (0.25, 0.50),
                        (1.1, 1.4), 0.045, (0.01, 0.03)),
    "pinterest": _Profile("PI", (3_000, 20_000), (0.0015, 0.0010), (0.60, 0.60),
                          (1.2, 2.0), 0.025, (0.20, 0.40)),
}
_ALIASES = {"twitter": "x", "xtwitter": "x", "twitterx": "x", "fb": "facebook", "ig": "instagram",
            "insta": "instagram", "yt": "youtube", "li": "linkedin", "tt": "tiktok"}
_DEFAULT_PROFILE = _Profile("", (4_000, 20_000), (0.0010, 0.0012), (0.30, 0.45),
                            (1.2, 1.6), 0.040, (0.04, 0.10))


def _profile(platform: str) -> _Profile:
    key = re.sub(r"[^a-z0-9]", "", platform.casefold())
    return _PROFILES.get(_ALIASES.get(key, key), _DEFAULT_PROFILE)


def _prefixes(platforms: Sequence[str]) -> list[str]:
    """A short, unique, readable post_id prefix per platform (IG, TT, LI, X, ... or initials)."""
    used: set[str] = set()
    result = []
    for name in platforms:
        base = _profile(name).prefix or (re.sub(r"[^A-Za-z0-9]", "", name)[:2].upper() or "P")
        prefix, n = base, 2
        while prefix in used:
            prefix, n = f"{base}{n}", n + 1
        used.add(prefix)
        result.append(prefix)
    return result


def _normal(rng: np.random.Generator, size: int) -> np.ndarray:
    """Standard normal variates from uniforms (Box-Muller), so only `Generator.random` is used."""
    u1 = 1.0 - rng.random(size)  # (0, 1]
    u2 = rng.random(size)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


def _uniform(rng: np.random.Generator, low: float, high: float, size: int | None = None):
    return low + (high - low) * rng.random(size)


def _post_days(rng: np.random.Generator, posts: int, weeks: int) -> np.ndarray:
    """Day offsets from START_DATE: posts spread evenly over the weeks (each week ≥ 1), distinct days
    within a week while there are at most seven."""
    per_week = np.full(weeks, posts // weeks)
    per_week[np.argsort(rng.random(weeks), kind="stable")[: posts % weeks]] += 1
    days = []
    for week, count in enumerate(per_week):
        if count <= 7:
            in_week = np.argsort(rng.random(7), kind="stable")[:count]
        else:
            in_week = np.floor(rng.random(count) * 7).astype(int)
        days.extend(week * 7 + in_week)
    return np.sort(np.array(days, dtype=int), kind="stable")


def _draw_platform(rng: np.random.Generator, name: str, prefix: str, posts: int, weeks: int) -> dict:
    p = _profile(name)
    n_days = weeks * 7
    start = int(np.floor(_uniform(rng, *p.followers)))
    mean, sd = p.daily_growth
    changes = np.rint(start * (mean + sd * _normal(rng, n_days - 1))).astype(np.int64)
    followers_by_day = np.maximum(1, start + np.concatenate([[0], np.cumsum(changes)]))

    days = _post_days(rng, posts, weeks)
    followers = followers_by_day[days]
    median, log_sd = p.reach_per_follower
    reach = np.maximum(1, np.rint(followers * median * np.exp(log_sd * _normal(rng, posts)))).astype(np.int64)
    impressions = reach + np.rint(reach * (_uniform(rng, *p.impressions_per_reach, size=posts) - 1))
    # This data set's twist on the platform, then each post's own luck.
    platform_factor = math.exp(0.30 * float(_normal(rng, 1)[0]))
    engagement_share = np.clip(p.engagement_per_reach * platform_factor * np.exp(0.35 * _normal(rng, posts)),
                               0.001, 0.6)
    engagements = np.floor(reach * engagement_share)
    clicks = np.floor(engagements * _uniform(rng, *p.clicks_per_engagement, size=posts))
    width = max(2, len(str(posts)))
    return {
        "post_id": [f"{prefix}-{i:0{width}d}" for i in range(1, posts + 1)],
        "platform": [name] * posts,
        "date": [(START_DATE + timedelta(days=int(d))).isoformat() for d in days],
        "impressions": impressions.astype(np.int64),
        "reach": reach,
        "engagements": engagements.astype(np.int64),
        "clicks": clicks.astype(np.int64),
        "followers": followers.astype(np.int64),
    }


def _draw(rng: np.random.Generator, platforms: Sequence[str], posts: int, weeks: int) -> pd.DataFrame:
    parts = [pd.DataFrame(_draw_platform(rng, name, prefix, posts, weeks))
             for name, prefix in zip(platforms, _prefixes(platforms), strict=True)]
    frame = pd.concat(parts, ignore_index=True)
    return frame.sort_values(["date", "platform", "post_id"], kind="mergesort", ignore_index=True)


def _lead(values: pd.Series) -> float:
    """Percentage points between the largest and the second largest value (inf if only one)."""
    top = values.nlargest(2)
    return math.inf if len(top) < 2 else float(top.iloc[0] - top.iloc[1])


def _make_best_post_unique(frame: pd.DataFrame) -> bool:
    """Raise the leading post's engagements just enough to lead by CHOICE_MARGIN (never past its reach).
    Returns False if that is impossible."""
    rates = 100 * frame["engagements"] / frame["impressions"]
    if _lead(rates) >= CHOICE_MARGIN:
        return True
    best, runner_up = rates.nlargest(2).index
    needed = math.ceil((rates[runner_up] + CHOICE_MARGIN) / 100 * frame.at[best, "impressions"] + _EPSILON)
    if needed > frame.at[best, "reach"]:
        return False
    frame.at[best, "engagements"] = needed
    return _lead(100 * frame["engagements"] / frame["impressions"]) >= CHOICE_MARGIN


def generate_dataset(
    seed: int, platforms: Sequence[str], posts_per_platform: int, weeks: int
) -> pd.DataFrame:
    """The data set for one invitation: same arguments → identical frame; different seeds → different numbers.

    `platforms` are display names ("Instagram", "TikTok", "LinkedIn", "X", ...; unknown names get
    middle-of-the-road numbers), unique ignoring case, without colons. `weeks` ≥ 2 and
    `posts_per_platform` ≥ `weeks` (every platform posts every week). Columns: see the module docstring.
    """
    names = [str(p).strip() for p in platforms]
    if not names:
        raise ValueError("at least one platform is needed")
    if any(not n or ":" in n for n in names):
        raise ValueError(f"platform names must be non-empty and contain no colon: {list(platforms)!r}")
    if len({n.casefold() for n in names}) != len(names):
        raise ValueError(f"platform names must be unique (ignoring case): {names!r}")
    if weeks < 2:
        raise ValueError(f"weeks must be at least 2 (week-over-week needs two weeks), got {weeks}")
    if posts_per_platform < weeks:
        raise ValueError(f"posts_per_platform ({posts_per_platform}) must be at least weeks ({weeks}): "
                         "every platform posts every week")
    rng = np.random.default_rng(seed)
    for _ in range(_MAX_DRAWS):
        frame = _draw(rng, names, posts_per_platform, weeks)
        if _make_best_post_unique(frame) and _lead(_rates(frame, "engagements")) >= CHOICE_MARGIN:
            return frame
    raise RuntimeError(f"no data set with a single best platform and post after {_MAX_DRAWS} draws")


def dataset_csv(frame: pd.DataFrame, headers: Mapping[str, str] | None = None) -> bytes:
    """The frame as the candidate downloads it: UTF-8 CSV with a header row, no index, '\\n' line ends.

    `headers` names the columns in the candidate's language (`COLUMNS` → label); the values, and so
    the answers, are the same in every language. Headers beyond ASCII get a byte-order mark, without
    which spreadsheet programs read UTF-8 as the computer's legacy code page.
    """
    named = frame.rename(columns=dict(headers or {}))
    text = named.to_csv(index=False, lineterminator="\n")
    return text.encode("utf-8-sig" if not all(map(str.isascii, named.columns)) else "utf-8")


# ----------------------------------------------------------------------------------------------- checks

@dataclass(frozen=True)
class Expected:
    check: str
    value: float | str  # a percentage (full precision) for numbers, a platform or post_id for choices
    kind: Literal["number", "choice"]
    unit: str  # "%" for numbers, "" for choices


@dataclass(frozen=True)
class Grade:
    check: str
    correct: bool
    given: str  # the answer as typed, trimmed
    expected: float | str
    tolerance: float | None  # the tolerance applied (numbers), None for choices
    #: For reviewers, a message and its values ("expected %(expected)s…", {"expected": "4.21", …}),
    #: one whole sentence per case, translated where it is shown (`note_in`).
    note_message: str
    note_values: tuple[tuple[str, str], ...] = ()

    def note_in(self, t: Translator) -> str:
        """The note in `t`'s language."""
        return t.gettext(self.note_message) % dict(self.note_values) if self.note_values else t.gettext(
            self.note_message)

    @property
    def note(self) -> str:
        """The note in English, e.g. "expected 4.21 % ± 0.1, got 4.3"."""
        return self.note_in(ENGLISH)


NO_ANSWER = N_("no answer")


def _parse_check(check: str) -> tuple[str, str | None]:
    match = CHECK_PATTERN.fullmatch(check)
    if match is None:
        raise ValueError(
            f"unknown check {check!r}: expected one of engagement_rate:<platform>, "
            "click_through_rate:<platform>, follower_growth:<platform>, "
            f"week_over_week:<{'|'.join(METRICS)}>, best_platform, best_post"
        )
    if match["rate"]:
        return match["rate"], match["platform"]
    if match["metric"]:
        return "week_over_week", match["metric"]
    return match["choice"], None


def answer_kind(check: str) -> Literal["number", "choice"]:
    """"number" or "choice" for a check string (ValueError if it is not one)."""
    return "choice" if _parse_check(check)[0] in ("best_platform", "best_post") else "number"


def _platform(frame: pd.DataFrame, name: str) -> str:
    known = list(dict.fromkeys(frame["platform"]))
    for platform in known:
        if platform.casefold() == name.casefold():
            return platform
    raise ValueError(f"platform {name!r} is not in the data set (platforms: {', '.join(known)})")


def _rates(frame: pd.DataFrame, numerator: str) -> pd.Series:
    totals = frame.groupby("platform", sort=True)[[numerator, "impressions"]].sum()
    return 100 * totals[numerator] / totals["impressions"]


def _week(dates: pd.Series) -> pd.Series:
    days = pd.to_datetime(dates)
    first_monday = days.min() - pd.Timedelta(days=days.min().weekday())
    return (days - first_monday).dt.days // 7 + 1


def expected_answer(frame: pd.DataFrame, check: str) -> Expected:
    """The right answer to `check` for this data set (a generated frame, or the same read back from CSV).

    Weeks are Monday-Sunday; week 1 is the week of the earliest date in the data.
    """
    name, argument = _parse_check(check)
    if name in ("engagement_rate", "click_through_rate"):
        numerator = "engagements" if name == "engagement_rate" else "clicks"
        value = float(_rates(frame, numerator)[_platform(frame, argument)])
    elif name == "follower_growth":
        rows = frame[frame["platform"] == _platform(frame, argument)]
        dates = pd.to_datetime(rows["date"])
        first = float(rows.loc[dates == dates.min(), "followers"].iloc[0])
        last = float(rows.loc[dates == dates.max(), "followers"].iloc[0])
        value = 100 * (last - first) / first
    elif name == "week_over_week":
        totals = frame.groupby(_week(frame["date"]))[argument].sum()
        week1, week2 = float(totals.get(1, 0)), float(totals.get(2, 0))
        if week1 == 0:
            raise ValueError(f"{check}: week 1 has no {argument}, so there is no percent change")
        value = 100 * (week2 - week1) / week1
    elif name == "best_platform":
        return Expected(check, str(_rates(frame, "engagements").idxmax()), "choice", "")
    else:
        rates = frame["engagements"] / frame["impressions"]
        return Expected(check, str(frame.at[rates.idxmax(), "post_id"]), "choice", "")
    return Expected(check, value, "number", "%")


def choices_for(frame: pd.DataFrame, check: str) -> list[str]:
    """The options to offer for a choice check: platform names, or post_ids, sorted. [] for numeric checks."""
    name, _ = _parse_check(check)
    if name == "best_platform":
        return sorted(frame["platform"].unique().tolist())
    if name == "best_post":
        return sorted(frame["post_id"].tolist())
    return []


_NUMBER = re.compile(r"(?P<sign>[+\-\u2212]?)\s*(?P<digits>\d+(?:[.,]\d*)?|[.,]\d+)\s*%?")


def parse_number(answer: str) -> float | None:
    """Read a number the way people write it; None if it can't be read.

    Accepted: optional sign (+, -, or the minus sign −), digits with at most one decimal separator
    (a point or a comma: "4,21" is 4.21), an optional trailing percent sign, spaces around any of them;
    full-width characters (４．２１％) are read as their ASCII forms. Not accepted: thousands separators
    ("1,234.5"), exponents, words, or more than one number.
    """
    text = unicodedata.normalize("NFKC", answer).strip()
    match = _NUMBER.fullmatch(text)
    if match is None:
        return None
    value = float(match["digits"].replace(",", "."))
    return -value if match["sign"] in ("-", "\u2212") else value


def _format(value: float) -> str:
    return f"{value:.2f}"


def grade_answer(frame: pd.DataFrame, check: str, answer: str, tolerance: float | None) -> Grade:
    """Grade one answer against the data set.

    Numbers: `answer` is parsed by `parse_number` and is correct when it lies within `tolerance`
    percentage points of the exact value (absolute, in the answer's unit; a hair of floating-point slack
    is allowed at the boundary). A candidate who rounds correctly to one decimal is always within 0.05,
    so a tolerance ≥ 0.05 accepts them; to two decimals, ≥ 0.005. `tolerance=None` means
    DEFAULT_TOLERANCE. An answer that would be right as a fraction (0.042 for 4.2 %) is marked wrong
    with a hint in the note.

    Choices: correct when the trimmed answer equals the expected platform or post_id ignoring case;
    `tolerance` is ignored.

    A blank answer is incorrect with the note "no answer". An unknown check or platform → ValueError.
    """
    return grade_expected(expected_answer(frame, check), choices_for(frame, check), answer, tolerance)


@dataclass(frozen=True)
class AnswerKey:
    """What one question's grading needs from the data set, without the data set."""

    expected: Expected
    choices: tuple[str, ...]


def answer_keys(seed: int, platforms: Sequence[str], posts_per_platform: int, weeks: int,
                checks: Sequence[str]) -> tuple[AnswerKey, ...]:
    """The answer key of each check for this data set. Pages grade the same invitations again and
    again; generating the data set and working out its answers takes ~50 ms, so keys are kept (a
    few hundred bytes each, bounded)."""
    return _answer_keys(seed, tuple(platforms), posts_per_platform, weeks, tuple(checks))


@lru_cache(maxsize=4096)
def _answer_keys(seed: int, platforms: tuple[str, ...], posts_per_platform: int, weeks: int,
                 checks: tuple[str, ...]) -> tuple[AnswerKey, ...]:
    frame = generate_dataset(seed, platforms, posts_per_platform, weeks)
    return tuple(AnswerKey(expected_answer(frame, c), tuple(choices_for(frame, c))) for c in checks)


def grade_expected(expected: Expected, choices: Sequence[str], answer: str, tolerance: float | None) -> Grade:
    """`grade_answer` given the expected answer and the options instead of the data set."""
    check = expected.check
    given = (answer or "").strip()
    if expected.kind == "choice":
        if not given:
            return Grade(check, False, given, expected.value, None, NO_ANSWER)
        correct = given.casefold() == str(expected.value).casefold()
        note = N_("expected %(expected)s, got %(given)s")
        if not correct and given.casefold() not in {c.casefold() for c in choices}:
            note = N_("expected %(expected)s, got %(given)s (not one of the options)")
        values = (("expected", str(expected.value)), ("given", given))
        return Grade(check, correct, given, expected.value, None, note, values)

    tolerance = DEFAULT_TOLERANCE if tolerance is None else float(tolerance)
    if not tolerance >= 0:
        raise ValueError(f"tolerance must be a non-negative number, got {tolerance!r}")
    if not given:
        return Grade(check, False, given, expected.value, tolerance, NO_ANSWER)
    value = parse_number(given)
    if value is None:
        return Grade(check, False, given, expected.value, tolerance, N_("could not read '%(given)s' as a number"),
                     (("given", given),))
    correct = abs(value - expected.value) <= tolerance + _EPSILON
    note = N_("expected %(expected)s %% ± %(tolerance)s, got %(given)s")
    if not correct and abs(value) < 1 and abs(value * 100 - expected.value) <= max(tolerance, 0.5):
        note = N_("expected %(expected)s %% ± %(tolerance)s, got %(given)s (looks like a fraction; the answer is "
                  "in percent)")
    values = (("expected", _format(expected.value)), ("tolerance", f"{tolerance:g}"), ("given", f"{value:g}"))
    return Grade(check, correct, given, expected.value, tolerance, note, values)
