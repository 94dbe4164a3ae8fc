"""Inter-rater reliability against published worked examples and small cases done by hand.

Matrices are units × raters (rows are the rated people or things, columns the raters).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from hiring.scoring import icc, krippendorff_alpha, reliability

NAN = math.nan

# Shrout & Fleiss (1979), "Intraclass correlations: uses in assessing rater reliability",
# Psychological Bulletin 86(2), 420-428, Table 2: 6 targets rated by 4 judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the reliability data with
# missing values used for his nominal, ordinal, interval and ratio examples: observers A-D (rows
# in the paper) × 12 units, "." for a missing value. Transposed here to units × observers.
KRIPPENDORFF_2011 = np.array([
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],  # observer A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],  # observer B
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],  # observer C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],  # observer D
]).T


# --- ICC -----------------------------------------------------------------------------------------


def test_icc_matches_shrout_and_fleiss():
    """Shrout & Fleiss (1979) work their six forms out on the Table 2 data; for case 2 (two-way
    random, absolute agreement) they give ICC(2,1) = .29 and ICC(2,4) = .62. (The R package psych
    ships the same data as `sf` and its ICC() prints the same two values.)"""
    result = icc(SHROUT_FLEISS)
    assert round(result.icc2_1, 2) == 0.29
    assert round(result.icc2_k, 2) == 0.62
    assert (result.n_targets, result.n_raters, result.k_mean, result.reason) == (6, 4, 4.0, None)


def test_icc_by_hand_counts_a_lenient_rater_as_disagreement():
    """Targets 1 and 3 (by rater A); rater B gives each one point more.

    Target means 1.5, 3.5 around 2.5: BMS = 2 · (1 + 1) / 1 = 4. Rater means 2, 3: JMS = 2 · (¼ + ¼)
    = 1. Residuals are all 0: EMS = 0. ICC(2,1) = (4 − 0) / (4 + 0 + 2 · (1 − 0) / 2) = 0.8 and
    ICC(2,2) = 4 / (4 + 1/2) = 8/9. (Consistency would be perfect; absolute agreement is not.)
    """
    result = icc([[1, 2], [3, 4]])
    assert result.icc2_1 == pytest.approx(0.8)
    assert result.icc2_k == pytest.approx(8 / 9)


def test_icc_ignores_rows_and_columns_nobody_filled():
    padded = np.full((8, 6), NAN)
    padded[1:7, 1:5] = SHROUT_FLEISS
    assert icc(padded) == icc(SHROUT_FLEISS)


def strong_agreement(seed: int, targets: int = 100, raters: int = 6) -> np.ndarray:
    """Targets spread with sd 2, raters' leniency sd 0.3, noise sd 0.4: ICC(2,1) ≈ 4 / 4.25 ≈ 0.94."""
    rng = np.random.default_rng(seed)
    true = rng.normal(0, 2, size=(targets, 1))
    lenient = rng.normal(0, 0.3, size=(1, raters))
    return true + lenient + rng.normal(0, 0.4, size=(targets, raters))


@pytest.mark.parametrize("seed", range(5))
def test_icc_with_missing_ratings_stays_close_to_the_complete_value(seed):
    """Henderson's Method I on the same panel with a quarter of the cells deleted at random (every
    target keeps at least three raters) estimates the same ICC(2,1). (Over 200 seeds the largest
    difference was 0.012.) ICC(2,k) is then the reliability of a mean of fewer raters, so it
    follows Spearman-Brown with the harmonic mean k rather than staying put."""
    complete = strong_agreement(seed)
    rng = np.random.default_rng(100 + seed)
    holed = complete.copy()
    for row in holed:
        row[rng.choice(complete.shape[1], size=rng.integers(0, 4), replace=False)] = NAN
    full, partial = icc(complete), icc(holed)
    assert full.icc2_1 > 0.9
    assert partial.icc2_1 == pytest.approx(full.icc2_1, abs=0.02)
    assert full.k_mean == pytest.approx(6)
    assert 3 < partial.k_mean < 6
    for result in (full, partial):
        rho, k = result.icc2_1, result.k_mean
        assert result.icc2_k == pytest.approx(k * rho / (1 + (k - 1) * rho))


@pytest.mark.parametrize(
    ("matrix", "reason"),
    [
        ([[1, 2, 3]], "fewer than 2 rated targets"),
        ([[1], [2], [3]], "fewer than 2 raters"),
        ([[1, 2], [3, NAN]], "too few ratings"),
        ([[3, 3], [3, 3]], "all ratings are equal"),
        ([[1, NAN, NAN], [NAN, 2, NAN], [2, NAN, 3], [NAN, NAN, NAN]], "too few ratings"),
    ],
)
def test_icc_says_why_when_there_is_too_little_data(matrix, reason):
    result = icc(matrix)
    assert math.isnan(result.icc2_1)
    assert math.isnan(result.icc2_k)
    assert reason in result.reason


# --- Krippendorff's alpha ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)],
)
def test_alpha_matches_krippendorffs_worked_example_with_missing_values(level, expected):
    """Krippendorff (2011), the 4 observers × 12 units example with missing values: the paper works
    it out to nominal α = .743, ordinal α = .815 and interval α = .849 (and ratio .797, a level not
    implemented here). The same figures are the expectations of independent implementations' tests,
    e.g. the `krippendorff` package on PyPI (ordinal .815; its doctest nominal .743). Unit 12 has a
    single value, so it is not pairable and drops out."""
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level), 3) == expected


def test_alpha_matches_the_wikipedia_example():
    """The computational example of the Wikipedia article "Krippendorff's alpha": 3 coders × 15
    units with missing values, nominal α = 0.691."""
    coders = np.array([
        [NAN, NAN, NAN, NAN, NAN, 3, 4, 1, 2, 1, 1, 3, 3, NAN, 3],
        [1, NAN, 2, 1, 3, 3, 4, 3, NAN, NAN, NAN, NAN, NAN, NAN, NAN],
        [NAN, NAN, 2, 1, 3, 4, 4, NAN, 2, 1, 1, 3, 3, NAN, 4],
    ])
    assert round(krippendorff_alpha(coders.T, "nominal"), 3) == 0.691


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval"])
def test_alpha_by_hand(level):
    """Units (1, 1), (2, 2), (1, 2). Coincidences: o_11 = 2, o_22 = 2, o_12 = o_21 = 1, so
    n_1 = n_2 = 3 and n = 6. With two values the one δ² between them is a constant d (nominal 1,
    interval (2 − 1)² = 1, ordinal (n_1 + n_2 − (n_1 + n_2)/2)² = 9), and it cancels:
    α = 1 − (n − 1) · (o_12 + o_21) d / ((n_1 n_2 + n_2 n_1) d) = 1 − 5 · 2 / 18 = 4/9."""
    assert krippendorff_alpha([[1, 1], [2, 2], [1, 2]], level) == pytest.approx(4 / 9)


def test_alpha_is_one_for_perfect_agreement_and_undefined_without_comparisons():
    assert krippendorff_alpha([[1, 1, NAN], [3, 3, 3], [5, NAN, 5]], "interval") == 1.0
    assert math.isnan(krippendorff_alpha([[1, NAN], [NAN, 2]]))  # no unit has two values
    assert math.isnan(krippendorff_alpha([[2, 2], [2, 2]]))  # nothing varies
    with pytest.raises(ValueError, match="level must be one of"):
        krippendorff_alpha(KRIPPENDORFF_2011, "ratio")


def test_alpha_does_not_depend_on_coder_order():
    swapped = KRIPPENDORFF_2011[:, ::-1]
    expected = krippendorff_alpha(KRIPPENDORFF_2011, "ordinal")
    assert krippendorff_alpha(swapped, "ordinal") == pytest.approx(expected)


# --- From a ratings table ------------------------------------------------------------------------


def long_form(matrix, criterion: str) -> pd.DataFrame:
    frame = pd.DataFrame(matrix).rename_axis(index="candidate", columns="rater").stack().rename("rating")
    return frame.reset_index().assign(criterion=criterion)


def test_reliability_per_criterion_is_the_matrix_statistic():
    ratings = pd.concat([long_form(SHROUT_FLEISS, "copy"), long_form(KRIPPENDORFF_2011, "design")])
    result = reliability(ratings)
    copy = result["criteria"]["copy"]
    assert copy["icc2_1"] == pytest.approx(icc(SHROUT_FLEISS).icc2_1)
    assert copy["icc2_k"] == pytest.approx(icc(SHROUT_FLEISS).icc2_k)
    assert copy["alpha_interval"] == pytest.approx(krippendorff_alpha(SHROUT_FLEISS, "interval"))
    assert (copy["n_candidates"], copy["n_raters"], copy["reason"]) == (6, 4, None)
    design = result["criteria"]["design"]
    assert round(design["alpha_ordinal"], 3) == 0.815
    assert round(design["alpha_interval"], 3) == 0.849
    assert design["n_candidates"] == 12  # unit 12 has one rating: counted, but not pairable


def test_reliability_pools_no_cells_across_criteria():
    """Differences between criteria are not agreement about candidates: no pooled 'overall' ICC
    (the weighted total's reliability is the model's dependability)."""
    ratings = pd.concat([long_form(SHROUT_FLEISS, "copy"), long_form(SHROUT_FLEISS, "design")])
    assert set(reliability(ratings)) == {"criteria"}


def test_icc_of_too_few_candidates_is_withheld_with_a_reason():
    """Five candidates and two raters once printed ICC(2,k) = -1.29: a number no reader can use."""
    few = [[1, 2], [3, 3], [2, 4], [4, 1]]
    result = reliability(long_form(few, "analytics"))["criteria"]["analytics"]
    assert result["icc2_1"] is None and result["icc2_k"] is None
    assert result["ci"] == {"low": None, "high": None}
    assert "fewer than 5 rated candidates" in result["reason"]


def test_variance_components_are_truncated_so_an_icc_is_never_negative():
    # Raters disagree more than candidates differ: the moment estimate of sigma2_a is below 0.
    disagreeing = [[1, 5], [5, 1], [2, 4], [4, 2], [3, 3], [1, 4]]
    result = icc(disagreeing)
    assert result.icc2_1 == 0.0 and result.icc2_k == 0.0
    assert 0.0 <= result.icc2_k_ci[0] <= result.icc2_k_ci[1] <= 1.0


def test_icc_interval_holds_the_estimate_and_narrows_with_more_candidates():
    rng = np.random.default_rng(3)

    def simulated(n):
        truth = rng.normal(0, 1, size=(n, 1))
        return truth + rng.normal(0, 0.7, size=(n, 3))

    small, large = icc(simulated(12)), icc(simulated(300))
    for result in (small, large):
        assert result.icc2_k_ci[0] <= result.icc2_k <= result.icc2_k_ci[1]
    assert large.icc2_k_ci[1] - large.icc2_k_ci[0] < (small.icc2_k_ci[1] - small.icc2_k_ci[0]) / 2


def test_reliability_reports_none_with_a_reason_when_it_cannot_tell():
    ratings = pd.DataFrame({"candidate": [1, 2], "rater": ["a", "a"], "criterion": ["copy"] * 2,
                            "rating": [3.0, 4.0]})
    result = reliability(ratings)["criteria"]["copy"]
    assert result["icc2_1"] is None and result["alpha_interval"] is None
    assert result["reason"] == "fewer than 2 raters"
