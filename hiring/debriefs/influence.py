"""Debrief influence: how far a team's debriefs moved the ratings, and toward whom. Pure.

Over the closed debriefs of an opening (README: "Debrief influence"):

- **movement** = mean of |final − independent| over every independent rating (a rating left alone
  counts 0), where *final* is the re-score if there is one, else the independent rating;
- **changed** = how many ratings were re-scored to another value;
- **toward a person P** (the first speaker of each debrief, or its most senior rater): for each
  changed rating by another rater on a criterion P rated, with P's independent rating ``t`` (P's mean
  if P rated it at several stages) different from the independent rating ``x``, the *pull* is
  ``(final − x) / (t − x)``: the fraction of the distance to P's rating that the re-score closed (1:
  all the way to P's rating, 0.5: half way, negative: away from it, above 1: past it). Reported: the
  number of such ratings ``n``, the mean pull, and the share with a positive pull (moved toward P).

A team whose re-scores move toward the first speaker or the most senior rater far more than toward
anyone else is likely conforming rather than adding evidence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import mean


@dataclass(frozen=True)
class Moved:
    """One independent rating of a closed debrief and where it ended."""

    rater: int
    criterion: str
    independent: int | None
    final: int | None


@dataclass(frozen=True)
class ClosedDebrief:
    first_speaker: int | None  # the first of the speaking order used
    most_senior: int | None  # see hiring.debriefs.speaking.most_senior
    ratings: Sequence[Moved] = field(default_factory=tuple)


@dataclass(frozen=True)
class Toward:
    n: int  # changed ratings that could move toward the person (see the module's docstring)
    mean_pull: float | None  # mean fraction of the distance closed; None when n is 0
    share: float | None  # share of those that moved toward the person; None when n is 0


@dataclass(frozen=True)
class Influence:
    debriefs: int
    ratings: int
    changed: int
    movement: float | None  # mean |final − independent|; None without ratings
    first_speaker: Toward
    most_senior: Toward

    def as_dict(self) -> dict:
        return {"debriefs": self.debriefs, "ratings": self.ratings, "changed": self.changed,
                "movement": self.movement,
                "toward_first_speaker": _toward_dict(self.first_speaker),
                "toward_most_senior": _toward_dict(self.most_senior)}


def _toward_dict(t: Toward) -> dict:
    return {"n": t.n, "mean_pull": t.mean_pull, "share": t.share}


def pulls(debrief: ClosedDebrief, person: int | None) -> list[float]:
    """The pull of each changed rating of `debrief` toward `person`'s independent ratings."""
    if person is None:
        return []
    theirs: dict[str, list[int]] = defaultdict(list)
    for r in debrief.ratings:
        if r.rater == person and r.independent is not None:
            theirs[r.criterion].append(r.independent)
    found = []
    for r in debrief.ratings:
        if (r.rater == person or r.independent is None or r.final is None or r.final == r.independent
                or r.criterion not in theirs):
            continue
        target = mean(theirs[r.criterion])
        if target != r.independent:
            found.append((r.final - r.independent) / (target - r.independent))
    return found


def _toward(values: list[float]) -> Toward:
    if not values:
        return Toward(0, None, None)
    return Toward(len(values), mean(values), sum(1 for v in values if v > 0) / len(values))


def debrief_influence(debriefs: Iterable[ClosedDebrief]) -> Influence:
    """The influence figures over these closed debriefs (see the module's docstring)."""
    debriefs = list(debriefs)
    rated = [r for d in debriefs for r in d.ratings if r.independent is not None]
    moves = [abs((r.final if r.final is not None else r.independent) - r.independent) for r in rated]
    return Influence(
        debriefs=len(debriefs), ratings=len(rated), changed=sum(1 for m in moves if m),
        movement=mean(moves) if moves else None,
        first_speaker=_toward([p for d in debriefs for p in pulls(d, d.first_speaker)]),
        most_senior=_toward([p for d in debriefs for p in pulls(d, d.most_senior)]),
    )
