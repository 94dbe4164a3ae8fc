"""The demo holds a closed debrief with two re-scores, each with its reason (issue 16, acceptance)."""

from __future__ import annotations

from sqlalchemy import func, select

from hiring.debriefs.models import Debrief, DebriefStatus
from hiring.extensions import db


def test_the_demo_has_a_closed_debrief_with_two_rescores(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # still one debrief
    assert db.session.scalar(select(func.count()).select_from(Debrief)) == 1
    debrief = db.session.scalar(select(Debrief))
    assert debrief.status == DebriefStatus.CLOSED and debrief.recommendation is not None
    changed = [r for r in debrief.ratings if r.rescored]
    assert len(changed) == 2 and len({r.rater_id for r in changed}) == 2
    assert all(r.reason and abs(r.rescored_value - r.value) == 1 for r in changed)
