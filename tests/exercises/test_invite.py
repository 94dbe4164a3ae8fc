"""A hiring manager invites a candidate: the link and the one message, emailed or to copy."""

from __future__ import annotations

import html
import logging
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from hiring.extensions import db
from hiring.outbox import worker
from hiring.outbox.models import MessageStatus, OutboxMessage
from tests.helpers import make_candidate

_LINK = re.compile(r'<input id="invitation-link"[^>]*value="([^"]+)"')
_MESSAGE = re.compile(r'<textarea id="invitation-message"[^>]*>(.*?)</textarea>', re.S)


def _invite(browser, scene, candidate):
    browser.login(scene.manager)
    url = f"/candidates/{candidate.id}/invite"
    return browser.submit(url, {"exercises": ["launch-posts", "community-replies"],
                                "stage": str(scene.opening.stages[0].id),
                                "expires_on": (date.today() + timedelta(days=5)).isoformat()})


def _shown(page) -> tuple[str, str]:
    """The link and the message text the invited page offers to copy."""
    link, message = _LINK.search(page.text), _MESSAGE.search(page.text)
    assert link and message, "the invited page shows the link and the message"
    return html.unescape(link.group(1)), html.unescape(message.group(1))


def test_without_smtp_the_manager_gets_the_whole_message_to_paste_in_the_candidates_language(
        app, browser, scene, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    candidate = make_candidate(scene.opening, name="王芳", language="zh")
    page = _invite(browser, scene, candidate)
    assert page.status_code == 200
    assert "No email was sent" in page.text
    link, message = _shown(page)
    assert re.search(r"/i/[\w-]{20,}$", link)
    subject, _, body = message.partition("\n\n")
    assert subject == f"{scene.opening.title}：您的测评任务"
    assert body.startswith("王芳，您好：")
    assert link in body.splitlines(), "the link stands on a line of its own, ready to click"
    assert "开始测评" in body and "祝您顺利！" in body
    assert "minutes" not in message and "Hello" not in message
    # The page puts the message first when nothing was emailed.
    assert page.text.index('id="invitation-message"') < page.text.index('id="invitation-link"')


@pytest.mark.parametrize("language, greeting", [("es", "Hola, Lucía:"), ("hi", "नमस्ते Lucía,"),
                                                ("id", "Halo Lucía,"), ("en", "Hello Lucía,")])
def test_the_email_carries_exactly_the_text_the_page_shows(app, browser, scene, smtp, language, greeting):
    candidate = make_candidate(scene.opening, name="Lucía", language=language)
    page = _invite(browser, scene, candidate)
    assert f"The invitation is on its way to {candidate.email}" in page.text
    link, message = _shown(page)
    assert smtp.inbox.messages == [], "the request only queues it: no request waits on SMTP"
    worker.run_once(app.config)
    (sent,) = smtp.inbox.messages
    body = sent.get_content().replace("\r\n", "\n")  # SMTP's line ends
    assert sent["To"] == candidate.email
    assert f"{sent['Subject']}\n\n{body}" == message
    assert body.startswith(greeting) and link in body
    assert "35" in body, "the total time of both exercises"


def test_with_the_mail_server_down_the_invitation_waits_and_no_log_holds_the_link(
        app, browser, scene, smtp, caplog):
    smtp.stop()
    candidate = make_candidate(scene.opening, language="es")
    with caplog.at_level(logging.DEBUG):
        page = _invite(browser, scene, candidate)
        link, message = _shown(page)
        assert "Gracias por presentar su candidatura" in message and link in message
        worker.run_once(app.config)
    token = link.rsplit("/", 1)[1]
    assert token not in caplog.text
    db.session.commit()
    queued = db.session.scalar(select(OutboxMessage).filter_by(candidate_id=candidate.id))
    assert queued.status == MessageStatus.QUEUED and queued.attempts == 1
    assert token.encode() not in queued.body.encode() + bytes(queued.secret), "sealed while it waits"
    smtp.start()
    queued.next_attempt_at = queued.created_at  # the backoff has passed
    db.session.commit()
    worker.run_once(app.config)
    (sent,) = smtp.inbox.messages
    assert link in sent.get_content()


def test_the_production_access_log_never_holds_a_working_link():
    from gunicorn.config import Config

    from hiring import gunicorn_conf

    config = Config()
    config.set("logger_class", gunicorn_conf.logger_class)
    config.set("accesslog", None)
    logger = config.logger_class(config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/i/s3cr3t-T0ken?x=1", "SERVER_PROTOCOL": "HTTP/1.1",
               "PATH_INFO": "/i/s3cr3t-T0ken/work", "QUERY_STRING": "x=1",
               "HTTP_REFERER": "https://hiring.example/reset-password/r3set"}
    response = SimpleNamespace(status="200 OK", headers=[], sent=10)
    atoms = logger.atoms(response, SimpleNamespace(headers=[("Referer", environ["HTTP_REFERER"])]), environ,
                         timedelta(seconds=1))
    assert atoms["r"] == "GET /i/[token]?x=1 HTTP/1.1" and atoms["U"] == "/i/[token]/work"
    assert "r3set" not in atoms["f"] + atoms["{referer}i"]
