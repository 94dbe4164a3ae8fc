"""`Form`, the base of every form: the typed-text rule (`hiring.validation.clean_text`) on every text field,
and WTForms' own messages ("This field is required.") in the page's language.

Each text field (StringField and its kinds: TextAreaField, EmailField, PasswordField, HiddenField…)
gets the rule as its last filter, so a form's data has LF line breaks, and a control character is
an error on that field, shown beside it like any other; the view never sees the text.
"""

from __future__ import annotations

from flask_babel import get_translations, ngettext
from flask_wtf import FlaskForm
from wtforms import StringField

from hiring.i18n import N_
from hiring.validation import ValidationError, clean_text

#: WTForms' built-in messages that our forms can show, so they are in our catalogue and translated
#: with everything else (WTForms' own catalogue has no Hindi or Indonesian). Never called: marks only.
WTFORMS_MESSAGES = (
    N_("This field is required."), N_("Not a valid choice."), N_("Invalid Choice: could not coerce."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."), N_("Not a valid integer value."),
    N_("Not a valid decimal value."), N_("Not a valid float value."), N_("Not a valid date value."),
    N_("Field must be equal to %(other_name)s."), N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Number must be at least %(min)s."), N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."), N_("Invalid input."), N_("Invalid email address."),
)
WTFORMS_PLURALS = (
    lambda n: ngettext("Field must be at least %(min)d character long.",
                       "Field must be at least %(min)d characters long.", n),
    lambda n: ngettext("Field cannot be longer than %(max)d character.",
                       "Field cannot be longer than %(max)d characters.", n),
    lambda n: ngettext("Field must be exactly %(max)d character long.",
                       "Field must be exactly %(max)d characters long.", n),
    lambda n: ngettext("'%(value)s' is not a valid choice for this field.",
                       "'%(value)s' are not valid choices for this field.", n),
)


class _FormMessages:
    """WTForms' messages from our catalogue (in the page's language); where it has none yet, from
    WTForms' own (which Flask-WTF picks for the same language)."""

    def __init__(self, fallback):
        self.fallback = fallback

    def gettext(self, string: str) -> str:
        translated = get_translations().ugettext(string)
        if translated == string and self.fallback is not None:
            return self.fallback.gettext(string)
        return translated

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        translated = get_translations().ungettext(singular, plural, n)
        if translated in (singular, plural) and self.fallback is not None:
            return self.fallback.ngettext(singular, plural, n)
        return translated


def _typed_text(data):
    if not isinstance(data, str):
        return data
    try:
        return clean_text(data)
    except ValidationError as err:
        raise ValueError(err.message) from err  # WTForms shows a filter's ValueError as the field's error


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _FormMessages(super().get_translations(form))

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField):
                filters = [*unbound_field.kwargs.get("filters", ()), _typed_text]
                options = {**options, "filters": filters}
            return super().bind_field(form, unbound_field, options)
