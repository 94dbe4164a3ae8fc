"""The one error type operations raise for input they refuse, and the one rule for typed text."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from hiring.i18n import N_


class ValidationError(Exception):
    """A change was refused. `field` names the form field at fault, when there is one.

    `message` is in English; a message the candidate reads is written as a template marked with
    `N_` and its `params`, so the candidate's page shows it translated: `_(err.template, **err.params)`.
    """

    def __init__(self, message: str, field: str | None = None, **params: Any):
        self.template = message
        self.params = params
        self.message = message % params if params else message
        super().__init__(self.message)
        self.field = field


#: The C0 control characters but tab (U+0009) and line feed (U+000A). NUL cannot be stored in
#: PostgreSQL at all; the others are invisible, break exports and terminals, and nobody types them.
#: CR (U+000D) never gets here: `clean_text` turns it into LF first.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f]")

CONTROL_CHARACTER_MESSAGE = N_("This text contains an invisible control character (%(code)s) that cannot be "
                               "saved. Remove it and try again.")


def clean_text(value: str, field: str | None = None) -> str:
    """Typed text as it is stored: line breaks as LF (browsers send CRLF, old Macs CR), and no
    control character but tab and LF (refused, naming `field`). Every way text a person types
    reaches the database goes through this: forms (`hiring.forms.Form`), the candidate's autosave,
    spreadsheet imports (each cell, `hiring.spreadsheets`) and command-line arguments (`hiring.cli`)."""
    text = line_breaks(value)
    found = CONTROL_CHARACTER.search(text)
    if found:
        raise ValidationError(CONTROL_CHARACTER_MESSAGE, field=field, code=f"U+{ord(found.group()):04X}")
    return text


def line_breaks(text: str) -> str:
    """`text` with its line breaks as LF: browsers post a text area's as CR LF, old Macs wrote CR."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def typed_text(value: Any) -> str:
    """A text typed in a builder's form (rubric, exercise) as a file holds it: line breaks as LF, NFC,
    no surrounding space. What the content hash is taken of, so a text posted back unchanged from a
    browser (CR LF) is the same content."""
    return unicodedata.normalize("NFC", line_breaks(str(value or ""))).strip()
