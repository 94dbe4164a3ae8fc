"""gunicorn settings for production: `gunicorn -c python:hiring.gunicorn_conf 'hiring:create_app()'`.

Workers default to WEB_CONCURRENCY (else 2 × cores + 1, capped at 8); before any worker starts, the
master refuses a configuration `hiring.security.production_problems` rejects (HIRING_ENV=production).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from pathlib import Path

from gunicorn.glogging import Logger

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


#: Paths whose last part is a credential: the candidate's invitation link and a password reset link.
_SECRET_PATH = re.compile(r"(/i/|/reset-password/)[^/?\s]+")


def redact_secrets(text: str) -> str:
    """A request line or path with link tokens replaced, so the access log never holds a working link."""
    return _SECRET_PATH.sub(r"\1[token]", text)


class RedactingLogger(Logger):
    """gunicorn's logger, with tokens taken out of the access log's request line, path and referrer."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact_secrets(atoms[key])
        return atoms


logger_class = RedactingLogger
