"""Every model, imported in one place so the metadata knows all tables."""

from hiring.audit.models import AuditEvent
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.openings.models import Opening, Stage, TeamMember
from hiring.rubrics.models import RubricVersion

__all__ = ["AuditEvent", "Candidate", "Opening", "RubricVersion", "Stage", "TeamMember", "User"]
