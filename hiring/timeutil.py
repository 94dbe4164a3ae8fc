"""Time in one convention: timezone-aware UTC in code, stored naive-UTC by the database layer, and
shown in the reader's time zone with the zone named.

A reader's zone is their `time_zone` setting (an IANA name); UTC for someone without one (a
candidate, a visitor, a command) and for a name this machine does not know. Pages get it from
Flask-Babel (`hiring.i18n.select_timezone`), emails and PDFs are given it (`zone_of`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel.dates import format_date, format_datetime, format_time, get_datetime_format


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo (what SQLite and a plain TIMESTAMP column round-trip)."""
    return datetime.now(UTC).replace(tzinfo=None)


def as_utc(value: datetime) -> datetime:
    """A stored time (naive, UTC) as aware UTC; an aware time as the same moment in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@cache
def zone_names() -> frozenset[str]:
    """The IANA zones a reader may choose: this machine's database, less its pseudo-zones
    ("localtime" is the server's own, "Factory" means no zone)."""
    return frozenset(available_timezones() - {"localtime", "Factory"})


def zone_named(name: str | None) -> ZoneInfo:
    """The zone called `name` ("Asia/Shanghai"); UTC for no name or one this machine does not know."""
    if name and name in zone_names():
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo("UTC")


def zone_of(person: object | None) -> ZoneInfo:
    """The zone `person` reads times in: their `time_zone` (a user's setting); UTC for anyone without
    one (nobody, a visitor, a candidate)."""
    return zone_named(getattr(person, "time_zone", None))


def zone_key(zone: tzinfo) -> str:
    """A zone's IANA name, whichever library made it (zoneinfo's `key`, pytz's `zone`)."""
    return getattr(zone, "key", None) or getattr(zone, "zone", None) or zone.tzname(None) or "UTC"


def with_zone(text: str, zone: tzinfo) -> str:
    """A time as shown, followed by the zone it is shown in: "Dec 3, 2026, 15:30 (Asia/Shanghai)".
    The one way a page, an email or a PDF names a time's zone."""
    return f"{text} ({zone_key(zone)})"


def shown(value: datetime, zone: tzinfo, locale: str, *, seconds: bool = False, named: bool = True) -> str:
    """A moment (stored naive UTC, or aware) as a reader reads it: in `zone`, in `locale`'s words, the
    zone named unless `named` is False (a heading names it): "Dec 3, 2026, 3:30 PM (Asia/Shanghai)";
    `seconds`: "Dec 3, 2026, 3:30:00 PM (Asia/Shanghai)"."""
    moment = as_utc(value).astimezone(zone)
    if seconds:
        text = format_datetime(moment, "medium", tzinfo=zone, locale=locale)
    else:  # the locale's own way of joining a date and a time ("{1}, {0}", "{1} {0}")
        text = (get_datetime_format("medium", locale=locale).replace("'", "")
                .replace("{0}", format_time(moment, "short", tzinfo=zone, locale=locale))
                .replace("{1}", format_date(moment, "medium", locale=locale)))
    return with_zone(text, zone) if named else text


def start_of_day(day: date, zone: tzinfo) -> datetime:
    """The first moment of `day` on a calendar in `zone` (a zoneinfo zone), as stored (naive UTC)."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def end_of_day(day: date, zone: tzinfo) -> datetime:
    """The last moment of `day` on a calendar in `zone` (a zoneinfo zone), stored as the database
    stores times (naive UTC). A date someone picks ("start by Dec 10") means the end of that day where
    they are."""
    return datetime.combine(day, time.max, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def today_in(zone: tzinfo) -> date:
    """Today's date on a calendar in `zone`."""
    return datetime.now(zone).date()
