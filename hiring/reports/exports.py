"""Scores as spreadsheets: CSV and XLSX through pandas, safe to open in Excel or Sheets.

A cell a spreadsheet would run as a formula (text starting with `=`, `+`, `-`, `@`, or a tab or
carriage return that hides one) gets a leading apostrophe, the spreadsheet convention for "this is
text". Numbers stay numbers, so a rating of -1 on some scale is still a number.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
TABLES = ("scores", "ratings")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell (and column name) made inert."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def to_csv(frame: pd.DataFrame) -> bytes:
    # UTF-8 with a byte-order mark: Excel otherwise misreads 王芳 and José as Latin-1.
    return neutralised(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralised(frame).to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            sheet.freeze_panes = "A2"
            for cells in sheet.columns:  # wide enough to read, capped so notes do not run off
                width = max((len(str(c.value)) for c in cells if c.value is not None), default=8)
                sheet.column_dimensions[cells[0].column_letter].width = min(max(width + 2, 8), 60)
    return buffer.getvalue()
