"""Signing in and out, and the admins' user management pages."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from hiring.audit.operations import record
from hiring.auth import operations
from hiring.auth.access import load_user, require
from hiring.auth.forms import LoginForm, NewUserForm, UserForm
from hiring.auth.models import Role, User
from hiring.extensions import db, limiter
from hiring.security import start_session
from hiring.validation import ValidationError

bp = Blueprint("auth", __name__)

@cache
def _dummy_hash() -> str:
    """Checked against when the email is unknown, so both answers take the same time."""
    return generate_password_hash("not a password anyone has")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect through `next`."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.find_user(form.email.data)
        if user is None:
            check_password_hash(_dummy_hash(), form.password.data)
        elif user.check_password(form.password.data) and user.active:
            start_session()  # a fresh session: nothing from before sign-in carries over
            login_user(user)
            record(user, "auth.login", user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        else:
            record(None, "auth.login_failed", user, reason="inactive" if user.active is False else "password")
            db.session.commit()
        form.password.errors.append("Email or password is incorrect.")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@require()
def logout():
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/admin/users")
@require(Role.ADMIN)
def users():
    people = db.session.scalars(select(User).order_by(User.role, User.name)).all()
    return render_template("admin/users.html", users=people)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@require(Role.ADMIN)
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = operations.create_user(
                current_user,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                password=form.password.data,
            )
        except ValidationError as err:
            getattr(form, err.field or "email").errors.append(err.message)
        else:
            flash(f"Created {user.name} ({user.role.label}).", "success")
            return redirect(url_for("auth.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@require(Role.ADMIN)
def edit_user(user_id: int):
    user = load_user(user_id)
    form = UserForm(obj=user)
    if request.method == "GET":
        form.role.data = user.role.value
    if form.validate_on_submit():
        try:
            operations.update_user(
                current_user,
                user,
                email=form.email.data,
                name=form.name.data,
                role=form.role.data,
                active=form.active.data,
                password=form.password.data or None,
            )
        except ValidationError as err:
            getattr(form, err.field or "email").errors.append(err.message)
        else:
            flash(f"Saved {user.name}.", "success")
            return redirect(url_for("auth.users"))
    return render_template("admin/user_form.html", form=form, user=user)
