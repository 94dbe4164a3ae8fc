"""The rubric, the exercises and the run sheets in the language of the person reading them.

Stored rubric versions, exercise and run sheet files are English; `hiring.rubrics.translations` has
their other languages. Staff read the rubric (kit, scorecard, rubric pages, shortlists, the PDF) and
the run sheets (kit) in their page's language; a candidate's exercises are translated once, into the
invitation's language, when the invitation is made (its snapshot is what they read, whatever the
files say later).
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app, has_app_context

from hiring.config import PROJECT_ROOT
from hiring.exercises.schema import Exercise
from hiring.i18n import current_language
from hiring.interviews.runsheets import RunSheet
from hiring.rubrics.schema import Rubric
from hiring.rubrics.translations import (
    CONTENT_LANGUAGES,
    EXERCISE_TEXTS,
    RUBRIC_TEXTS,
    RUNSHEET_TEXTS,
    localize,
    texts,
    untranslated,
)


def _folder(name: str, default: Path) -> Path:
    return Path(current_app.config[name]) if has_app_context() else default


def rubric_in(rubric: Rubric, language: str | None = None) -> Rubric:
    """`rubric` in `language` (default: the page's), as far as it is translated."""
    return localize(rubric, RUBRIC_TEXTS, _folder("RUBRICS_DIR", PROJECT_ROOT / "rubrics"),
                    language or current_language(), Rubric.from_dict)


def exercise_in(exercise: Exercise, language: str | None = None) -> Exercise:
    """`exercise` in `language` (default: the page's), as far as it is translated."""
    return localize(exercise, EXERCISE_TEXTS, _folder("EXERCISES_DIR", PROJECT_ROOT / "rubrics" / "exercises"),
                    language or current_language(), Exercise.from_dict)


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
