"""A Redis outage never blocks sign-in: the rate limits are counted in each process meanwhile,
and go back to Redis by themselves when it returns. Runs its own redis-server, on a free port,
and kills it (never the machine's Redis)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
import redis

from hiring import create_app
from hiring.auth.models import Role
from hiring.extensions import db, limiter
from tests.conftest import RequestClient
from tests.helpers import PASSWORD, Browser, Scene, make_user


class RedisServer:
    """A redis-server process of our own, that a test can kill and start again on the same port."""

    def __init__(self, workdir) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir, self.process = workdir, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client, deadline = self.client(), time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)

    def limit_keys(self) -> list[str]:
        return sorted(k.decode() for k in self.client().keys("LIMITS:*"))


@pytest.fixture()
def redis_server(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture()
def redis_app(app, redis_server):
    """The app as a gunicorn worker runs it with REDIS_URL, on the suite's database."""
    keep = ("DATABASE_URL", "SECRET_KEY", "RUBRICS_DIR", "EXERCISES_DIR", "UPLOAD_FOLDER")
    config = {key: app.config["SQLALCHEMY_DATABASE_URI" if key == "DATABASE_URL" else key] for key in keep}
    worker = create_app({**config, "TESTING": True, "SERVER_NAME": None, "REDIS_URL": redis_server.url,
                         "LOGIN_RATE_LIMIT": "3 per minute"})
    worker.test_client_class = RequestClient
    yield worker
    with worker.app_context():
        db.engine.dispose()
    # The limiter is one object per process: hand it back to the suite's app (memory storage).
    limiter.init_app(app)
    limiter._storage_dead = False  # in case this test failed during the outage


def _from_address(app, address: str) -> Browser:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Browser(client)


def test_sign_in_survives_a_redis_outage_and_the_limits_go_back_to_redis(redis_app, redis_server):
    scene = Scene.build()
    page = f"/openings/{scene.opening.id}"  # its scoreboard is shared through Redis too
    manager = _from_address(redis_app, "10.0.0.1")
    assert manager.login(scene.manager).status_code == 302
    assert any("10.0.0.1" in key for key in redis_server.limit_keys()), "limits are counted in Redis"
    assert manager.get(page).status_code == 200
    manager.logout()

    redis_server.kill()
    assert manager.login(scene.manager).status_code == 302, "sign-in works without Redis"
    assert manager.get(page).status_code == 200
    manager.logout()
    user = make_user(Role.INTERVIEWER)
    assert _from_address(redis_app, "10.0.0.4").submit("/reset-password", {"email": user.email}).status_code == 302
    guesser = _from_address(redis_app, "10.0.0.2")
    for _ in range(3):
        assert guesser.login(user, "a wrong guess").status_code == 200
    blocked = guesser.login(user, PASSWORD)
    assert blocked.status_code == 429, "wrong passwords are still limited, in this process"

    redis_server.start()  # same port, empty: the limits must find their way back by themselves
    assert redis_server.limit_keys() == []
    later, deadline = _from_address(redis_app, "10.0.0.3"), time.monotonic() + 70
    while not any("10.0.0.3" in key for key in redis_server.limit_keys()):
        assert time.monotonic() < deadline, "the limiter never went back to Redis"
        assert later.login(user).status_code in (302, 429)  # the limiter looks for Redis again at a request
        later.logout()
        time.sleep(0.5)
    assert later.login(user, "one more wrong guess").status_code in (200, 429)
    assert any(key for key in redis_server.limit_keys() if user.email in key), "per account too"
