"""One email rule for candidates, by hand and by import: a look-alike address is never a second
candidate in the same opening; an address in one script of any language is welcome."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from hiring.candidates.importing import check_rows, read_candidates
from hiring.candidates.models import Candidate
from hiring.candidates.operations import existing_emails
from hiring.extensions import db
from tests.candidates.test_import import _csv, _xlsx


def _fullwidth(email: str) -> str:
    """The same address typed with a fullwidth keyboard layout (ａｎａ@ｅｘａｍｐｌｅ.ｃｏｍ)."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in email)


def _cyrillic(email: str) -> str:
    """The same address with its Latin a/e/o swapped for Cyrillic look-alikes."""
    return email.translate(str.maketrans("aeo", "\u0430\u0435\u043e"))


def _form(scene, email: str) -> dict:
    return {"name": "Ana Twin", "email": email, "phone": "", "type": "freelancer", "language": "en",
            "stage": str(scene.opening.stages[0].id), "source": "", "notes": ""}


def _candidates(scene) -> set[str]:
    return set(db.session.scalars(select(Candidate.email).where(Candidate.opening_id == scene.opening.id)))


def test_a_fullwidth_copy_of_a_candidates_address_is_refused_as_the_same_candidate(browser, scene):
    browser.login(scene.manager)
    page = browser.submit(f"/openings/{scene.opening.id}/candidates/new",
                          _form(scene, _fullwidth(scene.candidate.email)))
    assert page.status_code == 200
    assert f"{scene.candidate.email} is already a candidate for this opening." in page.text
    assert _candidates(scene) == {scene.candidate.email}


def test_a_cyrillic_look_alike_of_a_candidates_address_is_refused_on_the_email_field(browser, scene):
    browser.login(scene.manager)
    page = browser.submit(f"/openings/{scene.opening.id}/candidates/new",
                          _form(scene, _cyrillic(scene.candidate.email)))
    assert page.status_code == 200
    assert "mixes Cyrillic and Latin letters" in page.text
    assert 'class="field has-error' in page.text
    assert _candidates(scene) == {scene.candidate.email}


@pytest.mark.parametrize("make_file, filename", [(_csv, "people.csv"), (_xlsx, "people.xlsx")])
def test_an_import_flags_fullwidth_copies_as_duplicates_and_refuses_look_alikes(scene, make_file, filename):
    email = scene.candidate.email
    rows = [["Ana Fullwidth", _fullwidth(email), "", "", "", "", "", ""],      # row 2
            ["Ana Cyrillic", _cyrillic(email), "", "", "", "", "", ""],        # row 3
            ["Bob", "bob@example.com", "", "", "", "", "", ""],                # row 4
            ["Bob Fullwidth", _fullwidth("bob@example.com"), "", "", "", "", "", ""]]  # row 5
    report = check_rows(read_candidates(make_file(rows), filename),
                        stage_names=[s.name for s in scene.opening.stages],
                        existing_emails=existing_emails(scene.opening))
    assert {r.row for r in report.duplicates} == {2, 5}
    assert [(p.row, p.column) for p in report.problems] == [(3, "email")]
    assert "mixes Cyrillic and Latin letters" in str(report.problems[0])
    assert [r.row for r in report.good] == [4]


def test_the_import_page_refuses_look_alikes(browser, scene):
    browser.login(scene.manager)
    data = _csv(rows=[["Ana Cyrillic", _cyrillic(scene.candidate.email), "", "", "", "", "", ""],
                      ["Ana Fullwidth", _fullwidth(scene.candidate.email), "", "", "", "", "", ""]])
    page = browser.submit(f"/openings/{scene.opening.id}/candidates/import",
                          {"file": (io.BytesIO(data), "people.csv")}, content_type="multipart/form-data")
    assert "Imported 0 candidates; 1 row with problems, 1 duplicate skipped." in page.text
    assert _candidates(scene) == {scene.candidate.email}


@pytest.mark.parametrize("email", ["प्रिया@उदाहरण.भारत", "王芳@例子.中国", "tanaka.たなか@example.jp",
                                   "josé@bücher.de", "olga@почта.рф", "hm2@x.test"])
def test_an_address_in_one_script_of_any_language_is_welcome(browser, scene, email):
    browser.login(scene.manager)
    page = browser.submit(f"/openings/{scene.opening.id}/candidates/new", _form(scene, email))
    assert page.status_code == 302, page.text
    assert email.lower() in _candidates(scene)
