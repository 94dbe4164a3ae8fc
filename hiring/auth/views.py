"""Signing in and out, resetting a forgotten password, and the admins' user management pages.

Sign-in is limited twice: per address (`LOGIN_RATE_LIMIT`, every attempt counts) and per account
(`LOGIN_ACCOUNT_RATE_LIMIT`, failed attempts only, whatever address they come from), so a guess
spread over many addresses is slowed too. An account's lock lifts by itself when its window ends;
while it holds, no password is checked, so the answer tells nothing about a guess.

A reset request answers the same whatever the email (known, disabled or unknown), so the page
cannot be used to find out who has an account; only an active user gets the link.
"""

from __future__ import annotations

import math
import time
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale, refresh
from flask_babel import gettext as _
from flask_limiter import RequestLimit
from flask_login import current_user, login_user
from sqlalchemy import select

from hiring.auth import operations
from hiring.auth.access import load_user, require
from hiring.auth.forms import LoginForm, NewUserForm, ProfileForm, RequestResetForm, ResetPasswordForm, UserForm
from hiring.auth.models import Role, User
from hiring.emails import normalise_email
from hiring.extensions import db, limiter
from hiring.i18n import LANGUAGES, N_
from hiring.mail import mail_configured
from hiring.notifications.kinds import SWITCHES, kinds_of
from hiring.outbox import operations as outbox_ops
from hiring.security import end_session, start_session
from hiring.validation import ValidationError
from hiring.wording import plural

bp = Blueprint("auth", __name__)

def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    """The account a sign-in is for: the typed address as the email rule normalises it. Unknown
    addresses are counted the same way, so a lock tells nobody whether an account exists."""
    typed = request.form.get("email", "")
    try:
        return "account:" + normalise_email(typed)
    except ValidationError:
        return "account:" + typed.strip().lower()


def _sign_in_failed(response) -> bool:
    return bool(g.get("sign_in_failed"))


ACCOUNT_LOCKED = N_("Too many failed sign-ins for this account. Try again in %(wait)s.")


def _account_locked(limit: RequestLimit):
    """The answer while an account is paused: when to try again, in words and in Retry-After."""
    seconds = max(1, math.ceil(limit.reset_at - time.time()))
    wait = plural(math.ceil(seconds / 60), "minute") if seconds > 90 else plural(seconds, "second")
    page = render_template("errors.html", code=429, title=_("Too many attempts"),
                           message=_(ACCOUNT_LOCKED, wait=wait))
    return current_app.response_class(page, status=429, headers={"Retry-After": str(seconds)})


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never an open redirect through `next`."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], deduct_when=_sign_in_failed,
               on_breach=_account_locked)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.sign_in(form.email.data, form.password.data)
        if user is not None:
            start_session(user)  # a fresh session: nothing from before sign-in carries over
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        g.sign_in_failed = True  # counts against the account's limit
        form.password.errors.append(_("Email or password is incorrect."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@require()
def logout():
    end_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


RESET_REQUESTED = N_("If that email belongs to an account, a link to choose a new password is on its way. "
                     "It is valid for %(valid_for)s.")
RESET_SUBJECT = N_("Choose a new password")
RESET_EMAIL = N_("""Hello %(name)s,

Someone (we hope you) asked to choose a new password for your Hiring account. Open this link to do it:

%(link)s

The link works once and is valid for %(valid_for)s. If you did not ask for it, ignore this message: your
password stays as it is.
""")


def _valid_for() -> str:
    """The reset link's lifetime in words: "1 hour", "30 minutes"."""
    seconds = current_app.config["PASSWORD_RESET_MAX_AGE"]
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            return plural(seconds // size, unit)
    return plural(seconds, "second")


def _nobody() -> User:
    """A stand-in (never saved) to make a token for when the email is unknown: the same work either way."""
    return User(id=0, password_hash=operations.dummy_hash(), session_epoch=0)


def _queue_reset_link(user: User, link: str) -> None:
    """Queue the reset email in this request's unit of work: the outbox worker sends it, so SMTP
    time never shows in the answer (which must not tell who has an account). The queued copy holds
    the link sealed, and erases it once sent.

    Without MAIL_SERVER the link goes to the server log, for a developer; never into the response.
    In production it does not: whoever reads the log could take over the account. Admins still set
    passwords there.
    """
    config = current_app.config
    if not mail_configured(config):
        if config["PRODUCTION"]:
            current_app.logger.error("Mail is not configured (MAIL_SERVER): no password reset link sent to "
                                     "user %s", user.id)
        else:
            current_app.logger.warning("Mail is not configured (MAIL_SERVER): the password reset link for "
                                       "user %s is %s", user.id, link)
        return
    marker = outbox_ops.link_marker()
    with force_locale(user.language or str(get_locale())):  # the reader's language, not the requester's
        subject, body = _(RESET_SUBJECT), _(RESET_EMAIL, name=user.name, link=marker, valid_for=_valid_for())
    outbox_ops.enqueue(kind="password_reset", to=user.email, subject=subject, body=body, link=link, marker=marker,
                       secret_key=config["SECRET_KEY"], mail_configured=True, user_id=user.id)


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def request_reset():
    form = RequestResetForm()
    if form.validate_on_submit():
        user = operations.find_user(form.email.data)
        token = operations.reset_token(user or _nobody(), current_app.config["SECRET_KEY"])
        response = redirect(url_for("auth.login"))
        if user is not None:
            if user.active:
                _queue_reset_link(user, url_for("auth.reset_password", token=token, _external=True))
            operations.note_reset_request(user)
        flash(_(RESET_REQUESTED, valid_for=_valid_for()), "info")
        return response
    return render_template("auth/request_reset.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    config = current_app.config
    user = operations.user_for_reset_token(token, config["SECRET_KEY"], config["PASSWORD_RESET_MAX_AGE"])
    if user is None:  # forged, expired, used or disabled: one answer, never which
        return render_template("auth/reset_password.html", form=None), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        operations.reset_password(user, form.password.data)
        flash(_("Your password is changed. Sign in with it."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/admin/users")
@require(Role.ADMIN)
def users():
    people = db.session.scalars(select(User).order_by(User.role, User.name)).all()
    return render_template("admin/users.html", users=people, languages=LANGUAGES)


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
                language=form.language.data or None,
            )
        except ValidationError as err:
            getattr(form, err.field or "email").errors.append(err.message)
        else:
            flash(_("Created %(name)s (%(role)s).", name=user.name, role=user.role.label), "success")
            return redirect(url_for("auth.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@require(Role.ADMIN)
def edit_user(user_id: int):
    user = load_user(user_id)
    form = UserForm(obj=user)
    if request.method == "GET":
        form.role.data = user.role.value
        form.language.data = user.language or ""
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
                language=form.language.data or None,
            )
        except ValidationError as err:
            getattr(form, err.field or "email").errors.append(err.message)
        else:
            flash(_("Saved %(name)s.", name=user.name), "success")
            return redirect(url_for("auth.users"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.route("/profile", methods=["GET", "POST"])
@require()
def profile():
    """The signed-in user's own settings: the language they read the app in."""
    form = ProfileForm()
    if request.method == "GET":
        form.language.data = current_user.language or ""
        form.time_zone.data = current_user.time_zone or ""
        form.email_on.data = [s for s in SWITCHES if any(current_user.wants_email(k) for k in kinds_of(s))]
    if form.validate_on_submit():
        try:
            operations.set_language(current_user, current_user, form.language.data or None)
            operations.set_notifications(current_user, current_user, time_zone=form.time_zone.data or None,
                                         email_on=form.email_on.data or [])
        except ValidationError as err:
            getattr(form, err.field or "language").errors.append(err.message)
        else:
            refresh()  # this request's messages are already in the new language
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form)
