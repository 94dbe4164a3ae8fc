"""Find anyone: /search by name or email, ignoring case and accents, in any script, within the
openings one is on; erased candidates are not found; possible duplicates are flagged."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select, update

from hiring.auth.models import Role
from hiring.candidates.models import Candidate
from hiring.candidates.search import like_pattern, query_words, search_key
from hiring.extensions import db
from hiring.openings.operations import add_team_member
from hiring.privacy.operations import anonymise_candidate, erase_candidate
from hiring.timeutil import utcnow
from tests.helpers import _committed, make_candidate, make_opening, make_user


def _found(browser, query: str) -> list[str]:
    page = browser.get("/search", query_string={"q": query})
    assert page.status_code == 200
    return [html.unescape(name) for name in re.findall(r'<a href="/candidates/\d+">([^<]+)</a>', page.text)]


@pytest.mark.parametrize("text, key", [
    ("José Martínez", "jose martinez"), ("ÇAĞLAR Ñuñez", "caglar nunez"), ("Nguyễn Thị Lan", "nguyen thi lan"),
    ("王芳", "王芳"), ("प्रिया शर्मा", "प्रिया शर्मा"), ("Ｗａｎｇ", "wang"), ("Zo\u200beë", "zoee"), ("  a   b ", "a b"),
    ("Straße", "strasse"), ("Ελένη", "ελενη"),
])
def test_the_search_key_folds_case_accents_and_width_but_keeps_other_scripts_marks(text, key):
    assert search_key(text) == key


def test_a_query_is_read_the_same_way_and_its_wildcards_are_literal():
    assert query_words("  JOSÉ  ma ") == ["jose", "ma"]
    assert query_words("") == [] and query_words("   ") == []
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_names_are_found_whatever_the_case_accents_or_script(browser, scene):
    for name in ("José Martínez", "王芳", "प्रिया शर्मा", "Siti Rahmawati", "Jose Lopez"):
        make_candidate(scene.opening, name=name)
    browser.login(scene.manager)
    assert _found(browser, "jose") == ["Jose Lopez", "José Martínez"]  # by name as searches read it
    assert _found(browser, "JOSÉ") == ["Jose Lopez", "José Martínez"]
    assert _found(browser, "王") == ["王芳"]
    assert _found(browser, "प्रिया") == ["प्रिया शर्मा"]
    assert _found(browser, "martinez jose") == ["José Martínez"]  # every word, in any order
    assert _found(browser, "siti rahma") == ["Siti Rahmawati"]
    assert _found(browser, "nobody-like-this") == []


def test_an_email_finds_its_candidate_and_wildcards_match_only_themselves(browser, scene):
    make_candidate(scene.opening, name="Budi Santoso", email="budi_s@example.com")
    make_candidate(scene.opening, name="Budi Santoso", email="budi.s@example.com")
    browser.login(scene.manager)
    assert _found(browser, "BUDI_S@") == ["Budi Santoso"]
    assert _found(browser, "%") == [] and _found(browser, "_") == ["Budi Santoso"]


def test_only_the_openings_one_is_on_are_searched(browser, scene):
    other = make_opening(make_user(Role.HIRING_MANAGER), title="Community Lead")
    make_candidate(other, name="Hidden Person")
    make_candidate(scene.opening, name="Visible Person")
    browser.login(scene.outsider)  # a hiring manager of no opening here
    assert _found(browser, "person") == []
    browser.logout()
    browser.login(scene.interviewer)  # on the scene's opening only
    assert _found(browser, "person") == ["Visible Person"]
    browser.logout()
    browser.login(scene.admin)
    assert _found(browser, "person") == ["Hidden Person", "Visible Person"]


def test_erased_and_anonymised_candidates_are_not_found_by_their_old_name_or_email(browser, scene):
    gone = make_candidate(scene.opening, name="Erin Example", email="erin@example.com")
    purged = make_candidate(scene.opening, name="Petra Purged", email="petra@example.com")
    _committed(erase_candidate)(None, gone)
    _committed(anonymise_candidate)(None, purged, retention_days=1, now=utcnow())
    browser.login(scene.admin)
    assert _found(browser, "erin") == [] and _found(browser, "petra") == [] and _found(browser, "erased") == []


def test_the_search_key_follows_every_change_of_name_or_email(app, scene):
    candidate = make_candidate(scene.opening, name="Ana Souza", email="ana@example.com")
    assert candidate.search_text == "ana souza ana@example.com"
    candidate.name = "Ána Lima"
    assert candidate.search_text == "ana lima ana@example.com"
    candidate.email = "ANA.LIMA@example.com"
    assert candidate.search_text == "ana lima ana.lima@example.com"
    db.session.rollback()


def test_two_records_of_one_person_are_flagged_and_told_apart(browser, scene):
    make_candidate(scene.opening, name="Budi Santoso", email="budi1@example.com", phone="+62 812 3456 7890")
    make_candidate(scene.opening, name="Budi Santoso", email="budi2@example.com", phone="0812 3456 7890")
    browser.login(scene.manager)
    page = html.unescape(browser.get("/search?q=budi").text)
    assert page.count("possible duplicate of Budi Santoso") == 2
    assert "budi1@example.com" in page and "budi2@example.com" in page


def test_results_come_a_page_at_a_time(browser, scene):
    for number in range(53):
        make_candidate(scene.opening, name=f"Page Person {number:02d}")
    browser.login(scene.manager)
    first = browser.get("/search?q=page+person").text
    assert "53 candidates found" in html.unescape(first) and len(_found(browser, "page person")) == 50
    assert _found_page(browser, "page person", 2) == ["Page Person 50", "Page Person 51", "Page Person 52"]
    assert browser.get("/search?q=page+person&page=99").status_code == 200


def _found_page(browser, query: str, page: int) -> list[str]:
    text = browser.get("/search", query_string={"q": query, "page": page}).text
    return [html.unescape(name) for name in re.findall(r'<a href="/candidates/\d+">([^<]+)</a>', text)]


def test_the_migration_fills_the_key_of_existing_candidates(app, scene):
    from flask_migrate import downgrade, upgrade

    make_candidate(scene.opening, name="Zoë Dubois", email="zoe@example.com")
    db.session.execute(update(Candidate).values(search_text=""))
    db.session.commit()
    db.session.remove()
    downgrade(directory=app.config["MIGRATIONS_DIR"], revision="0016_invitation_language")
    upgrade(directory=app.config["MIGRATIONS_DIR"])
    keys = db.session.scalars(select(Candidate.search_text).where(Candidate.name == "Zoë Dubois")).all()
    assert keys == ["zoe dubois zoe@example.com"]


def test_a_team_member_added_later_finds_the_openings_candidates(browser, scene):
    newcomer = make_user(Role.INTERVIEWER)
    make_candidate(scene.opening, name="Lin Wen")
    browser.login(newcomer)
    assert _found(browser, "lin") == []
    _committed(add_team_member)(None, scene.opening, newcomer, Role.INTERVIEWER)
    assert _found(browser, "lin") == ["Lin Wen"]
