"""Adding, changing and importing candidates. Views, the importer and the CLI call these."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, select

from hiring.audit.operations import changes, record
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.candidates.phones import check_phone
from hiring.candidates.vocabulary import CandidateType
from hiring.emails import normalise_email
from hiring.extensions import db
from hiring.openings.models import Opening, Stage
from hiring.spreadsheets import ImportReport
from hiring.transactions import operation
from hiring.validation import ValidationError

FIELDS = ("name", "email", "phone", "source", "type", "language", "stage", "notes")


@operation
def add_candidate(actor: User | None, opening: Opening, **values: Any) -> Candidate:
    """Add one candidate; `stage` is a Stage of the opening (or None for its first stage)."""
    values = _cleaned(opening, values)
    _refuse_duplicate(opening, values["email"])
    candidate = Candidate(opening=opening, **values)
    db.session.add(candidate)
    record(actor, "candidate.create", candidate, opening_id=opening.id, email=candidate.email)
    return candidate


@operation
def update_candidate(actor: User | None, candidate: Candidate, **values: Any) -> Candidate:
    values = _cleaned(candidate.opening, values)
    if values["email"] != candidate.email:
        _refuse_duplicate(candidate.opening, values["email"])
    diff = changes(candidate, values)
    record(actor, "candidate.update", candidate, **diff)
    return candidate


@operation
def move_to_stage(actor: User | None, candidate: Candidate, stage: Stage) -> Candidate:
    """Move a candidate to another stage of their opening (the pipeline board, or its menu)."""
    if stage.opening_id != candidate.opening_id:
        raise ValidationError(_("That stage belongs to another opening."), field="stage")
    if candidate.stage_id != stage.id:
        before = candidate.stage.name if candidate.stage else None
        candidate.stage = stage
        record(actor, "candidate.move", candidate, before={"stage": before}, after={"stage": stage.name})
    return candidate


def existing_emails(opening: Opening) -> set[str]:
    return set(db.session.scalars(select(Candidate.email).where(Candidate.opening_id == opening.id)))


@operation
def import_candidates(actor: User | None, opening: Opening, report: ImportReport,
                      filename: str = "") -> int:
    """Create the report's good rows (only those) in one transaction; return how many."""
    stage_ids = {s.name: s.id for s in opening.stages}
    first_stage = opening.stages[0].id if opening.stages else None
    rows = [
        {
            "opening_id": opening.id,
            "name": r.values["name"],
            "email": r.values["email"],
            "phone": r.values.get("phone", ""),
            "source": r.values.get("source", ""),
            "type": CandidateType(r.values["type"]),
            "language": r.values["language"],
            "notes": r.values.get("notes", ""),
            "stage_id": stage_ids.get(r.values.get("stage", ""), first_stage),
        }
        for r in report.good
    ]
    if rows:
        db.session.execute(insert(Candidate), rows)
    record(actor, "candidate.import", opening, file=filename, imported=len(rows),
           errors=len(report.bad), duplicates=len(report.duplicates))
    return len(rows)


def _cleaned(opening: Opening, values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    name = (values.get("name") or "").strip()
    if not name:
        raise ValidationError(_("A name is required."), field="name")
    email = normalise_email(values.get("email") or "")
    stage = values.get("stage")
    if stage is not None and stage.opening_id != opening.id:
        raise ValidationError(_("That stage belongs to another opening."), field="stage")
    return {
        "name": name,
        "email": email,
        "phone": check_phone(values.get("phone")),
        "source": (values.get("source") or "").strip(),
        "type": CandidateType(values.get("type") or CandidateType.IN_HOUSE),
        "language": values.get("language") or "en",
        "stage": stage if stage is not None else (opening.stages[0] if opening.stages else None),
        "notes": values.get("notes") or "",
    }


def _refuse_duplicate(opening: Opening, email: str) -> None:
    if email in existing_emails(opening):
        raise ValidationError(_("%(email)s is already a candidate for this opening.", email=email), field="email")


def stage_by_id(opening: Opening, stage_id: int | None) -> Stage | None:
    return next((s for s in opening.stages if s.id == stage_id), None)
