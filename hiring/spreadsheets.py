"""Reading spreadsheets (CSV or XLSX) for imports, and the row-by-row report they produce.

Pure: no Flask, no database. Row numbers are the ones the spreadsheet shows (the header is row 1),
so a recruiter can find and fix each problem. Each importer checks its own columns and values; every
cell goes through the typed-text rule (`hiring.validation.clean_text`) here, for both.

An import is bounded (`ImportLimits`): a file over the byte limit is refused before it is parsed,
and only the first `rows + 1` data rows are ever read (pandas streams an XLSX with openpyxl's
read-only mode), so a file with 300,000 rows costs as little as one just over the limit, and is
refused whole: nothing of it is imported. The web pages take up to `IMPORT_MAX_ROWS` rows (5,000:
checked, stored and reported well inside a request's time) and `IMPORT_MAX_BYTES` (5 MB); the
command line, which no request timeout cuts short, up to `CLI_IMPORT_MAX_ROWS` (100,000) and
`CLI_IMPORT_MAX_BYTES` (100 MB). The defaults and the keys are in hiring/config.py.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from flask_babel import gettext as _

from hiring.config import IMPORT_MAX_BYTES, IMPORT_MAX_ROWS
from hiring.i18n import N_
from hiring.validation import ValidationError, clean_text


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


@dataclass(frozen=True)
class ImportLimits:
    """How much one import takes, and what to tell whoever brings more."""

    rows: int = IMPORT_MAX_ROWS
    bytes: int = IMPORT_MAX_BYTES
    advice: str = N_("Split it into smaller files.")

    @classmethod
    def for_web(cls, config: Mapping[str, Any], command: str) -> ImportLimits:
        """The web pages' limits; `command` is the command line that imports the same file."""
        rows, cli_rows = config["IMPORT_MAX_ROWS"], config["CLI_IMPORT_MAX_ROWS"]
        return cls(rows, config["IMPORT_MAX_BYTES"],
                   _("Split it into files of at most %(rows)s rows, or ask an administrator to import it "
                     "with the command line (%(command)s), which takes up to %(cli_rows)s rows.",
                     rows=f"{rows:,}", command=command, cli_rows=f"{cli_rows:,}"))

    @classmethod
    def for_cli(cls, config: Mapping[str, Any]) -> ImportLimits:
        rows = config["CLI_IMPORT_MAX_ROWS"]
        return cls(rows, config["CLI_IMPORT_MAX_BYTES"],
                   _("Split it into files of at most %(rows)s rows.", rows=f"{rows:,}"))


def read_table(source: bytes | str | Path, filename: str | None = None,
               aliases: Mapping[str, str] | None = None, limits: ImportLimits | None = None) -> pd.DataFrame:
    """Read a CSV or XLSX file into a DataFrame of strings, refusing one beyond `limits` (by default
    the web pages' limits) with ImportFileError.

    Column names are normalised (trimmed, lower case, spaces → underscores, then `aliases`).
    """
    limits = limits or ImportLimits()
    if not isinstance(source, bytes):
        filename = filename or str(source)
        path = Path(source)
        if path.stat().st_size > limits.bytes:
            raise ImportFileError(_too_large(filename, limits))
        source = path.read_bytes()
    if len(source) > limits.bytes:
        raise ImportFileError(_too_large(filename, limits))
    suffix = Path(filename or "").suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(io.BytesIO(source), dtype=str, keep_default_na=False, nrows=limits.rows + 1,
                                encoding="utf-8-sig", skipinitialspace=True)
        elif suffix in (".xlsx", ".xlsm"):
            _refuse_large_unpacked(source, filename, limits)
            frame = pd.read_excel(io.BytesIO(source), dtype=str, engine="openpyxl",
                                  nrows=limits.rows + 1).fillna("")
        else:
            raise ImportFileError(_("%(file)s: use a .csv or .xlsx file (got '%(suffix)s').", file=filename,
                                    suffix=suffix or _("no extension")))
    except ImportFileError:
        raise
    except UnicodeDecodeError as err:
        raise ImportFileError(_("%(file)s: not UTF-8 text; save it as 'CSV UTF-8'.", file=filename)) from err
    except (ValueError, pd.errors.ParserError, OSError) as err:
        raise ImportFileError(_("%(file)s: cannot be read as %(kind)s: %(error)s", file=filename,
                                kind=suffix[1:].upper(), error=err)) from err
    except Exception as err:  # openpyxl raises several unrelated types for a damaged workbook
        raise ImportFileError(_("%(file)s: cannot be read as a spreadsheet: %(error)s", file=filename,
                                error=err)) from err
    if len(frame) > limits.rows:
        raise ImportFileError(_("%(file)s: more than %(rows)s rows, the most one import takes. %(advice)s",
                                file=filename, rows=f"{limits.rows:,}", advice=_(limits.advice)))
    aliases = aliases or {}
    frame.columns = [_column_name(c, aliases) for c in frame.columns]
    return frame


def header_warnings(frame: pd.DataFrame, required: Sequence[str], optional: Sequence[str]) -> list[str]:
    """Refuse a file missing required columns (ImportFileError); warn about unused ones."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ImportFileError(
            _("Row 1 (header): missing column(s) %(missing)s. Expected columns: %(expected)s.",
              missing=", ".join(missing), expected=", ".join([*required, *optional]))
        )
    known = {*required, *optional}
    return [
        _("Row 1 (header): column '%(column)s' is not used (known columns: %(known)s).", column=c,
          known=", ".join(sorted(known)))
        for c in frame.columns
        if c not in known
    ]


def data_rows(frame: pd.DataFrame,
              columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str], list[RowProblem]]]:
    """(spreadsheet row number, trimmed values, problems) for each non-blank row; the header is row 1.

    Every cell is typed text (`clean_text`): line breaks come as LF, and a cell with a control
    character is a problem of its row and column, which the importer adds to the row's own."""
    present = [c for c in columns if c in frame.columns]
    for number, record in enumerate(frame[present].itertuples(index=False, name=None), start=2):
        values, problems = {}, []
        for column, value in zip(present, record, strict=True):
            try:
                values[column] = clean_text(str(value), column).strip()
            except ValidationError as err:
                values[column] = str(value).strip()
                problems.append(RowProblem(number, column, err.message))
        if any(values.values()):  # blank lines in a spreadsheet are not rows anyone meant
            yield number, values, problems


#: An XLSX is zipped XML, several times larger unpacked than the same rows as CSV. openpyxl parses
#: every sheet whole when the workbook opens unless the sheet states its size (Excel's do; others,
#: openpyxl's own included, may not), so what it unpacks to is bounded too, before it is opened.
XLSX_UNPACKED_FACTOR = 4


def _refuse_large_unpacked(source: bytes, filename: str | None, limits: ImportLimits) -> None:
    """Refuse an XLSX whose XML parts unpack to more than XLSX_UNPACKED_FACTOR × the byte limit,
    reading only the zip's directory (a part that unpacks to more than it declares fails to read)."""
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        unpacked = sum(part.file_size for part in archive.infolist() if part.filename.endswith(".xml"))
    if unpacked > XLSX_UNPACKED_FACTOR * limits.bytes:
        raise ImportFileError(_("%(file)s: larger than %(mb)s MB once unpacked, the most one import takes. "
                                "%(advice)s", file=filename, mb=f"{XLSX_UNPACKED_FACTOR * limits.bytes / 2**20:g}",
                                advice=_(limits.advice)))


def _too_large(filename: str | None, limits: ImportLimits) -> str:
    return _("%(file)s: larger than %(mb)s MB, the most one import takes. %(advice)s", file=filename,
             mb=f"{limits.bytes / 2**20:g}", advice=_(limits.advice))


def _column_name(raw: object, aliases: Mapping[str, str]) -> str:
    name = re.sub(r"\s+", "_", str(raw).strip().casefold())
    return aliases.get(name, name)
