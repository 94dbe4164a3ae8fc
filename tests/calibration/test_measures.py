"""The calibration figures on constructed raters: leniency with the measurement model's sign, mean
absolute difference, and the rule that no item may be off by two levels. Pure: no app, no database."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiring.calibration.measures import MISS, TOLERANCE, Comparison, calibrated_on, measure

AGREED = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}


def rater(levels: dict[str, int], criterion: str = "copywriting", who: int = 7) -> list[Comparison]:
    return [Comparison(who, item, criterion, level, AGREED[item]) for item, level in levels.items()]


def test_a_rater_who_always_scores_one_level_above_the_agreed_level_has_leniency_plus_one():
    [result] = measure(rater({item: agreed + 1 for item, agreed in AGREED.items()}))
    assert result.leniency == 1.0  # the sign of issue 7's leniency: positive = scores higher
    assert result.mean_absolute == 1.0 and result.largest_miss == 1 and result.items == 5
    assert not result.calibrated  # |+1.0| > 0.5


def test_a_harsh_rater_has_negative_leniency():
    [result] = measure(rater({"c": 2, "d": 3, "e": 4}))
    assert result.leniency == -1.0 and not result.calibrated


def test_misses_in_both_directions_cancel_in_leniency_but_not_in_the_mean_absolute_difference():
    [result] = measure(rater({"a": 2, "b": 1, "c": 4, "d": 3}))  # +1, −1, +1, −1
    assert result.leniency == 0.0
    assert result.mean_absolute == 1.0
    assert result.calibrated  # within 0.5 on average, and no item off by 2


def test_one_item_off_by_two_leaves_the_rater_uncalibrated_whatever_the_mean():
    [result] = measure(rater({"a": 1, "b": 2, "c": 5, "d": 4, "e": 5}))  # 0, 0, +2, 0, 0
    assert result.leniency == pytest.approx(0.4) and result.mean_absolute == pytest.approx(0.4)
    assert result.largest_miss == MISS and result.missed == ("c",)
    assert not result.calibrated


def test_a_plus_two_and_a_minus_two_do_not_cancel_into_calibrated():
    [result] = measure(rater({"b": 4, "d": 2, "c": 3}))
    assert result.leniency == 0.0 and result.mean_absolute == pytest.approx(4 / 3)
    assert not result.calibrated and result.missed == ("b", "d")


def test_exactly_the_tolerance_is_within_it_and_an_opening_may_set_its_own():
    comparisons = rater({"a": 2, "b": 2})  # +1, 0: leniency +0.5
    assert measure(comparisons)[0].calibrated  # |0.5| <= 0.5
    assert not measure(comparisons, tolerance=0.25)[0].calibrated
    assert not measure(rater({"a": 2, "b": 3, "c": 3}), tolerance=TOLERANCE)[0].calibrated  # +2/3


def test_figures_are_per_rater_and_criterion():
    comparisons = [*rater({"a": 1, "b": 2}, "copywriting", 1), *rater({"a": 3, "b": 4}, "analytics", 1),
                   *rater({"a": 1}, "copywriting", 2)]
    results = {(r.rater, r.criterion): r for r in measure(comparisons)}
    assert results[(1, "copywriting")].calibrated and results[(1, "copywriting")].leniency == 0
    assert results[(1, "analytics")].leniency == 2.0 and not results[(1, "analytics")].calibrated
    assert results[(2, "copywriting")].items == 1
    assert calibrated_on(results.values(), 2, ["copywriting"])
    assert not calibrated_on(results.values(), 1, ["copywriting", "analytics"])  # off on analytics
    assert not calibrated_on(results.values(), 2, ["copywriting", "analytics"])  # not scored
    assert calibrated_on(results.values(), 2, [])  # no material: nothing to hold anyone back


def test_an_item_given_twice_or_a_negative_tolerance_is_refused():
    with pytest.raises(ValueError, match="item 'a' is given twice"):
        measure(rater({"a": 1}) * 2)
    with pytest.raises(ValueError, match="tolerance"):
        measure(rater({"a": 1}), tolerance=-0.1)


differences = st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=12)


def _from(pairs: list[tuple[int, int]], shift: int = 0) -> list[Comparison]:
    return [Comparison(1, f"i{index}", "q", level + shift, agreed) for index, (level, agreed) in enumerate(pairs)]


@settings(derandomize=True, deadline=None)
@given(differences, st.integers(-3, 3))
def test_shifting_every_level_by_k_shifts_leniency_by_k(pairs, k):
    before, after = measure(_from(pairs))[0], measure(_from(pairs, k))[0]
    assert after.leniency == pytest.approx(before.leniency + k)


@settings(derandomize=True, deadline=None)
@given(differences)
def test_leniency_never_exceeds_the_mean_absolute_difference_and_a_mirror_rater_has_the_opposite(pairs):
    result = measure(_from(pairs))[0]
    mirror = measure([Comparison(1, c.item, "q", c.agreed, c.level) for c in _from(pairs)])[0]
    assert abs(result.leniency) <= result.mean_absolute + 1e-12
    assert mirror.leniency == pytest.approx(-result.leniency)
    assert mirror.mean_absolute == pytest.approx(result.mean_absolute)
    assert result.calibrated == (abs(result.leniency) <= 0.5 + 1e-9 and result.largest_miss < 2)


@settings(derandomize=True, deadline=None)
@given(differences, st.randoms(use_true_random=False))
def test_the_order_of_the_items_does_not_matter(pairs, random):
    comparisons = _from(pairs)
    shuffled = comparisons[:]
    random.shuffle(shuffled)
    first, second = measure(comparisons)[0], measure(shuffled)[0]
    assert (first.leniency, first.mean_absolute, first.calibrated) == pytest.approx(
        (second.leniency, second.mean_absolute, second.calibrated))
