"""One email rule for users: an address the command line accepts signs in, resets and can be edited;
look-alike addresses never become a second account."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hiring.auth.models import Role, User
from hiring.extensions import db
from tests.helpers import PASSWORD, make_user

FULLWIDTH_ADMIN = "ａｄｍｉｎ@demo.hiring"  # fullwidth letters: NFKC makes them admin@demo.hiring
CYRILLIC_ADMIN = "\u0430dmin@demo.hiring"  # Cyrillic а, then Latin dmin


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def _user_form(user: User, **values) -> dict:
    return {"email": user.email, "name": user.name, "role": user.role.value, "active": "y",
            "password": "", **values}


def test_a_user_created_on_the_command_line_signs_in_and_the_admin_can_disable_them(runner, browser):
    created = runner.invoke(args=["users", "create", "--email", "hm2@x.test", "--role", "hiring_manager",
                                  "--password", PASSWORD])
    assert created.exit_code == 0, created.output
    hm2 = db.session.scalar(select(User).filter_by(email="hm2@x.test"))
    assert browser.login("hm2@x.test").status_code == 302, "the address the CLI took signs in"
    browser.logout()
    assert browser.submit("/reset-password", {"email": "hm2@x.test"}).status_code == 302

    browser.login(make_user(Role.ADMIN))
    form = _user_form(hm2)
    del form["active"]  # the admin unticks "Active"
    page = browser.submit(f"/admin/users/{hm2.id}", form)
    assert page.status_code == 302, page.text
    db.session.refresh(hm2)
    assert hm2.active is False
    browser.logout()
    assert "Email or password is incorrect." in browser.login("hm2@x.test").text


@pytest.mark.parametrize("address", [FULLWIDTH_ADMIN, FULLWIDTH_ADMIN.upper()])
def test_a_fullwidth_copy_of_an_address_is_the_same_account_not_a_new_admin(runner, browser, address):
    admin = make_user(Role.ADMIN, email="admin@demo.hiring")
    before = _users()
    again = runner.invoke(args=["users", "create", "--email", address, "--role", "admin",
                                "--password", PASSWORD])
    assert again.exit_code == 1
    assert "admin@demo.hiring already exists" in again.output

    browser.login(admin)
    page = browser.submit("/admin/users/new", {"name": "Twin", "email": address, "role": "admin",
                                               "active": "y", "password": PASSWORD})
    assert page.status_code == 200
    assert "A user with email admin@demo.hiring already exists." in page.text
    assert _users() == before


def test_a_cyrillic_look_alike_address_is_refused_on_the_email_field(runner, browser):
    admin = make_user(Role.ADMIN, email="admin@demo.hiring")
    before = _users()
    result = runner.invoke(args=["users", "create", "--email", CYRILLIC_ADMIN, "--role", "admin",
                                 "--password", PASSWORD])
    assert result.exit_code == 1
    assert "mixes Cyrillic and Latin letters" in result.output

    browser.login(admin)
    page = browser.submit("/admin/users/new", {"name": "Twin", "email": CYRILLIC_ADMIN, "role": "admin",
                                               "active": "y", "password": PASSWORD})
    assert page.status_code == 200
    assert "mixes Cyrillic and Latin letters" in page.text
    assert 'class="field has-error' in page.text
    other = make_user(Role.INTERVIEWER)
    page = browser.submit(f"/admin/users/{other.id}", _user_form(other, email=CYRILLIC_ADMIN))
    assert "mixes Cyrillic and Latin letters" in page.text
    assert _users() == before + 1
    db.session.refresh(other)
    assert other.email != CYRILLIC_ADMIN
