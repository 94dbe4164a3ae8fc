"""Notifications (issue 14, point 2): in the app (the bell) and by email through the outbox, each in
the recipient's language and time zone, each email switchable; reminders of owed scorecards from the
daily `flask remind`. Email is received by a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from hiring.auth.models import Role
from hiring.extensions import db
from hiring.i18n import translations_for
from hiring.interviews.models import Scorecard, ScorecardStatus
from hiring.interviews.operations import assign
from hiring.notifications.models import Notification
from hiring.openings.operations import add_team_member, set_scorecard_due
from hiring.shortlists.operations import record_decision
from hiring.timeutil import utcnow
from tests.helpers import (
    CandidateBrowser,
    _committed,
    make_candidate,
    make_invitation,
    make_user,
    submit_scorecard,
)


def _send(runner) -> None:
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output


def _ask(browser, scene, candidate, stage, rater) -> None:
    browser.login(scene.manager)
    response = browser.post(f"/candidates/{candidate.id}/assign", {"stage": str(stage.id), "rater": str(rater.id)},
                            token_from=f"/candidates/{candidate.id}")
    assert response.status_code == 302
    browser.logout()


def _bell(browser) -> int:
    page = browser.get("/openings/").text
    found = re.search(r'class="bell[^"]*"[^>]*>.*?<span aria-hidden="true">(\d+)</span>', page, re.S)
    return int(found.group(1)) if found else 0


def test_an_interviewer_asked_for_a_scorecard_gets_an_email_in_their_language_and_a_notification(
        app, scene, smtp, runner, browser):
    scene.interviewer.language = "hi"
    candidate = make_candidate(scene.opening, name="Priya Sharma")
    db.session.commit()
    _ask(browser, scene, candidate, scene.opening.stages[1], scene.interviewer)
    _send(runner)
    (email,) = smtp.inbox.messages
    hindi = translations_for("hi").gettext
    stage = hindi("Work sample")
    assert email["To"] == scene.interviewer.email
    assert email["Subject"].strip() == hindi("%(asker)s asked you for a %(stage)s scorecard for %(candidate)s.") % {
        "asker": scene.manager.name, "stage": stage, "candidate": "Priya Sharma"}
    card = db.session.scalar(select(Scorecard).filter_by(candidate_id=candidate.id, rater_id=scene.interviewer.id))
    assert f"http://localhost/scorecards/{card.id}/edit" in email.get_content()
    assert "/profile" in email.get_content()
    browser.login(scene.interviewer)
    assert _bell(browser) == 1
    page = browser.get("/notifications/").text
    assert "Priya Sharma" in page and stage in page
    note = db.session.scalar(select(Notification).filter_by(user_id=scene.interviewer.id))
    opened = browser.post(f"/notifications/{note.id}/open", {})
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/scorecards/{card.id}/edit")
    assert _bell(browser) == 0


def test_switched_off_email_stays_in_the_app(app, scene, smtp, runner, browser):
    browser.login(scene.interviewer)
    page = browser.get("/profile").text
    assert re.search(r'<input checked id="email_on-0" name="email_on" type="checkbox" value="scorecard_requested">',
                     page), "every email is on at first"
    keep = ["decision_recorded"]
    assert browser.submit("/profile", {"language": "", "time_zone": "Asia/Jakarta", "email_on": keep}
                          ).status_code == 302
    browser.logout()
    db.session.expire_all()
    assert scene.interviewer.time_zone == "Asia/Jakarta"
    assert not scene.interviewer.wants_email("scorecard_requested")
    assert scene.interviewer.wants_email("decision_recorded")
    _ask(browser, scene, make_candidate(scene.opening), scene.opening.stages[0], scene.interviewer)
    _send(runner)
    assert smtp.inbox.messages == []
    assert db.session.scalar(select(Notification).filter_by(user_id=scene.interviewer.id, kind="scorecard_requested"))


def test_a_reminder_comes_on_the_due_date_and_again_two_days_later_once_each(app, scene, smtp, runner, browser):
    _committed(set_scorecard_due)(None, scene.opening, 3)
    scene.interviewer.time_zone = "Asia/Kolkata"
    candidate = make_candidate(scene.opening, name="Arjun Mehta")
    db.session.commit()
    _ask(browser, scene, candidate, scene.opening.stages[2], scene.interviewer)
    _send(runner)
    assert len(smtp.inbox.messages) == 1  # the request itself
    card = db.session.scalar(select(Scorecard).filter_by(candidate_id=candidate.id))
    assert card.due_at is not None and abs(card.due_at - (utcnow() + timedelta(days=3))) < timedelta(minutes=5)

    def remind(at) -> str:
        result = runner.invoke(args=["remind", "--now", at.strftime("%Y-%m-%dT%H:%M")])
        assert result.exit_code == 0, result.output
        return result.output

    assert "0 due today, 0 two days overdue" in remind(card.due_at - timedelta(hours=1))  # the clock moved
    assert "1 due today, 0 two days overdue" in remind(card.due_at + timedelta(hours=1))
    assert "0 due today, 0 two days overdue" in remind(card.due_at + timedelta(hours=5))  # once
    _send(runner)
    due = smtp.inbox.messages[1]
    assert due["Subject"].strip().startswith("Your Panel interview scorecard for Arjun Mehta is due today (")
    assert "(Asia/Kolkata)" in due["Subject"]  # the due time in the rater's own zone
    assert "1 due today" not in remind(card.due_at + timedelta(days=2, hours=1))
    _send(runner)
    overdue = smtp.inbox.messages[2]
    assert "two days overdue" in overdue["Subject"] and overdue["To"] == scene.interviewer.email
    assert "0 due today, 0 two days overdue" in remind(card.due_at + timedelta(days=4))
    # A submitted scorecard is owed no more.
    submit_scorecard(scene.interviewer, candidate, scene.opening.stages[2], {"copywriting": 3})
    assert "0 due today, 0 two days overdue" in remind(card.due_at + timedelta(days=9))


def test_the_manager_hears_when_a_candidate_starts_and_submits(app, scene, smtp, runner):
    candidate = make_candidate(scene.opening, name="Siti Rahmawati", language="id")
    _invitation, token = make_invitation(candidate, ("launch-posts",))
    page = CandidateBrowser(app.test_client(), token)
    page.start()
    page.submit(confirm=True)
    _send(runner)
    subjects = [m["Subject"].strip() for m in smtp.inbox.messages if m["To"] == scene.manager.email]
    assert subjects == [f"Siti Rahmawati started the exercises for {scene.opening.title}.",
                        f"Siti Rahmawati submitted the exercises for {scene.opening.title}."]


def test_raters_hear_of_a_decision_and_a_blind_reviewer_only_under_the_alias(app, scene, smtp, runner, browser):
    candidate = make_candidate(scene.opening, name="Lucía Fernández")
    submit_scorecard(scene.interviewer, candidate, scene.opening.stages[0], {"copywriting": 4})
    invitation, _token = make_invitation(candidate, ("visual-brief",))
    reviewer = make_user(Role.INTERVIEWER)
    _committed(add_team_member)(None, scene.opening, reviewer, Role.INTERVIEWER)
    invitation.submitted_at = utcnow()
    db.session.commit()
    review = _committed(assign)(None, candidate, invitation.stage, reviewer, invitation=invitation)
    review.status, review.submitted_at = ScorecardStatus.SUBMITTED, utcnow()  # reviewed blind
    db.session.commit()
    _committed(record_decision)(scene.manager, candidate, "advance", "Strong portfolio.")
    _send(runner)
    by_person = {m["To"]: m["Subject"].strip() for m in smtp.inbox.messages}
    assert by_person[scene.interviewer.email] == (
        f"{scene.manager.name} recorded a decision on Lucía Fernández, whom you rated: Advance.")
    assert by_person[reviewer.email] == (
        f"{scene.manager.name} recorded a decision on Candidate {invitation.alias_code}, whom you rated: Advance.")
    assert "Lucía" not in smtp.inbox.messages[[m["To"] for m in smtp.inbox.messages].index(reviewer.email)
                                              ].get_content()
    assert scene.manager.email not in by_person  # the one who decided knows


def test_a_name_with_a_line_break_still_makes_a_sendable_email(app, scene, smtp, runner, browser):
    candidate = make_candidate(scene.opening, name="Dewi\nLestari")  # as a spreadsheet cell may hold it
    _ask(browser, scene, candidate, scene.opening.stages[0], scene.interviewer)
    _send(runner)
    (email,) = smtp.inbox.messages
    # (A long subject is folded on the wire; read back, a fold right after "Subject:" leaves a space.)
    assert email["Subject"].strip() == f"{scene.manager.name} asked you for a Screen scorecard for Dewi Lestari."
