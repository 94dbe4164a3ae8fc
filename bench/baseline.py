"""The baseline of the page benchmarks: a bare Flask app rendering the same number of rows.

No database, no login, no scoring: each route renders rows from Python lists built once, with a
Jinja template of the same shape as the real page (a base layout, the same tables, links made with
`url_for` per row, the same number formatting). `make_app(shape)` takes how many rows of each kind the
real pages showed, so the two render the same amount of HTML; the API baseline `jsonify`s as many
candidate objects as the real API returned.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, jsonify, render_template

CRITERIA = [("platform_knowledge", "Platform knowledge", "skill", 1.0), ("copywriting", "Copywriting", "skill", 1.5),
            ("design", "Design", "skill", 1.0), ("customer_service", "Customer service", "skill", 1.0),
            ("live_speaking", "Live speaking", "skill", 0.5), ("analytics", "Analytics", "skill", 1.5),
            ("strategy", "Strategy", "skill", 2.0), ("adaptability", "Adaptability", "trait", 1.0)]
STAGES = ["Screen", "Work sample", "Panel interview", "Final"]
NAMES = ["王芳", "प्रिया शर्मा", "José Martínez", "Siti Rahmawati", "さくら 田中", "김민준", "Zoë Dubois"]
NOTE = "Walked through a TikTok series that doubled saves in six weeks, with the numbers."


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


def _criteria() -> list[dict]:
    return [{"key": k, "name": n, "kind": kind, "weight": w, "a": 0.61, "b": 0.58, "c": 0.6}
            for k, n, kind, w in CRITERIA]


def _row(i: int, rng: random.Random) -> dict:
    total = rng.uniform(1.5, 4.8)
    return {"id": 1000 + i, "rank": i + 1, "name": f"{NAMES[i % len(NAMES)]} {i:05d}", "stage": STAGES[i % 4],
            "type": "Freelancer", "total": total, "low": total - 0.4, "high": total + 0.4, "skills": total,
            "traits": total - 0.1, "n_raters": 5, "p": rng.random(), "incomplete": i % 7 == 0,
            "missing": ("live_speaking",) if i % 7 == 0 else (), "flags": [("Design", 3.0)] if i % 9 == 0 else [],
            "decision": "Advance" if i % 3 == 0 else None}


def make_app(shape: Shape) -> Flask:
    here = Path(__file__).resolve().parent
    app = Flask("baseline", template_folder=str(here / "templates"),
                static_folder=str(here.parent / "static"))
    rng = random.Random(1)
    user = {"name": "Manager", "role": "Hiring manager"}
    nav = ["Openings", "My scorecards", "Reviews"]
    criteria = _criteria()
    dashboard = [_row(i, rng) for i in range(shape.dashboard_rows)]
    shortlist = [_row(i, rng) for i in range(shape.shortlist_rows)]
    others = [_row(i, rng) for i in range(shape.others)]
    owed = [{"rater": f"Interviewer {i % 10}", "id": i, "name": NAMES[i % 7], "stage": "Final", "when": "2026-11-25"}
            for i in range(shape.owed)]
    leniency = [{"name": f"Interviewer {i}", "offset": rng.uniform(-0.5, 0.5), "n": 2000} for i in range(shape.raters)]
    team = [{"name": f"Interviewer {i}", "role": "Interviewer"} for i in range(shape.team)]
    scorecards = [{"id": s, "rater": f"Interviewer {s}", "stage": "Panel interview", "recommendation": "Yes",
                   "version": "2026.1", "at": "2026-11-25 10:00",
                   "ratings": {k: {"value": 1 + (s + j) % 5, "note": NOTE} for j, (k, *_r) in enumerate(CRITERIA)}}
                  for s in range(shape.scorecards)]
    labels = {1: "Poor", 2: "Weak", 3: "Adequate", 4: "Strong", 5: "Exceptional"}
    columns = []
    for i in range(shape.compared):
        row = _row(i, rng)
        row["scores"] = {k: {"mean": 3.4, "n": 5, "spread": 2.0, "level": 3, "anchor": NOTE} for k, *_r in CRITERIA}
        row["quotes"] = {k: [{"text": NOTE, "rating": 5 - q, "rater": "Interviewer", "stage": "Panel interview"}
                             for q in range(3)] for k, *_r in CRITERIA}
        row["status"] = [("Two weeks of campaign numbers", "submitted"), ("Launch posts", "submitted")]
        row["exercises"] = [{"correct": q % 2 == 0, "question": "Engagement rate on Instagram?", "note": "4.2"}
                            for q in range(8)]
        row["decisions"] = [{"kind": "Advance", "by": "Leader", "at": "2026-11-25 10:00", "comment": "Strong."}]
        columns.append(row)
    radar = "<svg viewBox='0 0 400 300'>" + "".join(
        f"<polygon points='{' '.join(f'{50 + j * 40},{50 + (i * j) % 200}' for j in range(8))}'/>"
        for i in range(shape.compared)) + "</svg>"
    api_rows = [_row(i, rng) for i in range(shape.api_rows)]
    crit_figures = {k: {"mean": 3.4, "median": 3.0, "std": 0.8, "min": 2.0, "max": 5.0, "n_raters": 5}
                    for k, *_r in CRITERIA}

    @app.route("/")
    def index():
        return "baseline"

    @app.route("/dashboard")
    def dashboard_page():
        stats = [("Candidates", shape.api_rows)] + [(s, shape.api_rows // 4) for s in STAGES]
        return render_template("dashboard.html", user=user, nav=nav, title="Social Media Manager", stats=stats,
                               rows=dashboard, pages=range(1, min(shape.pages, 12) + 1), owed=owed,
                               leniency=leniency, criteria=criteria, team=team)

    @app.route("/shortlist")
    def shortlist_page():
        return render_template("shortlist.html", user=user, nav=nav, rows=shortlist, others=others,
                               criteria=criteria, pages=range(1, min(shape.pages, 12) + 1))

    @app.route("/candidate")
    def candidate_page():
        facts = [("Stage", "Screen"), ("Works as", "Freelancer"), ("Language", "Chinese"), ("Source", "Job board"),
                 ("Added", "2026-11-25"), ("Phone", "+62 812"), ("Email", "a@example.com")]
        decisions = [{"kind": "Advance", "by": "Leader", "at": "2026-11-25 10:00", "comment": "Strong."}]
        return render_template("candidate.html", user=user, nav=nav, name=NAMES[0], facts=facts,
                               decisions=decisions, criteria=criteria, scorecards=scorecards, labels=labels,
                               stages=STAGES, team=team)

    @app.route("/compare")
    def compare_page():
        summary = [("Total", "total"), ("Low", "low"), ("High", "high"), ("Skills", "skills"), ("Traits", "traits"),
                   ("Ahead of next", "p")]
        return render_template("compare.html", user=user, nav=nav, columns=columns, summary=summary,
                               criteria=criteria, radar=radar, kinds=["Advance", "Hold", "Reject", "Offer"])

    @app.route("/api")
    def api():
        return jsonify({"opening": {"id": 1, "title": "Social Media Manager"}, "candidates": [
            {"id": r["id"], "name": r["name"], "rank": r["rank"], "total": r["total"], "skills": r["skills"],
             "traits": r["traits"], "interval": {"low": r["low"], "high": r["high"]}, "p_above_next": r["p"],
             "n_raters": r["n_raters"], "incomplete": r["incomplete"], "missing": list(r["missing"]),
             "criteria": crit_figures, "flags": [{"criterion": c, "spread": s} for c, s in r["flags"]]}
            for r in api_rows]})

    return app
