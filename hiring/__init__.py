"""`hiring`: structured, evidence-based hiring for social media managers.

`create_app(config)` builds the Flask app: configuration, extensions, blueprints, CLI, error pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, flash, jsonify, redirect, request, url_for
from flask_babel import lazy_gettext

from hiring.config import PROJECT_ROOT, build_config
from hiring.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_relative_config=True,
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(build_config(Path(app.instance_path), config))

    if app.config["PRODUCTION"]:
        _refuse_unsafe_production(app)
    _init_extensions(app)
    _register_blueprints(app)

    from hiring.cli import register_commands
    from hiring.errors import register_error_pages
    from hiring.exercises.storage import init_app as init_storage
    from hiring.security import init_security
    from hiring.templating import register_template_helpers
    from hiring.transactions import init_app as init_transactions

    init_transactions(app)
    init_storage(app)
    register_commands(app)
    register_error_pages(app)
    register_template_helpers(app)
    init_security(app)
    return app


def _refuse_unsafe_production(app: Flask) -> None:
    """HIRING_ENV=production with a setup that would lose data or leak sessions: do not start.

    gunicorn reads its worker count from WEB_CONCURRENCY; `hiring/gunicorn_conf.py` also checks
    the count actually configured before any worker starts.
    """
    import os

    from hiring.security import production_problems

    problems = production_problems(app.config, int(os.environ.get("WEB_CONCURRENCY", "1")))
    if problems:
        raise RuntimeError("Refusing to start in production: " + " ".join(problems))


def _init_extensions(app: Flask) -> None:
    # Import every model so the metadata (and Alembic's autogenerate) sees all tables.
    from hiring import models  # noqa: F401
    from hiring.auth.models import User
    from hiring.auth.operations import user_for_token
    from hiring.i18n import select_locale, select_timezone
    from hiring.security import session_user

    db.init_app(app)
    migrate.init_app(app, db, directory=app.config["MIGRATIONS_DIR"], render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    if app.config["REDIS_URL"]:  # computed scoreboards shared by the gunicorn workers
        from hiring.sharedcache import SharedCache

        app.extensions["shared_cache"] = SharedCache(app.config["REDIS_URL"], app.config["SECRET_KEY"])
    # One rule for every page's language and time zone: hiring.i18n.select_locale, select_timezone.
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone,
                   default_translation_directories=str(PROJECT_ROOT / "hiring" / "translations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to continue.")
    login_manager.login_message_category = "info"

    login_manager.user_loader(session_user)

    @login_manager.request_loader
    def load_user_from_token(request) -> User | None:
        """An API token opens the JSON API only: elsewhere it is ignored, so it can never stand in
        for a signed-in session on the web pages (exports, candidate pages...)."""
        if not request.path.startswith("/api/"):
            return None
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return user_for_token(token.strip()) if scheme.lower() == "bearer" and token else None

    @login_manager.unauthorized_handler
    def unauthorized():
        if request.path.startswith("/api/"):
            return jsonify({"error": "authentication required",
                            "hint": "sign in, or send Authorization: Bearer <token>"}), 401
        flash(str(login_manager.login_message), login_manager.login_message_category)
        return redirect(url_for(login_manager.login_view, next=request.full_path.rstrip("?")))


def _register_blueprints(app: Flask) -> None:
    from hiring import main
    from hiring.api import v1 as api
    from hiring.audit import views as audit
    from hiring.auth import views as auth
    from hiring.calibration import views as calibration
    from hiring.candidate_mail import views as candidate_mail
    from hiring.candidates import views as candidates
    from hiring.debriefs import views as debriefs
    from hiring.exercises import builder_views as exercise_builder
    from hiring.exercises import take
    from hiring.exercises import views as exercises
    from hiring.ids import IdConverter
    from hiring.interviews import views as interviews
    from hiring.notifications import views as notifications
    from hiring.openings import views as openings
    from hiring.outbox import views as outbox
    from hiring.privacy import views as privacy
    from hiring.rubrics import builder_views as builder
    from hiring.rubrics import translation_views as translations
    from hiring.rubrics import views as rubrics
    from hiring.shortlists import views as shortlists

    app.url_map.converters["int"] = IdConverter  # before any route is added: every <int:…> is an id
    for module in (main, auth, openings, candidates, interviews, exercises, take, shortlists, rubrics, audit, api,
                   privacy, outbox, notifications, candidate_mail, builder, exercise_builder, translations,
                   debriefs, calibration):
        app.register_blueprint(module.bp)
