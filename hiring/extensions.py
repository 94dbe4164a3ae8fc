"""The Flask extensions, created once here and bound to the app in `create_app`."""

from __future__ import annotations

import enum

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Enum, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints so Alembic can alter them on every database (SQLite batch mode needs names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
babel = Babel()


def _is_pysqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, let readers and a writer work together, wait instead of failing.

    The sqlite3 driver's own transaction handling is switched off (`isolation_level = None`):
    SQLAlchemy emits BEGIN itself (`_sqlite_begin`), so reads are in the transaction too and
    writes can start with BEGIN IMMEDIATE.
    """
    if _is_pysqlite(dbapi_connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
        dbapi_connection.isolation_level = None


#: Requests with these methods only read (by HTTP's rules); their transactions start deferred.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
_COMMITTED = "hiring.sqlite_committed"  # in the WSGI environ: this request has committed once


def _write_intent() -> bool:
    """Whether a transaction starting now is expected to write: a POST's (or other unsafe
    method's) until it commits, since what follows is rendering the answer. A GET's, and work
    outside requests (the CLI, scripts, tests), begin deferred: a long report or a test reading
    while a server runs must not hold the write lock. They take it at their first write."""
    from flask import has_request_context, request

    if not has_request_context():
        return False
    return request.method not in READ_ONLY_METHODS and not request.environ.get(_COMMITTED)


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """SQLite: writers take the write lock when their transaction starts (BEGIN IMMEDIATE).

    A deferred transaction that read first and writes later must upgrade its lock, and SQLite
    refuses that at once ("database is locked", busy timeout or not) when another writer committed
    in between. BEGIN IMMEDIATE instead waits for the lock (up to the busy timeout) before reading,
    so writers queue up. Read-only transactions begin deferred: they never wait for writers (WAL),
    and they do not keep writers waiting.
    """
    if conn.dialect.name != "sqlite" or conn.dialect.driver != "pysqlite":
        return
    immediate = _write_intent()
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
    conn.info["sqlite_deferred"] = not immediate


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_upgrade(conn, cursor, statement, parameters, context, executemany) -> None:
    """SQLite: a deferred transaction that writes (a command, a GET noting an API token's
    `last_used_at`, a POST writing a second time) would need that lock upgrade. Instead its reads
    so far are committed and the write starts a BEGIN IMMEDIATE transaction, as the sqlite3 driver
    does by default: what it read is not re-checked, which the write paths allow for (versioned and
    conditional UPDATEs, unique constraints). Savepoints are left alone."""
    if not conn.info.get("sqlite_deferred"):
        return
    if statement.lstrip().split(None, 1)[0].upper() in _WRITES and not conn.in_nested_transaction():
        conn.info["sqlite_deferred"] = False
        cursor.execute("COMMIT")
        cursor.execute("BEGIN IMMEDIATE")


@event.listens_for(Engine, "commit")
def _sqlite_commit(conn) -> None:
    conn.info.pop("sqlite_deferred", None)
    if conn.dialect.name == "sqlite":
        from flask import has_request_context, request

        if has_request_context():
            request.environ[_COMMITTED] = True


@event.listens_for(Engine, "rollback")
def _sqlite_rollback(conn) -> None:
    conn.info.pop("sqlite_deferred", None)


def enum_column(enum_cls: type[enum.Enum]) -> Enum:
    """A portable enum column: stored as its value in a VARCHAR with a CHECK, read back as the enum."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        name=enum_cls.__name__.lower(),
    )
