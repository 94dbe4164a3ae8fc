"""Backups: SQLite by the online backup API and back; PostgreSQL through pg_dump."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from hiring.audit.models import AuditEvent
from hiring.candidates.models import Candidate
from hiring.extensions import db
from hiring.privacy import backups
from hiring.privacy import operations as privacy_ops
from hiring.privacy.backups import pg_dump_command, shown
from tests.helpers import make_candidate


@pytest.fixture()
def sqlite_database(app):
    if db.engine.url.get_backend_name() != "sqlite":
        pytest.skip("restore is for SQLite; PostgreSQL is restored with pg_restore (see the PostgreSQL tests)")


@pytest.fixture()
def postgresql_database(app):
    if db.engine.url.get_backend_name() != "postgresql" or not shutil.which("pg_dump"):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL) and pg_dump on PATH")


def test_backup_then_restore_brings_the_original_data_back(sqlite_database, runner, scene, tmp_path):
    candidate_id = scene.candidate.id
    out = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"SQLite format 3\x00")
    assert (out.stat().st_mode & 0o777) == 0o600
    with sqlite3.connect(out) as copy:
        assert copy.execute("SELECT name FROM candidates WHERE id = ?", (candidate_id,)).fetchone() == ("Ana Souza",)

    scene.candidate.name = "Changed After Backup"
    newcomer = make_candidate(scene.opening, name="Added After Backup").id
    db.session.commit()
    db.session.remove()

    refused = runner.invoke(args=["restore", str(out)])
    assert refused.exit_code == 1 and "holds data" in refused.output
    assert db.session.get(Candidate, candidate_id).name == "Changed After Backup"
    db.session.remove()

    restored = runner.invoke(args=["restore", str(out), "--force"])
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.output
    db.session.remove()
    assert db.session.get(Candidate, candidate_id).name == "Ana Souza"
    assert db.session.get(Candidate, newcomer) is None
    actions = list(db.session.scalars(select(AuditEvent.action)))
    # The backup's own event was written after the copy was taken; the restore is recorded in the result.
    assert "database.restore" in actions and "database.backup" not in actions
    safety = db.session.scalar(select(AuditEvent).filter_by(action="database.restore")).details["safety_copy"]
    with sqlite3.connect(safety) as before:
        assert before.execute("SELECT name FROM candidates WHERE id = ?",
                              (candidate_id,)).fetchone() == ("Changed After Backup",)


def test_restore_refuses_files_that_are_not_our_backups(sqlite_database, runner, scene, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE things (id INTEGER)")
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
        connection.execute("INSERT INTO alembic_version VALUES ('abc123')")
    db.session.commit()
    cases = {text: "is not a SQLite database", other: "not a backup of this app",
             foreign: "revision abc123", tmp_path / "missing.sqlite3": "no such file"}
    for path, message in cases.items():
        result = runner.invoke(args=["restore", str(path), "--force"])
        assert result.exit_code == 1 and message in result.output, (path, result.output)
    assert db.session.get(Candidate, scene.candidate.id).name == "Ana Souza"


def test_pg_dump_command_keeps_the_password_off_the_command_line(tmp_path):
    url = make_url("postgresql+psycopg://hiring:s3cret@db.internal:5433/hiring")
    command, env = pg_dump_command(url, tmp_path / "hiring.dump")
    assert command[:3] == ["pg_dump", "--format=custom", "--no-owner"]
    assert "--dbname=postgresql://hiring@db.internal:5433/hiring" in command
    assert env == {"PGPASSWORD": "s3cret"}
    assert "s3cret" not in shown(command, env) and shown(command, env).startswith("PGPASSWORD=<password> pg_dump")


def test_postgresql_backup_runs_pg_dump(postgresql_database, runner, scene, tmp_path):
    out = tmp_path / "hiring.dump"
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Ran: pg_dump --format=custom" in result.output
    listing = subprocess.run(["pg_restore", "--list", str(out)], capture_output=True, text=True, check=True)
    assert "TABLE public candidates" in listing.stdout
    assert db.session.scalar(select(AuditEvent).filter_by(action="database.backup")) is not None
    restore = runner.invoke(args=["restore", str(out)])
    assert restore.exit_code == 1 and "pg_restore --clean --if-exists" in restore.output


def test_postgresql_backup_without_pg_dump_prints_the_command(postgresql_database, runner, scene, tmp_path,
                                                              monkeypatch):
    monkeypatch.setattr(privacy_ops.shutil, "which", lambda name: None)
    result = runner.invoke(args=["backup", "--out", str(tmp_path / "hiring.dump")])
    assert result.exit_code == 1
    assert "pg_dump is not on PATH" in result.output and "pg_dump --format=custom" in result.output
    assert not (tmp_path / "hiring.dump").exists()


@pytest.fixture()
def usual_umask():
    """The common umask (files 0644): a backup must not rely on the operator having set a stricter one."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path) -> int:
    return path.stat().st_mode & 0o777


def test_a_postgresql_backup_is_readable_by_its_owner_only_from_the_first_byte(
        postgresql_database, runner, scene, tmp_path, monkeypatch, usual_umask):
    out = tmp_path / "hiring.dump"
    out.write_bytes(b"an older backup")
    out.chmod(0o644)
    modes_when_pg_dump_starts = []
    real_run = backups.subprocess.run

    def run(command, **kwargs):
        target = Path(next(arg for arg in command if arg.startswith("--file=")).removeprefix("--file="))
        modes_when_pg_dump_starts.append(_mode(target))
        return real_run(command, **kwargs)

    monkeypatch.setattr(backups.subprocess, "run", run)
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert modes_when_pg_dump_starts == [0o600]
    assert _mode(out) == 0o600 and out.read_bytes().startswith(b"PGDMP")
    assert [p.name for p in tmp_path.iterdir()] == ["hiring.dump"]  # no partial file left behind


def test_a_failed_postgresql_backup_leaves_no_partial_file(postgresql_database, runner, scene, tmp_path,
                                                           monkeypatch):
    monkeypatch.setattr(privacy_ops.backups, "pg_dump_command",
                        lambda url, out: (["pg_dump", "--no-such-option", f"--file={out}"], {}))
    result = runner.invoke(args=["backup", "--out", str(tmp_path / "hiring.dump")])
    assert result.exit_code == 1 and "pg_dump failed" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_sqlite_backup_is_readable_by_its_owner_only_from_the_first_byte(
        sqlite_database, runner, scene, tmp_path, monkeypatch, usual_umask):
    out = tmp_path / "backup.sqlite3"
    modes_when_sqlite_opens_the_copy = []
    real_connect = backups.sqlite3.connect

    def connect(target, *args, **kwargs):
        if str(target).startswith(str(tmp_path)):  # the copy, not the live database
            copy = Path(target)
            modes_when_sqlite_opens_the_copy.append(_mode(copy) if copy.exists() else "made by sqlite")
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(backups.sqlite3, "connect", connect)
    result = runner.invoke(args=["backup", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert modes_when_sqlite_opens_the_copy == [0o600] and _mode(out) == 0o600
