"""The debrief's rules (issue 16, part 2): who may open it and when, the stages in order, re-scores by
the rater alone with a reason, scorecards locked while it runs, the team told, the independent
scores kept."""

from __future__ import annotations

from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role
from hiring.debriefs.models import DebriefStatus
from hiring.debriefs.operations import open_debriefs, save_notes, set_speaking_order
from hiring.extensions import db
from hiring.interviews.models import Rating, Scorecard
from hiring.interviews.operations import RatingInput, assign, save_scorecard
from hiring.notifications.models import Notification
from hiring.openings.operations import add_team_member
from hiring.outbox.models import OutboxMessage
from hiring.scoreboards import opening_scoreboard
from hiring.shortlists.models import ShortlistEntry
from tests.debriefs.helpers import advance, open_debrief, refused, rescore, scored, walk_to
from tests.helpers import _committed, make_user, submit_scorecard


def test_only_the_openings_hiring_managers_open_a_debrief(scene):
    story = scored(scene)
    for who in (scene.interviewer, scene.leader, scene.outsider):
        assert "hiring managers" in refused(open_debrief, who, story.candidate)
    debrief = open_debrief(scene.manager, story.candidate)
    assert debrief.status == DebriefStatus.LOCKED
    assert "already has a debrief" in refused(open_debrief, scene.manager, story.candidate)


def test_a_debrief_waits_until_every_asked_scorecard_is_submitted(scene):
    story = scored(scene)
    late = make_user(Role.INTERVIEWER)
    _committed(add_team_member)(None, scene.opening, late, Role.INTERVIEWER)
    _committed(assign)(None, story.candidate, scene.opening.stages[1], late)
    assert "still has scorecards to come in" in refused(open_debrief, scene.manager, story.candidate)
    submit_scorecard(late, story.candidate, scene.opening.stages[1], {"strategy": 3})
    assert open_debrief(scene.manager, story.candidate).status == DebriefStatus.LOCKED


def test_opening_freezes_every_independent_rating_and_locks_the_scorecards(scene):
    story = scored(scene)
    debrief = open_debrief(scene.manager, story.candidate)
    frozen = {(r.rater_id, r.criterion): r.value for r in debrief.ratings}
    assert frozen == {(scene.interviewer.id, "copywriting"): 4, (scene.interviewer.id, "analytics"): 2,
                      (scene.manager.id, "copywriting"): 3, (scene.manager.id, "analytics"): 3,
                      (scene.leader.id, "copywriting"): 5, (scene.leader.id, "analytics"): 3}
    assert all(r.note == "Saw it in the interview." for r in debrief.ratings)
    assert debrief.recommendations == {str(scene.interviewer.id): ["yes"], str(scene.manager.id): ["no"],
                                       str(scene.leader.id): ["strong_yes"]}
    card = db.session.scalar(select(Scorecard).filter_by(candidate_id=story.candidate.id,
                                                         rater_id=scene.interviewer.id))
    edit = _committed(save_scorecard)
    message = refused(edit, scene.interviewer, card, ratings={"copywriting": RatingInput(1, "Changed my mind.")},
                      recommendation="no", submit=True, expected_revision=card.revision)
    assert "debrief of this candidate is under way" in message
    walk_to(debrief, DebriefStatus.CLOSED, scene.manager)
    card = db.session.get(Scorecard, card.id)  # closed: the debriefed scorecard stays as submitted for ever
    message = refused(edit, scene.interviewer, card, ratings={"copywriting": RatingInput(1, "Changed my mind.")},
                      recommendation="no", submit=True, expected_revision=card.revision)
    assert "debriefed this scorecard" in message
    assert {(r.rater_id, r.criterion): r.value for r in debrief.ratings} == frozen  # kept for ever


def test_the_stages_go_in_order_and_only_the_manager_moves_them(scene):
    debrief = open_debrief(scene.manager, scored(scene).candidate)
    assert "next stage is" in refused(advance, scene.manager, debrief, DebriefStatus.DISCUSSED)
    assert "hiring managers" in refused(advance, scene.interviewer, debrief, DebriefStatus.REVEALED)
    for stage in (DebriefStatus.REVEALED, DebriefStatus.DISCUSSED, DebriefStatus.RESCORE):
        advance(scene.manager, debrief, stage)
        assert debrief.status == stage
    assert "recommendation" in refused(advance, scene.manager, debrief, DebriefStatus.CLOSED)
    advance(scene.manager, debrief, DebriefStatus.CLOSED, recommendation="yes", summary="Hire for copy.")
    assert (debrief.status, debrief.recommendation.value, debrief.summary) == ("closed", "yes", "Hire for copy.")
    assert debrief.closed_at is not None
    assert "next stage is" in refused(advance, scene.manager, debrief, DebriefStatus.LOCKED)
    actions = db.session.scalars(select(AuditEvent.action).filter_by(target_type="Debrief", target_id=debrief.id)
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["debrief.open", "debrief.stage", "debrief.stage", "debrief.stage", "debrief.close"]


def test_a_rater_rescores_only_their_own_rating_only_in_the_rescore_stage_and_with_a_reason(scene):
    story = scored(scene)
    debrief = open_debrief(scene.manager, story.candidate)
    theirs = next(r for r in debrief.ratings if r.rater_id == scene.interviewer.id and r.criterion == "analytics")
    assert "re-score stage" in refused(rescore, scene.interviewer, theirs, 3, "Heard the others.")
    walk_to(debrief, DebriefStatus.RESCORE, scene.manager)
    assert "Only the rater" in refused(rescore, scene.manager, theirs, 3, "I know better.")
    assert "Say why" in refused(rescore, scene.interviewer, theirs, 3, "   ")
    assert "Choose a level" in refused(rescore, scene.interviewer, theirs, 9, "Off the scale.")
    rescore(scene.interviewer, theirs, 3, "The manager's example of the dashboard was evidence I missed.")
    assert (theirs.value, theirs.rescored_value, theirs.final) == (2, 3, 3)
    event = db.session.scalars(select(AuditEvent).filter_by(action="debrief.rescore")).one()
    assert event.actor_id == scene.interviewer.id
    assert event.details["reason"] == "The manager's example of the dashboard was evidence I missed."
    assert (event.details["independent"], event.details["after"]) == (2, {"rating": 3})
    # The scorecard keeps the independent rating.
    kept = db.session.scalar(select(Rating.value).join(Scorecard).where(
        Scorecard.candidate_id == story.candidate.id, Scorecard.rater_id == scene.interviewer.id,
        Rating.criterion == "analytics"))
    assert kept == 2


def test_the_statistics_keep_reading_the_independent_scores(scene):
    story = scored(scene)
    before = opening_scoreboard(scene.opening).for_candidate(story.candidate.id)
    version = scene.opening.scores_version
    debrief = walk_to(open_debrief(scene.manager, story.candidate), DebriefStatus.RESCORE, scene.manager)
    for rating in [r for r in debrief.ratings if r.rater_id == scene.interviewer.id]:
        rescore(scene.interviewer, rating, 5, "Swayed.")
    advance(scene.manager, debrief, DebriefStatus.CLOSED, recommendation="strong_yes")
    db.session.refresh(scene.opening)
    assert scene.opening.scores_version == version
    after = opening_scoreboard(scene.opening).for_candidate(story.candidate.id)
    assert (after.total, after.criteria) == (before.total, before.criteria)


def test_the_suggested_speaking_order_hears_juniors_first_and_the_furthest_from_the_median_first(scene):
    story = scored(scene)
    second = make_user(Role.INTERVIEWER, name="Zed Interviewer")
    _committed(add_team_member)(None, scene.opening, second, Role.INTERVIEWER)
    # Both interviewers are juniors; this one sits at the panel's median, so the other speaks first.
    submit_scorecard(second, story.candidate, scene.opening.stages[1], {"copywriting": 4, "analytics": 3})
    debrief = open_debrief(scene.manager, story.candidate)
    assert debrief.suggested_order == [scene.interviewer.id, second.id, scene.manager.id, scene.leader.id]
    mine = [scene.leader.id, scene.manager.id, second.id, scene.interviewer.id]
    assert "hiring managers" in refused(_committed(set_speaking_order), scene.interviewer, debrief, mine)
    assert "every rater" in refused(_committed(set_speaking_order), scene.manager, debrief, mine[:3])
    _committed(set_speaking_order)(scene.manager, debrief, mine)
    walk_to(debrief, DebriefStatus.DISCUSSED, scene.manager)
    assert debrief.speaking_order == mine and debrief.suggested_order[0] == scene.interviewer.id
    assert "fixed" in refused(_committed(set_speaking_order), scene.manager, debrief, list(reversed(mine)))
    used = db.session.scalars(select(AuditEvent).filter_by(action="debrief.stage")).all()[-1]
    assert used.details["speaking_order"] == mine


def test_notes_are_written_during_the_discussion(scene):
    debrief = open_debrief(scene.manager, scored(scene).candidate)
    notes = _committed(save_notes)
    assert "during the discussion" in refused(notes, scene.manager, debrief, {"copywriting": "x"})
    walk_to(debrief, DebriefStatus.DISCUSSED, scene.manager)
    notes(scene.manager, debrief, {"copywriting": " Strong hooks. ", "analytics": "", "nonsense": "dropped"})
    assert debrief.notes == {"copywriting": "Strong hooks."}


def test_opening_a_debrief_tells_the_team_in_each_ones_language(scene):
    scene.leader.language = "zh"
    db.session.commit()
    story = scored(scene)
    debrief = open_debrief(scene.manager, story.candidate)
    told = {n.user_id: n for n in db.session.scalars(select(Notification).filter_by(kind="debrief_opened"))}
    assert set(told) == {scene.interviewer.id, scene.leader.id}  # the manager opened it: they know
    assert told[scene.interviewer.id].path == f"/debriefs/{debrief.id}"
    mails = {m.to_address: m for m in db.session.scalars(select(OutboxMessage)
                                                         .filter_by(kind="notice:debrief_opened"))}
    assert set(mails) == {scene.interviewer.email, scene.leader.email}
    from hiring.i18n import translations_for
    chinese = translations_for("zh").gettext(
        "%(who)s opened a debrief of %(candidate)s: the scorecards are locked until it closes.")
    assert mails[scene.leader.email].subject == chinese % {"who": scene.manager.name, "candidate": "Lucía Fernández"}


def test_a_whole_shortlist_is_debriefed_at_once_or_not_at_all(scene):
    first, second = scored(scene, "Ana Lima").candidate, scored(scene, "Budi Santoso").candidate
    db.session.add_all([ShortlistEntry(candidate=first), ShortlistEntry(candidate=second),
                        ShortlistEntry(candidate=scene.candidate)])
    db.session.commit()
    _committed(assign)(None, scene.candidate, scene.opening.stages[1], scene.manager)  # still owed
    everyone = [first, second, scene.candidate]
    message = refused(_committed(open_debriefs), scene.manager, scene.opening, everyone)
    assert scene.candidate.name in message
    assert db.session.scalars(select(Notification).filter_by(kind="debrief_opened")).all() == []
    debriefs = _committed(open_debriefs)(scene.manager, scene.opening, [first, second])
    assert [d.candidate_id for d in debriefs] == [first.id, second.id]


def test_the_score_import_leaves_a_candidate_under_debrief_alone(scene):
    from hiring.interviews.operations import import_scores
    from hiring.spreadsheets import ImportReport, ImportRow

    story = scored(scene)
    open_debrief(scene.manager, story.candidate)
    report = ImportReport(rows=[ImportRow(2, {
        "candidate_id": str(story.candidate.id), "stage_id": str(scene.opening.stages[2].id),
        "rater_email": scene.interviewer.email, "criterion": "copywriting", "rating": "1",
        "note": "Imported over it."})])
    message = refused(_committed(import_scores), scene.manager, scene.opening, report, "scores.csv")
    assert "Nothing was imported" in message
    kept = db.session.scalar(select(Rating.value).join(Scorecard).where(
        Scorecard.candidate_id == story.candidate.id, Scorecard.rater_id == scene.interviewer.id,
        Rating.criterion == "copywriting"))
    assert kept == 4


def test_a_rater_who_switched_the_email_off_is_told_in_the_app_only(scene):
    from hiring.auth.operations import set_notifications
    from hiring.notifications.kinds import SWITCHES

    _committed(set_notifications)(scene.interviewer, scene.interviewer, time_zone=None,
                                  email_on=[s for s in SWITCHES if s != "debrief_opened"])
    open_debrief(scene.manager, scored(scene).candidate)
    assert db.session.scalar(select(Notification).filter_by(kind="debrief_opened", user_id=scene.interviewer.id))
    to = db.session.scalars(select(OutboxMessage.to_address).filter_by(kind="notice:debrief_opened")).all()
    assert to == [scene.leader.email]
