"""Demo data: a team, an opening and a dozen candidates, so every page has something real to show.

Idempotent: people, the opening and candidates are found by email or title and only created when
missing, so running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from hiring.auth import operations as auth_ops
from hiring.auth.models import Role, User
from hiring.candidates import operations as candidate_ops
from hiring.extensions import db
from hiring.openings import operations as opening_ops
from hiring.openings.models import Opening

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
)


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
    return opening


def _user(demo: DemoUser) -> User:
    return auth_ops.find_user(demo.email) or auth_ops.create_user(
        None, email=demo.email, name=demo.name, role=demo.role, password=DEMO_PASSWORD
    )


def is_empty() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is None


def login_lines() -> list[str]:
    return [f"  {u.role.label:<15} {u.email:<28} {DEMO_PASSWORD}" for u in USERS]
