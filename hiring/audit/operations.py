"""Writing to the audit trail. Callers are operations; they commit together with the change."""

from __future__ import annotations

from typing import Any

from hiring.audit.models import AuditEvent
from hiring.extensions import db


def record(actor, action: str, target, **details: Any) -> AuditEvent:
    """Add an audit event for `target` (a model instance) to the current transaction.

    `actor` is a User or None (the command line, the demo loader). Details hold what changed,
    as plain JSON: for edits, `before` and `after` dictionaries of the changed fields.
    """
    db.session.flush()  # so a newly created target has its id
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=type(target).__name__,
        target_id=getattr(target, "id", None),
        details=_jsonable(details),
    )
    db.session.add(event)
    return event


def changes(obj, new_values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Apply `new_values` to `obj` and return {"before": {...}, "after": {...}} of what differed."""
    before, after = {}, {}
    for field, value in new_values.items():
        old = getattr(obj, field)
        if old != value:
            before[field], after[field] = old, value
            setattr(obj, field, value)
    return {"before": before, "after": after}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
