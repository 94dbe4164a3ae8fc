"""What every template can use: the navigation for the signed-in user's role, and numbers, dates and
times in the page's language and the reader's time zone."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import Flask, request
from flask_babel import format_date, format_decimal, format_percent, get_locale, get_timezone, gettext
from flask_login import current_user
from markupsafe import Markup

from hiring.auth.models import Role
from hiring.i18n import LANGUAGES, N_, page_translations
from hiring.rubrics.language import exercise_in
from hiring.timeutil import as_utc, shown, zone_key
from hiring.wording import kind_label, plural

# (endpoint, label, roles that see it (empty = every signed-in user), the pages it covers: a
# blueprint name for all its pages, or single endpoints)
NAVIGATION = (
    ("openings.index", N_("Openings"), (), ("openings", "candidates", "shortlists", "interviews.kit",
                                            "interviews.edit_kit", "interviews.print_runsheet",
                                            "interviews.import_scores", "exercises.invite")),
    ("interviews.my_scorecards", N_("My scorecards"), (), ("interviews.edit_scorecard",
                                                       "interviews.show_scorecard")),
    ("exercises.queue", N_("Reviews"), (Role.ADMIN, Role.HIRING_MANAGER, Role.INTERVIEWER),
     ("exercises.review_submission",)),
    ("rubrics.index", N_("Rubrics"), (), ("rubrics",)),
    ("exercise_builder.index", N_("Exercises"), (Role.ADMIN, Role.HIRING_MANAGER), ("exercise_builder",)),
    ("auth.users", N_("Users"), (Role.ADMIN,), ()),
    ("audit.index", N_("Audit"), (Role.ADMIN,), ("audit",)),
    ("outbox.index", N_("Outbox"), (Role.ADMIN,), ("outbox",)),
)


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def navigation():
        if not current_user.is_authenticated:
            return {"nav_items": []}
        items = [
            (endpoint, gettext(label), _is_current(endpoint, sections))
            for endpoint, label, roles, sections in NAVIGATION
            if not roles or current_user.role in roles
        ]
        return {"nav_items": items}

    @app.context_processor
    def bell():
        """The unread count the header's bell shows: one small query, on pages of a signed-in user."""
        if not current_user.is_authenticated:
            return {}
        from hiring.notifications.operations import unread_count

        return {"unread_notifications": unread_count(current_user)}

    @app.context_processor
    def page_language():
        return {"page_lang": str(get_locale() or "en")}

    app.jinja_env.filters["plural"] = plural
    app.jinja_env.filters["in_page_language"] = exercise_in  # an exercise snapshot, for staff
    app.jinja_env.globals["kind_label"] = kind_label
    app.jinja_env.globals["language_names"] = LANGUAGES  # each in its own words: mark them lang=
    app.jinja_env.globals["page_translations"] = page_translations
    app.jinja_env.globals["page_time_zone"] = page_time_zone
    app.jinja_env.filters["date"] = local_date
    app.jinja_env.filters["datetime"] = local_datetime
    app.jinja_env.filters["number"] = local_number
    app.jinja_env.filters["percent"] = local_percent


def local_number(value: float | int, digits: int | None = None, sign: bool = False) -> str:
    """A figure in the page's language: `digits` decimals (None: as few as needed, like %g), with
    its sign when `sign` ("+0.28"). Form fields keep machine numbers; this is for reading."""
    pattern = "0.###" if digits is None else "0." + "0" * digits if digits else "0"
    # The float's exact value, so it rounds as Python's "%.2f" does (Babel would round its repr).
    exact = Decimal(value) if isinstance(value, float) else value
    return format_decimal(exact, f"+{pattern};-{pattern}" if sign else pattern)


def local_percent(value: float) -> str:
    """A share as a whole percentage in the page's language ("42%", "42 %")."""
    return format_percent(Decimal(value) if isinstance(value, float) else value, "0%")


def _time(value: datetime | date | None, text: str) -> Markup:
    """A <time> element: the machine-readable value (a moment: ISO 8601 in the reader's zone, with its
    offset) and the text in the page's language."""
    if value is None:
        return Markup("—")
    machine = as_utc(value).astimezone(get_timezone()) if isinstance(value, datetime) else value
    return Markup('<time datetime="{}">{}</time>').format(machine.isoformat(), text)


def local_date(value: datetime | date | None) -> Markup:
    """A date in the page's language ("Dec 2, 2026", "2026年12月2日"); of a stored moment, the date it
    was in the reader's time zone."""
    return _time(value, format_date(value, "medium") if value is not None else "")


def local_datetime(value: datetime | None, seconds: bool = False, zone: bool = True) -> Markup:
    """A stored (naive UTC) moment in the reader's time zone (`hiring.i18n.select_timezone`) and the
    page's language, the zone named: "Dec 3, 2026, 3:30 PM (Asia/Shanghai)". `zone=False` where a
    heading names it already (a table's column)."""
    if value is None:
        return _time(None, "")
    return _time(value, shown(value, get_timezone(), str(get_locale() or "en"), seconds=seconds, named=zone))


def page_time_zone() -> str:
    """The name of the zone this page shows times in, for a heading ("When (Asia/Shanghai)")."""
    return zone_key(get_timezone())


def _is_current(endpoint: str, sections: tuple[str, ...]) -> bool:
    current = request.endpoint or ""
    return current == endpoint or current in sections or current.split(".")[0] in sections
