"""Reads of an opening's candidate list: counts per stage and one page of the dashboard's order."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

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
