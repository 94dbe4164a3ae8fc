"""An opening's scoreboard: everything the dashboard and the JSON API show, from one ratings table.

Pure: a ratings DataFrame in, plain dataclasses out. Ratings come per (candidate, rater, stage,
criterion); a rater who rated the same criterion at two stages counts once, with the mean of their
ratings, so a talkative interviewer cannot outvote the panel by scoring twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from hiring.scoring.engine import (
    ScoringSpec,
    adjust_for_leniency,
    criterion_stats,
    disagreements,
    leniency,
    totals,
)
from hiring.scoring.reliability import reliability
from hiring.scoring.uncertainty import bootstrap_and_rank

#: Krippendorff's advice: alpha below 0.667 is too low even for tentative conclusions. Below it we
#: say the criterion's anchors may be unclear (raters read them differently).
LOW_AGREEMENT = 0.667
INTERVAL_LEVEL = 0.90


@dataclass(frozen=True)
class CandidateScore:
    candidate: Any
    rank: int
    total: float | None
    skills: float | None
    traits: float | None
    low: float | None
    high: float | None
    n_raters: int
    single_rater: bool
    incomplete: bool
    missing: tuple[str, ...]
    p_above_next: float | None
    criteria: dict[str, dict[str, float | int | None]]
    flags: tuple[tuple[str, float], ...]  # (criterion, spread) where raters disagree


@dataclass(frozen=True)
class RaterLeniency:
    rater: Any
    offset: float | None
    n: int


@dataclass(frozen=True)
class Scoreboard:
    candidates: list[CandidateScore]  # ranked: highest total first
    leniency: list[RaterLeniency]      # most lenient first
    reliability: dict[str, Any]
    n_ratings: int
    low_agreement: list[str] = field(default_factory=list)  # criteria whose anchors may be unclear
    _by_candidate: dict[Any, CandidateScore] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A page looks up every row's score: a dict, not a scan of thousands of candidates per row.
        object.__setattr__(self, "_by_candidate", {c.candidate: c for c in self.candidates})

    def for_candidate(self, candidate: Any) -> CandidateScore | None:
        return self._by_candidate.get(candidate)


def panel_ratings(ratings: pd.DataFrame) -> pd.DataFrame:
    """One rating per (candidate, rater, criterion): the mean over stages."""
    if ratings.empty:
        return pd.DataFrame(columns=["candidate", "rater", "criterion", "rating"])
    return (
        ratings.groupby(["candidate", "rater", "criterion"], as_index=False, sort=False)["rating"].mean()
    )


def build_scoreboard(ratings: pd.DataFrame, spec: ScoringSpec, *, n_boot: int = 1000, seed: int = 0,
                     adjust_leniency: bool = False) -> Scoreboard:
    panel = panel_ratings(ratings)
    if panel.empty:
        return Scoreboard([], [], {"overall": None, "criteria": {}}, 0)
    lenient = leniency(panel)
    if adjust_leniency:
        panel = adjust_for_leniency(panel, lenient, spec)
    # One set of resamples for both the intervals and "ahead of next" (the same as computing each).
    intervals, ranking = bootstrap_and_rank(panel, spec, n_boot=n_boot, level=INTERVAL_LEVEL, seed=seed)
    subtotals = totals(panel, spec)
    per_criterion: dict[Any, dict[str, dict]] = {}
    for (candidate, criterion), values in criterion_stats(panel).to_dict("index").items():
        figures = {k: _number(v) for k, v in values.items()}
        figures["n_raters"] = int(values["n_raters"])
        per_criterion.setdefault(candidate, {})[criterion] = figures
    flags: dict[Any, list[tuple[str, float]]] = {}
    for (candidate, criterion), spread in disagreements(panel, spec)["spread"].items():
        flags.setdefault(candidate, []).append((criterion, float(spread)))
    sub_rows = subtotals.to_dict("index")
    bound_rows = intervals.to_dict("index")
    rows = []
    for candidate, ranked in ranking.to_dict("index").items():
        sub, bounds = sub_rows[candidate], bound_rows[candidate]
        rows.append(CandidateScore(
            candidate=candidate, rank=int(ranked["rank"]), total=_number(sub["total"]),
            skills=_number(sub["skills"]), traits=_number(sub["traits"]),
            low=_number(bounds["low"]), high=_number(bounds["high"]),
            n_raters=int(sub["n_raters"]), single_rater=bool(bounds["single_rater"]),
            incomplete=bool(sub["incomplete"]), missing=tuple(sub["missing"]),
            p_above_next=_number(ranked["p_above_next"]), criteria=per_criterion.get(candidate, {}),
            flags=tuple(flags.get(candidate, ())),
        ))
    raters = sorted(
        (RaterLeniency(rater, _number(row["offset"]), int(row["n"]))
         for rater, row in lenient.to_dict("index").items()),
        key=lambda r: -(r.offset if r.offset is not None else -math.inf),
    )
    agreement = reliability(panel)
    low = [key for key, figures in agreement["criteria"].items()
           if figures["alpha_interval"] is not None and figures["alpha_interval"] < LOW_AGREEMENT]
    return Scoreboard(rows, raters, agreement, len(panel), low)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value
