"""Helpers that build a scene in a line and act like a person in a browser (CSRF included)."""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select

from hiring.auth.models import Role, User
from hiring.auth.operations import create_user
from hiring.candidates.models import Candidate
from hiring.candidates.operations import add_candidate
from hiring.exercises import operations as exercise_ops
from hiring.exercises.models import Invitation
from hiring.exercises.operations import invite
from hiring.exercises.store import offered
from hiring.exercises.uploads import check_upload
from hiring.extensions import db
from hiring.interviews.models import Scorecard
from hiring.interviews.operations import RatingInput, assign, save_scorecard
from hiring.openings.models import Opening, Stage, TeamMember
from hiring.openings.operations import add_team_member, create_opening
from hiring.timeutil import utcnow
from hiring.transactions import unit_of_work

PASSWORD = "correct horse battery"


def _committed(build):
    """A helper that sets the scene commits what it built: the data is there before the test acts,
    as it would be in production (operations only flush; their caller's unit of work commits)."""

    @functools.wraps(build)
    def run(*args, **kwargs):
        with unit_of_work():
            return build(*args, **kwargs)

    return run
_CSRF = re.compile(r'name="csrf[-_]token"[^>]*(?:value|content)="([^"]+)"')
_counter = iter(range(1, 10**9))


@_committed
def make_user(role: Role = Role.INTERVIEWER, *, email: str | None = None, name: str | None = None,
              password: str = PASSWORD) -> User:
    n = next(_counter)
    return create_user(None, email=email or f"{role.value}{n}@example.com",
                       name=name or f"{role.label} {n}", role=role, password=password)


@_committed
def make_opening(manager: User | None = None, *, title: str = "Social Media Manager", **kwargs) -> Opening:
    manager = manager or make_user(Role.HIRING_MANAGER)
    return create_opening(manager, title=title, rubric_key="social-media-manager",
                          rubrics_dir=current_app.config["RUBRICS_DIR"], **kwargs)


@_committed
def make_candidate(opening: Opening, *, name: str = "Ana Souza", email: str | None = None,
                   **kwargs) -> Candidate:
    email = email or f"candidate{next(_counter)}@example.com"
    return add_candidate(None, opening, name=name, email=email, **kwargs)


@_committed
def submit_scorecard(rater: User, candidate: Candidate, stage: Stage, ratings: dict[str, int | None],
                     recommendation: str = "yes", note: str = "Saw it in the interview.") -> Scorecard:
    """Ask `rater` for a scorecard (if not yet asked) and submit these ratings on it."""
    asked = select(Scorecard).filter_by(candidate_id=candidate.id, stage_id=stage.id, rater_id=rater.id,
                                        invitation_id=None)
    scorecard = db.session.scalar(asked) or assign(None, candidate, stage, rater)
    return save_scorecard(rater, scorecard, ratings={k: RatingInput(v, note) for k, v in ratings.items()},
                          recommendation=recommendation, submit=True, expected_revision=scorecard.revision)


@dataclass
class Scene:
    """The people every access test needs around one opening."""

    admin: User
    manager: User
    interviewer: User
    leader: User
    outsider: User  # a hiring manager who is not on this opening's team
    opening: Opening
    interviewer_member: TeamMember
    candidate: Candidate
    scorecard: Scorecard  # the interviewer's, submitted, for the candidate's first stage
    invitation: Invitation  # the candidate's, to the visual brief: a design uploaded and submitted
    token: str

    @classmethod
    @_committed
    def build(cls) -> Scene:
        admin = make_user(Role.ADMIN)
        manager = make_user(Role.HIRING_MANAGER)
        interviewer = make_user(Role.INTERVIEWER)
        leader = make_user(Role.LEADERSHIP)
        outsider = make_user(Role.HIRING_MANAGER)
        opening = make_opening(manager)
        member = add_team_member(None, opening, interviewer, Role.INTERVIEWER)
        add_team_member(None, opening, leader, Role.LEADERSHIP)
        candidate = make_candidate(opening)
        scorecard = submit_scorecard(interviewer, candidate, opening.stages[0], {"copywriting": 4})
        invitation, token = submitted_invitation(candidate)
        return cls(admin, manager, interviewer, leader, outsider, opening, member, candidate, scorecard,
                   invitation, token)


class Browser:
    """A test client that signs in and submits forms with the CSRF token a page carries.

    The app's test client (`RequestClient` in conftest) gives each request its own context and
    unit of work, as in production.
    """

    def __init__(self, client: FlaskClient):
        self.client = client

    def _request(self, method: str, url: str, **kwargs):
        return self.client.open(url, method=method, **kwargs)

    def login(self, user_or_email, password: str = PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        return self.submit("/login", {"email": email, "password": password})

    def logout(self):
        return self.post("/logout", {})

    def get(self, url: str, **kwargs):
        return self._request("GET", url, **kwargs)

    def csrf_token(self, url: str = "/login") -> str:
        """The token of the page at `url` (every page carries one in its <meta> tag)."""
        page = self.get(url, follow_redirects=True)
        match = _CSRF.search(page.text)
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def submit(self, url: str, data: dict, **kwargs):
        """Open the form at `url`, then post `data` to it as the browser would."""
        return self.post(url, data, token_from=url, **kwargs)

    def post_without_token(self, url: str, data: dict, **kwargs):
        return self._request("POST", url, data=data, **kwargs)

    def post(self, url: str, data: dict, *, token_from: str = "/", **kwargs):
        payload = {"csrf_token": self.csrf_token(token_from), **data}
        return self._request("POST", url, data=payload, **kwargs)


@_committed
def submitted_invitation(candidate: Candidate) -> tuple[Invitation, str]:
    """An invitation to the visual brief, started, with a design uploaded, and submitted."""
    invitation, token = make_invitation(candidate, ("visual-brief",))
    now, grace = utcnow(), timedelta(seconds=60)
    exercise_ops.start(invitation, now, grace)
    image = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 120, 90)).save(image, "PNG")
    exercise_ops.save_upload(invitation, "visual-brief", check_upload(image.getvalue()), now, grace)
    exercise_ops.save_answers(invitation, [exercise_ops.AnswerInput("visual-brief", "rationale",
                                                                    "Green for trust.")], now, grace)
    exercise_ops.submit(invitation, now, grace)
    return invitation, token


@_committed
def make_invitation(candidate: Candidate, keys: tuple[str, ...] = ("launch-posts",), *,
                    days: int = 7) -> tuple[Invitation, str]:
    """Invite `candidate` to the shipped exercises with these keys; returns (invitation, link token)."""
    available = {e.key: e for e in offered(candidate.opening)}
    return invite(None, candidate, [available[k] for k in keys], expires_at=utcnow() + timedelta(days=days))


class CandidateBrowser:
    """A candidate's browser on the exercise pages: no session, the page token from the page."""

    _PAGE_TOKEN = re.compile(r'(?:data-page-token|name="page_token" value)="([^"]+)"')

    def __init__(self, client: FlaskClient, token: str):
        self.client, self.token = client, token

    def _open(self, method: str, url: str, **kwargs):
        return self.client.open(url, method=method, **kwargs)

    def get(self, path: str = ""):
        return self._open("GET", f"/i/{self.token}{path}")

    def page_token(self) -> str:
        page = self.get("/work") if self.get("").status_code == 302 else self.get("")
        return self._PAGE_TOKEN.search(page.text).group(1)

    def start(self):
        return self._open("POST", f"/i/{self.token}/start", data={"page_token": self.page_token()})

    def save(self, exercise: str, item: str, text: str, *, page_token: str | None = None, **signals):
        body = {"answers": [{"exercise": exercise, "item": item, "text": text, **signals}]}
        return self._open("POST", f"/i/{self.token}/answers", json=body,
                          headers={"X-Page-Token": page_token or self.page_token()})

    def upload(self, exercise: str, data: bytes, filename: str):
        return self._open("POST", f"/i/{self.token}/files/{exercise}",
                          data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data",
                          headers={"X-Page-Token": self.page_token()})

    def submit(self, *, confirm: bool = False):
        data = {"page_token": self.page_token(), **({"confirm": "1"} if confirm else {})}
        return self._open("POST", f"/i/{self.token}/submit", data=data)
