"""The opening's candidate list filtered and sorted (issue 14, point 4): by stage, how they would
work, the latest decision and flags (incomplete, raters disagree, over a platform limit); sorted by
any column.

`ListView` is what the query string asks for (unknown values are ignored, so an old or edited link
still opens a list); `ordered_ids` reads the opening's candidates in one query and their latest
decisions in another, and filters and sorts them with the scoreboard the page already has (and the
candidates over a limit, `hiring.exercises.queries.over_limit`, when that flag is asked for). A
candidate whose figures the reader may not see (they owe a scorecard for them) has no total, no
flags and no place in a ranking here either.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from hiring.candidates.models import Candidate
from hiring.candidates.vocabulary import CandidateType
from hiring.extensions import db
from hiring.openings.models import Opening
from hiring.shortlists.models import Decision, DecisionKind

SORTS = ("rank", "name", "stage", "total", "raters", "added")
#: "over_limit": the candidate's final exercise work holds a post over its platform's limit (length or
#: hashtags), as the review page and the candidate's counter flag it.
FLAGS = ("incomplete", "disagreement", "over_limit")
NO_DECISION = "none"


@dataclass(frozen=True)
class ListView:
    stage: int | None = None
    type: str | None = None
    decision: str | None = None  # a DecisionKind value, or NO_DECISION
    flags: frozenset[str] = field(default_factory=frozenset)
    sort: str = "rank"
    descending: bool = False

    @classmethod
    def parse(cls, args: Mapping[str, Any], opening: Opening) -> ListView:
        stage = args.get("stage", "")
        stage_id = int(stage) if stage.isdigit() and any(s.id == int(stage) for s in opening.stages) else None
        kind = args.get("type") if args.get("type") in {t.value for t in CandidateType} else None
        decision = args.get("decision") if args.get("decision") in {*(d.value for d in DecisionKind),
                                                                    NO_DECISION} else None
        flags = frozenset(f for f in (args.getlist("flag") if hasattr(args, "getlist") else []) if f in FLAGS)
        sort = args.get("sort") if args.get("sort") in SORTS else "rank"
        return cls(stage_id, kind, decision, flags, sort, args.get("dir") == "desc")

    @property
    def filtered(self) -> bool:
        return bool(self.stage or self.type or self.decision or self.flags)

    @property
    def default(self) -> bool:
        return not self.filtered and self.sort == "rank" and not self.descending

    def args(self, **changes: Any) -> dict[str, Any]:
        """The query arguments of this view (with `changes`), for links that keep it."""
        values = {"stage": self.stage, "type": self.type, "decision": self.decision,
                  "flag": sorted(self.flags) or None, "sort": None if self.sort == "rank" else self.sort,
                  "dir": "desc" if self.descending else None}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "", [])}


def ordered_ids(opening: Opening, view: ListView, board, withheld: set[int], ranked: list[int],
                over_limit: Collection[int] = frozenset()) -> list[int]:
    """The ids of the opening's candidates the view keeps, in its order. `over_limit`: the candidates
    over a platform limit, needed when the view filters on it."""
    rows = db.session.execute(select(Candidate.id, Candidate.search_text, Candidate.stage_id, Candidate.type,
                                     Candidate.created_at)
                              .where(Candidate.opening_id == opening.id, Candidate.anonymised_at.is_(None))).all()
    latest: dict[int, str] = {}
    for candidate_id, kind in db.session.execute(
            select(Decision.candidate_id, Decision.kind).join(Candidate)
            .where(Candidate.opening_id == opening.id).order_by(Decision.created_at, Decision.id)):
        latest[candidate_id] = kind.value  # the newest wins
    position = {stage.id: stage.position for stage in opening.stages}
    rank = {candidate_id: index for index, candidate_id in enumerate(ranked)}

    def score(candidate_id: int):
        return None if board is None or candidate_id in withheld else board.for_candidate(candidate_id)

    def keep(row) -> bool:
        if view.stage and row.stage_id != view.stage:
            return False
        if view.type and row.type.value != view.type:
            return False
        if view.decision and latest.get(row.id, NO_DECISION) != view.decision:
            return False
        found = score(row.id)
        if "incomplete" in view.flags and not (found and found.incomplete):
            return False
        if "over_limit" in view.flags and (board is None or row.id in withheld or row.id not in over_limit):
            return False
        return not ("disagreement" in view.flags and not (found and found.flags))

    kept = [row for row in rows if keep(row)]

    def key(row):
        found = score(row.id)
        if view.sort == "name":
            value = (row.search_text,)
        elif view.sort == "stage":
            value = (position.get(row.stage_id, len(position)),)
        elif view.sort == "total":  # highest first (descending: lowest first); no total, last either way
            total = found.total if found else 0.0
            return (found is None, total if view.descending else -total, row.search_text, row.id)
        elif view.sort == "raters":
            value = (found.n_raters if found else 0,)
        elif view.sort == "added":
            value = (row.created_at,)
        else:  # rank: the ranked first, in order, then the rest by name
            value = (rank.get(row.id, len(rank)),)
        return (*value, row.search_text, row.id)

    ordered = sorted(kept, key=key, reverse=view.descending and view.sort != "total")
    return [row.id for row in ordered]
