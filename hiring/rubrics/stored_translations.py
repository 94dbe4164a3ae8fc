"""Translations written in the app: the database's side of `hiring.rubrics.translations`.

A rubric made in the browser has no translation file, and translators are not developers: the
translation editor keeps their texts in `ContentTranslation` rows, one per kind ("rubric",
"exercise"), key and language, in the translation file's own form (path → text and the hash of the
English it translates). Pages look them up first (`hiring.rubrics.language`), then the file, then
entries borrowed from other files.

Reading: one query per kind and language in a request, for every key at once, kept for that request
only. A translation saved is shown by every process on its next request: nothing is kept between
requests, and what is kept across them (`translations._apply`) is keyed by the entries themselves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import g, has_app_context, has_request_context
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hiring.audit.operations import record
from hiring.auth.models import User
from hiring.extensions import db
from hiring.i18n import N_
from hiring.rubrics.models import ContentTranslation
from hiring.rubrics.translations import (
    CONTENT_LANGUAGES,
    EXERCISE_TEXTS,
    RUBRIC_TEXTS,
    SOURCE_DIGITS,
    Entry,
    entry_problem,
    source_hash,
    stored_entries,
)
from hiring.transactions import operation
from hiring.yamlreader import normalise

#: What can be translated in the app, and the paths of its texts.
KINDS = {"rubric": RUBRIC_TEXTS, "exercise": EXERCISE_TEXTS}
_KEPT = "hiring.content_translations"  # in flask.g: (kind, language) → key → entries, for one request
_SOURCE = re.compile(f"[0-9a-f]{{{SOURCE_DIGITS}}}")

CHANGED_MEANWHILE = N_("This English text changed while you translated it: translate the new text.")


def _query(kind: str, language: str) -> dict[str, dict[str, Entry]]:
    rows = db.session.execute(select(ContentTranslation.key, ContentTranslation.entries)
                              .filter_by(kind=kind, language=language))
    return {key: stored_entries(entries) for key, entries in rows}


def stored(kind: str, key: str, language: str) -> dict[str, Entry]:
    """The entries written in the app for one rubric or exercise in `language` (path → entry)."""
    if language not in CONTENT_LANGUAGES or not has_app_context():
        return {}
    if not has_request_context():  # a command or a job: no request to keep them for
        return _query(kind, language).get(key, {})
    kept = g.setdefault(_KEPT, {})
    if (kind, language) not in kept:
        kept[(kind, language)] = _query(kind, language)
    return kept[(kind, language)].get(key, {})


def stored_by_language(kind: str, key: str) -> dict[str, dict[str, Entry]]:
    """The entries written in the app for one rubric or exercise, by language (one query)."""
    rows = db.session.execute(select(ContentTranslation.language, ContentTranslation.entries)
                              .filter_by(kind=kind, key=key))
    return {language: stored_entries(entries) for language, entries in rows}


@dataclass(frozen=True)
class EntryError:
    """What is wrong with the translation typed for one text: a msgid and its values."""

    path: str
    message: str
    values: Mapping[str, Any]


class TranslationRefused(ValueError):
    """Some typed translations cannot be kept; nothing was saved."""

    def __init__(self, errors: list[EntryError]):
        super().__init__(f"{len(errors)} translations refused")
        self.errors = errors


def _row(kind: str, key: str, language: str) -> ContentTranslation:
    """The row of one rubric's or exercise's language, made if it has none (two first saves at once
    end with one row: a savepoint)."""
    asked = select(ContentTranslation).filter_by(kind=kind, key=key, language=language)
    row = db.session.scalar(asked)
    if row is not None:
        return row
    row = ContentTranslation(kind=kind, key=key, language=language, entries={})
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # another request made it first
        return db.session.scalar(asked)
    return row


@operation
def save_translation(actor: User | None, kind: str, key: str, language: str, english: Mapping[str, str],
                     changes: Mapping[str, tuple[str, str]], fallback: Mapping[str, Entry]
                     ) -> ContentTranslation | None:
    """Keep the translations a translator changed: `changes` is path → (text typed, hash of the
    English it was typed against), for the texts of `english` (path → the English now) they changed.

    An empty text removes the app's entry (the file's or a borrowed one is shown, else the English);
    a text the same as the current file or borrowed entry (`fallback`) too, so the file stays in
    charge of it. Every text is checked first (`translations.entry_problem`; an English text that
    changed while they typed is refused too): TranslationRefused lists what is wrong and nothing is
    saved. Audited as "<kind>.translate" with the paths changed and removed. Returns the language's row
    (None: it has none, and nothing was written)."""
    if kind not in KINDS or language not in CONTENT_LANGUAGES:
        raise ValueError(f"cannot translate {kind!r} into {language!r}")
    errors, written, removed = [], {}, []
    for path, (typed, source) in changes.items():
        if path not in english:
            continue  # not a text of the newest version (a version saved meanwhile removed it)
        text = normalise(typed)
        if not _SOURCE.fullmatch(source or "") or source != source_hash(english[path]):
            errors.append(EntryError(path, CHANGED_MEANWHILE, {}))
        elif text and (problem := entry_problem(path, english[path], text)) is not None:
            errors.append(EntryError(path, *problem))
        elif not text or (path in fallback and fallback[path].text == text):
            removed.append(path)
        else:
            written[path] = {"text": text, "source": source}
    if errors:
        raise TranslationRefused(errors)
    row = db.session.scalar(select(ContentTranslation).filter_by(kind=kind, key=key, language=language))
    if row is None and not written:
        return None  # nothing saved in the app before, nothing to save now
    row = row or _row(kind, key, language)
    entries = dict(row.entries or {})
    removed = [path for path in removed if path in entries]
    for path in removed:
        del entries[path]
    written = {path: entry for path, entry in written.items() if entries.get(path) != entry}
    entries.update(written)
    row.entries, row.updated_by = entries, actor.id if actor is not None else None
    if has_request_context():
        g.pop(_KEPT, None)  # this request reads them again, as saved
    if written or removed:
        record(actor, f"{kind}.translate", row, key=key, language=language, written=sorted(written),
               removed=sorted(removed))
    db.session.flush()
    return row
