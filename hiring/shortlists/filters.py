"""Shortlist filters and what-if weights, read from a query string. Pure: no Flask, no database.

Filters narrow the ranked view (stage, candidate type, must-have minimums per criterion); what-if
weights re-rank it. Neither changes the opening. A must-have on a criterion nobody has rated for a
candidate is not met: "not yet known" is not "at least 3".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _

from hiring.rubrics.schema import Rubric, weight_problem


@dataclass(frozen=True)
class ShortlistView:
    stage_id: int | None = None
    type: str | None = None
    minimums: dict[str, float] = field(default_factory=dict)
    weights: dict[str, float] | None = None  # None: the opening's own
    problems: tuple[str, ...] = ()  # what in the query string was ignored, and why

    @property
    def what_if(self) -> bool:
        return self.weights is not None


def parse_view(args: Mapping[str, str], rubric: Rubric, opening_weights: Mapping[str, float],
               stage_ids: set[int], types: set[str]) -> ShortlistView:
    """Read `stage`, `type`, `min_<criterion>` and `w_<criterion>` from `args`.

    A value that makes no sense is ignored with a problem saying which and why, so a mistyped
    number never hides candidates silently.
    """
    problems: list[str] = []
    stage_id = _int(args.get("stage"))
    if args.get("stage") and stage_id not in stage_ids:
        problems.append(_("Unknown stage: showing every stage."))
        stage_id = None
    kind = args.get("type") or None
    if kind is not None and kind not in types:
        problems.append(_("Unknown candidate type '%(type)s': showing every type.", type=kind))
        kind = None
    minimums: dict[str, float] = {}
    weights = dict(opening_weights)
    changed = False
    for criterion in rubric.criteria:
        raw_min = (args.get(f"min_{criterion.key}") or "").strip()
        if raw_min:
            value = _float(raw_min)
            if value is None or not rubric.scale.min <= value <= rubric.scale.max:
                problems.append(_("Minimum for %(criterion)s must be a number from %(min)s to %(max)s; ignored.",
                                  criterion=criterion.name, min=rubric.scale.min, max=rubric.scale.max))
            else:
                minimums[criterion.key] = value
        raw_weight = (args.get(f"w_{criterion.key}") or "").strip()
        if raw_weight:
            value = _float(raw_weight)
            if problem := weight_problem(raw_weight if value is None else value):
                problems.append(_("Weight for %(criterion)s %(problem)s; the opening's weight is used.",
                                  criterion=criterion.name, problem=problem))
            elif value != weights[criterion.key]:
                weights[criterion.key], changed = value, True
    return ShortlistView(stage_id, kind, minimums, weights if changed else None, tuple(problems))


def meets(view: ShortlistView, *, stage_id: int | None, type: str,
          means: Mapping[str, float | None]) -> bool:
    """Whether a candidate (current stage, type, mean per criterion) passes the view's filters."""
    if view.stage_id is not None and stage_id != view.stage_id:
        return False
    if view.type is not None and type != view.type:
        return False
    for key, minimum in view.minimums.items():
        mean = means.get(key)
        if mean is None or mean < minimum - 1e-9:
            return False
    return True


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _float(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
