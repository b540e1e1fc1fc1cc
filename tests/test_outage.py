"""A database outage, for real: gunicorn serves the site from PostgreSQL through a TCP proxy that the
test stops (dropping every connection, like a PostgreSQL shutdown) and starts again, or turns into
a black hole (connections accepted, nothing answered, like a hung server or a network that drops
packets) and restores.

While the proxy is down, public pages must answer 503 with ``Retry-After`` within 5 seconds and
``/healthz`` 503; once it is back, pages must answer 200 again without restarting gunicorn. The
server's persistent database connections (``CONN_MAX_AGE``) are open when the proxy drops them, so
the test also covers connections that die mid-life, not only new ones that cannot connect.

The test uses its own database (``expo_outage``) on the PostgreSQL at ``127.0.0.1:5432`` (or the
host of ``DATABASE_URL`` when that is PostgreSQL), whichever database the rest of the suite runs on.
Without a reachable PostgreSQL it is skipped locally and fails in CI.
"""

import http.client
import os
import secrets
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.proxies import TcpProxy
from tests.servers import free_port, fresh_database, per_worker, postgres_server, reachable

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = per_worker("expo_outage")
ANSWER_WITHIN = 5.0  # seconds
RECOVER_WITHIN = 15.0  # seconds after the database is back
PAGES = [
    "/",
    "/exhibitions/smart-china-expo-2022/",
    "/pavilions/",
    "/pavilions/belarus-pavilion-sce-2022/",
    "/exhibitors/",
    "/exhibitors/?country=by&sort=name",
    "/exhibitors/baidu/",
    "/showcases/",
    "/showcases/sanjiang-volat-precision-parts/",
    "/countries/",
    "/countries/by/",
    "/sectors/",
    "/sectors/robotics/",
    "/search/?q=harvester",
    "/exhibitors/data.csv?country=by",
    "/exhibitors/data.csv",
    "/showcases/data.json",
]


def get(port, path, timeout=ANSWER_WITHIN + 5):
    """(status, headers, seconds) of one GET; a timeout counts as a failure of the 5 s promise."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders()), time.monotonic() - started
    finally:
        connection.close()


@pytest.fixture(scope="module")
def server_env():
    user, host, port = postgres_server()
    if not reachable(host, port):
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable on {host}:{port}; the outage test needs it")
        pytest.skip(f"PostgreSQL is not reachable on {host}:{port}")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
    }
    fresh_database(DATABASE_NAME, user, host, port, env)
    return env, (host, port), user


@pytest.fixture(scope="module")
def outage_server(server_env):
    """gunicorn on a free loopback port, its database behind a proxy the test controls."""
    env, target, user = server_env
    proxy = TcpProxy(target)
    proxy.start()
    port = free_port()
    env = {**env, "DATABASE_URL": f"postgres://{user}@127.0.0.1:{proxy.port}/{DATABASE_NAME}"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "expo.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--timeout",
            "30",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/healthz/live", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start: {server.stderr.read()}")
            time.sleep(0.2)
        yield port, proxy
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        proxy.stop()


def test_database_outage_answers_503_then_recovers_without_restart(outage_server):
    port, proxy = outage_server

    # Up: every page answers, and both workers hold open database connections.
    for _ in range(3):
        for page in PAGES:
            status, _, _ = get(port, page)
            assert status == 200, page
    assert get(port, "/healthz")[0] == 200

    # Down: PostgreSQL "stops" (every connection dropped, new ones refused).
    proxy.stop()
    outage = []
    # Twice: a worker's first answer may come from its dead persistent connection.
    for _ in range(2):
        for page in [*PAGES, "/healthz"]:
            status, headers, seconds = get(port, page)
            outage.append((page, status, headers.get("Retry-After"), seconds))
    assert [(page, status) for page, status, _, _ in outage if status != 503] == []
    assert [page for page, _, retry_after, _ in outage if not retry_after] == []
    slowest = max(seconds for _, _, _, seconds in outage)
    assert slowest < ANSWER_WITHIN

    # Back: the same server answers 200 again, without a restart.
    proxy.start()
    recovered = back_again(port)

    print(
        f"\noutage: {len(outage)} answers, all 503 with Retry-After, slowest {slowest:.3f} s, "
        f"mean {sum(s for *_, s in outage) / len(outage):.3f} s; recovered {recovered:.3f} s "
        "after the database came back"
    )


def back_again(port):
    """Seconds until every page answers 200 again; then every worker must, without a restart."""
    back = time.monotonic()
    while True:
        statuses = [get(port, page)[0] for page in PAGES]
        if statuses == [200] * len(PAGES):
            break
        assert time.monotonic() - back < RECOVER_WITHIN, statuses
        time.sleep(0.2)
    recovered = time.monotonic() - back
    for _ in range(3):  # every worker, not just the first to reconnect
        for page in PAGES:
            assert get(port, page)[0] == 200, page
    assert get(port, "/healthz")[0] == 200
    return recovered


def test_database_black_hole_answers_503_within_5_s_and_recovers(outage_server):
    port, proxy = outage_server
    for page in PAGES:  # up, with persistent connections open in the workers
        assert get(port, page)[0] == 200, page

    proxy.black_hole()
    # More requests at once than the server has threads: none may hang, and the liveness check
    # still answers beside them.
    with ThreadPoolExecutor(max_workers=12) as pool:
        crowd = [pool.submit(get, port, page) for page in PAGES]
        time.sleep(0.5)
        live_status, _, live_seconds = get(port, "/healthz/live")
        crowd = [future.result() for future in crowd]
    assert [status for status, _, _ in crowd] == [503] * len(PAGES)
    assert live_status == 200
    assert live_seconds < ANSWER_WITHIN
    outage = [(page, *get(port, page)) for page in [*PAGES, "/healthz"]]
    assert [(page, status) for page, status, _, _ in outage if status != 503] == []
    assert [page for page, _, headers, _ in outage if not headers.get("Retry-After")] == []
    slowest = max(seconds for *_, seconds in outage + [(None, *answer) for answer in crowd])
    assert slowest < ANSWER_WITHIN

    proxy.restore()
    recovered = back_again(port)
    print(
        f"\nblack hole: {len(outage) + len(crowd)} answers, all 503 with Retry-After, slowest "
        f"{slowest:.3f} s; /healthz/live {live_seconds:.3f} s beside {len(crowd)} requests at "
        f"once; recovered {recovered:.3f} s after the database answered again"
    )
