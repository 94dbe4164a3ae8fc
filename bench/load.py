"""Load test: `make load`. Prints a table and JSON per database; exits 1 when a check fails.

For SQLite (a throw-away file) and then PostgreSQL (the database `load`, its schema rebuilt):

1. builds the schema (`flask --app hiring init-db`) and seeds it through the project's operations
   (`bench/load_seed.py`): one opening, 50 interviewers with 3 scorecards each over 60 candidates,
   50 more candidates invited to two exercises;
2. starts gunicorn with 4 workers on 127.0.0.1 (a free port), rate limits in Redis, the sign-in
   limit raised for the run;
3. runs 50 raters and 50 candidates for 60 s (`bench/load_client.py`, loopback only, bounded by time
   and by request counts). Raters sign in through the form, save drafts, submit, edit, re-post a
   stale revision (must be refused) and post one revision from two tabs at once (at most one
   acknowledged). Candidates open their link, start, autosave (the first save from two tabs at
   once), reload, submit with a double click and try one more save (must be refused);
4. meanwhile kills the run's own Redis for `--redis-outage` seconds (20) from `--redis-outage-at`
   (a third of the way in), signs a rater in every second while it is down (each must get in:
   limits fall back to each worker's memory), restarts Redis and checks that rate limits are kept
   in it again;
5. stops gunicorn (its whole process group, whatever happened) and checks the database against
   every acknowledged write, the server log and the responses.

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
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_client import (
    CSRF,
    Browser,
    Budget,
    Candidate,
    CandidateLedger,
    Log,
    Rater,
    RaterLedger,
    require_loopback,
)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/load"
#: Kinds of request in the order the table shows them.
KINDS = ["login page", "sign in", "page", "scorecard form", "scorecard draft", "scorecard submit", "scorecard edit",
         "scorecard stale", "scorecard race", "invitation", "start", "work page", "autosave", "submit",
         "save after submit"]
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
    env.update(DATABASE_URL=url, SECRET_KEY="load-test-secret-key-not-for-production", PYTHONPATH=str(ROOT))
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
def gunicorn(env: dict[str, str], workers: int, log: Path):
    """gunicorn in its own process group; the whole group is stopped on the way out, always."""
    port = free_port()
    cmd = [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"{require_loopback(HOST)}:{port}",
           "--timeout", "60", "--graceful-timeout", "10", "--no-control-socket", "--error-logfile", "-",
           "--access-logfile", "-", "--access-logformat", "access %(s)s %(m)s %(U)s %(L)s", "hiring:create_app()"]
    out = log.open("w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
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


def generate(port: int, manifest: dict, args: argparse.Namespace,
             redis: RedisServer | None = None) -> tuple[Log, RaterLedger, CandidateLedger, dict]:
    log, raters, candidates = Log(), RaterLedger(), CandidateLedger()
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
    return log, raters, candidates, info


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))] if ordered else 0.0


def figures(log: Log, elapsed: float) -> dict:
    kinds: dict[str, dict] = {}
    for kind in KINDS + sorted({k for k, _, _ in log.requests} - set(KINDS)):
        rows = [(s, ms) for k, s, ms in log.requests if k == kind]
        if not rows:
            continue
        statuses: dict[str, int] = {}
        for s, _ in rows:
            statuses[str(s)] = statuses.get(str(s), 0) + 1
        latencies = [ms for _, ms in rows]
        kinds[kind] = {"count": len(rows), "p50_ms": round(percentile(latencies, 0.5), 1),
                       "p95_ms": round(percentile(latencies, 0.95), 1), "statuses": statuses}
    total = len(log.requests)
    all_ms = [ms for _, _, ms in log.requests]
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

    five = [f"{k} HTTP {s}" for k, s, _ in log.requests if s >= 500]
    five += [f"access log: {line.strip()}" for line in server.splitlines()
             if line.startswith("access 5")]
    verdict("no 5xx responses", five)

    verdict("responses as expected (statuses, refusals, read-your-writes)", log.problems,
            f"{raters.stale_refused} stale saves and {raters.refused} conflicts refused, "
            f"{raters.race_single_winner} two-tab races with one winner, "
            f"{candidates.refused_after_submit} saves after submit refused")
    return checks


def load_one(name: str, args: argparse.Namespace, work: Path) -> dict:
    if name == "sqlite":
        url = f"sqlite:///{work / 'load.sqlite3'}"
    elif name == "postgresql":
        url = args.pg_url
        reset_postgres(url)
    else:
        raise SystemExit(f"unknown database {name!r}")
    env = base_env(url)
    print(f"[{name}] building and seeding the database …", flush=True)
    started = time.monotonic()
    manifest = prepare(url, env, args, work)
    prepared = time.monotonic() - started
    redis = None
    if args.redis_url is None:
        redis = RedisServer()
        redis.start()
    env.update(REDIS_URL=args.redis_url or redis.url, LOGIN_RATE_LIMIT="100000 per minute")
    server_log = work / "gunicorn.log"
    print(f"[{name}] seeded in {prepared:.0f} s; starting gunicorn ({args.workers} workers) and "
          f"{len(manifest['raters'])} raters + {len(manifest['invitations'])} candidates for {args.seconds:.0f} s …",
          flush=True)
    server_before, client_before = cpu(resource.RUSAGE_CHILDREN), cpu(resource.RUSAGE_SELF)
    try:
        with gunicorn(env, args.workers, server_log) as port:
            log, raters, candidates, run_info = generate(port, manifest, args, redis)
            client_cpu, load_average = cpu(resource.RUSAGE_SELF) - client_before, os.getloadavg()[0]
    finally:
        if redis is not None:
            redis.kill()
    result = figures(log, run_info["elapsed_s"])
    result["database"] = name
    # The machine: gunicorn's CPU time (master and workers), the generator's, and the load average at
    # the end (above 2 on 2 cores means something else wanted the CPU too).
    result["cpu"] = {"server_s": round(cpu(resource.RUSAGE_CHILDREN) - server_before, 1),
                     "generator_s": round(client_cpu, 1), "load_average_1m": round(load_average, 2),
                     "cores": os.cpu_count()}
    result["acknowledged"] = {"scorecard_saves": raters.acked, "scorecard_refusals": raters.refused,
                              "stale_refused": raters.stale_refused, "races_one_winner": raters.race_single_winner,
                              "answer_saves": candidates.saves, "answers": len(candidates.answers),
                              "invitations_submitted": len(candidates.submitted),
                              "scorecards_submitted": len(raters.submitted),
                              "saves_after_submit_refused": candidates.refused_after_submit}
    result["checks"] = check(url, manifest, log, raters, candidates, server_log)
    check_outage(result["checks"], run_info.get("outage"))
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
