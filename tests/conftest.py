"""Fixtures: one app per session on a real database (SQLite file, or PostgreSQL when
TEST_DATABASE_URL is set), the schema built by the Alembic migrations, every table emptied after
each test, and a `browser` that signs in and submits forms with their CSRF tokens like a person.
"""

from __future__ import annotations

import os
import shutil
import time
from functools import partial
from pathlib import Path

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from hypothesis import settings
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from werkzeug import security

from hiring import create_app
from hiring.auth import models as auth_models
from hiring.config import PROJECT_ROOT
from hiring.extensions import db, limiter
from tests.helpers import Browser, Scene

# Property tests: no deadline (speed targets live in bench/, never in timed tests; a busy machine
# made a 17 ms example take 292 ms) and the same examples on every run, so CI is reproducible.
settings.register_profile("hiring", deadline=None, derandomize=True)
settings.load_profile("hiring")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    )


def _compile_translations() -> None:
    """What `make test` does before pytest, so candidate pages are translated however pytest runs."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (PROJECT_ROOT / "hiring" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source)
            with mo.open("wb") as target:
                write_mo(target, catalog)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    # Real password hashing, just fewer rounds: the suite creates hundreds of users.
    fast_hash = partial(security.generate_password_hash, method="pbkdf2:sha256:1000")
    auth_models.generate_password_hash = fast_hash
    _compile_translations()
    rubrics_dir = tmp_path_factory.mktemp("rubrics")
    shutil.copy(PROJECT_ROOT / "rubrics" / "social-media-manager.yaml", rubrics_dir)
    shutil.copytree(PROJECT_ROOT / "rubrics" / "translations", rubrics_dir / "translations")
    shutil.copytree(PROJECT_ROOT / "rubrics" / "exercises", rubrics_dir / "exercises")
    shutil.copytree(PROJECT_ROOT / "rubrics" / "runsheets", rubrics_dir / "runsheets")
    shutil.copytree(PROJECT_ROOT / "rubrics" / "calibration", rubrics_dir / "calibration")
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "RUBRICS_DIR": str(rubrics_dir),
        "EXERCISES_DIR": str(rubrics_dir / "exercises"),
        "RUNSHEETS_DIR": str(rubrics_dir / "runsheets"),
        "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        "SERVER_NAME": None,
    })
    app.test_client_class = RequestClient
    with app.app_context():
        _reset_schema()
        upgrade(directory=app.config["MIGRATIONS_DIR"])
    yield app


def _reset_schema() -> None:
    """Start from nothing, so the migrations are what builds the schema."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(autouse=True)
def _clean_database(app):
    """Every test starts with empty tables and fresh rate-limit counters."""
    with app.app_context():
        limiter.reset()
        yield
        db.session.remove()
        tables = [t.name for t in db.metadata.sorted_tables]
        # A browser test's live server may still be answering the page's last request (a poll, a
        # search as you type) when the test ends: on PostgreSQL, TRUNCATE then waits for it or, if
        # the two take locks in opposite orders, one is chosen as a deadlock victim. Try again.
        for attempt in range(5):
            try:
                with db.engine.begin() as conn:
                    if db.engine.dialect.name == "postgresql":
                        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
                    else:
                        for table in reversed(tables):
                            conn.execute(text(f"DELETE FROM {table}"))
                break
            except OperationalError:
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))


@pytest.fixture()
def scene(app) -> Scene:
    """An opening with a hiring team, one candidate and an outsider, built in one line."""
    return Scene.build()


@pytest.fixture()
def browser(app) -> Browser:
    return Browser(app.test_client())


class RequestClient(FlaskClient):
    """A test client whose every request runs as in production: in its own app context and so its
    own database session and unit of work (committed or rolled back by the request). Tests run
    inside an app context to build scenes and query; Flask would reuse it for requests, so a request
    that rolls back (a 404) would take the test's own writes with it. The test's session is
    committed around each request, so each side sees the other's writes."""

    def open(self, *args, **kwargs):
        db.session.commit()
        outer = _cv_app.set(None)  # type: ignore[arg-type]
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(outer)
            db.session.commit()


class CommandRunner(FlaskCliRunner):
    """Runs a command as a person would, after the test's own writes: like `Browser`, the test's
    session is committed first (a command is its own unit of work, and rolls back when it fails)."""

    def invoke(self, *args, **kwargs):
        db.session.commit()
        return super().invoke(*args, **kwargs)


@pytest.fixture()
def runner(app):
    return CommandRunner(app)


@pytest.fixture()
def rubrics_dir(app, tmp_path, monkeypatch) -> Path:
    """A private copy of the rubrics folder that a test may edit."""
    folder = tmp_path / "rubrics"
    shutil.copytree(app.config["RUBRICS_DIR"], folder)
    monkeypatch.setitem(app.config, "RUBRICS_DIR", str(folder))
    return folder


@pytest.fixture()
def smtp(app, monkeypatch):
    """A real SMTP server (aiosmtpd, plain) the app is configured to send through; `smtp.inbox`."""
    from tests.mailserver import Inbox, SmtpServer

    server = SmtpServer(Inbox())
    server.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
    monkeypatch.setitem(app.config, "MAIL_SECURITY", "none")
    yield server
    server.stop()
