"""Scoring: turn raters' ratings into honest numbers (totals, leniency, reliability, uncertainty).

Pure numpy/pandas/scipy: no Flask, no database. The web layer loads ratings into a long DataFrame
(``candidate``, ``rater``, ``criterion``, ``rating``) and calls these functions: ``engine`` for
descriptive figures, ``model`` for the measurement model behind totals, intervals, leniency,
rank probabilities and the D-study, ``reliability`` for ICC and alpha, ``board`` for what a page shows.
"""

from hiring.scoring.engine import ScoringSpec, criterion_stats, disagreements, totals
from hiring.scoring.model import d_study, dependability, fit, rank_probabilities
from hiring.scoring.reliability import IccResult, icc, krippendorff_alpha, reliability

__all__ = [
    "IccResult",
    "ScoringSpec",
    "criterion_stats",
    "d_study",
    "dependability",
    "disagreements",
    "fit",
    "icc",
    "krippendorff_alpha",
    "rank_probabilities",
    "reliability",
    "totals",
]
