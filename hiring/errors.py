"""Error pages: a plain explanation, never a stack trace."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "Your role does not give access to this page."),
    404: ("Not found", "There is nothing here. The link may be old or mistyped."),
    405: ("Not allowed", "This page cannot be used that way."),
    410: ("Gone", "This link is no longer valid."),
    413: ("Too large", "The file is larger than allowed."),
    429: ("Too many attempts", "Please wait a minute before trying again."),
    500: ("Something went wrong", "The error has been logged. Please try again in a moment."),
}


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template(
            "errors.html",
            code=400,
            title="The form expired",
            message="For your security the form was refused (missing or expired token). "
            "Go back, reload the page and submit again.",
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.response is not None:  # it carries its own answer (e.g. when an account may sign in again)
            return error.response
        title, message = MESSAGES.get(error.code or 500, (error.name, ""))
        if request.path.startswith("/api/"):
            return jsonify({"error": title, "detail": message}), error.code or 500
        return render_template("errors.html", code=error.code, title=title, message=message), (
            error.code or 500
        )

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error")
        title, message = MESSAGES[500]
        return render_template("errors.html", code=500, title=title, message=message), 500

    app.register_error_handler(InternalServerError, unexpected_error)
