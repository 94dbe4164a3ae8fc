"""Imports are bounded: a file beyond the limit is refused whole, quickly, with a message that says
the limit and what to do; nothing of it is saved. The command line takes more than the web pages."""

from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from hiring.auth.models import Role
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.interviews.models import Rating
from hiring.spreadsheets import ImportFileError, ImportLimits, read_table
from tests.helpers import make_opening, make_user

ISSUE_ROWS = 300_000  # the file from the issue: 300,000 rows, 4 MB as XLSX


def _big_csv(rows: int) -> bytes:
    return ("name,email\n" + "".join(f"Person {i},p{i}@example.com\n" for i in range(rows))).encode()


def _big_xlsx(rows: int) -> bytes:
    """A minimal workbook with `rows` rows of inline strings and no stated size, as some tools write
    it (openpyxl's write-only mode, for one), built directly: openpyxl would take seconds."""
    cells = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Person {n}</t></is></c>'
                    f'<c r="B{n}" t="inlineStr"><is><t>p{n}@example.com</t></is></c></row>'
                    for n in range(2, rows + 2))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
        f'</Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet '
        f'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
        f'org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
        f'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData><row r="1">'
        f'<c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>email</t></is></c></row>'
        f'{cells}</sheetData></worksheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _xlsx(rows: int) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["name", "email"])
    for i in range(rows):
        book.active.append([f"Person {i}", f"p{i}@example.com"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(browser, url: str, data: bytes, filename: str):
    return browser.submit(url, {"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("make_file, filename", [(_big_csv, "people.csv"), (_big_xlsx, "people.xlsx")])
def test_the_issues_300000_row_file_is_refused_quickly_and_nothing_is_saved(browser, make_file, filename):
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    browser.login(manager)
    data = make_file(ISSUE_ROWS)
    started = time.perf_counter()
    page = _upload(browser, f"/openings/{opening.id}/candidates/import", data, filename)
    took = time.perf_counter() - started
    assert page.status_code == 200
    assert "the most one import takes" in page.text and "Nothing was imported." in page.text
    assert "Split it into files of at most 5,000 rows" in page.text and "flask candidates import" in page.text
    assert took < 2, f"refused in {took:.1f} s"
    assert _count(Candidate) == 0


@pytest.mark.parametrize("make_file, filename", [(_big_csv, "people.csv"), (_xlsx, "people.xlsx"),
                                                 (_big_xlsx, "people.xlsx")])
def test_a_file_one_row_over_the_limit_is_refused_and_one_at_it_is_read(make_file, filename):
    limits = ImportLimits(rows=100, advice="Split it.")
    assert len(read_table(make_file(100), filename, limits=limits)) == 100
    with pytest.raises(ImportFileError) as refused:
        read_table(make_file(101), filename, limits=limits)
    assert str(refused.value) == f"{filename}: more than 100 rows, the most one import takes. Split it."


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read():
    with pytest.raises(ImportFileError, match="larger than 1 MB, the most one import takes"):
        read_table(_big_csv(50_000), "people.csv", limits=ImportLimits(bytes=2**20))


def test_the_web_pages_refuse_what_the_command_line_imports(app, browser, runner, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 20)
    monkeypatch.setitem(app.config, "CLI_IMPORT_MAX_ROWS", 50)
    manager = make_user(Role.HIRING_MANAGER)
    opening = make_opening(manager)
    browser.login(manager)
    page = _upload(browser, f"/openings/{opening.id}/candidates/import", _big_csv(30), "people.csv")
    assert "more than 20 rows" in page.text and "which takes up to 50 rows" in page.text
    assert _count(Candidate) == 0
    path = tmp_path / "people.csv"
    path.write_bytes(_big_csv(30))
    imported = runner.invoke(args=["candidates", "import", str(path), "--opening", str(opening.id)])
    assert imported.exit_code == 0 and _count(Candidate) == 30
    path.write_bytes(_big_csv(51))
    refused = runner.invoke(args=["candidates", "import", str(path), "--opening", str(opening.id)])
    assert refused.exit_code == 1 and "more than 50 rows" in refused.output
    assert _count(Candidate) == 30


def test_the_score_import_page_is_bounded_too(app, browser, scene, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 5)
    c, r, stage = scene.candidate.email, scene.interviewer.email, scene.opening.stages[1].name
    sheet = "candidate_email,rater_email,stage,criterion,rating,note\n" + "".join(
        f"{c},{r},{stage},{criterion},4,Seen in the panel\n"
        for criterion in ("copywriting", "design", "strategy", "analytics", "live_speaking", "adaptability"))
    browser.login(scene.manager)
    before = _count(Rating)
    page = _upload(browser, f"/openings/{scene.opening.id}/scores/import", sheet.encode(), "scores.csv")
    assert "more than 5 rows" in page.text and "flask scores import" in page.text
    assert _count(Rating) == before
