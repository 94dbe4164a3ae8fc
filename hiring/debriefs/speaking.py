"""Who speaks first in a debrief, and who is the most senior rater. Pure: no Flask, no database.

Suggested order: interviewers before hiring managers before leadership, so the most junior voices are
heard before the senior ones can anchor them; within a role, the rater whose ratings lie furthest from
the panel's median speaks first (their evidence is the one the others have not weighed yet). A
rater's distance is the mean, over the criteria they rated, of |their rating − the median of every
rater's rating on that criterion| (a rater with two ratings of a criterion counts their mean). Ties
keep the order given (the raters' names).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import mean, median

#: Seniority of a role on the hiring team: higher is more senior (an admin rater ranks as a manager).
SENIORITY = {"interviewer": 0, "hiring_manager": 1, "admin": 1, "leadership": 2}


@dataclass(frozen=True)
class Given:
    """One independent rating, as the speaking order reads it."""

    rater: int
    role: str
    criterion: str
    value: int | None


def distances(ratings: Iterable[Given]) -> dict[int, float]:
    """rater → mean |own rating − the panel's median| over the criteria they rated (0.0 if none)."""
    own: dict[tuple[int, str], list[int]] = defaultdict(list)
    for r in ratings:
        if r.value is not None:
            own[(r.rater, r.criterion)].append(r.value)
    per_rater = {key: mean(values) for key, values in own.items()}
    panel: dict[str, list[float]] = defaultdict(list)
    for (_rater, criterion), value in per_rater.items():
        panel[criterion].append(value)
    medians = {criterion: median(values) for criterion, values in panel.items()}
    gaps: dict[int, list[float]] = defaultdict(list)
    for (rater, criterion), value in per_rater.items():
        gaps[rater].append(abs(value - medians[criterion]))
    return {rater: mean(values) for rater, values in gaps.items()}


def suggested_order(raters: Sequence[tuple[int, str]], ratings: Iterable[Given]) -> list[int]:
    """The suggested speaking order of `raters` ((id, role), in a stable order such as by name)."""
    far = distances(ratings)
    position = {rater: i for i, (rater, _role) in enumerate(raters)}
    return [rater for rater, _role in sorted(
        raters, key=lambda r: (SENIORITY.get(r[1], 0), -far.get(r[0], 0.0), position[r[0]]))]


def most_senior(raters: Sequence[tuple[int, str]]) -> int | None:
    """The one rater with the most senior role; None when two or more share it (no single one)."""
    if not raters:
        return None
    top = max(SENIORITY.get(role, 0) for _rater, role in raters)
    holders = {rater for rater, role in raters if SENIORITY.get(role, 0) == top}
    return next(iter(holders)) if len(holders) == 1 else None
