"""Shortlist, comparison, decisions, the comparison PDF and the score exports.

Thin: loaders check access, `queries` reads, `operations` writes, `hiring.reports` renders.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from hiring.auth.access import can_manage_opening, load_candidate, load_scored_opening, require
from hiring.candidates.models import Candidate
from hiring.candidates.vocabulary import CandidateType
from hiring.downloads import attachment
from hiring.extensions import db
from hiring.i18n import page_translations, page_zone
from hiring.interviews.models import Recommendation, owes_scorecard
from hiring.reports import exports
from hiring.reports.charts import MAX_SERIES, SERIES_COLOURS, radar_svg
from hiring.reports.fonts import FontsMissing
from hiring.reports.pdf import build_comparison_pdf
from hiring.rubrics.schema import MAX_WEIGHT, MIN_WEIGHT
from hiring.scoreboards import opening_scoreboard
from hiring.shortlists import operations, queries
from hiring.shortlists.filters import meets, parse_view
from hiring.shortlists.forms import DecisionForm
from hiring.validation import ValidationError

bp = Blueprint("shortlists", __name__)

#: Candidates not on the shortlist, listed for adding a page at a time.
OTHERS_PER_PAGE = 50


def _view(opening, args=None):
    return parse_view(request.args if args is None else args, opening.rubric, opening.weights,
                      {s.id for s in opening.stages}, {t.value for t in CandidateType})


def _what_if_args(view) -> dict[str, str]:
    """The what-if weights as query arguments, so the comparison and PDF keep them."""
    return {f"w_{k}": f"{v:g}" for k, v in (view.weights or {}).items()}


@bp.route("/openings/<int:opening_id>/shortlist")
@require()
def show(opening_id: int):
    opening = load_scored_opening(opening_id)
    view = _view(opening)
    listed = queries.shortlisted(opening)
    withheld = owes_scorecard(current_user, opening, [c.id for c in listed])  # independence: no figures
    means = queries.criterion_means(opening, [c.id for c in listed])
    shown = [c for c in listed
             if meets(view, stage_id=c.stage_id, type=c.type.value,
                      means={} if c.id in withheld else means.get(c.id, {}))]
    board = opening_scoreboard(opening, view.weights, candidates={c.id for c in shown} - withheld)
    rank = {s.candidate: s.rank for s in board.candidates}
    shown.sort(key=lambda c: (rank.get(c.id, len(rank) + 1), c.name))
    listed_ids = {c.id for c in listed}
    context = dict(opening=opening, view=view, shown=shown, board=board, listed=listed, withheld=withheld,
                   decisions=queries.latest_decisions(listed_ids), what_if_args=_what_if_args(view),
                   can_manage=can_manage_opening(current_user, opening))
    if request.args.get("partial") == "1":  # the what-if panel's live re-rank swaps in just the table
        return render_template("shortlists/_ranked.html", **context)
    others, n_others, others_page, others_pages = [], 0, 1, 1
    if context["can_manage"]:  # everyone not yet on the shortlist, a page at a time
        not_listed = (Candidate.opening_id == opening.id, Candidate.id.not_in(listed_ids))
        n_others = db.session.scalar(select(func.count()).select_from(Candidate).where(*not_listed)) or 0
        others_pages = max(1, -(-n_others // OTHERS_PER_PAGE))
        others_page = min(max(request.args.get("others", 1, type=int) or 1, 1), others_pages)
        others = list(db.session.scalars(
            select(Candidate).where(*not_listed).options(selectinload(Candidate.stage))
            .order_by(Candidate.name, Candidate.id)
            .offset((others_page - 1) * OTHERS_PER_PAGE).limit(OTHERS_PER_PAGE)))
    return render_template("shortlists/show.html", others=others, n_others=n_others, others_page=others_page,
                           others_pages=others_pages, others_per_page=OTHERS_PER_PAGE,
                           others_args={k: v for k, v in request.args.items() if k not in ("others", "partial")},
                           types=list(CandidateType), min_weight=MIN_WEIGHT, max_weight=MAX_WEIGHT, **context)


@bp.route("/candidates/<int:candidate_id>/shortlist", methods=["POST"])
@require()
def add(candidate_id: int):
    candidate = load_candidate(candidate_id, manage=True)
    operations.add_to_shortlist(current_user, candidate)
    flash(_("%(name)s is on the shortlist.", name=candidate.name), "success")
    return redirect(url_for("shortlists.show", opening_id=candidate.opening_id))


@bp.route("/candidates/<int:candidate_id>/shortlist/remove", methods=["POST"])
@require()
def remove(candidate_id: int):
    candidate = load_candidate(candidate_id, manage=True)
    operations.remove_from_shortlist(current_user, candidate)
    flash(_("%(name)s is off the shortlist; their scores and decisions are kept.", name=candidate.name), "success")
    return redirect(url_for("shortlists.show", opening_id=candidate.opening_id))


def _compared(opening, args=None):
    """The comparison asked for in the query string (`c` = candidate ids), or a redirect with why not."""
    args = request.args if args is None else args
    ids = list(dict.fromkeys(_ints(args.getlist("c"))))
    problem = queries.check_selection(ids)
    if problem:
        flash(problem, "error")
        return None, redirect(url_for("shortlists.show", opening_id=opening.id))
    view = _view(opening, args)
    comparison = queries.build_comparison(
        opening, ids, author=current_user.name, weights=view.weights,
        grace=timedelta(seconds=current_app.config["EXERCISE_GRACE_SECONDS"]), viewer=current_user)
    if len(comparison.candidates) != len(ids):
        abort(404)  # an id of another opening's candidate, or of nobody
    return comparison, None


def _ints(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        abort(404)


@bp.route("/openings/<int:opening_id>/compare")
@require()
def compare(opening_id: int):
    opening = load_scored_opening(opening_id)
    comparison, refusal = _compared(opening)
    if refusal:
        return refusal
    return _compare_page(opening, comparison, request.full_path)


def _compare_page(opening, comparison, path: str, refused: tuple[int, DecisionForm] | None = None) -> str:
    """The comparison page at `path`; `refused` is a candidate's decision form that was not saved,
    shown again as it was filled in, with its errors at the fields."""
    axes, series = comparison.radar()
    m = comparison.methodology
    label = _("Radar chart of criterion means on a %(min)s–%(max)s scale: %(names)s", min=m.scale_min,
              max=m.scale_max, names=", ".join(name for name, _values in series[:MAX_SERIES]))
    radar = radar_svg(axes, series, m.scale_min, m.scale_max, label=label)
    forms = {}
    for column in comparison.candidates:
        if refused and refused[0] == column.id:
            forms[column.id] = refused[1]
            continue
        form = DecisionForm(prefix=f"d{column.id}", formdata=None)
        form.return_to.data = path
        forms[column.id] = form
    return render_template("shortlists/compare.html", opening=opening, comparison=comparison, radar=radar,
                           colours=SERIES_COLOURS, forms=forms, query=urlsplit(path).query,
                           recommendation_keys={r.label: r.value for r in Recommendation})


@bp.route("/openings/<int:opening_id>/compare.pdf")
@require()
def compare_pdf(opening_id: int):
    opening = load_scored_opening(opening_id)
    comparison, refusal = _compared(opening)
    if refusal:
        return refusal
    try:
        pdf = build_comparison_pdf(comparison, page_translations(), str(get_locale()), page_zone())
    except FontsMissing as err:
        current_app.logger.error("comparison PDF: %s", err)
        flash(_("The PDF cannot be made on this server: its fonts are missing. An administrator can find "
                "the details in the log."), "error")
        return redirect(url_for("shortlists.compare", opening_id=opening.id, **request.args.to_dict(flat=False)))
    operations.note_export(current_user, opening, format="pdf", candidates=[c.id for c in comparison.candidates])
    return attachment(pdf, "application/pdf", f"comparison-opening-{opening.id}.pdf")


@bp.route("/candidates/<int:candidate_id>/decisions", methods=["POST"])
@require()
def decide(candidate_id: int):
    candidate = load_candidate(candidate_id, scores=True)
    form = DecisionForm(prefix=f"d{candidate.id}")
    back = _local_path(form.return_to.data, candidate.opening_id)
    if form.validate_on_submit():
        try:
            decision = operations.record_decision(current_user, candidate, form.kind.data, form.comment.data)
        except ValidationError as err:
            field = getattr(form, err.field or "", None)
            if field is not None:
                field.errors = [err.message]
            else:
                form.form_errors.append(err.message)
        else:
            flash(_("Recorded “%(decision)s” for %(name)s.", decision=decision.kind.label, name=candidate.name),
                  "success")
            return redirect(back)
    # Nothing was saved: show the comparison again with this form as it was filled in and the errors
    # at its fields (a redirect would lose the comment typed). Elsewhere, say why on the page returned to.
    page = _refused_decision_page(candidate, form, back)
    if page is not None:
        return page, 422
    for errors in form.errors.values():
        flash(_("%(name)s: %(errors)s", name=candidate.name, errors=" ".join(map(str, errors))), "error")
    return redirect(back)


def _refused_decision_page(candidate: Candidate, form: DecisionForm, back: str) -> str | None:
    """The comparison page `back` points to, with `candidate`'s refused decision form; None when `back`
    is not a comparison that shows the candidate."""
    parts = urlsplit(back)
    if parts.path != url_for("shortlists.compare", opening_id=candidate.opening_id):
        return None
    opening = load_scored_opening(candidate.opening_id)
    args = MultiDict(parse_qsl(parts.query, keep_blank_values=True))
    comparison, refusal = _compared(opening, args)
    if refusal or all(column.id != candidate.id for column in comparison.candidates):
        return None
    flash(_("%(name)s: the decision was not recorded. Correct the form below.", name=candidate.name), "error")
    return _compare_page(opening, comparison, back, refused=(candidate.id, form))


def _local_path(target: str | None, opening_id: int) -> str:
    """`target` if it is a page of this opening's shortlist or comparison, else the shortlist.

    Only our own paths: a `return_to` of //evil.example or https://… never leaves the site.
    """
    parts = urlsplit(target or "")
    prefix = f"/openings/{opening_id}/"
    if not parts.scheme and not parts.netloc and parts.path.startswith(prefix):
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return url_for("shortlists.show", opening_id=opening_id)


@bp.route("/openings/<int:opening_id>/export")
@require()
def export(opening_id: int):
    opening = load_scored_opening(opening_id)
    table, fmt = request.args.get("table", "scores"), request.args.get("format", "csv")
    if table not in exports.TABLES or fmt not in exports.FORMATS:
        abort(404)
    tables = queries.export_tables(opening, viewer=current_user)
    operations.note_export(current_user, opening, format=fmt, table=table if fmt == "csv" else "all")
    if fmt == "xlsx":
        return attachment(exports.to_xlsx(tables), exports.XLSX_TYPE, f"opening-{opening.id}-scores.xlsx")
    return attachment(exports.to_csv(tables[table]), "text/csv; charset=utf-8", f"opening-{opening.id}-{table}.csv")

