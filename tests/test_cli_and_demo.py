"""The command line and the demo data a newcomer starts with."""

from __future__ import annotations

from sqlalchemy import func, select

from hiring import demo
from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate
from hiring.config import build_config
from hiring.extensions import db
from hiring.models import Opening


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_is_idempotent_and_has_every_role_and_several_scripts(runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = (_count(User), _count(Opening), _count(Candidate))
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert (_count(User), _count(Opening), _count(Candidate)) == counts
    assert counts[1] == 1 and counts[2] >= 12
    assert {u.role for u in db.session.scalars(select(User))} == set(Role)
    for user in demo.USERS:
        assert user.email in first.output
    assert demo.DEMO_PASSWORD in first.output
    names = set(db.session.scalars(select(Candidate.name)))
    assert {"王芳", "प्रिया शर्मा", "José Martínez", "Siti Rahmawati"} <= names
    opening = db.session.scalar(select(Opening))
    assert {m.role for m in opening.team} == {Role.HIRING_MANAGER, Role.INTERVIEWER, Role.LEADERSHIP}


def test_demo_if_empty_leaves_a_used_database_alone(runner):
    runner.invoke(args=["users", "create", "--email", "boss@example.com", "--role", "admin",
                        "--password", "long enough pass"])
    result = runner.invoke(args=["demo", "--if-empty"])
    assert "demo not loaded" in result.output
    assert _count(Opening) == 0
    assert "admin@demo.hiring" in result.output, "the logins are printed either way"


def test_every_demo_login_works(runner, browser):
    runner.invoke(args=["demo"])
    for user in demo.USERS:
        assert browser.login(user.email, demo.DEMO_PASSWORD).status_code == 302, user.email
        assert browser.get("/openings/").status_code == 200
        browser.logout()


def test_users_create_refuses_a_duplicate_email(runner):
    args = ["users", "create", "--email", "Sam@Example.com", "--role", "interviewer", "--password", "x" * 12]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_init_db_runs_the_migrations_again_safely(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = build_config(tmp_path)["SECRET_KEY"]
    assert len(first) == 64
    assert build_config(tmp_path)["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert build_config(tmp_path)["SECRET_KEY"] == "from-the-environment"


def test_database_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/hiring")
    assert build_config(tmp_path, {"SECRET_KEY": "x"})["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://u@db/hiring")
    monkeypatch.delenv("DATABASE_URL")
    assert build_config(tmp_path, {"SECRET_KEY": "x"})["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{tmp_path / 'hiring.sqlite3'}")
