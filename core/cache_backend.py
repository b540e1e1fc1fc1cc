"""A Redis cache that fails soft: when Redis is down, the site is served without it.

The page cache is an accelerator, so a Redis that refuses connections, or accepts them and never
answers, must not take pages down. :class:`ResilientRedisCache` is Django's own Redis backend with

- short socket timeouts (``socket_connect_timeout`` and ``socket_timeout``, 0.25 s unless the
  ``OPTIONS`` say otherwise), so a silent Redis costs a request at most a quarter of a second;
- a circuit breaker shared by every thread of the process: the first failure opens it, and for
  ``CIRCUIT_SECONDS`` (``OPTIONS["circuit_seconds"]``, default 30) no call goes to Redis at all.
  Reads answer "not cached" and writes are dropped. After that one call tries again; success
  closes the circuit, failure keeps it open for another period;
- one warning in the log when the cache goes down and one line when it is back, never a traceback
  per request;
- the :data:`cache_recovered` signal when it is back, so that keys which may have missed a write
  while it was down (the content version) can be dropped and rebuilt from the database.

:func:`cache_status` tells ``/healthz`` whether the default cache answers.
"""

import functools
import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger("core.cache")

DEFAULT_SOCKET_TIMEOUT = 0.25  # seconds
DEFAULT_CIRCUIT_SECONDS = 30.0

cache_recovered = Signal()


class Circuit:
    """Whether calls to one cache server may be tried now; shared by every thread of the process."""

    def __init__(self, name, seconds):
        self.name = name
        self.seconds = seconds
        self.lock = threading.Lock()
        self.open_until = 0.0  # monotonic time before which no call is tried
        self.down_since = None

    @property
    def is_open(self):
        return self.down_since is not None

    def allows(self):
        return time.monotonic() >= self.open_until

    def failed(self, error):
        with self.lock:
            self.open_until = time.monotonic() + self.seconds
            if self.down_since is None:
                self.down_since = time.monotonic()
                logger.warning(
                    "Cache %s unavailable (%s: %s); serving pages without it, retrying every %g s",
                    self.name,
                    type(error).__name__,
                    error,
                    self.seconds,
                )

    def succeeded(self):
        if self.down_since is None:
            return False
        with self.lock:
            if self.down_since is None:
                return False
            seconds, self.down_since = time.monotonic() - self.down_since, None
        logger.warning("Cache %s is back after %.1f s", self.name, seconds)
        return True


_circuits = {}
_circuits_lock = threading.Lock()


def circuit_for(name, seconds):
    with _circuits_lock:
        if name not in _circuits:
            _circuits[name] = Circuit(name, seconds)
        return _circuits[name]


def _fail_soft(default):
    """Run the cache method unless the circuit is open; on a Redis error, open it and return ``default``.

    After an outage the first call pings Redis, and on success lets :data:`cache_recovered`'s
    receivers run before the call itself, so it already sees what they dropped.
    """

    def decorate(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            circuit = self.circuit
            if not circuit.allows():
                return default
            try:
                if circuit.is_open:
                    self._cache.get_client().ping()
                    if circuit.succeeded():
                        cache_recovered.send(sender=type(self), alias=self.alias)
                return method(self, *args, **kwargs)
            except RedisError as error:
                circuit.failed(error)
                return default

        return call

    return decorate


class ResilientRedisCache(RedisCache):
    """Django's ``RedisCache`` with short timeouts and a circuit breaker (see the module docstring)."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        options = params["OPTIONS"]
        seconds = float(options.pop("circuit_seconds", DEFAULT_CIRCUIT_SECONDS))
        self.alias = options.pop("alias", "default")
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        super().__init__(server, params)
        self.circuit = circuit_for(f"{self.alias} ({server})", seconds)

    add = _fail_soft(False)(RedisCache.add)
    _get = _fail_soft(KeyError)(RedisCache.get)

    def get(self, key, default=None, version=None):
        value = self._get(key, default, version)
        return default if value is KeyError else value

    set = _fail_soft(None)(RedisCache.set)
    touch = _fail_soft(False)(RedisCache.touch)
    delete = _fail_soft(False)(RedisCache.delete)
    get_many = _fail_soft({})(RedisCache.get_many)
    has_key = _fail_soft(False)(RedisCache.has_key)
    incr = _fail_soft(None)(RedisCache.incr)
    set_many = _fail_soft([])(RedisCache.set_many)
    delete_many = _fail_soft(None)(RedisCache.delete_many)
    clear = _fail_soft(None)(RedisCache.clear)

    @_fail_soft(False)
    def ping(self):
        """True when Redis answers now (through the circuit: False while it is open)."""
        return bool(self._cache.get_client().ping())


def cache_status():
    """``"ok"``, ``"unavailable"`` (Redis down; pages served without it) or ``"local"`` (per process)."""
    backend = caches["default"]
    if not isinstance(backend, ResilientRedisCache):
        return "local"
    return "ok" if backend.ping() else "unavailable"
