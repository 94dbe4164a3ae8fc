"""CSV/XLSX exports: formula cells neutralised, numbers kept, any script survives."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from hiring.reports.exports import neutralise, neutralised, to_csv, to_xlsx


def test_formula_starts_get_an_apostrophe_and_other_text_does_not():
    for dangerous in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1"):
        assert neutralise(dangerous) == "'" + dangerous
    for safe in ("王芳", "José", "a=b", "", "3 - 2"):
        assert neutralise(safe) == safe
    assert neutralise(-1) == -1 and neutralise(2.5) == 2.5


def test_numbers_stay_numbers_in_csv_and_xlsx():
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"x\")", "प्रिया शर्मा"], "rating": [-1, 4], "note": ["@x", "ok"]})
    assert neutralised(frame)["rating"].tolist() == [-1, 4]
    back = pd.read_csv(io.BytesIO(to_csv(frame)), encoding="utf-8-sig")
    assert back["name"].tolist() == ["'=HYPERLINK(\"x\")", "प्रिया शर्मा"]
    assert back["rating"].tolist() == [-1, 4] and back["note"].tolist() == ["'@x", "ok"]
    assert to_csv(frame).startswith("\ufeff".encode())  # Excel reads UTF-8 only with the mark
    sheet = load_workbook(io.BytesIO(to_xlsx({"scores": frame})))["scores"]
    assert sheet["A2"].value == "'=HYPERLINK(\"x\")" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == -1 and sheet["B2"].data_type == "n"
