"""Generate a large opening for the page benchmarks, with bulk inserts (SQLAlchemy Core).

`generate_opening(app, candidates=5000, raters=10)` makes, on the app's database:
- the opening, through `hiring.openings.operations.create_opening` (the real rubric and stages);
- its hiring manager and `raters` interviewers on the team, and one leadership member;
- `candidates` candidates across the stages, names in several scripts;
- per candidate a submitted "Panel interview" scorecard from `RATERS_PER_CANDIDATE` of the raters (a
  rotating window, so every rater shares candidates with every other), rating all 8 criteria, 4 % of
  them "not assessed", each with a note: 5,000 candidates give 25,000 scorecards and 200,000 ratings;
- exercise invitations for a fifth of the candidates (1,000 of 5,000), started and submitted, with an
  answer per item, and a submitted review scorecard for each from one rater;
- a few owed (draft) scorecards, a shortlist of `shortlist` candidates and some decisions.

Everything but the opening itself goes in as lists of dicts through Core `insert()`, so 5,000
candidates take seconds, not the minutes that 200,000 ORM objects would.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import insert, select
from werkzeug.security import generate_password_hash

from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.candidates.vocabulary import CandidateType
from hiring.exercises.models import Answer, Invitation
from hiring.exercises.store import offered
from hiring.extensions import db
from hiring.interviews.models import Rating, Recommendation, Scorecard, ScorecardStatus
from hiring.openings.models import TeamMember
from hiring.openings.operations import create_opening
from hiring.shortlists.models import Decision, DecisionKind, ShortlistEntry
from hiring.timeutil import utcnow

PASSWORD = "bench-password-2026"
RATERS_PER_CANDIDATE = 5
NOT_ASSESSED = 0.04
EXERCISE_SHARE = 5  # one candidate in five has taken the exercises
EXERCISES = ("campaign-analysis", "launch-posts")
NAMES = ["王芳", "प्रिया शर्मा", "José Martínez", "Siti Rahmawati", "さくら 田中", "김민준", "Zoë Dubois",
         "Amara Okafor"]
NOTES = [
    "Walked through a TikTok series that doubled saves in six weeks, with the numbers.",
    "Gave one example, thin on measurement; could not say what the goal was.",
    "Clear reasoning per platform; adapted the copy for LinkedIn without being asked.",
    "Answered with generalities; no result of their own.",
]
BATCH = 20_000  # rows per executemany: bounds memory, keeps each statement reasonable


@dataclass
class Generated:
    opening_id: int
    manager_email: str
    candidate_ids: list[int]
    shortlist_ids: list[int]
    ratings: int
    scorecards: int
    invitations: int


_hash_cache: dict[str, str] = {}


def _password_hash() -> str:
    if PASSWORD not in _hash_cache:  # one real hash, reused: the login check is still the real one
        _hash_cache[PASSWORD] = generate_password_hash(PASSWORD)
    return _hash_cache[PASSWORD]


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start:start + BATCH])


def _users(tag: str, role: Role, n: int, label: str) -> list[int]:
    emails = [f"{tag}-{role.value}-{i}@bench.example" for i in range(n)]
    _insert(User, [{"email": e, "name": f"{label} {i + 1} ({tag})", "role": role, "password_hash": _password_hash(),
                    "active": True, "session_epoch": 0} for i, e in enumerate(emails)])
    found = dict(db.session.execute(select(User.email, User.id).where(User.email.in_(emails))).all())
    return [found[e] for e in emails]


def generate_opening(tag: str, *, candidates: int = 5000, raters: int = 10, shortlist: int = 50,
                     seed: int = 20261125) -> Generated:
    """Build one opening as the module doc says; `tag` keeps emails unique between openings."""
    rng = random.Random(seed)
    now = utcnow()
    (manager_id,) = _users(tag, Role.HIRING_MANAGER, 1, "Manager")
    rater_ids = _users(tag, Role.INTERVIEWER, raters, "Interviewer")
    (leader_id,) = _users(tag, Role.LEADERSHIP, 1, "Leader")
    db.session.commit()
    manager = db.session.get(User, manager_id)
    opening = create_opening(manager, title=f"Social Media Manager — bench {tag}",
                             rubric_key="social-media-manager", rubrics_dir=current_app.config["RUBRICS_DIR"])
    _insert(TeamMember, [{"opening_id": opening.id, "user_id": r, "role": Role.INTERVIEWER} for r in rater_ids]
            + [{"opening_id": opening.id, "user_id": leader_id, "role": Role.LEADERSHIP}])
    stages = [s.id for s in opening.stages]
    panel_stage, exercise_stage = stages[2], stages[1]
    criteria = opening.rubric.criterion_keys
    version_id = opening.rubric_version_id

    types = list(CandidateType)
    _insert(Candidate, [{
        "opening_id": opening.id, "stage_id": stages[i % len(stages)],
        "name": f"{NAMES[i % len(NAMES)]} {i:05d}", "email": f"{tag}-candidate{i}@example.com",
        "phone": "+62 812 3456 7890", "source": "Job board", "type": types[i % len(types)],
        "language": ("zh", "hi", "es", "id", "en")[i % 5], "notes": "Generated for the benchmark.",
        "created_at": now,
    } for i in range(candidates)])
    candidate_ids = list(db.session.scalars(
        select(Candidate.id).where(Candidate.opening_id == opening.id).order_by(Candidate.id)))

    # Interview scorecards: candidate i is rated by raters i, i+1, … (mod raters).
    recommendations = list(Recommendation)
    per = min(RATERS_PER_CANDIDATE, raters)
    _insert(Scorecard, [{
        "candidate_id": cid, "stage_id": panel_stage, "rater_id": rater_ids[(i + k) % raters],
        "rubric_version_id": version_id, "status": ScorecardStatus.SUBMITTED,
        "recommendation": recommendations[(i + k) % len(recommendations)], "summary": "",
        "created_at": now, "updated_at": now, "submitted_at": now, "revision": 2,
    } for i, cid in enumerate(candidate_ids) for k in range(per)])
    # A few scorecards asked for and not yet submitted (the dashboard's "still owed").
    owed = candidate_ids[::100]
    _insert(Scorecard, [{
        "candidate_id": cid, "stage_id": stages[3], "rater_id": rater_ids[i % raters],
        "rubric_version_id": version_id, "status": ScorecardStatus.DRAFT, "summary": "",
        "created_at": now, "updated_at": now, "revision": 1,
    } for i, cid in enumerate(owed)])
    scorecards = db.session.execute(
        select(Scorecard.id, Scorecard.candidate_id).join(Scorecard.candidate)
        .where(Candidate.opening_id == opening.id, Scorecard.status == ScorecardStatus.SUBMITTED)
        .order_by(Scorecard.id)).all()
    base = {cid: 3 + rng.gauss(0, 0.8) for cid in candidate_ids}
    ratings = []
    for sid, cid in scorecards:
        for key in criteria:
            value = None if rng.random() < NOT_ASSESSED else min(5, max(1, round(base[cid] + rng.gauss(0, 0.8))))
            ratings.append({"scorecard_id": sid, "criterion": key, "value": value,
                            "note": NOTES[(sid + len(key)) % len(NOTES)]})
    _insert(Rating, ratings)

    # Exercise submissions for a fifth of the candidates, each reviewed by one rater.
    available = {e.key: e for e in offered(opening)}
    chosen = [available[k] for k in EXERCISES if k in available]
    snapshot = [e.to_dict() for e in chosen]
    minutes = sum(e.time_limit_minutes for e in chosen)
    took = candidate_ids[::EXERCISE_SHARE]
    _insert(Invitation, [{
        "candidate_id": cid, "stage_id": exercise_stage, "created_by_id": manager_id,
        "token_hash": hashlib.sha256(f"{tag}-{cid}".encode()).hexdigest(), "alias_code": f"{cid:05X}",
        "seed": cid, "exercises": snapshot, "time_limit_minutes": minutes, "created_at": now,
        "expires_at": now + timedelta(days=7), "started_at": now - timedelta(minutes=minutes),
        "deadline_at": now, "submitted_at": now - timedelta(minutes=1),
    } for cid in took])
    invitations = db.session.execute(
        select(Invitation.id, Invitation.candidate_id).where(Invitation.candidate_id.in_(took))).all()
    items = [(e.key, item.key) for e in chosen for item in e.items() if item.kind != "file"]
    _insert(Answer, [{
        "invitation_id": iid, "exercise_key": ex, "item_key": item, "text": "4.2", "saved_at": now,
        "active_seconds": 120, "largest_paste": 0,
    } for iid, _cid in invitations for ex, item in items])
    review_criteria = list(dict.fromkeys(c for e in chosen for c in e.criteria))
    _insert(Scorecard, [{
        "candidate_id": cid, "stage_id": exercise_stage, "rater_id": rater_ids[n % raters],
        "rubric_version_id": version_id, "invitation_id": iid, "status": ScorecardStatus.SUBMITTED,
        "recommendation": Recommendation.YES, "summary": "", "created_at": now, "updated_at": now,
        "submitted_at": now, "revision": 2,
    } for n, (iid, cid) in enumerate(invitations)])
    reviews = db.session.execute(
        select(Scorecard.id).where(Scorecard.invitation_id.in_([iid for iid, _ in invitations]))).scalars().all()
    review_ratings = [{"scorecard_id": sid, "criterion": key, "value": 1 + (sid + j) % 5,
                       "note": "The recommendation follows from the numbers."}
                      for sid in reviews for j, key in enumerate(review_criteria)]
    _insert(Rating, review_ratings)

    # A shortlist (spread over the candidates) and decisions on some of it.
    step = max(1, len(candidate_ids) // max(1, shortlist))
    listed = candidate_ids[::step][:shortlist]
    _insert(ShortlistEntry, [{"candidate_id": cid, "added_by_id": manager_id, "added_at": now} for cid in listed])
    _insert(Decision, [{"candidate_id": cid, "decided_by_id": leader_id, "kind": DecisionKind.ADVANCE,
                        "comment": "Strong analytics; check references.", "created_at": now}
                       for cid in listed[::3]])
    db.session.commit()
    return Generated(opening.id, f"{tag}-{Role.HIRING_MANAGER.value}-0@bench.example", candidate_ids, listed,
                     len(ratings) + len(review_ratings), len(scorecards) + len(reviews), len(invitations))
