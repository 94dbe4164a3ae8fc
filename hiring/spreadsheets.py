"""Reading spreadsheets (CSV or XLSX) for imports, and the row-by-row report they produce.

Pure: no Flask, no database. Row numbers are the ones the spreadsheet shows (the header is row 1),
so a recruiter can find and fix each problem. Each importer checks its own columns and values.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


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


def read_table(source: bytes | str | Path, filename: str | None = None,
               aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read a CSV or XLSX file into a DataFrame of strings.

    Column names are normalised (trimmed, lower case, spaces → underscores, then `aliases`).
    """
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
    aliases = aliases or {}
    frame.columns = [_column_name(c, aliases) for c in frame.columns]
    return frame


def header_warnings(frame: pd.DataFrame, required: Sequence[str], optional: Sequence[str]) -> list[str]:
    """Refuse a file missing required columns (ImportFileError); warn about unused ones."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ImportFileError(
            f"Row 1 (header): missing column(s) {', '.join(missing)}. "
            f"Expected columns: {', '.join([*required, *optional])}."
        )
    known = {*required, *optional}
    return [
        f"Row 1 (header): column '{c}' is not used (known columns: {', '.join(sorted(known))})."
        for c in frame.columns
        if c not in known
    ]


def data_rows(frame: pd.DataFrame, columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, trimmed values) for each non-blank row; the header is row 1."""
    present = [c for c in columns if c in frame.columns]
    for number, record in enumerate(frame[present].itertuples(index=False, name=None), start=2):
        values = {c: str(v).strip() for c, v in zip(present, record, strict=True)}
        if any(values.values()):  # blank lines in a spreadsheet are not rows anyone meant
            yield number, values


def _column_name(raw: object, aliases: Mapping[str, str]) -> str:
    name = re.sub(r"\s+", "_", str(raw).strip().casefold())
    return aliases.get(name, name)
