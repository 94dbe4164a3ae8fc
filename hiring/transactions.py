"""One unit of work, one transaction.

Operations validate, write (flush) and audit; they never commit. The unit of work commits once at
its boundary and rolls back on any error:

- a request: committed after the view answered with a success (status below 400) and no operation
  was refused on the way, even one whose refusal the view caught to show the form again; anything
  else rolls back (`init_app`);
- a command-line command: committed when it returns, rolled back when it fails or exits with an
  error (`unit_of_work`, wrapped around every command by `hiring.cli`);
- one item of a resumable batch (the purge anonymises each candidate in its own `unit_of_work`, so an
  interrupted run resumes where it stopped).

What must follow a commit and cannot be undone (deleting an object from object storage) is
registered with `on_commit`, and dropped if the transaction rolls back; what undoes outside work
if it rolls back (an object written for an upload that is not kept) with `on_rollback`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from hiring.extensions import db

F = TypeVar("F", bound=Callable[..., Any])

_REFUSED = "hiring.refused"  # in Session.info: an operation failed in this unit of work
_ON_COMMIT = "hiring.on_commit"  # in Session.info: callbacks to run once the transaction commits
_ON_ROLLBACK = "hiring.on_rollback"  # in Session.info: callbacks to run if it rolls back instead
WEB_REQUEST = "hiring.web_request"  # in Session.info: the unit of work is a request (see audit.record)


def operation(function: F) -> F:
    """Mark a function that writes as an operation: if it raises, its unit of work is refused, so
    whatever else the unit wrote is rolled back too, even when the caller catches the error."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except BaseException:
            db.session.info[_REFUSED] = True
            raise

    return run  # type: ignore[return-value]


def on_commit(callback: Callable[[], None]) -> None:
    """Run `callback` after the current transaction commits (in the order registered); never if it
    rolls back. For what cannot be undone, such as removing files."""
    db.session.info.setdefault(_ON_COMMIT, []).append(callback)


def on_rollback(callback: Callable[[], None]) -> None:
    """Run `callback` if the current transaction rolls back; never if it commits. For undoing what
    was done outside the database on its behalf (an object written to object storage)."""
    db.session.info.setdefault(_ON_ROLLBACK, []).append(callback)


def refused() -> bool:
    """Whether an operation failed in the current unit of work."""
    return bool(db.session.info.get(_REFUSED))


def finish(succeeded: bool) -> None:
    """End the unit of work: commit if it succeeded and no operation was refused, else roll back."""
    if succeeded and not refused():
        db.session.commit()
    else:
        db.session.rollback()


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit what the block wrote when it ends normally; roll back when it raises (SystemExit too)."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    finish(True)


def in_unit_of_work(function: F) -> F:
    """`function` run as one unit of work (a command-line command)."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        with unit_of_work():
            return function(*args, **kwargs)

    return run  # type: ignore[return-value]


def init_app(app) -> None:
    """Every request is one unit of work."""

    @app.before_request
    def _begin() -> None:
        db.session.info[WEB_REQUEST] = True

    @app.after_request
    def _end(response):
        finish(response.status_code < 400)
        return response

    @app.teardown_request
    def _abandon(error: BaseException | None) -> None:
        if error is not None:
            db.session.rollback()
        db.session.info.pop(WEB_REQUEST, None)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(_REFUSED, None)
    session.info.pop(_ON_ROLLBACK, None)
    for callback in session.info.pop(_ON_COMMIT, []):
        callback()


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the outermost transaction: the unit of work is over
        session.info.pop(_REFUSED, None)
        session.info.pop(_ON_COMMIT, None)
        for callback in session.info.pop(_ON_ROLLBACK, []):
            callback()
