"""The baseline of the page benchmarks: a bare Flask app rendering the same markup for the same rows.

No database, no session, no login, no authorization, no scoring: each route renders rows from Python
lists built once in `make_app`, with templates (`bench/templates/`) that copy the real page's markup
element for element: the same header, navigation, user menu and footer as `templates/base.html`, the
same tables with their classes, `data-label` attributes and visually-hidden spans, the same badges,
explanatory paragraphs, pagination nav and per-row forms and buttons (with a hidden CSRF-like input
where the real page has one), and on the comparison the real inline radar SVG as a constant string
(`bench/templates/_radar.svg`, copied from a real page, not computed). Links are made with `url_for` per link against
stub routes with the real URL rules, so they come out the same; Jinja autoescape is on and numbers
are formatted the same way. `make_app(shape)` takes how many rows of each kind the real pages showed
(`bench/pages.py::_shape`), and the API baseline `jsonify`s as many candidate objects as the real
API returned, with the same keys and nesting.

So the two render the same amount of HTML (JSON) for the same rows, and the ratio measures what the
real page adds: the database, the session, authorization and scoring. `bench/pages.py` checks that
it stays like for like: each baseline response must be within 0.8–1.25× the real page's size in
bytes, or `<page>_baseline_size` is reported as missed.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, jsonify, render_template, url_for

TITLE = "Social Media Manager — bench big"
CRITERIA = [("platform_knowledge", "Platform knowledge", "skill", 1.0), ("copywriting", "Copywriting", "skill", 1.25),
            ("design", "Design", "skill", 0.75), ("customer_service", "Customer service and community", "skill", 1.0),
            ("live_speaking", "Live speaking and interviewing", "skill", 0.75),
            ("analytics", "Analytics", "skill", 1.5), ("strategy", "Strategy", "skill", 1.5),
            ("adaptability", "Adaptability", "trait", 1.0)]
WORK_SAMPLE = ("platform_knowledge", "copywriting", "analytics", "strategy")  # the criteria its kit rates
STAGES = ["Screen", "Work sample", "Panel interview", "Final"]
TYPES = [("in_house", "In-house"), ("freelancer", "Freelancer"), ("agency", "Agency")]
LANGUAGES = ["中文", "हिन्दी", "Español", "Bahasa Indonesia", "English"]
NAMES = ["王芳", "प्रिया शर्मा", "José Martínez", "Siti Rahmawati", "さくら 田中", "김민준", "Zoë Dubois",
         "Amara Okafor"]
NOTES = ["Walked through a TikTok series that doubled saves in six weeks, with the numbers.",
         "Gave one example, thin on measurement; could not say what the goal was.",
         "Clear reasoning per platform; adapted the copy for LinkedIn without being asked.",
         "Answered with generalities; no result of their own."]
REVIEW_NOTE = "The recommendation follows from the numbers."
LABELS = {1: "Not shown", 2: "Below the bar", 3: "Meets the bar", 4: "Above the bar", 5: "Sets the bar"}
ANCHORS = {  # one criterion's anchors, used for every criterion: the same length of text per cell
    1: "Cannot say which numbers to look at, or misreads them, e.g. treats impressions as people reached or "
       "compares a percentage with a raw count.",
    2: "Describes networks only by who uses them (\"TikTok is for teenagers\"); cannot say which formats each one "
       "favours or name a practical limit such as caption length or how links are handled.",
    3: "Names the campaign's goal and two or three metrics that follow from it (e.g. link clicks and sign-ups for "
       "a lead goal), compares results with a previous period or benchmark, and states one conclusion the data "
       "supports.",
    4: "Sets the benchmark before the campaign, compares rates (per reach, per follower) rather than raw totals, "
       "points out when a difference is too small or the period too short to conclude anything, and recommends a "
       "concrete change based on the numbers.",
    5: "Links social results to business outcomes through tracking they set up or specify (UTM links, conversion "
       "events, promo codes), compares performance with competitors or industry figures, and writes a one-page "
       "report a leader can act on, stating what the data does not show.",
}
RECOMMENDATIONS = [("strong_no", "Strong no"), ("no", "No"), ("yes", "Yes"), ("strong_yes", "Strong yes")]
DECISION_KINDS = [("advance", "Advance"), ("hold", "Hold"), ("reject", "Reject"), ("offer", "Offer")]
DECISION = "Strong analytics; check references."
EXERCISES = [("Two weeks of campaign numbers", "submitted"), ("Launch posts for four networks", "submitted")]
QUESTIONS = [  # the auto-graded items of an exercise and how an answer of 4.2 was graded
    ("What was the engagement rate on Instagram, in %? (Within 0.1 points counts as right.)",
     "expected 4.38 % ± 0.1, got 4.2"),
    ("What was the click-through rate on LinkedIn, in %? (Within 0.1 points counts as right.)",
     "expected 0.95 % ± 0.1, got 4.2"),
    ("By how much did the TikTok follower count grow from the first TikTok post to the last, in %? "
     "(Within 0.1 points counts as right.)", "expected 3.46 % ± 0.1, got 4.2"),
    ("What was the week-over-week change in total engagements across all four networks, in %? Use a minus sign "
     "for a fall. (Within 0.5 points counts as right.)", "expected -73.53 % ± 0.5, got 4.2"),
    ("Which network had the highest engagement rate?", "expected tiktok, got 4.2 (not one of the options)"),
    ("Which post had the highest engagement rate (engagements ÷ impressions)? Give its post_id.",
     "expected TT-02, got 4.2 (not one of the options)"),
]
STDS = [0.0, 0.4472135954999579, 0.5477225575051661, 0.7071067811865476, 0.8366600265340756,
        0.8944271909999159, 1.0954451150103321, 1.224744871391589]  # standard deviations of 4-5 ratings
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"]
RUBRIC_VERSION = {"id": 1, "title": "Social media manager", "label": "2026.1", "short_hash": "d0f0064bc8"}
RUBRIC_HASH = "d0f0064bc8ffae20b01f1023ad2dad50786c4568d45b8569c201e157ec0d1fb2"
# A fixed stand-in for the per-session CSRF token, as long as a real one (the baseline has no session).
CSRF_TOKEN = "ImJhc2VsaW5lLWNzcmYtdG9rZW4tbm90LWEtc2VjcmV0LWF0LWFsbC0wMDAwMDAi.aw9b6A.bAsElInE-NoSeSsIoN-0000000"
PER_PAGE = 50
# The dashboard's D-study as the real page words it for `big` (hiring.reports.dstudy.d_study_parts: text and
# whether it is set in bold) and its reliability by raters per candidate: fixed values, not computed.
D_STUDY = [("With ", False), ("5.1", True), (" raters per candidate the total's reliability is ", False),
           ("0.97", True), (" (90% interval 0.96–0.97)", False), (".", False), (" ", False), ("7 raters", True),
           (" would reach ", False), ("0.98", True), ("; ", False), ("0.80 needs ", False), ("1 rater", True),
           (".", False)]
D_STUDY_BY_RATERS = {1: 0.853, 2: 0.921, 3: 0.946, 4: 0.959, 5: 0.967, 6: 0.972, 7: 0.976, 8: 0.979}
# The real app's URL rules for every link the pages make, served here by a stub, so that `url_for` builds
# the same URLs (endpoint names without the blueprints' dots).
LINKS = {
    "openings_index": "/openings/", "my_scorecards": "/scorecards/", "reviews": "/reviews/",
    "rubrics_index": "/rubrics/", "logout": "/logout",
    "openings_show": "/openings/<int:opening_id>", "openings_edit": "/openings/<int:opening_id>/edit",
    "candidates_new": "/openings/<int:opening_id>/candidates/new",
    "candidates_import": "/openings/<int:opening_id>/candidates/import",
    "import_scores": "/openings/<int:opening_id>/scores/import",
    "openings_weights": "/openings/<int:opening_id>/weights", "openings_team": "/openings/<int:opening_id>/team",
    "interviews_kit": "/openings/<int:opening_id>/stages/<int:stage_id>/kit",
    "shortlists_show": "/openings/<int:opening_id>/shortlist", "shortlists_export": "/openings/<int:opening_id>/export",
    "shortlists_compare": "/openings/<int:opening_id>/compare",
    "compare_pdf": "/openings/<int:opening_id>/compare.pdf",
    "rubrics_version": "/rubrics/versions/<int:version_id>",
    "candidates_show": "/candidates/<int:candidate_id>", "candidates_edit": "/candidates/<int:candidate_id>/edit",
    "shortlists_add": "/candidates/<int:candidate_id>/shortlist",
    "shortlists_remove": "/candidates/<int:candidate_id>/shortlist/remove",
    "exercises_invite": "/candidates/<int:candidate_id>/invite",
    "data_export": "/candidates/<int:candidate_id>/data.zip",
    "erase": "/candidates/<int:candidate_id>/erase", "assign": "/candidates/<int:candidate_id>/assign",
    "decide": "/candidates/<int:candidate_id>/decisions",
}
NAV = [("openings_index", "Openings", True), ("my_scorecards", "My scorecards", False), ("reviews", "Reviews", False),
       ("rubrics_index", "Rubrics", False)]


@dataclass
class Shape:
    """How much each real page rendered (the bench fills it from the real opening)."""

    dashboard_rows: int = 50
    owed: int = 50
    raters: int = 10
    team: int = 12
    pages: int = 100
    shortlist_rows: int = 50
    others: int = 50
    scorecards: int = 6
    compared: int = 6
    api_rows: int = 5000


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _candidate(cid: int) -> dict:
    i = cid - 1
    value, label = TYPES[i % len(TYPES)]
    return {"id": cid, "name": f"{NAMES[i % len(NAMES)]} {i:05d}", "stage": {"id": i % 4 + 1, "name": STAGES[i % 4]},
            "type": {"value": value, "label": label}}


def _p_top_k(rank: int, k: int) -> float:
    """A fixed stand-in for P(top k) at an opening-wide rank (near 1 at the top, 0 well below k), in
    thousandths as the model's draws give it; a formula, not the model."""
    return round(1.0 / (1.0 + math.exp(min(50.0, (rank - k) / (k / 4)))), 3)


def _score(rank: int, total: float, rng: random.Random, flag_share: float, k: int, opening_rank: int) -> dict:
    """A board row's figures: the total as rated with its interval, the total adjusted for rater leniency
    with its interval, P(above next) and P(top k); each criterion is flagged (raters disagree) with
    probability `flag_share`."""
    low, high = total - rng.uniform(0.05, 0.25), min(5.0, total + rng.uniform(0.05, 0.25))
    adjusted = total + rng.uniform(-0.02, 0.02)
    adjusted_low, adjusted_high = adjusted - (total - low), min(5.0, adjusted + (high - total))
    return {"rank": rank, "total": total, "low": low, "high": high, "skills": total + rng.uniform(-0.1, 0.1),
            "traits": min(5.0, total + rng.uniform(-0.4, 0.4)), "n_raters": 5,
            "as_rated": {"total": total, "low": low, "high": high},
            "adjusted": {"total": adjusted, "low": adjusted_low, "high": adjusted_high},
            "p_above_next": round(rng.uniform(0.45, 1.0), 4), "p_top_k": _p_top_k(opening_rank, k),
            "incomplete": False, "missing": [],
            "flags": [(key, rng.choice((2.0, 2.0, 2.5, 3.0))) for key, *_r in CRITERIA if rng.random() < flag_share]}


def _ranked(ids: list[int], rng: random.Random, flag_share: float, k: int, top: float = 4.95,
            step: int = 1) -> dict[int, dict]:
    """Rows ranked 1…n; `step`: how far apart in the opening's ranking they lie (for P(top k))."""
    totals = sorted((rng.uniform(1.5, top) for _ in ids), reverse=True)
    ranked = enumerate(zip(ids, totals, strict=True), 1)
    return {cid: _score(rank, total, rng, flag_share, k, rank * step) for rank, (cid, total) in ranked}


def _figures(rng: random.Random) -> dict:
    """The API's per-criterion figures of one candidate: 4 or 5 raters' mean, median and spread."""
    figures = {}
    for key, *_r in CRITERIA:
        n = 4 if rng.random() < 0.15 else 5
        figures[key] = {"mean": rng.randint(n, 5 * n) / n, "median": float(rng.randint(1, 5)), "n_raters": n,
                        "std": rng.choice(STDS)}
    return figures


def make_app(shape: Shape) -> Flask:
    here = Path(__file__).resolve().parent
    app = Flask("baseline", template_folder=str(here / "templates"),
                static_folder=str(here.parent / "static"))
    app.jinja_env.filters["plural"] = _plural
    rng = random.Random(1)

    def stub(**_kwargs):
        return "baseline"

    for endpoint, rule in LINKS.items():
        app.add_url_rule(rule, endpoint, stub)

    team = ([{"id": 1, "name": "Manager 1 (big)", "role": "hiring_manager", "role_label": "Hiring manager"}]
            + [{"id": i + 1, "name": f"Interviewer {i} (big)", "role": "interviewer", "role_label": "Interviewer"}
               for i in range(1, max(1, shape.team - 1))]
            + [{"id": shape.team, "name": "Leader 1 (big)", "role": "leadership", "role_label": "Leadership"}])
    user = team[0]
    raters = {i + 1: {"name": f"Interviewer {i} (big)"} for i in range(1, shape.raters + 1)}
    criteria = [{"key": k, "name": n, "kind": kind, "weight": w} for k, n, kind, w in CRITERIA]
    criterion_names = {c["key"]: c["name"] for c in criteria}
    opening = {"id": 1, "title": TITLE, "location": None, "scale": {"min": 1, "max": 5},
               "stages": [{"id": i + 1, "name": s} for i, s in enumerate(STAGES)], "criteria": criteria,
               "weights": {c["key"]: c["weight"] for c in criteria}, "rubric_version": RUBRIC_VERSION, "team": team}

    @app.context_processor
    def layout():  # what templates/base.html gets from Flask-Login, the session and the navigation
        return {"user": user, "nav_items": NAV, "csrf_token": CSRF_TOKEN, "flashes": []}

    # The board's k ("In top k"): the shortlist's size, 5 without one.
    k = shape.shortlist_rows or 5

    # Dashboard: the first page of the board, the owed scorecards, the D-study, raters and agreement.
    board_ids = rng.sample(range(1, shape.api_rows + 1), min(shape.dashboard_rows, shape.api_rows))
    leniency = [{"rater": r, "offset": rng.uniform(-0.02, 0.02), "n": rng.randint(19000, 19700)} for r in raters]
    for r in leniency:
        r["low"], r["high"] = r["offset"] - 0.01, r["offset"] + 0.01
    leniency.sort(key=lambda r: -r["offset"])  # most lenient first, as the board lists them
    dashboard = {
        "opening": opening, "can_manage": True, "newer_rubric": None, "adjusted": False,
        "n_candidates": shape.api_rows, "stage_counts": {s["id"]: shape.api_rows // 4 for s in opening["stages"]},
        "candidates": [_candidate(cid) for cid in board_ids], "scores": _ranked(board_ids, rng, 0.16, k),
        "k": k, "shortlist_size": k, "incomplete": [],
        "criterion_names": criterion_names, "page": 1, "pages": shape.pages, "per_page": PER_PAGE,
        "n_owed": shape.owed, "raters": raters, "d_study": D_STUDY,
        "owed": [{"rater": f"Interviewer {i % max(1, shape.raters) + 1} (big)", "candidate_id": 100 * i + 1,
                  "candidate": _candidate(100 * i + 1)["name"], "stage": "Final", "created_at": "2026-12-01",
                  "draft": False} for i in range(shape.owed)],
        "rater_figures": {
            "n_ratings": 40 * shape.api_rows,
            "leniency": leniency,
            "d_study": {"by_raters": D_STUDY_BY_RATERS},
            "overall": {"dependability": 0.966, "ci": {"low": 0.962, "high": 0.97}, "raters_per_candidate": 5.1,
                        "n_candidates": shape.api_rows, "n_raters": shape.raters, "reason": None},
            "criteria": {c["key"]: {"icc2_k": icc, "ci": {"low": icc - 0.01, "high": icc + 0.01},
                                    "icc2_1": rng.uniform(0.4, 0.48), "alpha_interval": rng.uniform(0.4, 0.48),
                                    "alpha_ordinal": rng.uniform(0.4, 0.48), "reason": None}
                         for c in criteria for icc in (rng.uniform(0.76, 0.82),)},
            "low_agreement": {c["key"] for c in criteria},
        },
    }

    # Shortlist: the ranked shortlist, a page of the others to add, the shortlisted to remove.
    step = max(1, shape.api_rows // max(1, shape.shortlist_rows))
    listed_ids = list(range(1, shape.api_rows + 1, step))[:shape.shortlist_rows]
    listed_scores = _ranked(listed_ids, rng, 0.13, k, top=4.4, step=step)
    shown = sorted((_candidate(cid) for cid in listed_ids), key=lambda c: listed_scores[c["id"]]["rank"])
    n_others = max(0, shape.api_rows - len(listed_ids))
    shortlist = {
        "opening": opening, "can_manage": True, "listed": [_candidate(cid) for cid in listed_ids], "shown": shown,
        "scores": listed_scores, "k": k,
        "decisions": {cid: [{"kind": "advance", "label": "Advance"}] for cid in listed_ids[::3]},
        "view": {"problems": [], "stage_id": None, "type": None, "minimums": {}, "what_if": False, "weights": None},
        "types": [{"value": v, "label": label} for v, label in TYPES], "what_if_args": {},
        "others": [_candidate(8 * i + 8) for i in range(shape.others)], "others_page": 1,
        "others_per_page": PER_PAGE, "others_pages": max(1, math.ceil(n_others / PER_PAGE)), "n_others": n_others,
        "others_args": {},
    }

    # Candidate page: details, a decision, the scorecards (an exercise review and panel interviews).
    panel, review = {"criteria": criteria, "labels": LABELS}, {
        "criteria": [c for c in criteria if c["key"] in WORK_SAMPLE], "labels": LABELS}
    scorecards = []
    for s in range(shape.scorecards):
        kit = review if s == 0 else panel
        rec, rec_label = RECOMMENDATIONS[(s + 2) % len(RECOMMENDATIONS)]
        scorecards.append(({
            "id": 25051 if s == 0 else s, "rater_id": max(s, 1) + 1, "rater": f"Interviewer {max(s, 1)} (big)",
            "stage": STAGES[1] if s == 0 else STAGES[2], "submitted": True, "recommendation": rec,
            "recommendation_label": rec_label, "summary": "", "rubric_version": RUBRIC_VERSION,
            "submitted_at": "2026-12-01 23:42",
            "ratings": {c["key"]: {"value": rng.randint(1, 5), "note": REVIEW_NOTE if s == 0 else rng.choice(NOTES)}
                        for c in kit["criteria"]}}, kit))
    candidate = {
        "opening": opening, "can_manage": True, "shortlisted": True, "hidden": 0, "scorecards": scorecards,
        "candidate": dict(_candidate(1), opening=opening, language_name=LANGUAGES[0], source="Job board",
                          created_at="2026-12-01", phone="+62 812 3456 7890", email="big-candidate0@example.com",
                          notes="Generated for the benchmark."),
        "decisions": [{"kind": "advance", "label": "Advance", "decided_by": "Leader 1 (big)",
                       "created_at": "2026-12-01 23:42", "comment": DECISION}],
        "assign": {"stages": opening["stages"], "raters": team},
    }

    # Comparison: totals, scores by criterion with their anchors, evidence, exercises, decision forms.
    columns = []
    for i in range(shape.compared):
        c = _candidate(100 * i + 1)
        total = 4.0 - 0.45 * i
        adjusted = total + rng.uniform(-0.02, 0.02)
        scores = {}
        for key, *_r in CRITERIA:
            mean = min(5.0, max(1.0, total + rng.uniform(-0.5, 0.5)))
            scores[key] = {"mean": mean, "n_raters": rng.choice((5, 5, 5, 4, 3)),
                           "spread": rng.choice((0.5, 1, 1, 1.5, 2, 2, 2.5, 3)), "level": round(mean),
                           "anchor": ANCHORS[round(mean)]}
        columns.append({
            "id": c["id"], "name": c["name"], "type": c["type"]["label"], "stage": c["stage"]["name"], "rank": i + 1,
            "total": total, "low": total - 0.2, "high": total + 0.2, "incomplete": False, "missing": [],
            "adjusted": adjusted, "adjusted_low": adjusted - 0.2, "adjusted_high": adjusted + 0.2,
            "p_top_k": _p_top_k(100 * (i + 1), k),
            "skills": total + 0.05, "traits": total - 0.2,
            "p_above_next": round(rng.uniform(0.7, 1.0), 4) if i < shape.compared - 1 else None, "n_raters": 5,
            "recommendations": {"Strong no": 2, "No": 1, "Yes": 2, "Strong yes": 1},
            "decisions": [{"decision": "Advance", "by": "Leader 1 (big)", "at": "2026-12-01 23:42",
                           "comment": DECISION}] if i % 3 == 0 else [],
            "scores": scores, "flags": [(key, s["spread"]) for key, s in scores.items() if s["spread"] >= 2],
            "quotes": {key: [{"text": REVIEW_NOTE if q == 0 else NOTES[(i + q) % len(NOTES)], "rating": 5 - q,
                              "rater": f"Interviewer {q + 1} (big)", "stage": STAGES[1] if q == 0 else STAGES[2]}
                             for q in range(3)] for key, *_r in CRITERIA},
            "exercise_status": EXERCISES,
            "exercises": [{"correct": False, "question": question, "note": note} for question, note in QUESTIONS],
        })
    query = "&".join(f"c={c['id']}" for c in sorted(columns, key=lambda c: c["id"]))
    comparison = {"candidates": columns, "criteria": criteria, "notes": [],
                  "methodology": {"k": k, "scale_min": 1, "scale_max": 5}}

    # API: the scores of every candidate.
    api_ids = list(range(1, shape.api_rows + 1))
    rng.shuffle(api_ids)
    api_rows = [dict(_candidate(cid), **score, criteria=_figures(rng))
                for cid, score in _ranked(api_ids, rng, 0.6, k).items()]
    rubric = {"hash": RUBRIC_HASH, "key": "social-media-manager", "scale": {"max": 5, "min": 1}, "version": "2026.1"}

    @app.route("/")
    def index():
        return "baseline"

    @app.route("/dashboard")
    def dashboard_page():
        return render_template("dashboard.html", **dashboard)

    @app.route("/shortlist")
    def shortlist_page():
        return render_template("shortlist.html", **shortlist)

    @app.route("/candidate")
    def candidate_page():
        return render_template("candidate.html", **candidate)

    @app.route("/compare")
    def compare_page():
        return_to = f"{url_for('shortlists_compare', opening_id=opening['id'])}?{query}"
        return render_template("compare.html", opening=opening, comparison=comparison, radar=RADAR_SVG,
                               colours=COLOURS, query=query, return_to=return_to, decision_kinds=DECISION_KINDS)

    @app.route("/api")
    def api():
        return jsonify({
            "candidates": [
                {"criteria": r["criteria"], "flags": [{"criterion": c, "spread": s} for c, s in r["flags"]],
                 "id": r["id"], "incomplete": r["incomplete"], "interval": {"high": r["high"], "low": r["low"]},
                 "as_rated": {"total": r["as_rated"]["total"],
                              "interval": {"low": r["as_rated"]["low"], "high": r["as_rated"]["high"]}},
                 "adjusted": {"total": r["adjusted"]["total"],
                              "interval": {"low": r["adjusted"]["low"], "high": r["adjusted"]["high"]}},
                 "missing": list(r["missing"]), "n_raters": r["n_raters"], "name": r["name"],
                 "p_above_next": r["p_above_next"], "p_top_k": r["p_top_k"], "k": k, "rank": r["rank"],
                 "skills": r["skills"], "total": r["total"], "traits": r["traits"]}
                for r in api_rows],
            "interval_level": 0.9, "k": k, "opening": {"id": opening["id"], "title": TITLE}, "rater_adjusted": False,
            "rubric": rubric, "unscored": [], "weights": opening["weights"]})

    return app


#: The real comparison page's radar for the bench's 6 candidates, copied from a real page (not computed).
RADAR_SVG = (Path(__file__).resolve().parent / "templates" / "_radar.svg").read_text(encoding="utf-8")
