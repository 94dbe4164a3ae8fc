"""How the app words counts for people: "1 row", "3 rows"."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"
