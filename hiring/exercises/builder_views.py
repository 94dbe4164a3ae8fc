"""The exercise builder: every exercise, each one's versions and their YAML, and a form to create an
exercise (blank or from a copy) or edit one, with a preview as the candidate sees it in each
language. Each save is a new version (`hiring.exercises.store`); unsaved changes are kept as a draft
as they are typed. The twin of `hiring.rubrics.builder_views`.

Admins edit any exercise; hiring managers create exercises, edit those they created and copy any
other (`hiring.exercises.store.can_edit_exercise`, the rule rubrics have). Nobody else comes here.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from hiring.auth.access import require
from hiring.auth.models import User
from hiring.downloads import attachment
from hiring.exercises import builder, store
from hiring.exercises.analysis import choices_for, generate_dataset
from hiring.exercises.builder_forms import ExerciseUploadForm
from hiring.exercises.markdown import render_markdown
from hiring.exercises.platforms import PLATFORMS
from hiring.exercises.schema import (
    COMMENT_KINDS,
    PLATFORM_KEYS,
    TYPES,
    UPLOAD_KINDS,
    Exercise,
    ExerciseError,
    parse_exercise,
)
from hiring.exercises.versions import ExerciseDraft, ExerciseVersion
from hiring.extensions import db
from hiring.i18n import LANGUAGES, N_, current_language
from hiring.rubrics import store as rubric_store
from hiring.rubrics.drafts import Drafts, field_messages
from hiring.rubrics.language import exercise_in, rubric_in, translation_status
from hiring.rubrics.schema import Rubric
from hiring.rubrics.translations import EXERCISE_TEXTS, texts
from hiring.rubrics.views import _file_name
from hiring.yamlreader import decode_utf8

bp = Blueprint("exercise_builder", __name__, url_prefix="/exercises")

#: The most text one draft may hold (a long exercise is ~10 KB).
MAX_DRAFT_BYTES = 512 * 1024
#: Each type and each kind of comment, in words (the file says `copy`, `complaint`).
TYPE_LABELS = {
    "copy": N_("Posts for named networks"), "reply": N_("Replies to a comment thread"),
    "analysis": N_("Analysis of a data set"), "upload": N_("A file to upload, with a rationale"),
    "scenario": N_("Open prompts"),
}
COMMENT_KIND_LABELS = {"complaint": N_("Complaint"), "troll": N_("Troll"), "question": N_("Question"),
                       "crisis": N_("Crisis")}


_drafts = Drafts(ExerciseDraft)
_draft, _keep_draft, _forget_draft = _drafts.get, _drafts.keep, _drafts.forget
_messages = field_messages


def _rubrics() -> dict[str, Rubric]:
    """The current rubrics (newest versions, files stored first) by key: what an exercise may evidence."""
    return {v.key: v.english for v in rubric_store.latest_versions(current_app.config["RUBRICS_DIR"])}


def _sync() -> None:
    store.sync_files(current_app.config["EXERCISES_DIR"])


# --- the preview ---------------------------------------------------------------------------------

def preview_html(exercise: Exercise, language: str) -> Markup:
    """The exercise as a candidate reading `language` sees it on their work page (read-only): its
    texts as translated (the files', or those borrowed for texts unchanged from another exercise),
    the page's own words in that language; a text not translated yet shown in English, marked so,
    with a note in the reader's language."""
    reader = current_language()
    note = _("not translated yet")
    shown = exercise_in(exercise, language)
    untranslated: set[str] = set()
    if language != "en":
        english, local = texts(exercise.to_dict(), EXERCISE_TEXTS), texts(shown.to_dict(), EXERCISE_TEXTS)
        untranslated = {path for path, text in english.items() if local.get(path) == text}
    choices = {}
    if shown.dataset is not None:  # a sample data set: the choices a candidate picks from
        frame = generate_dataset(1, shown.dataset.platforms, shown.dataset.posts_per_platform, shown.dataset.weeks)
        choices[shown.key] = {q.key: choices_for(frame, q.check) for q in shown.questions if not q.numeric}
    with force_locale(language):
        html = render_template("take/_exercise.html", e=shown, number=1, token=None, answers={}, choices=choices,
                               platforms=PLATFORMS, locked=True, render_markdown=render_markdown,
                               untranslated=untranslated, untranslated_note=note, reader_language=reader)
    return Markup(html)


# --- pages ---------------------------------------------------------------------------------------

@bp.route("/")
@require(*store.EXERCISE_EDITORS)
def index():
    """Every exercise (its newest version; changed files stored first), who may edit it, and links."""
    _sync()
    current = store.latest_versions()
    first = store.authors()
    authors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(set(first.values()) - {None})))}
    rubrics = {key: rubric_in(rubric) for key, rubric in _rubrics().items()}
    return render_template("exercises/builder_index.html", current=current, authors=authors, first=first,
                           rubrics=rubrics, type_labels=TYPE_LABELS,
                           editable={v.key for v in current
                                     if rubric_store.can_edit(current_user, exists=True, author_id=first.get(v.key))},
                           types=TYPES)


@bp.route("/<exercise_key>/versions")
@require(*store.EXERCISE_EDITORS)
def versions(exercise_key: str):
    _sync()
    found = store.versions_of(exercise_key) or abort(404)
    authors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(
        {v.author_id for v in found} - {None})))}
    return render_template("exercises/builder_versions.html", key=exercise_key, versions=found, authors=authors,
                           can_edit=store.can_edit_exercise(current_user, exercise_key), type_labels=TYPE_LABELS,
                           status=translation_status("exercise", exercise_key, found[0].data),
                           translation_kind="exercise")


@bp.route("/<exercise_key>/versions/<int:number>.yaml")
@require(*store.EXERCISE_EDITORS)
def download(exercise_key: str, number: int):
    """The version as a YAML file: the text it was stored from while that still reads as it, else written out."""
    _sync()
    version = store.numbered_version(exercise_key, number) or abort(404)
    return attachment(_yaml_of(version), "application/yaml; charset=utf-8", f"{version.key}-v{version.number}.yaml")


def _yaml_of(version: ExerciseVersion) -> str:
    with suppress(ExerciseError):  # a text that no longer reads as this version is written out again
        if parse_exercise(version.source_text).content_hash == version.content_hash:
            return version.source_text
    return builder.exercise_yaml(version.exercise)


def _page(*, fields: Mapping[str, str], key: str | None, base: ExerciseVersion | None, note: str = "",
          errors: Mapping[str, list[str]] | None = None, preview: Exercise | None = None,
          preview_language: str | None = None, restored: ExerciseDraft | None = None,
          copied: ExerciseVersion | None = None, started: int | None = None):
    """The builder page. Always 200, even with errors: the request then commits the draft kept.
    `started`: the number of the version the fields were typed on (default: `base`'s), posted back
    so a version saved by someone else meanwhile is not overwritten (`_conflict`)."""
    rubrics = _rubrics()
    rubric = rubrics.get(fields.get("rubric", ""))
    kind = fields.get("type", "")
    return render_template(
        "exercises/builder.html", fields=fields, key=key, base=base, note=note, errors=errors or {},
        restored=restored, copied=copied, kind=kind, types=TYPES, type_labels=TYPE_LABELS,
        rubrics={k: rubric_in(r) for k, r in rubrics.items()}, rubric=rubric_in(rubric) if rubric else None,
        ticked=set(builder.flags(fields, "criterion")), networks=set(builder.flags(fields, "network")),
        accepted=set(builder.flags(fields, "accept")), lists=builder.LISTS.get(kind, {}),
        indices={prefix: builder.indices(fields, prefix) for prefix in builder.LISTS.get(kind, {})},
        platforms=PLATFORMS, platform_keys=PLATFORM_KEYS, comment_kinds=COMMENT_KINDS,
        comment_kind_labels=COMMENT_KIND_LABELS, upload_kinds=UPLOAD_KINDS, checks=builder.CHECK_CHOICES,
        max_items=builder.MAX_ITEMS, languages=LANGUAGES,
        preview=preview_html(preview, preview_language) if preview is not None else None,
        preview_language=preview_language, base_number=started or (base.number if base else None),
        # How far each language is (the newest version's texts), with links to translate it.
        status=translation_status("exercise", key, base.data) if key and base else None, can_edit=True,
        translation_kind="exercise",
    )


@bp.route("/new", methods=["GET", "POST"])
@require(*store.EXERCISE_EDITORS)
def new():
    """A new exercise: blank (`?type=&rubric=`), or from a copy of any stored version (`?copy=<version id>`)."""
    copied = db.session.get(ExerciseVersion, request.args.get("copy", type=int) or 0)
    if request.method == "GET":
        restored = _draft(None) if copied is None else None
        if restored is not None:
            return _page(fields=restored.fields, key=None, base=None, restored=restored)
        if copied is not None:
            fields = builder.fields_of(copied.exercise)
            fields["key"], fields["title"] = f"{copied.key}-copy", _("%(title)s (copy)", title=copied.title)
        else:
            kind = request.args.get("type") if request.args.get("type") in TYPES else TYPES[0]
            rubrics = _rubrics()
            rubric = request.args.get("rubric") if request.args.get("rubric") in rubrics else next(iter(rubrics), "")
            fields = builder.blank(kind, rubric)
        return _page(fields=fields, key=None, base=None, copied=copied)
    return _posted(key=None, base=None)


@bp.route("/<exercise_key>/edit", methods=["GET", "POST"])
@require(*store.EXERCISE_EDITORS)
def edit(exercise_key: str):
    _sync()
    base = store.latest_version(exercise_key) or abort(404)
    if not store.can_edit_exercise(current_user, exercise_key):
        abort(403)
    if request.method == "GET":
        restored = _draft(exercise_key)
        if restored is not None:
            typed_on = db.session.get(ExerciseVersion, restored.base_version_id or 0)
            return _page(fields=restored.fields, key=exercise_key, base=base, restored=restored,
                         started=typed_on.number if typed_on is not None and typed_on.key == exercise_key else None)
        return _page(fields=builder.fields_of(base.exercise), key=exercise_key, base=base, preview=base.exercise,
                     preview_language=current_language())
    return _posted(key=exercise_key, base=base)


def _typed_on(key: str, base: ExerciseVersion) -> ExerciseVersion:
    """The version of `key` the posted fields were typed on (the form's `base_number`), else `base`."""
    number = request.form.get("base_number", type=int)
    found = store.numbered_version(key, number) if number is not None and number != base.number else None
    return found or base


def _posted(*, key: str | None, base: ExerciseVersion | None):
    """A builder form came back: an action (add, move, remove an item; apply the type and rubric), a
    preview in one language, or a save. The fields are kept as a draft whatever happens."""
    fields = builder.clean(request.form)
    if key is not None:
        fields["key"], fields["type"] = key, base.type
    note = (request.form.get("note") or "").strip()
    action = request.form.get("action", "")
    verb, _sep, language = action.partition(":")
    typed_on = _typed_on(key, base) if key else None
    started = typed_on.number if typed_on is not None else None
    if verb not in ("save", "preview"):
        fields = builder.with_type_defaults(fields) if verb == "setup" else builder.apply(fields, action)
        _keep_draft(key, typed_on, fields)
        return _page(fields=fields, key=key, base=base, note=note, started=started)
    _keep_draft(key, typed_on if verb == "preview" else base, fields)
    exercise_key = key or (fields.get("key") or "").strip()
    if key is None:
        _sync()  # a file's key is taken, stored yet or not
    taken = frozenset() if key else frozenset({exercise_key} if store.latest_version(exercise_key) else set())
    rubric = _rubrics().get(fields.get("rubric", ""))
    errors = builder.check(fields, rubric, new_key=key is None, taken=taken)
    if verb == "save" and not note:
        errors.append(builder.FieldError("note", builder.EMPTY, {}))
    if errors:
        return _page(fields=fields, key=key, base=base, note=note, errors=_messages(errors))
    if key and base is not None and _typed_on(key, base).id != base.id:
        # The page was made from an older version: saving would undo what was saved since, unseen. The
        # page comes back on the newest version (its number posted again), so saving again is deliberate.
        message = _("Version %(number)s was saved by someone else while you edited: your changes are kept as a "
                    "draft. Open the exercise again to see theirs.", number=base.number)
        return _page(fields=fields, key=key, base=base, note=note, errors={"": [message]})
    exercise, text, problems = builder.build(fields, rubric, key=exercise_key)
    if exercise is None:
        return _page(fields=fields, key=key, base=base, note=note, errors=_messages(problems))
    if verb == "preview":
        return _page(fields=fields, key=key, base=base, note=note, preview=exercise, started=started,
                     preview_language=language if language in LANGUAGES else current_language())
    if base is not None and exercise.content_hash == base.content_hash:
        _forget_draft(key)
        flash(_("Nothing changed: this is version %(number)s as it was.", number=base.number), "info")
        return redirect(url_for("exercise_builder.versions", exercise_key=exercise_key))
    version, is_new = store.save_version(current_user, exercise, text, origin="builder", note=note)
    _forget_draft(key)
    if is_new:
        flash(_("Saved as version %(number)s of %(title)s.", number=version.number, title=version.title), "success")
    else:
        flash(_("This is the content of version %(number)s, which is kept as it was.", number=version.number), "info")
    return redirect(url_for("exercise_builder.versions", exercise_key=exercise_key))


@bp.route("/draft", methods=["POST"])
@require(*store.EXERCISE_EDITORS)
def autosave():
    """Keep the builder's fields as typed (JavaScript, a few seconds after each change)."""
    key = request.form.get("draft_for") or None
    if request.content_length and request.content_length > MAX_DRAFT_BYTES:
        return jsonify(saved=False, error=_("This draft is too large to keep.")), 413
    base = None
    if key is not None:
        base = store.latest_version(key) or abort(404)
        if not store.can_edit_exercise(current_user, key):
            abort(403)
    fields = builder.clean(request.form)
    if base is not None:
        fields["key"], fields["type"] = key, base.type
    draft = _keep_draft(key, _typed_on(key, base) if base is not None else None, fields)
    return jsonify(saved=True, at=draft.updated_at.isoformat())


@bp.route("/draft/discard", methods=["POST"])
@require(*store.EXERCISE_EDITORS)
def discard():
    key = request.form.get("draft_for") or None
    _forget_draft(key)
    flash(_("Your unsaved changes were discarded."), "info")
    if key is not None and store.latest_version(key) is not None:
        return redirect(url_for("exercise_builder.edit", exercise_key=key))
    return redirect(url_for("exercise_builder.new"))


#: The largest exercise file taken from a browser (the longest shipped one is about 5 KB).
MAX_FILE_BYTES = 256 * 1024


def read_upload(data: bytes, filename: str, rubrics: Mapping[str, Rubric]) -> tuple[Exercise, str]:
    """An uploaded exercise file, read by the one schema against the current version of the rubric it
    names: the exercise and its text. ExerciseError lists every problem as ``filename:line: message``."""
    text = decode_utf8(data, filename, ExerciseError)
    return parse_exercise(text, filename, rubrics=rubrics), text


@bp.route("/upload", methods=["GET", "POST"])
@require(*store.EXERCISE_EDITORS)
def upload():
    """An exercise file from the browser, read by the one schema (every problem shown at its line)
    and stored as a version of its key if the user may edit that exercise (`can_edit_exercise`)."""
    form = ExerciseUploadForm()
    problems, status = [], 200
    if form.validate_on_submit():
        data, filename = form.file.data.stream.read(MAX_FILE_BYTES + 1), _file_name(form.file.data.filename)
        if len(data) > MAX_FILE_BYTES:
            form.file.errors.append(_("The file is larger than %(kb)s KB, the most an exercise file may be. "
                                      "Nothing was stored.", kb=MAX_FILE_BYTES // 1024))
        else:
            try:
                exercise, text = read_upload(data, filename, _rubrics())
            except ExerciseError as err:
                problems = err.problems
            else:
                _sync()  # a file's key is the file's, stored yet or not
                if store.can_edit_exercise(current_user, exercise.key):
                    version, is_new = store.save_version(current_user, exercise, text, origin="upload",
                                                         note=form.note.data or "")
                    if is_new:
                        flash(_("Stored as version %(number)s of %(title)s.", number=version.number,
                                title=version.title), "success")
                    else:
                        flash(_("%(title)s: identical to version %(number)s, so nothing new was stored.",
                                number=version.number, title=version.title), "info")
                    return redirect(url_for("exercise_builder.versions", exercise_key=version.key))
                status = 403
                form.file.errors.append(_("Only an admin or the person who created the exercise %(key)s may "
                                          "store a new version of it. Give the file a new key to make your own "
                                          "copy.", key=exercise.key))
    return render_template("exercises/builder_upload.html", form=form, problems=problems,
                           max_kb=MAX_FILE_BYTES // 1024), status
