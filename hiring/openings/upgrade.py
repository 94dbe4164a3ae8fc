"""An opening's rubric upgrade, before it is applied: what changes between the pinned and the current
version, how each candidate's total and rank would move, and which ratings cannot carry over.

The totals after the upgrade come from the same ratings, model and ranking as the opening's board
(`hiring.scoreboards.upgraded_scoreboard`), with the new version's criteria and the weights the
upgrade sets (`upgraded_weights`), so the preview is the board the opening will show once upgraded.

What carries over (`hiring.rubrics.diff.carry`): ratings of kept criteria keep their level when the
scale keeps its levels, and move to the level in the same place when the scale is only renumbered
(1–5 → 0–4). Ratings of a removed criterion stop counting (they stay on their scorecards). When the
new scale has another number of levels, no rating has a level that means what its rater chose:
the upgrade is then refused as long as the opening has a scorecard (`refusal`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import ngettext
from sqlalchemy import func, select

from hiring.candidates.models import Candidate
from hiring.candidates.queries import candidates_by_id
from hiring.extensions import db
from hiring.interviews.models import Rating, Scorecard, ScorecardStatus
from hiring.openings.models import Opening
from hiring.rubrics.diff import Carry, RubricDiff, carry, diff_rubrics
from hiring.rubrics.models import RubricVersion
from hiring.rubrics.schema import Rubric
from hiring.scoreboards import opening_scoreboard, ranked_without, top_k, upgraded_scoreboard
from hiring.scoring.board import CandidateScore


def upgraded_weights(weights: Mapping[str, float], rubric: Rubric) -> dict[str, float]:
    """An opening's weights once upgraded to `rubric`: its own for the criteria that remain, the
    rubric's default for new ones; those of criteria that are gone are dropped."""
    return {key: weights.get(key, default) for key, default in rubric.default_weights().items()}


@dataclass(frozen=True)
class RatingCounts:
    """What the opening holds that an upgrade may leave behind."""

    submitted: dict[str, int]  # criterion → submitted ratings with a level (what the totals read)
    given: int                 # ratings with a level, submitted or in a draft
    scorecards: int            # scorecards, submitted or still owed: each stays on its version's scale


def rating_counts(opening: Opening) -> RatingCounts:
    """Two queries, whatever the number of ratings."""
    rated = (select(Rating.criterion, Scorecard.status, func.count()).join(Rating.scorecard)
             .join(Scorecard.candidate).where(Candidate.opening_id == opening.id, Rating.value.is_not(None))
             .group_by(Rating.criterion, Scorecard.status))
    submitted: dict[str, int] = {}
    given = 0
    for criterion, status, count in db.session.execute(rated):
        given += count
        if status == ScorecardStatus.SUBMITTED:
            submitted[criterion] = submitted.get(criterion, 0) + count
    scorecards = db.session.scalar(select(func.count()).select_from(Scorecard).join(Scorecard.candidate)
                                   .where(Candidate.opening_id == opening.id)) or 0
    return RatingCounts(submitted, given, scorecards)


def refusal(opening: Opening, version: RubricVersion, counts: RatingCounts | None = None) -> str | None:
    """Why `opening` cannot be upgraded to `version`, or None. The one reason: a scale with another
    number of levels while the opening has scorecards (their ratings, given or to come, are on the
    pinned scale and have no level on the new one: `hiring.rubrics.diff.carry`)."""
    old, new = opening.rubric_version.english.scale, version.english.scale
    if carry(old, new) != Carry.LOST:
        return None
    counts = rating_counts(opening) if counts is None else counts
    if not counts.scorecards:
        return None
    return ngettext(
        "The new version rates on a scale of %(new_min)s–%(new_max)s, with another number of levels than "
        "this opening's %(old_min)s–%(old_max)s. The opening has %(num)d scorecard, given or still owed, "
        "on %(old_min)s–%(old_max)s: no level of the new scale means what its rater chose, so its ratings "
        "cannot be carried over, and the upgrade is refused. Open a new opening on the new version instead.",
        "The new version rates on a scale of %(new_min)s–%(new_max)s, with another number of levels than "
        "this opening's %(old_min)s–%(old_max)s. The opening has %(num)d scorecards, given or still owed, "
        "on %(old_min)s–%(old_max)s: no level of the new scale means what their raters chose, so their "
        "ratings cannot be carried over, and the upgrade is refused. Open a new opening on the new version "
        "instead.",
        counts.scorecards, new_min=new.min, new_max=new.max, old_min=old.min, old_max=old.max)


@dataclass(frozen=True)
class CandidateMove:
    """One candidate's figures on the board now and after the upgrade (None: no total there)."""

    candidate: Candidate
    before: CandidateScore | None
    after: CandidateScore | None
    withheld: bool = False  # the reader owes a scorecard for them: no figures (independence)

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None or self.before.total is None or self.after.total is None:
            return None
        return self.after.total - self.before.total


@dataclass(frozen=True)
class WeightChange:
    key: str
    name: str        # in the page's language
    before: float | None  # None: a new criterion
    after: float | None   # None: a criterion the new version removes


@dataclass(frozen=True)
class UpgradePreview:
    pinned: RubricVersion
    current: RubricVersion
    diff: RubricDiff  # of the stored (English) words
    counts: RatingCounts
    lost: dict[str, int]  # removed criterion → its submitted ratings, which stop counting
    refusal: str | None
    weights: list[WeightChange]
    moves: list[CandidateMove]  # one page of them, ranked as after the upgrade (then as now); the withheld last
    k: int
    page: int = 1  # which page of the candidates `moves` is (1, 2, 3…)
    pages: int = 1
    total: int = 0  # candidates on every page
    first: int = 1  # the place of the page's first candidate among them all (1, 2, 3…)

    @property
    def carry(self) -> Carry:
        return self.diff.scale.carry


def upgrade_preview(opening: Opening, current: RubricVersion, *, withheld: set[int] = frozenset(),
                    page: int = 1, per_page: int | None = None) -> UpgradePreview:
    """What upgrading `opening` to `current` would do (module doc), for a reader who owes scorecards
    for `withheld` (those are ranked out of both boards, as on the dashboard). The candidates come
    `per_page` at a time (None: all), `page` 1, 2, 3… (out of range: the nearest page): both boards
    rank every candidate, and only the page's are read from the database."""
    pinned = opening.rubric_version
    diff = diff_rubrics(pinned.english, current.english)
    counts = rating_counts(opening)
    refused = refusal(opening, current, counts)
    weights_after = upgraded_weights(opening.weights, current.english)
    k = top_k(opening)
    candidates = ranked_without(opening, set(withheld))
    before = opening_scoreboard(opening, k=k, candidates=candidates)
    after = None if refused else upgraded_scoreboard(opening, current, weights_after, candidates=candidates, k=k)
    order = [s.candidate for s in after.candidates] if after is not None else []
    ranked_after = set(order)
    order += [s.candidate for s in before.candidates if s.candidate not in ranked_after]
    listed = [(i, False) for i in order] + [(i, True) for i in sorted(withheld)]
    size = per_page or max(1, len(listed))
    pages = max(1, -(-len(listed) // size))
    page = min(max(page, 1), pages)
    shown = listed[(page - 1) * size: page * size]
    people = {c.id: c for c in candidates_by_id([i for i, _hidden in shown])}
    moves = [CandidateMove(people[i], None, None, withheld=True) if hidden else
             CandidateMove(people[i], before.for_candidate(i), after.for_candidate(i) if after else None)
             for i, hidden in shown if i in people]
    old_names = {c.key: c.name for c in pinned.rubric.criteria}
    new_names = {c.key: c.name for c in current.rubric.criteria}
    weights = [WeightChange(key, new_names.get(key) or old_names[key], opening.weights.get(key),
                            weights_after.get(key))
               for key in [*current.english.criterion_keys,
                           *(key for key in pinned.english.criterion_keys if key not in weights_after)]]
    lost = {c.key: counts.submitted.get(c.key, 0) for c in diff.removed}
    return UpgradePreview(pinned, current, diff, counts, lost, refused, weights, moves, k, page, pages, len(listed),
                          (page - 1) * size + 1)
