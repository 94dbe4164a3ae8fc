"""The D-study ("how many raters are enough") in plain words, shared by the dashboard and the PDF.

`hiring.scoring.model.d_study` gives the dependability Φ of the weighted total at the opening's own
panel size (with its 90 % interval) and at 1–8 raters per candidate, and the smallest panel that
reaches .80. This turns it into one sentence, e.g.

    With 2.4 raters per candidate the total's reliability is 0.64 (90% interval 0.31–0.87).
    4 raters would reach 0.75; 0.80 needs 6 raters.

as parts of (text, emphasised) so the page can set the numbers in bold and the PDF can too, in the
language of the `Translator` given (English by default).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from hiring.i18n import ENGLISH, N_, Translator

TARGET = 0.80
Part = tuple[str, bool]
Number = Callable[[float, int], str]  # (value, decimals) → the figure as the reader writes it


def raters_label(value: float) -> str:
    """Raters per candidate to one decimal, without a trailing ".0": 2.4, 3."""
    return f"{round(value, 1):g}"


def next_panel(study: Any) -> int | None:
    """The panel size the sentence looks ahead to: the first whole number at least one rater more
    than the opening has now, at most the largest size the D-study covers; None when the opening
    already has that many."""
    if not study.by_raters or not math.isfinite(study.current_raters):
        return None
    largest = max(study.by_raters)
    size = min(largest, math.ceil(study.current_raters + 1 - 1e-9))
    return size if size > study.current_raters + 1e-9 and size in study.by_raters else None


def _fill(template: str, **values: Part | list[Part]) -> list[Part]:
    """A translated sentence as parts: its words plain, each %(name)s replaced by its part(s)."""
    parts: list[Part] = []
    for piece in re.split(r"(%\(\w+\)s)", template):
        name = re.fullmatch(r"%\((\w+)\)s", piece)
        if name:
            value = values[name.group(1)]
            parts += value if isinstance(value, list) else [value]
        elif piece:
            parts.append((piece.replace("%%", "%"), False))
    return parts


def _number_of_raters(t: Translator, n: int) -> str:
    return t.ngettext("%(num)d rater", "%(num)d raters", n) % {"num": n}


def _plain(value: float, digits: int) -> str:
    return f"{value:.{digits}f}"


def d_study_parts(study: Any, t: Translator = ENGLISH, number: Number = _plain) -> list[Part]:
    """The sentence as (text, emphasised) parts, in `t`'s language with `number(value, digits)`
    writing the figures (the page's and the PDF's locale); `study` is a `hiring.scoring.model.DStudy`."""
    if study is None:
        return [(t.gettext("The total's reliability appears once scorecards are submitted."), False)]
    if study.reason or study.current is None:
        return _fill(t.gettext("The total's reliability cannot be estimated yet: %(reason)s."),
                     reason=(t.gettext(study.reason or N_("not enough ratings")), False))
    now = raters_label(study.current_raters)
    n = 1 if float(now) == 1 else 2  # the plural form "2.4 raters" takes
    raters = number(float(now), 0 if float(now).is_integer() else 1)
    values: dict[str, Part] = {"raters": (raters, True), "value": (number(study.current, 2), True)}
    if study.current_low is not None and study.current_high is not None:
        parts = _fill(t.ngettext("With %(raters)s rater per candidate the total's reliability is %(value)s "
                                 "(90%% interval %(low)s–%(high)s).",
                                 "With %(raters)s raters per candidate the total's reliability is %(value)s "
                                 "(90%% interval %(low)s–%(high)s).", n),
                      low=(number(study.current_low, 2), False), high=(number(study.current_high, 2), False),
                      **values)
    else:
        parts = _fill(t.ngettext("With %(raters)s rater per candidate the total's reliability is %(value)s.",
                                 "With %(raters)s raters per candidate the total's reliability is %(value)s.", n),
                      **values)
    ahead = next_panel(study)
    target = (number(TARGET, 2), False)
    clauses: list[list[Part]] = []
    if ahead is not None:
        clauses.append(_fill(t.gettext("%(raters)s would reach %(value)s"),
                             raters=(_number_of_raters(t, ahead), True),
                             value=(number(study.by_raters[ahead], 2), True)))
    first = not clauses  # the next clause starts the sentence
    needed, largest = study.needed_for_80, max(study.by_raters) if study.by_raters else 0
    if needed is None:
        clauses.append(_fill(t.gettext("No number of raters reaches %(target)s: these ratings do not yet show the "
                                       "candidates differing") if first else
                             t.gettext("no number of raters reaches %(target)s: these ratings do not yet show the "
                                       "candidates differing"), target=target))
    elif needed > largest and largest:
        more = (t.gettext("%(count)d or more raters") % {"count": needed} if needed >= 99
                else _number_of_raters(t, needed))
        clauses.append(_fill(t.gettext("Even %(largest)s would reach only %(value)s; %(target)s needs %(raters)s")
                             if first else
                             t.gettext("even %(largest)s would reach only %(value)s; %(target)s needs %(raters)s"),
                             largest=(str(largest), False), value=(number(study.by_raters[largest], 2), True),
                             target=target, raters=(more, True)))
    else:
        clauses.append(_fill(t.gettext("%(target)s needs %(raters)s"), target=target,
                             raters=(_number_of_raters(t, needed), True)))
    if len(clauses) == 2:
        tail = _fill(t.gettext("%(first)s; %(second)s."), first=clauses[0], second=clauses[1])
    else:
        tail = _fill(t.gettext("%(clause)s."), clause=clauses[0])
    return [*parts, (" ", False), *tail]


def d_study_sentence(study: Any, t: Translator = ENGLISH, number: Number = _plain) -> str:
    """The sentence as plain text."""
    return "".join(text for text, _bold in d_study_parts(study, t, number))
