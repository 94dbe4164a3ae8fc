"""Seed data for the load test (`bench/load.py`), through the project's own operations.

`python bench/load_seed.py MANIFEST.json --raters 50 --candidates 60 --invitations 50 --per-rater 3`
with DATABASE_URL (and SECRET_KEY) set, on a database `flask --app hiring init-db` just built.
It writes what the load generator needs (sign-ins, scorecard ids, invitation links) as JSON.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from datetime import timedelta
from pathlib import Path

from flask import current_app

from hiring import create_app
from hiring.auth.models import Role
from hiring.auth.operations import create_user
from hiring.candidates.operations import add_candidate
from hiring.exercises.operations import invite
from hiring.exercises.store import offered
from hiring.interviews.operations import assign
from hiring.openings.operations import add_team_member, create_opening
from hiring.timeutil import utcnow
from hiring.transactions import unit_of_work

#: Candidates' names in several scripts, as in the demo: the pages and the database see them all.
NAMES = ["王芳", "佐藤 花子", "김민준", "प्रिया शर्मा", "José Martínez", "Siti Rahmawati", "Zoë Lefèvre"]
EXERCISES = ("launch-posts", "community-replies")
#: The candidate pages' languages: each invited candidate sees the pages in one of them.
LANGUAGES = ("en", "zh", "es", "hi", "id")


def seed(raters: int, candidates: int, invitations: int, per_rater: int) -> dict:
    password = secrets.token_urlsafe(12)
    manager = create_user(None, email="load-manager@load.example.com", name="Load Manager",
                          role=Role.HIRING_MANAGER, password=password)
    opening = create_opening(manager, title="Social Media Manager (load test)",
                             rubric_key="social-media-manager",
                             rubrics_dir=current_app.config["RUBRICS_DIR"])
    stage = opening.stages[0]
    people = [add_candidate(None, opening, name=f"{NAMES[i % len(NAMES)]} {i}", email=f"candidate{i}@load.example.com")
              for i in range(candidates)]
    result: dict = {"opening_id": opening.id, "stage_id": stage.id, "raters": [], "invitations": []}
    for r in range(raters):
        user = create_user(None, email=f"rater{r}@load.example.com", name=f"Rater {r}", role=Role.INTERVIEWER,
                           password=password)
        add_team_member(None, opening, user, Role.INTERVIEWER)
        cards = [assign(manager, people[(r * per_rater + k) % candidates], stage, user).id
                 for k in range(per_rater)]
        result["raters"].append({"email": user.email, "password": password, "scorecards": cards})
    available = {e.key: e for e in offered(opening)}
    for i in range(invitations):
        person = add_candidate(None, opening, name=f"{NAMES[(i + 3) % len(NAMES)]} E{i}",
                               email=f"exercise{i}@load.example.com", language=LANGUAGES[i % len(LANGUAGES)])
        invitation, token = invite(manager, person, [available[k] for k in EXERCISES],
                                   expires_at=utcnow() + timedelta(days=7))
        result["invitations"].append({"id": invitation.id, "token": token})
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--raters", type=int, default=50)
    parser.add_argument("--candidates", type=int, default=60)
    parser.add_argument("--invitations", type=int, default=50)
    parser.add_argument("--per-rater", type=int, default=3)
    args = parser.parse_args(argv)
    app = create_app()
    with app.app_context(), unit_of_work():
        manifest = seed(args.raters, args.candidates, args.invitations, args.per_rater)
    args.manifest.write_text(json.dumps(manifest, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
