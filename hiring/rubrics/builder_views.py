"""The rubric builder: create a rubric (blank or from a copy) and edit one in the browser. Each save
is a new version (hiring.rubrics.store); unsaved changes are kept as a draft as they are typed.

Admins edit any rubric; hiring managers create rubrics, edit those they created and copy any
other (`hiring.rubrics.store.can_edit_rubric`). Everyone else reads rubrics on the rubric pages only.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hiring.auth.access import can_see_all_scores, require
from hiring.extensions import db
from hiring.interviews.kits import build_kit
from hiring.interviews.models import owes_scorecard
from hiring.interviews.queries import evidence_by_level
from hiring.openings.models import Opening
from hiring.rubrics import builder, store
from hiring.rubrics.drafts import Drafts, field_messages
from hiring.rubrics.language import rubric_in, translation_status
from hiring.rubrics.models import RubricDraft, RubricVersion
from hiring.rubrics.schema import KINDS, MAX_LEVELS, Rubric

bp = Blueprint("builder", __name__, url_prefix="/rubrics")

#: The most text one draft may hold (a whole rubric is ~30 KB; this is far above any real one).
MAX_DRAFT_BYTES = 512 * 1024


_drafts = Drafts(RubricDraft)
_draft, _keep_draft, _forget_draft = _drafts.get, _drafts.keep, _drafts.forget
_messages = field_messages


def _evidence() -> tuple[Opening | None, str | None, dict[int, list[str]]]:
    """From the rater-agreement panel (`?opening=<id>&criterion=<key>`): the evidence the opening's
    raters wrote for that criterion, by level given, for someone who may read every score there
    (less the candidates they owe a scorecard for). Anyone else gets nothing."""
    opening = db.session.get(Opening, request.args.get("opening", type=int) or 0)
    criterion = request.args.get("criterion")
    if opening is None or not criterion or not can_see_all_scores(current_user, opening):
        return None, None, {}
    if criterion not in opening.rubric_version.english.criterion_keys:
        return None, None, {}
    hidden = owes_scorecard(current_user, opening)
    return opening, criterion, evidence_by_level(opening, criterion, hidden)


def _page(*, fields: Mapping[str, str], key: str | None, base: RubricVersion | None, note: str = "",
          errors: Mapping[str, list[str]] | None = None, preview: Rubric | None = None,
          restored: RubricDraft | None = None, copied: RubricVersion | None = None, started: int | None = None):
    """The builder page. Always 200, even with errors: the request then commits the draft kept.
    `started`: the number of the version the fields were typed on (default: `base`'s), posted back
    so a version saved by someone else meanwhile is not overwritten."""
    opening, focus, evidence = _evidence()
    shown = rubric_in(preview) if preview else None  # as an interviewer reads it: in their language
    focus_index = next((i for i in builder.criteria_indices(fields) if fields.get(f"c{i}_key") == focus), None)
    return render_template(
        "rubrics/builder.html", fields=fields, key=key, base=base, note=note, errors=errors or {},
        levels=builder.levels(fields), criteria=builder.criteria_indices(fields), kinds=KINDS,
        max_levels=MAX_LEVELS, preview=shown, kit=build_kit(shown, [], {}) if shown else None,
        restored=restored, copied=copied, max_criteria=builder.MAX_CRITERIA,
        evidence_opening=opening, evidence=evidence, focus=focus, focus_index=focus_index,
        status=translation_status("rubric", key, base.data) if key and base else None, can_edit=True,
        base_number=started or (base.number if base else None),
    )


@bp.route("/new", methods=["GET", "POST"])
@require(*store.RUBRIC_EDITORS)
def new():
    """A new rubric: blank, or from a copy of any stored version (`?copy=<version id>`)."""
    copied = db.session.get(RubricVersion, request.args.get("copy", type=int) or 0)
    if request.method == "GET":
        restored = _draft(None) if copied is None else None
        if restored is not None:
            return _page(fields=restored.fields, key=None, base=None, restored=restored)
        fields = builder.fields_of(copied.english) if copied else _blank()
        if copied:
            fields["key"], fields["title"] = f"{copied.key}-copy", _("%(title)s (copy)", title=copied.title)
        return _page(fields=fields, key=None, base=None, copied=copied)
    return _posted(key=None, base=None)


@bp.route("/<key>/edit", methods=["GET", "POST"])
@require(*store.RUBRIC_EDITORS)
def edit(key: str):
    base = store.latest_version(key) or abort(404)
    if not store.can_edit_rubric(current_user, key):
        abort(403)
    if request.method == "GET":
        restored = _draft(key)
        if restored is not None:
            typed_on = db.session.get(RubricVersion, restored.base_version_id or 0)
            return _page(fields=restored.fields, key=key, base=base, restored=restored,
                         started=typed_on.number if typed_on is not None and typed_on.key == key else None)
        return _page(fields=builder.fields_of(base.english), key=key, base=base)
    return _posted(key=key, base=base)


def _blank() -> dict[str, str]:
    fields = {"key": "", "title": "", "description": "", "scale_min": "1", "scale_max": "5"}
    fields.update({f"label_{level}": "" for level in range(1, 6)})
    return builder.apply(fields, "add")


def _typed_on(key: str, base: RubricVersion) -> RubricVersion:
    """The version of `key` the posted fields were typed on (the form's `base_number`), else `base`."""
    number = request.form.get("base_number", type=int)
    found = store.numbered_version(key, number) if number is not None and number != base.number else None
    return found or base


def _posted(*, key: str | None, base: RubricVersion | None):
    """A builder form came back: an action (add, move, remove a criterion; apply the scale), a
    preview, or a save. The fields are kept as a draft whatever happens, so nothing typed is lost."""
    fields = builder.clean(request.form)
    if key is not None:
        fields["key"] = key
    note = (request.form.get("note") or "").strip()
    action = request.form.get("action", "")
    typed_on = _typed_on(key, base) if key and base is not None else None
    started = typed_on.number if typed_on is not None else None
    if action not in ("save", "preview"):
        fields = builder.apply(fields, action)
        _keep_draft(key, typed_on, fields)
        return _page(fields=fields, key=key, base=base, note=note, started=started)
    _keep_draft(key, typed_on if action == "preview" else base, fields)
    rubric_key = key or (fields.get("key") or "").strip()
    if key is None:
        store.sync_files(current_app.config["RUBRICS_DIR"])  # a file's key is taken, stored yet or not
    taken = frozenset() if key else frozenset({rubric_key} if store.latest_version(rubric_key) else set())
    errors = builder.check(fields, new_key=key is None, taken=taken)
    if action == "save" and not note:
        errors.append(builder.FieldError("note", builder.EMPTY, {}))
    if errors:
        return _page(fields=fields, key=key, base=base, note=note, errors=_messages(errors))
    latest = store.latest_version(rubric_key) if key else None
    if key and typed_on is not None and base is not None and typed_on.id != base.id:
        # The page was made from an older version: saving would undo what was saved since, unseen. The
        # page comes back on the newest version (its number posted again), so saving again is deliberate.
        message = _("Version %(number)s was saved by someone else while you edited: your changes are kept as a "
                    "draft. Open the rubric again to see theirs.", number=base.number)
        return _page(fields=fields, key=key, base=base, note=note, errors={"": [message]})
    if action == "save" and base is not None:
        same, _text, _problems = builder.build(fields, key=rubric_key, version=base.label)
        if same is not None and same.content_hash == base.content_hash:  # (a new number alone is no change)
            _forget_draft(key)
            flash(_("Nothing changed: this is version %(number)s as it was.", number=base.number), "info")
            return redirect(url_for("rubrics.version", version_id=base.id))
    number = (latest.number if latest else 0) + 1
    rubric, text, problems = builder.build(fields, key=rubric_key, version=str(number))
    if rubric is None:
        return _page(fields=fields, key=key, base=base, note=note, errors=_messages(problems))
    if action == "preview":
        return _page(fields=fields, key=key, base=base, note=note, preview=rubric, started=started)
    version, is_new = store.save_version(current_user, rubric, text, origin="builder", note=note,
                                         source_path=f"{rubric_key}.yaml")
    _forget_draft(key)
    if is_new:
        flash(_("Saved as version %(number)s of %(title)s.", number=version.number, title=version.title), "success")
    else:  # the content of an older version again: that version
        flash(_("This is the content of version %(number)s, which is kept as it was.", number=version.number), "info")
    return redirect(url_for("rubrics.version", version_id=version.id))


@bp.route("/draft", methods=["POST"])
@require(*store.RUBRIC_EDITORS)
def autosave():
    """Keep the builder's fields as typed (JavaScript, a few seconds after each change)."""
    key = request.form.get("draft_for") or None
    if request.content_length and request.content_length > MAX_DRAFT_BYTES:
        return jsonify(saved=False, error=_("This draft is too large to keep.")), 413
    base = None
    if key is not None:
        base = store.latest_version(key) or abort(404)
        if not store.can_edit_rubric(current_user, key):
            abort(403)
    draft = _keep_draft(key, _typed_on(key, base) if base is not None else None, builder.clean(request.form))
    return jsonify(saved=True, at=draft.updated_at.isoformat())


@bp.route("/draft/discard", methods=["POST"])
@require(*store.RUBRIC_EDITORS)
def discard():
    key = request.form.get("draft_for") or None
    _forget_draft(key)
    flash(_("Your unsaved changes were discarded."), "info")
    if key is not None and store.latest_version(key) is not None:
        return redirect(url_for("builder.edit", key=key))
    return redirect(url_for("builder.new"))

