"""Benchmarks: `make bench`. Prints a table and JSON; exits 1 when a target in bench/README.md is missed.

Runs against a throw-away SQLite database unless BENCH_DATABASE_URL is set (e.g. the local
PostgreSQL), so it never touches the app's own data.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc

import pandas as pd
from flask_migrate import upgrade
from sqlalchemy import text

from hiring import create_app
from hiring.candidates.importing import check_rows, read_candidates
from hiring.candidates.operations import existing_emails, import_candidates
from hiring.config import PROJECT_ROOT
from hiring.extensions import db
from hiring.openings.operations import create_opening
from hiring.rubrics.schema import load_rubric
from hiring.transactions import unit_of_work

IMPORT_ROWS = 10_000
TARGETS = {"import_10k_rows_s": 5.0, "rubric_parse_ms": 50.0}
NAMES = ["王芳", "प्रिया शर्मा", "José Martínez", "Siti Rahmawati", "Amara Okafor"]


def candidate_csv(rows: int) -> bytes:
    frame = pd.DataFrame({
        "name": [f"{NAMES[i % len(NAMES)]} {i}" for i in range(rows)],
        "email": [f"person{i}@example.com" for i in range(rows)],
        "phone": ["+62 812 3456 7890"] * rows,
        "source": ["Job board"] * rows,
        "type": ["freelancer", "agency", "in-house"] * (rows // 3) + ["agency"] * (rows % 3),
        "language": ["zh", "hi", "es", "id", "en"] * (rows // 5) + ["en"] * (rows % 5),
        "stage": ["Screen"] * rows,
        "notes": ["Imported from the careers page."] * rows,
    })
    buffer = io.BytesIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue()


def time_import(app) -> dict[str, float]:
    """Time a 10,000-row import end to end; then repeat under tracemalloc for the peak memory
    (tracing slows Python down several times, so the two are measured apart)."""
    data = candidate_csv(IMPORT_ROWS)
    figures = {}
    with app.app_context():
        for run in ("time", "memory"):
            with unit_of_work():
                opening = create_opening(None, title=f"Bench {run}", rubric_key="social-media-manager",
                                         rubrics_dir=app.config["RUBRICS_DIR"])
            if run == "memory":
                tracemalloc.start()
            start = time.perf_counter()
            report = check_rows(read_candidates(data, "bench.csv"),
                                stage_names=[s.name for s in opening.stages],
                                existing_emails=existing_emails(opening))
            with unit_of_work():  # the import as a request or command does it: committed
                imported = import_candidates(None, opening, report, "bench.csv")
            elapsed = time.perf_counter() - start
            assert imported == IMPORT_ROWS, imported
            if run == "time":
                figures["import_10k_rows_s"] = elapsed
            else:
                figures["import_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
    return figures


def time_rubric_parse() -> dict[str, float]:
    path = PROJECT_ROOT / "rubrics" / "social-media-manager.yaml"
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        load_rubric(path)
        runs.append((time.perf_counter() - start) * 1000)
    return {"rubric_parse_ms": statistics.median(runs)}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            upgrade(directory=app.config["MIGRATIONS_DIR"])
        figures: dict = {"database": url.split(":", 1)[0]}
        figures |= time_rubric_parse()
        figures |= time_import(app)
    missed = [k for k, limit in TARGETS.items() if figures[k] > limit]
    print(f"{'measure':<22} {'value':>10} {'target':>10}")
    for key, value in figures.items():
        if isinstance(value, float):
            target = f"< {TARGETS[key]:g}" if key in TARGETS else ""
            print(f"{key:<22} {value:>10.3f} {target:>10}")
    print(json.dumps({"figures": figures, "targets": TARGETS, "missed": missed}, indent=2))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
