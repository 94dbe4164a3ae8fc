"""What the debrief pages, the comparison and the API read, each in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.debriefs.influence import ClosedDebrief, Influence, Moved, debrief_influence
from hiring.debriefs.models import Debrief, DebriefRating, DebriefStatus
from hiring.debriefs.speaking import most_senior
from hiring.extensions import db
from hiring.interviews.models import Recommendation, Scorecard, ScorecardStatus
from hiring.openings.models import Opening


def debriefs_of(opening: Opening, candidate_ids: Iterable[int] | None = None) -> list[Debrief]:
    """The opening's debriefs (of these candidates), with their ratings and raters, newest first."""
    query = (select(Debrief).join(Debrief.candidate).where(Candidate.opening_id == opening.id)
             .options(selectinload(Debrief.ratings).selectinload(DebriefRating.rater),
                      selectinload(Debrief.candidate), selectinload(Debrief.opened_by))
             .order_by(Debrief.opened_at.desc(), Debrief.id.desc()))
    if candidate_ids is not None:
        query = query.where(Debrief.candidate_id.in_(set(candidate_ids)))
    return list(db.session.scalars(query))


def debrief_of(candidate: Candidate) -> Debrief | None:
    return db.session.scalar(select(Debrief).filter_by(candidate_id=candidate.id))


def ready_to_debrief(opening: Opening, candidate_ids: Iterable[int]) -> set[int]:
    """Those of these candidates with a submitted scorecard, none still owed, and no debrief yet."""
    ids = set(candidate_ids)
    if not ids:
        return set()
    rows = db.session.execute(select(Scorecard.candidate_id, Scorecard.status)
                              .where(Scorecard.candidate_id.in_(ids))).all()
    owed = {cid for cid, status in rows if status == ScorecardStatus.DRAFT}
    scored = {cid for cid, status in rows if status == ScorecardStatus.SUBMITTED}
    debriefed = set(db.session.scalars(select(Debrief.candidate_id).where(Debrief.candidate_id.in_(ids))))
    return scored - owed - debriefed


def closed_figures(debrief: Debrief) -> ClosedDebrief:
    """A closed debrief as the influence figures read it."""
    roles = {r.rater_id: r.rater_role for r in debrief.ratings if r.rater_id is not None}
    order = [rater for rater in debrief.speaking_order if rater in roles]
    return ClosedDebrief(
        first_speaker=order[0] if order else None,
        most_senior=most_senior(sorted(roles.items())),
        ratings=tuple(Moved(r.rater_id, r.criterion, r.value, r.final)
                      for r in debrief.ratings if r.rater_id is not None))


def opening_influence(debriefs: Iterable[Debrief]) -> Influence:
    """Debrief influence over the closed ones of `debriefs` (hiring.debriefs.influence)."""
    return debrief_influence(closed_figures(d) for d in debriefs if d.status == DebriefStatus.CLOSED)


@dataclass(frozen=True)
class CriterionRow:
    """One criterion of the revealed view: every rater's rating side by side."""

    key: str
    name: str
    spread: int  # highest minus lowest independent rating
    ratings: list[DebriefRating]
    note: str  # the discussion's note


def side_by_side(debrief: Debrief) -> list[CriterionRow]:
    """The rated criteria, largest disagreement first (then in the rubric's order); within one, the
    ratings in speaking order."""
    rubric = debrief.candidate.opening.rubric
    position = {rater: i for i, rater in enumerate(debrief.speaking_order)}
    rows = []
    for index, criterion in enumerate(rubric.criteria):
        ratings = sorted((r for r in debrief.ratings if r.criterion == criterion.key and r.value is not None),
                         key=lambda r: (position.get(r.rater_id, len(position)), r.id))
        if ratings:
            values = [r.value for r in ratings]
            rows.append((-(max(values) - min(values)), index, CriterionRow(
                criterion.key, criterion.name, max(values) - min(values), ratings,
                (debrief.notes or {}).get(criterion.key, ""))))
    known = set(rubric.criterion_keys)
    for key in sorted({r.criterion for r in debrief.ratings} - known):  # a criterion since dropped
        ratings = [r for r in debrief.ratings if r.criterion == key]
        values = [r.value for r in ratings]
        rows.append((-(max(values) - min(values)), len(known), CriterionRow(key, key, max(values) - min(values),
                                                                           ratings, "")))
    return [row for *_order, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def recommendation_counts(debrief: Debrief) -> dict[Recommendation, int]:
    """How many independent recommendations of each kind the raters gave, from strong no to strong yes."""
    counts = Counter(Recommendation(v) for values in (debrief.recommendations or {}).values() for v in values)
    return {r: counts[r] for r in Recommendation}


def speakers(debrief: Debrief, order: list[int] | None = None) -> list[User]:
    """The raters in `order` (default: the debrief's speaking order), as users."""
    order = debrief.speaking_order if order is None else order
    people = {r.rater_id: r.rater for r in debrief.ratings if r.rater is not None}
    return [people[i] for i in order if i in people]
