"""Possible duplicates: the one rule for "this may be a person the opening already has". Pure.

Two records are possibly the same person when they have
- the same name and the same phone number, or the same name and the same email, or
- the same phone number, whatever the names (a nickname, a name in another script).
The import report, the single-candidate form and the CLI use this rule through `DuplicateFinder`;
a later search or board should too. It only warns: two people can share a name, and an agency's
candidates can share its phone, so the records are kept and a person checks.

The same email within one opening is more than possible: the database refuses it, and the
importer skips such rows (see importing.py). This rule is for the rows it lets through.

What "the same" means:
- Names: NFKC, case-folded, NFKC again, zero-width (non-)joiners dropped, whitespace collapsed.
  Nothing else: no accent or mark stripping, which would turn Devanagari vowel signs and
  Vietnamese tones into different names' letters ('प्रिया शर्मा' stays itself; 'José' is not 'Jose').
- Phones: their digits (phones.py), compared by the last PHONE_KEY_DIGITS of them, so one number
  written with and without its country code or trunk 0 ('+91 98765 43210', '098765 43210') matches.
- Emails: as stored (emails.py normalises them).
"""

from __future__ import annotations

import enum
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from hiring.candidates.phones import MIN_DIGITS, phone_digits
from hiring.i18n import N_

#: Enough digits to tell numbers apart, few enough to leave out country codes and trunk prefixes.
PHONE_KEY_DIGITS = 9
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def name_key(name: str) -> str:
    """The form two names are compared in (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name or "").casefold())
    return " ".join(folded.translate(_INVISIBLE).split())


def phone_key(phone: str) -> str:
    """The form two phone numbers are compared in; '' when there is no usable number."""
    digits = phone_digits(phone)
    return digits[-PHONE_KEY_DIGITS:] if len(digits) >= MIN_DIGITS else ""


class Reason(enum.StrEnum):
    """What two records share."""

    NAME_AND_PHONE = "name_and_phone"
    NAME_AND_EMAIL = "name_and_email"
    NAME_EMAIL_AND_PHONE = "name_email_and_phone"
    EMAIL_AND_PHONE = "email_and_phone"
    PHONE = "phone"

    @property
    def label(self) -> str:
        """What they share, in English: a message, translated where it is shown."""
        return {
            "name_and_phone": N_("same name and phone"),
            "name_and_email": N_("same name and email"),
            "name_email_and_phone": N_("same name, email and phone"),
            "email_and_phone": N_("same email and phone"),
            "phone": N_("same phone"),
        }[self.value]


@dataclass(frozen=True)
class Person:
    """What the rule reads of a record: an existing candidate (`candidate_id`) or a row of a file (`row`)."""

    name: str
    email: str = ""
    phone: str = ""
    candidate_id: int | None = None
    row: int | None = None


@dataclass(frozen=True)
class PossibleDuplicate:
    of: Person
    reason: Reason


def reason(a: Person, b: Person) -> Reason | None:
    """Why `a` may be `b`, or None when the rule does not call them possible duplicates."""
    name = bool(name_key(a.name)) and name_key(a.name) == name_key(b.name)
    email = bool(a.email) and a.email.casefold() == b.email.casefold()
    phone = bool(phone_key(a.phone)) and phone_key(a.phone) == phone_key(b.phone)
    if name and email and phone:
        return Reason.NAME_EMAIL_AND_PHONE
    if name and phone:
        return Reason.NAME_AND_PHONE
    if name and email:
        return Reason.NAME_AND_EMAIL
    if phone:
        return Reason.EMAIL_AND_PHONE if email else Reason.PHONE
    return None


class DuplicateFinder:
    """The people seen so far, indexed by name and phone: `find` costs the same for 10 or 10,000."""

    def __init__(self, people: Iterable[Person] = ()):
        self._by_name: dict[str, list[Person]] = defaultdict(list)
        self._by_phone: dict[str, list[Person]] = defaultdict(list)
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        if key := name_key(person.name):
            self._by_name[key].append(person)
        if key := phone_key(person.phone):
            self._by_phone[key].append(person)

    def find(self, person: Person) -> list[PossibleDuplicate]:
        """Everyone seen so far that `person` may be, in the order they were added."""
        found: dict[int, PossibleDuplicate] = {}
        for other in (*self._by_name.get(name_key(person.name), ()), *self._by_phone.get(phone_key(person.phone), ())):
            why = reason(person, other)
            if why is not None and id(other) not in found:
                found[id(other)] = PossibleDuplicate(other, why)
        return sorted(found.values(), key=lambda d: (d.of.row is not None, d.of.row or 0, d.of.candidate_id or 0))
