"""The translation editor: a rubric's texts in another language, written in the browser.

Per language, a page lists every text of the rubric's newest version beside its translation: the one
written in the app, else the file's, else one borrowed from another rubric with the same English
(the page says which), and flags the texts whose translation is stale (its English changed) with the
English it translated. What is saved is kept in the database (`hiring.rubrics.stored_translations`)
and shown on the next page anyone opens. The language's translation downloads as a translation file
that `flask rubrics check` reads, so files and the browser stay one thing.

Who may translate a rubric is who may edit it (`hiring.rubrics.store.can_edit_rubric`). The editor's
parts below take a kind ("rubric", "exercise"): an exercise's page is a route and its labels away.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hiring.auth.access import require
from hiring.downloads import attachment
from hiring.i18n import LANGUAGES
from hiring.rubrics import store
from hiring.rubrics.language import layers_of, translation_status
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

bp = Blueprint("translations", __name__, url_prefix="/rubrics")


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
        text, was = (_lines(value) for value in (text, request.form.get(f"was:{path}", "")))
        typed[path] = (text, was)
        if text.strip() != was.strip():
            changes[path] = (text, request.form.get(f"source:{path}", ""))
    return changes, typed


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- A rubric's translations ---------------------------------------------------------------------

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


def _language(language: str) -> str:
    if language not in CONTENT_LANGUAGES:
        abort(404)
    return language


def _groups(rows: list[Row], rubric) -> list[tuple[str | None, list[Row]]]:
    """The rows by criterion (its name in the page's language); the rubric's own texts first (None)."""
    names = {c.key: c.name for c in rubric.criteria}
    groups: dict[str | None, list[Row]] = {}
    for row in rows:
        parts = row.path.split(".")
        groups.setdefault(parts[1] if parts[0] == "criteria" else None, []).append(row)
    return [(names.get(group, group) if group else None, members) for group, members in groups.items()]


@bp.route("/<key>/translations/<language>", methods=["GET", "POST"])
@require(*store.RUBRIC_EDITORS)
def rubric(key: str, language: str):
    """Translate the newest version of the rubric `key` into `language`."""
    version = store.latest_version(key) or abort(404)
    language = _language(language)
    if not store.can_edit_rubric(current_user, key):
        abort(403)
    older = [v.data for v in store.versions_of(key) if v.id != version.id]
    typed, errors = None, {}
    if request.method == "POST":
        changes, typed = posted_changes()
        english = texts(version.data, KINDS["rubric"])
        fallback = {path: entry for path, (origin, entry) in current_entries(
            english, [layer for layer in layers_of("rubric", key, english, language) if layer[0] != "app"]).items()}
        try:
            save_translation(current_user, "rubric", key, language, english, changes, fallback)
        except TranslationRefused as refused:
            for error in refused.errors:
                errors.setdefault(error.path, []).append(_(error.message, **error.values))
        else:
            if changes:
                flash(_("Saved: pages in %(language)s show these translations now.", language=LANGUAGES[language]),
                      "success")
            else:
                flash(_("Nothing changed."), "info")
            return redirect(url_for(".rubric", key=key, language=language))
    rows = editor_rows("rubric", key, version.data, older, language, _rubric_label, typed, errors)
    return render_template("rubrics/translations.html", version=version, language=language,
                           language_name=LANGUAGES[language], groups=_groups(rows, version.rubric),
                           errors=errors, status=translation_status("rubric", key, version.data))


@bp.route("/<key>/translations/<language>.yaml")
@require()
def rubric_file(key: str, language: str):
    """The rubric's `language` translation as it is shown (the app's, the file's and borrowed
    entries), as a translation file: put it in `rubrics/translations/<language>/` and `flask rubrics
    check` reads it."""
    version = store.latest_version(key) or abort(404)
    language = _language(language)
    english = texts(version.data, KINDS["rubric"])
    chosen = current_entries(english, layers_of("rubric", key, english, language))
    heading = (f"{LANGUAGES[language]} ({language}) text of the rubric {key}, version {version.number}, as the app "
               f"shows it.\nKept as rubrics/translations/{language}/{key}.yaml, `flask rubrics check` reads it; "
               "see hiring/rubrics/translations.py.")
    return attachment(translation_yaml(language, {p: chosen[p][1] for p in english if p in chosen}, heading),
                      "application/yaml; charset=utf-8", f"{key}.{language}.yaml")

