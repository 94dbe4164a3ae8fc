"""Error pages: a plain explanation, never a stack trace; and error logs without personal data.

An unexpected error may come from a failed statement, which leaves the transaction unusable: the
500 handler rolls it back before rendering (the page shows the signed-in user, which may query).
The log keeps the traceback but never what people typed: the engine hides SQL parameters
(`hide_parameters`, hiring/config.py), and a database driver's message, which can quote the row
(PostgreSQL's "DETAIL: Key (email)=(…) already exists"), is logged as its kind, SQLSTATE and the
constraint, table and column it names.
"""

from __future__ import annotations

import logging
import sqlite3
import traceback

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import StatementError
from werkzeug.exceptions import HTTPException, InternalServerError

from hiring.extensions import db
from hiring.i18n import N_

#: Each error's title and explanation, translated when shown (the API answers in English).
MESSAGES = {
    400: (N_("Bad request"), N_("The request could not be understood.")),
    403: (N_("Not allowed"), N_("Your role does not give access to this page.")),
    404: (N_("Not found"), N_("There is nothing here. The link may be old or mistyped.")),
    405: (N_("Not allowed"), N_("This page cannot be used that way.")),
    410: (N_("Gone"), N_("This link is no longer valid.")),
    413: (N_("Too large"), N_("The file is larger than allowed.")),
    429: (N_("Too many attempts"), N_("Please wait a minute before trying again.")),
    500: (N_("Something went wrong"), N_("The error has been logged. Please try again in a moment.")),
}


def register_error_pages(app: Flask) -> None:
    if not any(isinstance(f, WithoutPersonalData) for f in app.logger.filters):
        app.logger.addFilter(WithoutPersonalData())

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template(
            "errors.html",
            code=400,
            title=_("The form expired"),
            message=_("For your security the form was refused (missing or expired token). "
                      "Go back, reload the page and submit again."),
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:  # it carries its own answer (e.g. when an account may sign in again)
            return error.response
        title, message = MESSAGES.get(error.code or 500, (error.name, ""))
        if request.path.startswith("/api/"):
            return jsonify({"error": title, "detail": message}), error.code or 500
        return render_template("errors.html", code=error.code, title=_(title), message=_(message) if message else ""), (
            error.code or 500
        )

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()  # a failed statement leaves the transaction unusable for the page's queries
        if not isinstance(error, InternalServerError) or error.original_exception is None:
            app.logger.exception("Unhandled error")  # else Flask has logged the original already
        title, message = MESSAGES[500]
        if request.path.startswith("/api/"):
            return jsonify({"error": title, "detail": message}), 500
        return render_template("errors.html", code=500, title=_(title), message=_(message)), 500

    app.register_error_handler(InternalServerError, unexpected_error)


class WithoutPersonalData(logging.Filter):
    """Log records' tracebacks with database drivers' messages left out (see the module docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = loggable_traceback(record.exc_info[1])
            record.exc_info = None
        return True


def loggable_traceback(error: BaseException) -> str:
    """`error`'s traceback, its causes first as Python prints them, without personal data."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    drivers = {id(e.orig) for e in chain if isinstance(e, StatementError) and e.orig is not None}
    text = ""
    for exc in reversed(chain):
        if text:
            text += ("\n\nThe above exception was the direct cause of the following exception:\n\n"
                     if exc.__cause__ is not None else
                     "\n\nDuring handling of the above exception, another exception occurred:\n\n")
        frames = "".join(traceback.format_tb(exc.__traceback__))
        kind = f"{type(exc).__module__}.{type(exc).__qualname__}"
        text += f"Traceback (most recent call last):\n{frames}{kind}: {_message(exc, id(exc) in drivers)}"
    return text


def _message(exc: BaseException, from_driver: bool) -> str:
    if isinstance(exc, StatementError):
        return f"{type(exc.orig).__name__ if exc.orig is not None else ''} in [SQL: {exc.statement}]"
    if from_driver or hasattr(exc, "sqlstate"):
        if isinstance(exc, sqlite3.Error):
            return str(exc)  # SQLite names the constraint and columns, never the values
        diag = getattr(exc, "diag", None)
        names = {"SQLSTATE": getattr(exc, "sqlstate", None)}
        for name in ("constraint_name", "table_name", "column_name"):
            names[name.split("_")[0]] = getattr(diag, name, None)
        return ", ".join(f"{k} {v}" for k, v in names.items() if v) + " (message left out: it may quote the row)"
    return str(exc)
