"""The load test's mail side (`bench/load.py`): an SMTP sink that is slow or down on cue and knows
which process each message came from, and the outbox workers' processes.

The sink is aiosmtpd's SMTP protocol on an event loop of its own (a thread of the load generator),
listening on a free loopback port, plain SMTP (`MAIL_SECURITY=none`). It can stop listening (new
connections are refused; a session under way finishes, as when a mail server is taken down) and
listen again on the same port, and it can hold each DATA for a while before accepting it (a slow
server). It records every message it accepted (Message-ID, recipient, subject, when, how long it
held it) and, for each, the process on the other end of the connection: on Linux the client socket
is found in `/proc/net/tcp` and its owner among the processes of the registered process groups
(gunicorn's, each worker's), so "no request talks SMTP" is checked directly, not inferred.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path

from aiosmtpd.smtp import SMTP

UNIDENTIFIED = "unidentified"  # no /proc, or the socket was already gone
OTHER = "another process"  # not in any registered process group


@dataclass
class Received:
    message_id: str
    to: str
    subject: str
    at: float  # monotonic, when the sink accepted it
    wall: datetime  # naive UTC, like the outbox's timestamps
    held_s: float  # how long the sink held its DATA (0 unless slow)
    sender: str  # the registered name of the process that sent it
    pid: int | None


class MailSink:
    """aiosmtpd on a free loopback port: listening or refusing, fast or slow, counting what it gets."""

    def __init__(self, host: str, seed: int = 0) -> None:
        self.host = host
        with socket.socket() as probe:
            probe.bind((host, 0))
            self.port = probe.getsockname()[1]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="smtp-sink", daemon=True)
        self.server: asyncio.AbstractServer | None = None
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.slow: tuple[float, float] | None = None  # while set, each DATA is held this long (uniform)
        self.rng = random.Random(seed)
        self.groups: dict[int, str] = {}  # process group id -> name ("gunicorn", "worker 1", …)
        self.phases: list[tuple[str, float, float]] = []  # ("down"|"slow", start, end), monotonic

    # --- the server -----------------------------------------------------------------------------

    def start(self) -> None:
        logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's per-session chatter
        self.thread.start()
        self.listen()

    def _call(self, coroutine, timeout: float = 10.0):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def listen(self) -> None:
        async def open_server() -> asyncio.AbstractServer:
            return await self.loop.create_server(
                lambda: SMTP(self, hostname="load-sink", loop=self.loop), self.host, self.port, reuse_address=True)

        if self.server is None:
            self.server = self._call(open_server())

    def refuse(self) -> None:
        """Stop listening: connections are refused until `listen`. Sessions under way finish."""
        async def close(server: asyncio.AbstractServer) -> None:
            server.close()

        if self.server is not None:
            self._call(close(self.server))
            self.server = None

    def close(self) -> None:
        self.refuse()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)

    # --- aiosmtpd's handler hook ----------------------------------------------------------------

    async def handle_DATA(self, server, session, envelope) -> str:
        # Who is on the other end, looked up while the client waits for this DATA's answer.
        sender, pid = await self.loop.run_in_executor(None, self.identify, session.peer)
        held = 0.0
        if self.slow is not None:
            held = self.rng.uniform(*self.slow)
            await asyncio.sleep(held)
        headers = BytesParser(policy=default_policy).parsebytes(envelope.content, headersonly=True)
        with self.lock:
            self.received.append(Received(
                message_id=str(headers.get("Message-ID", "")).strip(), to=",".join(envelope.rcpt_tos),
                subject=str(headers.get("Subject", "")), at=time.monotonic(),
                wall=datetime.now(UTC).replace(tzinfo=None), held_s=held, sender=sender, pid=pid))
        return "250 Message accepted"

    # --- who connected --------------------------------------------------------------------------

    def identify(self, peer) -> tuple[str, int | None]:
        """The registered name of the process that owns the client end of this connection."""
        try:
            inode = _client_socket_inode(int(peer[1]), self.port)
        except (OSError, TypeError, ValueError, IndexError):
            return UNIDENTIFIED, None
        if inode is None:
            return UNIDENTIFIED, None
        target = f"socket:[{inode}]"
        for pid, pgid in _processes_in(set(self.groups)):
            try:
                fds = os.listdir(f"/proc/{pid}/fd")
            except OSError:
                continue
            for fd in fds:
                try:
                    if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                        return self.groups[pgid], pid
                except OSError:
                    continue
        return OTHER, None

    def senders(self) -> Counter:
        with self.lock:
            return Counter(r.sender for r in self.received)


def _client_socket_inode(client_port: int, server_port: int) -> str | None:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if int(local.rpartition(":")[2], 16) == client_port and int(remote.rpartition(":")[2], 16) == server_port:
                return inode
    return None


def _processes_in(groups: set[int]) -> list[tuple[int, int]]:
    """(pid, process group) of every process in one of `groups`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        pgid = int(stat.rpartition(")")[2].split()[2])  # after "pid (comm)": state, ppid, pgrp
        if pgid in groups:
            found.append((int(entry), pgid))
    return found


class MailWeather:
    """The sink's timeline for one run: down for a while, then slow for a while (a thread)."""

    def __init__(self, sink: MailSink, down: tuple[float, float] | None, slow: tuple[float, float] | None,
                 delay: tuple[float, float]) -> None:
        self.sink, self.down, self.slow, self.delay = sink, down, slow, delay

    def run(self) -> None:
        if self.down is not None:
            time.sleep(max(0.0, self.down[0] - time.monotonic()))
            started = time.monotonic()
            self.sink.refuse()
            try:
                time.sleep(max(0.0, self.down[1] - time.monotonic()))
            finally:
                self.sink.listen()
                self.sink.phases.append(("down", started, time.monotonic()))
        if self.slow is not None:
            time.sleep(max(0.0, self.slow[0] - time.monotonic()))
            started = time.monotonic()
            self.sink.slow = self.delay
            try:
                time.sleep(max(0.0, self.slow[1] - time.monotonic()))
            finally:
                self.sink.slow = None
                self.sink.phases.append(("slow", started, time.monotonic()))


def phase_at(phases: list[tuple[str, float, float]], at: float) -> str:
    for name, start, end in phases:
        if start <= at < end:
            return name
    return "up"


# --- the outbox workers' processes ---------------------------------------------------------------


class Workers:
    """`flask --app hiring worker` processes, each in its own process group, registered with the sink."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: Path, work: Path, sink: MailSink) -> None:
        self.command, self.env, self.cwd, self.work, self.sink = command, env, cwd, work, sink
        self.procs: list[tuple[str, subprocess.Popen]] = []
        self.logs: list[Path] = []
        self.exits: list[tuple[str, int | None]] = []

    def spawn(self, name: str, *args: str) -> subprocess.Popen:
        log = self.work / f"{name.replace(' ', '-')}.log"
        self.logs.append(log)
        with log.open("a") as out:
            proc = subprocess.Popen([*self.command, *args], cwd=self.cwd, env=self.env, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.sink.groups[proc.pid] = name
        self.procs.append((name, proc))
        return proc

    def stop(self, grace: float = 30.0) -> None:
        """SIGTERM to every group at once (each worker finishes the message it is sending), SIGKILL to
        a group whose leader has not exited after `grace` s, and to whatever outlived its leader."""
        for _, proc in self.procs:
            if proc.poll() is None:
                with suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        give_up = time.monotonic() + grace
        for _, proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, give_up - time.monotonic()))
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        self.exits = [(name, proc.returncode) for name, proc in self.procs]

    @contextmanager
    def running(self, names: list[str], *args: str):
        try:
            for name in names:
                self.spawn(name, *args)
            yield self
        finally:
            self.stop()
