"""Load test: `make load`. Prints a table and JSON per database; exits 1 when a check fails.

For SQLite (a throw-away file) and then PostgreSQL (the database `load`, its schema rebuilt):

1. starts an SMTP sink of its own (aiosmtpd, `bench/load_mail.py`) on a free loopback port, plain
   SMTP, and points the app at it (`MAIL_SERVER`, `MAIL_PORT`, `MAIL_SECURITY=none`);
2. builds the schema (`flask --app hiring init-db`) and seeds it through the project's operations
   (`bench/load_seed.py`): one opening, 50 interviewers with 3 scorecards each over 60 candidates
   (each request for a scorecard queues an email), 50 more candidates invited to two exercises;
3. starts gunicorn with 4 workers on 127.0.0.1 (a free port), rate limits in Redis, the sign-in
   limit raised for the run, and beside it the outbox workers (`flask --app hiring worker`: one on
   SQLite, two on PostgreSQL, where they share the queue with `FOR UPDATE SKIP LOCKED`);
4. runs 50 raters, 50 candidates and 3 people asking for password reset links for 60 s
   (`bench/load_client.py`, loopback only, bounded by time and by request counts). Raters sign in
   through the form, save drafts, submit, edit, re-post a stale revision (must be refused) and post
   one revision from two tabs at once (at most one acknowledged). Candidates open their link, start,
   autosave (the first save from two tabs at once), reload, submit with a double click and try one
   more save (must be refused). Starting and submitting tell the opening's manager by email, and
   each reset request for a team member's address queues one, all through the outbox;
5. meanwhile kills the run's own Redis for `--redis-outage` seconds (20) from `--redis-outage-at`
   (a third of the way in), signs a rater in every second while it is down (each must get in:
   limits fall back to each worker's memory), restarts Redis and checks that rate limits are kept
   in it again; and takes the mail server down (connections refused) for `--smtp-outage` seconds
   (15) from `--smtp-outage-at` (a quarter of the way in), then makes it slow (each message held
   `--smtp-delay` to twice that, 1–2 s) from half-way to 90 % of the run;
6. stops the outbox workers (SIGTERM: each finishes the message it is sending) and gunicorn (their
   whole process groups, whatever happened), then drains the outbox: `flask worker --once` until
   nothing is queued, waiting out the retry backoff of the messages the outage turned away (at
   most `--drain-timeout` s);
7. checks the database against every acknowledged write, the server log and the responses; and
   the email: every queued message received by the sink exactly once (matched by its Message-ID,
   which the worker derives from the outbox row), none left queued, sending, unknown or failed, one
   message per action that causes one, the messages refused during the outage sent after it, every
   SMTP connection made by an outbox worker process and none by gunicorn (the client socket's owner
   read from /proc), and the requests that queue mail no slower than the other writes while the
   mail server was slow.

Options: `python bench/load.py --help` (e.g. `--seconds 20 --databases sqlite` for a quick run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import DateTime, create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))
from load_client import (
    CSRF,
    Browser,
    Budget,
    Candidate,
    CandidateLedger,
    Log,
    Rater,
    RaterLedger,
    ResetLedger,
    Resetter,
    require_loopback,
)
from load_mail import UNIDENTIFIED, MailSink, MailWeather, Workers, phase_at

from hiring.outbox.worker import message_id_for
from hiring.timeutil import utcnow

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/load"
#: Kinds of request in the order the table shows them.
KINDS = ["login page", "sign in", "page", "scorecard form", "scorecard draft", "scorecard submit", "scorecard edit",
         "scorecard stale", "scorecard race", "invitation", "start", "work page", "autosave", "submit",
         "save after submit", "reset page", "reset request", "reset request (unknown address)"]
#: The requests that queue an email (to the opening's manager, to the account's owner).
MAIL_KINDS = ("start", "submit", "reset request")
#: The other writes (POST, one transaction each), which they are compared with.
OTHER_WRITES = ("scorecard draft", "scorecard submit", "scorecard edit", "scorecard stale", "scorecard race",
                "autosave", "save after submit", "reset request (unknown address)")
SECRET_KEY = "load-test-secret-key-not-for-production"
MAIL_SENDER = "hiring@load.example.com"
#: gunicorn's access log: status, method, path, seconds in the worker, and the client's X-Load-Id.
ACCESS_FORMAT = "access %(s)s %(m)s %(U)s %(L)s %({x-load-id}i)s"
SERVER_ERRORS = ("database is locked", "Traceback (most recent call last)", "Exception on ")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Load test against gunicorn on SQLite and PostgreSQL.")
    p.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    p.add_argument("--seconds", type=float, default=60.0, help="how long the raters and candidates work")
    p.add_argument("--raters", type=int, default=50)
    p.add_argument("--per-rater", type=int, default=3, help="scorecards assigned to each rater")
    p.add_argument("--candidates", type=int, default=60, help="candidates the raters score")
    p.add_argument("--invitations", type=int, default=50, help="candidates taking the exercises")
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    p.add_argument("--rater-think", type=float, default=0.3, help="mean pause between a rater's steps, s")
    p.add_argument("--candidate-think", type=float, default=0.6, help="mean pause between autosaves, s")
    p.add_argument("--max-requests", type=int, default=200_000, help="requests in all, per database")
    p.add_argument("--max-per-user", type=int, default=5_000, help="requests per virtual user")
    p.add_argument("--max-saves", type=int, default=500, help="autosaves per candidate")
    p.add_argument("--pg-url", default=PG_URL, help="the PostgreSQL database to (re)build and load")
    p.add_argument("--redis-url", help="an existing Redis to use (then no outage is staged); default: the run "
                   "starts a Redis of its own on a free port")
    p.add_argument("--redis-outage", type=float, default=20.0, help="seconds the run's own Redis is down (0: none)")
    p.add_argument("--redis-outage-at", type=float, default=1 / 3, help="when it goes down, as a share of --seconds")
    p.add_argument("--resetters", type=int, default=3, help="people asking for password reset links")
    p.add_argument("--reset-think", type=float, default=0.5, help="mean pause between their requests, s")
    p.add_argument("--mail-workers", type=int, help="outbox workers (`flask worker`) beside gunicorn; "
                   "default: 1 on SQLite, 2 on PostgreSQL")
    p.add_argument("--smtp-delay", type=float, default=1.0, help="while the mail server is slow it holds each "
                   "message's DATA D to 2D s (0: never slow)")
    p.add_argument("--smtp-slow-from", type=float, default=0.5, help="when it turns slow, as a share of --seconds")
    p.add_argument("--smtp-slow-until", type=float, default=0.9, help="when it is fast again, as a share")
    p.add_argument("--smtp-outage", type=float, default=15.0, help="seconds the mail server refuses connections "
                   "(0: none)")
    p.add_argument("--smtp-outage-at", type=float, default=0.25, help="when it goes down, as a share of --seconds")
    p.add_argument("--drain-timeout", type=float, default=180.0, help="the longest the drain after the load "
                   "(`flask worker --once` until nothing is queued, waiting out retry backoffs) may take, s")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--json", type=Path, help="also write the JSON figures to this file")
    p.add_argument("--keep", action="store_true", help="keep the work folder (logs, SQLite file)")
    return p.parse_args(argv)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def base_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("GUNICORN_CMD_ARGS", "WEB_CONCURRENCY", "HIRING_ENV", "FLASK_APP")}
    env.update(DATABASE_URL=url, SECRET_KEY=SECRET_KEY, PYTHONPATH=str(ROOT))
    return env


def run(cmd: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("a") as out:
        done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (exit {done.returncode}); see {log}")


def reset_postgres(url: str) -> None:
    """Create the database if needed and drop its schema: init-db builds it from nothing."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    server, _, name = plain.rpartition("/")
    if name in ("test", "postgres"):
        raise SystemExit(f"refusing to rebuild the {name!r} database: use a database of its own")
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
                conn.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
    except psycopg.Error as err:
        raise SystemExit(f"PostgreSQL at {server}: {err}") from None


def prepare(url: str, env: dict[str, str], args: argparse.Namespace, work: Path) -> dict:
    log = work / "prepare.log"
    run([str(BIN / "flask"), "--app", "hiring", "init-db"], env, log)
    manifest = work / "manifest.json"
    run([str(BIN / "python"), str(ROOT / "bench" / "load_seed.py"), str(manifest), "--raters", str(args.raters),
         "--candidates", str(args.candidates), "--invitations", str(args.invitations),
         "--per-rater", str(args.per_rater)], env, log)
    return json.loads(manifest.read_text())


@contextmanager
def gunicorn(env: dict[str, str], workers: int, log: Path, sink: MailSink | None = None):
    """gunicorn in its own process group; the whole group is stopped on the way out, always. The
    group is registered with the mail sink, which tells its connections from the outbox workers'."""
    port = free_port()
    cmd = [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"{require_loopback(HOST)}:{port}",
           "--timeout", "60", "--graceful-timeout", "10", "--no-control-socket", "--error-logfile", "-",
           "--access-logfile", "-", "--access-logformat", ACCESS_FORMAT, "hiring:create_app()"]
    out = log.open("w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    if sink is not None:
        sink.groups[proc.pid] = "gunicorn"
    try:
        wait_ready(proc, port)
        yield port
    finally:
        stop_group(proc)
        out.close()


def wait_ready(proc: subprocess.Popen, port: int, timeout: float = 90.0) -> None:
    import http.client

    give_up = time.monotonic() + timeout
    while time.monotonic() < give_up:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode} before serving")
        conn = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            conn.request("GET", "/login")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port} within {timeout:.0f} s")


def stop_group(proc: subprocess.Popen) -> None:
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            # The master is gone; make sure no worker outlived it.
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue
        return


class RedisServer:
    """A redis-server of the run's own, on a free loopback port: started, killed, started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server is not on PATH: install redis-server, or pass --redis-url")
        self.proc = subprocess.Popen([binary, "--port", str(self.port), "--bind", HOST, "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        give_up = time.monotonic() + 10
        while time.monotonic() < give_up:
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise SystemExit(f"redis-server did not listen on {HOST}:{self.port}")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)

    def keys(self, pattern: str) -> list[str]:
        import redis

        return [k.decode() for k in redis.Redis(host=HOST, port=self.port).keys(pattern)]


class Outage:
    """Redis down for a while in the middle of the run: sign-ins must keep working (per worker
    limits), and once Redis is back the limits must be kept in it again."""

    def __init__(self, redis: RedisServer, port: int, manifest: dict, log: Log, budget: Budget,
                 at: float, seconds: float) -> None:
        self.redis, self.port, self.manifest, self.log, self.budget = redis, port, manifest, log, budget
        self.at, self.seconds = at, seconds
        self.sign_ins: list[int] = []  # statuses of the sign-ins while Redis was down
        self.limits_back = False

    def sign_in(self, n: int, kind: str) -> int:
        account = self.manifest["raters"][n % len(self.manifest["raters"])]
        browser = Browser(HOST, self.port, self.log, self.budget)
        page = browser.request(f"{kind} page", "GET", "/login")
        token = CSRF.search(page.text)
        if not token:
            self.log.problem(f"{kind}: no CSRF token on the login page (HTTP {page.status})")
            return page.status
        done = browser.request(kind, "POST", "/login", expect=(302,), form={
            "csrf_token": token.group(1), "email": account["email"], "password": account["password"]})
        if done.status == 302 and "/login" in done.location:
            self.log.problem(f"{kind}: {account['email']} was sent back to the login page")
        return done.status

    def run(self) -> None:
        time.sleep(max(0.0, self.at - time.monotonic()))
        self.redis.kill()
        down_until, n = time.monotonic() + self.seconds, 0
        try:
            while time.monotonic() < down_until:
                self.sign_ins.append(self.sign_in(n, "sign in (Redis down)"))
                n += 1
                time.sleep(max(0.0, min(1.0, down_until - time.monotonic())))
        finally:
            self.redis.start()
        for attempt in range(40):  # the limiter tries Redis again on its own, backing off up to ~32 s
            time.sleep(1.0)
            self.sign_in(n + attempt, "sign in (Redis back)")
            if any("LIMIT" in key.upper() for key in self.redis.keys("*")):
                self.limits_back = True
                return


def generate(port: int, manifest: dict, args: argparse.Namespace, redis: RedisServer | None = None,
             sink: MailSink | None = None) -> tuple[Log, RaterLedger, CandidateLedger, ResetLedger, dict]:
    log, raters, candidates, resets = Log(), RaterLedger(), CandidateLedger(), ResetLedger()
    start = time.monotonic()
    budget = Budget(deadline=start + args.seconds, hard_stop=start + args.seconds + 30,
                    max_requests=args.max_requests, max_per_user=args.max_per_user)
    rng = random.Random(args.seed)
    users = []
    for account in manifest["raters"]:
        users.append(Rater(Browser(HOST, port, log, budget), account, raters, random.Random(rng.random()),
                           args.rater_think))
    for invitation in manifest["invitations"]:
        submit_at = start + args.seconds * rng.uniform(0.55, 0.92)
        users.append(Candidate(Browser(HOST, port, log, budget), invitation, candidates,
                               random.Random(rng.random()), args.candidate_think, submit_at, args.max_saves))
    accounts = [r["email"] for r in manifest["raters"]]
    for _ in range(args.resetters):
        users.append(Resetter(Browser(HOST, port, log, budget), accounts, resets, random.Random(rng.random()),
                              args.reset_think))
    if sink is not None:
        users.append(mail_weather(sink, start, args))
    outage = None
    if redis is not None and args.redis_outage > 0:
        outage = Outage(redis, port, manifest, log, budget, start + args.seconds * args.redis_outage_at,
                        args.redis_outage)
        users.append(outage)
    threads = [threading.Thread(target=u.run, daemon=True, name=type(u).__name__) for u in users]
    for t in threads:
        t.start()
        time.sleep(0.01)  # people arrive over half a second, not in one instant
    for t in threads:
        t.join(timeout=max(0.0, budget.hard_stop + 35 - time.monotonic()))
    elapsed = time.monotonic() - start
    stuck = sum(t.is_alive() for t in threads)
    if stuck:
        log.problem(f"{stuck} virtual users were still waiting for the server after the hard stop")
    info = {"elapsed_s": elapsed, "stuck_users": stuck, "requests_sent": budget.sent}
    if outage is not None:
        info["outage"] = {"seconds": args.redis_outage, "sign_ins": outage.sign_ins,
                          "limits_back_in_redis": outage.limits_back}
    return log, raters, candidates, resets, info


def mail_weather(sink: MailSink, start: float, args: argparse.Namespace) -> MailWeather:
    """The mail server's run: down for --smtp-outage s from --smtp-outage-at, then slow from
    --smtp-slow-from to --smtp-slow-until (not before the outage ends, never past the end of the run)."""
    end = start + args.seconds
    down = None
    if args.smtp_outage > 0:
        at = start + args.seconds * args.smtp_outage_at
        down = (at, min(end, at + args.smtp_outage))
    slow = None
    if args.smtp_delay > 0:
        slow_from = max(start + args.seconds * args.smtp_slow_from, down[1] if down else start)
        slow_until = max(slow_from, start + args.seconds * args.smtp_slow_until)
        slow = (slow_from, min(end, slow_until))
    return MailWeather(sink, down, slow, (args.smtp_delay, 2 * args.smtp_delay))


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))] if ordered else 0.0


def figures(log: Log, elapsed: float) -> dict:
    kinds: dict[str, dict] = {}
    for kind in KINDS + sorted({r.kind for r in log.requests} - set(KINDS)):
        rows = [(r.status, r.ms) for r in log.requests if r.kind == kind]
        if not rows:
            continue
        statuses: dict[str, int] = {}
        for s, _ in rows:
            statuses[str(s)] = statuses.get(str(s), 0) + 1
        latencies = [ms for _, ms in rows]
        kinds[kind] = {"count": len(rows), "p50_ms": round(percentile(latencies, 0.5), 1),
                       "p95_ms": round(percentile(latencies, 0.95), 1), "statuses": statuses}
    total = len(log.requests)
    all_ms = [r.ms for r in log.requests]
    return {"requests": total, "seconds": round(elapsed, 1), "requests_per_s": round(total / elapsed, 1),
            "p50_ms": round(percentile(all_ms, 0.5), 1), "p95_ms": round(percentile(all_ms, 0.95), 1),
            "by_kind": kinds}


def check_outage(checks: dict, outage: dict | None) -> None:
    if outage is None:
        return
    statuses = outage["sign_ins"]
    refused = [s for s in statuses if s != 302]
    checks["Redis outage: every sign-in got in"] = {
        "ok": len(statuses) >= 3 and not refused,  # one after another: how many depends on the machine
        "detail": f"{len(statuses)} sign-ins in {outage['seconds']:.0f} s without Redis"
                  + (f"; refused or failed: {refused}" if refused else "")}
    checks["Redis back: rate limits kept in it again"] = {
        "ok": outage["limits_back_in_redis"],
        "detail": "limiter keys in Redis after it restarted" if outage["limits_back_in_redis"]
        else "no limiter key in Redis within 40 s of its restart"}


def check(url: str, manifest: dict, log: Log, raters: RaterLedger, candidates: CandidateLedger,
          server_log: Path) -> dict[str, dict]:
    """Every check: {name: {"ok": bool, "detail": str}}."""
    checks: dict[str, dict] = {}

    def verdict(name: str, problems: list[str], detail: str = "") -> None:
        shown = "; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")
        checks[name] = {"ok": not problems, "detail": shown or detail}

    engine = create_engine(url)
    try:
        with engine.connect() as db:
            cards = {row.id: row for row in db.execute(text(
                "SELECT id, revision, status, recommendation, summary FROM scorecards"))}
            stored: dict[int, dict] = {}
            for row in db.execute(text("SELECT scorecard_id, criterion, value, note FROM ratings")):
                stored.setdefault(row.scorecard_id, {})[row.criterion] = (row.value, row.note)
            answers = {(r.invitation_id, r.exercise_key, r.item_key): r.text for r in db.execute(text(
                "SELECT invitation_id, exercise_key, item_key, text FROM answers"))}
            submitted_at = dict(db.execute(text("SELECT id, submitted_at FROM invitations")).all())
            audit = {}
            for row in db.execute(text(
                    "SELECT action, target_id, count(*) AS n FROM audit_events WHERE action IN "
                    "('invitation.submit', 'scorecard.submit') GROUP BY action, target_id")):
                audit[(row.action, row.target_id)] = row.n
            duplicate_cards = db.execute(text(
                "SELECT candidate_id, stage_id, rater_id, count(*) FROM scorecards WHERE invitation_id IS NULL "
                "GROUP BY candidate_id, stage_id, rater_id HAVING count(*) > 1")).all()
            duplicate_answers = db.execute(text(
                "SELECT invitation_id, exercise_key, item_key, count(*) FROM answers "
                "GROUP BY invitation_id, exercise_key, item_key HAVING count(*) > 1")).all()
    finally:
        engine.dispose()

    lost = []
    for card, want in raters.cards.items():
        row = cards.get(card)
        if row is None:
            lost.append(f"scorecard {card} is missing")
            continue
        got = {k: (v, n) for k, (v, n) in stored.get(card, {}).items() if k in want.ratings}
        if got != want.ratings:
            lost.append(f"scorecard {card}: ratings differ from the last acknowledged save")
        if (row.recommendation, row.summary) != (want.recommendation, want.summary):
            lost.append(f"scorecard {card}: recommendation/summary differ from the last acknowledged save")
        if row.revision != want.revision:
            lost.append(f"scorecard {card}: revision {row.revision}, last acknowledged {want.revision}")
        if want.submitted and row.status != "submitted":
            lost.append(f"scorecard {card}: acknowledged as submitted, stored as {row.status}")
    verdict("scorecards: every acknowledged save stored", lost,
            f"{len(raters.cards)} scorecards, {raters.acked} acknowledged saves")

    lost = [f"answer {key}: stored {answers.get(key)!r:.40}, acknowledged {want!r:.40}"
            for key, want in candidates.answers.items() if answers.get(key) != want]
    verdict("answers: last acknowledged text stored", lost,
            f"{len(candidates.answers)} answers, {candidates.saves} acknowledged saves")

    wrong = [f"invitation {i}: acknowledged submit, not submitted" for i in candidates.submitted
             if submitted_at.get(i) is None]
    wrong += [f"invitation {t}: {n} submissions" for (a, t), n in audit.items() if a == "invitation.submit" and n > 1]
    wrong += [f"invitation {i}: submitted without an acknowledged submit" for i, at in submitted_at.items()
              if at is not None and i not in candidates.submitted]
    verdict("submissions: one per invitation", wrong,
            f"{len(candidates.submitted)} of {len(manifest['invitations'])} invitations submitted")

    wrong = [f"scorecard {t}: submitted {n} times" for (a, t), n in audit.items() if a == "scorecard.submit" and n > 1]
    wrong += [f"(candidate, stage, rater) {tuple(r[:3])}: {r[3]} scorecards" for r in duplicate_cards]
    wrong += [f"answer {tuple(r[:3])}: {r[3]} rows" for r in duplicate_answers]
    verdict("no duplicates (scorecards, submissions, answers)", wrong)

    expected_cards = sum(len(r["scorecards"]) for r in manifest["raters"])
    unfinished = [f"{expected_cards - len(raters.submitted)} scorecards never submitted"] \
        if len(raters.submitted) < expected_cards else []
    unfinished += [f"{len(manifest['invitations']) - len(candidates.submitted)} invitations never submitted"] \
        if len(candidates.submitted) < len(manifest["invitations"]) else []
    verdict("every rater and candidate finished", unfinished,
            f"{len(raters.submitted)} scorecards and {len(candidates.submitted)} invitations submitted")

    server = server_log.read_text(errors="replace")
    found = [f"{needle!r} ×{server.count(needle)}" for needle in SERVER_ERRORS if needle in server]
    verdict("server log: no 'database is locked', no tracebacks", found)

    five = [f"{r.kind} HTTP {r.status}" for r in log.requests if r.status >= 500]
    five += [f"access log: {line.strip()}" for line in server.splitlines()
             if line.startswith("access 5")]
    verdict("no 5xx responses", five)

    verdict("responses as expected (statuses, refusals, read-your-writes)", log.problems,
            f"{raters.stale_refused} stale saves and {raters.refused} conflicts refused, "
            f"{raters.race_single_winner} two-tab races with one winner, "
            f"{candidates.refused_after_submit} saves after submit refused")
    return checks


# --- Email -----------------------------------------------------------------------------------------


def outbox_rows(engine) -> list:
    with engine.connect() as db:
        return db.execute(text(
            "SELECT id, kind, to_address, status, attempts, next_attempt_at, created_at, sent_at FROM outbox_messages"
        ).columns(next_attempt_at=DateTime(), created_at=DateTime(), sent_at=DateTime())).all()


def drain(url: str, workers: Workers, count: int, timeout: float) -> dict:
    """After the load: `flask worker --once` (`count` at a time) until nothing is queued, waiting out
    the retry backoff of messages the outage turned away; at most `timeout` s."""
    engine = create_engine(url)
    started = time.monotonic()
    give_up, rounds, waited = started + timeout, 0, 0.0
    try:
        while True:
            queued = [r for r in outbox_rows(engine) if r.status == "queued"]
            remaining = give_up - time.monotonic()
            if not queued or remaining <= 0:
                break
            now = utcnow()
            if any(r.next_attempt_at <= now for r in queued):
                procs = [workers.spawn("drain", "--once") for _ in range(count)]
                for proc in procs:
                    with suppress(subprocess.TimeoutExpired):  # stopped with the others below
                        proc.wait(timeout=max(1.0, give_up - time.monotonic()))
                rounds += 1
            else:  # everything left waits for its next attempt (the backoff after a refusal)
                soonest = min(r.next_attempt_at for r in queued)
                pause = min(remaining, max(0.2, (soonest - now).total_seconds() + 0.2))
                time.sleep(pause)
                waited += pause
    finally:
        engine.dispose()
        workers.stop()
    return {"seconds": round(time.monotonic() - started, 1), "rounds": rounds,
            "waited_for_backoff_s": round(waited, 1)}


def server_times(server_log: Path) -> dict[str, float]:
    """Milliseconds each request spent in a gunicorn worker, by its X-Load-Id (the access log)."""
    times = {}
    for line in server_log.read_text(errors="replace").splitlines():
        fields = line.split()
        if len(fields) == 6 and fields[0] == "access" and fields[5] != "-":
            with suppress(ValueError):
                times[fields[5]] = float(fields[4]) * 1000
    return times


def both_latencies(row: dict[str, list[float]]) -> dict:
    """As the client saw it, and in the worker (`server_` keys)."""
    return {**latency(row["client"]), **{f"server_{k}": v for k, v in latency(row["server"]).items()
                                         if k != "count"}}


def latency(rows: list[float]) -> dict:
    return {"count": len(rows), "p50_ms": round(percentile(rows, 0.5), 1), "p95_ms": round(percentile(rows, 0.95), 1),
            "max_ms": round(max(rows), 1) if rows else 0.0}


def check_mail(url: str, manifest: dict, log: Log, resets: ResetLedger, sink: MailSink, workers: list[Workers],
               args: argparse.Namespace, start: float, start_wall, server_log: Path) -> tuple[dict[str, dict], dict]:
    """The email checks, and the figures for the table and the JSON."""
    checks: dict[str, dict] = {}
    engine = create_engine(url)
    try:
        rows = outbox_rows(engine)
        with engine.connect() as db:
            started = db.execute(text("SELECT count(*) FROM invitations WHERE started_at IS NOT NULL")).scalar()
            submitted = db.execute(text("SELECT count(*) FROM invitations WHERE submitted_at IS NOT NULL")).scalar()
    finally:
        engine.dispose()
    config = {"SECRET_KEY": SECRET_KEY, "MAIL_SENDER": MAIL_SENDER}
    queued = [r for r in rows if r.status != "not_sent"]
    expected = {message_id_for(config, SimpleNamespace(id=r.id, created_at=r.created_at)): r for r in queued}
    with sink.lock:
        received = list(sink.received)
    copies = Counter(m.message_id for m in received)
    duplicates = {mid: n for mid, n in copies.items() if n > 1}
    missing = [r for mid, r in expected.items() if mid not in copies]
    strays = [mid for mid in copies if mid not in expected]
    statuses = Counter(r.status for r in queued)
    by_kind = Counter(r.kind for r in queued)
    senders = Counter(m.sender for m in received)

    # 1. Every message a request or the seed queued reached the sink exactly once.
    problems = [f"{n} copies of outbox message {expected[mid].id} ({expected[mid].kind})" if mid in expected
                else f"{n} copies of {mid}" for mid, n in duplicates.items()]
    problems += [f"outbox message {r.id} ({r.kind}, {r.status}) never arrived" for r in missing]
    problems += [f"{len(strays)} messages arrived that no outbox row accounts for"] if strays else []
    checks["email: every queued message received exactly once (Message-ID)"] = verdict(
        problems, f"{len(queued)} queued, {len(copies)} received, 0 duplicates, 0 missing")

    # 2. Nothing left behind after the drain; the workers stopped cleanly.
    left = {status: n for status, n in statuses.items() if status != "sent"}
    problems = [f"{n} {status}" for status, n in sorted(left.items())]
    checks["email: none left queued, sending, unknown or failed after the drain"] = verdict(
        problems, f"{statuses.get('sent', 0)} of {len(queued)} sent")
    exits = [(name, code) for group in workers for name, code in group.exits]
    problems = [f"{name} exited with {code}" for name, code in exits if code != 0]
    errors = []
    for group in workers:
        for path in dict.fromkeys(group.logs):
            found = path.read_text(errors="replace") if path.exists() else ""
            errors += [f"{path.name}: {needle!r} ×{found.count(needle)}"
                       for needle in (*SERVER_ERRORS, "round failed") if needle in found]
    checks["email: outbox workers stopped cleanly (SIGTERM), no errors in their logs"] = verdict(
        problems + errors, f"{len(exits)} worker processes, each exit 0")

    # 3. No request talks SMTP: every connection's client socket belongs to an outbox worker.
    foreign = {who: n for who, n in senders.items() if not who.startswith(("worker", "drain"))}
    problems = [f"{n} from {who}" for who, n in sorted(foreign.items())]
    if UNIDENTIFIED in foreign:
        problems.append("(the sender is read from /proc/net/tcp and /proc/PID/fd: Linux only)")
    checks["email: no request talks SMTP (the process behind each connection)"] = verdict(
        problems if received else ["no message reached the mail server"],
        f"{len(received)} messages over SMTP: " + ", ".join(f"{who} ×{n}" for who, n in sorted(senders.items()))
        + "; none from gunicorn")

    # 4. One message per action that causes one, queued with it (a double-click submit queues one).
    want = {"notice:scorecard_requested": sum(len(r["scorecards"]) for r in manifest["raters"]),
            "notice:exercises_started": started, "notice:exercises_submitted": submitted}
    problems = [f"{kind}: {by_kind.get(kind, 0)} queued for {n} actions" for kind, n in want.items()
                if by_kind.get(kind, 0) != n]
    problems += [f"{n} × {kind}: not caused by the load" for kind, n in by_kind.items()
                 if kind not in want and kind != "password_reset"]
    resets_to = Counter(r.to_address for r in queued if r.kind == "password_reset")
    with resets.lock:
        posted, acked = dict(resets.posted), dict(resets.acked)
    accounts = {r["email"] for r in manifest["raters"]}
    for email in sorted(set(posted) | set(resets_to)):
        # A request without an answer (none expected) may or may not have queued its email.
        low, high = (acked.get(email, 0), posted.get(email, 0)) if email in accounts else (0, 0)
        got = resets_to.get(email, 0)
        if not low <= got <= high:
            problems.append(f"{email}: {got} reset emails queued for {acked.get(email, 0)} acknowledged requests")
    checks["email: one message queued per action (scorecard requests, starts, submits, resets)"] = verdict(
        problems, ", ".join(f"{kind} {n}" for kind, n in sorted(by_kind.items())))

    # 5. The requests that queue mail never wait for it: while the server held each message D to 2D
    #    s, the time each of them spent in a gunicorn worker (its access log, joined to the client's
    #    record by X-Load-Id: no queueing before a worker takes it, so a busy machine hardly moves it)
    #    had a median below D. A request that sent its mail itself would spend at least D there,
    #    every time.
    phases = sink.phases
    in_worker = server_times(server_log)
    latencies: dict[str, dict[str, dict[str, list[float]]]] = {kind: {} for kind in MAIL_KINDS}
    others: dict[str, list[float]] = {"client": [], "server": []}
    for r in log.requests:
        phase = phase_at(phases, r.at)
        if r.kind in MAIL_KINDS:
            row = latencies[r.kind].setdefault(phase, {"client": [], "server": []})
        elif phase == "slow" and r.kind in OTHER_WRITES:
            row = others
        else:
            continue
        row["client"].append(r.ms)
        if r.rid in in_worker:
            row["server"].append(in_worker[r.rid])
    held = [m.held_s for m in received if m.held_s > 0]
    if args.smtp_delay > 0:
        least = args.smtp_delay * 1000
        mine = {kind: latency(latencies[kind].get("slow", {}).get("server", [])) for kind in MAIL_KINDS}
        judged = {kind: row for kind, row in mine.items() if row["count"] >= 3}  # a median of 3 at least
        problems = []
        if sum(row["count"] for row in judged.values()) < 5:
            problems.append(f"only {sum(row['count'] for row in mine.values())} requests queued mail while the "
                            "mail server was slow: too few to tell")
        if not held:
            problems.append("the mail server was never slow for a message (nothing was sent meanwhile)")
        problems += [f"{kind}: median {row['p50_ms']:.0f} ms in the worker, not below the least hold {least:.0f} ms"
                     for kind, row in judged.items() if row["p50_ms"] >= least]
        theirs = latency(others["server"])
        checks["email: requests that queue mail do not wait for the slow mail server"] = verdict(
            problems, f"while it held {len(held)} messages {min(held, default=0):.1f}–{max(held, default=0):.1f} s "
            "each, in a gunicorn worker: " + ", ".join(
                f"{kind} ×{row['count']} p50 {row['p50_ms']:.0f} ms (p95 {row['p95_ms']:.0f}, max {row['max_ms']:.0f})"
                for kind, row in mine.items() if row["count"])
            + f"; the other {theirs['count']} writes p50 {theirs['p50_ms']:.0f} ms (p95 {theirs['p95_ms']:.0f})")

    # 6. The outage: messages turned away while the server was down went out after it (once).
    retried = [r for r in queued if r.attempts > 1]
    if args.smtp_outage > 0:
        problems = [] if retried else ["no message was tried while the mail server was down"]
        problems += [f"outbox message {r.id} tried {r.attempts} times: {r.status}" for r in retried
                     if r.status != "sent"]
        checks["email: messages refused while the mail server was down went out after it"] = verdict(
            problems, f"{len(retried)} messages refused, all sent later, each once")

    waits = []  # from queued to received, for the messages the load queued (not the seed's)
    for m in received:
        row = expected.get(m.message_id)
        if row is not None and row.created_at >= start_wall:
            waits.append((m.wall - row.created_at).total_seconds())
    info = {
        "queued": len(queued), "by_kind": dict(sorted(by_kind.items())), "statuses": dict(statuses),
        "received": len(received), "unique_received": len(copies),
        "duplicates": sum(n - 1 for n in duplicates.values()),
        "missing": len(missing), "strays": len(strays), "retried_after_refusal": len(retried),
        "senders": dict(sorted(senders.items())),
        "queued_to_received_s": {"p50": round(percentile(waits, 0.5), 1), "p95": round(percentile(waits, 0.95), 1),
                                 "max": round(max(waits, default=0.0), 1)},
        "sink": {"delay_s": [args.smtp_delay, 2 * args.smtp_delay] if args.smtp_delay > 0 else None,
                 "held_messages": len(held),
                 **{name: [round(a - start, 1), round(b - start, 1)] for name, a, b in phases}},
        "latency": {kind: {phase: both_latencies(row) for phase, row in sorted(by_phase.items())}
                    for kind, by_phase in latencies.items()},
        "other_writes_while_slow": both_latencies(others),
    }
    return checks, info


def verdict(problems: list[str], detail: str = "") -> dict:
    shown = "; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")
    return {"ok": not problems, "detail": shown or detail}



def load_one(name: str, args: argparse.Namespace, work: Path) -> dict:
    if name == "sqlite":
        url = f"sqlite:///{work / 'load.sqlite3'}"
    elif name == "postgresql":
        url = args.pg_url
        reset_postgres(url)
    else:
        raise SystemExit(f"unknown database {name!r}")
    env = base_env(url)
    # The mail server first: the seed's scorecard requests are queued for it too.
    sink = MailSink(HOST, args.seed)
    sink.start()
    env.update(MAIL_SERVER=HOST, MAIL_PORT=str(sink.port), MAIL_SECURITY="none", MAIL_SENDER=MAIL_SENDER)
    mail_workers = args.mail_workers or (2 if name == "postgresql" else 1)
    flask = [str(BIN / "flask"), "--app", "hiring", "worker"]
    workers, drainers = Workers(flask, env, ROOT, work, sink), Workers(flask, env, ROOT, work, sink)
    redis = None
    try:
        print(f"[{name}] building and seeding the database …", flush=True)
        started = time.monotonic()
        manifest = prepare(url, env, args, work)
        prepared = time.monotonic() - started
        if args.redis_url is None:
            redis = RedisServer()
            redis.start()
        env.update(REDIS_URL=args.redis_url or redis.url, LOGIN_RATE_LIMIT="100000 per minute")
        server_log = work / "gunicorn.log"
        print(f"[{name}] seeded in {prepared:.0f} s; starting gunicorn ({args.workers} workers), {mail_workers} "
              f"outbox worker(s), {len(manifest['raters'])} raters + {len(manifest['invitations'])} candidates + "
              f"{args.resetters} reset requesters for {args.seconds:.0f} s …", flush=True)
        server_before, client_before = cpu(resource.RUSAGE_CHILDREN), cpu(resource.RUSAGE_SELF)
        with gunicorn(env, args.workers, server_log, sink) as port, \
                workers.running([f"worker {n + 1}" for n in range(mail_workers)], "--interval", "1"):
            run_start, run_start_wall = time.monotonic(), utcnow()
            log, raters, candidates, resets, run_info = generate(port, manifest, args, redis, sink)
            client_cpu, load_average = cpu(resource.RUSAGE_SELF) - client_before, os.getloadavg()[0]
        if redis is not None:
            redis.kill()
        print(f"[{name}] load done; draining the outbox (`flask worker --once`) …", flush=True)
        drained = drain(url, drainers, mail_workers, args.drain_timeout)
    finally:
        if redis is not None:
            redis.kill()
        workers.stop()
        drainers.stop()
        sink.close()
    result = figures(log, run_info["elapsed_s"])
    result["database"] = name
    # The machine: gunicorn's CPU time (master and workers, and the outbox workers'), the generator's,
    # and the load average at the end (above 2 on 2 cores means something else wanted the CPU too).
    result["cpu"] = {"server_s": round(cpu(resource.RUSAGE_CHILDREN) - server_before, 1),
                     "generator_s": round(client_cpu, 1), "load_average_1m": round(load_average, 2),
                     "cores": os.cpu_count()}
    result["acknowledged"] = {"scorecard_saves": raters.acked, "scorecard_refusals": raters.refused,
                              "stale_refused": raters.stale_refused, "races_one_winner": raters.race_single_winner,
                              "answer_saves": candidates.saves, "answers": len(candidates.answers),
                              "invitations_submitted": len(candidates.submitted),
                              "scorecards_submitted": len(raters.submitted),
                              "saves_after_submit_refused": candidates.refused_after_submit,
                              "reset_requests": sum(resets.acked.values())}
    result["checks"] = check(url, manifest, log, raters, candidates, server_log)
    check_outage(result["checks"], run_info.get("outage"))
    mail_checks, result["mail"] = check_mail(url, manifest, log, resets, sink, [workers, drainers], args, run_start,
                                              run_start_wall, server_log)
    result["mail"]["workers"] = mail_workers
    result["mail"]["drain"] = drained
    result["checks"].update(mail_checks)
    result["ok"] = all(c["ok"] for c in result["checks"].values())
    result["prepare_s"] = round(prepared, 1)
    return result


def print_table(result: dict) -> None:
    print(f"\n{result['database']}: {result['requests']} requests in {result['seconds']} s = "
          f"{result['requests_per_s']} requests/s (p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms)")
    print(f"  {'kind':<20} {'count':>7} {'p50 ms':>8} {'p95 ms':>8}  statuses")
    for kind, row in result["by_kind"].items():
        statuses = ", ".join(f"{s}×{n}" for s, n in sorted(row["statuses"].items()))
        print(f"  {kind:<20} {row['count']:>7} {row['p50_ms']:>8} {row['p95_ms']:>8}  {statuses}")
    c = result["cpu"]
    print(f"  CPU: gunicorn {c['server_s']} s, generator {c['generator_s']} s, "
          f"load average {c['load_average_1m']} on {c['cores']} cores")
    print("  acknowledged: " + ", ".join(f"{k} {v}" for k, v in result["acknowledged"].items()))
    m = result.get("mail")
    if m:
        sink = m["sink"]
        print(f"  email: {m['queued']} queued ({', '.join(f'{k} {v}' for k, v in m['by_kind'].items())}); "
              f"{m['unique_received']} received, {m['duplicates']} duplicates, {m['missing']} missing; "
              f"{m['retried_after_refusal']} refused during the outage and sent after it")
        print(f"  mail server: down {sink.get('down', '-')} s, slow {sink.get('slow', '-')} s "
              f"(each message held {sink['delay_s']} s; {sink['held_messages']} held); drain "
              f"{m['drain']['seconds']} s ({m['drain']['rounds']} rounds)")
        print(f"  queued during the load → received: p50 {m['queued_to_received_s']['p50']} s, "
              f"p95 {m['queued_to_received_s']['p95']} s, max {m['queued_to_received_s']['max']} s")
        print(f"  sent by: {', '.join(f'{k} ×{v}' for k, v in m['senders'].items())} "
              f"({m['workers']} outbox worker(s) during the load)")
        print(f"  {'queues mail':<20} {'mail':>5} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   in the "
              f"worker: {'p50':>6} {'p95':>6} {'max':>6}")
        rows = [(kind, phase, row) for kind, by_phase in m["latency"].items() for phase, row in by_phase.items()]
        rows.append(("(other writes)", "slow", m["other_writes_while_slow"]))
        for kind, phase, row in rows:
            print(f"  {kind:<20} {phase:>5} {row['count']:>6} {row['p50_ms']:>8} {row['p95_ms']:>8} "
                  f"{row['max_ms']:>8}           {row['server_p50_ms']:>6.0f} {row['server_p95_ms']:>6.0f} "
                  f"{row['server_max_ms']:>6.0f}")
    for name, c in result["checks"].items():
        print(f"  [{'ok' if c['ok'] else 'FAIL'}] {name}" + (f": {c['detail']}" if c["detail"] else ""))


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM (e.g. a CI timeout) unwinds like Ctrl+C, so gunicorn is stopped on the way out.
    signal.signal(signal.SIGTERM, _interrupt)
    results = []
    for name in [d.strip() for d in args.databases.split(",") if d.strip()]:
        work = Path(tempfile.mkdtemp(prefix=f"hiring-load-{name}-"))
        try:
            result = load_one(name, args, work)
        except KeyboardInterrupt:
            print(f"[{name}] interrupted; gunicorn stopped; work folder kept: {work}", flush=True)
            return 130
        except SystemExit as err:
            result = {"database": name, "ok": False, "error": str(err)}
            print(f"[{name}] {err}", flush=True)
        results.append(result)
        if "by_kind" in result:
            print_table(result)
        if args.keep or not result["ok"]:
            print(f"  work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    summary = {"ok": all(r["ok"] for r in results), "results": results}
    print(json.dumps(summary, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
