"""Forms for signing in, resetting a forgotten password and managing users."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from hiring.auth.models import Role
from hiring.emails import EmailAddress
from hiring.forms import Form

ROLE_CHOICES = [SelectChoice(r.value, r.label) for r in Role]
MIN_PASSWORD = 10


class LoginForm(Form):
    email = EmailField("Email", validators=[DataRequired(), EmailAddress(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class RequestResetForm(Form):
    email = EmailField("Email", validators=[DataRequired(), EmailAddress(), Length(max=254)],
                       description="The address you sign in with.")


class ResetPasswordForm(Form):
    password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
        description=f"At least {MIN_PASSWORD} characters.",
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("password", message="The two passwords are not the same.")],
    )


class UserForm(Form):
    email = EmailField("Email", validators=[DataRequired(), EmailAddress(), Length(max=254)])
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    role = SelectField("Role", choices=ROLE_CHOICES, validators=[DataRequired()])
    active = BooleanField("Active (may sign in)", default=True)
    password = PasswordField(
        "Password",
        validators=[Optional(), Length(min=MIN_PASSWORD, max=200)],
        description=f"At least {MIN_PASSWORD} characters. Leave empty to keep the current one.",
    )


class NewUserForm(UserForm):
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
        description=f"At least {MIN_PASSWORD} characters.",
    )
