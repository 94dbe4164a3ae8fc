"""Text a person types, by every way it reaches the database: line endings are normalised to LF and
control characters (NUL and the other C0 controls but tab and LF) are refused as a clear field or
row error, on SQLite and PostgreSQL alike. A failing statement never logs what was typed, and the
error page still renders after the transaction failed."""

from __future__ import annotations

import io
import logging

import pytest
from sqlalchemy import func, select

from hiring.auth.models import Role
from hiring.candidates import operations as candidate_ops
from hiring.candidates.models import Candidate
from hiring.exercises.models import Answer
from hiring.extensions import db
from hiring.openings.models import Opening
from hiring.validation import ValidationError, clean_text
from tests.helpers import CandidateBrowser, make_invitation, make_opening, make_user


def _candidates(opening) -> list[Candidate]:
    db.session.expire_all()
    return list(db.session.scalars(select(Candidate).where(Candidate.opening_id == opening.id)
                                   .order_by(Candidate.id)))


@pytest.mark.parametrize("text", ["Nul\x00Byte", "Bell\x07", "Escape\x1b[31m", "Vertical\x0btab"])
def test_the_rule_refuses_control_characters_and_names_the_field(text):
    with pytest.raises(ValidationError) as refused:
        clean_text(text, "name")
    assert refused.value.field == "name"
    assert "control character" in refused.value.message


def test_the_rule_keeps_tabs_and_lines_and_turns_crlf_and_cr_into_lf():
    assert clean_text("one\r\ntwo\rthree\n\tfour", "notes") == "one\ntwo\nthree\n\tfour"
    assert clean_text("王芳 · José · प्रिया", "name") == "王芳 · José · प्रिया"


def test_every_form_of_the_app_applies_the_rule(app):
    """A form that is not a `hiring.forms.Form` would let control characters through to the database."""
    from flask_wtf import FlaskForm

    from hiring.forms import Form

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [f for f in subclasses(FlaskForm) if f.__module__.startswith("hiring.") and f is not Form]
    assert len(ours) > 10
    assert [f.__qualname__ for f in ours if not issubclass(f, Form)] == []


@pytest.mark.parametrize("field, value", [("name", "Nul\x00Byte"), ("notes", "nul\x00here"),
                                          ("source", "Job\x1bboard")])
def test_a_control_character_typed_in_a_form_is_a_field_error_and_nothing_is_saved(browser, field, value):
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    browser.login(manager)
    url = f"/openings/{opening.id}/candidates/new"
    data = {"name": "Ana Souza", "email": "ana@example.com", "type": "in_house", "language": "en",
            "stage": str(opening.stages[0].id), "notes": "", field: value}
    page = browser.submit(url, data)
    assert page.status_code == 200
    assert "control character" in page.text
    assert _candidates(opening) == []


def test_multi_line_notes_typed_in_a_browser_keep_their_lines(browser):
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    browser.login(manager)
    page = browser.submit(f"/openings/{opening.id}/candidates/new", {
        "name": "Ana Souza", "email": "ana@example.com", "type": "in_house", "language": "en",
        "stage": str(opening.stages[0].id), "notes": "First call went well.\r\n\tPortfolio:\rstrong",
    })
    assert page.status_code == 302
    assert [c.notes for c in _candidates(opening)] == ["First call went well.\n\tPortfolio:\nstrong"]


def test_signing_in_with_a_nul_in_the_email_is_refused_plainly(browser):
    page = browser.submit("/login", {"email": "nul\x00@example.com", "password": "whatever"})
    assert page.status_code == 200 and "control character" in page.text


def test_an_autosave_with_a_nul_is_refused_in_the_candidates_language(app, scene):
    candidate_record = scene.candidate
    candidate_record.language = "es"
    db.session.commit()
    invitation, token = make_invitation(candidate_record, ("launch-posts",))
    candidate = CandidateBrowser(app.test_client(), token)
    candidate.start()
    refused = candidate.save("launch-posts", "x", "nul\u0000here")
    assert refused.status_code == 400
    assert "carácter de control" in refused.json["error"]
    assert db.session.scalar(select(func.count()).select_from(Answer)
                             .where(Answer.invitation_id == invitation.id)) == 0
    saved = candidate.save("launch-posts", "x", "línea uno\r\nlínea dos")
    assert saved.status_code == 200
    db.session.expire_all()
    assert db.session.scalar(select(Answer.text).where(Answer.invitation_id == invitation.id)) \
        == "línea uno\nlínea dos"


def test_an_imported_cell_with_a_nul_is_a_row_error_and_the_other_rows_are_imported(browser):
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    browser.login(manager)
    sheet = (b"name,email,notes\n"
             b"Ana Souza,ana@example.com,\"two\r\nlines\"\n"
             b"Nul Byte,nul@example.com,nul\x00here\n"
             b"Wang Fang,wang@example.com,\n")
    page = browser.submit(f"/openings/{opening.id}/candidates/import",
                          {"file": (io.BytesIO(sheet), "people.csv")}, content_type="multipart/form-data")
    assert page.status_code == 200
    assert "Column <strong>notes</strong>: This text contains an invisible control character (U+0000)" in page.text
    assert [(c.email, c.notes) for c in _candidates(opening)] == [("ana@example.com", "two\nlines"),
                                                                ("wang@example.com", "")]


def test_an_imported_score_note_with_a_control_character_names_row_and_column(scene):
    from hiring.interviews.importing import check_score_rows, read_scores
    from hiring.interviews.operations import score_import_context

    sheet = ("candidate_email,rater_email,stage,criterion,rating,note\n"
             f"{scene.candidate.email},{scene.interviewer.email},{scene.opening.stages[1].name},copywriting,4,"
             "Strong\x07 hooks\n").encode()
    report = check_score_rows(read_scores(sheet, "scores.csv"), score_import_context(scene.opening))
    assert [(p.row, p.column) for p in report.problems] == [(2, "note")]
    assert "control character" in report.problems[0].message


def test_a_command_line_argument_with_a_control_character_is_refused(runner):
    result = runner.invoke(args=["openings", "create", "--title", "Social\x00Media", "--rubric",
                                 "social-media-manager"])
    assert result.exit_code != 0
    assert "control character" in result.output
    assert db.session.scalar(select(func.count()).select_from(Opening)) == 0


def test_an_audit_filter_with_a_nul_shows_the_page(browser, scene):
    browser.login(scene.admin)
    assert browser.get("/admin/audit/?actor=nul%00here&action=a%00").status_code == 200


def test_a_failed_statement_logs_no_personal_data_and_the_error_page_still_renders(
        app, browser, scene, monkeypatch, caplog):
    """What typed text the rule lets through can still fail in the database (here a duplicate that
    slipped past the check): the log keeps the statement, never its values, and the 500 page renders
    (it needs the signed-in user) after the failed transaction."""
    make_user(Role.HIRING_MANAGER)
    monkeypatch.setattr(candidate_ops, "_refuse_duplicate", lambda opening, email: None)
    browser.login(scene.manager)
    with caplog.at_level(logging.ERROR):
        page = browser.submit(f"/openings/{scene.opening.id}/candidates/new", {
            "name": "Secret Person", "email": scene.candidate.email, "type": "in_house", "language": "en",
            "stage": str(scene.opening.stages[0].id), "notes": "confidential note",
        })
    assert page.status_code == 500
    assert "Something went wrong" in page.text and scene.manager.name in page.text
    assert "INSERT INTO candidates" in caplog.text
    for personal in ("Secret Person", scene.candidate.email, "confidential note"):
        assert personal not in caplog.text
