"""The page cache on a Redis that fails: refused connections, a Redis that never answers, and one
that comes back. Real Redis (127.0.0.1:6379, or ``REDIS_TEST_URL``) behind a proxy the test controls.

The cache is an accelerator: while Redis is away every page is served from the database, quickly,
``/healthz`` says so in its body, and the log says so once; when it is back, no page is stale.
"""

import logging
import os
import socket
import time
from urllib.parse import urlsplit

import pytest

from core.cache_backend import circuit_for
from tests import factories
from tests.proxies import TcpProxy
from tests.servers import free_port

REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
PAGES = ["/", "/exhibitors/", "/search/?q=zz", "/exhibitors/data.csv", "/sitemap.xml"]
CIRCUIT_SECONDS = 0.5


def redis_address():
    parts = urlsplit(REDIS_URL)
    return parts.hostname, parts.port or 6379


@pytest.fixture
def redis_proxy():
    address = redis_address()
    try:
        socket.create_connection(address, timeout=2).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable on {address}; the cache tests need it")
        pytest.skip(f"Redis is not reachable on {address}")
    proxy = TcpProxy(address)
    proxy.start()
    yield proxy
    proxy.stop()


def use_redis(settings, port, name):
    """Point the default cache at Redis through ``port``, with a circuit of its own."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backend.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}{urlsplit(REDIS_URL).path}",
            "KEY_PREFIX": f"{name}-{time.monotonic_ns()}",
            "OPTIONS": {"circuit_seconds": CIRCUIT_SECONDS, "alias": name},
        }
    }
    settings.PAGE_CACHE_SHARED = True


def timed_get(client, path):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


def test_redis_refused_pages_served_from_database(db, client, settings, caplog):
    factories.directory(3)
    use_redis(settings, free_port(), "refused")
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        answers = [timed_get(client, page) for page in PAGES * 3]
    assert [r.status_code for r, _ in answers] == [200] * len(answers)
    assert max(seconds for _, seconds in answers) < 2
    health = client.get("/healthz")
    assert (health.status_code, health.json()["cache"]) == (200, "unavailable")
    # One line in the log, however many requests met the closed port, and no traceback.
    lines = [r for r in caplog.records if r.name == "core.cache"]
    assert len(lines) == 1
    assert "unavailable" in lines[0].getMessage()
    assert lines[0].exc_info is None


def test_redis_silent_costs_one_short_timeout_then_nothing(db, client, settings, redis_proxy):
    factories.directory(3)
    use_redis(settings, redis_proxy.port, "silent")
    assert client.get("/healthz").json()["cache"] == "ok"
    redis_proxy.black_hole()
    first, first_seconds = timed_get(client, "/exhibitors/")
    later = [timed_get(client, page) for page in PAGES]
    assert [first.status_code] + [r.status_code for r, _ in later] == [200] * (1 + len(PAGES))
    assert first_seconds < 1.5  # a few 0.25 s socket timeouts at most, not Redis's default 5 s
    # The circuit is open: later requests do not wait on Redis at all.
    location = settings.CACHES["default"]["LOCATION"]
    assert circuit_for(f"silent ({location})", 0).is_open
    assert max(seconds for _, seconds in later) < 1
    assert client.get("/healthz").json()["cache"] == "unavailable"


def test_redis_back_serves_no_page_older_than_its_outage(db, client, settings, redis_proxy):
    world = factories.directory(3)
    use_redis(settings, redis_proxy.port, "back")
    client.get("/exhibitors/")
    assert client.get("/exhibitors/")["X-Cache"] == "hit"
    redis_proxy.black_hole()
    # While Redis is away an organiser renames an exhibitor: the write to Redis is lost.
    exhibitor = world["exhibitor"]
    exhibitor.name = "Renamed While Redis Was Away"
    exhibitor.save()
    assert "Renamed While Redis Was Away" in client.get("/exhibitors/").content.decode()
    redis_proxy.restore()
    time.sleep(CIRCUIT_SECONDS + 0.1)
    # Back: the first call closes the circuit and drops the content state Redis kept.
    bodies = [client.get("/exhibitors/").content.decode() for _ in range(3)]
    assert ["Renamed While Redis Was Away" in body for body in bodies] == [True] * 3
    assert client.get("/healthz").json()["cache"] == "ok"
    assert client.get("/exhibitors/")["X-Cache"] == "hit"
