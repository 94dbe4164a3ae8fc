"""Signing in, rate limits, CSRF, user management and error pages."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from hiring import create_app
from hiring.audit.models import AuditEvent
from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.config import build_config
from hiring.extensions import db
from tests.helpers import PASSWORD, Browser, make_user


def _from_address(app, address: str) -> Browser:
    """A browser on another machine: its own cookies, and its own client address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Browser(client)


def test_wrong_password_and_unknown_email_get_the_same_answer(browser):
    user = make_user(Role.INTERVIEWER)
    wrong = browser.submit("/login", {"email": user.email, "password": "not it at all"})
    unknown = browser.submit("/login", {"email": "nobody@example.com", "password": "not it at all"})
    assert wrong.status_code == unknown.status_code == 200
    assert "Email or password is incorrect." in wrong.text
    assert "Email or password is incorrect." in unknown.text


def test_disabled_user_cannot_sign_in(browser):
    user = make_user(Role.INTERVIEWER)
    user.active = False
    db.session.commit()
    page = browser.login(user)
    assert page.status_code == 200
    assert "Email or password is incorrect." in page.text


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(browser):
    user = make_user(Role.ADMIN)
    browser.get("/admin/users")
    page = browser.post("/login?next=/admin/users", {"email": user.email, "password": PASSWORD},
                        token_from="/login")
    assert page.headers["Location"] == "/admin/users"
    browser.logout()
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        page = browser.post(f"/login?next={evil}", {"email": user.email, "password": PASSWORD},
                            token_from="/login")
        assert page.headers["Location"] == "/", evil
        browser.logout()


def test_login_is_rate_limited_per_address(browser, app):
    user = make_user(Role.INTERVIEWER)
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    for _ in range(limit):
        assert browser.submit("/login", {"email": user.email, "password": "wrong guess"}).status_code == 200
    blocked = browser.submit("/login", {"email": user.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.text
    assert browser.get("/login").status_code == 200, "reading the form is not limited"


def test_failed_sign_ins_from_many_addresses_pause_the_account_then_the_pause_lifts(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "3 per 4 seconds")  # 10 per 15 minutes live
    target, colleague = make_user(Role.HIRING_MANAGER), make_user(Role.HIRING_MANAGER)
    for n in range(3):  # one guess from each address: the per-address limit never trips
        guess = _from_address(app, f"203.0.113.{n}").submit("/login", {"email": target.email.upper(),
                                                                       "password": f"guess {n}"})
        assert guess.status_code == 200 and "Email or password is incorrect." in guess.text

    paused = _from_address(app, "198.51.100.7").login(target)  # the right password, from a new address
    assert paused.status_code == 429
    assert "Too many failed sign-ins for this account. Try again in" in paused.text
    wait = int(paused.headers["Retry-After"])
    assert 0 < wait <= 4 + 1  # whole seconds, rounded up (as Flask-Limiter does)
    signed_in = select(func.count()).select_from(AuditEvent).filter_by(action="auth.login", target_id=target.id)
    assert db.session.scalar(signed_in) == 0, "no password is checked while the account is paused"
    assert _from_address(app, "198.51.100.8").login(colleague).status_code == 302, "other accounts sign in"

    for n in range(3):  # an address without an account is paused the same way: a pause tells nothing
        _from_address(app, f"203.0.113.{n}").login("nobody@example.com", "a guess")
    assert "Try again in" in _from_address(app, "198.51.100.9").login("nobody@example.com").text

    time.sleep(wait + 0.2)  # the window ends by itself: nobody resets anything
    assert _from_address(app, "198.51.100.7").login(target).status_code == 302


def test_only_failed_sign_ins_count_against_the_account(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "2 per minute")
    user = make_user(Role.INTERVIEWER)
    for n in range(4):
        browser = _from_address(app, f"192.0.2.{n}")
        assert browser.login(user).status_code == 302
        browser.logout()


def test_rate_limits_are_shared_through_redis_when_configured(tmp_path, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    config = build_config(tmp_path, {"SECRET_KEY": "x"})
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert config["RATELIMIT_STORAGE_OPTIONS"] == {"socket_timeout": 1, "socket_connect_timeout": 1}, "fail fast"
    monkeypatch.delenv("REDIS_URL")
    assert build_config(tmp_path, {"SECRET_KEY": "x"})["RATELIMIT_STORAGE_URI"] == "memory://"


def test_forms_without_a_csrf_token_are_refused_and_nothing_is_saved(browser, scene):
    browser.login(scene.manager)
    url = f"/openings/{scene.opening.id}/candidates/new"
    refused = browser.post_without_token(url, {"name": "No Token", "email": "nt@example.com",
                                               "type": "in_house", "language": "en"})
    assert refused.status_code == 400
    assert "The form expired" in refused.text
    assert db.session.scalar(select(Candidate).filter_by(email="nt@example.com")) is None
    forged = browser.post_without_token("/login", {"csrf_token": "forged", "email": "a@b.c",
                                                   "password": "x"})
    assert forged.status_code == 400


def test_admin_adds_a_user_who_can_then_sign_in(browser):
    admin = make_user(Role.ADMIN)
    browser.login(admin)
    page = browser.submit("/admin/users/new", {"name": "陈静", "email": "Chen.Jing@Example.com",
                                               "role": "leadership", "password": "a long passphrase",
                                               "active": "y"})
    assert page.status_code == 302
    assert "陈静" in browser.get("/admin/users").text
    created = db.session.scalar(select(User).filter_by(email="chen.jing@example.com"))
    assert created.role == Role.LEADERSHIP
    assert db.session.scalar(select(AuditEvent).filter_by(action="user.create", target_id=created.id))
    browser.logout()
    assert browser.login("chen.jing@example.com", "a long passphrase").status_code == 302


def test_admin_form_errors_are_shown_next_to_the_field(browser):
    admin = make_user(Role.ADMIN)
    other = make_user(Role.INTERVIEWER)
    browser.login(admin)
    page = browser.submit("/admin/users/new", {"name": "X", "email": other.email,
                                               "role": "interviewer", "password": "short"})
    assert page.status_code == 200
    assert "already exists" in page.text or "at least 10" in page.text.lower() or "Field must be" in page.text
    assert 'class="field-error"' in page.text


def test_admin_cannot_lock_themselves_out(browser):
    admin = make_user(Role.ADMIN)
    browser.login(admin)
    page = browser.submit(f"/admin/users/{admin.id}", {"name": admin.name, "email": admin.email,
                                                       "role": "interviewer", "active": "y"})
    assert "cannot remove your own admin access" in page.text
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN


def test_error_pages_explain_without_stack_traces(app, database_url, browser):
    missing = browser.get("/openings/999999")
    assert missing.status_code in (302, 404)
    admin = make_user(Role.ADMIN)
    browser.login(admin)
    page = browser.get("/openings/999999")
    assert page.status_code == 404
    assert "Not found" in page.text

    crashing = create_app({"TESTING": False, "DATABASE_URL": database_url, "SECRET_KEY": "x"})

    @crashing.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = crashing.test_client().get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text
