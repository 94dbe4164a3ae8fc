"""The one phone rule: which characters a candidate's phone number may use and how many digits it has.

The candidate form (`PhoneNumber`), the spreadsheet import and `add_candidate`/`update_candidate`
all call `check_phone`, so a number is accepted, refused and worded the same way everywhere.

The rule, and the message that names what is wrong with the given value:
- Characters: digits, spaces and + - ( ) . / (a + only at the start). NFKC first, so fullwidth
  digits typed on a CJK keyboard are the plain digits they display as, and digits of any script
  (Devanagari ९८७…) are stored as the ASCII digits every dialler reads.
- Length: MIN_DIGITS to MAX_DIGITS digits, separators not counted. 15 is E.164's maximum for an
  international number (country code included); 7 is the shortest number that reaches a person
  in any country once its country code is added.
- At most MAX_LENGTH characters in all (the database column).

`phone_digits` gives the digits alone: what two numbers are compared by (see duplicates.py).
"""

from __future__ import annotations

import unicodedata

from flask_babel import gettext
from wtforms.validators import ValidationError as FieldError

from hiring.validation import ValidationError

MIN_DIGITS = 7
MAX_DIGITS = 15
MAX_LENGTH = 50
SEPARATORS = frozenset(" -()./")
#: How the allowed characters are named in messages; keep in step with SEPARATORS.
ALLOWED = "digits, spaces and + - ( ) . /"


class PhoneRefused(ValidationError):
    """Why a phone number was refused. `template` and `params` let a page translate the message."""

    def __init__(self, template: str, **params):
        self.template, self.params = template, params
        super().__init__(template % params, field="phone")


def _plain(text: str) -> str:
    """NFKC, trimmed, every decimal digit as its ASCII digit."""
    return "".join(str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c
                   for c in unicodedata.normalize("NFKC", text.strip()))


def phone_digits(text: str) -> str:
    """The number's digits, in order: '+91 98765-43210' → '919876543210'."""
    return "".join(c for c in _plain(text or "") if c in "0123456789")


def check_phone(text: str | None) -> str:
    """The number as stored (see the module docstring; '' for none), or PhoneRefused saying what is wrong."""
    phone = _plain(text or "")
    if not phone:
        return ""
    wrong = sorted({c for i, c in enumerate(phone)
                    if not (c.isascii() and c.isdigit()) and c not in SEPARATORS and not (c == "+" and i == 0)})
    if wrong:
        raise PhoneRefused(
            "'%(phone)s' has characters a phone number does not use (%(characters)s): "
            "use %(allowed)s only, with a + only at the start.",
            phone=phone, characters=" ".join(wrong), allowed=ALLOWED)
    count = len(phone_digits(phone))
    if not MIN_DIGITS <= count <= MAX_DIGITS:
        raise PhoneRefused(
            "'%(phone)s' has %(count)d digits: a phone number has %(min)d to %(max)d digits, "
            "country code included.", phone=phone, count=count, min=MIN_DIGITS, max=MAX_DIGITS)
    if len(phone) > MAX_LENGTH:
        raise PhoneRefused("'%(phone)s' is longer than %(max)d characters.", phone=phone, max=MAX_LENGTH)
    return phone


class PhoneNumber:
    """WTForms validator applying `check_phone` to a form's phone field, in the page's language."""

    def __call__(self, form, field) -> None:
        try:
            check_phone(field.data)
        except PhoneRefused as err:
            raise FieldError(gettext(err.template, **err.params)) from err
