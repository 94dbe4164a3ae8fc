"""A candidate scored by the whole team, ready for a debrief, in a line."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hiring.candidates.models import Candidate
from hiring.debriefs import operations
from hiring.debriefs.models import Debrief, DebriefStatus
from hiring.extensions import db
from hiring.validation import ValidationError
from tests.helpers import Scene, _committed, make_candidate, submit_scorecard


@dataclass
class Scored:
    scene: Scene
    candidate: Candidate


def scored(scene: Scene, name: str = "Lucía Fernández") -> Scored:
    """A candidate of the scene's opening with submitted scorecards from the interviewer (4, 2), the
    manager (3, 3) and the leader (5, 3) on copywriting and analytics, at the panel interview."""
    candidate = make_candidate(scene.opening, name=name)
    stage = scene.opening.stages[2]
    submit_scorecard(scene.interviewer, candidate, stage, {"copywriting": 4, "analytics": 2}, "yes")
    submit_scorecard(scene.manager, candidate, stage, {"copywriting": 3, "analytics": 3}, "no")
    submit_scorecard(scene.leader, candidate, stage, {"copywriting": 5, "analytics": 3}, "strong_yes")
    return Scored(scene, candidate)


open_debrief = _committed(operations.open_debrief)
advance = _committed(operations.advance)
rescore = _committed(operations.rescore)


def refused(function, *args, **kwargs) -> str:
    """Call an operation that must refuse; its unit of work is rolled back, as a request's would be."""
    with pytest.raises(ValidationError) as refusal:
        function(*args, **kwargs)
    db.session.rollback()
    return refusal.value.message


def walk_to(debrief: Debrief, status: DebriefStatus, actor) -> Debrief:
    while debrief.status != status:
        extra = {"recommendation": "yes", "summary": "Agreed."} if debrief.status.next == DebriefStatus.CLOSED else {}
        advance(actor, debrief, debrief.status.next, **extra)
    return debrief
