"""Each user reads the app in their language: chosen on their profile (audited), set by an admin
or on the command line, else their browser's; a candidate's page is in the candidate's language."""

from __future__ import annotations

import re

import flask_babel
from babel.support import NullTranslations
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role, User
from hiring.extensions import db
from hiring.outbox import worker
from tests.auth.test_reset import mailbox  # noqa: F401  (a fixture)
from tests.helpers import make_invitation, make_user


def page_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def test_a_user_who_reads_chinese_gets_chinese_pages(browser):
    user = make_user(Role.HIRING_MANAGER)
    user.language = "zh"
    db.session.commit()
    browser.login(user)
    assert page_lang(browser.get("/openings/")) == "zh"


def test_the_users_choice_comes_before_the_browsers(browser):
    user = make_user(Role.HIRING_MANAGER)
    user.language = "hi"
    db.session.commit()
    browser.login(user)
    assert page_lang(browser.get("/openings/", headers={"Accept-Language": "es"})) == "hi"


def test_without_a_choice_the_browsers_best_supported_language_is_used(browser):
    browser.login(make_user(Role.HIRING_MANAGER))
    assert page_lang(browser.get("/openings/", headers={"Accept-Language": "fr;q=0.9, id;q=0.8, es;q=0.5"})) == "id"
    assert page_lang(browser.get("/openings/", headers={"Accept-Language": "id-ID, en;q=0.5"})) == "id"
    assert page_lang(browser.get("/openings/", headers={"Accept-Language": "zh-Hans-CN, en;q=0.8"})) == "zh"
    assert page_lang(browser.get("/openings/", headers={"Accept-Language": "fr, de"})) == "en"
    assert page_lang(browser.get("/openings/")) == "en"


def test_signed_out_pages_follow_the_browser(browser):
    assert page_lang(browser.get("/login", headers={"Accept-Language": "es-MX, es;q=0.9"})) == "es"


def test_a_candidate_page_is_in_the_candidates_language_whoever_opens_it(browser, scene):
    scene.candidate.language = "zh"
    scene.manager.language = "hi"
    db.session.commit()
    _, token = make_invitation(scene.candidate, ("launch-posts",))
    browser.login(scene.manager)
    page = browser.get(f"/i/{token}", headers={"Accept-Language": "es"}, follow_redirects=True)
    assert page_lang(page) == "zh"


def test_an_invitation_keeps_the_language_it_was_sent_in(browser, scene):
    """Its exercises were written for that language: a later change of the candidate's language (for
    their next invitation) does not make one page of two languages."""
    scene.candidate.language = "zh"
    db.session.commit()
    _, token = make_invitation(scene.candidate, ("launch-posts",))
    scene.candidate.language = "es"
    db.session.commit()
    assert page_lang(browser.get(f"/i/{token}", follow_redirects=True)) == "zh"
    assert page_lang(browser.get(f"/i/{scene.token}", follow_redirects=True)) == "en"  # sent in English


def test_the_profile_page_changes_the_language_and_is_audited(browser):
    user = make_user(Role.INTERVIEWER)
    browser.login(user)
    page = browser.get("/openings/")
    assert 'href="/profile"' in page.text
    response = browser.submit("/profile", {"language": "es"}, follow_redirects=True)
    assert response.status_code == 200
    assert page_lang(response) == "es"
    db.session.expire_all()
    assert db.session.get(User, user.id).language == "es"
    event = db.session.scalar(select(AuditEvent).filter_by(action="user.language"))
    assert event is not None and event.actor_id == user.id
    assert event.details["after"] == {"language": "es"}
    browser.submit("/profile", {"language": ""})
    db.session.expire_all()
    assert db.session.get(User, user.id).language is None


def test_the_profile_page_refuses_an_unknown_language(browser):
    user = make_user(Role.INTERVIEWER)
    browser.login(user)
    response = browser.submit("/profile", {"language": "fr"})
    assert response.status_code == 200 and "Not a valid choice" in response.text
    db.session.expire_all()
    assert db.session.get(User, user.id).language is None


def test_the_profile_page_needs_a_signed_in_user(browser):
    assert browser.get("/profile").status_code == 302


def test_an_admin_sets_a_users_language(browser):
    admin, user = make_user(Role.ADMIN), make_user(Role.INTERVIEWER)
    browser.login(admin)
    form = {"name": user.name, "email": user.email, "role": "interviewer", "active": "y", "language": "id"}
    assert browser.submit(f"/admin/users/{user.id}", form).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).language == "id"


def test_users_create_stores_the_language(runner):
    result = runner.invoke(args=["users", "create", "--email", "lucia@example.com", "--role", "interviewer",
                                 "--password", "a long enough password", "--language", "es"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).filter_by(email="lucia@example.com")).language == "es"
    refused = runner.invoke(args=["users", "create", "--email", "x@example.com", "--role", "interviewer",
                                  "--password", "a long enough password", "--language", "fr"])
    assert refused.exit_code != 0


class Tagged(NullTranslations):
    """A catalogue that says which language it was asked in: "[es] Choose a new password"."""

    def __init__(self, locale: str):
        super().__init__()
        self.locale = locale

    def gettext(self, message):
        return f"[{self.locale}] {message}"

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)

    ugettext, ungettext = gettext, ngettext


def test_the_reset_email_is_in_the_accounts_language_not_the_askers(app, browser, mailbox, monkeypatch):  # noqa: F811
    monkeypatch.setattr(flask_babel.Domain, "get_translations", lambda self: Tagged(str(flask_babel.get_locale())))
    user = make_user(Role.HIRING_MANAGER, name="Lucía Pérez")
    user.language = "es"
    db.session.commit()
    browser.submit("/reset-password", {"email": user.email}, headers={"Accept-Language": "zh"}).close()
    worker.run_once(app.config)
    assert len(mailbox) == 1
    assert mailbox[0]["Subject"] == "[es] Choose a new password"
    body = mailbox[0].get_content()
    assert body.startswith("[es] Hello Lucía Pérez,") and "[es] 1 hour" in body
    assert "[zh] If that email belongs to an account" in browser.get("/login", headers={"Accept-Language": "zh"}).text


def test_form_errors_follow_the_language_and_fall_back_to_wtforms_own_catalogue(browser):
    """Our catalogue has no Spanish for WTForms' messages yet: WTForms' own Spanish shows meanwhile."""
    admin = make_user(Role.ADMIN)
    admin.language = "es"
    db.session.commit()
    browser.login(admin)
    page = browser.submit("/admin/users/new", {"email": ""})
    assert "Este campo es obligatorio." in page.text and "This field is required." not in page.text
