"""Demo exercise submissions: finished, late and in-progress ones, so reviewers have a queue.

Part of the demo loader (`hiring.demo`); kept apart because it is long. Times are set in the past
so the submissions look as if candidates took them earlier today.
"""

from __future__ import annotations

import io
import random
from datetime import timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.demo_answers import ANSWERS
from hiring.exercises import operations
from hiring.exercises.analysis import expected_answer, generate_dataset
from hiring.exercises.models import Invitation
from hiring.exercises.schema import Exercise
from hiring.exercises.store import exercises_of
from hiring.exercises.uploads import check_upload
from hiring.extensions import db
from hiring.interviews import operations as interview_ops
from hiring.openings.models import Opening
from hiring.timeutil import utcnow

#: (candidate email, how far they got)
PLAN = (
    ("wang.fang@example.com", "submitted"),
    ("jose.martinez@example.com", "submitted"),
    ("zoe.dubois@example.com", "submitted"),
    ("amara.okafor@example.com", "submitted"),
    ("lucia.fernandez@example.com", "late"),
    ("priya.sharma@example.com", "in_progress"),
    ("siti.rahmawati@example.com", "invited"),
)

EVIDENCE = {
    "copywriting": "Hooks lead each post; the X post fits with room to spare; calls to action are clear.",
    "platform_knowledge": "Adapted tone and format per network; LinkedIn post uses numbers, TikTok a POV hook.",
    "customer_service": "Moved the allergy claim to DMs fast and asked for the batch; calm with the troll.",
    "analytics": "Engagement rates right for two platforms; week-over-week change off by a few points.",
    "strategy": "Recommendation ties budget moves to the best-performing platform and a test plan.",
    "design": "Clear focal point and brand colours; text would be small on a phone.",
    "adaptability": "Diagnoses before acting and proposes a staged move to short video.",
}


def load_exercise_demo(opening: Opening, users: dict[str, User], rubrics_dir: str | Path) -> None:
    available = exercises_of(Path(rubrics_dir) / "exercises", opening.rubric_version.english)
    if not available:
        return
    candidates = {c.email: c for c in db.session.scalars(
        db.select(Candidate).where(Candidate.opening_id == opening.id))}
    now, grace = utcnow(), timedelta(seconds=60)
    work_sample = next(s for s in opening.stages if "work" in s.name.casefold())
    for number, (email, progress) in enumerate(PLAN):
        candidate = candidates[email]
        invitation, _token = operations.invite(users["manager@demo.hiring"], candidate, available,
                                               expires_at=now + timedelta(days=7), stage=work_sample)
        if progress == "invited":
            continue
        started = now - (timedelta(minutes=10) if progress == "in_progress" else timedelta(hours=5 - number / 2))
        invitation.started_at = started
        invitation.deadline_at = started + timedelta(minutes=invitation.time_limit_minutes)
        operations.save_answers(invitation, list(_answers(invitation, available, number)), started
                                + timedelta(minutes=8), grace)
        if any(e.upload for e in available):
            exercise = next(e for e in available if e.upload)
            operations.save_upload(invitation, exercise.key, check_upload(_design(number)),
                                   started + timedelta(minutes=9), grace)
        if progress == "submitted":
            operations.submit(invitation, started + timedelta(minutes=invitation.time_limit_minutes - 5), grace)
    _reviews(opening, users)


def _answers(invitation, exercises: list[Exercise], number: int):
    for exercise in exercises:
        for item in exercise.items():
            if item.kind == "file":
                continue
            text = _answer_text(invitation, exercise, item.key, number)
            yield operations.AnswerInput(exercise.key, item.key, text, active_seconds=60 + 17 * number,
                                         largest_paste=450 if (number == 2 and item.kind == "text") else 0)


def _answer_text(invitation, exercise: Exercise, item: str, number: int) -> str:
    """What the candidate wrote, in the language they were invited in (the language of their exercises)."""
    words = ANSWERS.get(invitation.language, ANSWERS["en"])
    if exercise.type == "copy":
        return words.get(item, words["post"])
    if exercise.type == "reply":
        return words["replies"].get(item, words["post"])
    if exercise.type == "analysis":
        if item == "recommendation":
            return words["recommendation"]
        question = next(q for q in exercise.questions if q.key == item)
        frame = generate_dataset(invitation.seed, exercise.dataset.platforms,
                                 exercise.dataset.posts_per_platform, exercise.dataset.weeks)
        expected = expected_answer(frame, question.check)
        if expected.kind == "number":
            off = 0 if number % 2 == 0 else 3.0  # half the candidates get numbers wrong
            return f"{expected.value + off:.2f}"
        return str(expected.value) if number != 1 else ""
    if exercise.type == "upload":
        return words["rationale"]
    return words["scenario"]


def _design(number: int) -> bytes:
    image = Image.new("RGB", (1080, 1080), (246, 241, 231))
    draw = ImageDraw.Draw(image)
    draw.ellipse((290, 240, 790, 740), fill=(40, 110, 70 + 20 * number))
    draw.rectangle((140, 860, 940, 960), fill=(30, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _reviews(opening: Opening, users: dict[str, User]) -> None:
    """Ines has reviewed every finished submission and Chen Wei two; the rest wait in the queues."""
    chance = random.Random(4)
    finished = db.session.scalars(
        db.select(Invitation).join(Invitation.candidate)
        .where(Candidate.opening_id == opening.id, Invitation.started_at.is_not(None))
        .order_by(Invitation.id)
    ).all()
    finished = [i for i in finished if i.submitted_at is not None or i.deadline_at < utcnow()]
    plan = [("interviewer@demo.hiring", finished), ("interviewer2@demo.hiring", finished[:2])]
    for email, invitations in plan:
        reviewer = users[email]
        for invitation in invitations:
            card = interview_ops.assign(None, invitation.candidate, invitation.stage, reviewer,
                                        invitation=invitation)
            ratings = {key: interview_ops.RatingInput(chance.choice((2, 3, 3, 4, 4, 5)), EVIDENCE[key])
                       for key in invitation.criteria}
            interview_ops.save_scorecard(reviewer, card, ratings=ratings, recommendation="yes",
                                         submit=True, expected_revision=card.revision)
