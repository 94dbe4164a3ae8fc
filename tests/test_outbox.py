"""The outbox: email written with its action, sent by a worker through a real SMTP server (aiosmtpd:
plain, STARTTLS and implicit TLS), retried when the server is down, never sent twice, and a link in
a queued message never readable from the database."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import threading

import pytest
from sqlalchemy import func, select

from hiring.config import PROJECT_ROOT
from hiring.extensions import db
from hiring.outbox import worker
from hiring.outbox.models import MessageStatus, OutboxMessage
from hiring.outbox.operations import enqueue, link_marker
from hiring.timeutil import utcnow
from hiring.transactions import unit_of_work
from tests.mailserver import Inbox, SmtpServer, make_certificate

LINK = "https://hiring.example/i/very-secret-token-4f9a"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return make_certificate(tmp_path_factory.mktemp("tls"))


def _queue(app, n: int = 1, *, to: str = "wang.fang@example.com", link: str | None = LINK) -> list[int]:
    marker = link_marker()
    with unit_of_work():
        ids = [enqueue(kind="invitation", to=to, subject=f"Your exercises #{i}",
                       body=f"Hello 王芳,\n\nOpen {marker} when you are ready.\n" if link else "Hello,\n",
                       link=link, marker=marker, secret_key=app.config["SECRET_KEY"], mail_configured=True).id
               for i in range(n)]
    return ids


def _message(message_id: int) -> OutboxMessage:
    db.session.commit()
    return db.session.get(OutboxMessage, message_id)


def test_a_queued_link_is_sealed_then_sent_and_erased(app, smtp, runner):
    (message_id,) = _queue(app)
    row = _message(message_id)
    stored = row.body.encode() + bytes(row.secret)
    assert LINK.encode() not in stored and b"very-secret-token" not in stored, "no usable link at rest"
    assert row.shown_body() == "Hello 王芳,\n\nOpen [link] when you are ready.\n"

    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    (received,) = smtp.inbox.messages
    assert received["Subject"] == "Your exercises #0" and received["To"] == "wang.fang@example.com"
    assert LINK in received.get_content() and "王芳" in received.get_content()
    row = _message(message_id)
    assert (row.status, row.secret, row.attempts) == (MessageStatus.SENT, None, 1)


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_starttls_and_implicit_tls(app, monkeypatch, certificate, security):
    inbox = Inbox()
    server = SmtpServer(inbox, security, certificate)
    server.start()
    try:
        for key, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": server.port, "MAIL_SECURITY": security,
                           "MAIL_CA_FILE": str(certificate[0])}.items():
            monkeypatch.setitem(app.config, key, value)
        (message_id,) = _queue(app)
        worker.run_once(app.config)
        assert _message(message_id).status == MessageStatus.SENT, _message(message_id).last_error
        assert len(inbox.messages) == 1 and LINK in inbox.messages[0].get_content()
    finally:
        server.stop()


def test_with_the_mail_server_down_messages_wait_and_go_out_once_it_returns(app, smtp):
    smtp.stop()
    ids = _queue(app, 3)
    counts = worker.run_once(app.config)
    assert counts.get("queued") == 3
    for message_id in ids:
        row = _message(message_id)
        assert row.status == MessageStatus.QUEUED and row.attempts == 1 and "Connection" in row.last_error
        assert row.next_attempt_at > utcnow(), "tried again later, not at once"
        assert row.secret is not None, "the link is kept (sealed) until it is sent"
    assert worker.run_once(app.config).get("sent", 0) == 0, "nothing is due before its next attempt"

    smtp.start()
    with unit_of_work():  # the backoff has passed
        for message_id in ids:
            db.session.get(OutboxMessage, message_id).next_attempt_at = utcnow() - dt.timedelta(seconds=1)
    assert worker.run_once(app.config).get("sent") == 3
    assert sorted(m["Subject"] for m in smtp.inbox.messages) == [f"Your exercises #{i}" for i in range(3)]
    assert worker.run_once(app.config).get("sent", 0) == 0


def test_a_refused_recipient_fails_at_once_with_the_reason(app, smtp):
    smtp.inbox.refuse.add("nobody@example.com")
    (message_id,) = _queue(app, to="nobody@example.com")
    worker.run_once(app.config)
    row = _message(message_id)
    assert row.status == MessageStatus.FAILED and "550" in row.last_error and row.secret is None


def test_a_claim_with_no_outcome_is_flagged_not_resent(app, smtp):
    (message_id,) = _queue(app)
    with unit_of_work():
        row = db.session.get(OutboxMessage, message_id)
        row.status, row.claimed_at, row.claimed_by = MessageStatus.SENDING, utcnow() - dt.timedelta(hours=1), "gone:1"
    worker.run_once(app.config)
    assert _message(message_id).status == MessageStatus.UNKNOWN
    assert smtp.inbox.messages == []


def test_two_workers_never_send_a_message_twice(app, smtp):
    ids = _queue(app, 40, link=None)

    def work(name: str) -> None:
        with app.app_context():
            worker.run_once(app.config, name)

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    subjects = [m["Subject"] for m in smtp.inbox.messages]
    assert sorted(subjects) == sorted(f"Your exercises #{i}" for i in range(40)), "each once, none twice"
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.id.in_(ids), OutboxMessage.status == MessageStatus.SENT)) == 40


def test_every_attempt_at_a_message_has_its_one_message_id(app, smtp):
    """A retry carries the Message-ID of the first attempt, so a receiver can tell a second copy of a
    message from a new one; two messages never share one."""
    smtp.stop()
    first, second = _queue(app, 2, link=None)
    worker.run_once(app.config)
    assert _message(first).attempts == 1
    smtp.start()
    with unit_of_work():  # the backoff has passed
        for message_id in (first, second):
            db.session.get(OutboxMessage, message_id).next_attempt_at = utcnow() - dt.timedelta(seconds=1)
    worker.run_once(app.config)
    received = {m["Subject"]: m["Message-ID"] for m in smtp.inbox.messages}
    assert received["Your exercises #0"] == worker.message_id_for(app.config, _message(first))
    assert received["Your exercises #1"] == worker.message_id_for(app.config, _message(second))
    assert received["Your exercises #0"] != received["Your exercises #1"]


def test_a_stopped_worker_finishes_its_message_and_puts_the_rest_back(app, smtp):
    ids = _queue(app, 4, link=None)
    counts = worker.run_once(app.config, "stopping:1", stop=lambda: len(smtp.inbox.messages) >= 1)
    assert counts.get("sent") == 1 and len(smtp.inbox.messages) == 1
    rows = [_message(message_id) for message_id in ids]
    assert [r.status for r in rows] == [MessageStatus.SENT] + [MessageStatus.QUEUED] * 3
    assert [(r.attempts, r.claimed_by) for r in rows[1:]] == [(0, None)] * 3, "never tried: back in the queue"
    assert worker.run_once(app.config).get("sent") == 3, "and due at once"
    assert sorted(m["Subject"] for m in smtp.inbox.messages) == [f"Your exercises #{i}" for i in range(4)]


class HeldInbox(Inbox):
    """An inbox that holds each message's DATA until `go` is set (a slow mail server)."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived, self.go = threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.arrived.set()
        await asyncio.get_running_loop().run_in_executor(None, self.go.wait, 60)
        return await super().handle_DATA(server, session, envelope)


def test_sigterm_stops_the_worker_command_after_the_message_it_is_sending(app, database_url):
    """`flask worker` (as `make run` and `make load` start it) stopped with SIGTERM in the middle of
    a send: that message is finished and recorded as sent, the rest of its batch is queued again,
    none is left `sending` (which would become `unknown`)."""
    inbox = HeldInbox()
    server = SmtpServer(inbox)
    server.start()
    ids = _queue(app, 3, link=None)
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(server.port), "MAIL_SECURITY": "none",
           "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("HIRING_ENV", None)
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "hiring", "worker", "--interval", "0.2"],
                               cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert inbox.arrived.wait(60), "the worker sent nothing"
        process.send_signal(signal.SIGTERM)
        inbox.go.set()
        output, _ = process.communicate(timeout=60)
    finally:
        inbox.go.set()
        if process.poll() is None:
            process.kill()
            process.wait()
        server.stop()
    assert process.returncode == 0, output.decode(errors="replace")
    assert len(inbox.messages) == 1
    rows = [_message(message_id) for message_id in ids]
    assert sorted(r.status for r in rows) == [MessageStatus.QUEUED] * 2 + [MessageStatus.SENT]
    assert all(r.claimed_by is None for r in rows)


def test_without_a_mail_server_a_message_is_kept_as_not_sent(app):
    with unit_of_work():
        marker = link_marker()
        message = enqueue(kind="invitation", to="a@example.com", subject="S", body=f"Open {marker}", link=LINK,
                          marker=marker, secret_key=app.config["SECRET_KEY"], mail_configured=False)
    row = _message(message.id)
    assert row.status == MessageStatus.NOT_SENT and row.secret is None


def test_admins_see_failures_with_their_reason_and_send_again(app, smtp, browser, scene):
    smtp.inbox.refuse.add("typo@exampel.com")
    (message_id,) = _queue(app, to="typo@exampel.com", link=None)  # a link is erased once it fails for good
    worker.run_once(app.config)
    browser.login(scene.admin)
    page = browser.get("/admin/outbox/?status=failed").text
    assert "typo@exampel.com" in page and "550" in page
    # The address is fixed on the mail server's side; the admin sends it again.
    smtp.inbox.refuse.clear()
    browser.post(f"/admin/outbox/{message_id}/resend", {}, token_from="/admin/outbox/")
    worker.run_once(app.config)
    # (The scene's candidate started and submitted exercises: their managers' notices went out too.)
    assert [m["To"] for m in smtp.inbox.messages if m["To"] == "typo@exampel.com"] == ["typo@exampel.com"]
    assert _message(message_id).status == MessageStatus.SENT
    browser.logout()
    browser.login(scene.manager)
    assert browser.get("/admin/outbox/").status_code == 403
