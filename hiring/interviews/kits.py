"""Interview kits: which criteria a stage assesses and the questions that draw out the evidence.

Pure: built from a rubric and a stage's saved choices. A stage with no saved focus assesses every
criterion; a criterion with no saved questions uses the rubric's own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hiring.rubrics.schema import Criterion, Rubric


@dataclass(frozen=True)
class KitItem:
    criterion: Criterion
    questions: tuple[str, ...]
    custom_questions: bool  # True when the opening replaced the rubric's questions


@dataclass(frozen=True)
class Kit:
    rubric: Rubric
    items: tuple[KitItem, ...]

    @property
    def criterion_keys(self) -> list[str]:
        return [item.criterion.key for item in self.items]


def build_kit(rubric: Rubric, focus: Sequence[str], questions: Mapping[str, Sequence[str]]) -> Kit:
    """The kit for a stage; focus keys the rubric no longer has are skipped."""
    keys = [k for k in focus if k in rubric.criterion_keys] or rubric.criterion_keys
    items = []
    for criterion in rubric.criteria:
        if criterion.key not in keys:
            continue
        custom = [q for q in questions.get(criterion.key, ()) if q.strip()]
        items.append(KitItem(criterion, tuple(custom) or criterion.questions, bool(custom)))
    return Kit(rubric, tuple(items))


def kit_problems(rubric: Rubric, focus: Sequence[str], questions: Mapping[str, Sequence[str]]) -> list[str]:
    """Why a kit edit cannot be saved (empty when it can)."""
    problems = [f"unknown criterion '{k}'" for k in [*focus, *questions] if k not in rubric.criterion_keys]
    if not focus:
        problems.append("choose at least one criterion for this stage")
    return problems
