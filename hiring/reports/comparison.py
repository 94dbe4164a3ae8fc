"""The data of a side-by-side comparison: plain, frozen values that the page, the PDF and the tests share.

`hiring.shortlists.queries.build_comparison` fills these from the database; `hiring.reports.pdf` and
the comparison template only read them. All user text (names, notes, answers, comments) is kept as
typed: escaping is the renderer's job (Jinja autoescape for HTML, `fonts.markup` for the PDF).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hiring.i18n import ENGLISH, Translator


@dataclass(frozen=True)
class CriterionInfo:
    key: str
    name: str
    kind: str  # "skill" or "trait"
    weight: float  # the weight used for these totals (the opening's, or a what-if)
    anchors: dict[int, str]  # level → behavioural anchor


@dataclass(frozen=True)
class Quote:
    """One rater's evidence note behind a rating: the strongest evidence is quoted first."""

    criterion: str
    rating: int
    rater: str
    stage: str
    text: str


@dataclass(frozen=True)
class Level:
    """A level of the scale as a criterion describes it."""

    value: int
    label: str  # the scale's label, e.g. "Meets the bar"
    anchor: str  # the criterion's anchor at this level


@dataclass(frozen=True)
class CriterionScore:
    mean: float | None
    median: float | None
    std: float | None
    n_raters: int
    spread: float | None  # highest minus lowest rating among the raters
    #: The level the mean corresponds to (`Scale.levels_of_mean`): one, or the two it lies exactly
    #: between; none when unrated.
    levels: tuple[Level, ...] = ()

    @property
    def between(self) -> bool:
        """The mean lies exactly between two levels, so it reached neither anchor."""
        return len(self.levels) == 2

    @property
    def level_number(self) -> str:
        """"3", "2–3" between two levels, "" when unrated."""
        return "–".join(str(level.value) for level in self.levels)

    def between_text(self, t: Translator = ENGLISH) -> str:
        """"Between 2 · Below the bar and 3 · Meets the bar" ("" unless `between`): said instead of an
        anchor, by the page and the PDF alike, in `t`'s language."""
        if not self.between:
            return ""
        low, high = self.levels
        return t.gettext("Between %(low)s · %(low_label)s and %(high)s · %(high_label)s") % {
            "low": low.value, "low_label": low.label, "high": high.value, "high_label": high.label}


@dataclass(frozen=True)
class ExerciseResult:
    """One auto-graded question of an exercise the candidate took."""

    exercise: str  # exercise title
    question: str  # question prompt
    given: str  # the candidate's answer
    expected: str
    correct: bool
    note: str  # e.g. "expected 4.21 % ± 0.1, got 4.3"


@dataclass(frozen=True)
class DecisionEntry:
    decision: str  # label in the reader's language: Advance, Hold, Reject, Offer
    comment: str
    by: str
    at: datetime
    kind: str = ""  # the decision's key ("advance"…), for styling whatever the language

@dataclass(frozen=True)
class DebriefChange:
    """A rating the debrief changed: who, on what, from the independent rating to which, and why."""

    rater: str
    criterion: str  # the criterion's name
    stage: str
    independent: int
    rescored: int
    reason: str


@dataclass(frozen=True)
class DebriefSummary:
    """The candidate's debrief beside the independent scores (which the figures keep using)."""

    status: str  # label in the reader's language
    status_key: str  # "locked" … "closed"
    recommendation: str  # the team's, as a label; "" until closed
    recommendation_key: str
    summary: str
    closed_at: datetime | None
    ratings: int  # independent ratings frozen
    changes: tuple[DebriefChange, ...] = ()


@dataclass(frozen=True)
class CandidateColumn:
    id: int
    name: str
    type: str  # "In-house", "Freelancer", "Agency"
    stage: str  # current stage name, "" when none
    rank: int | None
    total: float | None
    skills: float | None
    traits: float | None
    low: float | None  # interval of the total
    high: float | None
    p_above_next: float | None
    n_raters: int
    incomplete: bool
    missing: tuple[str, ...]  # criterion keys nobody rated
    scores: dict[str, CriterionScore]  # criterion key → score (every criterion of the rubric)
    quotes: dict[str, list[Quote]]  # criterion key → quotes, strongest first (at most a few)
    exercises: list[ExerciseResult]
    exercise_status: list[tuple[str, str]]  # (exercise title, "submitted" / "not submitted in time" / …)
    recommendations: dict[str, int]  # label → count, from "Strong no" to "Strong yes"
    decisions: list[DecisionEntry]  # newest first
    flags: tuple[tuple[str, float], ...] = ()  # (criterion key, spread) where raters disagree
    p_top_k: float | None = None  # P(among the opening's top k), k = Methodology.k
    adjusted: float | None = None  # the total adjusted for rater leniency, with its interval
    adjusted_low: float | None = None
    adjusted_high: float | None = None
    #: The reader owes a scorecard for this candidate: no figures, quotes or recommendations are
    #: given (independence), every one of them is empty.
    withheld: bool = False
    debrief: DebriefSummary | None = None  # None: no debrief, or withheld


@dataclass(frozen=True)
class Methodology:
    rubric_key: str
    rubric_title: str
    rubric_version: str  # the version label, e.g. "2026.1"
    rubric_hash: str  # the full content hash
    scale_min: int
    scale_max: int
    scale_labels: dict[int, str]
    interval_level: float  # e.g. 0.9
    k: int  # of P(in the top k): the shortlist's size, or 5
    d_study: Any  # hiring.scoring.model.DStudy of the whole opening, or None before any rating
    reliability: dict  # as the scoreboard's: {"overall": {...}, "criteria": {...}, "d_study": {...}}
    weights_note: str = ""  # e.g. "What-if weights, not the opening's" or ""


@dataclass(frozen=True)
class Comparison:
    opening_id: int
    opening_title: str
    opening_location: str
    generated_at: datetime
    author: str  # who asked for it
    criteria: list[CriterionInfo]
    candidates: list[CandidateColumn]  # in rank order
    methodology: Methodology
    notes: list[str] = field(default_factory=list)  # caveats shown on the summary page

    def criterion(self, key: str) -> CriterionInfo:
        return next(c for c in self.criteria if c.key == key)

    def radar(self, limit: int | None = None) -> tuple[list[str], list[tuple[str, list[float | None]]]]:
        """The radar chart's axes (criterion names) and series (name, mean per criterion) for the first
        `limit` candidates: the one definition the page and the PDF both draw."""
        axes = [c.name for c in self.criteria]
        series = [(cand.name, [cand.scores[c.key].mean if c.key in cand.scores else None for c in self.criteria])
                  for cand in self.candidates[:limit]]
        return axes, series
