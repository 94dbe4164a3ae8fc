"""X's weighted length on the server is twitter-text's (the JavaScript the candidate's browser runs).

Expected numbers are twitter-text 3.1.0's ``parseTweet(text).weightedLength``, taken from the library
itself, not from our port. tests/browser/test_x_length.py checks thousands more texts against it in Chromium.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from hiring.exercises.platforms import count_hashtags, measure, x_weighted_length
from tests.exercises.mixed_posts import mixed_posts

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor" / "twitter-text"

TWITTER_TEXT = [
    # A bare domain straight after an emoji is a URL (23): the browser once said 7 and 13 here.
    ("😀x.com", 25),
    ("😀www.test.co", 25),
    ("👍🏽x.com", 25),
    ("🇮🇩toko.id", 25),
    ("😀x.com/a", 25),
    ("中x.com", 25),
    ("。x.com", 25),
    ("a😀x.com", 26),
    ("😀 x.com", 26),
    ("x.com", 23),
    # ...but not after - _ / @ (the domain is part of something else).
    ("-x.com", 6),
    ("_x.com", 6),
    ("/x.com", 6),
    ("@x.com", 6),
    # JavaScript sees the emoji's second half as the start of the domain's first label, which makes the
    # label's punycode longer than 63: no URL. The same label alone is one.
    ("😀" + "a" * 60 + ".com", 66),
    ("a" * 60 + ".com", 23),
    # Case folds by JavaScript's rule: ſ is no s there.
    ("x.ſite", 6),
    ("x.site", 23),
    ("ſx.com", 24),
    # t.co links stop after the slug; a slug over 40 characters is no t.co link.
    ("https://t.co/abc?x=1", 23),
    ("https://t.co/" + "a" * 45, 58),
    ("例子.com", 8),  # no ASCII-only domain in it
    ("新品上市 https://example.com/refill?utm=launch 🌱", 35),
    ("👨‍👩‍👧‍👦", 2),
    ("e\u0301", 1),  # NFC
    ("नमस्ते", 6),
]


@pytest.mark.parametrize(("text", "expected"), TWITTER_TEXT)
def test_x_length_is_twitter_texts(text, expected):
    assert x_weighted_length(text) == expected
    assert measure("x", text).length == expected


def test_the_candidates_counter_and_the_reviewers_flag_are_one_rule():
    text = "😀x.com " + "a" * 255  # 25 + 1 + 255
    assert (measure("x", text).length, measure("x", text).flagged) == (281, True)
    assert not measure("x", text[:-1]).flagged
    assert measure("x", text, limit=281).flagged is False


def test_the_vendored_twitter_text_is_the_documented_build():
    """The browser's library is the build its README describes, byte for byte: a hand edit (as once made
    to its IDNA check, which stopped URLs after emoji) would make the browser and the server disagree."""
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    documented = re.search(r"sha256 `([0-9a-f]{64})`", readme).group(1)
    assert hashlib.sha256((VENDOR / "twitter-text.min.js").read_bytes()).hexdigest() == documented


def test_hashtags_after_a_url_and_a_byte_order_mark_count_as_in_the_browser():
    # JavaScript's \s includes U+FEFF, Python's does not: the URL ends there on both sides now.
    assert count_hashtags("https://x.com\ufeff#tag") == 1
    assert count_hashtags("https://x.com/#tag") == 0
    assert count_hashtags("www.x.com #tag #美食") == 2


def test_mixed_posts_are_seeded_and_varied():
    texts = mixed_posts(seed=7, count=500)
    assert texts == mixed_posts(seed=7, count=500) != mixed_posts(seed=8, count=500)
    assert len(texts) == 500 and "😀x.com" in texts
    joined = "".join(texts)
    for needle in ("\u200d", "🏽", "https://", "www.", "#", "@", "\r\n", "\u0301", "्"):
        assert needle in joined
