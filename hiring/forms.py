"""`Form`, the base of every form: the typed-text rule (`hiring.validation.clean_text`) on every text field.

Each text field (StringField and its kinds: TextAreaField, EmailField, PasswordField, HiddenField…)
gets the rule as its last filter, so a form's data has LF line breaks, and a control character is
an error on that field, shown beside it like any other; the view never sees the text.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField

from hiring.validation import ValidationError, clean_text


def _typed_text(data):
    if not isinstance(data, str):
        return data
    try:
        return clean_text(data)
    except ValidationError as err:
        raise ValueError(err.message) from err  # WTForms shows a filter's ValueError as the field's error


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField):
                filters = [*unbound_field.kwargs.get("filters", ()), _typed_text]
                options = {**options, "filters": filters}
            return super().bind_field(form, unbound_field, options)
