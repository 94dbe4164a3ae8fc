"""An invitation nobody has started, about to expire (issue 14, point 2): the daily `flask remind`
tells the opening's hiring managers (and an admin who sent it) once, 48 hours ahead at most, with a
link to the candidate's invite page, in their language and time zone. Email is received by a real
SMTP server (aiosmtpd)."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import current_app
from sqlalchemy import select

from hiring.auth.models import Role
from hiring.exercises import operations as exercise_ops
from hiring.exercises.operations import EXPIRY_NOTICE, invite
from hiring.exercises.store import offered
from hiring.extensions import db
from hiring.i18n import translations_for
from hiring.notifications.models import Notification
from hiring.notifications.operations import remind
from hiring.openings.models import TeamMember
from hiring.openings.operations import add_team_member, remove_team_member
from hiring.timeutil import utcnow
from tests.helpers import _committed, make_candidate, make_user

MESSAGE = "%(candidate)s has not started the exercises for %(opening)s, and the invitation expires on %(expires)s."
FOOTER = "You get this email because you are on the hiring team. Choose which emails you get on your profile: %(url)s"


def _invited(candidate, sender=None, *, hours: float = 30):
    """`candidate` invited to the launch posts by `sender`, the link expiring in `hours`."""
    launch = next(e for e in offered(candidate.opening)
                  if e.key == "launch-posts")
    invitation, _token = _committed(invite)(sender, candidate, [launch],
                                            expires_at=utcnow() + timedelta(hours=hours))
    return invitation


def _run(runner, at: datetime) -> str:
    result = runner.invoke(args=["remind", "--now", at.strftime("%Y-%m-%dT%H:%M")])
    assert result.exit_code == 0, result.output
    return result.output


def _notices(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).filter_by(user_id=user.id, kind="invitation_expiring")))


def test_the_manager_is_told_once_when_an_unused_link_enters_its_last_48_hours(app, scene, runner):
    candidate = make_candidate(scene.opening, name="Budi Santoso")
    invitation = _invited(candidate, scene.manager, hours=100)
    expires = invitation.expires_at
    assert timedelta(hours=48) == EXPIRY_NOTICE
    assert "Notices of invitations about to expire unused: 0." in _run(runner, expires - timedelta(hours=49))
    assert _notices(scene.manager) == []
    assert "Notices of invitations about to expire unused: 1." in _run(runner, expires - timedelta(hours=47))
    (notice,) = _notices(scene.manager)
    assert notice.path == f"/candidates/{candidate.id}/invite"  # where a new link is sent
    assert notice.params == {"candidate": "Budi Santoso", "opening": scene.opening.title,
                             "expires": expires.isoformat()}
    assert "expire unused: 0." in _run(runner, expires - timedelta(hours=23))  # the next day: once
    assert "expire unused: 0." in _run(runner, expires + timedelta(hours=1))  # expired: too late to say
    assert len(_notices(scene.manager)) == 1
    # The leadership and interviewers of the team send no links: they hear nothing.
    assert _notices(scene.leader) == [] and _notices(scene.interviewer) == []


def test_a_started_revoked_or_submitted_invitation_is_not_announced(app, scene):
    now = utcnow()
    started = _invited(make_candidate(scene.opening, name="Started"))
    _committed(exercise_ops.start)(started, now, timedelta(seconds=60))
    revoked = _invited(make_candidate(scene.opening, name="Revoked"))
    _committed(exercise_ops.revoke)(None, revoked)
    submitted = _invited(make_candidate(scene.opening, name="Submitted"))
    _committed(exercise_ops.start)(submitted, now, timedelta(seconds=60))
    _committed(exercise_ops.submit)(submitted, now, timedelta(seconds=60))
    unused = _invited(make_candidate(scene.opening, name="Unused"))
    later = _invited(make_candidate(scene.opening, name="Later"), hours=24 * 6)
    assert _committed(remind)(now)["invitation_expiring"] == 1
    assert [n.params["candidate"] for n in _notices(scene.manager)] == ["Unused"]
    assert unused.expires_at > now and later.expires_at > now + EXPIRY_NOTICE
    # Days later the one sent for six days comes into its window; the first is not told again.
    assert _committed(remind)(now + timedelta(days=5))["invitation_expiring"] == 1
    assert [n.params["candidate"] for n in _notices(scene.manager)] == ["Unused", "Later"]


def test_every_manager_and_an_admin_who_sent_it_hear_but_not_a_former_manager(app, scene):
    second = make_user(Role.HIRING_MANAGER)
    _committed(add_team_member)(None, scene.opening, second, Role.HIRING_MANAGER)
    former = make_user(Role.HIRING_MANAGER)
    member = _committed(add_team_member)(None, scene.opening, former, Role.HIRING_MANAGER)
    by_admin = _invited(make_candidate(scene.opening, name="By Admin"), scene.admin)
    by_former = _invited(make_candidate(scene.opening, name="By Former"), former)
    _committed(remove_team_member)(None, db.session.get(TeamMember, member.id))
    assert _committed(remind)(utcnow())["invitation_expiring"] == 5  # 2 managers × 2, and the admin once
    for manager in (scene.manager, second):
        assert sorted(n.params["candidate"] for n in _notices(manager)) == ["By Admin", "By Former"]
    assert [n.params["candidate"] for n in _notices(scene.admin)] == ["By Admin"]
    assert _notices(former) == []  # no longer on the team: they could not send a new link
    assert by_admin.id != by_former.id


def test_switched_off_the_notice_stays_in_the_app(app, scene, smtp, runner, browser):
    browser.login(scene.manager)
    page = browser.get("/profile").text
    assert 'value="invitation_expiring"' in page  # its own switch on the profile, on at first
    keep = ["scorecard_requested", "scorecard_due", "exercises", "decision_recorded"]
    assert browser.submit("/profile", {"language": "", "time_zone": "", "email_on": keep}).status_code == 302
    browser.logout()
    db.session.expire_all()
    assert not scene.manager.wants_email("invitation_expiring") and scene.manager.wants_email("exercises_started")
    _invited(make_candidate(scene.opening, name="Quiet"))
    _run(runner, utcnow())
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    assert smtp.inbox.messages == []
    assert [n.params["candidate"] for n in _notices(scene.manager)] == ["Quiet"]
    browser.login(scene.manager)
    bell = html.unescape(browser.get("/notifications/").text)
    assert f"Quiet has not started the exercises for {scene.opening.title}, and the invitation expires on" in bell


def test_the_email_comes_in_each_recipients_language_and_time_zone(app, scene, smtp, runner):
    scene.manager.language, scene.manager.time_zone = "zh", "Asia/Shanghai"
    scene.admin.language, scene.admin.time_zone = "es", "America/Mexico_City"
    db.session.commit()
    candidate = make_candidate(scene.opening, name="王芳")
    invitation = _invited(candidate, scene.admin, hours=36)
    _run(runner, utcnow())
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    emails = {m["To"]: m for m in smtp.inbox.messages}
    assert set(emails) == {scene.manager.email, scene.admin.email}
    link = f"{current_app.config['APP_URL'].rstrip('/')}/candidates/{candidate.id}/invite"
    for user, zone in ((scene.manager, "Asia/Shanghai"), (scene.admin, "America/Mexico_City")):
        email = emails[user.email]
        gettext = translations_for(user.language).gettext
        expires = format_datetime(invitation.expires_at.replace(tzinfo=UTC), "medium", tzinfo=ZoneInfo(zone),
                                  locale=user.language)
        assert email["Subject"].strip() == gettext(MESSAGE) % {
            "candidate": "王芳", "opening": scene.opening.title, "expires": f"{expires} ({zone})"}
        body = email.get_content()
        assert link in body
        footer = gettext(FOOTER)
        assert footer != FOOTER and footer.split("%(url)s")[0] in body  # the rest of the email is theirs too
