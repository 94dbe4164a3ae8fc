"""The D-study ("how many raters are enough") in plain words, shared by the dashboard and the PDF.

`hiring.scoring.model.d_study` gives the dependability Φ of the weighted total at the opening's own
panel size (with its 90 % interval) and at 1–8 raters per candidate, and the smallest panel that
reaches .80. This turns it into one sentence, e.g.

    With 2.4 raters per candidate the total's reliability is 0.64 (90% interval 0.31–0.87).
    4 raters would reach 0.75; 0.80 needs 6 raters.

as parts of (text, emphasised) so the page can set the numbers in bold and the PDF can too.
"""

from __future__ import annotations

import math
from typing import Any

TARGET = 0.80
Part = tuple[str, bool]


def raters_label(value: float) -> str:
    """Raters per candidate to one decimal, without a trailing ".0": 2.4, 3."""
    return f"{round(value, 1):g}"


def _raters(n: int | float) -> str:
    return "rater" if n == 1 else "raters"


def next_panel(study: Any) -> int | None:
    """The panel size the sentence looks ahead to: the first whole number at least one rater more
    than the opening has now, at most the largest size the D-study covers; None when the opening
    already has that many."""
    if not study.by_raters or not math.isfinite(study.current_raters):
        return None
    largest = max(study.by_raters)
    size = min(largest, math.ceil(study.current_raters + 1 - 1e-9))
    return size if size > study.current_raters + 1e-9 and size in study.by_raters else None


def d_study_parts(study: Any) -> list[Part]:
    """The sentence as (text, emphasised) parts; `study` is a `hiring.scoring.model.DStudy`."""
    if study is None:
        return [("The total's reliability appears once scorecards are submitted.", False)]
    if study.reason or study.current is None:
        return [("The total's reliability cannot be estimated yet: ", False),
                (study.reason or "not enough ratings", False), (".", False)]
    now = raters_label(study.current_raters)
    parts: list[Part] = [("With ", False), (now, True), (f" {_raters(float(now))} per candidate the total's "
                                                       "reliability is ", False), (f"{study.current:.2f}", True)]
    if study.current_low is not None and study.current_high is not None:
        parts.append((f" (90% interval {study.current_low:.2f}–{study.current_high:.2f})", False))
    parts.append((".", False))
    ahead = next_panel(study)
    clauses: list[list[Part]] = []
    if ahead is not None:
        clauses.append([(f"{ahead} raters", True), (" would reach ", False),
                        (f"{study.by_raters[ahead]:.2f}", True)])
    needed, largest = study.needed_for_80, max(study.by_raters) if study.by_raters else 0
    if needed is None:
        clauses.append([(f"no number of raters reaches {TARGET:.2f}: these ratings do not yet show the "
                         "candidates differing", False)])
    elif needed > largest and largest:
        more = f"{needed} or more" if needed >= 99 else str(needed)
        clauses.append([(f"even {largest} would reach only ", False), (f"{study.by_raters[largest]:.2f}", True),
                        (f"; {TARGET:.2f} needs ", False), (f"{more} raters", True)])
    else:
        clauses.append([(f"{TARGET:.2f} needs ", False), (f"{needed} {_raters(needed)}", True)])
    if clauses:
        first = clauses[0]
        first[0] = (first[0][0][:1].upper() + first[0][0][1:], first[0][1])
        parts.append((" ", False))
        for i, clause in enumerate(clauses):
            if i:
                parts.append(("; ", False))
            parts += clause
        parts.append((".", False))
    return parts


def d_study_sentence(study: Any) -> str:
    """The sentence as plain text."""
    return "".join(text for text, _bold in d_study_parts(study))
