"""How the app words counts for people: "1 row", "3 rows", in the page's language.

Every counted noun is one `ngettext` call, so translators get each noun's plural forms (Chinese
has one, Hindi two, Indonesian one). A noun not listed here falls back to English.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext, ngettext

from hiring.i18n import KIND_LABELS

_COUNTED: dict[str, Callable[[int], str]] = {
    "second": lambda n: ngettext("%(num)d second", "%(num)d seconds", n),
    "minute": lambda n: ngettext("%(num)d minute", "%(num)d minutes", n),
    "hour": lambda n: ngettext("%(num)d hour", "%(num)d hours", n),
    "day": lambda n: ngettext("%(num)d day", "%(num)d days", n),
    "candidate": lambda n: ngettext("%(num)d candidate", "%(num)d candidates", n),
    "rater": lambda n: ngettext("%(num)d rater", "%(num)d raters", n),
    "rating": lambda n: ngettext("%(num)d rating", "%(num)d ratings", n),
    "row": lambda n: ngettext("%(num)d row", "%(num)d rows", n),
    "duplicate": lambda n: ngettext("%(num)d duplicate", "%(num)d duplicates", n),
    "file": lambda n: ngettext("%(num)d file", "%(num)d files", n),
    "other review": lambda n: ngettext("%(num)d other review", "%(num)d other reviews", n),
    "submitted scorecard": lambda n: ngettext("%(num)d submitted scorecard", "%(num)d submitted scorecards", n),
}


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    counted = _COUNTED.get(singular)
    if counted is not None:
        return counted(count)
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def kind_label(kind: str) -> str:
    return gettext(KIND_LABELS[kind]) if kind in KIND_LABELS else kind
