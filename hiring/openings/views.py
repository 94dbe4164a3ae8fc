"""Opening pages: list, create, show, edit, weights, team, rubric upgrade (previewed, then applied)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from wtforms import SelectChoice

from hiring.auth.access import (
    CAN_CREATE_OPENINGS,
    can_manage_opening,
    can_see_all_scores,
    load_opening,
    load_scored_opening,
    require,
    visible_openings,
)
from hiring.auth.models import User
from hiring.calibration import operations as calibration_ops
from hiring.candidate_mail import operations as mail_ops
from hiring.candidates import bulk as bulk_ops
from hiring.candidates.listing import ListView, ordered_ids
from hiring.candidates.models import Candidate
from hiring.candidates.queries import candidates_by_id, page_of_candidates, stage_counts
from hiring.candidates.vocabulary import CandidateType
from hiring.exercises import queries as exercise_queries
from hiring.exercises.store import offered
from hiring.extensions import db
from hiring.i18n import page_translations, page_zone
from hiring.interviews.models import owes_scorecard
from hiring.interviews.queries import count_owed_scorecards, owed_counts, owed_scorecards
from hiring.mail import mail_configured
from hiring.openings import operations
from hiring.openings.forms import EditOpeningForm, NewOpeningForm, TeamMemberForm, weights_form
from hiring.openings.models import TeamMember
from hiring.openings.upgrade import upgrade_preview
from hiring.privacy.operations import set_retention
from hiring.reports.dstudy import d_study_parts
from hiring.rubrics.language import rubric_in
from hiring.rubrics.store import available_rubrics, can_edit_rubric
from hiring.scoreboards import opening_scoreboard, ranked_without, shortlist_size, top_k
from hiring.shortlists.models import DecisionKind
from hiring.templating import local_number
from hiring.timeutil import end_of_day, today_in, utcnow
from hiring.validation import ValidationError

bp = Blueprint("openings", __name__, url_prefix="/openings")


def _rubrics_dir() -> str:
    return current_app.config["RUBRICS_DIR"]


def _grace() -> timedelta:
    return timedelta(seconds=current_app.config["EXERCISE_GRACE_SECONDS"])


def _form_error(form, err: ValidationError, default_field: str) -> None:
    field = getattr(form, err.field or default_field, None)
    if field is None:
        flash(err.message, "error")
    else:
        field.errors = [*field.errors, err.message]


@bp.route("/")
@require()
def index():
    openings = visible_openings(current_user)
    counts = dict(
        db.session.execute(
            select(Candidate.opening_id, func.count()).group_by(Candidate.opening_id)
        ).all()
    )
    return render_template("openings/index.html", openings=openings, counts=counts,
                           can_create=current_user.role in CAN_CREATE_OPENINGS)


@bp.route("/new", methods=["GET", "POST"])
@require(*CAN_CREATE_OPENINGS)
def new():
    form = NewOpeningForm()
    form.rubric.choices = [
        SelectChoice(r.key, f"{rubric_in(r).title} ({r.version})") for r in available_rubrics(_rubrics_dir())
    ]
    if form.validate_on_submit():
        try:
            opening = operations.create_opening(
                current_user,
                title=form.title.data,
                location=form.location.data or "",
                rubric_key=form.rubric.data,
                rubrics_dir=_rubrics_dir(),
                stages=form.stage_names(),
            )
        except ValidationError as err:
            _form_error(form, err, "title")
        else:
            flash(_("Opened “%(title)s”. Review the weights and add your team.", title=opening.title), "success")
            return redirect(url_for("openings.show", opening_id=opening.id))
    return render_template("openings/form.html", form=form, opening=None)


#: Candidates per page of the dashboard's table: an opening of thousands stays one screenful.
PER_PAGE = 50
#: Owed scorecards listed on the dashboard (the heading gives how many there are in all).
OWED_SHOWN = 50


@bp.route("/<int:opening_id>")
@require()
def show(opening_id: int):
    opening = load_opening(opening_id)
    team_users = _load_team(opening)  # held while the page renders: the identity map is weak
    counts = stage_counts(opening)
    board, owed, n_owed, raters, ranked, d_study, shortlisted = None, [], 0, {}, [], None, 0
    withheld: set[int] = set()
    adjusted = request.args.get("adjusted") == "1"
    if can_see_all_scores(current_user, opening):
        shortlisted = shortlist_size(opening)  # where the board's k ("in top k") comes from
        # Independence: no figures, nor a place in the ranking, for a candidate they owe a scorecard for.
        withheld = owes_scorecard(current_user, opening)
        board = opening_scoreboard(opening, adjust_leniency=adjusted, k=top_k(opening, shortlisted),
                                   candidates=ranked_without(opening, withheld))
        d_study = d_study_parts(board.d_study, page_translations(), local_number)
        owed, n_owed = owed_scorecards(opening, limit=OWED_SHOWN), count_owed_scorecards(opening)
        raters = {u.id: u for u in team_users}  # usually every rater; a former member is read too
        missing = {int(r.rater) for r in board.leniency} - raters.keys()
        if missing:
            raters |= {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(missing)))}
        ranked = [int(score.candidate) for score in board.candidates]
    view = ListView.parse(request.args, opening)
    # Over a platform limit: for the whole opening when the list is filtered on it, else (below) for
    # the rows shown. Like every flag, only for those who see every figure, and not for the withheld.
    over_everyone = board is not None and "over_limit" in view.flags
    over = exercise_queries.over_limit(opening, utcnow(), _grace()) - withheld if over_everyone else set()
    if view.default:  # the ranking, a page at a time (names read only past the ranked)
        n_candidates = sum(counts.values())
        pages = max(1, -(-n_candidates // PER_PAGE))
        page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
        candidates = page_of_candidates(opening, ranked, (page - 1) * PER_PAGE, page * PER_PAGE)
    else:
        ids = ordered_ids(opening, view, board, withheld, ranked, over_limit=over)
        n_candidates = len(ids)
        pages = max(1, -(-n_candidates // PER_PAGE))
        page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
        candidates = candidates_by_id(ids[(page - 1) * PER_PAGE: page * PER_PAGE])
    if board is not None and not over_everyone:
        over = exercise_queries.over_limit(opening, utcnow(), _grace(), [c.id for c in candidates]) - withheld
    return render_template(
        "openings/show.html",
        opening=opening,
        candidates=candidates,
        n_candidates=n_candidates,
        stage_counts=counts,
        page=page,
        pages=pages,
        per_page=PER_PAGE,
        can_manage=can_manage_opening(current_user, opening),
        newer_rubric=operations.newer_rubric(opening, _rubrics_dir()),
        rubric_fix="edit" if can_edit_rubric(current_user, opening.rubric_version.key) else
        "copy" if current_user.role in CAN_CREATE_OPENINGS else None,
        board=board,
        adjusted=adjusted,
        owed=owed,
        n_owed=n_owed,
        raters=raters,
        team_users=team_users,
        d_study=d_study,
        shortlist_size=shortlisted,
        withheld=withheld,
        over_limit=over,
        bulk_actions=bulk_ops.ACTIONS,
        view=view,
        all_count=sum(counts.values()),
        candidate_types=list(CandidateType),
        decision_kinds=list(DecisionKind),
    )


def _load_team(opening) -> list[User]:
    """The team's users in one query, so `member.user` never costs a query per member."""
    return list(db.session.scalars(select(User).join(TeamMember, TeamMember.user_id == User.id)
                                   .where(TeamMember.opening_id == opening.id)))


@bp.route("/<int:opening_id>/edit", methods=["GET", "POST"])
@require()
def edit(opening_id: int):
    opening = load_opening(opening_id, manage=True)
    form = EditOpeningForm(obj=opening)
    if request.method == "GET":
        form.stages.data = "\n".join(s.label for s in opening.stages)
    if form.validate_on_submit():
        try:
            operations.update_opening(current_user, opening, title=form.title.data,
                                      location=form.location.data or "", stages=form.stage_names())
            if form.retention_days.data != opening.retention_days:  # the form checked the range
                set_retention(current_user, opening, form.retention_days.data)
            operations.set_scorecard_due(current_user, opening, form.scorecard_due_days.data)
            tolerance = form.calibration_tolerance.data  # left empty: unchanged
            calibration_ops.set_calibration(current_user, opening, required=form.calibration_required.data,
                                            tolerance=opening.calibration_tolerance if tolerance is None
                                            else float(tolerance))
        except ValidationError as err:
            db.session.rollback()
            _form_error(form, err, "title")
        else:
            flash(_("Opening saved."), "success")
            return redirect(url_for("openings.show", opening_id=opening.id))
    return render_template("openings/form.html", form=form, opening=opening)


@bp.route("/<int:opening_id>/weights", methods=["GET", "POST"])
@require()
def weights(opening_id: int):
    opening = load_opening(opening_id, manage=True)
    form = weights_form(opening.rubric, opening.weights)
    if form.validate_on_submit():
        try:
            operations.set_weights(current_user, opening, form.weights())
        except ValidationError as err:
            flash(err.message, "error")
        else:
            flash(_("Weights saved."), "success")
            return redirect(url_for("openings.show", opening_id=opening.id))
    return render_template("openings/weights.html", form=form, opening=opening)


@bp.route("/<int:opening_id>/team", methods=["GET", "POST"])
@require()
def team(opening_id: int):
    opening = load_opening(opening_id, manage=True)
    form = TeamMemberForm()
    members = {m.user_id for m in opening.team}
    people = db.session.scalars(select(User).where(User.active).order_by(User.name)).all()
    form.user.choices = [
        SelectChoice(u.id, f"{u.name} · {u.role.label}") for u in people if u.id not in members
    ]
    if form.validate_on_submit():
        try:
            operations.add_team_member(current_user, opening, db.session.get(User, form.user.data),
                                       form.role.data)
        except ValidationError as err:
            _form_error(form, err, "user")
        else:
            flash(_("Added to the team."), "success")
            return redirect(url_for("openings.team", opening_id=opening.id))
    return render_template("openings/team.html", form=form, opening=opening)


@bp.route("/<int:opening_id>/team/<int:member_id>/remove", methods=["POST"])
@require()
def remove_member(opening_id: int, member_id: int):
    opening = load_opening(opening_id, manage=True)
    member = db.session.get(TeamMember, member_id)
    if member is None or member.opening_id != opening.id:
        abort(404)
    try:
        operations.remove_team_member(current_user, member)
    except ValidationError as err:
        flash(err.message, "error")
    else:
        flash(_("%(name)s is no longer on the team.", name=member.user.name), "success")
        if member.user_id == current_user.id and not can_manage_opening(current_user, opening):
            return redirect(url_for("openings.index"))  # they just removed their own access
    return redirect(url_for("openings.team", opening_id=opening.id))


@bp.route("/<int:opening_id>/upgrade-rubric", methods=["GET", "POST"])
@require()
def upgrade_rubric(opening_id: int):
    """GET: what upgrading to the rubric's current version would change (the diff, each candidate's
    total and rank before and after, the ratings that cannot carry over). POST: upgrade, to the
    version the preview showed (`version`)."""
    opening = load_opening(opening_id, manage=True)
    if request.method == "POST":
        try:
            operations.upgrade_rubric(current_user, opening, _rubrics_dir(),
                                      previewed=request.form.get("version", type=int))
        except ValidationError as err:
            flash(err.message, "error")
            return redirect(url_for("openings.upgrade_rubric", opening_id=opening.id))
        flash(_("The opening now uses rubric version %(version)s (%(hash)s).", version=opening.rubric_version.label,
                hash=opening.rubric_version.short_hash), "success")
        return redirect(url_for("openings.show", opening_id=opening.id))
    newer = operations.newer_rubric(opening, _rubrics_dir())
    preview = None
    if newer is not None:  # independence: no figures for candidates the manager owes a scorecard for
        preview = upgrade_preview(opening, newer, withheld=owes_scorecard(current_user, opening),
                                  page=request.args.get("page", 1, type=int) or 1, per_page=PER_PAGE)
    return render_template("openings/upgrade_rubric.html", opening=opening, preview=preview)


#: Cards shown per column; the rest are on the candidate list, filtered by nothing but reachable by page.
BOARD_COLUMN = 100


@bp.route("/<int:opening_id>/board")
@require()
def board(opening_id: int):
    """The pipeline: the opening's stages as columns of candidate cards (total and interval, flags,
    scorecards still owed). Hiring managers move a card by dragging it or with its menu."""
    opening = load_scored_opening(opening_id)
    withheld = owes_scorecard(current_user, opening)  # independence: no figures for those one owes
    shortlisted = shortlist_size(opening)
    scores = opening_scoreboard(opening, k=top_k(opening, shortlisted), candidates=ranked_without(opening, withheld))
    people = db.session.scalars(select(Candidate).where(Candidate.opening_id == opening.id,
                                                        Candidate.anonymised_at.is_(None))
                                .order_by(Candidate.search_text, Candidate.id)).all()
    columns: dict[int | None, list[Candidate]] = {stage.id: [] for stage in opening.stages}
    for person in people:
        columns.setdefault(person.stage_id, []).append(person)
    on_cards = [person.id for column in columns.values() for person in column[:BOARD_COLUMN]]
    over = exercise_queries.over_limit(opening, utcnow(), _grace(), on_cards) - withheld
    return render_template("openings/board.html", opening=opening, columns=columns, scores=scores,
                           withheld=withheld, over_limit=over, owed=owed_counts(opening), shown=BOARD_COLUMN,
                           can_move=can_manage_opening(current_user, opening), bulk_actions=bulk_ops.ACTIONS)


@bp.route("/<int:opening_id>/bulk", methods=["POST"])
@require()
def bulk(opening_id: int):
    """A bulk action on the candidates selected on the opening's list: first a page that names the
    count and what will be sent (the email as the first candidate gets it), then, confirmed, the
    action in one transaction and a summary."""
    opening = load_opening(opening_id, manage=True)
    form = request.form
    action = form.get("action", "")
    try:
        chosen = bulk_ops.selected(opening, [int(v) for v in form.getlist("c") if v.isdigit()])
        if action not in bulk_ops.ACTIONS:
            raise ValidationError(_("Choose what to do with the selected candidates."), field="action")
    except ValidationError as err:
        flash(err.message, "error")
        return redirect(url_for("openings.show", opening_id=opening.id))
    exercises = offered(opening) if action == "invite" else []
    stage = next((s for s in opening.stages if str(s.id) == form.get("stage")), None)
    if stage is None and action == "invite":  # the work-sample stage, as on the one-candidate invitation
        stage = next((s for s in opening.stages if "work" in s.name.casefold()), None)
    rater = next((m.user for m in opening.team if str(m.user_id) == form.get("rater")), None)
    comment = (form.get("comment") or "").strip()
    email = action in ("reject", "invite") or (action == "move" and form.get("email") == "1")
    shown = email or action == "move"  # a move shows the next-step email it can send
    zone = page_zone()  # the manager's: a day they pick ends at midnight where they are
    expires_on = _date_field(form.get("expires_on")) if "expires_on" in form else today_in(zone) + timedelta(days=7)
    problem = None
    if form.get("confirmed") == "1":
        try:
            if action == "invite" and expires_on is None:
                raise ValidationError(_("Choose the last day to start."), field="expires_on")
            outcome = bulk_ops.run(
                current_user, opening, chosen, action, stage=stage, rater=rater, comment=comment, email=email,
                exercises=exercises, expires_at=end_of_day(expires_on, zone) if expires_on else None,
                link_for=lambda token: url_for("take.welcome", token=token, _external=True))
        except ValidationError as err:
            db.session.rollback()
            problem = err.message
        else:
            if action == "invite" and outcome.sent and not mail_configured(current_app.config):
                # No mail server: the links exist only now, so the page shows each message to pass on.
                return render_template("openings/bulk_invited.html", opening=opening, outcome=outcome)
            flash(_bulk_summary(action, outcome, stage, rater), "success")
            return redirect(url_for("openings.show", opening_id=opening.id))
    preview = None
    if shown:
        sample = chosen[0]
        if action == "invite":
            preview = mail_ops.invitation_preview(sample, sum(e.time_limit_minutes for e in exercises),
                                                  end_of_day(expires_on or today_in(zone), zone), zone)
        else:
            preview = mail_ops.email_for(sample, "rejection" if action == "reject" else "next_step",
                                         stage=stage or opening.stages[0])
    return render_template("openings/bulk.html", opening=opening, chosen=chosen, action=action,
                           action_label=_(bulk_ops.ACTIONS[action]), stage=stage, rater=rater, comment=comment,
                           problem=problem, preview=preview, email=email, exercises=exercises,
                           expires_on=expires_on, team=[m.user for m in opening.team],
                           waiting=bulk_ops.open_invitations(chosen, utcnow()) if action == "invite" else set())


def _date_field(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


def _bulk_summary(action: str, outcome, stage, rater) -> str:
    if action == "move" and outcome.emails:
        return ngettext("Moved %(num)d candidate to %(stage)s and queued the next-step email.",
                        "Moved %(num)d candidates to %(stage)s and queued %(num)d next-step emails.",
                        outcome.done, stage=stage.label)
    if action == "move":
        return ngettext("Moved %(num)d candidate to %(stage)s.", "Moved %(num)d candidates to %(stage)s.",
                        outcome.done, stage=stage.label)
    if action == "shortlist":
        return ngettext("%(num)d candidate is on the shortlist.", "%(num)d candidates are on the shortlist.",
                        outcome.done)
    if action == "scorecards":
        return ngettext("Asked %(rater)s for %(num)d scorecard (%(skipped)s already asked).",
                        "Asked %(rater)s for %(num)d scorecards (%(skipped)s already asked).", outcome.done,
                        rater=rater.name, skipped=outcome.skipped)
    if action == "invite":
        return ngettext("Invited %(num)d candidate to the exercises (%(skipped)s already had a link they can use).",
                        "Invited %(num)d candidates to the exercises (%(skipped)s already had a link they can use).",
                        outcome.done, skipped=outcome.skipped)
    return ngettext("Rejected %(num)d candidate; %(emails)s rejection email queued.",
                    "Rejected %(num)d candidates; %(emails)s rejection emails queued.", outcome.done,
                    emails=outcome.emails)
