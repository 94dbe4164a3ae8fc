"""Possible duplicates: a hiring manager importing or adding someone the opening may already have
is told who, why and where (row or candidate page), and the record is kept for them to check."""

from __future__ import annotations

import html
import io

from sqlalchemy import event, select

from hiring.candidates.duplicates import DuplicateFinder, Person, Reason, name_key
from hiring.candidates.importing import check_rows, read_candidates
from hiring.candidates.models import Candidate
from hiring.candidates.queries import known_people
from hiring.extensions import db
from tests.helpers import make_candidate, make_opening

PRIYA = "प्रिया शर्मा"


def _csv(*rows: tuple[str, str, str]) -> bytes:
    lines = ["name,email,phone", *(",".join(f'"{v}"' for v in row) for row in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _import_page(browser, scene, data: bytes):
    browser.login(scene.manager)
    return browser.submit(f"/openings/{scene.opening.id}/candidates/import",
                          {"file": (io.BytesIO(data), "people.csv")}, content_type="multipart/form-data")


def _names(opening) -> list[str]:
    return sorted(db.session.scalars(select(Candidate.name).where(Candidate.opening_id == opening.id)))


def test_importing_an_existing_candidates_name_and_phone_with_another_email_reports_a_possible_duplicate(
        browser, scene):
    priya = make_candidate(scene.opening, name=PRIYA, email="priya@example.com", phone="+91 98765 43210")
    page = _import_page(browser, scene, _csv(("José Martínez", "jose@example.com", ""),
                                             (PRIYA, "priya.sharma@gmail.com", "+91 98765 43210")))
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Imported 2 candidates;" in text, "a possible duplicate may be another person: it is imported"
    assert "1 imported row may be a candidate you already have" in text
    assert (f'Possible duplicate of <a href="/candidates/{priya.id}">{PRIYA}</a> (existing candidate): '
            "same name and phone") in page.text, "a link to the candidate she may be"
    row = text[text.index("priya.sharma@gmail.com"):]
    assert "Possible duplicate" in row[:row.index("</tr>")], "the note is on row 3, the row that repeats her"
    assert _names(scene.opening) == sorted([scene.candidate.name, "José Martínez", PRIYA, PRIYA])


def test_the_cli_import_names_the_row_and_the_existing_candidate(runner, tmp_path):
    opening = make_opening()
    priya = make_candidate(opening, name=PRIYA, email="priya@example.com", phone="+91 98765 43210")
    path = tmp_path / "people.csv"
    path.write_bytes(_csv((PRIYA, "priya.sharma@gmail.com", "098765 43210")))
    result = runner.invoke(args=["candidates", "import", str(path), "--opening", str(opening.id)])
    assert result.exit_code == 0
    assert "Imported 1 candidate;" in result.output
    assert (f"row 2: imported; possible duplicate of {PRIYA} (existing candidate {priya.id}): "
            "same name and phone") in result.output


def test_two_rows_of_one_file_for_the_same_person_are_reported_with_the_earlier_row(browser, scene):
    page = _import_page(browser, scene, _csv((PRIYA, "priya@example.com", "+91 98765 43210"),
                                             ("Budi Santoso", "budi@example.com", ""),
                                             (PRIYA, "priya.work@example.com", "+91-98765-43210")))
    text = html.unescape(page.text)
    assert f"Possible duplicate of {PRIYA} (row 2): same name and phone" in text
    assert text.count("Possible duplicate of") == 1, "the first of the two is not a duplicate of the second"
    assert _names(scene.opening).count(PRIYA) == 2


def test_a_different_person_with_the_same_name_but_another_phone_and_email_is_not_flagged(browser, scene):
    make_candidate(scene.opening, name=PRIYA, email="priya@example.com", phone="+91 98765 43210")
    page = _import_page(browser, scene, _csv((PRIYA, "priya.s@example.org", "+91 91234 56789"),
                                             (PRIYA, "another.priya@example.org", "")))
    text = html.unescape(page.text)
    assert "Imported 2 candidates;" in text
    assert "Possible duplicate of" not in text and "may be a candidate" not in text


def test_the_rule_compares_names_in_any_script_without_stripping_their_marks():
    finder = DuplicateFinder([Person(PRIYA, "priya@example.com", "+91 98765 43210", candidate_id=1),
                              Person("José Martínez", "jose@example.com", "+34 600 123 456", candidate_id=2),
                              Person("王芳", "wang@example.com", "+86 138 0000 1234", candidate_id=3)])
    # Extra and odd spaces, a zero-width joiner, case and fullwidth forms are the same name…
    assert name_key("  प्रिया\u00a0\u200dशर्मा ") == name_key(PRIYA)
    assert name_key("ＪＯＳÉ  martínez") == name_key("José Martínez")
    [same] = finder.find(Person("王芳", "fang@example.org", "138 0000 1234"))
    assert (same.of.candidate_id, same.reason) == (3, Reason.NAME_AND_PHONE)
    # …but a vowel sign or an accent is part of the name: 'प्रिय' is not 'प्रिया', 'Jose' is not 'José'.
    assert finder.find(Person("प्रिय शर्मा", "p@example.org", "+91 98765 43210"))[0].reason == Reason.PHONE
    assert finder.find(Person("Jose Martinez", "jose@example.com", "")) == []
    [by_email] = finder.find(Person("josé martínez", "JOSE@example.com", ""))
    assert by_email.reason == Reason.NAME_AND_EMAIL
    assert finder.find(Person("Amara Okafor", "amara@example.com", "+91 98765 43210"))[0].reason == Reason.PHONE


def test_the_opening_is_read_in_one_query_and_other_openings_are_left_out():
    opening, other = make_opening(), make_opening(title="Community Manager")
    make_candidate(opening, name=PRIYA, email="priya@example.com", phone="+91 98765 43210")
    make_candidate(other, name=PRIYA, email="priya@example.com", phone="+91 98765 43210")
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        people = known_people(opening)
        assert len(people) == 1
        report = check_rows(read_candidates(_csv(*[(PRIYA, f"p{i}@example.org", "+91 98765 43210")
                                                   for i in range(50)]), "x.csv"),
                            stage_names=[], existing_people=people)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    reads = [s for s in statements if "FROM candidates" in s]
    assert len(reads) == 1, "one query for the opening's candidates, none per row"
    assert len(report.possible_duplicates) == 50
    assert [d.of.candidate_id for d in report.rows[0].possible_duplicates] == [people[0].candidate_id]


def test_adding_by_hand_someone_with_an_existing_candidates_name_and_phone_warns_and_adds(browser, scene):
    priya = make_candidate(scene.opening, name=PRIYA, email="priya@example.com", phone="+91 98765 43210")
    browser.login(scene.manager)
    page = browser.submit(f"/openings/{scene.opening.id}/candidates/new",
                          {"name": PRIYA, "email": "priya.sharma@gmail.com", "phone": "+91 98765 43210",
                           "type": "freelancer", "language": "hi", "stage": str(scene.opening.stages[0].id),
                           "source": "", "notes": ""}, follow_redirects=True)
    text = html.unescape(page.text)
    assert f"Possible duplicate of {PRIYA} (candidate {priya.id}): same name and phone" in text
    assert _names(scene.opening).count(PRIYA) == 2
