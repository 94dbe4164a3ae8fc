"""Reads of an opening's candidate list: counts per stage, one page of the dashboard's order, and
the people a newcomer may be a duplicate of."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hiring.auth.models import Role, User
from hiring.candidates.duplicates import DuplicateFinder, Person, PossibleDuplicate
from hiring.candidates.models import Candidate
from hiring.candidates.search import ESCAPE, like_pattern, query_words
from hiring.extensions import db
from hiring.openings.models import Opening, TeamMember


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


def candidates_by_id(ids: Sequence[int]) -> list[Candidate]:
    """These candidates, with their stages, in the order of `ids` (one query)."""
    if not ids:
        return []
    loaded = {c.id: c for c in db.session.scalars(
        select(Candidate).where(Candidate.id.in_(ids)).options(selectinload(Candidate.stage)))}
    return [loaded[i] for i in ids if i in loaded]


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


#: Results per page of a search.
SEARCH_PAGE = 50


def search(user: User, query: str, page: int = 1):
    """The candidates `user` may see (the openings they are on; an admin, all) whose name or email
    holds every word of `query` (the rule: `hiring.candidates.search`), by name; a page of them, or
    None when the query has nothing to look for. Erased candidates are not found. Only who and
    where: no scores, so a rater who still owes a scorecard learns nothing of others' (issue 8)."""
    words = query_words(query)
    if not words:
        return None
    statement = (select(Candidate).join(Opening, Candidate.opening_id == Opening.id)
                 .where(Candidate.anonymised_at.is_(None),
                        *(Candidate.search_text.like(like_pattern(word), escape=ESCAPE) for word in words))
                 .options(selectinload(Candidate.stage), selectinload(Candidate.opening))
                 .order_by(Candidate.search_text, Candidate.id))
    if user.role != Role.ADMIN:
        statement = statement.where(Candidate.opening_id.in_(
            select(TeamMember.opening_id).where(TeamMember.user_id == user.id)))
    return db.paginate(statement, page=page, per_page=SEARCH_PAGE, error_out=False, count=True)


def duplicates_among(candidates: Sequence[Candidate]) -> dict[int, list[PossibleDuplicate]]:
    """For each of `candidates`, the other records of their opening the possible-duplicate rule
    (duplicates.py) calls the same person: so two identical names can be told apart or merged."""
    found: dict[int, list[PossibleDuplicate]] = {}
    finders: dict[int, DuplicateFinder] = {}
    for candidate in candidates:
        if candidate.opening_id not in finders:
            finders[candidate.opening_id] = DuplicateFinder(known_people(candidate.opening))
        same = [d for d in finders[candidate.opening_id].find(Person(candidate.name, candidate.email, candidate.phone))
                if d.of.candidate_id != candidate.id]
        if same:
            found[candidate.id] = same
    return found
