"""Results computed once and shared by every gunicorn worker, through Redis when REDIS_URL is set.

A scoreboard of thousands of candidates takes seconds to compute. Each worker keeps what it computed
(`hiring.scoreboards.remembered`); with several workers, this shares it too, so one
computation per change serves them all, and a worker that finds another already computing waits for
that result instead of doing the same work at the same time.

Values are pickled and signed with HMAC-SHA256 under the app's secret key: a value that does not
carry a valid signature (written by something else, or tampered with) is ignored, never unpickled.
Redis being down or slow never breaks a page: the caller computes as it would without Redis, and
the failure is logged.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import pickle
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import redis

T = TypeVar("T")
log = logging.getLogger(__name__)

#: How long a shared value is kept: keys name one state of the ratings, so older ones only age out.
TTL_SECONDS = 6 * 3600
#: A worker computing a value holds this lock; others wait up to WAIT_SECONDS for its result.
LOCK_SECONDS = 60
WAIT_SECONDS = 15.0
_POLL_SECONDS = 0.05
_MAC = hashlib.sha256().digest_size


class SharedCache:
    def __init__(self, url: str, secret: str | bytes) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._secret = secret.encode() if isinstance(secret, str) else secret
        # Two deployments sharing one Redis never see each other's values: the names differ too.
        self._prefix = f"hiring:computed:{hashlib.sha256(b'name:' + self._secret).hexdigest()[:12]}:"

    def _name(self, key: Hashable) -> str:
        return self._prefix + hashlib.sha256(repr(key).encode()).hexdigest()

    def _sign(self, blob: bytes) -> bytes:
        return hmac.new(self._secret, blob, hashlib.sha256).digest()

    def get(self, key: Hashable) -> Any | None:
        """The shared value, or None when there is none (or it is not signed by us)."""
        stored = self._redis.get(self._name(key))
        if stored is None or len(stored) <= _MAC:
            return None
        mac, blob = stored[:_MAC], stored[_MAC:]
        if not hmac.compare_digest(mac, self._sign(blob)):
            log.warning("ignoring a shared value with a bad signature (%s)", self._name(key))
            return None
        return pickle.loads(blob)  # only once the signature proved that we wrote it

    def put(self, key: Hashable, value: Any) -> None:
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._redis.set(self._name(key), self._sign(blob) + blob, ex=TTL_SECONDS)

    def computed(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The shared value for `key`; or compute, share and return it. While one worker computes,
        the others wait for its result (up to WAIT_SECONDS, then compute themselves)."""
        lock, owned = self._name(key) + ":computing", False
        try:
            found = self.get(key)
            if found is not None:
                return found
            owned = bool(self._redis.set(lock, b"1", nx=True, ex=LOCK_SECONDS))
            if not owned:
                deadline = time.monotonic() + WAIT_SECONDS
                while time.monotonic() < deadline and self._redis.exists(lock):
                    time.sleep(_POLL_SECONDS)
                found = self.get(key)
                if found is not None:
                    return found
        except (redis.RedisError, OSError) as err:
            log.warning("shared cache unavailable, computing here: %s", err)
            return compute()
        try:
            value = compute()
            try:
                self.put(key, value)
            except (redis.RedisError, OSError) as err:
                log.warning("could not share a computed value: %s", err)
            return value
        finally:
            if owned:
                with contextlib.suppress(redis.RedisError, OSError):  # else it expires by itself
                    self._redis.delete(lock)
