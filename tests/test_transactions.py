"""One request, one transaction; one command, one transaction; every audit event names its actor.

Operations flush and audit but never commit: the request or the command commits once, and rolls
back on any error, including an operation's refusal that the view caught to show the form again.
"""

from __future__ import annotations

import re
import sqlite3

import pytest
from sqlalchemy import func, select

from hiring.audit import operations as audit_ops
from hiring.audit.models import AuditEvent
from hiring.auth.models import Role, User
from hiring.config import PROJECT_ROOT
from hiring.extensions import db
from hiring.interviews import operations as interview_ops
from hiring.interviews.models import Scorecard
from hiring.transactions import WEB_REQUEST
from tests.helpers import PASSWORD, CandidateBrowser, make_invitation, make_user


def _count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _events(action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# --- point 5: a request that fails half way leaves nothing behind ---------------------------------

def test_a_review_saved_with_nothing_rated_leaves_no_draft_behind(browser, scene):
    """Opening a review stores nothing; saving it with nothing rated is refused, and the scorecard
    the save had just created for the reviewer is not left behind as a draft."""
    url = f"/reviews/{scene.invitation.id}"
    assigned_before = len(_events("scorecard.assign"))
    browser.login(scene.interviewer)
    assert browser.get(url).status_code == 200
    page = browser.submit(url, {"revision": "0", "recommendation": "yes", "summary": "", "submit": "y"})
    assert page.status_code == 200 and "Rate at least one criterion" in page.text
    assert _count(Scorecard, Scorecard.invitation_id == scene.invitation.id) == 0
    assert len(_events("scorecard.assign")) == assigned_before


def test_a_view_whose_second_operation_fails_leaves_the_database_as_before(browser, scene, monkeypatch):
    """The review view assigns the scorecard (first operation), then saves it (second): when the
    second fails unexpectedly, the first is rolled back with it."""
    def broken_save(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(interview_ops, "save_scorecard", broken_save)
    url = f"/reviews/{scene.invitation.id}"
    browser.login(scene.interviewer)
    events_before = _count(AuditEvent)
    page = browser.submit(url, {"revision": "0", "recommendation": "yes", "summary": "", "submit": "y",
                                "rating_design": "4", "note_design": "Clear focal point."})
    assert page.status_code == 500
    assert _count(Scorecard, Scorecard.invitation_id == scene.invitation.id) == 0
    assert _count(AuditEvent) == events_before, "not even the audit event of the assignment is left"


def test_a_command_whose_second_step_fails_leaves_the_database_as_before(runner, scene, tmp_path, monkeypatch):
    """`scores import --create-raters` creates the unknown raters, then stores the ratings: when the
    last step fails, the raters it created are gone too."""
    path = tmp_path / "scores.csv"
    path.write_text("candidate_email,rater_email,stage,criterion,rating,note\n"
                    f"{scene.candidate.email},new.rater@example.com,{scene.opening.stages[0].name},"
                    "copywriting,4,Clear hooks.\n", encoding="utf-8")
    real_record = audit_ops.record

    def failing_record(actor, action, target, **details):
        if action == "scores.import":
            raise RuntimeError("the audit table is unreachable")
        return real_record(actor, action, target, **details)

    monkeypatch.setattr("hiring.interviews.operations.record", failing_record)
    users_before = _count(User)
    result = runner.invoke(args=["scores", "import", str(path), "--opening", str(scene.opening.id),
                                 "--create-raters"])
    assert result.exit_code != 0 and isinstance(result.exception, RuntimeError)
    assert _count(User) == users_before
    assert _count(User, User.email == "new.rater@example.com") == 0

    monkeypatch.setattr("hiring.interviews.operations.record", real_record)
    again = runner.invoke(args=["scores", "import", str(path), "--opening", str(scene.opening.id),
                                "--create-raters"])
    assert again.exit_code == 0, again.output
    assert _count(User, User.email == "new.rater@example.com") == 1


def test_commits_happen_only_at_the_boundaries():
    """`grep commit() hiring/`: the request and command boundary (transactions.py, cli.py) only."""
    found = sorted({str(path.relative_to(PROJECT_ROOT)) for path in (PROJECT_ROOT / "hiring").rglob("*.py")
                    if re.search(r"\bcommit\(\)", path.read_text(encoding="utf-8"))})
    assert "hiring/transactions.py" in found and set(found) <= {"hiring/cli.py", "hiring/transactions.py"}, found


def test_sqlite_takes_the_write_lock_at_the_first_write_not_while_hashing_a_password(app, browser, monkeypatch):
    """Creating a user hashes the password (slow on purpose) before anything is written: another
    writer must be able to take SQLite's write lock during the hashing."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    admin = make_user(Role.ADMIN)
    database = db.engine.url.database
    lock_free_while_hashing: list[bool] = []
    real_set_password = User.set_password

    def set_password(self, password):
        other = sqlite3.connect(database, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            lock_free_while_hashing.append(True)
        except sqlite3.OperationalError:
            lock_free_while_hashing.append(False)
        finally:
            other.close()
        real_set_password(self, password)

    browser.login(admin)
    monkeypatch.setattr(User, "set_password", set_password)
    page = browser.submit("/admin/users/new", {"name": "Dewi", "email": "dewi@example.com",
                                               "role": "interviewer", "password": PASSWORD})
    assert page.status_code == 302
    assert lock_free_while_hashing == [True]
    assert _count(User, User.email == "dewi@example.com") == 1


# --- point 6: every event names its real actor, and its record by name --------------------------

def test_browser_actions_are_credited_to_their_people_never_the_command_line(app, browser, scene):
    url = f"/reviews/{scene.invitation.id}"
    browser.login(scene.interviewer)
    browser.submit(url, {"revision": "0", "recommendation": "yes", "summary": "", "save": "y",
                         "rating_design": "4", "note_design": "Clear focal point."})
    (assigned,) = [e for e in _events("scorecard.assign") if e.details.get("rater") == scene.interviewer.email
                   and e.at >= scene.invitation.submitted_at]
    assert (assigned.actor_kind, assigned.actor_id) == ("user", scene.interviewer.id)
    browser.logout()

    browser.submit("/login", {"email": scene.manager.email, "password": "wrong"})
    (failed,) = _events("auth.login_failed")
    assert (failed.actor_kind, failed.actor_id) == ("visitor", None)

    invitation, token = make_invitation(scene.candidate)
    candidate = CandidateBrowser(app.test_client(), token)
    candidate.start()
    started = [e for e in _events("invitation.start") if e.target_id == invitation.id]
    assert [(e.actor_kind, e.actor_id) for e in started] == [("candidate", None)]

    browser.login(scene.admin)
    page = browser.get("/admin/audit/").text
    assert f'<td data-label="Who">{scene.interviewer.email}</td>' in page
    review = (f"Review: {scene.candidate.name} · {scene.invitation.stage.name} · {scene.interviewer.name}")
    assert review in page
    assert f'href="/candidates/{scene.candidate.id}">Work sample: {scene.candidate.name}' in page
    assert "the candidate (invitation link)" in page and "someone not signed in" in page


def test_an_event_recorded_in_a_request_without_its_actor_is_refused(app):
    db.session.info[WEB_REQUEST] = True
    try:
        with pytest.raises(RuntimeError, match="without its actor"):
            audit_ops.record(None, "opening.update", User(id=1))
    finally:
        db.session.info.pop(WEB_REQUEST, None)


def test_the_audit_page_names_records_and_links_submitted_scorecards(browser, scene):
    browser.login(scene.admin)
    page = browser.get("/admin/audit/").text
    label = f"Scorecard: {scene.candidate.name} · {scene.opening.stages[0].name} · {scene.interviewer.name}"
    assert f'<a href="/scorecards/{scene.scorecard.id}">{label}</a>' in page
    assert f'<a href="/openings/{scene.opening.id}">Opening: {scene.opening.title}</a>' in page
    assert not re.search(r">Scorecard \d+<", page)
