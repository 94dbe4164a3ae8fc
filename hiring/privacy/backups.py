"""Copying the database out and back in. No Flask: paths, URLs and sqlite3 connections.

SQLite is copied with the online backup API (`sqlite3.Connection.backup`): a consistent copy while
the app keeps serving, page by page, including what is still in the write-ahead log. PostgreSQL is
backed up with `pg_dump --format=custom` and restored with `pg_restore`; `pg_dump_command` and
`pg_restore_command` give the exact commands. Either backup file is its owner's only (0600) from
its first byte (`private_part`).
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
from collections.abc import Collection
from pathlib import Path

from sqlalchemy.engine import URL

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(Exception):
    """Why a backup or restore was refused; the message says what to do."""


def sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError(f"Only a SQLite database in a file can be backed up here, not {url.database!r}.")
    return Path(url.database).resolve()


def private_part(out: Path) -> Path:
    """An empty `<out>.part`, readable and writable by its owner only, whatever the umask.

    A backup holds every candidate's personal data, so it is written into a file that is 0600
    before its first byte, then renamed over `out`: never world-readable, not even while written.
    """
    part = out.with_name(out.name + ".part")
    part.unlink(missing_ok=True)
    os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return part


def backup_sqlite(source: sqlite3.Connection, out: Path) -> None:
    """Copy the live database behind `source` to `out` (a single file, no write-ahead log)."""
    part = private_part(out)  # SQLite writes into the empty file, and gives its journal the same mode
    try:
        target = sqlite3.connect(part)
        try:
            source.backup(target)
            # A self-contained file: copied, mailed or restored without a -wal beside it.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(out)


def dump_postgresql(url: URL, out: Path) -> str:
    """Run pg_dump into `out` (0600, see `private_part`); return the command as shown to people.

    pg_dump opens its --file with fopen("wb"), which keeps the mode of the file we made; the umask
    077 it runs under covers a pg_dump that would replace the file instead.
    """
    part = private_part(out)
    command, env = pg_dump_command(url, part)
    try:
        done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, check=False,
                              umask=0o077)
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed ({done.returncode}): {done.stderr.strip()}")
        part.chmod(0o600)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    part.replace(out)
    return shown(*pg_dump_command(url, out))


def backup_revision(path: Path, known_revisions: Collection[str]) -> str:
    """The Alembic revision of a SQLite backup of this app; BackupError if it is not one."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database.")
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as err:
        raise BackupError(f"{path} is a SQLite database but not a backup of this app "
                          f"(no alembic_version: {err}).") from None
    finally:
        connection.close()
    if len(rows) != 1 or rows[0][0] not in known_revisions:
        found = ", ".join(str(r[0]) for r in rows) or "none"
        raise BackupError(f"{path} has schema revision {found}, which this app does not know "
                          "(a backup of another app, or of a newer version of this one).")
    return rows[0][0]


def restore_sqlite(backup: Path, target: Path) -> None:
    """Overwrite the database file `target` with the backup's pages (close other connections first)."""
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL as libpq reads it, without the password (passed in PGPASSWORD, not on the command line)."""
    plain = URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                       database=url.database, query=url.query)
    env = {"PGPASSWORD": url.password} if url.password else {}
    return plain.render_as_string(hide_password=False), env


def pg_dump_command(url: URL, out: Path) -> tuple[list[str], dict[str, str]]:
    """The pg_dump command line for this database and the environment it needs."""
    dsn, env = _libpq(url)
    return ["pg_dump", "--format=custom", "--no-owner", f"--file={out}", f"--dbname={dsn}"], env


def pg_restore_command(url: URL, backup: Path) -> tuple[list[str], dict[str, str]]:
    dsn, env = _libpq(url)
    return ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={dsn}", str(backup)], env


def shown(command: list[str], env: dict[str, str]) -> str:
    """The command as a person would type it; a password is shown as a placeholder, never itself."""
    prefix = "PGPASSWORD=<password> " if env.get("PGPASSWORD") else ""
    return prefix + shlex.join(command)
