"""The rubric and the exercises in the language of the person reading them.

Stored rubric versions and exercise files are English; `hiring.rubrics.translations` has their other
languages. Staff read the rubric (kit, scorecard, rubric pages, shortlists, the PDF) in their page's
language; a candidate's exercises are translated once, into the invitation's language, when the
invitation is made (its snapshot is what they read, whatever the files say later).
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app, has_app_context

from hiring.config import PROJECT_ROOT
from hiring.exercises.schema import Exercise
from hiring.i18n import current_language
from hiring.rubrics.schema import Rubric
from hiring.rubrics.translations import EXERCISE_TEXTS, RUBRIC_TEXTS, localize


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
