"""The translation editor: a rubric's texts in another language, written in the browser.

Per language, a page lists every text of the rubric's newest version beside its translation: the one
written in the app, else the file's, else one borrowed from another rubric with the same English
(the page says which), and flags the texts whose translation is stale (its English changed) with the
English it translated. What is saved is kept in the database (`hiring.rubrics.stored_translations`)
and shown on the next page anyone opens. The language's translation downloads as a translation file
that `flask rubrics check` reads, so files and the browser stay one thing.

Exercises have the same editor and download (`/exercises/<key>/translations/<language>`): what
differs per kind is the version, who may edit it, the labels and groups of its texts (`_KINDS`).
Who may translate a rubric or an exercise is who may edit it (`can_edit_rubric`, `can_edit_exercise`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hiring.auth.access import require
from hiring.downloads import attachment
from hiring.exercises import store as exercise_store
from hiring.exercises.platforms import PLATFORMS
from hiring.i18n import LANGUAGES, N_
from hiring.rubrics import store
from hiring.rubrics.language import exercise_in, layers_of, translation_status
from hiring.rubrics.stored_translations import KINDS, TranslationRefused, save_translation
from hiring.rubrics.translations import (
    CONTENT_LANGUAGES,
    Entry,
    current_entries,
    english_by_source,
    longest,
    source_hash,
    stale_entries,
    texts,
)
from hiring.rubrics.yamlfile import translation_yaml
from hiring.validation import line_breaks

bp = Blueprint("translations", __name__)


@dataclass
class Row:
    """One text on the editor: its English, what the field holds, and where that came from."""

    path: str
    label: str
    english: str
    source: str
    value: str  # what the field shows (the current translation, or what was typed)
    was: str  # what the field showed when the page was made: only changed fields are saved
    origin: str | None  # "app", "file", "borrowed" or None (not translated)
    limit: int
    stale: tuple[str, Entry, str | None] | None = None  # (origin, old entry, the English it translated)
    errors: list[str] = field(default_factory=list)


def editor_rows(kind: str, key: str, data: Mapping[str, Any], older: list[Mapping[str, Any]], language: str,
                label: Callable[[str], str], typed: Mapping[str, tuple[str, str]] | None = None,
                errors: Mapping[str, list[str]] | None = None) -> list[Row]:
    """The editor's rows for the stored form `data` of a rubric or exercise (`older`: its earlier
    versions' stored forms, for the English a stale entry translated); `typed`: path → (text, what
    the field showed) posted back, shown again with `errors` when they could not be saved."""
    english = texts(data, KINDS[kind])
    layers = layers_of(kind, key, english, language)
    current, stale = current_entries(english, layers), stale_entries(english, layers)
    before = english_by_source(older, KINDS[kind]) if stale else {}
    rows = []
    for path, text in english.items():
        origin, entry = current.get(path, (None, None))
        shown = entry.text if entry is not None else ""
        value, was = (typed or {}).get(path, (shown, shown))
        old = stale.get(path)
        rows.append(Row(path, label(path), text, source_hash(text), value, was, origin, longest(path, text),
                        (old[0], old[1], before.get((path, old[1].source))) if old else None,
                        list((errors or {}).get(path, []))))
    return rows


def posted_changes() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """From the editor's form: path → (text, source hash) of the fields changed, and path → (text, what
    the field showed) of every field, to show again."""
    changes, typed = {}, {}
    for name, text in request.form.items():
        if not name.startswith("text:"):
            continue
        path = name[len("text:"):]
        # Browsers send a text area's line breaks as CR LF, whatever it was filled with.
        text, was = (line_breaks(value) for value in (text, request.form.get(f"was:{path}", "")))
        typed[path] = (text, was)
        if text.strip() != was.strip():
            changes[path] = (text, request.form.get(f"source:{path}", ""))
    return changes, typed


# --- Labels and groups of each kind's texts -------------------------------------------------------

def _rubric_label(path: str) -> str:
    parts = path.split(".")
    if parts[0] == "scale":
        return _("Scale: level %(level)s", level=parts[-1])
    if parts[0] == "criteria":
        what = parts[2]
        if what == "anchors":
            return _("Level %(level)s", level=parts[3])
        if what == "questions":
            return _("Question %(number)s", number=parts[3])
        return _("Name") if what == "name" else _("Description")
    return _("Title") if path == "title" else _("Description")


def _rubric_groups(rows: list[Row], version) -> list[tuple[str | None, list[Row]]]:
    """The rows by criterion (its name in the page's language); the rubric's own texts first (None)."""
    names = {c.key: c.name for c in version.rubric.criteria}
    groups: dict[str | None, list[Row]] = {}
    for row in rows:
        parts = row.path.split(".")
        groups.setdefault(parts[1] if parts[0] == "criteria" else None, []).append(row)
    return [(names.get(group, group) if group else None, members) for group, members in groups.items()]


#: An exercise's texts by path: the exercise's own ones, then each item's (its list, then the field).
_EXERCISE_LABELS = {
    "title": N_("Title"), "instructions": N_("Instructions"), "recommendation": N_("The recommendation prompt"),
    "upload.rationale": N_("The rationale prompt"),
    ("platforms", "prompt"): N_("What to write"),
    ("comments", "author"): N_("Author"), ("comments", "text"): N_("The comment"),
    ("questions", "label"): N_("Short name for reviewers (optional)"), ("questions", "prompt"): N_("Question"),
    ("prompts", "text"): N_("Prompt"),
}
#: The heading of each list's items, numbered as on the builder's form.
_EXERCISE_ITEMS = {"platforms": N_("Post %(number)s"), "comments": N_("Comment %(number)s"),
                   "questions": N_("Question %(number)s"), "prompts": N_("Prompt %(number)s")}


def _exercise_label(path: str) -> str:
    parts = path.split(".")
    label = _EXERCISE_LABELS.get(path) or _EXERCISE_LABELS.get((parts[0], parts[-1]))
    return _(label) if label else path


def _exercise_groups(rows: list[Row], version) -> list[tuple[str | None, list[Row]]]:
    """The rows by item (a network's post, a comment, a question, a prompt, numbered as on the
    builder's form; a post named by its network too); the exercise's own texts first (None)."""
    groups: dict[tuple[str, str] | None, list[Row]] = {}
    for row in rows:
        parts = row.path.split(".")
        groups.setdefault((parts[0], parts[1]) if parts[0] in _EXERCISE_ITEMS else None, []).append(row)
    numbers: dict[str, int] = {}
    shown = []
    for group, members in groups.items():
        if group is None:
            shown.append((None, members))
            continue
        numbers[group[0]] = number = numbers.get(group[0], 0) + 1
        heading = _(_EXERCISE_ITEMS[group[0]], number=number)
        if group[0] == "platforms" and group[1] in PLATFORMS:
            heading = f"{heading} · {PLATFORMS[group[1]].name}"
        shown.append((heading, members))
    return sorted(shown, key=lambda item: item[0] is not None)  # stable: items in their order


# --- The editor and the download, for either kind ------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """What the editor needs to know of one kind of content."""

    name: str  # "rubric" or "exercise"
    latest: Callable[[str], Any]  # key → its newest version, or None
    versions: Callable[[str], list]  # key → every version
    can_edit: Callable[[Any, str], bool]  # (user, key) → may they translate it
    title: Callable[[Any], str]  # a version → its title in the page's language
    label: Callable[[str], str]
    groups: Callable[[list[Row], Any], list[tuple[str | None, list[Row]]]]
    back: Callable[[Any], str]  # a version → the URL of its page
    folder: str  # where its translation files live, for the download's heading


def _exercise_version(key: str):
    exercise_store.sync_files(current_app.config["EXERCISES_DIR"])  # a changed file is its newest version
    return exercise_store.latest_version(key)


_KINDS = {
    "rubric": Kind("rubric", store.latest_version, store.versions_of, store.can_edit_rubric,
                   lambda version: version.rubric.title, _rubric_label, _rubric_groups,
                   lambda version: url_for("rubrics.version", version_id=version.id), "rubrics/translations"),
    "exercise": Kind("exercise", _exercise_version, exercise_store.versions_of, exercise_store.can_edit_exercise,
                     lambda version: exercise_in(version.exercise).title, _exercise_label, _exercise_groups,
                     lambda version: url_for("exercise_builder.versions", exercise_key=version.key),
                     "rubrics/exercises/translations"),
}


@bp.app_template_global()
def translation_url(kind: str | None, key: str, language: str, file: bool = False) -> str:
    """The address of the editor (`file`: the download) of the rubric or exercise (`kind`; None: a
    rubric) `key` in `language`, for templates."""
    kind = kind or "rubric"
    return url_for(f"translations.{kind}{'_file' if file else ''}",
                   **{"key" if kind == "rubric" else "exercise_key": key}, language=language)


def _url(kind: Kind, key: str, language: str) -> str:
    return translation_url(kind.name, key, language)


def _language(language: str) -> str:
    if language not in CONTENT_LANGUAGES:
        abort(404)
    return language


def _editor(kind: Kind, key: str, language: str):
    """Translate the newest version of the rubric or exercise `key` into `language`."""
    version = kind.latest(key) or abort(404)
    language = _language(language)
    if not kind.can_edit(current_user, key):
        abort(403)
    older = [v.data for v in kind.versions(key) if v.id != version.id]
    typed, errors = None, {}
    if request.method == "POST":
        changes, typed = posted_changes()
        english = texts(version.data, KINDS[kind.name])
        fallback = {path: entry for path, (origin, entry) in current_entries(
            english, [layer for layer in layers_of(kind.name, key, english, language) if layer[0] != "app"]).items()}
        try:
            save_translation(current_user, kind.name, key, language, english, changes, fallback)
        except TranslationRefused as refused:
            for error in refused.errors:
                errors.setdefault(error.path, []).append(_(error.message, **error.values))
        else:
            if changes:
                flash(_("Saved: pages in %(language)s show these translations now.", language=LANGUAGES[language]),
                      "success")
            else:
                flash(_("Nothing changed."), "info")
            return redirect(_url(kind, key, language))
    rows = editor_rows(kind.name, key, version.data, older, language, kind.label, typed, errors)
    title = kind.title(version)
    return render_template("rubrics/translations.html", version=version, language=language,
                           language_name=LANGUAGES[language], groups=kind.groups(rows, version), errors=errors,
                           status=translation_status(kind.name, key, version.data), translation_kind=kind.name,
                           title=title, title_english=title == version.data.get("title"), back=kind.back(version))


def _download(kind: Kind, key: str, language: str):
    """The `language` translation as it is shown (the app's, the file's and borrowed entries), as a
    translation file: put it in the kind's translations folder and `flask rubrics check` reads it."""
    version = kind.latest(key) or abort(404)
    language = _language(language)
    english = texts(version.data, KINDS[kind.name])
    chosen = current_entries(english, layers_of(kind.name, key, english, language))
    heading = (f"{LANGUAGES[language]} ({language}) text of the {kind.name} {key}, version {version.number}, as "
               f"the app shows it.\nKept as {kind.folder}/{language}/{key}.yaml, `flask rubrics check` reads it; "
               "see hiring/rubrics/translations.py.")
    return attachment(translation_yaml(language, {p: chosen[p][1] for p in english if p in chosen}, heading),
                      "application/yaml; charset=utf-8", f"{key}.{language}.yaml")


@bp.route("/rubrics/<key>/translations/<language>", methods=["GET", "POST"])
@require(*store.RUBRIC_EDITORS)
def rubric(key: str, language: str):
    """Translate the newest version of the rubric `key` into `language`."""
    return _editor(_KINDS["rubric"], key, language)


@bp.route("/rubrics/<key>/translations/<language>.yaml")
@require()
def rubric_file(key: str, language: str):
    """The rubric's `language` translation as a translation file (`rubrics/translations/<language>/`)."""
    return _download(_KINDS["rubric"], key, language)


@bp.route("/exercises/<exercise_key>/translations/<language>", methods=["GET", "POST"])
@require(*exercise_store.EXERCISE_EDITORS)
def exercise(exercise_key: str, language: str):
    """Translate the newest version of the exercise `exercise_key` into `language`."""
    return _editor(_KINDS["exercise"], exercise_key, language)


@bp.route("/exercises/<exercise_key>/translations/<language>.yaml")
@require(*exercise_store.EXERCISE_EDITORS)
def exercise_file(exercise_key: str, language: str):
    """The exercise's `language` translation as a translation file
    (`rubrics/exercises/translations/<language>/`)."""
    return _download(_KINDS["exercise"], exercise_key, language)
