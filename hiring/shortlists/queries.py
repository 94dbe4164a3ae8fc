"""What the shortlist and comparison pages read, each in a fixed number of queries.

`build_comparison` turns the database's view of 2–6 candidates into the plain `Comparison` that
the comparison page, the PDF and the exports share, so a figure reads the same everywhere.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select, true
from sqlalchemy.orm import selectinload

from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.exercises.models import Invitation
from hiring.exercises.review import grades
from hiring.extensions import db
from hiring.i18n import N_, page_translations
from hiring.interviews.models import Rating, Recommendation, Scorecard, ScorecardStatus, owes_scorecard
from hiring.openings.models import DEFAULT_STAGES, Opening, Stage
from hiring.reports.comparison import (
    CandidateColumn,
    Comparison,
    CriterionInfo,
    CriterionScore,
    DebriefChange,
    DebriefSummary,
    DecisionEntry,
    ExerciseResult,
    Level,
    Methodology,
    Quote,
)
from hiring.rubrics.language import exercise_in
from hiring.scoreboards import candidates_ratings, opening_fit, opening_scoreboard, remembered, scoreboard_weights
from hiring.scoring.board import EMPTY_RELIABILITY, INTERVAL_LEVEL, panel_ratings
from hiring.shortlists.models import Decision, ShortlistEntry
from hiring.timeutil import utcnow

#: How many evidence quotes a comparison shows per candidate and criterion.
QUOTES_PER_CRITERION = 3
MIN_COMPARED, MAX_COMPARED = 2, 6

INVITATION_STATUS = {
    "submitted": N_("submitted"), "late": N_("not submitted in time"), "in_progress": N_("in progress"),
    "not_started": N_("not started"), "expired": N_("expired unopened"), "revoked": N_("revoked"),
}


def shortlisted(opening: Opening) -> list[Candidate]:
    return list(db.session.scalars(
        select(Candidate).join(ShortlistEntry, ShortlistEntry.candidate_id == Candidate.id)
        .where(Candidate.opening_id == opening.id)
        .options(selectinload(Candidate.stage))
        .order_by(Candidate.name)
    ))


def is_shortlisted(candidate: Candidate) -> bool:
    return db.session.scalar(select(ShortlistEntry.id).filter_by(candidate_id=candidate.id)) is not None


def latest_decisions(candidate_ids: Iterable[int]) -> dict[int, list[Decision]]:
    """Every decision on these candidates, newest first, with who decided."""
    history: dict[int, list[Decision]] = defaultdict(list)
    for decision in db.session.scalars(
        select(Decision).where(Decision.candidate_id.in_(set(candidate_ids)))
        .options(selectinload(Decision.decided_by))
        .order_by(Decision.created_at.desc(), Decision.id.desc())
    ):
        history[decision.candidate_id].append(decision)
    return history


def criterion_means(opening: Opening, candidates: Iterable[int]) -> dict[int, dict[str, float]]:
    """candidate → criterion → mean of the raters' ratings (what must-have minimums test); remembered
    like `candidates_ratings`."""
    chosen = frozenset(candidates)

    def compute() -> dict[int, dict[str, float]]:
        panel = panel_ratings(candidates_ratings(opening, chosen))
        means: dict[int, dict[str, float]] = defaultdict(dict)
        for (candidate, criterion), mean in panel.groupby(["candidate", "criterion"])["rating"].mean().items():
            means[int(candidate)][criterion] = float(mean)
        return dict(means)
    return remembered("means", opening, chosen, compute)


def build_comparison(opening: Opening, candidate_ids: list[int], *, author: str,
                     weights: dict[str, float] | None = None, grace: timedelta = timedelta(0),
                     now: datetime | None = None, viewer: User | None = None) -> Comparison:
    """The comparison of these candidates of `opening`, ranked among themselves, as `viewer` may read it:
    a candidate they owe a scorecard for keeps their column, without figures, quotes or recommendations."""
    now = now or utcnow()
    rubric = opening.rubric
    chosen = set(candidate_ids)
    candidates = {c.id: c for c in db.session.scalars(
        select(Candidate).where(Candidate.opening_id == opening.id, Candidate.id.in_(chosen))
        .options(selectinload(Candidate.stage)))}
    withheld = owes_scorecard(viewer, opening, candidates) if viewer is not None else set()
    frame = candidates_ratings(opening, candidates)
    board = opening_scoreboard(opening, weights, candidates=set(candidates) - withheld)
    used_weights = scoreboard_weights(opening, weights)
    criteria = [CriterionInfo(c.key, c.name, c.kind, float(used_weights[c.key]), dict(c.anchors))
                for c in rubric.criteria]
    spreads = remembered("spreads", opening, set(candidates), lambda: _spreads(frame))
    shown = [cid for cid in candidates if cid not in withheld]
    quotes = _quotes(shown) if shown else {}
    recommendations = _recommendations(shown) if shown else {}
    exercises = _exercises(list(candidates), grace, now)
    decisions = latest_decisions(candidates)
    debriefs = _debriefs(opening, shown) if shown else {}
    ranked = [s.candidate for s in board.candidates]
    order = ranked + sorted((cid for cid in candidates if cid not in ranked), key=lambda cid: candidates[cid].name)
    columns = []
    for cid in order:
        candidate, score = candidates[cid], None if cid in withheld else board.for_candidate(cid)
        results, status = exercises.get(cid, ([], []))
        columns.append(CandidateColumn(
            id=cid, name=candidate.name, type=candidate.type.label,
            stage=candidate.stage.label if candidate.stage else "",
            rank=score.rank if score else None, total=score.total if score else None,
            skills=score.skills if score else None, traits=score.traits if score else None,
            low=score.low if score else None, high=score.high if score else None,
            p_above_next=score.p_above_next if score else None,
            p_top_k=score.p_top_k if score else None,
            adjusted=score.adjusted.total if score else None,
            adjusted_low=score.adjusted.low if score else None,
            adjusted_high=score.adjusted.high if score else None,
            n_raters=score.n_raters if score else 0,
            incomplete=score.incomplete if score else cid not in withheld,
            missing=score.missing if score else () if cid in withheld else tuple(rubric.criterion_keys),
            scores={c.key: _criterion_score(rubric, c.key, score,
                                            None if cid in withheld else spreads.get((cid, c.key)))
                    for c in rubric.criteria},
            quotes=quotes.get(cid, {}),
            exercises=results, exercise_status=status,
            recommendations={} if cid in withheld else recommendations.get(cid, _no_recommendations()),
            decisions=[DecisionEntry(d.kind.label, d.comment,
                                     d.decided_by.name if d.decided_by else _("(removed user)"), d.created_at,
                                     d.kind.value)
                       for d in decisions.get(cid, [])],
            flags=score.flags if score else (),
            withheld=cid in withheld,
            debrief=debriefs.get(cid),
        ))
    version = opening.rubric_version
    whole = opening_fit(opening)
    notes = []
    if weights is not None:
        notes.append(_("Totals use what-if weights, not the opening's: see the methodology for the weights."))
    owed = [c.name for c in columns if c.withheld]
    if owed:
        notes.append(_("You owe a scorecard for %(names)s: their figures, evidence and recommendations "
                       "are hidden until you submit yours, so that your judgement stays independent.",
                       names=", ".join(owed)))
    if any(c.incomplete and not c.withheld for c in columns):
        notes.append(_("A total marked incomplete includes a prediction for the criteria nobody has rated yet, made "
                       "from the candidate's other ratings and the rest of the opening; its interval is wider for it."))
    return Comparison(
        opening_id=opening.id, opening_title=opening.title, opening_location=opening.location,
        generated_at=now, author=author, criteria=criteria, candidates=columns,
        methodology=Methodology(
            rubric_key=version.key, rubric_title=rubric.title, rubric_version=version.label,
            rubric_hash=version.content_hash, scale_min=rubric.scale.min, scale_max=rubric.scale.max,
            scale_labels={level.value: level.label for level in rubric.scale.levels},
            # The whole opening's raters, not just these candidates': the fit of all is cached.
            interval_level=INTERVAL_LEVEL, k=board.k, d_study=whole.d_study if whole else None,
            reliability=whole.reliability if whole else EMPTY_RELIABILITY,
            weights_note=_("What-if weights, not the opening's.") if weights is not None else "",
        ),
        notes=notes,
    )


def _debriefs(opening: Opening, candidate_ids: list[int]) -> dict[int, DebriefSummary]:
    """candidate → their debrief: its stage, the team's recommendation and every re-score with its reason."""
    from hiring.debriefs.queries import debriefs_of

    names = {c.key: c.name for c in opening.rubric.criteria}
    found = {}
    for d in debriefs_of(opening, candidate_ids):
        position = {rater: i for i, rater in enumerate(d.speaking_order)}
        changes = tuple(
            DebriefChange(r.rater.name if r.rater else _("(removed user)"), names.get(r.criterion, r.criterion),
                          _(r.stage) if r.stage in DEFAULT_STAGES else r.stage, r.value, r.rescored_value, r.reason)
            for r in sorted(d.ratings, key=lambda r: (position.get(r.rater_id, len(position)), r.id)) if r.rescored)
        found[d.candidate_id] = DebriefSummary(
            status=d.status.label, status_key=d.status.value,
            recommendation=d.recommendation.label if d.recommendation else "",
            recommendation_key=d.recommendation.value if d.recommendation else "",
            summary=d.summary, closed_at=d.closed_at, ratings=len(d.ratings), changes=changes)
    return found


def _criterion_score(rubric, key: str, score, spread: float | None) -> CriterionScore:
    figures = (score.criteria.get(key) if score else None) or {}
    mean = figures.get("mean")
    anchors = rubric.criterion(key).anchors
    levels = () if mean is None else tuple(Level(v, rubric.scale.label(v), anchors.get(v, ""))
                                           for v in rubric.scale.levels_of_mean(mean))
    return CriterionScore(mean=mean, median=figures.get("median"), std=figures.get("std"),
                          n_raters=int(figures.get("n_raters") or 0), spread=spread, levels=levels)


def _spreads(frame: pd.DataFrame) -> dict[tuple[int, str], float]:
    panel = panel_ratings(frame)
    if panel.empty:
        return {}
    grouped = panel.groupby(["candidate", "criterion"])["rating"]
    return {(int(c), k): float(v) for (c, k), v in (grouped.max() - grouped.min()).items()}


def _quotes(candidate_ids: list[int]) -> dict[int, dict[str, list[Quote]]]:
    """The evidence behind the highest ratings first; longer notes before shorter at the same level."""
    rows = db.session.execute(
        select(Scorecard.candidate_id, Rating.criterion, Rating.value, Rating.note, Scorecard.rater_id,
               Scorecard.stage_id)
        .join(Rating.scorecard)
        .where(Scorecard.candidate_id.in_(candidate_ids), Scorecard.status == ScorecardStatus.SUBMITTED,
               Rating.value.is_not(None), Rating.note != "")
    ).all()
    names = _names(User, {r.rater_id for r in rows})
    stages = _names(Stage, {r.stage_id for r in rows})
    grouped: dict[int, dict[str, list[Quote]]] = defaultdict(lambda: defaultdict(list))
    for row in sorted(rows, key=lambda r: (-r.value, -len(r.note), r.rater_id)):
        bucket = grouped[row.candidate_id][row.criterion]
        if len(bucket) < QUOTES_PER_CRITERION:
            bucket.append(Quote(row.criterion, row.value, names.get(row.rater_id, ""), stages.get(row.stage_id, ""),
                                row.note.strip()))
    return {cid: dict(by_criterion) for cid, by_criterion in grouped.items()}


def _names(model, ids: set[int]) -> dict[int, str]:
    """id → name of these users or stages, in one query."""
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all()) if ids else {}


def _no_recommendations() -> dict[str, int]:
    return {r.label: 0 for r in Recommendation}


def _recommendations(candidate_ids: list[int]) -> dict[int, dict[str, int]]:
    rows = db.session.execute(
        select(Scorecard.candidate_id, Scorecard.recommendation)
        .where(Scorecard.candidate_id.in_(candidate_ids), Scorecard.status == ScorecardStatus.SUBMITTED,
               Scorecard.recommendation.is_not(None))
    ).all()
    counts: dict[int, Counter] = defaultdict(Counter)
    for candidate_id, recommendation in rows:
        counts[candidate_id][recommendation.label] += 1
    return {cid: {r.label: counter[r.label] for r in Recommendation} for cid, counter in counts.items()}


def _exercises(candidate_ids: list[int], grace: timedelta, now: datetime):
    """candidate → (auto-graded results, [(exercise title, status)]) over their invitations."""
    result: dict[int, tuple[list[ExerciseResult], list[tuple[str, str]]]] = {}
    for invitation in db.session.scalars(
        select(Invitation).where(Invitation.candidate_id.in_(candidate_ids))
        .options(selectinload(Invitation.answers)).order_by(Invitation.created_at)
    ):
        results, status = result.setdefault(invitation.candidate_id, ([], []))
        state = invitation.status(now, grace)
        exercises = {e.key: exercise_in(e) for e in invitation.exercise_list}  # in the reader's language
        status.extend((e.title, INVITATION_STATUS[state]) for e in exercises.values())
        if state in ("not_started", "expired", "revoked"):  # nothing was answered to grade
            continue
        for key, graded in grades(invitation).items():
            prompts = {q.key: q.prompt for q in exercises[key].questions}
            results.extend(ExerciseResult(exercises[key].title, prompts.get(q, q), g.given, _expected(g.expected),
                                          g.correct, g.note_in(page_translations())) for q, g in graded)
    return result


def _expected(value) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def check_selection(ids: list[int]) -> str | None:
    """What is wrong with a choice of candidates to compare, or None."""
    if len(ids) < MIN_COMPARED:
        return _("Choose at least %(count)d candidates to compare.", count=MIN_COMPARED)
    if len(ids) > MAX_COMPARED:
        return _("Compare at most %(count)d candidates at a time.", count=MAX_COMPARED)
    return None


def export_tables(opening: Opening, *, viewer: User | None = None) -> dict[str, pd.DataFrame]:
    """The opening's scores as two tables: per candidate × criterion, and per rating.

    The ratings table has the columns `flask --app hiring scores import` reads, so an export can be
    corrected in a spreadsheet and imported into another opening. As `viewer` may read it: a candidate
    they owe a scorecard for has no scores row, and only the viewer's own ratings of them.
    """
    rubric = opening.rubric
    candidates = {c.id: c for c in db.session.scalars(select(Candidate).where(Candidate.opening_id == opening.id))}
    withheld = owes_scorecard(viewer, opening) if viewer is not None else set()
    board = opening_scoreboard(opening, candidates=set(candidates) - withheld if withheld else None)
    score_rows = []
    for score in board.candidates:
        candidate = candidates[score.candidate]
        row = {"rank": score.rank, "candidate": candidate.name, "email": candidate.email,
               "type": candidate.type.label, "total": score.total, "interval_low": score.low,
               "interval_high": score.high, "adjusted_total": score.adjusted.total,
               "adjusted_low": score.adjusted.low, "adjusted_high": score.adjusted.high,
               "p_above_next": score.p_above_next, f"p_top_{board.k}": score.p_top_k, "skills": score.skills,
               "traits": score.traits, "raters": score.n_raters, "incomplete": score.incomplete}
        for key in rubric.criterion_keys:
            figures = score.criteria.get(key, {})
            row[f"{key}_mean"] = figures.get("mean")
            row[f"{key}_raters"] = figures.get("n_raters", 0)
        score_rows.append(row)
    rating_rows = db.session.execute(
        select(Candidate.email, Candidate.name, User.email, User.name, Stage.name, Rating.criterion,
               Rating.value, Rating.note, Scorecard.submitted_at)
        .select_from(Rating).join(Rating.scorecard).join(Scorecard.candidate).join(Scorecard.rater)
        .join(Scorecard.stage)
        .where(Candidate.opening_id == opening.id, Scorecard.status == ScorecardStatus.SUBMITTED,
               Scorecard.candidate_id.not_in(withheld) | (Scorecard.rater_id == viewer.id) if withheld else true())
        .order_by(Candidate.name, Stage.position, User.name, Rating.criterion)
    ).all()
    ratings = pd.DataFrame(rating_rows, columns=["candidate_email", "candidate", "rater_email", "rater", "stage",
                                                 "criterion", "rating", "note", "submitted_at"])
    ratings["rating"] = ratings["rating"].astype("Int64")  # "not assessed" stays empty, not 0
    return {"scores": pd.DataFrame(score_rows), "ratings": ratings}

