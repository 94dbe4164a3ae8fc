"""Reads of an opening's candidate list: counts per stage, one page of the dashboard's order, and
the people a newcomer may be a duplicate of."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hiring.candidates.duplicates import DuplicateFinder, Person, PossibleDuplicate
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.openings.models import Opening


def stage_counts(opening: Opening) -> dict[int | None, int]:
    """How many candidates are at each stage (None: no stage yet)."""
    return dict(db.session.execute(
        select(Candidate.stage_id, func.count()).where(Candidate.opening_id == opening.id).group_by(Candidate.stage_id)
    ).all())


def page_of_candidates(opening: Opening, ranked: Sequence[int], start: int, stop: int) -> list[Candidate]:
    """Candidates `start`..`stop` of the opening in dashboard order: the `ranked` ids first, in
    that order, then everyone else by name. Names are only read when the page reaches past the
    ranked ones, so the first pages of a large opening cost one small query."""
    shown = list(ranked[start:stop])
    if len(shown) < stop - start:
        ranked_ids = set(ranked)
        rest = sorted((c for c in db.session.execute(
            select(Candidate.id, Candidate.name).where(Candidate.opening_id == opening.id)) if c.id not in ranked_ids),
            key=lambda c: (c.name, c.id))
        shown += [c.id for c in rest[max(0, start - len(ranked)): stop - len(ranked)]]
    if not shown:
        return []
    loaded = {c.id: c for c in db.session.scalars(
        select(Candidate).where(Candidate.id.in_(shown)).options(selectinload(Candidate.stage)))}
    return [loaded[cid] for cid in shown if cid in loaded]


def known_people(opening: Opening) -> list[Person]:
    """The opening's candidates as the possible-duplicate rule reads them (duplicates.py): one query.
    Within the opening only: a manager may not see other openings' candidates. Erased candidates
    have no name or phone left to match."""
    rows = db.session.execute(
        select(Candidate.id, Candidate.name, Candidate.email, Candidate.phone)
        .where(Candidate.opening_id == opening.id, Candidate.anonymised_at.is_(None))
        .order_by(Candidate.id))
    return [Person(r.name, r.email, r.phone, candidate_id=r.id) for r in rows]


def possible_duplicates(opening: Opening, name: str, email: str = "", phone: str = "") -> list[PossibleDuplicate]:
    """The opening's candidates that a person with these details may be."""
    return DuplicateFinder(known_people(opening)).find(Person(name, email, phone))
