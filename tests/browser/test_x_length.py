"""The X counter a candidate sees in Chromium and the count reviewers are shown agree on every text.

The browser side is what the candidate's page really runs: the exercise page served by the app, with the
vendored twitter-text and static/js/counter.js loaded by its own script tags, asked through
``window.hiringCounter.measure`` (what the counter displays) and ``twttr.txt.parseTweet`` (the library
itself). The server side is ``measure`` from hiring/exercises/platforms.py, which the review page and the
autosave answer use. All texts go through one ``page.evaluate``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hiring.exercises.platforms import measure
from tests.exercises.mixed_posts import mixed_posts
from tests.helpers import make_candidate, make_invitation, make_opening

pytestmark = pytest.mark.browser

COUNT = 3000

IN_THE_PAGE = """texts => texts.map(t => {
  const x = window.hiringCounter.measure("x", t);
  const ig = window.hiringCounter.measure("instagram", t);
  return [x.length, x.flagged, x.exact, x.hashtags, ig.length, ig.flagged,
          window.twttr.txt.parseTweet(window.hiringCounter.normalise(t)).weightedLength];
})"""


@pytest.fixture()
def exercise_page(page):
    """The candidate's exercise page with the X field (scripts loaded by the page itself)."""
    _, token = make_invitation(make_candidate(make_opening(), name="Dewi Lestari"), ("launch-posts",))
    page.goto(f"/i/{token}")
    page.get_by_role("button", name=re.compile("Start the exercises")).click()
    page.wait_for_function("() => window.hiringCounter && window.twttr && window.twttr.txt")
    return page


def test_browser_and_server_agree_on_thousands_of_mixed_posts(exercise_page):
    texts = mixed_posts(seed=2026, count=COUNT)
    in_browser = exercise_page.evaluate(IN_THE_PAGE, texts)
    assert len(in_browser) == COUNT

    disagreements = []
    for text, (x_len, x_flagged, exact, tags, ig_len, ig_flagged, library) in zip(texts, in_browser, strict=True):
        x, ig = measure("x", text), measure("instagram", text)
        server = (x.length, x.flagged, True, x.hashtags, ig.length, ig.flagged, x.length)
        browser = (x_len, x_flagged, exact, tags, ig_len, ig_flagged, library)
        if server != browser:
            disagreements.append(f"{text!r}: server {server}, browser {browser}")
    assert not disagreements, (
        f"{len(disagreements)} of {COUNT} texts counted differently "
        "(x length, x flagged, exact, hashtags, instagram length, instagram flagged, parseTweet):\n"
        + "\n".join(disagreements[:40])
    )
    # The texts reach the rules that matter: URLs counted 23 (shorter or longer than they are), posts on
    # both sides of X's 280 and of Instagram's 30 hashtags.
    x = [measure("x", text) for text in texts]
    assert sum(1 for m, text in zip(x, texts, strict=True) if m.length != len(text)) > COUNT // 2
    assert 0 < sum(1 for m in x if m.over) < COUNT // 5
    assert 0 < sum(1 for text in texts if measure("instagram", text).too_many_hashtags) < COUNT // 20


def test_a_bare_domain_after_an_emoji_is_over_the_limit_for_the_candidate_and_the_reviewer(exercise_page):
    # 😀x.com is 2 + 23 = 25: with 256 more characters the post is 281, one over X's 280. (The browser
    # once counted the domain as 5 letters, 7 in all, and told the candidate the post fitted.)
    text = "😀x.com " + "a" * 255
    server = measure("x", text)
    assert (server.length, server.flagged, server.over_by) == (281, True, 1)

    field = exercise_page.locator("textarea[data-platform=x]")
    field.fill(text)
    counter = exercise_page.locator(f"[data-counter-for='{field.get_attribute('id')}']")
    expect(counter).to_contain_text("281 / 280")
    expect(counter).to_contain_text("1 character over the limit")
    expect(counter).to_have_class(re.compile(r"\bover\b"))
    field.fill(text[:-1])
    expect(counter).to_contain_text("280 / 280")
    expect(counter).not_to_have_class(re.compile(r"\bover\b"))
    assert not measure("x", text[:-1]).flagged
