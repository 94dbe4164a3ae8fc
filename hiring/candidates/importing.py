"""Reading a candidate spreadsheet (CSV or XLSX) into checked rows. Pure: no Flask, no database.

Each row is checked on its own; the report says row number (as the spreadsheet shows it, the
header being row 1), column and problem, so a recruiter can fix the file and import again. Rows
whose email is already in the opening, or appears earlier in the file, are duplicates: reported,
never created twice.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from email_validator import EmailNotValidError, validate_email

from hiring.candidates.vocabulary import LANGUAGES, CandidateType

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
MAX_LENGTHS = {"name": 200, "email": 254, "phone": 50, "source": 100, "notes": 10_000}

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
PHONE = re.compile(r"^\+?[0-9 ().\-/]{6,30}$")


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing is imported."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column '{self.column}': {self.message}"


@dataclass
class ImportRow:
    row: int
    values: dict[str, str]
    problems: list[RowProblem] = field(default_factory=list)
    duplicate_of: str | None = None  # why this row is a duplicate, if it is

    @property
    def status(self) -> str:
        if self.problems:
            return "error"
        return "duplicate" if self.duplicate_of else "ok"


@dataclass
class ImportReport:
    rows: list[ImportRow]
    warnings: list[str] = field(default_factory=list)

    @property
    def good(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status == "ok"]

    @property
    def bad(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status == "error"]

    @property
    def duplicates(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status == "duplicate"]

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.rows for p in r.problems]


def read_table(source: bytes | str | Path, filename: str | None = None) -> pd.DataFrame:
    """Read a CSV or XLSX file into a DataFrame of strings with normalised column names."""
    if not isinstance(source, bytes):
        filename = filename or str(source)
        source = Path(source).read_bytes()
    suffix = Path(filename or "").suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(io.BytesIO(source), dtype=str, keep_default_na=False,
                                encoding="utf-8-sig", skipinitialspace=True)
        elif suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(io.BytesIO(source), dtype=str, engine="openpyxl").fillna("")
        else:
            raise ImportFileError(f"{filename}: use a .csv or .xlsx file (got '{suffix or 'no extension'}').")
    except UnicodeDecodeError as err:
        raise ImportFileError(f"{filename}: not UTF-8 text; save it as 'CSV UTF-8'.") from err
    except (ValueError, pd.errors.ParserError, OSError) as err:
        raise ImportFileError(f"{filename}: cannot be read as {suffix[1:].upper()}: {err}") from err
    except Exception as err:  # openpyxl raises several unrelated types for a damaged workbook
        raise ImportFileError(f"{filename}: cannot be read as a spreadsheet: {err}") from err
    frame.columns = [_column_name(c) for c in frame.columns]
    return frame


def check_rows(
    frame: pd.DataFrame,
    *,
    stage_names: Iterable[str],
    existing_emails: Iterable[str] = (),
) -> ImportReport:
    """Check every row; see the module docstring for what the report holds."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ImportFileError(
            f"Row 1 (header): missing column(s) {', '.join(missing)}. "
            f"Expected columns: {', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}."
        )
    known = set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    warnings = [
        f"Row 1 (header): column '{c}' is not used (known columns: {', '.join(sorted(known))})."
        for c in frame.columns
        if c not in known
    ]
    stages = {name.casefold(): name for name in stage_names}
    seen = {e.casefold(): "already a candidate in this opening" for e in existing_emails}
    columns = [c for c in frame.columns if c in known]
    rows = []
    for number, record in enumerate(frame[columns].itertuples(index=False, name=None), start=2):
        values = {c: str(v).strip() for c, v in zip(columns, record, strict=True)}
        if not any(values.values()):
            continue  # blank lines in a spreadsheet are not rows anyone meant
        row = _check_row(number, values, stages)
        email = row.values.get("email", "")
        if not row.problems and email:
            if email in seen:
                row.duplicate_of = seen[email]
            else:
                seen[email] = f"same email as row {number}"
        rows.append(row)
    return ImportReport(rows=rows, warnings=warnings)


def parse_type(text: str) -> CandidateType | None:
    word = re.sub(r"[\s\-]+", "_", text.strip().casefold())
    return TYPE_WORDS.get(word.replace("_", "")) or TYPE_WORDS.get(word)


def parse_language(text: str) -> str | None:
    word = text.strip().casefold()
    return LANGUAGE_WORDS.get(word) or LANGUAGE_WORDS.get(word.split("-")[0].split("_")[0])


def _check_row(number: int, values: dict[str, str], stages: Mapping[str, str]) -> ImportRow:
    row = ImportRow(row=number, values=dict(values))

    def problem(column: str, message: str) -> None:
        row.problems.append(RowProblem(number, column, message))

    for column, limit in MAX_LENGTHS.items():
        if len(values.get(column, "")) > limit:
            problem(column, f"longer than {limit} characters")
    if not values.get("name"):
        problem("name", "is empty")
    email = values.get("email", "")
    if not email:
        problem("email", "is empty")
    else:
        try:
            email = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError as err:
            problem("email", f"'{email}' is not a valid email address ({err})")
        row.values["email"] = email.lower()
    phone = values.get("phone", "")
    if phone and not PHONE.match(phone):
        problem("phone", f"'{phone}' is not a phone number (digits, spaces, + - ( ) . /)")
    kind = values.get("type", "")
    parsed_type = parse_type(kind) if kind else CandidateType.IN_HOUSE
    if parsed_type is None:
        problem("type", f"'{kind}' is not one of in-house, freelancer, agency")
    else:
        row.values["type"] = parsed_type.value
    language = values.get("language", "")
    code = parse_language(language) if language else "en"
    if code is None:
        problem("language", f"'{language}' is not one of {', '.join(LANGUAGES)}")
    else:
        row.values["language"] = code
    stage = values.get("stage", "")
    if stage and stage.casefold() not in stages:
        problem("stage", f"'{stage}' is not a stage of this opening ({', '.join(stages.values())})")
    elif stage:
        row.values["stage"] = stages[stage.casefold()]
    return row


def _column_name(raw: object) -> str:
    name = re.sub(r"\s+", "_", str(raw).strip().casefold())
    return COLUMN_ALIASES.get(name, name)
