"""Debrief influence on a constructed case whose answer is worked out by hand (README: "Debrief
influence"), and the speaking order's rules."""

from __future__ import annotations

import pytest

from hiring.debriefs.influence import ClosedDebrief, Moved, debrief_influence
from hiring.debriefs.speaking import Given, most_senior, suggested_order


def test_influence_on_a_constructed_case():
    # Debrief A: 1 and 2 are interviewers, 3 is leadership; 1 speaks first.
    a = ClosedDebrief(first_speaker=1, most_senior=3, ratings=(
        Moved(1, "copy", 4, 4), Moved(2, "copy", 2, 3), Moved(3, "copy", 5, 5),  # 2 moves 2 → 3
        Moved(1, "data", 3, 2), Moved(2, "data", 3, 3), Moved(3, "data", 1, 1),  # 1 moves 3 → 2
    ))
    # Debrief B: 2 (the one hiring manager) speaks first; 1 moves away from them.
    b = ClosedDebrief(first_speaker=2, most_senior=2, ratings=(Moved(1, "copy", 2, 1), Moved(2, "copy", 4, 4)))
    influence = debrief_influence([a, b])
    assert (influence.debriefs, influence.ratings, influence.changed) == (2, 8, 3)
    assert influence.movement == pytest.approx(3 / 8)  # |1| + |−1| + |−1| over 8 ratings
    # Toward the first speaker: A's 2 closed half the way to 1's 4 (0.5); 1's own move does not count;
    # B's 1 moved away from 2's 4 by half the distance (−0.5).
    first = influence.first_speaker
    assert (first.n, first.mean_pull, first.share) == (2, pytest.approx(0.0), 0.5)
    # Toward the most senior: A's 2 closed a third of the way to 3's 5, A's 1 half the way to 3's 1;
    # B's 1 moved away from 2 (−0.5).
    senior = influence.most_senior
    assert senior.n == 3
    assert senior.mean_pull == pytest.approx((1 / 3 + 0.5 - 0.5) / 3)
    assert senior.share == pytest.approx(2 / 3)


def test_no_closed_debriefs_no_figures():
    influence = debrief_influence([])
    assert (influence.movement, influence.first_speaker.n, influence.first_speaker.mean_pull) == (None, 0, None)


def test_the_most_senior_is_one_person_or_nobody():
    assert most_senior([(1, "interviewer"), (2, "hiring_manager"), (3, "leadership")]) == 3
    assert most_senior([(1, "interviewer"), (2, "leadership"), (3, "leadership")]) is None


def test_suggested_order_by_role_then_distance_from_the_median():
    raters = [(10, "leadership"), (11, "hiring_manager"), (12, "interviewer"), (13, "interviewer")]
    ratings = [Given(10, "leadership", "copy", 3), Given(11, "hiring_manager", "copy", 3),
               Given(12, "interviewer", "copy", 3), Given(13, "interviewer", "copy", 1)]
    assert suggested_order(raters, ratings) == [13, 12, 11, 10]
