"""The one email rule: what an address may be and the one form it is stored, compared and looked up in.

Users (command line, admin forms, sign-in, password reset), candidates (form and CSV/XLSX import)
and the ratings import all call `normalise_email`, so an address accepted in one place is accepted,
and found, in every other.

The rule:
- NFKC first (UTS #39's email profile), so compatibility forms such as fullwidth `ａdmin` become the
  plain `admin` they display as, and then meet the existing account or candidate as a duplicate.
- Syntax by `email-validator`, without a DNS look-up (`check_deliverability=False`: no network
  call while a page or an import waits, and made-up company domains such as `demo.hiring` are
  syntactically fine). Special-use domains (`.local`, `.invalid`, `.localhost`…) are refused,
  except the reserved `.test` (`test_environment=True`), which the demo and tests use and which
  can never belong to someone else.
- Look-alikes refused: letters of the local part and of each domain label must be of one script,
  or of one of UTS #39's "highly restrictive" mixes (Latin + Han + Hiragana + Katakana, Latin + Han
  + Bopomofo, Latin + Han + Hangul). `аdmin` with a Cyrillic а is refused; an all-Devanagari or
  all-Chinese local part, or an IDN domain, is fine.
- Stored lower-cased, which is how addresses have always been stored and looked up.
"""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from wtforms.validators import ValidationError as FieldError

from hiring.i18n import N_
from hiring.validation import ValidationError

#: Script mixes that are normal writing, not look-alikes (UTS #39, 5.2 "Highly Restrictive").
_ALLOWED_MIXES = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)
#: How people call the scripts a look-alike address mixes most often (others: Unicode's name).
SCRIPT_NAMES = {
    "LATIN": N_("Latin"), "CYRILLIC": N_("Cyrillic"), "GREEK": N_("Greek"), "ARMENIAN": N_("Armenian"),
    "HEBREW": N_("Hebrew"), "ARABIC": N_("Arabic"), "DEVANAGARI": N_("Devanagari"), "HAN": N_("Chinese"),
    "HIRAGANA": N_("Hiragana"), "KATAKANA": N_("Katakana"), "HANGUL": N_("Hangul"), "THAI": N_("Thai"),
    "CHEROKEE": N_("Cherokee"),
}
#: First words of Unicode character names that are not the script's own name.
_SCRIPT_ALIASES = {"CJK": "HAN", "IDEOGRAPHIC": "HAN", "KATAKANA-HIRAGANA": "KATAKANA",
                   "HALFWIDTH": None, "FULLWIDTH": None, "MODIFIER": None}


def _script(char: str) -> str | None:
    """The script of a letter, from its Unicode name ("CYRILLIC SMALL LETTER A" → CYRILLIC).
    Digits, punctuation and combining marks belong to no script here: they never make a mix."""
    if not unicodedata.category(char).startswith("L"):
        return None
    word = unicodedata.name(char, "").split(" ")[0]
    return _SCRIPT_ALIASES.get(word, word) or None


def _mixed_scripts(part: str) -> list[str] | None:
    """The scripts a part mixes as look-alikes, or None when its letters are of one script (or an allowed mix)."""
    scripts = {s for s in map(_script, part) if s}
    if len(scripts) <= 1 or any(scripts <= mix for mix in _ALLOWED_MIXES):
        return None
    return sorted(scripts)


def _why_not_an_address(address: str) -> str:
    """The message (one whole sentence, translated where it is shown) for an address email_validator
    refuses: its own reasons are English only, so the common cases are told apart here."""
    local, at, domain = address.rpartition("@")
    if not at:
        return N_("'%(address)s' is not a valid email address: it needs an @ sign, as in name@example.com.")
    if not local:
        return N_("'%(address)s' is not a valid email address: there is nothing before the @ sign.")
    if not domain:
        return N_("'%(address)s' is not a valid email address: there is nothing after the @ sign.")
    if "." not in domain:
        return N_("'%(address)s' is not a valid email address: the part after the @ sign needs a dot, as in "
                  "example.com.")
    if len(address) > 254:
        return N_("'%(address)s' is not a valid email address: it is too long.")
    return N_("'%(address)s' is not a valid email address: check the letters and signs before and after the @.")


def normalise_email(text: str, *, field: str = "email") -> str:
    """The address as stored and compared, or ValidationError (naming `field`) saying what is wrong."""
    address = unicodedata.normalize("NFKC", (text or "").strip())
    if not address:
        raise ValidationError(_("An email is required."), field=field)
    try:
        valid = validate_email(address, check_deliverability=False, test_environment=True)
    except EmailNotValidError as err:
        raise ValidationError(_(_why_not_an_address(address), address=address), field=field) from err
    for part in (valid.local_part, *valid.domain.split(".")):
        scripts = _mixed_scripts(part)
        if scripts:
            names = [_(SCRIPT_NAMES[s]) if s in SCRIPT_NAMES else s.title() for s in scripts]
            if len(names) == 2:
                message = _("The email address mixes %(first)s and %(second)s letters in '%(part)s', which can "
                            "look like another address: type it in one script.",
                            first=names[0], second=names[1], part=part)
            else:
                message = _("The email address mixes letters of several scripts (%(scripts)s) in '%(part)s', which "
                            "can look like another address: type it in one script.",
                            scripts=", ".join(names), part=part)
            raise ValidationError(message, field=field)
    return valid.normalized.lower()


class EmailAddress:
    """WTForms validator applying `normalise_email` to a form's email field."""

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        try:
            normalise_email(field.data, field=field.name)
        except ValidationError as err:
            raise FieldError(err.message) from err
