"""Configuration: defaults, the environment, then explicit overrides, in that order.

Everything a deployment changes comes from environment variables (`DATABASE_URL`, `SECRET_KEY`,
`REDIS_URL`, ...). A secret key is generated once into the instance folder when none is given, so a
newcomer never has to invent one and it survives restarts.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: How much one import takes (hiring/spreadsheets.py): in the browser, and on the command line, which
#: no request timeout cuts short. Defaults of the keys of the same names.
IMPORT_MAX_ROWS = 5_000
IMPORT_MAX_BYTES = 5 * 1024 * 1024
CLI_IMPORT_MAX_ROWS = 100_000
CLI_IMPORT_MAX_BYTES = 100 * 1024 * 1024


def _instance_secret_key(instance_path: Path) -> str:
    """Read the generated secret key, creating it (readable by the owner only) the first time."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def build_config(instance_path: Path, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Return the app's configuration for this environment."""
    overrides = dict(overrides or {})
    env = os.environ
    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": overrides.pop("DATABASE_URL", None)
        or env.get("DATABASE_URL")
        or f"sqlite:///{instance_path / 'hiring.sqlite3'}",
        "REDIS_URL": env.get("REDIS_URL") or None,
        "RUBRICS_DIR": str(PROJECT_ROOT / "rubrics"),
        "MIGRATIONS_DIR": str(PROJECT_ROOT / "migrations"),
        # Forms stay valid for a working day; issue-level pages (exercises) override per view.
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        # Sign-in attempts per client address (every attempt counts)...
        "LOGIN_RATE_LIMIT": env.get("LOGIN_RATE_LIMIT", "10 per minute"),
        # ...and failed ones per account, from any address. The window is how long a lock can last.
        "LOGIN_ACCOUNT_RATE_LIMIT": env.get("LOGIN_ACCOUNT_RATE_LIMIT", "10 per 15 minutes"),
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "EXERCISES_DIR": str(PROJECT_ROOT / "rubrics" / "exercises"),
        "RUNSHEETS_DIR": str(PROJECT_ROOT / "rubrics" / "runsheets"),
        "UPLOAD_FOLDER": str(instance_path / "uploads"),  # only read to move older uploads into the database
        # Uploaded files: "database" (default) or "s3" (S3-compatible object storage; AWS_* credentials).
        "UPLOAD_STORAGE": env.get("UPLOAD_STORAGE") or "database",
        "S3_BUCKET": env.get("S3_BUCKET") or None,
        "S3_ENDPOINT_URL": env.get("S3_ENDPOINT_URL") or None,  # MinIO, Ceph, R2…; None for AWS
        "S3_REGION": env.get("S3_REGION") or None,
        "S3_PREFIX": env.get("S3_PREFIX") or "uploads/",
        # A save already on its way when the timer hits zero is still accepted.
        "EXERCISE_GRACE_SECONDS": 60,
        "MAIL_SERVER": env.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(env.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_SENDER": env.get("MAIL_SENDER", "hiring@localhost"),
        "MAIL_SECURITY": env.get("MAIL_SECURITY") or None,  # none | starttls | tls (default: by port)
        "MAIL_CA_FILE": env.get("MAIL_CA_FILE") or None,  # a CA bundle for a private mail server
        "OUTBOX_MAX_ATTEMPTS": int(env.get("OUTBOX_MAX_ATTEMPTS", "8")),
        # Where people open the app: links in emails a command writes (`flask remind`) start with it.
        "APP_URL": env.get("APP_URL", "http://127.0.0.1:5000"),
        # How long a "choose a new password" link works, in seconds.
        "PASSWORD_RESET_MAX_AGE": int(env.get("PASSWORD_RESET_MAX_AGE", "3600")),
        # HIRING_ENV=production: HTTPS-only cookies, and create_app refuses an unsafe setup.
        "PRODUCTION": env.get("HIRING_ENV", "development") == "production",
        "BEHIND_PROXY": env.get("BEHIND_PROXY") == "1",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "SESSION_IDLE_MINUTES": int(env.get("SESSION_IDLE_MINUTES", "120")),
        "SESSION_MAX_HOURS": int(env.get("SESSION_MAX_HOURS", "12")),
        # A failed statement's error (and so the log) shows the SQL, never the values: they are what
        # people typed (names, emails, notes). See also hiring/errors.py.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "IMPORT_MAX_ROWS": int(env.get("IMPORT_MAX_ROWS", IMPORT_MAX_ROWS)),
        "IMPORT_MAX_BYTES": int(env.get("IMPORT_MAX_BYTES", IMPORT_MAX_BYTES)),
        "CLI_IMPORT_MAX_ROWS": int(env.get("CLI_IMPORT_MAX_ROWS", CLI_IMPORT_MAX_ROWS)),
        "CLI_IMPORT_MAX_BYTES": int(env.get("CLI_IMPORT_MAX_BYTES", CLI_IMPORT_MAX_BYTES)),
    }
    config.update(overrides)
    secure = config["PRODUCTION"] or env.get("SESSION_COOKIE_SECURE") == "1"
    config.setdefault("SESSION_COOKIE_SECURE", secure)
    config.setdefault("REMEMBER_COOKIE_SECURE", config["SESSION_COOKIE_SECURE"])
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=config["SESSION_MAX_HOURS"])
    if config.get("SECRET_KEY"):
        config["SECRET_KEY_SOURCE"] = "override"
    elif env.get("SECRET_KEY"):
        config["SECRET_KEY"], config["SECRET_KEY_SOURCE"] = env["SECRET_KEY"], "environment"
    else:
        config["SECRET_KEY"], config["SECRET_KEY_SOURCE"] = _instance_secret_key(instance_path), "instance"
    config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    config["RATELIMIT_STORAGE_URI"] = config.get("RATELIMIT_STORAGE_URI") or (
        config["REDIS_URL"] or "memory://"
    )
    if config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://", "unix://")):
        # An unreachable Redis must fail fast: the limiter then counts in this process (extensions.py).
        config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_timeout": 1, "socket_connect_timeout": 1})
    return config


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the common way (`postgres://`, `postgresql://`)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
