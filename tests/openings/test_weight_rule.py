"""One rule for a criterion's weight: the rubric file, the CLI, create_opening, the weights page and the
shortlist's what-if weights accept and refuse the same numbers, in the same words."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select

from hiring.extensions import db
from hiring.openings.models import Opening
from hiring.rubrics.schema import RubricError, parse_rubric
from hiring.validation import ValidationError
from tests.helpers import make_opening

TOO_HEAVY = "must be a number from 0.01 to 100, not 150"


def _shipped_rubric_with(old: str, new: str) -> str:
    text = (Path(current_app.config["RUBRICS_DIR"]) / "social-media-manager.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_a_rubric_file_weighting_copywriting_150_is_refused(app):
    with pytest.raises(RubricError, match=f"criterion 'copywriting': weight {TOO_HEAVY}"):
        parse_rubric(_shipped_rubric_with("weight: 1.25", "weight: 150"), "social-media-manager.yaml")
    assert parse_rubric(_shipped_rubric_with("weight: 1.25", "weight: 100")).criterion("copywriting").weight == 100


def test_openings_create_refuses_a_weight_of_150(runner):
    result = runner.invoke(args=["openings", "create", "--title", "Social Lead", "--rubric",
                                 "social-media-manager", "--weight", "analytics=150"])
    assert result.exit_code == 1
    assert f"weight for criterion 'analytics' {TOO_HEAVY}" in result.output
    assert db.session.scalar(select(Opening)) is None


def test_create_opening_refuses_a_weight_of_150_and_accepts_100(app):
    with pytest.raises(ValidationError, match=f"weight for criterion 'analytics' {TOO_HEAVY}"):
        make_opening(weights={"analytics": 150})
    assert make_opening(weights={"analytics": 100}).weights["analytics"] == 100


def test_the_weights_page_refuses_150_in_the_same_words_and_accepts_100(browser, scene):
    browser.login(scene.manager)
    url = f"/openings/{scene.opening.id}/weights"
    form = {key: f"{weight:g}" for key, weight in scene.opening.weights.items()}
    page = browser.submit(url, form | {"analytics": "150"})
    assert page.status_code == 200
    assert f"The weight {TOO_HEAVY}." in page.text
    assert browser.submit(url, form | {"analytics": "100"}).status_code == 302
    db.session.expire_all()
    assert scene.opening.weights["analytics"] == 100


def test_what_if_refuses_150_in_the_same_words_and_reranks_with_100(browser, scene):
    browser.login(scene.manager)
    url = f"/openings/{scene.opening.id}/shortlist"
    page = html.unescape(browser.get(f"{url}?w_analytics=150").text)
    assert f"Weight for Analytics {TOO_HEAVY}; the opening's weight is used." in page
    assert "What-if weights: this ranking is not the opening's" not in page
    page = html.unescape(browser.get(f"{url}?w_analytics=100").text)
    assert "What-if weights: this ranking is not the opening's" in page
    assert "Weight for Analytics" not in page


def test_the_what_if_inputs_accept_the_openings_own_weights(browser, scene):
    """1.25 and 0.75 are not steps of 0.1 from 0.1: a browser would block *Apply* without a word."""
    assert {scene.opening.weights["copywriting"], scene.opening.weights["design"]} == {1.25, 0.75}
    browser.login(scene.manager)
    page = browser.get(f"/openings/{scene.opening.id}/shortlist").text
    for key, weight in scene.opening.weights.items():
        tag = re.search(rf'<input id="w_{key}"[^>]*>', page).group(0)
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag))
        assert attrs["step"] == "any", tag
        assert float(attrs["min"]) == 0.01 and float(attrs["max"]) == 100, tag
        assert float(attrs["value"]) == weight
