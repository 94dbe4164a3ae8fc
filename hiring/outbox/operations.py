"""Queueing email, and an admin's decisions about messages that did not go out."""

from __future__ import annotations

import secrets as token_source

from flask_babel import gettext as _

from hiring.audit.operations import record
from hiring.auth.models import User
from hiring.extensions import db
from hiring.outbox.models import MessageStatus, OutboxMessage
from hiring.outbox.sealing import seal
from hiring.timeutil import utcnow
from hiring.transactions import operation
from hiring.validation import ValidationError


def link_marker() -> str:
    """A stand-in for a link in a message's text, unlike anything a person types."""
    return f"<<link:{token_source.token_hex(8)}>>"


@operation
def enqueue(*, kind: str, to: str, subject: str, body: str, secret_key: str, mail_configured: bool,
            link: str | None = None, marker: str | None = None, candidate_id: int | None = None,
            user_id: int | None = None) -> OutboxMessage:
    """Queue one email in the current unit of work: it goes out only if the action that causes it
    commits. With a `link`, `body` holds `marker` (from `link_marker`) exactly once where the link
    goes: the link is stored sealed and is erased once sent. Without a mail server the message is
    kept as "not sent" (the page shows the text to pass on by hand)."""
    if link is not None and (marker is None or body.count(marker) != 1):
        raise ValueError("a message with a link holds its marker exactly once")
    # A subject is one line: a name typed with a line break (a spreadsheet cell) must not make the
    # message unsendable (email headers refuse line breaks).
    subject = " ".join(subject.split())
    message = OutboxMessage(
        kind=kind, to_address=to, subject=subject, body=body, secret_marker=marker if link is not None else None,
        secret=seal(secret_key, link) if link is not None and mail_configured else None,
        status=MessageStatus.QUEUED if mail_configured else MessageStatus.NOT_SENT,
        next_attempt_at=utcnow(), candidate_id=candidate_id, user_id=user_id,
    )
    db.session.add(message)
    db.session.flush()
    return message


@operation
def resend(actor: User, message: OutboxMessage) -> OutboxMessage:
    """An admin sends a failed message, or one whose outcome is unknown, again."""
    if message.status not in (MessageStatus.FAILED, MessageStatus.UNKNOWN):
        raise ValidationError(_("Only a failed message, or one whose outcome is unknown, can be sent again."))
    if message.secret_marker and message.secret is None:
        raise ValidationError(_("Its link is no longer kept: send a new invitation or reset link instead."))
    before = message.status.value
    message.status, message.next_attempt_at, message.last_error = MessageStatus.QUEUED, utcnow(), None
    record(actor, "outbox.resend", message, before=before, to=message.to_address, kind=message.kind)
    return message


@operation
def drop(actor: User, message: OutboxMessage) -> None:
    """An admin gives up on a message (its link, if any, is erased)."""
    if message.status not in (MessageStatus.FAILED, MessageStatus.UNKNOWN, MessageStatus.QUEUED):
        raise ValidationError(_("Only a queued, failed or unknown message can be given up."))
    record(actor, "outbox.drop", message, status=message.status.value, to=message.to_address, kind=message.kind)
    message.status, message.secret = MessageStatus.FAILED, None
    message.last_error = "given up by an administrator"
