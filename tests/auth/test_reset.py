"""Choosing a new password through an emailed link, without the page telling who has an account."""

from __future__ import annotations

import logging
import re
import time
from email.message import EmailMessage

import pytest
from flask import current_app
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.auth.operations import RESET_SALT, reset_token, update_user
from hiring.extensions import db
from hiring.outbox import worker
from tests.helpers import PASSWORD, Browser, make_user

NEW_PASSWORD = "a fresh passphrase at last"
ON_ITS_WAY = "If that email belongs to an account, a link to choose a new password is on its way."
INVALID = "This link is invalid or has expired. Ask for a new one."
_LINK = re.compile(r"https?://[^/\s]+(/reset-password/\S+)")
_CSRF_VALUE = re.compile(r'(name="csrf[-_]token"[^>]*(?:value|content)=)"[^"]+"')


@pytest.fixture()
def mailbox(smtp) -> list[EmailMessage]:
    """Mail configured, through a real SMTP server (aiosmtpd): what the outbox worker delivered."""
    return smtp.inbox.messages


@pytest.fixture()
def no_mail(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)


def ask_for_link(browser: Browser, email: str):
    """Submit the "forgot your password" form; then the outbox worker sends what it queued."""
    response = browser.submit("/reset-password", {"email": email})
    response.close()
    worker.run_once(current_app.config)
    return response


def link_in(message: EmailMessage) -> str:
    match = _LINK.search(message.get_content())
    assert match, message.get_content()
    return match.group(1)


def choose_password(browser: Browser, link: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return browser.submit(link, {"password": password, "confirm": password if confirm is None else confirm})


def without_cookies(response) -> tuple[int, list[tuple[str, str]], bytes]:
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "set-cookie"]
    return response.status_code, headers, response.get_data()


def disabled_user():
    user = make_user(Role.INTERVIEWER)
    user.active = False
    db.session.commit()
    return user


def audit_count(action: str, user_id: int | None = None) -> int:
    query = select(func.count()).select_from(AuditEvent).filter_by(action=action)
    if user_id is not None:
        query = query.filter_by(target_id=user_id)
    return db.session.scalar(query)


def test_known_disabled_and_unknown_emails_get_the_same_answer(app, mailbox):
    active, disabled = make_user(Role.INTERVIEWER), disabled_user()
    answers, pages = [], []
    for email in (active.email, disabled.email, "nobody@example.com"):
        browser = Browser(app.test_client())
        response = ask_for_link(browser, email)
        answers.append(without_cookies(response))
        page = browser.get(response.headers["Location"]).text
        pages.append(_CSRF_VALUE.sub(r'\1"…"', page))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 302 and dict(answers[0][1])["Location"] == "/login"
    assert pages[0] == pages[1] == pages[2]
    assert ON_ITS_WAY in pages[0] and "It is valid for 1 hour." in pages[0]
    assert [m["To"] for m in mailbox] == [active.email], "only the active user gets a link"


def test_the_emailed_link_lets_the_user_choose_a_new_password(browser, mailbox):
    user = make_user(Role.HIRING_MANAGER, name="Priya Sharma")
    ask_for_link(browser, user.email.upper())
    assert len(mailbox) == 1
    message = mailbox[0]
    assert message["To"] == user.email and message["Subject"] == "Choose a new password"
    assert "Priya Sharma" in message.get_content() and "valid for 1 hour" in message.get_content()
    link = link_in(message)

    form = browser.get(link)
    assert form.status_code == 200 and "New password again" in form.text
    done = choose_password(browser, link)
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert "Your password is changed. Sign in with it." in browser.get("/login").text
    assert browser.get("/openings/").status_code == 302, "not signed in by the reset"

    refused = browser.login(user, PASSWORD)
    assert refused.status_code == 200 and "Email or password is incorrect." in refused.text
    assert browser.login(user, NEW_PASSWORD).status_code == 302
    assert browser.get("/openings/").status_code == 200


def test_the_email_goes_out_only_after_the_answer(app, browser, mailbox):
    """SMTP takes time only a known address would cost: the request only queues the email, and the
    outbox worker sends it, so SMTP never delays the answer."""
    user = make_user(Role.INTERVIEWER)
    response = browser.submit("/reset-password", {"email": user.email})
    assert response.status_code == 302 and mailbox == []
    worker.run_once(app.config)
    assert len(mailbox) == 1


def test_a_link_works_only_once(browser, mailbox):
    user = make_user(Role.INTERVIEWER)
    ask_for_link(browser, user.email)
    link = link_in(mailbox[0])
    assert choose_password(browser, link).status_code == 302
    again = browser.get(link)
    assert again.status_code == 400 and INVALID in again.text
    assert 'href="/reset-password"' in again.text
    assert choose_password(browser, link, "yet another passphrase").status_code == 400
    db.session.refresh(user)
    assert user.check_password(NEW_PASSWORD)


def test_a_link_expires_after_the_configured_time(app, browser, monkeypatch):
    user = make_user(Role.INTERVIEWER)
    secret = app.config["SECRET_KEY"]
    fresh = reset_token(user, secret)
    with monkeypatch.context() as clock:  # a link made an hour and a second ago
        clock.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 3601)
        old = reset_token(user, secret)
    assert browser.get(f"/reset-password/{fresh}").status_code == 200
    expired = browser.get(f"/reset-password/{old}")
    assert expired.status_code == 400 and INVALID in expired.text
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", 7200)
    assert browser.get(f"/reset-password/{old}").status_code == 200


def test_forged_or_tampered_links_are_refused_with_the_same_message(app, browser):
    user, other = make_user(Role.INTERVIEWER), make_user(Role.ADMIN)
    token = reset_token(user, app.config["SECRET_KEY"])
    payload, _, signature = token.rpartition(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]  # the last character has spare bits
    someone_else = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="another purpose").dumps(
        {"u": other.id, "f": "0" * 16})
    wrong_key = URLSafeTimedSerializer("not our key", salt=RESET_SALT).dumps({"u": other.id, "f": "0" * 16})
    for bad in (f"{payload}.{flipped}", token.replace(".", "x.", 1), someone_else, wrong_key, "nonsense"):
        page = browser.get(f"/reset-password/{bad}")
        assert page.status_code == 400 and INVALID in page.text, bad
        assert choose_password(browser, f"/reset-password/{bad}").status_code == 400
    db.session.refresh(user)
    db.session.refresh(other)
    assert user.check_password(PASSWORD) and other.check_password(PASSWORD)


def test_a_link_dies_when_the_password_changes_or_the_account_is_disabled_first(app, browser):
    admin, user = make_user(Role.ADMIN), make_user(Role.INTERVIEWER)
    secret = app.config["SECRET_KEY"]
    token = reset_token(user, secret)
    update_user(admin, user, email=user.email, name=user.name, role=user.role, active=True,
                password="the admin chose this one")
    assert browser.get(f"/reset-password/{token}").status_code == 400
    assert choose_password(browser, f"/reset-password/{token}").status_code == 400
    db.session.refresh(user)
    assert user.check_password("the admin chose this one")

    token = reset_token(user, secret)
    update_user(admin, user, email=user.email, name=user.name, role=user.role, active=False)
    page = browser.get(f"/reset-password/{token}")
    assert page.status_code == 400 and INVALID in page.text

    other = make_user(Role.INTERVIEWER)
    token = reset_token(other, secret)
    other.active = False  # disabled without ending sessions (by hand, say): still no reset
    db.session.commit()
    assert browser.get(f"/reset-password/{token}").status_code == 400


def test_a_reset_signs_the_user_out_everywhere(app, mailbox):
    user = make_user(Role.HIRING_MANAGER)
    laptop, phone, mail_app = Browser(app.test_client()), Browser(app.test_client()), Browser(app.test_client())
    for device in (laptop, phone):
        device.login(user)
        assert device.get("/openings/").status_code == 200
    ask_for_link(mail_app, user.email)
    assert choose_password(mail_app, link_in(mailbox[0])).status_code == 302
    for device in (laptop, phone):
        response = device.get("/openings/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(("password", "confirm", "error"), [
    (NEW_PASSWORD, "a different passphrase", "The two passwords are not the same."),
    ("short", "short", "Field must be between 10 and 200 characters long."),
])
def test_a_mismatched_or_short_password_is_refused_and_changes_nothing(app, browser, password, confirm, error):
    user = make_user(Role.INTERVIEWER)
    link = f"/reset-password/{reset_token(user, app.config['SECRET_KEY'])}"
    page = choose_password(browser, link, password, confirm)
    assert page.status_code == 200 and 'class="field-error"' in page.text and error in page.text
    db.session.refresh(user)
    assert user.check_password(PASSWORD)
    assert audit_count("auth.password_reset") == 0
    assert browser.get(link).status_code == 200, "the link still works"


def test_without_mail_the_link_goes_to_the_server_log_not_the_page(app, browser, caplog, no_mail):
    user = make_user(Role.INTERVIEWER)
    with caplog.at_level(logging.WARNING, logger=app.logger.name):
        response = ask_for_link(browser, user.email)
        ask_for_link(browser, "nobody@example.com")
    logged = [r for r in caplog.records if "/reset-password/" in r.getMessage()]
    assert len(logged) == 1 and logged[0].levelno == logging.WARNING
    link = _LINK.search(logged[0].getMessage()).group(1)
    token = link.rsplit("/", 1)[1]
    assert token not in response.get_data(as_text=True)
    login_page = browser.get("/login").text
    assert ON_ITS_WAY in login_page and token not in login_page
    assert browser.get(link).status_code == 200, "the logged link works"


def test_in_production_a_link_is_never_logged(app, browser, caplog, no_mail, monkeypatch):
    monkeypatch.setitem(app.config, "PRODUCTION", True)
    user = make_user(Role.INTERVIEWER)
    with caplog.at_level(logging.WARNING, logger=app.logger.name):
        ask_for_link(browser, user.email)
    messages = [r.getMessage() for r in caplog.records]
    assert any("no password reset link sent" in m for m in messages)
    assert not any("/reset-password/" in m for m in messages)


def test_a_mail_server_that_refuses_still_gets_the_same_answer(app, smtp, mailbox):
    user = make_user(Role.INTERVIEWER)
    unknown = without_cookies(ask_for_link(Browser(app.test_client()), "nobody@example.com"))
    smtp.stop()
    answer = without_cookies(ask_for_link(Browser(app.test_client()), user.email))
    assert answer == unknown
    smtp.inbox.refuse.add(user.email)
    smtp.start()
    assert without_cookies(ask_for_link(Browser(app.test_client()), user.email)) == unknown
    assert mailbox == []


def test_reset_links_are_never_put_in_links_on_the_page(app, browser):
    user = make_user(Role.INTERVIEWER)
    token = reset_token(user, app.config["SECRET_KEY"])
    page = browser.get(f"/reset-password/{token}").text
    for address in re.findall(r'(?:href|src|action)="([^"]*)"', page):
        assert token not in address


def test_reset_pages_have_no_inline_scripts_or_styles(app, browser):
    user = make_user(Role.INTERVIEWER)
    for url in ("/login", "/reset-password", f"/reset-password/{reset_token(user, app.config['SECRET_KEY'])}",
                "/reset-password/nonsense"):
        page = browser.get(url).text
        assert "<script>" not in page and " style=" not in page and " onclick=" not in page, url
    assert 'href="/reset-password"' in browser.get("/login").text


def test_forms_without_a_csrf_token_are_refused(app, browser, mailbox):
    user = make_user(Role.INTERVIEWER)
    refused = browser.post_without_token("/reset-password", {"email": user.email})
    assert refused.status_code == 400 and "The form expired" in refused.text
    refused.close()
    assert mailbox == [] and audit_count("auth.reset_requested") == 0
    link = f"/reset-password/{reset_token(user, app.config['SECRET_KEY'])}"
    refused = browser.post_without_token(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert refused.status_code == 400 and "The form expired" in refused.text
    db.session.refresh(user)
    assert user.check_password(PASSWORD)


def test_asking_for_links_is_rate_limited(app, browser):
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for _ in range(limit):
        assert ask_for_link(browser, "nobody@example.com").status_code == 302
    assert ask_for_link(browser, "nobody@example.com").status_code == 429
    assert browser.get("/reset-password").status_code == 200, "reading the form is not limited"


def test_requests_and_resets_are_audited_without_secrets(app, browser, mailbox):
    active, disabled = make_user(Role.INTERVIEWER), disabled_user()
    for email in (active.email, disabled.email, "nobody@example.com"):
        ask_for_link(browser, email)
    assert audit_count("auth.reset_requested", active.id) == 1
    assert audit_count("auth.reset_requested", disabled.id) == 1
    assert audit_count("auth.reset_requested") == 2, "nothing is recorded for an unknown email"
    link = link_in(mailbox[0])
    choose_password(browser, link)
    event = db.session.scalar(select(AuditEvent).filter_by(action="auth.password_reset", target_id=active.id))
    assert event is not None and event.details == {"sessions_ended": True}
    for event in db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("auth.%"))):
        assert NEW_PASSWORD not in str(event.details) and link.rsplit("/", 1)[1] not in str(event.details)
