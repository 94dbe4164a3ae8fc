"""The rubric, the exercises and the run sheets in the language of the person reading them.

Stored rubric versions, exercise and run sheet files are English; `hiring.rubrics.translations`
has their other languages: the translations written in the app first
(`hiring.rubrics.stored_translations`), then the translation files, then entries borrowed from other
files. Staff read the rubric (kit, scorecard, rubric pages, shortlists, the PDF) and the run sheets
(kit) in their page's language; a candidate's exercises are translated once, into the invitation's
language, when the invitation is made (its snapshot is what they read, whatever the files say later).
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app, has_app_context

from hiring.config import PROJECT_ROOT
from hiring.exercises.schema import Exercise
from hiring.i18n import current_language
from hiring.interviews.runsheets import RunSheet
from hiring.rubrics.schema import Rubric
from hiring.rubrics.stored_translations import KINDS, stored, stored_by_language
from hiring.rubrics.translations import (
    CONTENT_LANGUAGES,
    EXERCISE_TEXTS,
    RUBRIC_TEXTS,
    RUNSHEET_TEXTS,
    Entry,
    Layer,
    completeness,
    localize,
    texts,
    translation_layers,
    untranslated,
)


def _folder(name: str, default: Path) -> Path:
    return Path(current_app.config[name]) if has_app_context() else default


def rubrics_folder() -> Path:
    """Where the rubric files, and their translation files, are."""
    return _folder("RUBRICS_DIR", PROJECT_ROOT / "rubrics")


def exercises_folder() -> Path:
    """Where the exercise files, and their translation files, are."""
    return _folder("EXERCISES_DIR", PROJECT_ROOT / "rubrics" / "exercises")


def rubric_in(rubric: Rubric, language: str | None = None) -> Rubric:
    """`rubric` in `language` (default: the page's), as far as it is translated."""
    language = language or current_language()
    return localize(rubric, RUBRIC_TEXTS, rubrics_folder(), language, Rubric.from_dict,
                    stored("rubric", rubric.key, language))


def exercise_in(exercise: Exercise, language: str | None = None) -> Exercise:
    """`exercise` in `language` (default: the page's), as far as it is translated."""
    language = language or current_language()
    return localize(exercise, EXERCISE_TEXTS, exercises_folder(), language, Exercise.from_dict,
                    stored("exercise", exercise.key, language))


def _content_folder(kind: str) -> Path:
    return rubrics_folder() if kind == "rubric" else exercises_folder()


def layers_of(kind: str, key: str, english: dict[str, str], language: str,
              entries: dict[str, Entry] | None = None) -> list[Layer]:
    """Where the `language` translations of a rubric's or exercise's texts (`english`) come from, in
    the order they are looked up (`translations.ORIGINS`); `entries`: the app's, if already read."""
    return translation_layers(english, _content_folder(kind), language, key,
                              stored(kind, key, language) if entries is None else entries)


def translation_status(kind: str, key: str, data: dict) -> list[tuple[str, int, int, int]]:
    """How far each language is for one stored rubric or exercise (`data`): (language, translated,
    stale, texts), the app's translations read in one query."""
    english = texts(data, KINDS[kind])
    by_language = stored_by_language(kind, key)
    return [(language, *completeness(english, layers_of(kind, key, english, language, by_language.get(language, {}))))
            for language in CONTENT_LANGUAGES]


def runsheet_in(sheet: RunSheet, language: str | None = None) -> tuple[RunSheet, frozenset[str]]:
    """`sheet` in `language` (default: the page's), as far as it is translated, and the paths of its
    texts still shown in English (`RUNSHEET_TEXTS`), which a page marks lang="en"."""
    language = language or current_language()
    folder = _folder("RUNSHEETS_DIR", PROJECT_ROOT / "rubrics" / "runsheets")
    shown = localize(sheet, RUNSHEET_TEXTS, folder, language, RunSheet.from_dict)
    if language not in CONTENT_LANGUAGES:
        return shown, frozenset()
    english, translated = texts(sheet.to_dict(), RUNSHEET_TEXTS), texts(shown.to_dict(), RUNSHEET_TEXTS)
    # Untranslated: no current entry of its own (`untranslated`) nor one borrowed (the text is unchanged).
    todo = untranslated(folder / f"{sheet.key}.yaml", sheet.key, sheet.to_dict(), RUNSHEET_TEXTS, language)
    return shown, frozenset(path for path in todo if translated.get(path) == english[path])
