"""Signing out ends that session on the server: a copy of its cookie opens nothing afterwards,
while the user's other browsers stay signed in."""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta

from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import UserSession
from hiring.extensions import db
from hiring.security import SEEN_AT
from tests.helpers import Browser


def _cookie(browser: Browser, app) -> str:
    return browser.client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def _with_cookie(app, value: str) -> Browser:
    """Another browser, holding a copy of someone's session cookie."""
    thief = Browser(app.test_client())
    thief.client.set_cookie(app.config["SESSION_COOKIE_NAME"], value)
    return thief


def _signed_out(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_cookie_copied_before_sign_out_opens_nothing_afterwards(app, scene):
    laptop, phone = Browser(app.test_client()), Browser(app.test_client())
    for device in (laptop, phone):
        assert device.login(scene.manager).status_code == 302
    page = f"/openings/{scene.opening.id}"
    copied = _cookie(laptop, app)
    assert _with_cookie(app, copied).get(page).status_code == 200, "the copy works while signed in"

    assert _signed_out(laptop.logout())
    assert _signed_out(_with_cookie(app, copied).get(page)), "the copied cookie is dead"
    assert _signed_out(_with_cookie(app, copied).get(f"/candidates/{scene.candidate.id}"))
    assert _signed_out(laptop.get(page))
    assert phone.get(page).status_code == 200, "the user's other session stays signed in"

    rows = db.session.scalars(select(UserSession).filter_by(user_id=scene.manager.id)).all()
    assert sorted(row.ended_at is None for row in rows) == [False, True]
    assert db.session.scalar(select(AuditEvent).filter_by(action="auth.logout", target_id=scene.manager.id))


def test_the_cookie_holds_a_token_the_server_keeps_only_a_digest_of(app, scene):
    browser = Browser(app.test_client())
    browser.login(scene.manager)
    with browser.client.session_transaction() as session:
        token = session["_session_token"]
    assert db.session.scalar(select(UserSession).filter_by(id=token)) is None
    [row] = db.session.scalars(select(UserSession).filter_by(user_id=scene.manager.id)).all()
    assert row.id == hashlib.sha256(token.encode()).hexdigest()


def test_a_cookie_from_before_server_side_sessions_is_signed_out(app, scene):
    """Cookies signed in before revision 0012_user_sessions carry no token: they sign in once more."""
    browser = Browser(app.test_client())
    browser.login(scene.manager)
    with browser.client.session_transaction() as session:
        del session["_session_token"]
    assert _signed_out(browser.get(f"/openings/{scene.opening.id}"))


def test_a_session_older_than_the_maximum_ends_whatever_its_cookie_says(app, scene):
    browser = Browser(app.test_client())
    browser.login(scene.manager)
    page = f"/openings/{scene.opening.id}"
    assert browser.get(page).status_code == 200
    row = db.session.scalar(select(UserSession).filter_by(user_id=scene.manager.id))
    row.created_at -= timedelta(hours=app.config["SESSION_MAX_HOURS"], minutes=1)
    old = row.id
    db.session.commit()
    assert _signed_out(browser.get(page))
    browser.login(scene.manager)  # signing in again clears the dead row away
    assert browser.get(page).status_code == 200
    assert db.session.get(UserSession, old) is None


def test_a_session_that_timed_out_stays_ended_for_every_copy_of_its_cookie(app, scene):
    browser = Browser(app.test_client())
    browser.login(scene.manager)
    page = f"/openings/{scene.opening.id}"
    copied = _cookie(browser, app)  # its clocks are fresh
    with browser.client.session_transaction() as session:
        session[SEEN_AT] = int(time.time()) - (app.config["SESSION_IDLE_MINUTES"] + 1) * 60
    assert _signed_out(browser.get(page))
    assert _signed_out(_with_cookie(app, copied).get(page))
