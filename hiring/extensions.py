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
#: When the limits' storage (Redis) cannot be reached, each process counts the same limits in its
#: own memory instead of failing the request, and goes back to the storage once it answers again
#: (Flask-Limiter checks it again after 1, 2, 4, ... 32 seconds). Set here, not in the config: the
#: first app to initialise the limiter would fix these for every later one.
limiter = Limiter(key_func=get_remote_address, default_limits=[], in_memory_fallback_enabled=True,
                  swallow_errors=True)
babel = Babel()


def _is_pysqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, let readers and a writer work together, wait instead of failing.

    The sqlite3 driver's own transaction handling is switched off (`isolation_level = None`):
    SQLAlchemy emits BEGIN itself (`_sqlite_begin`), so reads are in the transaction too and
    writes start with BEGIN IMMEDIATE (`_sqlite_upgrade`).
    """
    if _is_pysqlite(dbapi_connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA secure_delete=ON")  # deleted content is overwritten, not left in free pages
        cursor.close()
        dbapi_connection.isolation_level = None


#: Statements that start writing. A savepoint counts: the writes in it must be in the IMMEDIATE
#: transaction too, and while the transaction is deferred no savepoint can exist yet.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "SAVEPOINT")


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """SQLite: every transaction begins deferred, so reads and slow work (hashing a password,
    building a report) never hold the write lock; `_sqlite_upgrade` takes it at the first write.

    Read-only transactions never wait for writers (WAL) and never keep them waiting.
    """
    if conn.dialect.name != "sqlite" or conn.dialect.driver != "pysqlite":
        return
    conn.exec_driver_sql("BEGIN")
    conn.info["sqlite_deferred"] = True


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_upgrade(conn, cursor, statement, parameters, context, executemany) -> None:
    """SQLite: at a deferred transaction's first write (the unit of work's first flush), its reads
    so far are committed and the write starts a BEGIN IMMEDIATE transaction, which waits for the
    write lock (up to the busy timeout). Upgrading the deferred transaction's lock in place instead
    fails at once ("database is locked", busy timeout or not) when another writer committed in
    between. What was read is not re-checked, which the write paths allow for (versioned and
    conditional UPDATEs, unique constraints). Everything the unit of work writes is in the
    IMMEDIATE transaction, so a rollback undoes all of it."""
    if not conn.info.get("sqlite_deferred"):
        return
    if statement.lstrip().split(None, 1)[0].upper() in _WRITES:
        conn.info["sqlite_deferred"] = False
        cursor.execute("COMMIT")
        cursor.execute("BEGIN IMMEDIATE")


@event.listens_for(Engine, "commit")
def _sqlite_commit(conn) -> None:
    conn.info.pop("sqlite_deferred", None)


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
