"""Scoreboards shared by gunicorn workers through Redis: computed once per change, signed, never a
reason for a page to fail. Runs against the real Redis of the machine (REDIS_URL of the tests, or
127.0.0.1:6379)."""

from __future__ import annotations

import logging
import os
import pickle
import secrets
import threading
import time

import pytest
import redis

from hiring.scoreboards import opening_scoreboard, queries
from hiring.sharedcache import SharedCache

URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


@pytest.fixture()
def redis_url():
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError) as err:
        pytest.skip(f"needs Redis at {URL} ({err})")
    return URL


@pytest.fixture()
def secret() -> str:
    return secrets.token_hex(16)  # a fresh namespace for each test


class _Counter:
    def __init__(self, value, delay: float = 0.0):
        self.calls, self.value, self.delay = 0, value, delay

    def __call__(self):
        self.calls += 1
        time.sleep(self.delay)
        return self.value


def test_what_one_worker_computed_serves_another(redis_url, secret):
    one, other = SharedCache(redis_url, secret), SharedCache(redis_url, secret)
    first, second = _Counter({"board": [1, 2, 3]}), _Counter("never")
    assert one.computed(("board", 1), first) == {"board": [1, 2, 3]}
    assert other.computed(("board", 1), second) == {"board": [1, 2, 3]}
    assert (first.calls, second.calls) == (1, 0)
    assert other.computed(("board", 2), second) == "never" and second.calls == 1, "another key, computed"


def test_a_worker_waits_for_the_one_already_computing(redis_url, secret):
    slow, quick = _Counter("from the first", delay=0.6), _Counter("from the second")
    results = {}
    first = threading.Thread(target=lambda: results.update(a=SharedCache(redis_url, secret).computed("k", slow)))
    first.start()
    time.sleep(0.2)  # the first holds the lock now
    results["b"] = SharedCache(redis_url, secret).computed("k", quick)
    first.join()
    assert results == {"a": "from the first", "b": "from the first"}
    assert (slow.calls, quick.calls) == (1, 0)


class _Booby:
    fired = False

    def __reduce__(self):
        return (_fire, ())


def _fire():
    _Booby.fired = True
    return "fired"


def test_a_value_without_our_signature_is_never_unpickled(redis_url, secret, caplog):
    cache = SharedCache(redis_url, secret)
    name = cache._name("k")
    client = redis.Redis.from_url(redis_url)
    client.set(name, b"\0" * 32 + pickle.dumps(_Booby()))  # a forged signature
    with caplog.at_level(logging.WARNING, logger="hiring.sharedcache"):
        assert cache.computed("k", _Counter("recomputed")) == "recomputed"
    assert not _Booby.fired and "bad signature" in caplog.text
    other_deployment = SharedCache(redis_url, secret + "x")
    assert other_deployment.computed("k", _Counter("theirs")) == "theirs", "another secret: another namespace"
    client.delete(name)


def test_without_redis_the_value_is_computed_here(secret, caplog):
    down = SharedCache("redis://127.0.0.1:1/0", secret)
    with caplog.at_level(logging.WARNING, logger="hiring.sharedcache"):
        assert down.computed("k", _Counter(42)) == 42
    assert "shared cache unavailable" in caplog.text


def test_a_workers_scoreboard_comes_from_redis_after_another_computed_it(app, scene, redis_url, secret,
                                                                          monkeypatch):
    monkeypatch.setitem(app.extensions, "shared_cache", SharedCache(redis_url, secret))
    board = opening_scoreboard(scene.opening)
    assert board.for_candidate(scene.candidate.id) is not None
    queries._REMEMBERED.clear()  # as if in another worker process
    monkeypatch.setattr(queries, "fit_opening", lambda *a, **k: pytest.fail("fitted again"))
    monkeypatch.setattr(queries, "scoreboard", lambda *a, **k: pytest.fail("ranked again"))
    again = opening_scoreboard(scene.opening)
    assert again is not board
    assert [(c.candidate, c.total, c.low, c.high, c.p_above_next) for c in again.candidates] == \
        [(c.candidate, c.total, c.low, c.high, c.p_above_next) for c in board.candidates]
