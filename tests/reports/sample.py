"""A sample `Comparison` for the report tests: multilingual names, hostile text, any number of candidates."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from hiring.reports.comparison import (
    CandidateColumn,
    Comparison,
    CriterionInfo,
    CriterionScore,
    DecisionEntry,
    ExerciseResult,
    Level,
    Methodology,
    Quote,
)
from hiring.rubrics.schema import Scale, ScaleLevel
from hiring.scoring.model import DStudy

NAMES = ["Zoë Dubois", "José Ramírez", "王芳", "さくら 田中", "김민준", "प्रिया शर्मा", "Siti Rahayu"]
HOSTILE = ["x<y and z>w & AT&T", "<b>", "<font color='zz'>", '<img src="/etc/passwd"/>']

CRITERIA = [
    ("platform", "Platform knowledge", "skill", 1.5),
    ("copy", "Copywriting", "skill", 1.0),
    ("design", "Design", "skill", 1.0),
    ("community", "Customer service / community", "skill", 1.0),
    ("live", "Live speaking", "skill", 0.5),
    ("analytics", "Analytics", "skill", 1.5),
    ("strategy", "Strategy", "skill", 1.0),
    ("adaptability", "Adaptability", "trait", 1.0),
]
ANCHORS = {
    1: "Cannot describe how the main platforms differ; no examples of own results.",
    2: "Knows the big platforms by name; results are anecdotal and not tied to goals.",
    3: "Explains the mechanics of several platforms and gives one measured result.",
    4: "Adapts content per platform with clear reasoning and several measured results.",
    5: "Teaches others: benchmarks, documented experiments and results tied to business goals.",
}
SCALE_LABELS = {1: "Poor", 2: "Weak", 3: "Adequate", 4: "Strong", 5: "Exceptional"}
SCALE = Scale(1, 5, tuple(ScaleLevel(v, label) for v, label in SCALE_LABELS.items()))
RECOMMENDATIONS = ["Strong no", "No", "Yes", "Strong yes"]


def _name(i: int) -> str:
    base = NAMES[i % len(NAMES)]
    return base if i < len(NAMES) else f"{base} {i // len(NAMES) + 1}"


def score(mean: float | None, std: float | None = None, n_raters: int = 2, spread: float | None = None
          ) -> CriterionScore:
    """A criterion score as `build_comparison` makes one: its level (or the two levels it lies between)
    by the scale's rule, each with its label and anchor."""
    if mean is None:
        return CriterionScore(None, None, None, 0, None)
    levels = tuple(Level(v, SCALE_LABELS[v], ANCHORS[v]) for v in SCALE.levels_of_mean(mean))
    return CriterionScore(mean, round(mean), std, n_raters, spread, levels)


def _score(rng: random.Random, unrated: bool) -> CriterionScore:
    if unrated:
        return score(None)
    mean = round(rng.uniform(1.5, 4.9), 2)
    return score(mean, round(rng.uniform(0.2, 1.2), 2), rng.randint(2, 4), float(rng.randint(0, 3)))


def _candidate(i: int, rng: random.Random, long_answer: str | None, hostile: bool) -> CandidateColumn:
    unrated = {"live"} if i % 3 == 2 else set()
    scores = {key: _score(rng, key in unrated) for key, *_ in CRITERIA}
    text = " / ".join(HOSTILE) if hostile else "Ran a TikTok series that doubled saves in six weeks."
    quotes = {
        key: [Quote(key, 5, "Ana Pérez", "Interview 1", f"{text}\n\nSecond paragraph after a blank line."),
              Quote(key, 3, "李雷", "Exercise review", "Good instincts, thin on metrics.")]
        for key, *_ in CRITERIA[:3]
    }
    exercises = [
        ExerciseResult("Metrics drill", "Engagement rate for 4,210 interactions on 100,000 reach?", "4.3 %",
                       "4.21 %", True, "expected 4.21 % ± 0.1, got 4.3"),
        ExerciseResult("Metrics drill", "Which metric matches the goal 'more sign-ups'?",
                       long_answer if long_answer is not None else ("<b>Likes</b> & shares" if hostile else "Likes"),
                       "Conversion rate", False, HOSTILE[3] if hostile else "a vanity metric"),
    ]
    total = None if unrated else round(4.6 - i * 0.07, 2)
    return CandidateColumn(
        id=i + 1,
        name=_name(i),
        type=["In-house", "Freelancer", "Agency"][i % 3],
        stage="Interview",
        rank=i + 1,
        total=total if total is not None else round(4.5 - i * 0.07, 2),
        skills=round(4.4 - i * 0.05, 2),
        traits=round(4.0 - i * 0.03, 2),
        low=round(4.1 - i * 0.07, 2),
        high=round(4.9 - i * 0.07, 2),
        p_above_next=None if i == 0 else round(0.5 + rng.random() / 2, 2),
        p_top_k=[0.97, 0.9, 0.71, 0.52, 0.4, 0.31, 0.004][i] if i < 7 else 0.003,
        adjusted=round(4.63 - i * 0.07, 2),
        adjusted_low=round(4.11 - i * 0.07, 2),
        adjusted_high=round(4.95 - i * 0.07, 2),
        n_raters=3,
        incomplete=bool(unrated),
        missing=tuple(sorted(unrated)),
        scores=scores,
        quotes=quotes,
        exercises=exercises,
        exercise_status=[("Metrics drill", "submitted"), ("Caption rewrite", "not submitted in time")],
        recommendations={"Strong no": 0, "No": 1, "Yes": 2, "Strong yes": i % 2},
        decisions=[
            DecisionEntry("Advance", "Strong analytics; " + (HOSTILE[0] if hostile else "check references."),
                          "Maya Chen", datetime(2026, 3, 2, 14, 5) - timedelta(days=i)),
            DecisionEntry("Hold", "", "Tomás Núñez", datetime(2026, 2, 20, 9, 30)),
        ],
        flags=(("design", 3.0),) if i % 4 == 1 else (),
    )


def reliability() -> dict:
    """As the scoreboard gives it: ICC(2,k) with its 90% interval per criterion (one withheld with its
    reason), and the dependability of the weighted total with its interval."""
    entry = {"icc2_1": 0.61, "icc2_k": 0.82, "ci": {"low": 0.47, "high": 0.93},
             "icc2_1_ci": {"low": 0.31, "high": 0.81}, "alpha_interval": 0.58, "alpha_ordinal": 0.6,
             "n_candidates": 6, "n_raters": 3, "reason": None}
    criteria = {key: dict(entry) for key, *_ in CRITERIA}
    criteria["live"] = {"icc2_1": None, "icc2_k": None, "ci": {"low": None, "high": None},
                        "icc2_1_ci": {"low": None, "high": None}, "alpha_interval": None, "alpha_ordinal": None,
                        "n_candidates": 4, "n_raters": 2,
                        "reason": "fewer than 5 rated candidates: too few to estimate agreement"}
    study = d_study()
    overall = {"dependability": study.current, "ci": {"low": study.current_low, "high": study.current_high},
               "raters_per_candidate": study.current_raters, "n_candidates": 6, "n_raters": 3, "reason": None}
    return {"overall": overall, "criteria": criteria,
            "d_study": {"raters_per_candidate": study.current_raters,
                        "reliability": {str(n): v for n, v in study.by_raters.items()},
                        "raters_for_80": study.needed_for_80, "reason": None}}


def d_study() -> DStudy:
    """Φ(n) = .4n / (1 + .4(n − 1)) (single-rater reliability .40): .80 needs 6 raters."""
    by_raters = {n: 0.4 * n / (1 + 0.4 * (n - 1)) for n in range(1, 9)}
    return DStudy(current_raters=2.6, current=0.634, current_low=0.38, current_high=0.83, by_raters=by_raters,
                  needed_for_80=6)


def make_comparison(n: int = 6, long_answer: str | None = None, hostile: bool = False,
                    title: str = "Social Media Manager — Jakarta & Remote", seed: int = 7) -> Comparison:
    """`n` candidates (the first seven have the multilingual names); `long_answer` replaces the second
    exercise answer of the first candidate; `hostile` puts markup-looking text into every free-text field."""
    rng = random.Random(seed)
    criteria = [CriterionInfo(key, name, kind, weight, dict(ANCHORS)) for key, name, kind, weight in CRITERIA]
    candidates = [_candidate(i, rng, long_answer if i == 0 else None, hostile) for i in range(n)]
    methodology = Methodology(
        rubric_key="smm-core", rubric_title="Social media manager — core", rubric_version="2026.1",
        rubric_hash="9f2c4e1b7a6d5c3e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a",
        scale_min=1, scale_max=5, scale_labels=dict(SCALE_LABELS), interval_level=0.9, k=5, d_study=d_study(),
        reliability=reliability(),
    )
    notes = ["Live speaking was not rated for some candidates; their totals predict it (marked incomplete).",
             "Raters disagree on Design for some candidates (spread of 3 or more)."]
    if hostile:
        notes.append(" ".join(HOSTILE))
    return Comparison(
        opening_id=42, opening_title=title + (" " + HOSTILE[0] if hostile else ""), opening_location="Jakarta",
        generated_at=datetime(2026, 3, 4, 10, 15), author="Maya Chen", criteria=criteria,
        candidates=candidates, methodology=methodology, notes=notes,
    )
