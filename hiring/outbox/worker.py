"""The outbox worker: claims due messages, sends them, retries with backoff, never twice.

- Claiming: due rows are locked with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers
  share the queue without waiting on each other; on SQLite (one writer at a time) the claim's
  conditional UPDATE is what keeps two workers apart. A claimed row is marked `sending`, and that is
  committed before any SMTP traffic.
- Sending: success marks it `sent` and erases its sealed link. A refusal the server gives for this
  message (5xx, bad recipient) fails it at once; anything else (connection refused, timeouts, 4xx)
  is tried again after 1, 2, 4 … minutes (at most 6 hours apart), up to `OUTBOX_MAX_ATTEMPTS`.
- A crash between the claim and the outcome leaves the row `sending`; after `STALE_AFTER` it is
  marked `unknown` for an admin to decide, never resent blindly (the mail may have gone out).
- Stopping (`stop()` true, e.g. SIGTERM to `flask worker`): the message being sent is finished and
  its outcome recorded; the rest of the batch, never tried, goes back to the queue at once.
- Every attempt at one message carries the same Message-ID (`message_id_for`), so a receiver can tell a
  second copy of a message (an admin sending an "unknown" one again) from a new message.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import smtplib
import socket
import time
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from hiring.extensions import db
from hiring.mail import send_mail
from hiring.outbox.models import MessageStatus, OutboxMessage
from hiring.outbox.sealing import unseal
from hiring.timeutil import utcnow
from hiring.transactions import unit_of_work

log = logging.getLogger(__name__)

#: A claim older than this without an outcome means the worker died: the outcome is unknown.
STALE_AFTER = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=6)
BATCH = 20


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:80]


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(0, attempts - 1)), MAX_BACKOFF)


def message_id_for(config: Mapping[str, Any], message: OutboxMessage) -> str:
    """The Message-ID of every attempt at `message`: derived from the row (its id and when it was
    queued) with a key from SECRET_KEY, so it stays the same across retries, says nothing about the
    row, and differs between installations and between a rebuilt database's rows."""
    key = config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else bytes(key)
    digest = hmac.new(key, f"outbox message-id:{message.id}:{message.created_at.isoformat()}".encode(),
                      hashlib.sha256).hexdigest()[:32]
    domain = str(config.get("MAIL_SENDER") or "").rpartition("@")[2] or "localhost"
    return f"<{digest}@{domain}>"


def flag_unknown(now=None) -> int:
    """Messages claimed longer than STALE_AFTER ago without an outcome: outcome unknown."""
    now = now or utcnow()
    with unit_of_work():
        result = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == MessageStatus.SENDING, OutboxMessage.claimed_at < now - STALE_AFTER)
            .values(status=MessageStatus.UNKNOWN,
                    last_error="a worker claimed it and stopped before saying whether it went out")
            .execution_options(synchronize_session=False))
    if result.rowcount:
        log.warning("%d outbox message(s) with an unknown outcome: an admin decides", result.rowcount)
    return result.rowcount


def claim(name: str, now=None, limit: int = BATCH) -> list[int]:
    """Claim up to `limit` due messages for this worker (committed); returns their ids."""
    now = now or utcnow()
    with unit_of_work():
        due = list(db.session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == MessageStatus.QUEUED, OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)
            .with_for_update(skip_locked=True)))
        claimed = []
        for message_id in due:
            taken = db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.status == MessageStatus.QUEUED)
                .values(status=MessageStatus.SENDING, claimed_at=now, claimed_by=name)
                .execution_options(synchronize_session=False))
            if taken.rowcount == 1:
                claimed.append(message_id)
    return claimed


def _permanent(err: Exception) -> bool:
    if isinstance(err, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in err.recipients.values())
    if isinstance(err, smtplib.SMTPResponseException):
        return err.smtp_code >= 500
    return False


def deliver(config: Mapping[str, Any], message_id: int) -> MessageStatus:
    """Send one claimed message and record the outcome (committed)."""
    with unit_of_work():
        message = db.session.get(OutboxMessage, message_id)
        body = message.body
        if message.secret_marker:
            link = unseal(config["SECRET_KEY"], message.secret) if message.secret is not None else None
            if link is None:
                message.status, message.secret = MessageStatus.FAILED, None
                message.last_error = "its link cannot be read (SECRET_KEY changed?)"
                return message.status
            body = body.replace(message.secret_marker, link)
        message.attempts += 1
        try:
            send_mail(config, to=message.to_address, subject=message.subject, body=body,
                      message_id=message_id_for(config, message))
        except (OSError, smtplib.SMTPException) as err:
            reason = f"{type(err).__name__}: {err}"[:500]
            if _permanent(err) or message.attempts >= config.get("OUTBOX_MAX_ATTEMPTS", 8):
                message.status, message.last_error, message.secret = MessageStatus.FAILED, reason, None
            else:
                message.status, message.last_error = MessageStatus.QUEUED, reason
                message.next_attempt_at = utcnow() + backoff(message.attempts)
            log.warning("outbox message %d (%s) not sent: %s", message.id, message.kind, type(err).__name__)
        else:
            message.status, message.sent_at, message.secret, message.last_error = (
                MessageStatus.SENT, utcnow(), None, None)
        message.claimed_at = message.claimed_by = None
        return message.status


def release(name: str, ids: list[int]) -> None:
    """Put messages this worker claimed and never tried back in the queue, due at once (committed)."""
    with unit_of_work():
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == MessageStatus.SENDING,
                   OutboxMessage.claimed_by == name)
            .values(status=MessageStatus.QUEUED, claimed_at=None, claimed_by=None)
            .execution_options(synchronize_session=False))


def run_once(config: Mapping[str, Any], name: str | None = None, stop=lambda: False) -> dict[str, int]:
    """Send everything due now, or until `stop()`; returns how many ended in each status."""
    name = name or worker_name()
    counts: dict[str, int] = {"unknown": flag_unknown()}
    while not stop() and (ids := claim(name)):
        pending = list(ids)
        try:
            while pending and not stop():
                status = deliver(config, pending.pop(0))
                counts[status.value] = counts.get(status.value, 0) + 1
        finally:
            # Stopped, or `deliver` failed: the messages not tried yet go back to the queue. (One
            # that failed in `deliver` stays `sending` and becomes `unknown`: it may have gone out.)
            if pending:
                release(name, pending)
    return counts


def run_forever(config: Mapping[str, Any], interval: float = 5.0, stop=lambda: False) -> None:
    """Rounds of `run_once` every `interval` seconds until `stop()` (checked between messages)."""
    name = worker_name()
    log.info("outbox worker %s started", name)
    while not stop():
        try:
            run_once(config, name, stop)
        except Exception:  # a database hiccup must not end the worker; the next round tries again
            log.exception("outbox worker round failed")
            db.session.rollback()
        wake = time.monotonic() + interval
        while not stop() and time.monotonic() < wake:
            time.sleep(min(0.2, max(0.0, wake - time.monotonic())))
    log.info("outbox worker %s stopped", name)
