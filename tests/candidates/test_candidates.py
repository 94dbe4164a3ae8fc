"""Adding and editing candidates by hand; names in any script survive the round trip."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from hiring.candidates.importing import check_rows, read_candidates
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.validation import ValidationError
from tests.helpers import make_candidate


def _form(scene, **values) -> dict:
    return {"name": "Ana", "email": "ana@example.com", "phone": "", "type": "freelancer",
            "language": "en", "stage": str(scene.opening.stages[0].id), "source": "", "notes": "",
            **values}


NAMES = ["王芳", "प्रिया शर्मा", "José Martínez", "Nguyễn Thị Lan", "<b>Bold</b> & Co"]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_in_any_script_round_trips_through_database_and_pages(browser, scene, name):
    browser.login(scene.manager)
    page = browser.submit(f"/openings/{scene.opening.id}/candidates/new",
                          _form(scene, name=name, email="person@example.com"))
    assert page.status_code == 302
    stored = db.session.scalar(select(Candidate).filter_by(email="person@example.com"))
    assert stored.name == name
    escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped in browser.get(f"/candidates/{stored.id}").text
    assert escaped in browser.get(f"/openings/{scene.opening.id}").text
    if "<" in name:
        assert name not in browser.get(f"/candidates/{stored.id}").text, "user text is never markup"


def test_adding_a_candidate_twice_by_email_is_refused_on_the_field(browser, scene):
    browser.login(scene.manager)
    page = browser.submit(f"/openings/{scene.opening.id}/candidates/new",
                          _form(scene, email=scene.candidate.email.upper()))
    assert page.status_code == 200
    assert "already a candidate for this opening" in page.text
    assert 'class="field has-error' in page.text
    count = db.session.scalar(select(db.func.count()).select_from(Candidate))
    assert count == 1


def test_missing_and_malformed_fields_are_shown_inline_and_nothing_is_saved(browser, scene):
    browser.login(scene.manager)
    page = browser.submit(f"/openings/{scene.opening.id}/candidates/new",
                          _form(scene, name="", email="nope", phone="call me"))
    assert page.status_code == 200
    assert page.text.count('class="field-error"') == 3
    assert db.session.scalar(select(db.func.count()).select_from(Candidate)) == 1


def test_editing_a_candidate_moves_their_stage_and_keeps_an_audit_trail(browser, scene):
    from hiring.audit.models import AuditEvent

    browser.login(scene.manager)
    panel = scene.opening.stages[2]
    page = browser.submit(f"/candidates/{scene.candidate.id}/edit",
                          _form(scene, name=scene.candidate.name, email=scene.candidate.email,
                                stage=str(panel.id), notes="Strong portfolio.\nCall back Friday."))
    assert page.status_code == 302
    db.session.expire_all()
    assert scene.candidate.stage_id == panel.id
    event = db.session.scalar(select(AuditEvent).filter_by(action="candidate.update"))
    assert event.details["after"]["notes"].startswith("Strong portfolio.")
    assert "Call back Friday." in browser.get(f"/candidates/{scene.candidate.id}").text


def test_a_stage_from_another_opening_is_refused(browser, scene):
    from tests.helpers import make_opening

    other = make_opening(scene.manager, title="Community Manager")
    browser.login(scene.manager)
    page = browser.submit(f"/openings/{scene.opening.id}/candidates/new",
                          _form(scene, stage=str(other.stages[0].id)))
    assert page.status_code == 200
    assert "Not a valid choice" in page.text


@pytest.mark.parametrize("phone, says, not_says", [
    ("12345", "'12345' has 5 digits: a phone number has 7 to 15 digits", "use digits"),
    ("12a45", "'12a45' has characters a phone number does not use (a): use digits, spaces and + - ( ) . / only",
     "7 to 15"),
])
def test_a_refused_phone_says_what_is_wrong_with_it_on_the_form_in_the_import_and_in_the_operation(
        browser, scene, phone, says, not_says):
    browser.login(scene.manager)
    page = browser.submit(f"/openings/{scene.opening.id}/candidates/new", _form(scene, phone=phone))
    assert page.status_code == 200
    assert says in html.unescape(page.text) and not_says not in html.unescape(page.text)
    report = check_rows(read_candidates(f"name,email,phone\nAna,ana@example.com,{phone}\n".encode(), "x.csv"),
                        stage_names=[])
    [problem] = report.problems
    assert (problem.row, problem.column) == (2, "phone") and says in problem.message
    with pytest.raises(ValidationError, match=re.escape(says)) as refused:
        make_candidate(scene.opening, phone=phone)
    assert refused.value.field == "phone"
    assert db.session.scalar(select(db.func.count()).select_from(Candidate)) == 1


def test_a_phone_in_any_script_or_width_is_kept_as_plain_digits(scene):
    assert make_candidate(scene.opening, phone="+९१ ९८७६५ ४३२१०").phone == "+91 98765 43210"
    assert make_candidate(scene.opening, phone="＋８６ １３８ ００００ １２３４").phone == "+86 138 0000 1234"
