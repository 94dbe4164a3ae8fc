"""Long lists come a page at a time: the dashboard's candidates, those not on the shortlist, the audit trail."""

from __future__ import annotations

import re

from hiring.audit import queries as audit_queries
from hiring.audit import views as audit_views
from hiring.openings import views as opening_views
from hiring.shortlists import views as shortlist_views
from tests.helpers import make_candidate


def _names(page: str, names: list[str]) -> list[str]:
    return [n for n in names if f">{n}<" in page]


def test_dashboard_pages_through_candidates(browser, scene, monkeypatch):
    monkeypatch.setattr(opening_views, "PER_PAGE", 2)
    names = [scene.candidate.name] + [make_candidate(scene.opening, name=f"Person {i}").name for i in range(3)]
    browser.login(scene.manager)
    url = f"/openings/{scene.opening.id}"
    first, second = browser.get(url).text, browser.get(f"{url}?page=2").text
    assert len(_names(first, names)) == 2 and len(_names(second, names)) == 2
    assert set(_names(first, names)).isdisjoint(_names(second, names))
    assert "Candidates 1–2 of 4" in first and f'href="{url}?page=2"' in first
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_candidates_to_add_to_the_shortlist_page_separately_keeping_the_filters(browser, scene, monkeypatch):
    monkeypatch.setattr(shortlist_views, "OTHERS_PER_PAGE", 2)
    for i in range(4):
        make_candidate(scene.opening, name=f"Person {i}")
    browser.login(scene.manager)
    page = browser.get(f"/openings/{scene.opening.id}/shortlist?type=agency").text
    assert "1–2 of 5 not on the shortlist" in page
    assert re.search(r'href="[^"]*others=3[^"]*"', page) and "type=agency" in re.search(
        r'href="([^"]*others=3[^"]*)"', page).group(1)


def test_audit_trail_pages_newest_first(browser, scene, monkeypatch):
    monkeypatch.setattr(audit_queries, "PAGE_SIZE", 3)
    monkeypatch.setattr(audit_views, "PAGE_SIZE", 3)
    browser.login(scene.admin)
    first = browser.get("/admin/audit/").text
    total = int(re.search(r'class="count">(\d+)<', first).group(1))
    pages = -(-total // 3)
    assert f"Page 1 of {pages}, newest first" in first and first.count("<tr>") == 1 + 3
    last = browser.get(f"/admin/audit/?page={pages}").text
    assert last.count("<tr>") == 1 + (total - 3 * (pages - 1))
    assert "<code>user.create</code>" in last  # the oldest events: the scene's people were created first
