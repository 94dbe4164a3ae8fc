"""Writing to the audit trail. Callers are operations; the event is in the same unit of work as
the change, so both are committed or neither."""

from __future__ import annotations

from typing import Any

from hiring.audit.models import ACTOR_KINDS, AuditEvent
from hiring.extensions import db
from hiring.transactions import WEB_REQUEST

#: Actors who are not signed-in users: pass one of these as `actor`.
CANDIDATE = "candidate"  # through their invitation link
VISITOR = "visitor"  # someone not signed in: a failed sign-in, a password reset request
COMMAND_LINE = "command_line"


def record(actor, action: str, target, **details: Any) -> AuditEvent:
    """Add an audit event for `target` (a model instance) to the current unit of work.

    `actor` is the User who acted, CANDIDATE, VISITOR, or None for the command line (and the demo
    loader): None in a web request is a mistake, refused, so a browser action is never credited to
    the command line. Details hold what changed, as plain JSON: for edits, `before` and `after`
    dictionaries of the changed fields.
    """
    if isinstance(actor, str):
        if actor not in ACTOR_KINDS or actor == "user":
            raise ValueError(f"unknown actor {actor!r}")
        kind, actor_id = actor, None
    elif actor is None:
        if db.session.info.get(WEB_REQUEST):
            raise RuntimeError(f"audit event {action!r} in a web request without its actor")
        kind, actor_id = COMMAND_LINE, None
    else:
        kind, actor_id = "user", actor.id
    db.session.flush()  # so a newly created target has its id
    event = AuditEvent(
        actor_id=actor_id,
        actor_kind=kind,
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
