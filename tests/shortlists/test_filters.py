"""Shortlist filters and what-if weights read from a query string (pure)."""

from __future__ import annotations

from hiring.rubrics.store import available_rubrics
from hiring.shortlists.filters import ShortlistView, meets, parse_view


def _rubric(app):
    return next(r for r in available_rubrics(app.config["RUBRICS_DIR"]) if r.key == "social-media-manager")


def _parse(app, args):
    rubric = _rubric(app)
    return parse_view(args, rubric, rubric.default_weights(), stage_ids={1, 2}, types={"in_house", "agency"})


def test_minimums_and_weights_are_read_and_bad_values_are_named(app):
    view = _parse(app, {"min_analytics": "3", "min_design": "9", "w_strategy": "2.5", "w_copywriting": "-1",
                        "stage": "7", "type": "robot"})
    assert view.minimums == {"analytics": 3.0}
    assert view.weights["strategy"] == 2.5
    assert view.weights["copywriting"] == _rubric(app).criterion("copywriting").weight
    assert view.what_if and view.stage_id is None and view.type is None
    assert any("Design" in p and "1 to 5" in p for p in view.problems)
    assert any("Copywriting" in p for p in view.problems)
    assert any("stage" in p for p in view.problems) and any("robot" in p for p in view.problems)


def test_weights_equal_to_the_openings_are_not_a_what_if(app):
    rubric = _rubric(app)
    args = {f"w_{k}": str(v) for k, v in rubric.default_weights().items()}
    assert _parse(app, args).weights is None


def test_a_must_have_nobody_rated_is_not_met():
    view = ShortlistView(minimums={"analytics": 3.0})
    assert meets(view, stage_id=1, type="agency", means={"analytics": 3.0})
    assert not meets(view, stage_id=1, type="agency", means={"analytics": 2.99})
    assert not meets(view, stage_id=1, type="agency", means={})


def test_stage_and_type_filters():
    view = ShortlistView(stage_id=2, type="agency")
    assert meets(view, stage_id=2, type="agency", means={})
    assert not meets(view, stage_id=1, type="agency", means={})
    assert not meets(view, stage_id=2, type="in_house", means={})
