"""How far a rater's levels on a calibration set are from the agreed ones, criterion by criterion.

For rater r and criterion q, over the n items of the set with an agreed level a_i on q that r scored
(level x_i), with differences d_i = x_i − a_i:

    leniency       L = (1/n) Σ d_i        positive: r scores higher than agreed (more lenient)
    mean absolute  M = (1/n) Σ |d_i|      how far off r is, whatever the direction
    largest miss   D = max |d_i|

``leniency`` has the sign and the word of the measurement model's rater leniency
(``hiring.scoring.model``: b_r, positive = rates higher than the panel on the same work); here the
reference is the agreed level rather than the panel, so it is an absolute figure, not relative to the
other raters. |L| ≤ M always; L = M when every miss is in the same direction (a rater who always
scores one level above the agreed level has L = M = +1).

r is **calibrated** on q when n ≥ 1, |L| ≤ tolerance (per opening, default 0.5) and D < MISS (2): no
item off by two levels or more, so a rater cannot be calibrated by a +2 and a −2 cancelling out.

The measurement model does not use calibration leniency as prior information: its leniency is
estimated from the opening's own ratings, and a calibration figure is about a different set of
answers, usually taken at a different time. The figures are shown to the hiring manager beside it.

The module is pure: plain data in, plain data out; no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The default tolerance on |leniency| (an opening may set its own).
TOLERANCE = 0.5
#: An item off by this many levels or more leaves a rater uncalibrated on its criterion.
MISS = 2
#: Floating-point slack for comparing a mean with the tolerance (0.5 must count as within 0.5).
EPSILON = 1e-9


@dataclass(frozen=True)
class Comparison:
    """One rater's level on one criterion of one calibration item, and the agreed level."""

    rater: int
    item: str
    criterion: str
    level: int
    agreed: int

    @property
    def difference(self) -> int:
        """Positive when the rater scored higher than agreed."""
        return self.level - self.agreed


@dataclass(frozen=True)
class CriterionCalibration:
    """A rater's calibration on one criterion: the figures of the module docstring."""

    rater: int
    criterion: str
    items: int
    leniency: float
    mean_absolute: float
    largest_miss: int
    calibrated: bool
    #: The items this rater scored two levels or more away from the agreed level.
    missed: tuple[str, ...] = ()


def measure(comparisons: Iterable[Comparison], tolerance: float = TOLERANCE) -> list[CriterionCalibration]:
    """Per rater and criterion, the calibration figures, in the order they first occur.

    ValueError for a negative tolerance or an item given twice for the same rater and criterion.
    """
    if not tolerance >= 0:
        raise ValueError(f"tolerance must be 0 or more, not {tolerance!r}")
    groups: dict[tuple[int, str], list[Comparison]] = {}
    for comparison in comparisons:
        group = groups.setdefault((comparison.rater, comparison.criterion), [])
        if any(seen.item == comparison.item for seen in group):
            raise ValueError(f"item '{comparison.item}' is given twice for rater {comparison.rater} "
                             f"on '{comparison.criterion}'")
        group.append(comparison)
    return [_figures(rater, criterion, group, tolerance) for (rater, criterion), group in groups.items()]


def _figures(rater: int, criterion: str, group: Sequence[Comparison], tolerance: float) -> CriterionCalibration:
    differences = [comparison.difference for comparison in group]
    n = len(differences)
    leniency = sum(differences) / n
    largest = max(abs(difference) for difference in differences)
    return CriterionCalibration(
        rater=rater, criterion=criterion, items=n, leniency=leniency,
        mean_absolute=sum(abs(difference) for difference in differences) / n,
        largest_miss=largest,
        calibrated=abs(leniency) <= tolerance + EPSILON and largest < MISS,
        missed=tuple(c.item for c in group if abs(c.difference) >= MISS),
    )


def calibrated_on(results: Iterable[CriterionCalibration], rater: int, criteria: Iterable[str]) -> bool:
    """Whether ``rater`` is calibrated on every one of ``criteria`` (the criteria a set has material
    for: one with none cannot be calibrated on, and must not hold a rater back). A criterion the rater
    has no result for is not calibrated; no criteria at all is nothing to hold anyone back."""
    by_criterion = {result.criterion: result for result in results if result.rater == rater}
    return all(criterion in by_criterion and by_criterion[criterion].calibrated for criterion in criteria)
