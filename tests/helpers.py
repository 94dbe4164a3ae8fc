"""Helpers that build a scene in a line and act like a person in a browser (CSRF included)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import select

from hiring.auth.models import Role, User
from hiring.auth.operations import create_user
from hiring.candidates.models import Candidate
from hiring.candidates.operations import add_candidate
from hiring.extensions import db
from hiring.interviews.models import Scorecard
from hiring.interviews.operations import RatingInput, assign, save_scorecard
from hiring.openings.models import Opening, Stage, TeamMember
from hiring.openings.operations import add_team_member, create_opening

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf[-_]token"[^>]*(?:value|content)="([^"]+)"')
_counter = iter(range(1, 10**9))


def make_user(role: Role = Role.INTERVIEWER, *, email: str | None = None, name: str | None = None,
              password: str = PASSWORD) -> User:
    n = next(_counter)
    return create_user(None, email=email or f"{role.value}{n}@example.com",
                       name=name or f"{role.label} {n}", role=role, password=password)


def make_opening(manager: User | None = None, *, title: str = "Social Media Manager", **kwargs) -> Opening:
    manager = manager or make_user(Role.HIRING_MANAGER)
    return create_opening(manager, title=title, rubric_key="social-media-manager",
                          rubrics_dir=current_app.config["RUBRICS_DIR"], **kwargs)


def make_candidate(opening: Opening, *, name: str = "Ana Souza", email: str | None = None,
                   **kwargs) -> Candidate:
    email = email or f"candidate{next(_counter)}@example.com"
    return add_candidate(None, opening, name=name, email=email, **kwargs)


def submit_scorecard(rater: User, candidate: Candidate, stage: Stage, ratings: dict[str, int | None],
                     recommendation: str = "yes", note: str = "Saw it in the interview.") -> Scorecard:
    """Ask `rater` for a scorecard (if not yet asked) and submit these ratings on it."""
    asked = select(Scorecard).filter_by(candidate_id=candidate.id, stage_id=stage.id, rater_id=rater.id)
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

    @classmethod
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
        return cls(admin, manager, interviewer, leader, outsider, opening, member, candidate, scorecard)


class Browser:
    """A test client that signs in and submits forms with the CSRF token a page carries.

    Tests run inside an app context (to build scenes and query). Flask would reuse that context
    for requests, sharing `g` (the signed-in user, the CSRF token) and the database session
    between the test and every request. Each request here gets its own context, as in
    production; the test's session is committed around it so each side sees the other's writes.
    """

    def __init__(self, client: FlaskClient):
        self.client = client

    def _request(self, method: str, url: str, **kwargs):
        db.session.commit()
        outer = _cv_app.set(None)  # type: ignore[arg-type]
        try:
            return self.client.open(url, method=method, **kwargs)
        finally:
            _cv_app.reset(outer)
            db.session.commit()

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
