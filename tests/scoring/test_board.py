"""The scoreboard's per-criterion figures and disagreement flags are the engine's, computed once
from the model's cells rather than by a second pass over the ratings."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from hiring.scoring.board import build_scoreboard, panel_ratings
from hiring.scoring.engine import ScoringSpec, criterion_stats, disagreements

KEYS = ("copywriting", "analytics", "strategy")
SPEC = ScoringSpec(1, 5, {"copywriting": 1.5, "analytics": 1.0, "strategy": 2.0},
                   {"copywriting": "skill", "analytics": "skill", "strategy": "skill"})


def ratings(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for candidate in range(25):
        for rater in rng.choice(6, size=rng.integers(1, 5), replace=False):
            for stage in range(rng.integers(1, 3)):  # a rater sometimes rates at two stages
                for key in KEYS:
                    if rng.random() < 0.85:
                        rows.append((candidate, f"r{rater}", stage, key, float(rng.integers(1, 6))))
    return pd.DataFrame(rows, columns=["candidate", "rater", "stage", "criterion", "rating"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_criterion_figures_and_flags_match_the_engine(seed):
    frame = ratings(seed)
    panel = panel_ratings(frame)
    board = build_scoreboard(frame, SPEC)
    stats = criterion_stats(panel)
    flagged = disagreements(panel, SPEC)["spread"]
    for score in board.candidates:
        expected = stats.loc[score.candidate] if score.candidate in stats.index.get_level_values(0) else None
        assert set(score.criteria) == (set(expected.index) if expected is not None else set())
        for key, figures in score.criteria.items():
            row = expected.loc[key]
            assert figures["n_raters"] == row["n_raters"]
            for name in ("mean", "median", "std"):
                if math.isnan(row[name]):
                    assert figures[name] is None
                else:
                    assert figures[name] == pytest.approx(row[name], abs=1e-12), (key, name)
        mine = dict(score.flags)
        theirs = {k: v for (c, k), v in flagged.items() if c == score.candidate}
        assert mine == pytest.approx(theirs)
    assert any(score.flags for score in board.candidates), "the data should have some disagreement"
