"""Demo data: a team, an opening and a dozen candidates, so every page has something real to show.

Idempotent: people, the opening and candidates are found by email or title and only created when
missing, so running it twice changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from hiring.auth import operations as auth_ops
from hiring.auth.models import Role, User
from hiring.calibration import operations as calibration_ops
from hiring.calibration.models import CalibrationAttempt
from hiring.calibration.schema import sets_for
from hiring.candidates import operations as candidate_ops
from hiring.candidates.models import Candidate
from hiring.demo_exercises import load_exercise_demo
from hiring.exercises.models import Invitation
from hiring.exercises.schema import exercises_for
from hiring.extensions import db
from hiring.interviews import operations as interview_ops
from hiring.interviews.models import Scorecard
from hiring.openings import operations as opening_ops
from hiring.openings.models import Opening
from hiring.shortlists import operations as shortlist_ops
from hiring.shortlists.models import ShortlistEntry

#: Shown on the console and in the README; these accounts exist only in demo databases.
DEMO_PASSWORD = "demo-password-2026"
OPENING_TITLE = "Social Media Manager"


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: Role


USERS = (
    DemoUser("admin@demo.hiring", "Ada Admin", Role.ADMIN),
    DemoUser("manager@demo.hiring", "Maya Manager", Role.HIRING_MANAGER),
    DemoUser("interviewer@demo.hiring", "Ines Interviewer", Role.INTERVIEWER),
    DemoUser("interviewer2@demo.hiring", "陈伟 (Chen Wei)", Role.INTERVIEWER),
    DemoUser("leader@demo.hiring", "Leo Leadership", Role.LEADERSHIP),
)

# name, email, language, type, stage index, source, phone, notes
CANDIDATES = (
    ("王芳", "wang.fang@example.com", "zh", "in_house", 2, "Referral", "+86 138 0000 1234",
     "Ran Weibo and Xiaohongshu for a tea brand; strong on short video."),
    ("प्रिया शर्मा", "priya.sharma@example.com", "hi", "freelancer", 1, "LinkedIn", "+91 98765 43210",
     "Freelance for three D2C brands; portfolio shows Reels and carousel work."),
    ("José Martínez", "jose.martinez@example.com", "es", "agency", 2, "Agency list", "",
     "Boutique agency, six people; proposes a monthly retainer."),
    ("Siti Rahmawati", "siti.rahmawati@example.com", "id", "in_house", 1, "Job board", "+62 812 3456 7890",
     "Community manager at an e-commerce marketplace; handled a product-recall backlash."),
    ("李娜", "li.na@example.com", "zh", "freelancer", 0, "Portfolio site", "",
     "Designer turned social lead; bilingual captions."),
    ("अर्जुन मेहता", "arjun.mehta@example.com", "hi", "in_house", 0, "Referral", "",
     "Hosts a weekly live Q&A for a fintech app."),
    ("Lucía Fernández", "lucia.fernandez@example.com", "es", "in_house", 3, "LinkedIn", "+34 600 123 456",
     "Built a paid + organic plan that cut cost per lead by a third."),
    ("Budi Santoso", "budi.santoso@example.com", "id", "agency", 1, "Agency list", "",
     "Agency founder; strong analytics dashboards."),
    ("Zoë Dubois", "zoe.dubois@example.com", "en", "freelancer", 2, "Job board", "",
     "TikTok-first creator, 40k followers of her own."),
    ("佐藤 健", "ken.sato@example.com", "en", "in_house", 0, "Referral", "",
     "Moved from customer support to social; calm with angry threads."),
    ("Nguyễn Thị Lan", "lan.nguyen@example.com", "en", "freelancer", 1, "Portfolio site", "",
     "YouTube editor and scriptwriter; learning live streaming."),
    ("Amara Okafor", "amara.okafor@example.com", "en", "agency", 2, "Referral", "+44 20 7946 0000",
     "Account lead at a mid-size agency; B2B LinkedIn campaigns."),
    ("김민지", "minji.kim@example.com", "en", "freelancer", 2, "Portfolio site", "",
     "Runs Instagram and Naver blog content for two K-beauty brands."),
)


#: Interview kits: the criteria each demo stage assesses.
KITS = {
    "Screen": ["platform_knowledge", "copywriting", "customer_service"],
    "Work sample": ["copywriting", "design", "analytics", "strategy"],
    "Panel interview": ["customer_service", "live_speaking", "strategy", "adaptability"],
    "Final": ["strategy", "adaptability", "analytics"],
}

#: Who scores which interview stage; a scorecard per candidate who has reached that stage. The work
#: sample stage is scored by reviewing exercise submissions (see hiring/demo_exercises.py).
#: (stage, raters, how far a candidate must be in the pipeline (stage index) to be scored there)
PANELS = (
    ("Screen", ("manager@demo.hiring", "interviewer@demo.hiring"), 0),
    ("Panel interview", ("interviewer@demo.hiring", "interviewer2@demo.hiring", "manager@demo.hiring"), 2),
)
#: Scorecards asked for and not yet done, so the dashboard shows who still owes one.
OWED = (
    ("amara.okafor@example.com", "Final", "interviewer2@demo.hiring"),
    ("lucia.fernandez@example.com", "Final", "interviewer@demo.hiring"),
)
#: A rater's habit: Chen Wei rates half a point high, so the "Raters and agreement" panel has something to show.
LENIENCY = {"interviewer2@demo.hiring": 0.6, "manager@demo.hiring": -0.2}

#: Evidence notes per criterion, from what a rater saw at a low, middling and high level.
EVIDENCE = {
    "platform_knowledge": (
        "Treated every platform the same; could not say how Reels and TikTok reach differs.",
        "Knew the main formats per platform; vague on what the LinkedIn feed rewards.",
        "Compared Reels, TikTok and Shorts for one launch and chose by audience and watch time.",
    ),
    "copywriting": (
        "Captions ran long and buried the offer; no call to action.",
        "Clear captions, but the hook came in the second line.",
        "Rewrote our bio in 120 characters: hook first, one clear call to action.",
    ),
    "customer_service": (
        "Argued with the complainer in public and repeated the policy.",
        "Apologised and answered, but left the thread without a next step.",
        "Answered the refund complaint in public, moved details to DM and set a follow-up.",
    ),
    "live_speaking": (
        "Read from notes during the mock live; long silences when the guest stalled.",
        "Kept the mock live going, with a few filler questions.",
        "Ran a 5-minute mock live Q&A, brought in chat questions and rescued a stalled guest.",
    ),
    "design": (
        "Busy mock-up, text too small to read on a phone.",
        "On-brand mock-up; two competing focal points.",
        "Mock-up in brand colours, readable at phone size, one focal point.",
    ),
    "analytics": (
        "Reported likes and follower count as success; no link to the goal.",
        "Picked engagement rate, but compared platforms with different bases.",
        "Chose saves and clicks over likes for the goal and benchmarked each platform.",
    ),
    "strategy": (
        "A posting calendar, but no goals or measures behind it.",
        "Goals were clear; metrics for two of them were missing.",
        "Tied the quarterly plan to lead goals, a metric per objective and a monthly review.",
    ),
    "adaptability": (
        "Kept the text-led approach after reach fell; waited for it to recover.",
        "Tried short video after a nudge; slow to drop what did not work.",
        "Moved a text-led account to short video in six weeks after reach fell.",
    ),
}


def load_demo(rubrics_dir: str | Path) -> Opening:
    """Create whatever of the demo is missing; return the demo opening."""
    users = {u.email: _user(u) for u in USERS}
    opening = db.session.scalar(select(Opening).filter_by(title=OPENING_TITLE))
    if opening is None:
        manager = users["manager@demo.hiring"]
        opening = opening_ops.create_opening(
            manager,
            title=OPENING_TITLE,
            location="Remote · Asia-Pacific hours",
            rubric_key="social-media-manager",
            rubrics_dir=rubrics_dir,
        )
    for demo_user in USERS:
        user = users[demo_user.email]
        if demo_user.role != Role.ADMIN and opening.member(user) is None:
            opening_ops.add_team_member(None, opening, user, demo_user.role)
    have = candidate_ops.existing_emails(opening)
    for name, email, language, kind, stage, source, phone, notes in CANDIDATES:
        if email not in have:
            candidate_ops.add_candidate(
                None, opening, name=name, email=email, language=language, type=kind,
                stage=opening.stages[stage], source=source, phone=phone, notes=notes,
            )
    _load_scorecards(opening, users)
    if db.session.scalar(select(Invitation.id).join(Invitation.candidate)
                         .where(Candidate.opening_id == opening.id).limit(1)) is None:
        load_exercise_demo(opening, users, rubrics_dir)
    _load_shortlist(opening, users)
    _load_debrief(opening, users["manager@demo.hiring"])
    _load_calibration(opening, users, rubrics_dir)
    return opening


#: Two raters' completed calibration: Ines (English) on the agreed levels; Chen Wei (Chinese
#: material where the set has it) one level above agreed on analytics, so off there.
CALIBRATIONS = (("interviewer@demo.hiring", "en", {}), ("interviewer2@demo.hiring", "zh", {"analytics": 1}))


def _load_calibration(opening: Opening, users: dict[str, User], rubrics_dir: str | Path) -> None:
    """Completed calibration attempts for two raters, made once (none if the set is missing)."""
    if db.session.scalar(select(CalibrationAttempt.id).filter_by(opening_id=opening.id).limit(1)) is not None:
        return
    rubric = opening.rubric_version.english
    exercises = {e.key: e for e in exercises_for(Path(rubrics_dir) / "exercises", rubric)}
    found = sets_for(Path(rubrics_dir) / "calibration", rubric, exercises)
    if not found:
        return
    scale = rubric.scale
    for email, language, shift in CALIBRATIONS:
        given = {}
        for item in found[0].items_in(language):
            for criterion, score in item.scores.items():
                level = min(scale.max, max(scale.min, score.level + shift.get(criterion, 0)))
                note = (f"符合 {level} 级锚定描述。" if language == "zh"
                        else f"What the level-{level} anchor describes.")
                given[(item.key, criterion)] = calibration_ops.Given(level, note)
        calibration_ops.submit_attempt(users[email], opening, found[0], language, given)


def _load_scorecards(opening: Opening, users: dict[str, User]) -> None:
    """Kits per stage and submitted scorecards from several raters, made once."""
    if db.session.scalar(select(Scorecard.id).join(Scorecard.candidate)
                         .where(Candidate.opening_id == opening.id).limit(1)) is not None:
        return
    stages = {s.name: s for s in opening.stages}
    for name, focus in KITS.items():
        interview_ops.set_kit(None, stages[name], focus=focus, questions={})
    candidates = {c.email: c for c in db.session.scalars(
        select(Candidate).where(Candidate.opening_id == opening.id))}
    position = {s.id: s.position for s in opening.stages}
    chance = random.Random(2026)  # the same demo every time
    ability = {email: {key: chance.uniform(1.8, 4.6) for key in opening.rubric.criterion_keys}
               for email in sorted(candidates)}
    scale = opening.rubric.scale
    for stage_name, raters, reached in PANELS:
        stage = stages[stage_name]
        for email, candidate in sorted(candidates.items()):
            if position[candidate.stage_id] < reached:
                continue
            for rater_email in raters:
                ratings = {}
                for key in KITS[stage_name]:
                    level = ability[email][key] + LENIENCY.get(rater_email, 0) + chance.gauss(0, 0.45)
                    value = min(scale.max, max(scale.min, round(level)))
                    ratings[key] = interview_ops.RatingInput(value, _evidence(key, value, scale))
                mean = sum(r.value for r in ratings.values()) / len(ratings)
                recommendation = ("strong_yes" if mean >= 4 else "yes" if mean >= 3
                                  else "no" if mean >= 2 else "strong_no")
                card = interview_ops.assign(None, candidate, stage, users[rater_email])
                interview_ops.save_scorecard(users[rater_email], card, ratings=ratings,
                                             recommendation=recommendation, submit=True,
                                             expected_revision=card.revision)
    for email, stage_name, rater_email in OWED:
        interview_ops.assign(None, candidates[email], stages[stage_name], users[rater_email])


def _evidence(criterion: str, value: int, scale) -> str:
    notes = EVIDENCE[criterion]
    share = (value - scale.min) / (scale.max - scale.min)
    return notes[min(len(notes) - 1, int(share * len(notes)))]


#: The demo shortlist (by email) and the decisions leadership has recorded so far.
SHORTLIST = ("wang.fang@example.com", "priya.sharma@example.com", "jose.martinez@example.com",
             "lucia.fernandez@example.com", "zoe.dubois@example.com", "amara.okafor@example.com",
             "siti.rahmawati@example.com", "minji.kim@example.com")
DECISIONS = (
    ("lucia.fernandez@example.com", "advance", "Strongest plan tied to business goals; meet the founder next."),
    ("jose.martinez@example.com", "hold", "Good work, but an agency retainer is over budget this quarter."),
)


def _load_shortlist(opening: Opening, users: dict[str, User]) -> None:
    if db.session.scalar(select(ShortlistEntry.id).join(ShortlistEntry.candidate)
                         .where(Candidate.opening_id == opening.id).limit(1)) is not None:
        return
    candidates = {c.email: c for c in db.session.scalars(
        select(Candidate).where(Candidate.opening_id == opening.id))}
    for email in SHORTLIST:
        shortlist_ops.add_to_shortlist(users["manager@demo.hiring"], candidates[email])
    for email, kind, comment in DECISIONS:
        shortlist_ops.record_decision(users["leader@demo.hiring"], candidates[email], kind, comment)


#: The demo's closed debrief: the first of these shortlisted candidates whose scorecards are all in.
DEBRIEFED = ("lucia.fernandez@example.com", *SHORTLIST)
#: Why the two raters furthest from the panel changed a rating in the demo debrief.
RESCORE_REASONS = (
    "The others' evidence showed more than I noted: I missed the second half of their answer.",
    "Hearing the panel's examples, my rating stood on one weak moment; the rest of the interview was stronger.",
)


def _load_debrief(opening: Opening, manager: User) -> None:
    """A closed debrief with two re-scores, made once: the two ratings furthest from the panel's
    median move one level toward it, each with its rater's reason."""
    from hiring.debriefs import operations as debrief_ops
    from hiring.debriefs.models import Debrief, DebriefStatus
    from hiring.debriefs.queries import ready_to_debrief

    if db.session.scalar(select(Debrief.id).join(Debrief.candidate)
                         .where(Candidate.opening_id == opening.id).limit(1)) is not None:
        return
    candidates = {c.email: c for c in db.session.scalars(
        select(Candidate).where(Candidate.opening_id == opening.id))}
    ready = ready_to_debrief(opening, [c.id for c in candidates.values()])
    email = next((e for e in DEBRIEFED if e in candidates and candidates[e].id in ready), None)
    if email is None:
        return
    debrief = debrief_ops.open_debrief(manager, candidates[email])
    for stage in (DebriefStatus.REVEALED, DebriefStatus.DISCUSSED, DebriefStatus.RESCORE):
        debrief_ops.advance(manager, debrief, stage)
    by_criterion: dict[str, list] = {}
    for rating in debrief.ratings:
        by_criterion.setdefault(rating.criterion, []).append(rating)
    far = []
    for ratings in by_criterion.values():
        values = sorted(r.value for r in ratings)
        middle = values[len(values) // 2]
        far += [(abs(r.value - middle), r.id, r, middle) for r in ratings if r.value != middle]
    moved: set[int | None] = set()
    for _gap, _id, rating, middle in sorted(far, key=lambda f: (-f[0], f[1])):
        if rating.rater_id in moved:
            continue  # two raters, one change each
        step = 1 if middle > rating.value else -1
        debrief_ops.rescore(rating.rater, rating, rating.value + step, RESCORE_REASONS[len(moved)])
        moved.add(rating.rater_id)
        if len(moved) == len(RESCORE_REASONS):
            break
    debrief_ops.save_notes(manager, debrief, {rating.criterion: "Discussed the evidence behind the spread first."
                                           for _gap, _id, rating, _middle in far[:1]})
    debrief_ops.advance(manager, debrief, DebriefStatus.CLOSED, recommendation="yes",
                        summary="Advance: strong strategy and copy; analytics to be probed in the final.")


def _user(demo: DemoUser) -> User:
    return auth_ops.find_user(demo.email) or auth_ops.create_user(
        None, email=demo.email, name=demo.name, role=demo.role, password=DEMO_PASSWORD
    )


def is_empty() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is None


def login_lines() -> list[str]:
    return [f"  {u.role.label:<15} {u.email:<28} {DEMO_PASSWORD}" for u in USERS]
