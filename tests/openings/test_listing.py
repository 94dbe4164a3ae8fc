"""The opening's candidate list, filtered by stage, type, decision and flags, sorted by any column;
links keep the view; figures a reader may not see are not sorted or filtered on either."""

from __future__ import annotations

import html
import re

from hiring.shortlists.operations import record_decision
from tests.helpers import _committed, make_candidate, submit_scorecard


def _names(browser, url: str) -> list[str]:
    page = html.unescape(browser.get(url).text)
    return re.findall(r'<td class="name"><a href="/candidates/\d+">([^<]+)</a>', page)


def test_filters_narrow_the_list_and_say_how_many(browser, scene):
    stages = scene.opening.stages
    a = make_candidate(scene.opening, name="Ana Agency", type="agency", stage=stages[1])
    make_candidate(scene.opening, name="Bea Freelancer", type="freelancer", stage=stages[1])
    make_candidate(scene.opening, name="Cai In-house", stage=stages[2])
    _committed(record_decision)(scene.manager, a, "hold", "Wait.")
    browser.login(scene.manager)
    base = f"/openings/{scene.opening.id}"
    assert sorted(_names(browser, f"{base}?stage={stages[1].id}")) == ["Ana Agency", "Bea Freelancer"]
    assert _names(browser, f"{base}?stage={stages[1].id}&type=agency") == ["Ana Agency"]
    assert _names(browser, f"{base}?decision=hold") == ["Ana Agency"]
    assert "Ana Agency" not in _names(browser, f"{base}?decision=none")
    page = html.unescape(browser.get(f"{base}?type=freelancer").text)
    assert "1 of 4 candidates" in page
    none = browser.get(f"{base}?type=agency&decision=reject").text
    assert "No candidate matches these filters." in html.unescape(none)
    assert len(_names(browser, f"{base}?stage=999999&type=robot")) == 4  # unknown values are ignored


def test_sorting_by_name_and_by_total_and_links_keep_the_view(browser, scene):
    low = make_candidate(scene.opening, name="Zed Low")
    high = make_candidate(scene.opening, name="Amy High")
    for candidate, value in ((low, 2), (high, 5)):
        submit_scorecard(scene.manager, candidate, scene.opening.stages[0], {"copywriting": value})
    browser.login(scene.manager)
    base = f"/openings/{scene.opening.id}"
    by_name = _names(browser, f"{base}?sort=name")
    assert by_name == sorted(by_name, key=str.casefold)
    assert _names(browser, f"{base}?sort=name&dir=desc") == list(reversed(by_name))
    by_total = _names(browser, f"{base}?sort=total")
    assert by_total.index("Amy High") < by_total.index("Zed Low")
    lowest_first = _names(browser, f"{base}?sort=total&dir=desc")
    assert lowest_first.index("Zed Low") < lowest_first.index("Amy High")
    page = browser.get(f"{base}?sort=name&type=in_house").text
    expected = f'href="/openings/{scene.opening.id}?type=in_house&amp;sort=name&amp;dir=desc"'
    assert 'aria-sort="ascending"' in page and expected in page


def test_a_rater_who_owes_a_scorecard_cannot_sort_or_filter_on_that_candidates_figures(browser, scene):
    owed = make_candidate(scene.opening, name="Owed Person")
    submit_scorecard(scene.manager, owed, scene.opening.stages[0], {"copywriting": 5})
    from hiring.interviews.operations import assign

    _committed(assign)(None, owed, scene.opening.stages[1], scene.manager)  # the manager now owes one
    browser.login(scene.manager)
    by_total = _names(browser, f"/openings/{scene.opening.id}?sort=total")
    assert by_total[-1] == "Owed Person"  # no total for them here: last, not first
