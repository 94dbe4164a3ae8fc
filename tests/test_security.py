"""Hardening: response headers, cookies, session lifetimes, the audit trail page, the production check."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from hiring import create_app
from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.auth.operations import update_user
from hiring.extensions import db
from hiring.security import LOGIN_AT, SEEN_AT
from tests.helpers import PASSWORD, Browser, CandidateBrowser, make_invitation, make_user


def test_every_page_sends_the_security_headers(browser, scene):
    anonymous = browser.get("/login")
    browser.login(scene.manager)
    pages = [anonymous, browser.get(f"/openings/{scene.opening.id}"), browser.get(f"/candidates/{scene.candidate.id}"),
             browser.get("/no-such-page")]
    for response in pages:
        csp = response.headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert directives["script-src"] == "'self'" and "unsafe-inline" not in csp
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP here
    static = browser.get("/static/css/app.css")
    assert static.headers["X-Content-Type-Options"] == "nosniff" and "no-store" not in static.headers.get(
        "Cache-Control", "")


def test_hsts_is_sent_over_https(app):
    response = app.test_client().get("/login", base_url="https://hiring.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_have_no_inline_scripts_or_styles(browser, scene):
    """The CSP forbids them; a page that had some would break in the browser."""
    browser.login(scene.leader)
    ids = f"c={scene.candidate.id}&c={scene.candidate.id}"
    for url in (f"/openings/{scene.opening.id}", f"/openings/{scene.opening.id}/shortlist",
                f"/openings/{scene.opening.id}/compare?{ids}", f"/candidates/{scene.candidate.id}"):
        page = browser.get(url, follow_redirects=True).text
        assert "<script>" not in page and " style=" not in page and " onclick=" not in page, url


def test_session_cookie_flags(app, browser, tmp_path, monkeypatch):
    user = make_user(Role.INTERVIEWER)
    cookie = browser.login(user).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in development
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    secure_app = create_app({"TESTING": True, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                             "SECRET_KEY": "x"})
    assert secure_app.config["REMEMBER_COOKIE_SECURE"]
    secure_cookie = Browser(secure_app.test_client()).login(user).headers["Set-Cookie"]
    assert "Secure" in secure_cookie and "HttpOnly" in secure_cookie and "SameSite=Lax" in secure_cookie


def test_downloads_are_attachments_that_are_never_cached(browser, scene):
    browser.login(scene.manager)
    for url in (f"/openings/{scene.opening.id}/export?table=ratings&format=csv",
                f"/candidates/{scene.candidate.id}/data.zip"):
        response = browser.get(url)
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_csv_downloads_say_their_charset_once(app, browser, scene):
    browser.login(scene.manager)
    export = browser.get(f"/openings/{scene.opening.id}/export?table=ratings&format=csv")
    assert export.headers["Content-Type"] == "text/csv; charset=utf-8"
    _, token = make_invitation(scene.candidate, ("campaign-analysis",))
    candidate = CandidateBrowser(app.test_client(), token)
    candidate.start()
    dataset = candidate.get("/data/campaign-analysis.csv")
    assert dataset.status_code == 200 and dataset.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_signing_in_starts_a_fresh_session(app, browser):
    user = make_user(Role.INTERVIEWER)
    browser.get("/login")
    with browser.client.session_transaction() as session:
        session["planted_before_login"] = "fixation attempt"
        token_before = session.get("csrf_token")
    browser.login(user)
    with browser.client.session_transaction() as session:
        assert "planted_before_login" not in session
        assert session.get("csrf_token") != token_before
        assert session[LOGIN_AT] == session[SEEN_AT]


@pytest.mark.parametrize(("key", "age_seconds"), [(SEEN_AT, 121 * 60), (LOGIN_AT, 12 * 3600 + 5)])
def test_idle_and_absolute_timeouts_sign_the_user_out(browser, scene, key, age_seconds):
    browser.login(scene.manager)
    assert browser.get(f"/openings/{scene.opening.id}").status_code == 200
    with browser.client.session_transaction() as session:
        session[key] = int(time.time()) - age_seconds
    response = browser.get(f"/openings/{scene.opening.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "session expired" in browser.get("/login").text
    assert browser.get(f"/openings/{scene.opening.id}").status_code == 302  # still signed out


def test_recent_activity_keeps_the_session(browser, scene):
    browser.login(scene.manager)
    with browser.client.session_transaction() as session:
        session[SEEN_AT] = int(time.time()) - 119 * 60
    assert browser.get(f"/openings/{scene.opening.id}").status_code == 200


@pytest.mark.parametrize("change", ["password", "disable"])
def test_password_change_or_disabling_ends_every_session(app, scene, change):
    user = make_user(Role.HIRING_MANAGER)
    laptop, phone = Browser(app.test_client()), Browser(app.test_client())
    for device in (laptop, phone):
        device.login(user)
        assert device.get("/openings/").status_code == 200
    update_user(scene.admin, user, email=user.email, name=user.name, role=user.role,
                active=change != "disable", password="a brand new password" if change == "password" else None)
    for device in (laptop, phone):
        response = device.get("/openings/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    if change == "password":
        assert laptop.login(user, "a brand new password").status_code == 302
        assert laptop.get("/openings/").status_code == 200


def test_failed_sign_ins_are_audited_without_the_password(browser):
    user = make_user(Role.INTERVIEWER)
    browser.submit("/login", {"email": user.email, "password": "guess-123"})
    event = db.session.scalar(select(AuditEvent).filter_by(action="auth.login_failed", target_id=user.id))
    assert event is not None and "guess-123" not in str(event.details)


def test_admin_reads_and_filters_the_audit_trail(browser, scene):
    browser.login(scene.admin)
    page = browser.get("/admin/audit/").text
    assert "auth.login" in page and scene.admin.email in page
    filtered = browser.get("/admin/audit/?action=scorecard.").text
    assert "scorecard.submit" in filtered or "scorecard.assign" in filtered
    assert "<code>auth.login</code>" not in filtered
    by_manager = browser.get(f"/admin/audit/?actor={scene.manager.email}").text
    assert "<code>opening.create</code>" in by_manager  # the manager opened the role
    assert "<code>auth.login</code>" not in by_manager  # only the admin has signed in


def test_production_refuses_unsafe_setups(app, monkeypatch):
    monkeypatch.setenv("HIRING_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/test"})
    monkeypatch.setenv("SECRET_KEY", "a long random secret from the environment")
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    with pytest.raises(RuntimeError, match="SQLite with 4 workers"):
        create_app({"DATABASE_URL": "sqlite:////tmp/prod-check.sqlite3"})
    started = create_app({"DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/test"})
    assert started.config["SESSION_COOKIE_SECURE"] is True


def test_gunicorn_master_refuses_sqlite_with_several_workers(monkeypatch):
    from hiring import gunicorn_conf

    monkeypatch.setenv("HIRING_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a long random secret from the environment")
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/prod-check.sqlite3")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    with pytest.raises(SystemExit, match="SQLite with 4 workers"):
        gunicorn_conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=4)))
    gunicorn_conf.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=1)))  # one worker is fine


def test_login_next_never_leaves_the_site(browser):
    user = make_user(Role.ADMIN)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = browser.post(f"/login?next={target}", {"email": user.email, "password": PASSWORD},
                                token_from="/login")
        assert response.headers["Location"] == "/", target
        browser.logout()
