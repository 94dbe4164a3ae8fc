"""One row per recorded action."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.extensions import db
from hiring.i18n import N_
from hiring.timeutil import utcnow

#: Who can act, and how the audit trail names them.
ACTOR_KINDS = {
    "user": N_("(removed user)"),  # a signed-in user: named by their email while the account exists
    "command_line": N_("command line"),
    "candidate": N_("the candidate (invitation link)"),
    "visitor": N_("someone not signed in"),
}


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Who acted: "user" (actor_id, None once the user is removed), or one of `ACTOR_KINDS`' others.
    actor_kind: Mapped[str] = mapped_column(String(16), server_default="command_line")
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[int | None]
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
