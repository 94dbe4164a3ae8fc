"""Forms for signing in, resetting a forgotten password, managing users and one's own profile."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from hiring.auth.models import Role
from hiring.emails import EmailAddress
from hiring.forms import Form
from hiring.i18n import LANGUAGES


def role_choices() -> list[SelectChoice]:
    """A callable for `choices`: the labels in the page's language."""
    return [SelectChoice(r.value, r.label) for r in Role]


#: "" follows the browser's Accept-Language; each language is named in itself.
LANGUAGE_CHOICES = [SelectChoice("", _l("The browser's language")),
                    *(SelectChoice(code, name) for code, name in LANGUAGES.items())]
MIN_PASSWORD = 10


def _language_field() -> SelectField:
    return SelectField(_l("Language"), choices=LANGUAGE_CHOICES, validators=[Optional()],
                       description=_l("The language of your pages, emails and PDFs."))


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), EmailAddress(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class RequestResetForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), EmailAddress(), Length(max=254)],
                       description=_l("The address you sign in with."))


class ResetPasswordForm(Form):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
        description=_l("At least %(count)d characters.", count=MIN_PASSWORD),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords are not the same."))],
    )


class UserForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), EmailAddress(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=role_choices, validators=[DataRequired()])
    language = _language_field()
    active = BooleanField(_l("Active (may sign in)"), default=True)
    password = PasswordField(
        _l("Password"),
        validators=[Optional(), Length(min=MIN_PASSWORD, max=200)],
        description=_l("At least %(count)d characters. Leave empty to keep the current one.", count=MIN_PASSWORD),
    )


class NewUserForm(UserForm):
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
        description=_l("At least %(count)d characters.", count=MIN_PASSWORD),
    )


class ProfileForm(Form):
    language = _language_field()
