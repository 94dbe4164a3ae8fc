"""Debrief influence's edge cases (README "Debrief influence"): no change, a re-score toward a person
who gave the same independent rating (t == x: no defined pull), a single rater, a tie at the top."""

from __future__ import annotations

import pytest

from hiring.debriefs.influence import ClosedDebrief, Moved, debrief_influence


def test_no_change_moves_nothing_and_pulls_nobody():
    d = ClosedDebrief(1, 2, (Moved(1, "copy", 4, 4), Moved(2, "copy", 2, 2)))
    influence = debrief_influence([d])
    assert (influence.ratings, influence.changed, influence.movement) == (2, 0, 0.0)
    assert (influence.first_speaker.n, influence.first_speaker.mean_pull, influence.first_speaker.share) == (0, None,
                                                                                                            None)


def test_a_move_away_from_a_person_who_gave_the_same_rating_counts_in_movement_not_in_the_pull():
    d = ClosedDebrief(1, 1, (Moved(1, "copy", 3, 3), Moved(2, "copy", 3, 5)))
    influence = debrief_influence([d])
    assert influence.changed == 1 and influence.movement == pytest.approx(1.0)
    assert influence.first_speaker.n == 0 and influence.most_senior.n == 0


def test_a_single_rater_moves_but_pulls_toward_nobody_but_themself():
    d = ClosedDebrief(7, 7, (Moved(7, "copy", 2, 4), Moved(7, "data", 3, 3)))
    influence = debrief_influence([d])
    assert influence.changed == 1 and influence.movement == pytest.approx(1.0)
    assert influence.first_speaker.n == 0 and influence.most_senior.n == 0


def test_a_criterion_the_person_did_not_rate_is_left_out_and_their_mean_over_stages_is_the_target():
    d = ClosedDebrief(1, None, (Moved(1, "copy", 4, 4), Moved(1, "copy", 5, 5),  # 1's mean: 4.5
                                Moved(2, "copy", 3, 4), Moved(2, "data", 1, 2)))
    influence = debrief_influence([d])
    assert influence.first_speaker.n == 1
    assert influence.first_speaker.mean_pull == pytest.approx((4 - 3) / (4.5 - 3))
    assert influence.most_senior.n == 0  # no single most senior rater: left out
