"""Checking a spreadsheet of scores row by row. Pure: no Flask, no database.

For teams whose scores live in spreadsheets: one rating per row, with the candidate's and rater's
emails, the stage, the criterion key, the rating and the evidence note. The report names row,
column and problem; a rating that already exists (in the opening or earlier in the file) is a
duplicate, never stored twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from flask_babel import gettext as _

from hiring.emails import normalise_email
from hiring.interviews.ratings import evidence_problem
from hiring.spreadsheets import (
    ImportLimits,
    ImportReport,
    ImportRow,
    RowProblem,
    data_rows,
    header_warnings,
    read_table,
)
from hiring.validation import ValidationError

COLUMNS = ("candidate_email", "rater_email", "stage", "criterion", "rating", "note")
ALIASES = {"candidate": "candidate_email", "rater": "rater_email", "score": "rating", "evidence": "note"}


@dataclass(frozen=True)
class ScoreImportContext:
    """What the checker needs to know about the opening, looked up once by the caller."""

    candidates: Mapping[str, int]          # candidate email → id
    raters: Mapping[str, int]              # known user email → id
    stages: Mapping[str, int]              # stage name (case-folded) → id
    criteria: Mapping[str, str]            # criterion key → name
    scale: tuple[int, int]                 # min, max
    existing: frozenset[tuple[int, int, str, str]] = field(default_factory=frozenset)
    #: (candidate id, stage id, rater email, criterion) of ratings already stored
    create_raters: bool = False


def read_scores(source: bytes | str | Path, filename: str | None = None,
                limits: ImportLimits | None = None) -> pd.DataFrame:
    return read_table(source, filename, ALIASES, limits)


def check_score_rows(frame: pd.DataFrame, context: ScoreImportContext) -> ImportReport:
    warnings = header_warnings(frame, COLUMNS[:5], COLUMNS[5:])
    seen = {key: "this rating is already stored" for key in context.existing}
    rows = []
    for number, values, refused in data_rows(frame, COLUMNS):
        row = _check_row(number, values, context)
        row.problems[:0] = refused
        if not row.problems:
            key = (int(row.values["candidate_id"]), int(row.values["stage_id"]),
                   row.values["rater_email"], row.values["criterion"])
            if key in seen:
                row.duplicate_of = seen[key]
            else:
                seen[key] = f"same rating as row {number}"
        rows.append(row)
    return ImportReport(rows=rows, warnings=warnings)


def _check_row(number: int, values: dict[str, str], context: ScoreImportContext) -> ImportRow:
    row = ImportRow(row=number, values=dict(values))

    def problem(column: str, message: str) -> None:
        row.problems.append(RowProblem(number, column, message))

    candidate = _email(values.get("candidate_email", ""))
    if candidate is None:
        problem("candidate_email", _("'%(value)s' is not an email address", value=values.get("candidate_email", "")))
    elif candidate not in context.candidates:
        problem("candidate_email", _("no candidate with email %(email)s in this opening", email=candidate))
    else:
        row.values["candidate_email"] = candidate
        row.values["candidate_id"] = str(context.candidates[candidate])
    rater = _email(values.get("rater_email", ""))
    if rater is None:
        problem("rater_email", _("'%(value)s' is not an email address", value=values.get("rater_email", "")))
    elif rater not in context.raters and not context.create_raters:
        problem("rater_email", _("no user with email %(email)s (import with 'create raters' to add them)",
                                  email=rater))
    else:
        row.values["rater_email"] = rater
    stage = values.get("stage", "")
    if stage.casefold() not in context.stages:
        problem("stage", _("'%(value)s' is not a stage of this opening", value=stage))
    else:
        row.values["stage_id"] = str(context.stages[stage.casefold()])
    criterion = values.get("criterion", "").strip()
    if criterion not in context.criteria:
        problem("criterion", _("'%(value)s' is not a criterion of the opening's rubric (%(criteria)s)",
                               value=criterion, criteria=", ".join(context.criteria)))
    low, high = context.scale
    rating = values.get("rating", "")
    try:
        number_value = float(rating)
        if not number_value.is_integer() or not low <= number_value <= high:
            raise ValueError
        row.values["rating"] = str(int(number_value))
    except ValueError:
        problem("rating", _("'%(value)s' is not a whole number from %(min)s to %(max)s", value=rating, min=low,
                           max=high))
    if message := evidence_problem(rating, values.get("note", "")):
        problem("note", message)
    return row


def _email(text: str) -> str | None:
    try:
        return normalise_email(text)
    except ValidationError:
        return None
