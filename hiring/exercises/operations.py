"""Inviting candidates to exercises, the candidate's answers, and submitting them.

Time is the server's: `start` sets the deadline, and every save checks it (with a short grace for
a request already on its way). After the deadline the draft is kept and shown to reviewers as
"not submitted in time"; nothing the candidate typed is thrown away. A link nobody has started two
days before it expires is announced to those who can send a new one (`announce_expiring`, run by the
daily `flask remind`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from hiring.audit.operations import CANDIDATE, record
from hiring.auth.access import can_manage_opening
from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.exercises import storage
from hiring.exercises.models import Answer, IdentityReveal, Invitation
from hiring.exercises.schema import Exercise
from hiring.exercises.uploads import CheckedUpload
from hiring.extensions import db
from hiring.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_
from hiring.interviews.models import Scorecard
from hiring.notifications import operations as notifications
from hiring.openings.models import Opening, Stage, TeamMember
from hiring.rubrics.language import exercise_in
from hiring.timeutil import utcnow
from hiring.transactions import operation
from hiring.validation import ValidationError, clean_text

MAX_ANSWER_CHARACTERS = 50_000
#: An invitation not started this close to its expiry is announced to those who can send a new link.
#: Run daily, `flask remind` finds it between 48 and 24 hours before: at least a day to act.
EXPIRY_NOTICE = timedelta(hours=48)
#: Letters and digits that cannot be misread for one another, for aliases.
ALIAS_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class ExerciseClosed(Exception):
    """The invitation no longer takes answers; `reason` is what the candidate is told."""

    def __init__(self, reason: str, status: str):
        super().__init__(reason)
        self.reason, self.status = reason, status


@dataclass(frozen=True)
class AnswerInput:
    exercise: str
    item: str
    text: str
    active_seconds: int = 0
    largest_paste: int = 0


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def page_token(secret_key: str, invitation: Invitation) -> str:
    """The invitation's own CSRF token: bound to it, valid for its whole life (no mid-test expiry)."""
    message = f"exercise-page:{invitation.id}:{invitation.token_hash}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    return db.session.scalar(db.select(Invitation).filter_by(token_hash=token_digest(token)))


@operation
def invite(actor: User | None, candidate: Candidate, exercises: Sequence[Exercise], *,
           expires_at: datetime, stage: Stage | None = None) -> tuple[Invitation, str]:
    """Invite `candidate` to `exercises`; return the invitation and its link token (shown once)."""
    if not exercises:
        raise ValidationError(_("Choose at least one exercise."), field="exercises")
    if expires_at <= utcnow():
        raise ValidationError(_("The expiry date must be in the future."), field="expires_on")
    stage = stage or candidate.stage or candidate.opening.stages[0]
    if stage.opening_id != candidate.opening_id:
        raise ValidationError(_("That stage belongs to another opening."), field="stage")
    token = secrets.token_urlsafe(32)  # 256 random bits
    language = candidate.language if candidate.language in LANGUAGES else DEFAULT_LANGUAGE
    invitation = Invitation(
        candidate=candidate,
        stage=stage,
        created_by=actor,
        token_hash=token_digest(token),
        alias_code="".join(secrets.choice(ALIAS_ALPHABET) for _ in range(4)),
        seed=secrets.randbits(31),
        exercises=[e.to_dict() for e in exercises],
        # What the candidate reads: the exercises in their language, fixed from now on.
        language=language,
        exercises_shown=None if language == DEFAULT_LANGUAGE else [exercise_in(e, language).to_dict()
                                                                   for e in exercises],
        time_limit_minutes=sum(e.time_limit_minutes for e in exercises),
        expires_at=expires_at,
    )
    db.session.add(invitation)
    record(actor, "invitation.create", invitation, candidate_id=candidate.id,
           exercises=[e.key for e in exercises], expires_at=expires_at.isoformat())
    return invitation, token


@operation
def revoke(actor: User | None, invitation: Invitation) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        record(actor, "invitation.revoke", invitation)


@operation
def reveal_identity(actor: User, invitation: Invitation) -> IdentityReveal:
    """End blind review of this submission for `actor`, on record: who, when, which submission,
    and whether their review was already submitted. Revealing twice keeps the first time."""
    found = db.session.scalar(select(IdentityReveal).filter_by(invitation_id=invitation.id, user_id=actor.id))
    if found is not None:
        return found
    review = db.session.scalar(select(Scorecard).filter_by(invitation_id=invitation.id, rater_id=actor.id))
    reveal = IdentityReveal(invitation_id=invitation.id, user_id=actor.id, revealed_at=utcnow())
    db.session.add(reveal)
    record(actor, "review.reveal", invitation, alias=invitation.alias,
           review="submitted" if review is not None and review.submitted else
           ("draft" if review is not None else "none"))
    return reveal


@operation
def start(invitation: Invitation, now: datetime, grace: timedelta) -> Invitation:
    """Start the clock (once). Refuses a revoked, expired or finished invitation."""
    _require_open(invitation, now, grace, starting=True)
    if invitation.started_at is None:
        invitation.started_at = now
        invitation.deadline_at = now + timedelta(minutes=invitation.time_limit_minutes)
        record(CANDIDATE, "invitation.start", invitation)
        _tell_managers(invitation, "exercises_started")
    return invitation


def _managers(opening: Opening) -> list[User]:
    """Who hears of a candidate's exercises: the opening's hiring managers."""
    return [member.user for member in opening.team if member.role == Role.HIRING_MANAGER]


def _tell_managers(invitation: Invitation, kind: str) -> None:
    """The opening's hiring managers hear that the candidate started or submitted the exercises."""
    opening = invitation.candidate.opening
    notifications.notify_all(_managers(opening), kind, {"candidate": invitation.candidate.name,
                                                        "opening": opening.title},
                             f"/candidates/{invitation.candidate_id}")


def expiring_unused(now: datetime) -> list[Invitation]:
    """Invitations nobody has started (nor revoked) that expire after `now` but within
    `EXPIRY_NOTICE` of it, with their candidate, opening, team and sender (a fixed number of queries)."""
    return list(db.session.scalars(
        select(Invitation).join(Invitation.candidate)
        .where(Invitation.started_at.is_(None), Invitation.revoked_at.is_(None), Invitation.submitted_at.is_(None),
               Invitation.expires_at > now, Invitation.expires_at <= now + EXPIRY_NOTICE,
               Candidate.anonymised_at.is_(None))
        .options(selectinload(Invitation.candidate).selectinload(Candidate.opening).selectinload(Opening.team)
                 .selectinload(TeamMember.user), selectinload(Invitation.created_by))
        .order_by(Invitation.id)))


@operation
def announce_expiring(now: datetime) -> int:
    """Tell who can send a new link that an invitation is about to expire unused (`expiring_unused`):
    the opening's hiring managers, as for the candidate starting or submitting, and the person who
    sent it if they still manage the opening (an admin). Each person hears of each invitation once,
    however often this runs; the notice links to the candidate's invite page. Returns how many
    notifications were written."""
    told = 0
    for invitation in expiring_unused(now):
        opening = invitation.candidate.opening
        people = _managers(opening)
        if invitation.created_by is not None and can_manage_opening(invitation.created_by, opening):
            people.append(invitation.created_by)
        params = {"candidate": invitation.candidate.name, "opening": opening.title,
                  "expires": invitation.expires_at.isoformat()}
        path = f"/candidates/{invitation.candidate_id}/invite"  # where they send a new link
        for user in {user.id: user for user in people}.values():
            if notifications.notify(user, "invitation_expiring", params, path,
                                    once=f"invitation:{invitation.id}:expiring") is not None:
                told += 1
    return told


@operation
def save_answers(invitation: Invitation, answers: Iterable[AnswerInput], now: datetime,
                 grace: timedelta) -> datetime:
    """Store the candidate's latest text for each item (the autosave). Returns the save time."""
    _require_open(invitation, now, grace)
    items = _items(invitation)
    answers = [replace(given, text=clean_text(given.text, f"{given.exercise}/{given.item}")) for given in answers]
    for given in answers:
        if (given.exercise, given.item) not in items or items[(given.exercise, given.item)] == "file":
            raise ValidationError(N_("Unknown answer field %(item)s."), field=f"{given.exercise}/{given.item}",
                                  item=f"{given.exercise}/{given.item}")
        if len(given.text) > MAX_ANSWER_CHARACTERS:
            raise ValidationError(N_("An answer can be at most %(limit)s characters."),
                                  field=f"{given.exercise}/{given.item}", limit=f"{MAX_ANSWER_CHARACTERS:,}")
    try:
        with db.session.begin_nested():  # a savepoint: losing the race below undoes only this
            for given in answers:
                answer = _answer(invitation, given.exercise, given.item)
                answer.text = given.text
                answer.saved_at = now
                answer.active_seconds = max(answer.active_seconds, min(int(given.active_seconds), 24 * 3600))
                answer.largest_paste = max(answer.largest_paste,
                                           min(int(given.largest_paste), MAX_ANSWER_CHARACTERS))
    except IntegrityError:
        # Two autosaves of a new field raced to create its row: the other one won. Save again onto it.
        return save_answers(invitation, answers, now, grace)
    return now


@operation
def save_upload(invitation: Invitation, exercise_key: str, upload: CheckedUpload, now: datetime,
                grace: timedelta) -> Answer:
    """Store the candidate's file for this exercise; an earlier one is deleted (one file per answer)."""
    _require_open(invitation, now, grace)
    if _items(invitation).get((exercise_key, "file")) != "file":
        raise ValidationError(_("This exercise takes no file."))
    exercise = invitation.exercise(exercise_key)
    if upload.kind not in exercise.upload.accept:
        raise ValidationError(_("This exercise accepts %(kinds)s.",
                                kinds=", ".join(k.upper() for k in exercise.upload.accept)))
    answer = _answer(invitation, exercise_key, "file")
    answer.file_name = storage.put(answer, upload)
    answer.file_kind, answer.file_size, answer.saved_at = upload.kind, upload.size, now
    db.session.flush()
    return answer


@operation
def submit(invitation: Invitation, now: datetime, grace: timedelta) -> bool:
    """Lock the answers. Exactly one submit wins, however many arrive at once; returns whether
    this call was the one."""
    _require_open(invitation, now, grace)
    result = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.submitted_at.is_(None))
        .values(submitted_at=now)
        .execution_options(synchronize_session=False)
    )
    won = result.rowcount == 1
    db.session.refresh(invitation)
    if won:
        record(CANDIDATE, "invitation.submit", invitation)
        _tell_managers(invitation, "exercises_submitted")
    return won


def answered(invitation: Invitation) -> tuple[int, int]:
    """(answered, total) answer slots: a slot counts once it holds non-blank text or a file."""
    total = answered_count = 0
    for (exercise, item), kind in _items(invitation).items():
        total += 1
        answer = invitation.answer(exercise, item)
        if answer is not None and (answer.file_name if kind == "file" else (answer.text or "").strip()):
            answered_count += 1
    return answered_count, total


def _require_open(invitation: Invitation, now: datetime, grace: timedelta, starting: bool = False) -> None:
    status = invitation.status(now, grace)
    reasons = {
        "revoked": N_("This invitation was withdrawn by the employer."),
        "expired": N_("This invitation has expired."),
        "submitted": N_("Your answers are already submitted. Thank you!"),
        "late": N_("The time for these exercises is over. Everything you saved before the deadline is "
                   "kept and will be reviewed."),
    }
    if status in reasons:
        raise ExerciseClosed(reasons[status], status)
    if not starting and invitation.started_at is None:
        raise ExerciseClosed(N_("Start the exercises first."), "not_started")


def _items(invitation: Invitation) -> dict[tuple[str, str], str]:
    return {(e.key, item.key): item.kind for e in invitation.exercise_list for item in e.items()}


def _answer(invitation: Invitation, exercise: str, item: str) -> Answer:
    answer = invitation.answer(exercise, item)
    if answer is None:
        answer = Answer(exercise_key=exercise, item_key=item, text="", active_seconds=0, largest_paste=0)
        invitation.answers.append(answer)
    return answer
