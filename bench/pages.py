"""Page benchmarks: `python bench/pages.py`. Prints a table and JSON; exits 1 when a target is missed.

On the configured database (BENCH_DATABASE_URL, default a throw-away SQLite file; a PostgreSQL
database's `public` schema is dropped and rebuilt) it generates three openings with `bench/data.py`:

- `big`: 5,000 candidates, 10 raters, 5 raters per candidate, 1,000 exercise submissions (~204,000 ratings);
- `small`: the same shape with 500 candidates (~20,400 ratings);
- `few`: 500 candidates and 5 raters.

Signed in as each opening's hiring manager (the login form is posted with its CSRF token, so it is a
real session), it requests the dashboard, the shortlist (50 shortlisted), a candidate page, the
comparison of 6 and the scores API through the Flask test client: median and p95 of `REPEAT` requests
after a warm-up, and the SQL statements each request ran (a `before_cursor_execute` listener). The
first (cold) request is reported too: scoreboards are reused per process until a rating changes
(`hiring.scoreboards.opening_scoreboard`), so the cold figure is what the first visitor after
a change waits.

Targets (bench/README.md):
- statements per request do not grow with the candidates (`small` vs `big`) or the raters (`few` vs
  `small`): equal counts;
- each page of `big` within 3× its baseline: `bench/baseline.py`, a bare Flask app rendering the same
  rows from Python lists with the same markup, timed in the same run. Each baseline response must be
  within 0.8–1.25× the real page's bytes (`<page>_baseline_size`), so the two stay like for like.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import tempfile
import time

from flask_migrate import upgrade
from sqlalchemy import event, text

from bench.baseline import Shape, make_app
from bench.data import PASSWORD, generate_opening
from hiring import create_app
from hiring.extensions import db

REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
WARMUP = 2
RATIO_TARGET = 3.0
BASELINE_SIZE = (0.8, 1.25)  # the baseline's bytes over the real page's: outside it, not like for like
SIZES = {"big": (5000, 10), "small": (500, 10), "few": (500, 5)}
PAGES = ("dashboard", "shortlist", "candidate", "compare", "api_scores")
_CSRF = re.compile(r'name="csrf[-_]token"[^>]*(?:value|content)="([^"]+)"')


def _login(client, email: str) -> None:
    page = client.get("/login")
    token = _CSRF.search(page.text).group(1)
    response = client.post("/login", data={"csrf_token": token, "email": email, "password": PASSWORD})
    assert response.status_code == 302, (response.status_code, response.text[:500])


def _urls(generated) -> dict[str, str]:
    oid = generated.opening_id
    compared = "&".join(f"c={cid}" for cid in generated.shortlist_ids[:6])
    return {
        "dashboard": f"/openings/{oid}",
        "shortlist": f"/openings/{oid}/shortlist",
        # The first candidate has 5 interview scorecards, an exercise review, an owed draft and a decision.
        "candidate": f"/candidates/{generated.candidate_ids[0]}",
        "compare": f"/openings/{oid}/compare?{compared}",
        "api_scores": f"/api/v1/openings/{oid}/scores",
    }


class StatementCounter:
    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args) -> None:
        self.count += 1


def _time(client, url: str, counter: StatementCounter | None = None) -> dict:
    cold = None
    for _ in range(WARMUP):
        start = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - start) if cold is None else cold  # the first: nothing cached yet
        if response.status_code != 200:
            print(f"{url}: HTTP {response.status_code}", file=sys.stderr)
            return {"median_ms": float("nan"), "p95_ms": float("nan"), "statements": -1, "bytes": 0,
                    "error": response.status_code}
    times, counts, size = [], [], 0
    for _ in range(REPEAT):
        before = counter.count if counter else 0
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        counts.append(counter.count - before if counter else 0)
        size = len(response.data)
    times.sort()
    return {"median_ms": statistics.median(times) * 1000,
            "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] * 1000,
            "cold_ms": (cold or 0) * 1000, "statements": max(counts), "bytes": size}


def _shape(app, generated, pages: dict) -> Shape:
    """How many rows the real pages rendered, so the baseline renders as many."""
    rows = lambda body, marker: body.count(marker)  # noqa: E731
    body = pages["dashboard"]
    return Shape(
        dashboard_rows=rows(body, 'class="num rank"'), owed=rows(body, 'class="owed-who"'),
        raters=10, team=12, pages=max(1, len(generated.candidate_ids) // 50),
        shortlist_rows=rows(pages["shortlist"], 'class="pick"'),
        # The "Add" buttons of the candidates not on the shortlist (the shortlist entries of every
        # generated opening are not this page's: counting them here left the baseline with none).
        others=rows(pages["shortlist"], '">Add<span class="visually-hidden">'),
        scorecards=rows(pages["candidate"], 'class="card scorecard"'),
        compared=6, api_rows=len(json.loads(pages["api_scores"])["candidates"]),
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_TIME_LIMIT": None,
                          "LOGIN_RATE_LIMIT": "1000 per minute"})
        figures: dict = {"database": url.split(":", 1)[0], "repeat": REPEAT}
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            upgrade(directory=app.config["MIGRATIONS_DIR"])
            generated = {}
            for tag, (n, raters) in SIZES.items():
                start = time.perf_counter()
                generated[tag] = generate_opening(tag, candidates=n, raters=raters)
                figures[f"generate_{tag}_s"] = time.perf_counter() - start
            figures["big_ratings"] = generated["big"].ratings
            figures["big_scorecards"] = generated["big"].scorecards
            figures["big_invitations"] = generated["big"].invitations
            counter = StatementCounter(db.engine)
        results: dict[str, dict[str, dict]] = {}
        bodies = {}
        for tag, gen in generated.items():
            client = app.test_client()
            _login(client, gen.manager_email)
            results[tag] = {}
            for page, page_url in _urls(gen).items():
                start = time.perf_counter()
                results[tag][page] = _time(client, page_url, counter)
                print(f"  {tag} {page}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
                if tag == "big":
                    bodies[page] = client.get(page_url).text
        shape = _shape(app, generated["big"], bodies)
        base_client = make_app(shape).test_client()
        baseline = {page: _time(base_client, f"/{path}") for page, path in
                    zip(PAGES, ("dashboard", "shortlist", "candidate", "compare", "api"), strict=True)}

    missed = []
    print(f"{'page':<11} {'cold ms':>9} {'median ms':>10} {'p95 ms':>9} {'baseline':>9} {'ratio':>6} "
          f"{'stmts 500/10':>12} {'5000/10':>8} {'500/5':>6} {'KiB':>6} {'base KiB':>8}")
    pages = {}
    for page in PAGES:
        big, small, few, base = results["big"][page], results["small"][page], results["few"][page], baseline[page]
        ratio = big["median_ms"] / base["median_ms"]
        entry = {"cold_ms": round(big["cold_ms"], 2), "median_ms": round(big["median_ms"], 2),
                 "p95_ms": round(big["p95_ms"], 2), "cold_ratio": round(big["cold_ms"] / base["median_ms"], 2),
                 "baseline_median_ms": round(base["median_ms"], 2), "ratio": round(ratio, 2),
                 "small_median_ms": round(small["median_ms"], 2),
                 "statements": {"small": small["statements"], "big": big["statements"], "few": few["statements"]},
                 "kib": round(big["bytes"] / 1024, 1), "baseline_kib": round(base["bytes"] / 1024, 1)}
        pages[page] = entry
        if ratio > RATIO_TARGET:
            missed.append(f"{page}_ratio")
        if not small["statements"] == big["statements"] == few["statements"]:
            missed.append(f"{page}_statements")
        if not BASELINE_SIZE[0] <= base["bytes"] / max(1, big["bytes"]) <= BASELINE_SIZE[1]:
            missed.append(f"{page}_baseline_size")
        print(f"{page:<11} {big['cold_ms']:>9.1f} {big['median_ms']:>10.1f} {big['p95_ms']:>9.1f} "
              f"{base['median_ms']:>9.2f} "
              f"{ratio:>6.1f} {small['statements']:>12} {big['statements']:>8} {few['statements']:>6} "
              f"{big['bytes'] / 1024:>6.0f} {base['bytes'] / 1024:>8.0f}")
    for key, value in figures.items():
        if isinstance(value, float):
            print(f"{key:<22} {value:>8.2f}")
    figures["pages"] = pages
    figures["shape"] = vars(shape)
    print(json.dumps({"figures": figures, "targets": {"ratio": RATIO_TARGET, "statements": "equal at every size",
                                                     "baseline_size": list(BASELINE_SIZE)},
                      "missed": missed}, indent=2))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
