"""The languages people use the app in, and the one rule that picks a page's language and time zone.

Candidates read their pages in the candidate's language (`g.locale`, set by the candidate pages);
staff read theirs in the language they chose (`User.language`), else the best match of their
browser's Accept-Language, else English. Untranslated strings fall back to English.
Times on a page are in the signed-in user's zone (`hiring.timeutil.zone_of`), UTC for visitors; a
candidate's pages set theirs (`g.time_zone`).

The pure core stays Flask-free: this module imports no Flask at load time. Scoring marks its words
with `N_` (translated where they are shown); the reports (PDF, comparison, D-study sentence) take a
`Translator`, a `babel.support.Translations` for one locale made by `translations_for`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from babel.support import NullTranslations, Translations

DEFAULT_LANGUAGE = "en"

#: Every language the app is offered in (BCP 47 tags → each language's name in that language).
LANGUAGES = {
    "en": "English",
    "zh": "中文",
    "es": "Español",
    "hi": "हिन्दी",
    "id": "Bahasa Indonesia",
}


def N_(message: str) -> str:
    """Mark `message` for extraction only; it is translated where it is shown."""
    return message


#: A criterion's kind as the rubric files spell it → how pages and the PDF name it.
KIND_LABELS = {"skill": N_("skill"), "trait": N_("trait")}

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """The language of this request's page, in this order: the candidate's (a candidate page sets
    `g.locale`), the signed-in user's choice, the browser's best match among `LANGUAGES`, English."""
    from flask import g, has_request_context, request
    from flask_login import current_user

    if not has_request_context():
        return g.get("locale") or DEFAULT_LANGUAGE
    if g.get("locale"):
        return g.locale
    user = current_user
    if user and user.is_authenticated and getattr(user, "language", None) in LANGUAGES:
        return user.language
    return browser_language(request.accept_languages) or DEFAULT_LANGUAGE


def select_timezone() -> str:
    """The time zone of this request's page, for Flask-Babel (its `format_datetime`, the `date` and
    `datetime` filters): the one the page sets (`g.time_zone`, a candidate's pages), else the
    signed-in user's (`hiring.timeutil.zone_of`: UTC for none or an unknown name), else UTC."""
    from flask import g, has_request_context
    from flask_login import current_user
    from pytz import all_timezones_set  # Flask-Babel's zones

    from hiring.timeutil import zone_key, zone_of

    zone = g.get("time_zone") or zone_of(current_user if has_request_context() else None)
    key = zone_key(zone)
    return key if key in all_timezones_set else "UTC"


def page_zone() -> ZoneInfo:
    """The zone this page shows times in (`select_timezone`), as a zoneinfo zone, for arithmetic on
    dates ("the end of this day")."""
    from flask_babel import get_timezone

    from hiring.timeutil import zone_key, zone_named

    return zone_named(zone_key(get_timezone()))


def current_language() -> str:
    """The language of what is being made now: the page's in a request, the one a command forces
    (`force_locale`), else English."""
    from flask import has_app_context

    if not has_app_context():
        return DEFAULT_LANGUAGE
    from flask_babel import get_locale

    locale = get_locale()
    return str(locale) if locale and str(locale) in LANGUAGES else DEFAULT_LANGUAGE


def browser_language(accepted: Iterable[tuple[str, float]]) -> str | None:
    """The first of the browser's languages, most preferred first, that we offer: by its tag or its
    primary language ("id-ID" is "id"), so "id-ID, en;q=0.5" reads Indonesian, not English."""
    for tag, quality in accepted:
        tag = tag.replace("_", "-").lower()
        for wanted in (tag, tag.split("-")[0]):
            if quality > 0 and wanted in LANGUAGES:
                return wanted
    return None


class Translator(Protocol):
    """What the Flask-free modules translate with (a `babel.support.Translations`)."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


#: The msgids themselves: what the pure core says when no language is asked for.
ENGLISH = NullTranslations()


def page_translations() -> NullTranslations:
    """The catalogue of this request's language, for the pure core (`translations_for`)."""
    from flask_babel import get_locale

    return translations_for(str(get_locale() or DEFAULT_LANGUAGE))


@cache
def translations_for(locale: str | None) -> NullTranslations:
    """The compiled catalogue for `locale` (English, i.e. the msgids, for None or an unknown one)."""
    if not locale or locale == DEFAULT_LANGUAGE or locale not in LANGUAGES:
        return ENGLISH
    return Translations.load(str(TRANSLATIONS_DIR), [locale])
