"""Checking a candidate spreadsheet (CSV or XLSX) row by row. Pure: no Flask, no database.

Each row is checked on its own; the report says row number, column and problem. Rows
whose email is already in the opening, or appears earlier in the file, are duplicates: reported,
never created twice. Rows that may be a person the opening already has, or an earlier row (the
rule in duplicates.py: same name and phone, say), are imported, since they may be different
people, and listed with what they share so someone checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from flask_babel import gettext as _

from hiring.candidates.duplicates import DuplicateFinder, Person, PossibleDuplicate
from hiring.candidates.phones import check_phone
from hiring.candidates.vocabulary import LANGUAGES, CandidateType
from hiring.emails import normalise_email
from hiring.spreadsheets import (
    ImportFileError,
    ImportLimits,
    ImportReport,
    ImportRow,
    RowProblem,
    data_rows,
    header_warnings,
    read_table,
)
from hiring.validation import ValidationError

__all__ = ["CandidateImportReport", "CandidateRow", "ImportFileError", "check_rows", "parse_language", "parse_type",
           "read_candidates"]

REQUIRED_COLUMNS = ("name", "email")
OPTIONAL_COLUMNS = ("phone", "source", "type", "language", "stage", "notes")
COLUMN_ALIASES = {
    "full_name": "name",
    "e-mail": "email",
    "email_address": "email",
    "telephone": "phone",
    "phone_number": "phone",
    "candidate_type": "type",
    "preferred_language": "language",
    "lang": "language",
}
MAX_LENGTHS = {"name": 200, "email": 254, "source": 100, "notes": 10_000}  # phone: phones.py

TYPE_WORDS = {
    "in_house": CandidateType.IN_HOUSE,
    "inhouse": CandidateType.IN_HOUSE,
    "employee": CandidateType.IN_HOUSE,
    "freelancer": CandidateType.FREELANCER,
    "freelance": CandidateType.FREELANCER,
    "agency": CandidateType.AGENCY,
}
LANGUAGE_WORDS = {
    **{code: code for code in LANGUAGES},
    **{name.casefold(): code for code, name in LANGUAGES.items()},
    "chinese": "zh", "spanish": "es", "hindi": "hi", "indonesian": "id", "bahasa": "id",
}


@dataclass
class CandidateRow(ImportRow):
    #: Who this row may be (an existing candidate or an earlier row): imported, to be checked.
    possible_duplicates: list[PossibleDuplicate] = field(default_factory=list)


@dataclass
class CandidateImportReport(ImportReport):
    @property
    def possible_duplicates(self) -> list[CandidateRow]:
        return [r for r in self.rows if r.status == "ok" and r.possible_duplicates]


def check_rows(
    frame: pd.DataFrame,
    *,
    stage_names: Iterable[str],
    existing_emails: Iterable[str] = (),
    existing_people: Iterable[Person] = (),
) -> CandidateImportReport:
    """Check every row; see the module docstring for what the report holds. `existing_people` are
    the opening's candidates (queries.known_people) for the possible-duplicate rule."""
    warnings = header_warnings(frame, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    stages = {name.casefold(): name for name in stage_names}
    seen = {e.casefold(): "already a candidate in this opening" for e in existing_emails}
    people = DuplicateFinder(existing_people)
    rows = []
    for number, values, refused in data_rows(frame, REQUIRED_COLUMNS + OPTIONAL_COLUMNS):
        row = _check_row(number, values, stages)
        row.problems[:0] = refused
        email = row.values.get("email", "")
        if not row.problems and email:
            if email in seen:
                row.duplicate_of = seen[email]
            else:
                seen[email] = f"same email as row {number}"
                person = Person(row.values["name"], email, row.values.get("phone", ""), row=number)
                row.possible_duplicates = people.find(person)
                people.add(person)
        rows.append(row)
    return CandidateImportReport(rows=rows, warnings=warnings)


def read_candidates(source: bytes | str | Path, filename: str | None = None,
                    limits: ImportLimits | None = None) -> pd.DataFrame:
    return read_table(source, filename, COLUMN_ALIASES, limits)


def parse_type(text: str) -> CandidateType | None:
    word = re.sub(r"[\s\-]+", "_", text.strip().casefold())
    return TYPE_WORDS.get(word.replace("_", "")) or TYPE_WORDS.get(word)


def parse_language(text: str) -> str | None:
    word = text.strip().casefold()
    return LANGUAGE_WORDS.get(word) or LANGUAGE_WORDS.get(word.split("-")[0].split("_")[0])


def _check_row(number: int, values: dict[str, str], stages: Mapping[str, str]) -> CandidateRow:
    row = CandidateRow(row=number, values=dict(values))

    def problem(column: str, message: str) -> None:
        row.problems.append(RowProblem(number, column, message))

    for column, limit in MAX_LENGTHS.items():
        if len(values.get(column, "")) > limit:
            problem(column, _("longer than %(limit)s characters", limit=limit))
    if not values.get("name"):
        problem("name", _("is empty"))
    email = values.get("email", "")
    if not email:
        problem("email", _("is empty"))
    else:
        try:
            email = normalise_email(email)
        except ValidationError as err:
            problem("email", err.message)
        row.values["email"] = email
    try:
        row.values["phone"] = check_phone(values.get("phone", ""))
    except ValidationError as err:
        problem("phone", err.message)
    kind = values.get("type", "")
    parsed_type = parse_type(kind) if kind else CandidateType.IN_HOUSE
    if parsed_type is None:
        problem("type", _("'%(value)s' is not one of in-house, freelancer, agency", value=kind))
    else:
        row.values["type"] = parsed_type.value
    language = values.get("language", "")
    code = parse_language(language) if language else "en"
    if code is None:
        problem("language", _("'%(value)s' is not one of %(choices)s", value=language, choices=", ".join(LANGUAGES)))
    else:
        row.values["language"] = code
    stage = values.get("stage", "")
    if stage and stage.casefold() not in stages:
        problem("stage", _("'%(value)s' is not a stage of this opening (%(stages)s)", value=stage,
                           stages=", ".join(stages.values())))
    elif stage:
        row.values["stage"] = stages[stage.casefold()]
    return row
