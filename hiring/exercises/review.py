"""What reviewers see beside the answers: auto-grades, platform-limit flags, integrity signals.

Signals are facts for a reviewer to weigh, never verdicts: how long the candidate worked on each
exercise, large pastes, and answers identical to another candidate's.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from hiring.exercises.analysis import Grade, answer_keys, grade_expected
from hiring.exercises.models import Invitation
from hiring.exercises.platforms import PLATFORMS, Measure, measure
from hiring.exercises.schema import Exercise

#: A paste this long (characters) is worth a reviewer's glance.
LARGE_PASTE = 200
#: Shorter answers are too often the same by chance ("Thank you!") to compare.
MIN_COMPARED_LENGTH = 40


@dataclass(frozen=True)
class ExerciseSignals:
    active_minutes: float
    large_pastes: tuple[tuple[str, int], ...]  # (item key, characters)


def grades(invitation: Invitation) -> dict[str, list[tuple[str, Grade]]]:
    """Per analysis exercise: (question key, grade) for every auto-graded question."""
    result = {}
    for exercise in invitation.exercise_list:
        if exercise.dataset is None:
            continue
        keys = answer_keys(invitation.seed, exercise.dataset.platforms, exercise.dataset.posts_per_platform,
                           exercise.dataset.weeks, [q.check for q in exercise.questions])
        result[exercise.key] = [
            (q.key, grade_expected(k.expected, k.choices, _text(invitation, exercise.key, q.key), q.tolerance))
            for q, k in zip(exercise.questions, keys, strict=True)
        ]
    return result


def choice_name(value: str) -> str:
    """A choice answer as people read it: a network's name for its key ("linkedin" → "LinkedIn"),
    anything else (a post_id, an answer that is not one of the options) as it is."""
    platform = PLATFORMS.get(str(value).strip().casefold())
    return platform.name if platform else str(value)


def measures(invitation: Invitation) -> dict[tuple[str, str], Measure]:
    """Length checks of every copy answer, keyed by (exercise, platform)."""
    return dict(post_measures(invitation.exercise_list, lambda exercise, item: _text(invitation, exercise, item)))


def post_measures(exercises: Iterable[Exercise], text: Callable[[str, str], str]
                  ) -> Iterator[tuple[tuple[str, str], Measure]]:
    """((exercise, platform), length check) of each post the exercises ask for, one at a time;
    `text(exercise key, item key)` is the candidate's answer ("" when none)."""
    for exercise in exercises:
        for task in exercise.platforms:
            yield (exercise.key, task.platform), measure(task.platform, text(exercise.key, task.platform), task.limit)


def over_limit(exercises: Iterable[Exercise], text: Callable[[str, str], str]) -> bool:
    """Whether a post is over its platform's limit: longer than it allows, or with more hashtags
    (`Measure.flagged`: what the review page flags beside the answer and the candidate's counter
    shows as over the limit). Stops at the first."""
    return any(found.flagged for _key, found in post_measures(exercises, text))


def signals(invitation: Invitation) -> dict[str, ExerciseSignals]:
    result = {}
    for exercise in invitation.exercise_list:
        answers = [a for a in invitation.answers if a.exercise_key == exercise.key]
        result[exercise.key] = ExerciseSignals(
            active_minutes=round(sum(a.active_seconds for a in answers) / 60, 1),
            large_pastes=tuple((a.item_key, a.largest_paste) for a in answers
                               if a.largest_paste >= LARGE_PASTE),
        )
    return result


def identical_answers(invitations: Iterable[Invitation]) -> dict[tuple[int, str, str], list[str]]:
    """For each (invitation id, exercise, item): aliases of other candidates who gave the same answer.

    Answers are compared after normalising case, Unicode form and whitespace.
    """
    seen: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
    for invitation in invitations:
        for answer in invitation.answers:
            text = _normalised(answer.text)
            if len(text) >= MIN_COMPARED_LENGTH:
                digest = hashlib.sha256(f"{answer.exercise_key}\0{text}".encode()).hexdigest()
                seen[digest].append((invitation.id, answer.exercise_key, answer.item_key, invitation.alias))
    shared = {}
    for group in seen.values():
        if len({inv for inv, *_ in group}) < 2:
            continue
        for inv, exercise, item, _alias in group:
            shared[(inv, exercise, item)] = sorted({a for i, *_, a in group if i != inv})
    return shared


def _text(invitation: Invitation, exercise: str, item: str) -> str:
    answer = invitation.answer(exercise, item)
    return answer.text if answer else ""


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
