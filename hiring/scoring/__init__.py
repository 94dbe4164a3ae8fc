"""Scoring: turn raters' ratings into honest numbers (totals, leniency, reliability, uncertainty).

Pure numpy/pandas: no Flask, no database. The web layer loads ratings into a long DataFrame
(``candidate``, ``rater``, ``criterion``, ``rating``) and calls these functions.
"""

from hiring.scoring.engine import (
    ScoringSpec,
    adjust_for_leniency,
    criterion_stats,
    disagreements,
    leniency,
    totals,
)
from hiring.scoring.reliability import IccResult, icc, krippendorff_alpha, reliability
from hiring.scoring.uncertainty import bootstrap_totals, rank_probabilities

__all__ = [
    "IccResult",
    "ScoringSpec",
    "adjust_for_leniency",
    "bootstrap_totals",
    "criterion_stats",
    "disagreements",
    "icc",
    "krippendorff_alpha",
    "leniency",
    "rank_probabilities",
    "reliability",
    "totals",
]
