"""Forms for signing in, resetting a forgotten password, managing users and one's own profile."""

from __future__ import annotations

from zoneinfo import available_timezones

from babel.dates import get_timezone_location
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from hiring.auth.models import Role
from hiring.emails import EmailAddress
from hiring.forms import Form
from hiring.i18n import LANGUAGES
from hiring.notifications.kinds import SWITCHES

#: IANA time zones people choose from (the "Etc/" and legacy aliases left out), sorted.
TIME_ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "US/")))


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


def zone_choices() -> list[SelectChoice]:
    """The time zones by their place, named in the page's language by CLDR (Babel): place names,
    not words to translate, hence `translate="no"`."""
    locale = str(get_locale() or "en")
    named = {"translate": "no"}
    return [SelectChoice("", _("UTC")), *(SelectChoice(zone, get_timezone_location(zone, locale=locale),
                                                        render_kw=named) for zone in TIME_ZONES)]


class ProfileForm(Form):
    language = _language_field()
    time_zone = SelectField(_l("Time zone"), choices=lambda: zone_choices(), validators=[Optional()],
        description=_l("All times on the pages, in your notifications and in the PDFs you download are shown in it."))
    email_on = SelectMultipleField(
        _l("Email me when"), choices=lambda: [SelectChoice(key, _(label)) for key, label in SWITCHES.items()],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), validators=[Optional()],
        description=_l("Every notification is also listed under Notifications, whatever you choose here."))
