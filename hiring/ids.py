"""Record ids as they arrive in URLs and query strings: whole numbers the database can store.

Every table's id is an INTEGER (32-bit on PostgreSQL), so a larger number names no record; asked
of the database it fails (SQLite: OverflowError beyond 64 bits; PostgreSQL: out of range for an
OFFSET or a typed parameter) instead of finding nothing. `IdConverter` replaces Flask's `int`
converter for every route, so such a URL is a plain 404 before any view runs.
"""

from __future__ import annotations

import builtins

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # INTEGER's largest value on PostgreSQL (and within SQLite's 64 bits)


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: 0 to MAX_ID, anything else does not match (404)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else builtins.min(max, MAX_ID), signed)


def parse_id(text: str | None) -> int | None:
    """The id typed in a query string, or None when it is not one (empty, not digits, too large)."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        return None
    return int(text)
