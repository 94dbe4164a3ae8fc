"""The dashboard's figures, as a hiring manager reads them: totals with intervals for everyone, the
probabilities in plain words, leniency with intervals, agreement per criterion and the D-study."""

from __future__ import annotations

import html
import math
import re

import pytest
from flask import current_app

from hiring.auth.models import Role
from hiring.demo import DEMO_PASSWORD, USERS, load_demo
from hiring.openings.operations import add_team_member
from hiring.reports.dstudy import d_study_sentence, next_panel
from hiring.scoreboards import opening_scoreboard
from hiring.shortlists.operations import add_to_shortlist
from tests.helpers import make_candidate, make_user, submit_scorecard

ALL = ("platform_knowledge", "copywriting", "design", "customer_service", "live_speaking", "analytics",
       "strategy", "adaptability")


def text_of(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags dropped, entities decoded, spaces collapsed."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    return re.sub(r" ([.,;)])", r"\1", text)


def element(page: str, pattern: str) -> str:
    match = re.search(pattern, page, re.S)
    assert match, pattern
    return match.group(1)


def section(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


@pytest.fixture()
def demo(app, browser):
    opening = load_demo(current_app.config["RUBRICS_DIR"])
    manager = next(u for u in USERS if u.role == Role.HIRING_MANAGER)
    browser.login(manager.email, DEMO_PASSWORD)
    return opening, browser.get(f"/openings/{opening.id}").text


def test_dashboard_says_how_many_raters_are_enough_with_the_d_study_numbers(demo):
    opening, page = demo
    study = opening_scoreboard(opening).d_study
    assert study is not None and study.reason is None and study.current is not None
    line = text_of(element(page, r'<p class="d-study" id="d-study">(.*?)</p>'))
    assert line == d_study_sentence(study)
    # The sentence's numbers, one by one, from the model's D-study.
    raters = f"{round(study.current_raters, 1):g}"
    assert line.startswith(f"With {raters} raters per candidate the total's reliability is {study.current:.2f} "
                           f"(90% interval {study.current_low:.2f}–{study.current_high:.2f}).")
    ahead = next_panel(study)
    assert ahead == math.ceil(study.current_raters + 1)  # the demo: 2.4 raters now, so 4
    assert f"{ahead} raters would reach {study.by_raters[ahead]:.2f}" in line
    assert study.needed_for_80 is not None and study.needed_for_80 <= 8
    assert line.endswith(f"0.80 needs {study.needed_for_80} raters.")
    # And the reliability of the total at every panel size from 1 to 8.
    sizes = element(page, r'<ol class="d-study-sizes"[^>]*>(.*?)</ol>')
    shown = re.findall(r'<span class="d-study-n">(\d+) raters?</span> <strong class="d-study-value">([\d.]+)</strong>',
                       sizes)
    assert shown == [(str(n), f"{study.by_raters[n]:.2f}") for n in range(1, 9)]
    assert sizes.count('class="reaches"') == sum(value >= 0.8 for value in study.by_raters.values())


def test_raters_and_agreement_shows_each_raters_leniency_with_its_interval(demo):
    opening, page = demo
    board = opening_scoreboard(opening)
    table = section(page, '<table class="table table-stack leniency">', "</table>")
    rows = table.split("<tr>")[2:]  # after the header row
    assert len(rows) == len(board.leniency) == 3
    for r, row in zip(board.leniency, rows, strict=True):
        seen = text_of(row)
        assert f"{r.offset:+.2f} 90% interval {r.low:+.2f} to {r.high:+.2f}" in seen, seen
        # A rater is called lenient or harsh only when the interval leaves out 0.
        assert ("lenient" in seen) == (r.low > 0) and ("harsh" in seen) == (r.high < 0), seen
    # The demo's Chen Wei rates high and its manager a little low: both intervals exclude 0.
    assert "lenient" in text_of(rows[0]) and "harsh" in text_of(rows[-1])


def test_agreement_shows_icc_k_with_its_interval_and_the_dependability_of_the_total(demo):
    opening, page = demo
    reliability = opening_scoreboard(opening).reliability
    card = section(page, "<h3>Agreement between raters</h3>", "</table>")
    overall = reliability["overall"]
    assert (f"Weighted total: dependability Φ {overall['dependability']:.2f} "
            f"(90% interval {overall['ci']['low']:.2f}–{overall['ci']['high']:.2f})") in text_of(card)
    assert "All criteria" not in page and "Overall:" not in page  # the pooled figure is gone
    for c in opening.rubric.criteria:
        figures = reliability["criteria"][c.key]
        row = text_of(element(card, rf"<tr><td>{re.escape(html.escape(c.name))}</td>(.*?)</tr>"))
        assert row.startswith(f"{figures['icc2_k']:.2f} 90% interval "
                              f"{figures['ci']['low']:.2f}–{figures['ci']['high']:.2f} {figures['icc2_1']:.2f}"), row


def test_every_total_has_an_interval_and_the_key_says_what_the_figures_mean(demo):
    opening, page = demo
    board = opening_scoreboard(opening)
    table = section(page, 'aria-label="Candidates"', "</table>")
    assert "one rater" not in page and "resampl" not in page and "bootstrap" not in page
    for score in board.candidates:
        assert score.low is not None and score.high is not None
        assert f"{score.low:.2f}–{score.high:.2f}" in table
    assert f"In top {board.k}</th>" in table
    key = text_of(element(page, r'<div class="section-note muted board-key" id="board-key">(.*?)</div>'))
    assert ("the range the candidate's true score — what the rubric would give over many raters — lies in "
            "9 times out of 10") in key
    assert "“Ahead of next” is the probability that this candidate's true score is above the next one's" in key
    assert f"“In top {board.k}” is the probability that the candidate is among the opening's {board.k} best" in key
    assert f"{board.k} is the shortlist's size" in key  # the demo has a shortlist
    # The demo has incomplete candidates: ranked after every complete one, and the key says so.
    flags = [s.incomplete for s in board.candidates]
    assert any(flags) and flags == sorted(flags)
    assert "the total includes a prediction for them" in key and "ranked after every fully rated one" in key


def test_adjusted_view_explains_the_adjustment_without_calling_its_intervals_too_narrow(demo, browser):
    opening, _page = demo
    page = browser.get(f"/openings/{opening.id}?adjusted=1").text
    key = text_of(element(page, r'<div class="section-note muted board-key" id="board-key">(.*?)</div>'))
    assert "Rater-adjusted totals" in key and "too narrow" not in key
    board = opening_scoreboard(opening, adjust_leniency=True)
    first = board.candidates[0]
    assert f"{first.adjusted.total:.2f}" in page and f"{first.adjusted.low:.2f}–{first.adjusted.high:.2f}" in page


def test_a_single_rater_gets_a_wide_interval_and_k_is_five_without_a_shortlist(browser, scene):
    """Six candidates, five rated by two raters and one by a single rater: that one has an interval
    too (wider than the others'), and "In top 5" says where its 5 comes from."""
    second = make_user(Role.INTERVIEWER, name="Second Rater")
    add_team_member(None, scene.opening, second, Role.INTERVIEWER)
    stage = scene.opening.stages[0]
    for i in range(5):
        person = make_candidate(scene.opening, name=f"Pair {i}")
        for rater, bump in ((scene.interviewer, 0), (second, 1)):
            submit_scorecard(rater, person, stage, {k: min(5, 1 + (i + bump + j) % 5) for j, k in enumerate(ALL)})
    alone = make_candidate(scene.opening, name="Only One")
    submit_scorecard(scene.interviewer, alone, stage, {k: 3 for k in ALL})
    board = opening_scoreboard(scene.opening)
    single = board.for_candidate(alone.id)
    assert single.single_rater and single.low is not None and single.high is not None
    pair = board.for_candidate(next(s.candidate for s in board.candidates if s.n_raters == 2 and not s.incomplete))
    assert single.high - single.low > pair.high - pair.low

    browser.login(scene.manager)
    page = browser.get(f"/openings/{scene.opening.id}").text
    row = section(page, ">Only One</a>", "</tr>")
    assert f"{single.low:.2f}–{single.high:.2f}" in row and "one rater" not in page
    key = text_of(element(page, r'<div class="section-note muted board-key" id="board-key">(.*?)</div>'))
    assert board.k == 5 and "5 because the opening has no shortlist yet" in key

    add_to_shortlist(scene.manager, alone)
    add_to_shortlist(scene.manager, scene.candidate)
    page = browser.get(f"/openings/{scene.opening.id}").text
    key = text_of(element(page, r'<div class="section-note muted board-key" id="board-key">(.*?)</div>'))
    assert "“In top 2”" in key and "2 is the shortlist's size" in key


def test_figures_the_ratings_cannot_estimate_show_the_reason(browser, scene):
    """Three candidates, each rated by one rater: no reliability can be estimated, and the page says why
    instead of printing a number."""
    stage = scene.opening.stages[0]
    for i in range(3):
        submit_scorecard(scene.interviewer, make_candidate(scene.opening, name=f"Solo {i}"), stage,
                         {k: 2 + i for k in ALL})
    board = opening_scoreboard(scene.opening)
    assert board.d_study.reason and board.reliability["overall"]["reason"]
    browser.login(scene.manager)
    page = browser.get(f"/openings/{scene.opening.id}").text
    line = text_of(element(page, r'<p class="d-study" id="d-study">(.*?)</p>'))
    assert line == f"The total's reliability cannot be estimated yet: {board.d_study.reason}."
    assert '<ol class="d-study-sizes"' not in page
    card = text_of(section(page, "<h3>Agreement between raters</h3>", "</table>"))
    assert f"Weighted total: — {board.reliability['overall']['reason']}" in card
    for c in scene.opening.rubric.criteria:
        reason = board.reliability["criteria"][c.key]["reason"]
        assert reason and reason in card
