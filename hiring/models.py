"""Every model, imported in one place so the metadata knows all tables."""

from hiring.audit.models import AuditEvent
from hiring.auth.models import ApiToken, User, UserSession
from hiring.calibration.models import CalibrationAttempt, CalibrationRating
from hiring.candidate_mail.models import EmailTemplate
from hiring.candidates.models import Candidate
from hiring.debriefs.models import Debrief, DebriefRating
from hiring.exercises.models import Answer, Invitation
from hiring.exercises.versions import ExerciseDraft, ExerciseVersion
from hiring.interviews.models import Rating, Scorecard
from hiring.openings.models import Opening, Stage, TeamMember
from hiring.outbox.models import OutboxMessage
from hiring.rubrics.models import ContentTranslation, RubricDraft, RubricVersion
from hiring.shortlists.models import Decision, ShortlistEntry

__all__ = [
    "Answer", "ApiToken", "AuditEvent", "CalibrationAttempt", "CalibrationRating", "Candidate",
    "ContentTranslation", "Debrief", "DebriefRating", "Decision", "EmailTemplate", "ExerciseDraft",
    "ExerciseVersion", "Invitation", "Opening", "OutboxMessage", "Rating", "RubricDraft", "RubricVersion",
    "Scorecard", "ShortlistEntry", "Stage", "TeamMember", "User", "UserSession",
]
