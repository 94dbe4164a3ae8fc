"""gunicorn settings for production: `gunicorn -c python:hiring.gunicorn_conf 'hiring:create_app()'`.

Workers default to WEB_CONCURRENCY (else 2 × cores + 1, capped at 8); before any worker starts, the
master refuses a configuration `hiring.security.production_problems` rejects (HIRING_ENV=production).
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or min(8, 2 * multiprocessing.cpu_count() + 1))
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server) -> None:
    from hiring.config import PROJECT_ROOT, build_config
    from hiring.security import production_problems

    config = build_config(Path(os.environ.get("INSTANCE_PATH", PROJECT_ROOT / "instance")))
    if config["PRODUCTION"]:
        problems = production_problems(config, server.cfg.workers)
        if problems:
            raise SystemExit("Refusing to start in production: " + " ".join(problems))
