"""Telling people: a notification in the app, and an email through the outbox, in their language.

`notify` writes both in the caller's unit of work (the email goes out only if the action that
causes it commits, see hiring.outbox). The hooks are in the operations that cause them: asking for
a scorecard (`interviews.operations.assign`), a candidate starting or submitting the exercises, a
decision recorded. `remind` (the daily `flask remind`) sends what is due: reminders of owed
scorecards, and notices of invitations about to expire unused
(`hiring.exercises.operations.announce_expiring`).

Blind review stays blind: a review of exercise answers names the submission's alias, never the
candidate.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, has_request_context, request
from flask_babel import force_locale, get_locale, gettext
from sqlalchemy import func, select, update

from hiring.auth.models import User
from hiring.extensions import db
from hiring.i18n import DEFAULT_LANGUAGE
from hiring.mail import mail_configured
from hiring.notifications.kinds import KINDS
from hiring.notifications.models import Notification
from hiring.openings.models import DEFAULT_STAGES
from hiring.outbox import operations as outbox_ops
from hiring.timeutil import shown, utcnow, zone_of
from hiring.transactions import operation

#: The second reminder comes this long after the due date.
OVERDUE_AFTER = timedelta(days=2)
#: The values of a notification that are times: stored as UTC ISO strings, shown by `when`.
TIMES = ("due", "expires")


def when(value: datetime, user: User) -> str:
    """A stored (UTC) time as `user` reads it: in their language and time zone, the zone named."""
    return shown(value, zone_of(user), str(get_locale() or DEFAULT_LANGUAGE), seconds=True)


def message(notification: Notification, reader: User) -> str:
    """What the notification says, in the language being rendered (the page's, or `force_locale`)."""
    from hiring.shortlists.models import DecisionKind

    kind = KINDS.get(notification.kind)
    if kind is None:
        return ""
    values = dict(notification.params)
    stage = values.get("stage")
    if stage in DEFAULT_STAGES:
        values["stage"] = gettext(stage)  # the app's word for a default stage, in the reader's language
    if "alias" in values:
        values["candidate"] = gettext("Candidate %(code)s", code=values.pop("alias"))
    if "decision" in values:
        values["decision"] = DecisionKind(values["decision"]).label
    for moment in TIMES:
        if moment in values:
            values[moment] = when(datetime.fromisoformat(values[moment]), reader)
    return gettext(kind.message, **values)


def _absolute(path: str) -> str:
    """A link for an email: this request's host, or APP_URL (a command such as `flask remind`)."""
    base = request.host_url if has_request_context() else current_app.config["APP_URL"]
    return base.rstrip("/") + path


@operation
def notify(user: User, kind: str, params: dict[str, Any], path: str, *, once: str | None = None
           ) -> Notification | None:
    """Tell `user`: a notification in the app and, unless they switched it off, an email (queued in
    this unit of work, in their language). With `once`, a second call with the same key does nothing
    (None): a reminder is sent once. An inactive user is told nothing."""
    if not user.active:
        return None
    if once is not None and db.session.scalar(select(Notification.id).filter_by(user_id=user.id, once=once)):
        return None
    notification = Notification(user=user, kind=kind, params=params, path=path, once=once, created_at=utcnow())
    db.session.add(notification)
    db.session.flush()
    if user.wants_email(kind):
        config = current_app.config
        with force_locale(user.language or DEFAULT_LANGUAGE):
            text = message(notification, user)
            body = "\n\n".join([
                text,
                _absolute(path),
                gettext("You get this email because you are on the hiring team. Choose which emails you get "
                        "on your profile: %(url)s", url=_absolute("/profile")),
            ]) + "\n"
        outbox_ops.enqueue(kind=f"notice:{kind}", to=user.email, subject=text, body=body,
                           secret_key=config["SECRET_KEY"], mail_configured=mail_configured(config), user_id=user.id)
    return notification


def notify_all(users: Iterable[User], kind: str, params: dict[str, Any], path: str, *,
               actor: User | None = None) -> None:
    """`notify` each of `users` once, except the person who acted (they know)."""
    seen: set[int] = set()
    for user in users:
        if user.id not in seen and (actor is None or user.id != actor.id):
            seen.add(user.id)
            notify(user, kind, params, path)


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


@operation
def mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one of `user`'s notifications (or all of them) read; how many were unread."""
    statement = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_id is not None:
        statement = statement.where(Notification.id == notification_id)
    return db.session.execute(statement.values(read_at=utcnow()).execution_options(synchronize_session=False)
                              ).rowcount


def scorecard_params(scorecard) -> tuple[dict[str, Any], str]:
    """What a notification about a scorecard names, and the page it links to: the review page of a
    blind review under its alias, else the scorecard form."""
    params: dict[str, Any] = {"stage": scorecard.stage.name}
    if scorecard.invitation_id is not None:
        params["alias"] = scorecard.invitation.alias_code
        path = f"/reviews/{scorecard.invitation_id}"
    else:
        params["candidate"] = scorecard.candidate.name
        path = f"/scorecards/{scorecard.id}/edit"
    if scorecard.due_at is not None:
        params["due"] = scorecard.due_at.isoformat()
    return params, path


@operation
def remind(now: datetime) -> dict[str, int]:
    """Remind each rater of the draft scorecards they owe: once on the due date, once two days after;
    and tell who can send a new link of each invitation about to expire unused (once each, see
    `hiring.exercises.operations.announce_expiring`). Returns how many notifications of each kind
    were written (a run repeated the same day writes nothing new)."""
    from hiring.exercises.operations import announce_expiring
    from hiring.interviews.models import Scorecard, ScorecardStatus

    sent = {"scorecard_due": 0, "scorecard_overdue": 0}
    owed = db.session.scalars(select(Scorecard).where(Scorecard.status == ScorecardStatus.DRAFT,
                                                      Scorecard.due_at.is_not(None), Scorecard.due_at <= now)
                              .order_by(Scorecard.id))
    for scorecard in owed:
        params, path = scorecard_params(scorecard)
        # Past both dates at once (a run missed): only the later, stronger reminder.
        kind = "scorecard_overdue" if now >= scorecard.due_at + OVERDUE_AFTER else "scorecard_due"
        if notify(scorecard.rater, kind, params, path, once=f"scorecard:{scorecard.id}:{kind}") is not None:
            sent[kind] += 1
    sent["invitation_expiring"] = announce_expiring(now)
    return sent
