"""Response headers, session lifetimes and the production start-up check.

Every response gets a Content-Security-Policy with no inline scripts or styles, nosniff, no
framing, a Referrer-Policy that keeps Flask-WTF's same-origin check working, and `no-store` on
everything but static assets (pages carry personal data). HSTS is sent on HTTPS requests
(behind a proxy, set BEHIND_PROXY=1 so X-Forwarded-Proto counts).

Every sign-in opens a session row (`hiring.auth.models.UserSession`) and the cookie carries its
random token: a session is valid only while its row is open, so signing out ends it on the server
(a copied cookie opens nothing afterwards) and a password change or disabling ends all of the
user's. Sessions also end after `SESSION_IDLE_MINUTES` without a request and `SESSION_MAX_HOURS`
after sign-in, whatever the cookie says.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, flash, g, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from hiring.auth.models import User
from hiring.auth.operations import close_session, open_session, user_session
from hiring.extensions import db
from hiring.timeutil import utcnow

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HSTS = "max-age=31536000; includeSubDomains"
#: Session keys: when the user signed in and when they were last seen (Unix seconds).
LOGIN_AT, SEEN_AT = "_login_at", "_seen_at"
#: Session key: the token of this browser's session row.
SESSION_TOKEN = "_session_token"


def init_security(app: Flask) -> None:
    if app.config.get("BEHIND_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    app.before_request(_enforce_session_lifetime)
    app.after_request(_security_headers)


def _max_age() -> timedelta:
    return timedelta(hours=current_app.config["SESSION_MAX_HOURS"])


def start_session(user: User) -> None:
    """Call at sign-in, before `login_user`: a fresh session (no fixation) with its clocks set,
    and its row opened on the server."""
    session.clear()
    session[SESSION_TOKEN] = open_session(user, _max_age())
    now = int(time.time())
    session[LOGIN_AT] = session[SEEN_AT] = now
    session.permanent = True


def end_session() -> None:
    """Sign out of this browser: its session row ends for good, then the cookie is emptied."""
    close_session(current_user._get_current_object(), session.get(SESSION_TOKEN))  # type: ignore[attr-defined]
    logout_user()
    session.clear()


def session_user(session_id: str) -> User | None:
    """Flask-Login's user loader: the user whose open session this cookie carries, or None.

    `session_id` is what `User.get_id` said at sign-in; the session's row must be open too."""
    user_id = session_id.partition(":")[0]
    if not user_id.isdigit():
        return None
    found = user_session(int(user_id), session.get(SESSION_TOKEN), _max_age())
    user = db.session.get(User, int(user_id)) if found is not None else None
    if user is None or user.get_id() != session_id:
        return None
    g.user_session = found
    return user


def _enforce_session_lifetime():
    if LOGIN_AT not in session or not current_user.is_authenticated:
        return None
    now = int(time.time())
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    absolute = current_app.config["SESSION_MAX_HOURS"] * 3600
    if now - session.get(SEEN_AT, 0) > idle or now - session[LOGIN_AT] > absolute:
        if g.get("user_session") is not None:  # for good: a copy of the cookie with fresher clocks too
            g.user_session.ended_at = utcnow()
        logout_user()
        session.clear()
        if request.path.startswith("/api/"):
            return jsonify({"error": "session expired", "hint": "sign in again"}), 401
        flash(_("Your session expired; please sign in again."), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if now - session.get(SEEN_AT, 0) >= 60:  # refresh at most once a minute: fewer writes
        session[SEEN_AT] = now
        if g.get("user_session") is not None:  # saved with the request's unit of work
            g.user_session.last_seen_at = utcnow()
    return None


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    # same-origin: our own form posts still carry a Referer (Flask-WTF checks it over HTTPS);
    # other sites never see our URLs. The candidate pages tighten this to no-referrer.
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "static":
        headers.setdefault("Cache-Control", "no-store")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def production_problems(config: Mapping[str, Any], workers: int) -> list[str]:
    """Why this configuration must not serve production traffic (empty when it may)."""
    problems = []
    if config.get("SECRET_KEY_SOURCE") != "environment":
        problems.append("SECRET_KEY is not set in the environment (a generated or built-in key is for "
                        "development only).")
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite") and workers > 1:
        problems.append(f"SQLite with {workers} workers: use PostgreSQL (DATABASE_URL) for more than one "
                        "worker.")
    if not config.get("REDIS_URL") and workers > 1:
        problems.append(f"{workers} workers without REDIS_URL: rate limits would be counted per worker.")
    if not config.get("SESSION_COOKIE_SECURE"):
        problems.append("SESSION_COOKIE_SECURE is off: production is served over HTTPS only.")
    return problems
