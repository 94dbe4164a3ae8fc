"""Importing candidates from CSV and XLSX: good rows in, bad rows reported, duplicates flagged."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select

from hiring.candidates.importing import ImportFileError, check_rows, read_candidates
from hiring.candidates.models import Candidate
from hiring.candidates.vocabulary import CandidateType
from hiring.extensions import db
from tests.helpers import make_candidate, make_opening

HEADER = ["name", "email", "phone", "source", "type", "language", "stage", "notes"]
ROWS = [
    ["王芳", "Wang.Fang@Example.com", "+86 138 0000 1234", "Referral", "in-house", "zh", "Screen", ""],
    ["प्रिया शर्मा", "priya@example.com", "", "LinkedIn", "Freelancer", "hi", "", "Reels, carousels"],
    ["", "nameless@example.com", "", "", "", "", "", ""],                    # row 4: no name
    ["Bad Email", "not-an-email", "", "", "", "", "", ""],                  # row 5
    ["Bad Type", "type@example.com", "", "", "contractor", "", "", ""],      # row 6
    ["Bad Stage", "stage@example.com", "", "", "", "", "Onsite", ""],        # row 7
    ["Again", "priya@example.com", "", "", "", "", "", ""],                  # row 8: same as row 3
    ["Existing", "existing@example.com", "", "", "", "", "", ""],            # row 9: already there
    ["José Martínez", "jose@example.com", "", "", "agency", "Español", "Panel interview", ""],
]


def _csv(rows=ROWS, header=HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(f'"{v}"' for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xlsx(rows=ROWS, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _emails(opening) -> set[str]:
    return set(db.session.scalars(select(Candidate.email).where(Candidate.opening_id == opening.id)))


@pytest.mark.parametrize("make_file, filename", [(_csv, "people.csv"), (_xlsx, "people.xlsx")])
def test_import_reports_row_column_and_problem_and_imports_only_good_rows(make_file, filename):
    opening = make_opening()
    make_candidate(opening, name="Existing", email="existing@example.com")
    report = check_rows(read_candidates(make_file(), filename), stage_names=[s.name for s in opening.stages],
                        existing_emails=_emails(opening))
    problems = {(p.row, p.column) for p in report.problems}
    assert problems == {(4, "name"), (5, "email"), (6, "type"), (7, "stage")}
    assert {r.row for r in report.duplicates} == {8, 9}
    assert "row 3" in next(r for r in report.duplicates if r.row == 8).duplicate_of
    assert [r.row for r in report.good] == [2, 3, 10]
    message = str(next(p for p in report.problems if p.row == 7))
    assert "row 7" in message and "stage" in message and "Onsite" in message


def test_cli_import_creates_good_rows_once_and_exits_1_on_bad_rows(runner, tmp_path):
    opening = make_opening()
    path = tmp_path / "candidates.csv"
    path.write_bytes(_csv())
    result = runner.invoke(args=["candidates", "import", str(path), "--opening", str(opening.id)])
    assert result.exit_code == 1
    assert "row 5, column 'email'" in result.output
    assert "Imported 4 candidates;" in result.output  # rows 2, 3, 9 and 10 (nobody existed yet)
    assert _emails(opening) == {"wang.fang@example.com", "priya@example.com", "existing@example.com",
                                "jose@example.com"}
    again = runner.invoke(args=["candidates", "import", str(path), "--opening", str(opening.id)])
    assert "Imported 0 candidates;" in again.output
    assert len(_emails(opening)) == 4, "a second import never creates anyone twice"
    jose = db.session.scalar(select(Candidate).filter_by(email="jose@example.com"))
    assert (jose.type, jose.language, jose.stage.name) == (CandidateType.AGENCY, "es", "Panel interview")


def test_upload_in_the_ui_shows_the_report(browser, scene):
    browser.login(scene.manager)
    url = f"/openings/{scene.opening.id}/candidates/import"
    page = browser.submit(url, {"file": (io.BytesIO(_xlsx()), "people.xlsx")},
                          content_type="multipart/form-data")
    assert page.status_code == 200
    assert "Imported 4 candidates; 4 rows with problems, 1 duplicate skipped." in page.text
    assert "not-an-email" in page.text and "contractor" in page.text
    assert "王芳" in browser.get(f"/openings/{scene.opening.id}").text


def test_a_file_missing_required_columns_imports_nothing_and_says_why(browser, scene):
    browser.login(scene.manager)
    url = f"/openings/{scene.opening.id}/candidates/import"
    data = _csv(rows=[["Ana", "+1 555"]], header=["name", "phone"])
    page = browser.submit(url, {"file": (io.BytesIO(data), "x.csv")}, content_type="multipart/form-data")
    assert "missing column(s) email" in page.text
    assert _emails(scene.opening) == {scene.candidate.email}


def test_unreadable_files_get_a_clear_error():
    with pytest.raises(ImportFileError, match="not UTF-8"):
        read_candidates("name,email\nJosé,j@example.com\n".encode("latin-1"), "x.csv")
    with pytest.raises(ImportFileError, match="cannot be read"):
        read_candidates(b"not a zip", "x.xlsx")
    with pytest.raises(ImportFileError, match=r"\.csv or \.xlsx"):
        read_candidates(b"x", "x.pdf")


def test_blank_lines_and_unknown_columns_are_tolerated():
    frame = read_candidates(b"Name,E-mail,Favourite colour\nAna,ana@example.com,blue\n,,\n", "x.csv")
    report = check_rows(frame, stage_names=["Screen"])
    assert [r.row for r in report.good] == [2]
    assert any("favourite_colour" in w for w in report.warnings)
