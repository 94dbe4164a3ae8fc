"""Every time on a page, in an email and in the PDF is in its reader's time zone, and says which.

Times are stored in UTC. A signed-in user reads them in the zone of their profile (UTC without one);
a candidate, who has no account, reads the deadline of their invitation in the zone the inviting
manager picked its day in. The machine-readable `<time datetime>` keeps the moment exact (ISO 8601
with its offset).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.exercises.models import Invitation
from hiring.extensions import db
from hiring.shortlists.models import Decision
from hiring.shortlists.operations import add_to_shortlist, record_decision
from hiring.timeutil import end_of_day, start_of_day, today_in, zone_named, zone_of
from tests.helpers import Browser, CandidateBrowser, make_candidate, make_invitation, submit_scorecard

#: When the interviewer submitted the scene's scorecard, as stored: naive UTC.
SUBMITTED = datetime(2026, 12, 3, 7, 30)


def _text(page) -> str:
    """The page's text as a reader sees it (tags dropped, entities decoded, spaces collapsed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.text)).split())


@pytest.fixture()
def submitted_at_a_known_moment(scene):
    """The scene's scorecard, and its audit entry, submitted at `SUBMITTED`."""
    scene.scorecard.submitted_at = SUBMITTED
    event = db.session.scalar(select(AuditEvent).filter_by(action="scorecard.submit",
                                                           target_id=scene.scorecard.id))
    event.at = SUBMITTED
    db.session.commit()
    return scene


def test_a_reader_in_shanghai_sees_the_submitted_time_eight_hours_ahead_with_the_zone_named(
        browser, submitted_at_a_known_moment):
    scene = submitted_at_a_known_moment
    scene.manager.time_zone = scene.admin.time_zone = "Asia/Shanghai"
    db.session.commit()

    browser.login(scene.manager)
    page = browser.get(f"/candidates/{scene.candidate.id}")
    assert "submitted Dec 3, 2026, 3:30 PM (Asia/Shanghai)" in _text(page)
    assert '<time datetime="2026-12-03T15:30:00+08:00">' in page.text
    assert "UTC" not in _text(page)
    browser.logout()

    browser.login(scene.admin)
    page = browser.get("/admin/audit/?action=scorecard.submit")
    text = _text(page)
    assert "When (Asia/Shanghai)" in text, "the column names the zone its times are in"
    assert "Dec 3, 2026, 3:30:00 PM" in text
    assert '<time datetime="2026-12-03T15:30:00+08:00">' in page.text
    assert "UTC" not in text


def test_a_reader_without_a_time_zone_reads_utc_and_is_told_so(browser, submitted_at_a_known_moment):
    scene = submitted_at_a_known_moment
    browser.login(scene.manager)
    page = browser.get(f"/candidates/{scene.candidate.id}")
    assert "submitted Dec 3, 2026, 7:30 AM (UTC)" in _text(page)
    assert '<time datetime="2026-12-03T07:30:00+00:00">' in page.text
    browser.logout()

    browser.login(scene.admin)
    text = _text(browser.get("/admin/audit/?action=scorecard.submit"))
    assert "When (UTC)" in text and "Dec 3, 2026, 7:30:00 AM" in text


def test_a_zone_the_server_does_not_know_reads_as_utc(browser, submitted_at_a_known_moment):
    scene = submitted_at_a_known_moment
    scene.manager.time_zone = "Mars/Olympus_Mons"  # set before the zone database lost it, say
    db.session.commit()
    browser.login(scene.manager)
    page = browser.get(f"/candidates/{scene.candidate.id}")
    assert page.status_code == 200
    assert "submitted Dec 3, 2026, 7:30 AM (UTC)" in _text(page)


def test_a_date_alone_is_the_readers_calendar_day(browser, scene):
    """At 20:00 UTC on Dec 3 it is already Dec 4 in Shanghai: "Added" says so."""
    scene.candidate.created_at = datetime(2026, 12, 3, 20, 0)
    scene.manager.time_zone = "Asia/Shanghai"
    db.session.commit()
    browser.login(scene.manager)
    assert "Added Dec 4, 2026" in _text(browser.get(f"/candidates/{scene.candidate.id}"))


def test_decisions_on_the_candidate_page_and_the_comparison_are_in_the_readers_zone(browser, scene):
    second = make_candidate(scene.opening, name="Wang Fang")
    submit_scorecard(scene.interviewer, second, scene.opening.stages[0], {"copywriting": 3})
    for candidate in (scene.candidate, second):
        add_to_shortlist(None, candidate)
    record_decision(None, scene.candidate, "advance", "Strong strategy.")
    db.session.scalar(select(Decision)).created_at = SUBMITTED
    scene.leader.time_zone = "America/Sao_Paulo"  # UTC−3, no daylight saving time
    db.session.commit()
    browser.login(scene.leader)
    assert "Dec 3, 2026, 4:30 AM (America/Sao_Paulo)" in _text(browser.get(f"/candidates/{scene.candidate.id}"))
    compare = browser.get(f"/openings/{scene.opening.id}/compare?c={scene.candidate.id}&c={second.id}")
    assert "Dec 3, 2026, 4:30 AM (America/Sao_Paulo)" in _text(compare)


def test_the_audit_log_filters_by_the_readers_days(browser, scene):
    """An event at 20:00 UTC on Dec 3 happened on Dec 4 for an admin in Shanghai."""
    event = db.session.scalar(select(AuditEvent).filter_by(action="scorecard.submit"))
    event.at = datetime(2026, 12, 3, 20, 0)
    scene.admin.time_zone = "Asia/Shanghai"
    db.session.commit()
    browser.login(scene.admin)
    on_the_4th = _text(browser.get("/admin/audit/?action=scorecard.submit&since=2026-12-04&until=2026-12-04"))
    on_the_3rd = _text(browser.get("/admin/audit/?action=scorecard.submit&since=2026-12-03&until=2026-12-03"))
    assert "Dec 4, 2026, 4:00:00 AM" in on_the_4th
    assert "No events match." in on_the_3rd


# --- invitations: the day a manager picks ends where the manager is --------------------------------------

def _invite(browser, scene, day: date):
    return browser.submit(f"/candidates/{scene.candidate.id}/invite",
                          {"exercises": ["launch-posts"], "stage": str(scene.opening.stages[0].id),
                           "expires_on": day.isoformat()})


def test_the_start_by_day_ends_at_midnight_in_the_inviting_managers_zone(app, browser, scene, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    scene.manager.time_zone = "America/Los_Angeles"
    db.session.commit()
    browser.login(scene.manager)
    form = _text(browser.get(f"/candidates/{scene.candidate.id}/invite"))
    assert "until the end of this day in your time zone (America/Los_Angeles)" in form
    day = today_in(ZoneInfo("America/Los_Angeles")) + timedelta(days=5)
    page = _invite(browser, scene, day)
    assert page.status_code == 200

    invitation = db.session.scalars(select(Invitation).filter_by(candidate_id=scene.candidate.id)
                                    .order_by(Invitation.id.desc())).first()
    last = datetime.combine(day, datetime.max.time(), tzinfo=ZoneInfo("America/Los_Angeles"))
    assert invitation.expires_at.replace(tzinfo=ZoneInfo("UTC")) == last
    shown = f"{day:%b} {day.day}, {day.year}, 11:59 PM (America/Los_Angeles)"
    assert shown in _text(page), "the manager's page says the moment, in their zone"

    # The candidate reads the same moment, named, on the welcome page and in the message.
    token = re.search(r"/i/([\w-]{20,})", page.text).group(1)
    message = html.unescape(re.search(r'<textarea id="invitation-message"[^>]*>(.*?)</textarea>', page.text,
                                      re.S).group(1))
    assert f"valid until {shown}" in " ".join(message.split())
    browser.logout()
    welcome = CandidateBrowser(app.test_client(), token).get("")
    assert f"Start by {shown}" in _text(welcome)


def test_a_candidate_invited_by_a_command_reads_the_deadline_in_utc_named(app, scene):
    scene.manager.time_zone = "Asia/Shanghai"  # a signed-in manager opening the link changes nothing
    invitation, token = make_invitation(scene.candidate, ("launch-posts",))
    invitation.expires_at = datetime(2026, 12, 10, 15, 59, 59)
    db.session.commit()
    client = app.test_client()
    Browser(client).login(scene.manager)
    welcome = CandidateBrowser(client, token).get("")
    assert "Start by Dec 10, 2026, 3:59 PM (UTC)" in _text(welcome)
    assert '<time datetime="2026-12-10T15:59:59+00:00">' in welcome.text


def test_a_candidate_reads_the_deadline_in_their_language_and_the_invitations_zone(app, scene):
    candidate = make_candidate(scene.opening, name="王芳", language="zh")
    invitation, token = make_invitation(candidate, ("launch-posts",))
    invitation.created_by = scene.manager
    scene.manager.time_zone = "Asia/Shanghai"
    invitation.expires_at = end_of_day(date(2026, 12, 10), ZoneInfo("Asia/Shanghai"))
    db.session.commit()
    text = _text(CandidateBrowser(app.test_client(), token).get(""))
    assert "2026年12月10日 23:59 (Asia/Shanghai)" in text


# --- the one rule and its arithmetic -------------------------------------------------------------------

def test_a_users_zone_is_their_setting_else_utc():
    class Person:
        def __init__(self, time_zone):
            self.time_zone = time_zone

    assert zone_of(Person("Asia/Kolkata")).key == "Asia/Kolkata"
    assert zone_of(Person(None)).key == zone_of(Person("Nowhere/Atlantis")).key == "UTC"
    assert zone_of(None).key == zone_of(object()).key == "UTC"  # a candidate, a visitor
    assert zone_named("localtime").key == "UTC", "the server's own zone is not a reader's"


def test_a_day_begins_and_ends_where_the_reader_is_across_a_daylight_saving_change():
    berlin = ZoneInfo("Europe/Berlin")
    # Clocks go forward on 29 March 2026: that day is 23 hours long in Berlin.
    assert start_of_day(date(2026, 3, 29), berlin) == datetime(2026, 3, 28, 23, 0)
    assert end_of_day(date(2026, 3, 29), berlin) == datetime(2026, 3, 29, 21, 59, 59, 999999)
    assert end_of_day(date(2026, 12, 10), ZoneInfo("UTC")) == datetime(2026, 12, 10, 23, 59, 59, 999999)


# --- the PDF --------------------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_comparison_pdf_shows_times_in_its_readers_zone(browser, scene, runner, tmp_path):
    second = make_candidate(scene.opening, name="Wang Fang")
    submit_scorecard(scene.interviewer, second, scene.opening.stages[0], {"copywriting": 3})
    for candidate in (scene.candidate, second):
        add_to_shortlist(None, candidate)
    record_decision(None, scene.candidate, "advance", "Strong strategy.")
    db.session.scalar(select(Decision)).created_at = SUBMITTED
    scene.leader.time_zone = "Asia/Shanghai"
    db.session.commit()

    def text_of(data: bytes) -> str:
        path = tmp_path / "comparison.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                             check=True).stdout
        return " ".join(out.split())

    browser.login(scene.leader)
    response = browser.get(f"/openings/{scene.opening.id}/compare.pdf?c={scene.candidate.id}&c={second.id}")
    assert response.status_code == 200
    text = text_of(response.data)
    assert "3 Dec 2026, 15:30 (Asia/Shanghai)" in text, "the decision, 8 hours ahead of UTC"
    assert re.search(r"Generated \d+ \w+ \d{4}, \d\d:\d\d \(Asia/Shanghai\)", text)

    # The command line has no reader: UTC unless told, and a zone it does not know is refused.
    out = tmp_path / "cli.pdf"
    ids = ["--candidate", str(scene.candidate.id), "--candidate", str(second.id)]
    result = runner.invoke(args=["report", str(scene.opening.id), "--out", str(out), *ids])
    assert result.exit_code == 0, result.output
    assert "3 Dec 2026, 07:30 (UTC)" in text_of(out.read_bytes())
    result = runner.invoke(args=["report", str(scene.opening.id), "--out", str(out), *ids,
                                 "--time-zone", "America/Sao_Paulo"])
    assert result.exit_code == 0, result.output
    assert "3 Dec 2026, 04:30 (America/Sao_Paulo)" in text_of(out.read_bytes())
    result = runner.invoke(args=["report", str(scene.opening.id), "--out", str(out), *ids, "--time-zone", "Mars"])
    assert result.exit_code != 0 and "not a time zone" in result.output
