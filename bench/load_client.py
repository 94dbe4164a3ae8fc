"""The load generator's HTTP side (`bench/load.py`): a loopback-only browser, the request log, and
the raters' and candidates' scenarios with a ledger of every write the server acknowledged.

Standard library only: `http.client`, a fresh connection per request (gunicorn's sync workers
close them anyway), cookies kept per virtual user.
"""

from __future__ import annotations

import html
import http.client
import ipaddress
import itertools
import json
import random
import re
import threading
import time
from contextlib import suppress
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

CSRF = re.compile(r'name="csrf[-_]token"[^>]*(?:value|content)="([^"]+)"')
REVISION = re.compile(r'name="revision"[^>]*value="(\d+)"')
RATING_VALUE = re.compile(r'name="rating_([A-Za-z0-9_]+)" value="(\d+)"')
PAGE_TOKEN = re.compile(r'(?:data-page-token|name="page_token" value)="([^"]+)"')
ANSWER_FIELD = re.compile(
    r'<textarea[^>]*?data-exercise="([^"]+)" data-item="([^"]+)"[^>]*>(.*?)</textarea>', re.S)
CONFLICT = "Someone else saved this scorecard"
#: Text as people type it: several scripts, accents, an emoji, quotes, a line break.
PHRASES = ["Bring your jar", "20% off the first fill", "¡Oferta de lanzamiento!", "新品格兰诺拉麦片",
           "ग्रेनोला अब उपलब्ध", "Granola baru 🥣", "\"neighbourly\" & practical", "<b>not markup</b>",
           "Zoë's café, naïve façade", "line one\nline two"]


class Stop(Exception):
    """The time or request budget is spent: the virtual user stops where it is."""


@dataclass
class Budget:
    """Count- and time-limits shared by every virtual user."""

    deadline: float  # monotonic: no new scenario step after this
    hard_stop: float  # monotonic: no request at all after this
    max_requests: int
    max_per_user: int
    sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> None:
        with self.lock:
            if self.sent >= self.max_requests or time.monotonic() > self.hard_stop:
                raise Stop
            self.sent += 1

    @property
    def running(self) -> bool:
        return time.monotonic() < self.deadline and self.sent < self.max_requests


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage | None
    text: str

    @property
    def location(self) -> str:
        return (self.headers.get("Location", "") if self.headers else "") or ""


class Request(NamedTuple):
    kind: str
    status: int  # 0: no response
    ms: float  # latency as the client saw it
    at: float  # when it was sent (monotonic)
    rid: str  # the X-Load-Id header it carried: gunicorn's access log names it too


class Log:
    """Every request, and every failed expectation."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[Request] = []
        self.problems: list[str] = []
        self.ids = itertools.count(1)

    def add(self, request: Request) -> None:
        with self.lock:
            self.requests.append(request)

    def problem(self, message: str) -> None:
        with self.lock:
            self.problems.append(message)


def require_loopback(host: str) -> str:
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"refusing to load {host}: the load test only talks to loopback addresses")
    return host


class Browser:
    """One virtual user's browser: cookies, and never a request off the loopback host."""

    def __init__(self, host: str, port: int, log: Log, budget: Budget, timeout: float = 30.0):
        self.host, self.port = require_loopback(host), port
        self.log, self.budget, self.timeout = log, budget, timeout
        self.cookies: dict[str, str] = {}
        self.sent = 0

    def request(self, kind: str, method: str, path: str, *, form: dict | list | None = None,
                json_body: object = None, headers: dict[str, str] | None = None,
                expect: tuple[int, ...] = (200,)) -> Response:
        if self.sent >= self.budget.max_per_user:
            raise Stop
        self.budget.take()
        self.sent += 1
        parts = urlsplit(path)
        if parts.netloc and parts.hostname not in (self.host, "localhost"):
            raise RuntimeError(f"refusing to follow {path}: not the loopback server")
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        rid = str(next(self.log.ids))
        sent_headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "hiring-load/1", "X-Load-Id": rid}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            sent_headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body).encode()
            sent_headers["Content-Type"] = "application/json"
        if self.cookies:
            sent_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent_headers.update(headers or {})
        sent_at, started = time.monotonic(), time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, target, body=body, headers=sent_headers)
            raw = connection.getresponse()
            data = raw.read()
        except OSError as err:  # refused, reset, timed out
            self.log.add(Request(kind, 0, (time.perf_counter() - started) * 1000, sent_at, rid))
            self.log.problem(f"{kind} {method} {target}: no response ({type(err).__name__}: {err})")
            return Response(0, None, "")
        finally:
            connection.close()
        self.log.add(Request(kind, raw.status, (time.perf_counter() - started) * 1000, sent_at, rid))
        for header in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        response = Response(raw.status, raw.headers, data.decode("utf-8", "replace"))
        if raw.status not in expect:
            self.log.problem(f"{kind} {method} {target}: HTTP {raw.status} (expected {expect})")
        return response


def both_at_once(target, args_list: list[tuple]) -> None:
    """Run `target` for each args in threads started together (two tabs, a double click) and wait.
    A thread that finds the budget spent just stops, like the virtual user it belongs to."""

    def run(*args) -> None:
        with suppress(Stop):
            target(*args)

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def think(rng: random.Random, mean: float) -> None:
    if mean > 0:
        time.sleep(rng.uniform(0.5, 1.5) * mean)


def text_for(rng: random.Random, who: str, n: int) -> str:
    return f"{who} v{n}: " + " · ".join(rng.sample(PHRASES, 3))


# --- Raters ------------------------------------------------------------------------------------


@dataclass
class CardState:
    """What the server last acknowledged for one scorecard."""

    ratings: dict[str, tuple[int | None, str]]
    recommendation: str
    summary: str
    revision: int
    submitted: bool


class RaterLedger:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.cards: dict[int, CardState] = {}
        self.acked = self.refused = self.stale_refused = self.race_single_winner = 0
        self.submitted: set[int] = set()

    def ack(self, card: int, state: CardState) -> None:
        with self.lock:
            previous = self.cards.get(card)
            state.submitted = state.submitted or bool(previous and previous.submitted)
            self.cards[card] = state
            self.acked += 1
            if state.submitted:
                self.submitted.add(card)


@dataclass
class ScorecardForm:
    csrf: str
    revision: int
    levels: dict[str, list[str]]  # criterion -> the scale's values


def parse_form(page: str) -> ScorecardForm | None:
    csrf, revision = CSRF.search(page), REVISION.search(page)
    levels: dict[str, list[str]] = {}
    for key, value in RATING_VALUE.findall(page):
        levels.setdefault(key, []).append(value)
    if not csrf or not revision or not levels:
        return None
    return ScorecardForm(csrf.group(1), int(revision.group(1)), levels)


class Rater:
    def __init__(self, browser: Browser, account: dict, ledger: RaterLedger, rng: random.Random,
                 think_mean: float):
        self.b, self.account, self.ledger, self.rng, self.think = browser, account, ledger, rng, think_mean
        self.cards: list[int] = account["scorecards"]
        self.round = 0

    def pause(self) -> None:
        think(self.rng, self.think)

    def run(self) -> None:
        try:
            if not self.login():
                return
            for step in (self.draft, self.submit, self.edit_then_stale, self.race):
                for card in self.cards:
                    step(card)
                    self.pause()
            while self.b.budget.running:
                card = self.rng.choice(self.cards)
                if self.rng.random() < 0.2:
                    self.race(card)
                else:
                    self.edit(card)
                self.pause()
        except Stop:
            pass
        except Exception as err:  # a bug here must show as a failed check, not a silent thread
            self.b.log.problem(f"{self.account['email']}: the scenario broke ({type(err).__name__}: {err})")

    def login(self) -> bool:
        page = self.b.request("login page", "GET", "/login")
        token = CSRF.search(page.text)
        if not token:
            self.b.log.problem(f"{self.account['email']}: no CSRF token on the login page")
            return False
        self.pause()
        done = self.b.request("sign in", "POST", "/login", expect=(302,), form={
            "csrf_token": token.group(1), "email": self.account["email"], "password": self.account["password"]})
        if done.status != 302 or "/login" in done.location:
            self.b.log.problem(f"{self.account['email']}: sign-in refused (HTTP {done.status})")
            return False
        home = self.b.request("page", "GET", done.location, expect=(200, 302))
        if home.status == 302:
            self.b.request("page", "GET", home.location)
        self.b.request("page", "GET", "/scorecards/")
        return True

    def open_form(self, card: int) -> ScorecardForm | None:
        page = self.b.request("scorecard form", "GET", f"/scorecards/{card}/edit")
        form = parse_form(page.text) if page.status == 200 else None
        if page.status == 200 and form is None:
            self.b.log.problem(f"scorecard {card}: the form could not be read")
        return form

    def fill(self, form: ScorecardForm, card: int, *, complete: bool) -> tuple[list, CardState]:
        self.round += 1
        ratings: dict[str, tuple[int | None, str]] = {}
        for key, values in form.levels.items():
            value = None if (not complete and self.rng.random() < 0.25) else int(self.rng.choice(values))
            ratings[key] = (value, text_for(self.rng, f"card {card} {key}", self.round))
        recommendation = self.rng.choice(["strong_no", "no", "yes", "strong_yes"])
        summary = f"Round {self.round} by {self.account['email']}"
        fields: list[tuple[str, str]] = [("csrf_token", form.csrf), ("revision", str(form.revision))]
        for key, (value, note) in ratings.items():
            fields += [(f"rating_{key}", "" if value is None else str(value)), (f"note_{key}", note)]
        fields += [("recommendation", recommendation), ("summary", summary)]
        return fields, CardState(ratings, recommendation, summary, form.revision + 1, False)

    def save(self, kind: str, card: int, fields: list, state: CardState, *, refusal_expected=False) -> str:
        """Post the form; returns "acked", "refused" (the conflict message) or "error"."""
        response = self.b.request(kind, "POST", f"/scorecards/{card}/edit", form=fields,
                                  expect=(200,) if refusal_expected else (302,))
        if response.status in (302, 303):
            self.ledger.ack(card, state)
            return "acked"
        if response.status == 200 and CONFLICT in response.text:
            with self.ledger.lock:
                self.ledger.refused += 1
            return "refused"
        if response.status == 200:
            self.b.log.problem(f"scorecard {card}: {kind} refused without a conflict (a form error?)")
        return "error"

    def draft(self, card: int) -> None:
        form = self.open_form(card)
        if form is None:
            return
        self.pause()
        fields, state = self.fill(form, card, complete=False)
        if self.save("scorecard draft", card, [*fields, ("save", "Save draft")], state) == "refused":
            self.b.log.problem(f"scorecard {card}: a draft saved on the current revision was refused")

    def submit(self, card: int) -> None:
        form = self.open_form(card)
        if form is None:
            return
        self.pause()
        fields, state = self.fill(form, card, complete=True)
        state.submitted = True
        outcome = self.save("scorecard submit", card, [*fields, ("submit", "Submit scorecard")], state)
        if outcome == "refused":
            self.b.log.problem(f"scorecard {card}: a submit on the current revision was refused")
        elif outcome == "acked":
            self.b.request("page", "GET", f"/scorecards/{card}")

    def edit(self, card: int) -> ScorecardForm | None:
        form = self.open_form(card)
        if form is None:
            return None
        self.pause()
        fields, state = self.fill(form, card, complete=True)
        if self.save("scorecard edit", card, [*fields, ("submit", "Save changes")], state) == "refused":
            self.b.log.problem(f"scorecard {card}: an edit on the current revision was refused")
        return form

    def edit_then_stale(self, card: int) -> None:
        """Edit, then post again from the same (now stale) page: it must be refused."""
        form = self.edit(card)
        if form is None:
            return
        self.pause()
        fields, state = self.fill(form, card, complete=True)
        outcome = self.save("scorecard stale", card, [*fields, ("submit", "Save changes")], state,
                            refusal_expected=True)
        if outcome == "acked":
            self.b.log.problem(f"scorecard {card}: a save on revision {form.revision}, already "
                               "superseded, was accepted (the earlier acknowledged edit is lost)")
        elif outcome == "refused":
            with self.ledger.lock:
                self.ledger.stale_refused += 1

    def race(self, card: int) -> None:
        """Two tabs post the same revision at once: at most one may be acknowledged."""
        form = self.open_form(card)
        if form is None:
            return
        attempts = [self.fill(form, card, complete=True) for _ in range(2)]
        outcomes: list[str] = [""] * 2
        pending: list[CardState] = []

        def post(i: int) -> None:
            fields, state = attempts[i]
            response = self.b.request("scorecard race", "POST", f"/scorecards/{card}/edit",
                                      form=[*fields, ("submit", "Save changes")], expect=(200, 302))
            if response.status == 302:
                outcomes[i] = "acked"
                pending.append(state)
            elif response.status == 200 and CONFLICT in response.text:
                outcomes[i] = "refused"
            else:
                outcomes[i] = "error"

        both_at_once(post, [(0,), (1,)])
        for state in pending:
            self.ledger.ack(card, state)
        with self.ledger.lock:
            self.ledger.refused += outcomes.count("refused")
            if sorted(outcomes) == ["acked", "refused"]:
                self.ledger.race_single_winner += 1
        if outcomes.count("acked") > 1:
            self.b.log.problem(f"scorecard {card}: two saves on revision {form.revision} were both "
                               "acknowledged (one of them is lost)")


# --- Candidates --------------------------------------------------------------------------------


class CandidateLedger:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.answers: dict[tuple[int, str, str], str] = {}
        self.saves = self.refused_after_submit = 0
        self.submitted: set[int] = set()

    def ack(self, invitation: int, answers: list[dict]) -> None:
        with self.lock:
            for a in answers:
                self.answers[(invitation, a["exercise"], a["item"])] = a["text"]
            self.saves += 1


class Candidate:
    def __init__(self, browser: Browser, invitation: dict, ledger: CandidateLedger, rng: random.Random,
                 think_mean: float, submit_at: float, max_saves: int):
        self.b, self.invitation, self.ledger, self.rng = browser, invitation, ledger, rng
        self.think, self.submit_at, self.max_saves = think_mean, submit_at, max_saves
        self.base = f"/i/{invitation['token']}"
        self.id: int = invitation["id"]
        self.page_token = ""
        self.items: list[tuple[str, str]] = []

    def run(self) -> None:
        try:
            if not self.open():
                return
            self.first_save_twice()
            saves = 1
            while time.monotonic() < self.submit_at and saves < self.max_saves and self.b.budget.sent \
                    < self.b.budget.max_requests:
                think(self.rng, self.think)
                self.autosave(saves)
                saves += 1
                if saves % 15 == 0:
                    self.reload_and_compare()
            self.submit()
        except Stop:
            pass
        except Exception as err:
            self.b.log.problem(f"invitation {self.id}: the scenario broke ({type(err).__name__}: {err})")

    def open(self) -> bool:
        welcome = self.b.request("invitation", "GET", self.base)
        token = PAGE_TOKEN.search(welcome.text)
        if not token:
            self.b.log.problem(f"invitation {self.id}: no page token on the welcome page")
            return False
        self.page_token = token.group(1)
        think(self.rng, self.think)
        started = self.b.request("start", "POST", f"{self.base}/start", form={"page_token": self.page_token},
                                 expect=(302,))
        if started.status != 302:
            return False
        work = self.b.request("work page", "GET", started.location or f"{self.base}/work")
        self.items = [(e, i) for e, i, _ in ANSWER_FIELD.findall(work.text)]
        if not self.items:
            self.b.log.problem(f"invitation {self.id}: no answer fields on the work page")
            return False
        return True

    def post_answers(self, answers: list[dict], kind: str = "autosave", expect=(200,)) -> int:
        response = self.b.request(kind, "POST", f"{self.base}/answers", json_body={"answers": answers},
                                  headers={"X-Page-Token": self.page_token}, expect=expect)
        if response.status == 200:
            try:
                json.loads(response.text)["saved_at"]
            except (ValueError, KeyError):
                self.b.log.problem(f"invitation {self.id}: a 200 autosave without saved_at")
        return response.status

    def answer(self, item: tuple[str, str], n: int) -> dict:
        return {"exercise": item[0], "item": item[1], "text": text_for(self.rng, f"inv {self.id} {item[1]}", n),
                "active_seconds": 3 * n, "largest_paste": 0}

    def first_save_twice(self) -> None:
        """The same first save from two tabs at once: both create the answer row, one must wait."""
        body = [self.answer(self.items[0], 0)]
        statuses: list[int] = []
        both_at_once(lambda: statuses.append(self.post_answers(body)), [(), ()])
        if 200 in statuses:
            self.ledger.ack(self.id, body)

    def autosave(self, n: int) -> None:
        # What take.js sends: the fields typed in since the last save (one or two).
        body = [self.answer(item, n) for item in self.rng.sample(self.items, self.rng.choice((1, 1, 2)))]
        if self.post_answers(body) == 200:
            self.ledger.ack(self.id, body)

    def reload_and_compare(self) -> None:
        """A reload shows what was last saved: read your own writes."""
        page = self.b.request("work page", "GET", f"{self.base}/work")
        shown = {(e, i): html.unescape(t) for e, i, t in ANSWER_FIELD.findall(page.text)}
        with self.ledger.lock:
            mine = {(e, i): t for (inv, e, i), t in self.ledger.answers.items() if inv == self.id}
        for key, text in mine.items():
            if page.status == 200 and shown.get(key) != text:
                self.b.log.problem(f"invitation {self.id} {key}: the reloaded page shows other text than "
                                   "the last acknowledged save")

    def submit(self) -> None:
        """Submit with a double click (two posts at once, past the "N of M answered — submit anyway?"
        question: `confirm`), each answered by a redirect to the done page (303); then try one more
        save: refused (409)."""
        statuses: list[int] = []

        def post() -> None:
            response = self.b.request("submit", "POST", f"{self.base}/submit",
                                      form={"page_token": self.page_token, "confirm": "1"}, expect=(303,))
            statuses.append(response.status)

        both_at_once(post, [(), ()])
        if 303 in statuses:
            with self.ledger.lock:
                self.ledger.submitted.add(self.id)
            late = [self.answer(self.items[-1], 999)]
            status = self.post_answers(late, kind="save after submit", expect=(409,))
            if status == 200:
                self.ledger.ack(self.id, late)
                self.b.log.problem(f"invitation {self.id}: a save after the submission was accepted")
            elif status == 409:
                with self.ledger.lock:
                    self.ledger.refused_after_submit += 1
            self.b.request("invitation", "GET", self.base, expect=(302,))


# --- Password resets ---------------------------------------------------------------------------


class ResetLedger:
    """Password reset requests per address: posted, and acknowledged (the redirect to sign-in)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.posted: dict[str, int] = {}
        self.acked: dict[str, int] = {}

    def count(self, book: dict[str, int], email: str) -> None:
        with self.lock:
            book[email] = book.get(email, 0) + 1


class Resetter:
    """Someone asking for password reset links, one after another: for a team member's address
    (each acknowledged request queues one email in the outbox, in the request's transaction) and now
    and then for an unknown one (the same answer, no email). The answer must never wait for the mail
    server: the outbox worker sends it."""

    def __init__(self, browser: Browser, accounts: list[str], ledger: ResetLedger, rng: random.Random,
                 think_mean: float):
        self.b, self.accounts, self.ledger, self.rng, self.think = browser, accounts, ledger, rng, think_mean

    def run(self) -> None:
        n = 0
        try:
            while self.b.budget.running:
                n += 1
                known = self.rng.random() < 0.85
                email = self.rng.choice(self.accounts) if known else f"nobody-{id(self)}-{n}@load.example.com"
                self.ask(email, known)
                think(self.rng, self.think)
        except Stop:
            pass
        except Exception as err:
            self.b.log.problem(f"reset requests: the scenario broke ({type(err).__name__}: {err})")

    def ask(self, email: str, known: bool) -> None:
        page = self.b.request("reset page", "GET", "/reset-password")
        token = CSRF.search(page.text)
        if not token:
            self.b.log.problem(f"reset page: no CSRF token (HTTP {page.status})")
            return
        kind = "reset request" if known else "reset request (unknown address)"
        self.ledger.count(self.ledger.posted, email)
        done = self.b.request(kind, "POST", "/reset-password", expect=(302,),
                              form={"csrf_token": token.group(1), "email": email})
        if done.status == 302 and "/login" in done.location:
            self.ledger.count(self.ledger.acked, email)
        elif done.status == 302:
            self.b.log.problem(f"reset request: redirected to {done.location}, not to sign-in")
