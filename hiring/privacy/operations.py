"""Erasing a candidate, the retention purge, a candidate's data export, backups and restores.

Views and the CLI call these; each one writes an audit event. What the audit trail keeps about a
person whose data is gone is an anonymous reference ("erased-1a2b3c4d"), never a name or email:
their earlier events keep their action, time and actor, with the details replaced.
Uploaded files are removed after the transaction commits, so a failed erasure leaves the rows and
the files they point to together.
"""

from __future__ import annotations

import logging
import secrets
import shutil
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from flask_babel import gettext as _
from flask_migrate import upgrade
from sqlalchemy import and_, delete, func, inspect, or_, select, update
from sqlalchemy.orm import selectinload

from hiring.audit.models import AuditEvent
from hiring.audit.operations import changes, record
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.debriefs.models import Debrief, DebriefRating
from hiring.exercises import storage
from hiring.exercises.models import Answer, Invitation, StoredFile
from hiring.exercises.uploads import STORED_NAME
from hiring.extensions import db
from hiring.interviews.models import Rating, Scorecard, bump_scores_version
from hiring.notifications.models import Notification
from hiring.openings.models import Opening
from hiring.outbox.models import OutboxMessage
from hiring.privacy import backups
from hiring.privacy.archive import FILES_FOLDER, candidate_archive
from hiring.shortlists.models import Decision, DecisionKind, ShortlistEntry
from hiring.timeutil import utcnow
from hiring.transactions import on_commit, operation, unit_of_work
from hiring.validation import ValidationError

log = logging.getLogger(__name__)

#: A century: longer is a typo, not a policy.
MAX_RETENTION_DAYS = 36500


class Database:
    """The whole database: the target of backup, restore and purge events."""

    id = None


@dataclass(frozen=True)
class Erasure:
    ref: str  # what the audit trail calls the erased candidate
    rows: dict[str, int]
    files_removed: int  # uploaded files: deleted with their answers, in the same transaction


# --- erasure ---------------------------------------------------------------------------------

@operation
def erase_candidate(actor: User | None, candidate: Candidate) -> Erasure:
    """Delete the candidate and everything stored about them (their uploaded files go with their
    answers), scrub their audit events. The erasure is recorded on the opening under an anonymous
    reference. On SQLite the freed pages are zeroed (secure_delete) and the write-ahead log is
    checkpointed once this commits, so the erased text does not linger in the database files."""
    ref = f"erased-{secrets.token_hex(4)}"
    opening = candidate.opening
    scope = _Scope.of(candidate)
    files = scope.file_count()
    storage.forget(scope.answer_ids())  # objects in object storage go once this commits
    scrubbed = _scrub_events(scope, {"erased": True, "ref": ref}, forget_target=True)
    for notification in scope.notifications():  # they name the candidate and link to what is gone
        db.session.delete(notification)
    rows = {
        "ratings": _delete(delete(Rating).where(Rating.scorecard_id.in_(scope.scorecard_ids))),
        "scorecards": _delete(delete(Scorecard).where(Scorecard.id.in_(scope.scorecard_ids))),
        "answers": _delete(delete(Answer).where(Answer.invitation_id.in_(scope.invitation_ids))),
        "invitations": _delete(delete(Invitation).where(Invitation.id.in_(scope.invitation_ids))),
        "shortlist_entries": _delete(delete(ShortlistEntry).where(ShortlistEntry.candidate_id == candidate.id)),
        "decisions": _delete(delete(Decision).where(Decision.candidate_id == candidate.id)),
        "debrief_ratings": _delete(delete(DebriefRating).where(DebriefRating.debrief_id.in_(scope.debrief_ids))),
        "debriefs": _delete(delete(Debrief).where(Debrief.id.in_(scope.debrief_ids))),
        "outbox_messages": _delete(delete(OutboxMessage).where(OutboxMessage.candidate_id == candidate.id)),
        "candidates": _delete(delete(Candidate).where(Candidate.id == candidate.id)),
    }
    bump_scores_version(db.session, [opening.id])  # Core deletes: the ORM hook does not see them
    record(actor, "candidate.erase", opening, ref=ref, rows=rows, files=files, audit_events_scrubbed=scrubbed)
    db.session.expire_all()  # the ORM still holds the deleted objects
    on_commit(checkpoint_sqlite)
    return Erasure(ref, rows, files)


@dataclass(frozen=True)
class _Scope:
    """The ids of the rows that belong to one candidate."""

    candidate_id: int
    scorecard_ids: list[int]
    invitation_ids: list[int]
    debrief_ids: list[int]

    @classmethod
    def of(cls, candidate: Candidate) -> _Scope:
        invitations = list(db.session.scalars(select(Invitation.id).where(Invitation.candidate_id == candidate.id)))
        scorecards = select(Scorecard.id).where(or_(Scorecard.candidate_id == candidate.id,
                                                    Scorecard.invitation_id.in_(invitations)))
        debriefs = list(db.session.scalars(select(Debrief.id).where(Debrief.candidate_id == candidate.id)))
        return cls(candidate.id, list(db.session.scalars(scorecards)), invitations, debriefs)

    def answer_ids(self) -> list[int]:
        return list(db.session.scalars(select(Answer.id).where(Answer.invitation_id.in_(self.invitation_ids))))

    def file_count(self) -> int:
        return db.session.scalar(select(func.count()).select_from(StoredFile).join(Answer)
                                 .where(Answer.invitation_id.in_(self.invitation_ids)))

    def notifications(self) -> list[Notification]:
        """The team's notifications about the candidate (they name them): those linking to the
        candidate's page, a scorecard of theirs or their debrief."""
        paths = [f"/candidates/{self.candidate_id}", f"/candidates/{self.candidate_id}/invite",
                 *(f"/scorecards/{i}/edit" for i in self.scorecard_ids), *(f"/debriefs/{i}" for i in self.debrief_ids)]
        return list(db.session.scalars(select(Notification).where(Notification.path.in_(paths))))

    def events(self) -> list[AuditEvent]:
        """Audit events about the candidate: on them, their invitations and scorecards, or naming them."""
        about = [
            and_(AuditEvent.target_type == "Candidate", AuditEvent.target_id == self.candidate_id),
            AuditEvent.details["candidate_id"].as_integer() == self.candidate_id,
        ]
        if self.invitation_ids:
            about.append(and_(AuditEvent.target_type == "Invitation", AuditEvent.target_id.in_(self.invitation_ids)))
        if self.scorecard_ids:
            about.append(and_(AuditEvent.target_type == "Scorecard", AuditEvent.target_id.in_(self.scorecard_ids)))
        if self.debrief_ids:  # its notes, reasons and summary are about the candidate
            about.append(and_(AuditEvent.target_type == "Debrief", AuditEvent.target_id.in_(self.debrief_ids)))
        return list(db.session.scalars(select(AuditEvent).where(or_(*about)).order_by(AuditEvent.id)))


def _scrub_events(scope: _Scope, replacement: dict[str, Any], *, forget_target: bool) -> int:
    """Replace the details of the candidate's audit events. Forgetting the target matters after an
    erasure: a later row may reuse the deleted id, and must not inherit this history."""
    events = scope.events()
    for event in events:
        event.details = dict(replacement)
        if forget_target and event.target_type in ("Candidate", "Invitation", "Scorecard", "Debrief"):
            event.target_id = None
    return len(events)


def _delete(statement) -> int:
    return db.session.execute(statement.execution_options(synchronize_session=False)).rowcount


def checkpoint_sqlite() -> None:
    """SQLite: copy the write-ahead log into the database file and empty it, so text just erased
    (its pages zeroed by secure_delete) survives in neither file. Elsewhere nothing to do."""
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


# --- retention -------------------------------------------------------------------------------

@operation
def set_retention(actor: User | None, opening: Opening, days: int | None) -> Opening:
    """The opening's own retention period for candidates not hired (None: purge's --older-than)."""
    if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
        raise ValidationError(_("Retention is a number of days from 1 to %(max)d.", max=MAX_RETENTION_DAYS),
                              field="retention_days")
    record(actor, "opening.retention", opening, **changes(opening, {"retention_days": days}))
    return opening


@dataclass(frozen=True)
class Due:
    candidate: Candidate
    retention_days: int


def hired_ids():
    """Candidates whose latest decision is an offer (a subquery of ids)."""
    latest = select(func.max(Decision.id)).group_by(Decision.candidate_id)
    return select(Decision.candidate_id).where(Decision.id.in_(latest), Decision.kind == DecisionKind.OFFER)


def due_for_purge(default_days: int, now: datetime | None = None) -> list[Due]:
    """Candidates not hired and not yet anonymised, created longer ago than their opening's
    retention, or than `default_days` for an opening without its own."""
    now = now or utcnow()
    by_days: dict[int, list[int]] = defaultdict(list)
    for opening_id, days in db.session.execute(
            select(Opening.id, Opening.retention_days).where(Opening.retention_days.is_not(None))):
        by_days[days].append(opening_id)
    older = [and_(Opening.retention_days.is_(None), Candidate.created_at < now - timedelta(days=default_days))]
    older += [and_(Candidate.opening_id.in_(ids), Candidate.created_at < now - timedelta(days=days))
              for days, ids in by_days.items()]
    candidates = db.session.scalars(
        select(Candidate).join(Opening, Candidate.opening_id == Opening.id)
        .where(Candidate.anonymised_at.is_(None), Candidate.id.not_in(hired_ids()), or_(*older))
        .options(selectinload(Candidate.opening)).order_by(Candidate.id)
    )
    return [Due(c, c.opening.retention_days or default_days) for c in candidates]


@dataclass
class Purge:
    due: list[Due]
    dry_run: bool
    files_removed: int = 0


@operation
def purge(actor: User | None, default_days: int, *, dry_run: bool = False, now: datetime | None = None) -> Purge:
    """Anonymise every candidate due (see `due_for_purge`). A dry run only lists them. Each
    candidate is its own unit of work (committed before the next), so an interrupted purge resumes
    where it stopped."""
    if default_days < 1:
        raise ValidationError(_("--older-than is a number of days, at least 1."), field="older_than")
    now = now or utcnow()
    result = Purge(due_for_purge(default_days, now), dry_run)
    if dry_run:
        return result
    for due in result.due:
        with unit_of_work():
            result.files_removed += anonymise_candidate(actor, due.candidate, retention_days=due.retention_days,
                                                        now=now)
    if result.due:
        on_commit(checkpoint_sqlite)
    record(actor, "privacy.purge", Database(), older_than=default_days, anonymised=len(result.due),
           files_removed=result.files_removed)
    return result


def anonymise_candidate(actor: User | None, candidate: Candidate, *, retention_days: int,
                        now: datetime) -> int:
    """Replace the candidate's personal data in this transaction, delete their uploaded files;
    return how many files were deleted.

    The numeric ratings, recommendations and decisions' kinds stay, so the opening's statistics stay
    honest; every free text (notes, answers, summaries, comments) goes.
    """
    scope = _Scope.of(candidate)
    files = storage.remove(scope.answer_ids())
    tag = secrets.token_hex(4)
    candidate.name = f"Erased candidate {tag}"
    candidate.email = f"erased-{tag}@invalid"
    candidate.phone = candidate.source = candidate.notes = ""
    candidate.anonymised_at = now
    statements = [
        update(Answer).where(Answer.invitation_id.in_(scope.invitation_ids))
        .values(text="", file_name=None, file_kind=None, file_size=None),
        update(Rating).where(Rating.scorecard_id.in_(scope.scorecard_ids)).values(note=""),
        # A new revision, so a form opened before the purge cannot write the old summary back.
        update(Scorecard).where(Scorecard.id.in_(scope.scorecard_ids))
        .values(summary="", revision=Scorecard.revision + 1),
        update(Decision).where(Decision.candidate_id == candidate.id).values(comment=""),
        update(DebriefRating).where(DebriefRating.debrief_id.in_(scope.debrief_ids)).values(note="", reason=""),
        update(Debrief).where(Debrief.id.in_(scope.debrief_ids)).values(notes={}, summary=""),
        # The emails they were sent: their name and address are in them (and a queued one is moot).
        delete(OutboxMessage).where(OutboxMessage.candidate_id == candidate.id),
    ]
    for statement in statements:
        db.session.execute(statement.execution_options(synchronize_session=False))
    _scrub_events(scope, {"anonymised": True}, forget_target=False)
    for notification in scope.notifications():  # the team's notifications name them: the new name
        if "candidate" in (notification.params or {}):
            notification.params = {**notification.params, "candidate": candidate.name}
    record(actor, "candidate.anonymise", candidate, retention_days=retention_days)
    return files


# --- data export -----------------------------------------------------------------------------

@operation
def export_data(actor: User | None, candidate: Candidate) -> bytes:
    """The candidate's data export (see `archive.py`); the export is audited."""
    data, files = candidate_data(candidate)
    archive = candidate_archive(data, files)
    record(actor, "candidate.export_data", candidate, files=len(files), bytes=len(archive))
    return archive


def candidate_data(candidate: Candidate) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Everything stored about the candidate, as plain data, and their uploaded files by name.

    Staff are not named (raters, deciders, actors): that is their personal data, not the
    candidate's. The audit history lists what was done and when.
    """
    scope = _Scope.of(candidate)
    scorecards = db.session.scalars(
        select(Scorecard).where(Scorecard.id.in_(scope.scorecard_ids))
        .options(selectinload(Scorecard.ratings), selectinload(Scorecard.stage)).order_by(Scorecard.id))
    invitations = db.session.scalars(
        select(Invitation).where(Invitation.id.in_(scope.invitation_ids))
        .options(selectinload(Invitation.answers), selectinload(Invitation.stage)).order_by(Invitation.id))
    decisions = db.session.scalars(select(Decision).filter_by(candidate_id=candidate.id)
                                   .order_by(Decision.created_at, Decision.id))
    entry = db.session.scalar(select(ShortlistEntry).filter_by(candidate_id=candidate.id))
    messages = db.session.scalars(select(OutboxMessage).filter_by(candidate_id=candidate.id)
                                  .order_by(OutboxMessage.created_at, OutboxMessage.id))
    invitations = list(invitations)
    stored_files = storage.read_many(a.id for i in invitations for a in i.answers if a.file_name)
    files: dict[str, bytes] = {}

    def answer(a: Answer) -> dict[str, Any]:
        stored = None
        if a.file_name and STORED_NAME.match(a.file_name) and a.id in stored_files:
            files[a.file_name] = stored_files[a.id]
            stored = f"{FILES_FOLDER}/{a.file_name}"
        return {"exercise": a.exercise_key, "item": a.item_key, "text": a.text, "file": stored,
                "file_kind": a.file_kind, "file_size": a.file_size, "file_missing": bool(a.file_name) and not stored,
                "saved_at": a.saved_at, "active_seconds": a.active_seconds, "largest_paste": a.largest_paste}

    data = {
        "exported_at": utcnow(),
        "candidate": {
            "id": candidate.id, "name": candidate.name, "email": candidate.email, "phone": candidate.phone,
            "source": candidate.source, "type": candidate.type.value, "language": candidate.language,
            "notes": candidate.notes, "stage": candidate.stage.name if candidate.stage else None,
            "created_at": candidate.created_at, "anonymised_at": candidate.anonymised_at,
            "opening": {"id": candidate.opening.id, "title": candidate.opening.title,
                        "location": candidate.opening.location},
        },
        "scorecards": [
            {"id": s.id, "stage": s.stage.name, "kind": "exercise review" if s.invitation_id else "interview",
             "status": s.status.value, "recommendation": s.recommendation.value if s.recommendation else None,
             "summary": s.summary, "submitted_at": s.submitted_at,
             "ratings": [{"criterion": r.criterion, "value": r.value, "note": r.note} for r in s.ratings]}
            for s in scorecards
        ],
        "invitations": [
            {"id": i.id, "stage": i.stage.name, "alias": i.alias,
             "exercises": [{"key": e.get("key"), "title": e.get("title")} for e in i.exercises],
             "created_at": i.created_at, "expires_at": i.expires_at, "revoked_at": i.revoked_at,
             "started_at": i.started_at, "deadline_at": i.deadline_at, "submitted_at": i.submitted_at,
             "answers": [answer(a) for a in i.answers]}
            for i in invitations
        ],
        "decisions": [{"decision": d.kind.value, "comment": d.comment, "at": d.created_at} for d in decisions],
        "debriefs": [
            {"id": d.id, "status": d.status.value, "opened_at": d.opened_at, "closed_at": d.closed_at,
             "recommendation": d.recommendation.value if d.recommendation else None, "summary": d.summary,
             "notes": d.notes,
             "ratings": [{"stage": r.stage, "criterion": r.criterion, "independent": r.value, "evidence": r.note,
                          "rescored": r.rescored_value, "reason": r.reason} for r in d.ratings]}
            for d in db.session.scalars(select(Debrief).where(Debrief.id.in_(scope.debrief_ids))
                                        .options(selectinload(Debrief.ratings)).order_by(Debrief.id))
        ],
        # Every email sent to them, as sent (a link is never kept: it shows as "[link]").
        "emails": [{"kind": m.kind, "to": m.to_address, "subject": m.subject, "body": m.shown_body(),
                    "status": m.status.value, "queued_at": m.created_at, "sent_at": m.sent_at} for m in messages],
        "shortlist": {"shortlisted": entry is not None, "added_at": entry.added_at if entry else None},
        "history": [{"at": e.at, "action": e.action} for e in scope.events()],
    }
    return data, files


# --- backups ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Backup:
    out: Path
    command: str = ""  # PostgreSQL: the pg_dump command (run, or to run)
    ran: bool = True


@operation
def backup_database(actor: User | None, out: Path) -> Backup:
    """SQLite: a consistent copy by the online backup API. PostgreSQL: pg_dump --format=custom when
    it is on PATH; otherwise BackupError with the exact command to run."""
    url = db.engine.url
    out = Path(out).resolve()
    if url.get_backend_name() == "sqlite":
        if out == backups.sqlite_path(url):
            raise backups.BackupError("The backup file cannot be the database itself.")
        raw = db.engine.raw_connection()
        try:
            backups.backup_sqlite(raw.driver_connection, out)
        finally:
            raw.close()
        result = Backup(out)
    elif url.get_backend_name() == "postgresql":
        if shutil.which("pg_dump") is None:
            raise backups.BackupError("pg_dump is not on PATH. Install the PostgreSQL client of the "
                                      "server's version and run (with umask 077, as the file holds "
                                      "personal data):\n  " + backups.shown(*backups.pg_dump_command(url, out)))
        result = Backup(out, backups.dump_postgresql(url, out))
    else:
        raise backups.BackupError(f"No backup method for {url.get_backend_name()}.")
    record(actor, "database.backup", Database(), file=str(out), size=out.stat().st_size,
           backend=url.get_backend_name())
    return result


def restore_command(backup: Path) -> str:
    """PostgreSQL: the pg_restore command for this database (restoring is left to a person)."""
    return backups.shown(*backups.pg_restore_command(db.engine.url, Path(backup)))


@dataclass(frozen=True)
class Restore:
    revision: str  # the backup's schema revision
    upgraded: bool  # migrations ran after the restore
    safety_copy: Path | None  # the database as it was, when --force replaced data


@operation
def restore_database(actor: User | None, backup: Path, migrations_dir: str, *, force: bool = False) -> Restore:
    """SQLite: replace the database with a backup made by `backup_database`.

    Refused for a file that is not a SQLite backup of this app, and for a database that holds data
    unless `force` (then the current database is first copied beside itself). The schema is
    upgraded to this version's migrations afterwards.
    """
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise backups.BackupError("Restoring here is for SQLite. For PostgreSQL run:\n  "
                                  + restore_command(backup))
    target = backups.sqlite_path(url)
    script = ScriptDirectory(migrations_dir)
    revision = backups.backup_revision(Path(backup), {r.revision for r in script.walk_revisions()})
    safety_copy = None
    if not _is_empty():
        if not force:
            raise backups.BackupError(f"The database {target} holds data; restoring would replace it. "
                                      "Add --force to replace it (a copy of it is kept first).")
        safety_copy = target.with_name(f"{target.name}.before-restore-{utcnow():%Y%m%dT%H%M%S}")
        raw = db.engine.raw_connection()
        try:
            backups.backup_sqlite(raw.driver_connection, safety_copy)
        finally:
            raw.close()
    db.session.remove()
    db.engine.dispose()  # no pooled connection may keep pages of the old database
    backups.restore_sqlite(Path(backup), target)
    db.engine.dispose()
    upgraded = revision != script.get_current_head()
    if upgraded:
        upgrade(directory=migrations_dir)
    record(actor, "database.restore", Database(), file=str(Path(backup).resolve()), revision=revision,
           upgraded=upgraded, safety_copy=str(safety_copy) if safety_copy else None)
    return Restore(revision, upgraded, safety_copy)


def _is_empty() -> bool:
    tables = set(inspect(db.engine).get_table_names())
    return not any(db.session.scalar(select(1).select_from(t).limit(1))
                   for t in db.metadata.sorted_tables if t.name in tables)
